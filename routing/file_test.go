package routing

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"
)

func TestFileRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	g, _, err := Build(randomInput(rng, 80, 80), BuildOptions{MinComponentMeters: 300, Source: "x.osm.pbf", Timestamp: "2020-07-20T00:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := g.WriteFile(&buf, []byte("extra")); err != nil {
		t.Fatal(err)
	}
	g2, extra, err := ReadFile(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if string(extra) != "extra" {
		t.Errorf("extra = %q, want %q", extra, "extra")
	}
	if !reflect.DeepEqual(g, g2) {
		t.Fatal("graph read back differs from the graph written")
	}
}

func TestFileErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	g, _, _ := Build(randomInput(rng, 30, 30), BuildOptions{MinComponentMeters: -1})
	var buf bytes.Buffer
	if err := g.WriteFile(&buf, nil); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flip := append([]byte(nil), good...)
	flip[len(flip)-3] ^= 0x40
	version := append([]byte(nil), good...)
	version[12] = 9
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "too short"},
		{"magic", append([]byte("NOTAWSN!"), good[8:]...), "magic"},
		{"version", version, "version 9"},
		{"truncated", good[:len(good)-10], "truncated"},
		{"corrupt", flip, "checksum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadFile(tt.data)
			if !errors.Is(err, ErrFileFormat) || !bytes.Contains([]byte(err.Error()), []byte(tt.want)) {
				t.Fatalf("ReadFile(%s) error = %v, want ErrFileFormat mentioning %q", tt.name, err, tt.want)
			}
			if bytes.Contains([]byte(err.Error()), []byte("--")) {
				t.Errorf("ReadFile(%s) error %q names a command-line flag; the CLI adds its hints", tt.name, err)
			}
		})
	}
}

// FuzzReadFile feeds arbitrary bytes, and valid files with a correct
// checksum over a mutated payload, to ReadFile: it must never panic, and a
// graph it accepts must be searchable.
func FuzzReadFile(f *testing.F) {
	rng := rand.New(rand.NewPCG(5, 6))
	g, _, _ := Build(randomInput(rng, 20, 15), BuildOptions{MinComponentMeters: -1})
	var buf bytes.Buffer
	_ = g.WriteFile(&buf, []byte{1, 2, 3})
	f.Add(buf.Bytes()[headerSize:])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, payload []byte) {
		// wrap the payload in a valid header so the fuzzer reaches the decoder
		var p enc
		p.b = payload
		var w bytes.Buffer
		h := make([]byte, headerSize)
		copy(h, fileMagic[:])
		copy(h[8:], fileKind[:])
		h[12] = FileVersion
		for i := range 8 {
			h[16+i] = byte(uint64(len(payload)) >> (8 * i))
		}
		c := crcOf(payload)
		for i := range 4 {
			h[24+i] = byte(c >> (8 * i))
		}
		w.Write(h)
		w.Write(p.b)
		g, _, err := ReadFile(w.Bytes())
		if err != nil {
			return
		}
		if g.NumNodes() > 0 {
			s := g.NewSearcher()
			s.Run(Query{Sources: []Source{{Node: 0}}, Limit: 1e9})
		}
	})
}

func TestOpenFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := dir + "/bad.wsn"
	if err := os.WriteFile(bad, append([]byte("WALKSHEDNET1"), make([]byte, 64)...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := OpenFile(bad); !errors.Is(err, ErrFileFormat) {
		t.Errorf("OpenFile(bad) error = %v, want ErrFileFormat", err)
	}
	if _, _, err := OpenFile(dir + "/missing.wsn"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenFile(missing) error = %v, want not exist", err)
	}
	// a good file opens mapped and equals the graph written
	rng := rand.New(rand.NewPCG(7, 7))
	g, _, _ := Build(randomInput(rng, 40, 40), BuildOptions{MinComponentMeters: -1})
	var buf bytes.Buffer
	if err := g.WriteFile(&buf, []byte("x")); err != nil {
		t.Fatal(err)
	}
	good := dir + "/good.wsn"
	if err := os.WriteFile(good, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	g2, extra, err := OpenFile(good)
	if err != nil || string(extra) != "x" || !reflect.DeepEqual(g, g2) {
		t.Fatalf("OpenFile(good) = extra %q, err %v, equal %v", extra, err, reflect.DeepEqual(g, g2))
	}
}
