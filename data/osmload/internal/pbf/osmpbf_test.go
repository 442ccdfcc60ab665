package pbf

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
)

// TestMatchesOSMPBF decodes the bundled real extracts with this package and
// with paulmach/osm's osmpbf, an independent decoder, and checks that both
// give the same elements in the same order: node ids, coordinates,
// timestamps and tags; way ids, tags and node refs; relation ids, tags and
// members (type, ref, role). The package's other tests check it against an
// encoder of this code base (pbftest), which would share a misreading of
// the format; this one does not.
//
// osmpbf v0.8.0 panics, in a goroutine no test can recover, on plain
// (non-dense) nodes, so a file holding any is skipped with the reason.
func TestMatchesOSMPBF(t *testing.T) {
	files, err := filepath.Glob("../../../../testdata/*.osm.pbf")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bundled extracts found (%v)", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ours := decodeOurs(t, path)
			if ours.plain > 0 {
				t.Skipf("%d plain (non-dense) nodes: osmpbf v0.8.0 panics on them", ours.plain)
			}
			compareWithOSMPBF(t, path, ours)
		})
	}
}

type decoded struct {
	nodes []Node
	ways  []Way
	rels  []Relation
	plain int // plain (non-dense) nodes in the file
}

func decodeOurs(t *testing.T, path string) decoded {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open(fh, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	var out decoded
	// Count plain nodes block by block: groupKinds (through decodeData
	// with no kind wanted) counts the elements of each group field.
	var d decoder
	for _, ref := range f.blocks {
		buf := make([]byte, ref.size)
		if err := readAt(fh, buf, ref.data); err != nil {
			t.Fatal(err)
		}
		data, err := d.inflate(buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.decodeData(data, 0, new(Block)); err != nil {
			t.Fatal(err)
		}
		out.plain += d.count[1]
	}
	err = f.Scan(context.Background(), 2, KindAll, func(b *Block) error {
		// Tags, Refs and Members are reused after the callback: copy them.
		for _, n := range b.Nodes {
			n.Tags = slices.Clone(n.Tags)
			out.nodes = append(out.nodes, n)
		}
		for _, w := range b.Ways {
			w.Tags, w.Refs = slices.Clone(w.Tags), slices.Clone(w.Refs)
			out.ways = append(out.ways, w)
		}
		for _, r := range b.Relations {
			r.Tags, r.Members = slices.Clone(r.Tags), slices.Clone(r.Members)
			out.rels = append(out.rels, r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func compareWithOSMPBF(t *testing.T, path string, ours decoded) {
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := osmpbf.New(context.Background(), fh, 2)
	defer sc.Close()
	var ni, wi, ri, invisible int
	// Coordinates: both decoders compute offset + granularity × value in
	// nanodegrees and scale it, osmpbf by × 1e-9 and this package by
	// / 1e9, which may differ in the last bit. 1e-10 degrees is far above
	// that and below one step of the finest granularity (1e-9 degrees).
	const coordTol = 1e-10
	for sc.Scan() {
		switch o := sc.Object().(type) {
		case *osm.Node:
			if !o.Visible { // this package drops deleted elements
				invisible++
				continue
			}
			if ni >= len(ours.nodes) {
				t.Fatalf("osmpbf has more than our %d nodes: node %d", len(ours.nodes), o.ID)
			}
			n := ours.nodes[ni]
			ni++
			if n.ID != int64(o.ID) || math.Abs(n.Lat-o.Lat) > coordTol || math.Abs(n.Lon-o.Lon) > coordTol || n.Timestamp != o.Timestamp.Unix() {
				t.Fatalf("node #%d: ours id %d at %v,%v time %d; osmpbf id %d at %v,%v time %d",
					ni-1, n.ID, n.Lat, n.Lon, n.Timestamp, o.ID, o.Lat, o.Lon, o.Timestamp.Unix())
			}
			if i := firstDiff(n.Tags, o.Tags); i >= 0 {
				t.Fatalf("node %d: tag %d: ours %s, osmpbf %s", n.ID, i, at(n.Tags, i), at(o.Tags, i))
			}
		case *osm.Way:
			if !o.Visible {
				invisible++
				continue
			}
			if wi >= len(ours.ways) {
				t.Fatalf("osmpbf has more than our %d ways: way %d", len(ours.ways), o.ID)
			}
			w := ours.ways[wi]
			wi++
			refs := make([]int64, len(o.Nodes))
			for i, wn := range o.Nodes {
				refs[i] = int64(wn.ID)
			}
			if w.ID != int64(o.ID) || w.Timestamp != o.Timestamp.Unix() {
				t.Fatalf("way #%d: ours id %d time %d; osmpbf id %d time %d", wi-1, w.ID, w.Timestamp, o.ID, o.Timestamp.Unix())
			}
			if i := firstDiff(w.Refs, refs); i >= 0 {
				t.Fatalf("way %d: ref %d: ours %s, osmpbf %s", w.ID, i, at(w.Refs, i), at(refs, i))
			}
			if i := firstDiff(w.Tags, o.Tags); i >= 0 {
				t.Fatalf("way %d: tag %d: ours %s, osmpbf %s", w.ID, i, at(w.Tags, i), at(o.Tags, i))
			}
		case *osm.Relation:
			if !o.Visible {
				invisible++
				continue
			}
			if ri >= len(ours.rels) {
				t.Fatalf("osmpbf has more than our %d relations: relation %d", len(ours.rels), o.ID)
			}
			r := ours.rels[ri]
			ri++
			members := make([]Member, len(o.Members))
			for i, m := range o.Members {
				members[i] = Member{Type: m.Type, Ref: m.Ref, Role: m.Role}
			}
			if r.ID != int64(o.ID) || r.Timestamp != o.Timestamp.Unix() {
				t.Fatalf("relation #%d: ours id %d time %d; osmpbf id %d time %d", ri-1, r.ID, r.Timestamp, o.ID, o.Timestamp.Unix())
			}
			if i := firstDiff(r.Members, members); i >= 0 {
				t.Fatalf("relation %d: member %d: ours %s, osmpbf %s", r.ID, i, at(r.Members, i), at(members, i))
			}
			if i := firstDiff(r.Tags, o.Tags); i >= 0 {
				t.Fatalf("relation %d: tag %d: ours %s, osmpbf %s", r.ID, i, at(r.Tags, i), at(o.Tags, i))
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("osmpbf: %v", err)
	}
	if ni != len(ours.nodes) || wi != len(ours.ways) || ri != len(ours.rels) {
		t.Fatalf("osmpbf read %d nodes, %d ways, %d relations; ours %d, %d, %d",
			ni, wi, ri, len(ours.nodes), len(ours.ways), len(ours.rels))
	}
	if ni == 0 || wi == 0 || ri == 0 {
		t.Fatalf("a real extract without nodes, ways or relations: %d, %d, %d", ni, wi, ri)
	}
	t.Logf("%d nodes, %d ways, %d relations agree (%d deleted elements in osmpbf's output)", ni, wi, ri, invisible)
}

// firstDiff returns the first index where a and b differ (len of the
// shorter when one is a prefix of the other), or -1 when they are equal;
// nil and empty are equal.
func firstDiff[T comparable](a, b []T) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// at formats s[i], or says that s ends before i.
func at[T any](s []T, i int) string {
	if i >= len(s) {
		return fmt.Sprintf("none (%d in all)", len(s))
	}
	return fmt.Sprintf("%v", s[i])
}
