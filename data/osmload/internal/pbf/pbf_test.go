package pbf_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"testing"

	"github.com/paulmach/osm"
	"github.com/walkshed/walkshed/data/osmload/internal/pbf"
	"github.com/walkshed/walkshed/data/osmload/internal/pbftest"
)

func sample() pbftest.File {
	return pbftest.File{
		Nodes: []pbftest.Node{
			{ID: 1, Lon: 7.41, Lat: 43.73, Timestamp: 1600000000, Tags: osm.Tags{{Key: "shop", Value: "bakery"}}},
			{ID: 2, Lon: 7.42, Lat: 43.74},
			{ID: -3, Lon: -8.61, Lat: -41.15, Timestamp: 1700000000},
		},
		Ways: []pbftest.Way{{ID: 10, Refs: []int64{1, 2, -3}, Tags: osm.Tags{{Key: "highway", Value: "footway"}}}},
		Relations: []pbftest.Relation{{ID: 20, Tags: osm.Tags{{Key: "type", Value: "multipolygon"}},
			Members: []pbftest.Member{{Type: osm.TypeWay, Ref: 10, Role: "outer"}, {Type: osm.TypeNode, Ref: 1, Role: ""}}}},
		Bounds:      &[4]float64{7.4, 43.7, 7.5, 43.8},
		Replication: 1710000000,
	}
}

// readAll opens data and scans it for every kind.
func readAll(t *testing.T, data []byte) (*pbf.File, []pbf.Node, []pbf.Way, []pbf.Relation) {
	t.Helper()
	f, err := pbf.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var ns []pbf.Node
	var ws []pbf.Way
	var rs []pbf.Relation
	err = f.Scan(context.Background(), 2, pbf.KindAll, func(b *pbf.Block) error {
		for _, n := range b.Nodes {
			n.Tags = append(osm.Tags(nil), n.Tags...)
			ns = append(ns, n)
		}
		// Tags, Refs and Members are reused after the callback: copy them.
		for _, w := range b.Ways {
			w.Refs = append([]int64(nil), w.Refs...)
			w.Tags = append(osm.Tags(nil), w.Tags...)
			ws = append(ws, w)
		}
		for _, r := range b.Relations {
			r.Members = append([]pbf.Member(nil), r.Members...)
			r.Tags = append(osm.Tags(nil), r.Tags...)
			rs = append(rs, r)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return f, ns, ws, rs
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name       string
		plain, raw bool
	}{
		{"dense zlib", false, false},
		{"dense raw", false, true},
		{"plain nodes zlib", true, false},
		{"plain nodes raw", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := sample()
			in.PlainNodes, in.Raw = tc.plain, tc.raw
			f, ns, ws, rs := readAll(t, in.Bytes())
			if !f.Header.HasBounds || f.Header.Bounds.Min[0] != 7.4 || f.Header.Bounds.Max[1] != 43.8 {
				t.Errorf("header bounds = %v, want [7.4 43.7] [7.5 43.8]", f.Header.Bounds)
			}
			if got := f.Header.ReplicationTimestamp.Unix(); got != 1710000000 {
				t.Errorf("replication timestamp = %d, want 1710000000", got)
			}
			if len(ns) != 3 {
				t.Fatalf("read %d nodes, want 3", len(ns))
			}
			for i, want := range in.Nodes {
				got := ns[i]
				if got.ID != want.ID || math.Abs(got.Lon-want.Lon) > 1e-7 || math.Abs(got.Lat-want.Lat) > 1e-7 ||
					got.Timestamp != want.Timestamp || len(got.Tags) != len(want.Tags) {
					t.Errorf("node %d = %+v, want %+v", i, got, want)
				}
			}
			if ns[0].Tags.Find("shop") != "bakery" {
				t.Errorf("node 1 tags = %v, want shop=bakery", ns[0].Tags)
			}
			if len(ws) != 1 || ws[0].ID != 10 || len(ws[0].Refs) != 3 || ws[0].Refs[2] != -3 ||
				ws[0].Tags.Find("highway") != "footway" {
				t.Errorf("ways = %+v, want way 10 [1 2 -3] highway=footway", ws)
			}
			if len(rs) != 1 || len(rs[0].Members) != 2 || rs[0].Members[0] != (pbf.Member{Type: osm.TypeWay, Ref: 10, Role: "outer"}) ||
				rs[0].Members[1] != (pbf.Member{Type: osm.TypeNode, Ref: 1}) {
				t.Errorf("relations = %+v, want relation 20 with way 10 outer and node 1", rs)
			}
		})
	}
}

// TestUnpacked checks that repeated fields written one value per field are
// read like packed ones.
func TestUnpacked(t *testing.T) {
	st := pbftest.Msg{}.Bytes(1, nil).Bytes(1, []byte("highway")).Bytes(1, []byte("path"))
	way := pbftest.Msg{}.Varint(1, 5).Varint(2, 1).Varint(3, 2).
		Sint(8, 100).Sint(8, 1).Sint(8, 1) // refs 100, 101, 102
	blockMsg := pbftest.Msg{}.Bytes(1, st).Bytes(2, pbftest.Msg{}.Bytes(3, way))
	data := append(pbftest.File{}.Header(), pbftest.Frame("OSMData", pbftest.Blob(blockMsg, true))...)
	_, _, ws, _ := readAll(t, data)
	if len(ws) != 1 || len(ws[0].Refs) != 3 || ws[0].Refs[2] != 102 || ws[0].Tags.Find("highway") != "path" {
		t.Fatalf("ways = %+v, want way 5 [100 101 102] highway=path", ws)
	}
}

func TestBadFiles(t *testing.T) {
	good := sample().Bytes()
	hdr := pbftest.File{}.Header()
	data := func(group []byte, st ...string) []byte {
		t := pbftest.Msg{}
		for _, s := range st {
			t = t.Bytes(1, []byte(s))
		}
		b := pbftest.Msg{}.Bytes(1, t).Bytes(2, group)
		return append(append([]byte(nil), hdr...), pbftest.Frame("OSMData", pbftest.Blob(b, true))...)
	}
	frameWith := func(h pbftest.Msg, blob []byte) []byte {
		out := []byte{0, 0, 0, byte(len(h))}
		return append(append(out, h...), blob...)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"cut in length", good[:2], pbf.ErrTruncated},
		{"cut in header", good[:10], pbf.ErrTruncated},
		{"cut in blob", good[:len(good)-5], pbf.ErrTruncated},
		{"zero header length", []byte{0, 0, 0, 0, 1}, pbf.ErrFormat},
		{"huge header length", []byte{0, 1, 0, 1, 1, 2, 3}, pbf.ErrFormat},
		{"data block first", pbftest.Frame("OSMData", pbftest.Blob(nil, true)), pbf.ErrFormat},
		{"negative datasize", frameWith(pbftest.Msg{}.Bytes(1, []byte("OSMHeader")).Varint(3, math.MaxUint64), nil), pbf.ErrFormat},
		{"bad blob header", frameWith(pbftest.Msg{0xff, 0xff}, nil), pbf.ErrFormat},
		{"zlib garbage", pbftest.Frame("OSMHeader", pbftest.Msg{}.Varint(2, 10).Bytes(3, []byte("not zlib data"))), pbf.ErrFormat},
		{"raw_size too big", pbftest.Frame("OSMHeader", pbftest.Msg{}.Varint(2, 1<<40).Bytes(3, []byte{1})), pbf.ErrFormat},
		{"raw_size too small", func() []byte {
			b := pbftest.Blob(bytes.Repeat([]byte{8, 1}, 100), true)
			b[1] = 10 // raw_size 10 instead of 200
			return pbftest.Frame("OSMHeader", b)
		}(), pbf.ErrFormat},
		{"lzma blob", pbftest.Frame("OSMHeader", pbftest.Msg{}.Varint(2, 3).Bytes(4, []byte{1, 2, 3})), pbf.ErrUnsupported},
		{"history file", pbftest.Frame("OSMHeader", pbftest.Blob(pbftest.Msg{}.Bytes(4, []byte("HistoricalInformation")), false)), pbf.ErrUnsupported},
		{"string index out of range", data(pbftest.Msg{}.Bytes(3, pbftest.Msg{}.Varint(1, 1).Packed(2, 5).Packed(3, 0)), ""), pbf.ErrFormat},
		{"keys without values", data(pbftest.Msg{}.Bytes(3, pbftest.Msg{}.Varint(1, 1).Packed(2, 1)), "", "a"), pbf.ErrFormat},
		{"dense lat count", data(pbftest.Msg{}.Bytes(2, pbftest.Msg{}.PackedSint(1, true, 1, 2).PackedSint(8, true, 1).PackedSint(9, true, 1, 2))), pbf.ErrFormat},
		{"dense key without value", data(pbftest.Msg{}.Bytes(2, pbftest.Msg{}.PackedSint(1, true, 1).PackedSint(8, true, 1).PackedSint(9, true, 1).Packed(10, 1)), "", "a"), pbf.ErrFormat},
		{"dense negative string index", data(pbftest.Msg{}.Bytes(2, pbftest.Msg{}.PackedSint(1, true, 1).PackedSint(8, true, 1).PackedSint(9, true, 1).Packed(10, math.MaxUint64, 1, 0)), "", "a"), pbf.ErrFormat},
		{"latitude out of range", data(pbftest.Msg{}.Bytes(2, pbftest.Msg{}.PackedSint(1, true, 1).PackedSint(8, true, 1e10).PackedSint(9, true, 1))), pbf.ErrFormat},
		{"plain node without coordinates", data(pbftest.Msg{}.Bytes(1, pbftest.Msg{}.Sint(1, 7))), pbf.ErrFormat},
		{"member count mismatch", data(pbftest.Msg{}.Bytes(4, pbftest.Msg{}.Varint(1, 1).Packed(8, 0, 0).PackedSint(9, true, 1).Packed(10, 1)), ""), pbf.ErrFormat},
		{"member type", data(pbftest.Msg{}.Bytes(4, pbftest.Msg{}.Varint(1, 1).Packed(8, 0).PackedSint(9, true, 1).Packed(10, 7)), ""), pbf.ErrFormat},
		{"bad varint", data(pbftest.Msg{}.Bytes(3, pbftest.Msg{0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})), pbf.ErrFormat},
		{"group wire type", data(pbftest.Msg{0x0b}), pbf.ErrFormat},
		{"zero granularity", append(append([]byte(nil), hdr...), pbftest.Frame("OSMData", pbftest.Blob(
			pbftest.Msg{}.Bytes(2, pbftest.Msg{}.Bytes(2, pbftest.Msg{}.PackedSint(1, true, 1).PackedSint(8, true, 1).PackedSint(9, true, 1))).Varint(17, 0), true))...), pbf.ErrFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := scanAll(tc.data)
			if !errors.Is(err, tc.want) {
				t.Fatalf("reading %q: error %v, want %v", tc.name, err, tc.want)
			}
		})
	}
}

// scanAll opens and scans data, returning the first error.
func scanAll(data []byte) error {
	f, err := pbf.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	return f.Scan(context.Background(), 2, pbf.KindAll, func(*pbf.Block) error { return nil })
}

// TestSkipBlocks checks that a second pass skips blocks without the wanted
// kinds, learnt in the first.
func TestSkipBlocks(t *testing.T) {
	data := sample().Bytes()
	f, err := pbf.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if f.Blocks() != 3 {
		t.Fatalf("Blocks() = %d, want 3", f.Blocks())
	}
	count := func(want pbf.Kind) (calls, elems int) {
		err := f.Scan(context.Background(), 1, want, func(b *pbf.Block) error {
			calls++
			elems += len(b.Nodes) + len(b.Ways) + len(b.Relations)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return calls, elems
	}
	// Peeking guesses nodes+ways, ways+relations, relations: a block may
	// hold the kinds from its first element's to the next block's first.
	if calls, elems := count(pbf.KindRelation); calls != 2 || elems != 1 {
		t.Errorf("first relation pass: %d blocks, %d elements, want 2 blocks (the way block guessed to hold relations), 1 element", calls, elems)
	}
	if calls, elems := count(pbf.KindWay); calls != 2 || elems != 1 {
		t.Errorf("way pass: %d blocks, %d elements, want 2 (the node block guessed to hold ways), 1", calls, elems)
	}
	if calls, elems := count(pbf.KindNode); calls != 1 || elems != 3 {
		t.Errorf("node pass: %d blocks, %d elements, want 1, 3", calls, elems)
	}
	if f.Missed() {
		t.Errorf("Missed() = true on a file grouped by kind")
	}
}

// TestMissed checks an unsorted file: a block holding nodes then a
// relation, followed by a block of nodes. The first relation pass skips the
// first block on its peeked kinds, the node pass finds out.
func TestMissed(t *testing.T) {
	st := pbftest.Msg{}.Bytes(1, nil).Bytes(1, []byte("type")).Bytes(1, []byte("route"))
	dense := pbftest.Msg{}.PackedSint(1, true, 1).PackedSint(8, true, 10).PackedSint(9, true, 10)
	rel := pbftest.Msg{}.Varint(1, 9).Packed(2, 1).Packed(3, 2)
	blk := pbftest.Msg{}.Bytes(1, st).Bytes(2, pbftest.Msg{}.Bytes(2, dense)).Bytes(2, pbftest.Msg{}.Bytes(4, rel))
	data := append(pbftest.File{}.Header(), pbftest.Frame("OSMData", pbftest.Blob(blk, true))...)
	data = append(data, pbftest.Frame("OSMData", pbftest.Blob(pbftest.Msg{}.Bytes(1, st).Bytes(2, pbftest.Msg{}.Bytes(2, dense)), true))...)
	f, err := pbf.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rels := func() int {
		n := 0
		if err := f.Scan(context.Background(), 1, pbf.KindRelation, func(b *pbf.Block) error { n += len(b.Relations); return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := rels(); n != 0 {
		t.Fatalf("first relation pass found %d relations, want 0 (block peeked as nodes)", n)
	}
	if err := f.Scan(context.Background(), 1, pbf.KindNode, func(*pbf.Block) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if !f.Missed() {
		t.Fatalf("Missed() = false after the node pass found the relation")
	}
	if n := rels(); n != 1 {
		t.Errorf("repeated relation pass found %d relations, want 1", n)
	}
}

func TestScanStops(t *testing.T) {
	data := sample().Bytes()
	f, err := pbf.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	calls := 0
	err = f.Scan(context.Background(), 2, pbf.KindAll, func(*pbf.Block) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Scan with failing callback: %v after %d calls, want stop after 1", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = f.Scan(ctx, 2, pbf.KindAll, func(*pbf.Block) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Scan with cancelled context: %v, want context.Canceled", err)
	}
}

func FuzzScan(f *testing.F) {
	f.Add(sample().Bytes())
	s := sample()
	s.PlainNodes, s.Raw = true, true
	f.Add(s.Bytes())
	f.Add([]byte{0, 0, 0, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		err := scanAll(data)
		if err != nil && !errors.Is(err, pbf.ErrFormat) && !errors.Is(err, pbf.ErrTruncated) &&
			!errors.Is(err, pbf.ErrUnsupported) {
			t.Fatalf("error %v wraps no sentinel", err)
		}
	})
}
