package routing

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// testSections are two caller sections of odd lengths, so that padding is
// exercised.
var (
	testSections = []Section{{Name: "extra", Version: 1, Data: []byte("extra")}, {Name: "more_2", Version: 7, Data: []byte("0123456789")}}
	testSpecs    = []SectionSpec{{"more_2", 7}, {"extra", 1}}
)

func writeTestFile(t testing.TB, seed uint64, sections ...Section) (*Graph, []byte) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, seed+1))
	g, _, err := Build(randomInput(rng, 60, 60), BuildOptions{MinComponentMeters: 300, Source: "x.osm.pbf", Timestamp: "2020-07-20T00:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := g.WriteFile(&buf, sections...); err != nil {
		t.Fatal(err)
	}
	return g, buf.Bytes()
}

func TestFileRoundTrip(t *testing.T) {
	g, data := writeTestFile(t, 1, testSections...)
	f, err := ReadFile(data, testSpecs...)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, f.Graph) {
		t.Fatal("graph read back differs from the graph written")
	}
	for _, s := range testSections {
		b, err := f.Section(s.Name)
		if err != nil || !bytes.Equal(b, s.Data) {
			t.Errorf("Section(%s) = %q, %v; want %q", s.Name, b, err, s.Data)
		}
	}
	if _, err := f.Section("other"); err == nil {
		t.Error("Section(other), not asked for, gave no error")
	}
	var again bytes.Buffer
	if err := g.WriteFile(&again, testSections...); err != nil || !bytes.Equal(again.Bytes(), data) {
		t.Errorf("writing the graph twice gave different bytes (err %v)", err)
	}
	for i := range 3 {
		if off := binary.LittleEndian.Uint64(data[headerSize+entrySize*i+24:]); off%8 != 0 {
			t.Errorf("section %d at byte %d, not a multiple of 8", i, off)
		}
	}
}

// patchTable changes the section table of a copy of data with edit and
// recomputes the table checksum, so that the reader gets past it.
func patchTable(data []byte, edit func(table []byte)) []byte {
	out := append([]byte(nil), data...)
	n := int(binary.LittleEndian.Uint32(out[16:20]))
	edit(out[headerSize : headerSize+entrySize*n])
	binary.LittleEndian.PutUint32(out[20:24], tableCRC(out[:headerSize+entrySize*n]))
	return out
}

func TestFileErrors(t *testing.T) {
	_, good := writeTestFile(t, 3, testSections...)
	mutate := func(i int, b byte) []byte {
		out := append([]byte(nil), good...)
		out[i] ^= b
		return out
	}
	graphStart := int(binary.LittleEndian.Uint64(good[headerSize+24:]))
	v2 := append([]byte(nil), good...)
	v2[12] = 2
	noSections := append([]byte(nil), good[:headerSize]...)
	noSections[16] = 0
	binary.LittleEndian.PutUint32(noSections[20:24], tableCRC(noSections))
	tests := []struct {
		name  string
		data  []byte
		specs []SectionSpec
		want  string
	}{
		{"empty", nil, testSpecs, "too short"},
		{"magic", append([]byte("NOTAWSN!"), good[8:]...), testSpecs, "magic"},
		{"version", mutate(12, 9^3), testSpecs, "format version 9, this walkshed reads version 3"},
		{"gob era", v2, testSpecs, "format version 2"},
		{"truncated table", good[:headerSize+10], testSpecs, "too short for a table of 3 sections"},
		{"truncated", good[:len(good)-3], testSpecs, "section more_2 of 10 bytes runs past the end"},
		{"trailing", append(append([]byte(nil), good...), 0, 0, 0), testSpecs, "3 unexpected bytes after the last section"},
		{"table corrupt", mutate(headerSize+entrySize+1, 1), testSpecs, "section table checksum mismatch"},
		{"graph corrupt", mutate(graphStart+100, 0x40), testSpecs, "section graph v1: checksum mismatch"},
		{"unknown section", good, testSpecs[:1], "section extra v1: unknown to this walkshed"},
		{"section version", good, []SectionSpec{{"more_2", 7}, {"extra", 2}}, "section extra v1: unsupported version, this walkshed reads version 2"},
		{"missing", good, append([]SectionSpec{{"zones", 1}}, testSpecs...), "section zones missing"},
		{"graph version", patchTable(good, func(tb []byte) { tb[16] = 2 }), testSpecs, "section graph v2: unsupported version, this walkshed reads version 1"},
		{"twice", patchTable(good, func(tb []byte) { copy(tb[2*entrySize:2*entrySize+16], "extra\x00") }), testSpecs, "section extra appears twice"},
		{"bad name", patchTable(good, func(tb []byte) { tb[entrySize] = 'X' }), testSpecs, "section 1: name \"Xxtra\": want only a-z"},
		{"name tail", patchTable(good, func(tb []byte) { tb[entrySize+15] = 'x' }), testSpecs, "section 1: name has bytes after its end"},
		{"gap", patchTable(good, func(tb []byte) { tb[2*entrySize+24] += 8 }), testSpecs, "section more_2 starts at byte"},
		{"far offset", patchTable(good, func(tb []byte) { tb[2*entrySize+31] = 0x80 }), testSpecs, "section more_2 starts at byte"},
		{"long section", patchTable(good, func(tb []byte) { tb[2*entrySize+39] = 0x80 }), testSpecs, "runs past the end"},
		{"no sections", noSections, testSpecs, "0 sections in the table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFile(tt.data, tt.specs...)
			if !errors.Is(err, ErrFileFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ReadFile error = %v, want ErrFileFormat mentioning %q", err, tt.want)
			}
			if bytes.Contains([]byte(err.Error()), []byte("--")) {
				t.Errorf("ReadFile(%s) error %q names a command-line flag; the CLI adds its hints", tt.name, err)
			}
		})
	}
}

// TestFilePadding checks that the bytes between sections must be zero.
func TestFilePadding(t *testing.T) {
	_, good := writeTestFile(t, 4, testSections...)
	extraEnd := binary.LittleEndian.Uint64(good[headerSize+entrySize+24:]) + 5 // "extra" is 5 bytes
	bad := append([]byte(nil), good...)
	bad[extraEnd] = 1
	if _, err := ReadFile(bad, testSpecs...); err == nil || !strings.Contains(err.Error(), "non-zero padding after section extra") {
		t.Fatalf("ReadFile with padding 1 = %v, want a padding error", err)
	}
}

// TestSectionChecksum changes a byte of a caller's section: the graph
// still opens (its sections are not read), and reading the section fails.
func TestSectionChecksum(t *testing.T) {
	_, good := writeTestFile(t, 5, testSections...)
	bad := append([]byte(nil), good...)
	off := binary.LittleEndian.Uint64(bad[headerSize+2*entrySize+24:])
	bad[off+3] ^= 1
	f, err := ReadFile(bad, testSpecs...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Section("extra"); err != nil {
		t.Errorf("Section(extra), intact: %v", err)
	}
	if _, err := f.Section("more_2"); !errors.Is(err, ErrFileFormat) || !strings.Contains(err.Error(), "section more_2 v7: checksum mismatch") {
		t.Errorf("Section(more_2), corrupt: %v, want a checksum error naming it", err)
	}
}

func TestWriteFileErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	g, _, _ := Build(randomInput(rng, 20, 20), BuildOptions{MinComponentMeters: -1})
	for _, tt := range []struct {
		secs []Section
		want string
	}{
		{[]Section{{Name: "graph"}}, `section "graph" given twice`},
		{[]Section{{Name: "a"}, {Name: "a"}}, `section "a" given twice`},
		{[]Section{{Name: ""}}, "want 1 to 16 characters"},
		{[]Section{{Name: "seventeen_letters"}}, "want 1 to 16 characters"},
		{[]Section{{Name: "Buildings"}}, "want only a-z, 0-9 and _"},
	} {
		var buf bytes.Buffer
		if err := g.WriteFile(&buf, tt.secs...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("WriteFile(%v) = %v, want an error mentioning %q", tt.secs, err, tt.want)
		}
	}
}

// fixChecksums recomputes the table and section checksums of data where
// its table says they are, so that a fuzzed file reaches the decoders.
func fixChecksums(data []byte) {
	if len(data) < headerSize {
		return
	}
	n := int(binary.LittleEndian.Uint32(data[16:20]))
	if n > maxSections || len(data) < headerSize+entrySize*n {
		return
	}
	for i := range n {
		e := data[headerSize+entrySize*i:]
		off, size := binary.LittleEndian.Uint64(e[24:32]), binary.LittleEndian.Uint64(e[32:40])
		if off <= uint64(len(data)) && size <= uint64(len(data))-off {
			binary.LittleEndian.PutUint32(e[20:24], crcOf(data[off:off+size]))
		}
	}
	binary.LittleEndian.PutUint32(data[20:24], tableCRC(data[:headerSize+entrySize*n]))
}

// FuzzReadFile feeds mutated files, their checksums made right, to
// ReadFile: it must never panic, a graph it accepts must be searchable and
// its sections readable.
func FuzzReadFile(f *testing.F) {
	_, good := writeTestFile(f, 7, testSections...)
	f.Add(good)
	f.Add(good[:headerSize+entrySize])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		data = append([]byte(nil), data...)
		fixChecksums(data)
		file, err := ReadFile(data, testSpecs...)
		if err != nil {
			if !errors.Is(err, ErrFileFormat) {
				t.Fatalf("error %v does not wrap ErrFileFormat", err)
			}
			return
		}
		for _, s := range testSpecs {
			if _, err := file.Section(s.Name); err != nil {
				t.Fatalf("Section(%s) of an accepted file: %v", s.Name, err)
			}
		}
		searchAll(file.Graph)
	})
}

// FuzzGraphSection wraps arbitrary bytes as the graph section of a valid
// file: decoding must never panic, and a graph it accepts must be
// searchable.
func FuzzGraphSection(f *testing.F) {
	g, _ := writeTestFile(f, 8)
	f.Add(g.encode())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, payload []byte) {
		head := make([]byte, headerSize+entrySize)
		copy(head, fileMagic[:])
		copy(head[8:], fileKind[:])
		binary.LittleEndian.PutUint32(head[12:], FileVersion)
		binary.LittleEndian.PutUint32(head[16:], 1)
		e := head[headerSize:]
		copy(e, graphSection)
		binary.LittleEndian.PutUint32(e[16:], GraphSectionVersion)
		binary.LittleEndian.PutUint32(e[20:], crcOf(payload))
		binary.LittleEndian.PutUint64(e[24:], uint64(len(head)))
		binary.LittleEndian.PutUint64(e[32:], uint64(len(payload)))
		binary.LittleEndian.PutUint32(head[20:], tableCRC(head))
		file, err := ReadFile(append(head, payload...))
		if err != nil {
			return
		}
		searchAll(file.Graph)
	})
}

func searchAll(g *Graph) {
	if g.NumNodes() > 0 {
		s := g.NewSearcher()
		s.Run(Query{Sources: []Source{{Node: 0}}, Limit: 1e9})
	}
}

// mapped reports whether this process has path mapped into memory, from
// /proc/self/maps; the test is skipped where there is no such file.
func mapped(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		t.Skip("no /proc/self/maps:", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasSuffix(sc.Text(), " "+path) {
			return true
		}
	}
	return false
}

func TestOpenFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.wsn")
	if err := os.WriteFile(bad, append([]byte("WALKSHEDNET1"), make([]byte, 64)...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenFile(bad); !errors.Is(err, ErrFileFormat) {
		t.Errorf("OpenFile(bad) error = %v, want ErrFileFormat", err)
	}
	if mapped(t, bad) {
		t.Error("a refused file stays mapped")
	}
	if _, err := OpenFile(filepath.Join(dir, "missing.wsn")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenFile(missing) error = %v, want not exist", err)
	}
	// a good file opens mapped, equals the graph written, and Release
	// unmaps it
	g, data := writeTestFile(t, 9, testSections...)
	good := filepath.Join(dir, "good.wsn")
	if err := os.WriteFile(good, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := OpenFile(good, testSpecs...)
	if err != nil {
		t.Fatal(err)
	}
	extra, err := f.Section("extra")
	if err != nil || string(extra) != "extra" || !reflect.DeepEqual(g, f.Graph) {
		t.Fatalf("OpenFile(good) = extra %q, err %v, equal %v", extra, err, reflect.DeepEqual(g, f.Graph))
	}
	if !mapped(t, good) {
		t.Fatal("an opened file is not mapped: the test cannot see mappings")
	}
	f.Release()
	f.Release() // twice is harmless
	if mapped(t, good) {
		t.Error("Release left the file mapped")
	}
}

// TestReadFileInPlace checks that the decoded graph uses the file's bytes
// in place, typed ID arrays included: a mapped graph then costs no heap.
func TestReadFileInPlace(t *testing.T) {
	if !littleEndian {
		t.Skip("arrays are decoded into new slices on big-endian machines")
	}
	_, data := writeTestFile(t, 3)
	data = append(make([]byte, 0, len(data)+8), data...) // 8-aligned, as a mapping is
	f, err := ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := uintptr(unsafe.Pointer(&data[0])), uintptr(unsafe.Pointer(&data[len(data)-1]))
	inFile := func(name string, p unsafe.Pointer) {
		if a := uintptr(p); a < lo || a > hi {
			t.Errorf("%s was copied out of the file's bytes", name)
		}
	}
	g := f.Graph
	inFile("adjHead", unsafe.Pointer(&g.adjHead[0]))
	inFile("adjEdge", unsafe.Pointer(&g.adjEdge[0]))
	inFile("edgeU", unsafe.Pointer(&g.edgeU[0]))
	inFile("edgeV", unsafe.Pointer(&g.edgeV[0]))
	inFile("flags", unsafe.Pointer(&g.flags[0]))
	inFile("nodeLon", unsafe.Pointer(&g.nodeLon[0]))
}
