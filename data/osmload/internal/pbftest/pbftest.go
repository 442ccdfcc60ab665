// Package pbftest writes small OSM PBF files for tests: valid ones, with
// dense or plain nodes, and the protobuf pieces to craft broken ones. It is
// a test helper: it favours clarity over speed and is not a general PBF
// writer.
package pbftest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"math"

	"github.com/paulmach/osm"
)

// Msg is a protobuf message under construction.
type Msg []byte

// Varint appends a varint field.
func (m Msg) Varint(num int, v uint64) Msg {
	m = binary.AppendUvarint(m, uint64(num)<<3)
	return binary.AppendUvarint(m, v)
}

// Sint appends a zigzag-encoded sint64 field.
func (m Msg) Sint(num int, v int64) Msg { return m.Varint(num, zigzag(v)) }

// Bytes appends a length-delimited field.
func (m Msg) Bytes(num int, b []byte) Msg {
	m = binary.AppendUvarint(m, uint64(num)<<3|2)
	m = binary.AppendUvarint(m, uint64(len(b)))
	return append(m, b...)
}

// Packed appends a packed repeated varint field.
func (m Msg) Packed(num int, vs ...uint64) Msg {
	var b []byte
	for _, v := range vs {
		b = binary.AppendUvarint(b, v)
	}
	return m.Bytes(num, b)
}

// PackedSint appends a packed repeated sint64 field, delta-coded when delta.
func (m Msg) PackedSint(num int, delta bool, vs ...int64) Msg {
	us := make([]uint64, len(vs))
	var prev int64
	for i, v := range vs {
		if delta {
			us[i] = zigzag(v - prev)
			prev = v
		} else {
			us[i] = zigzag(v)
		}
	}
	return m.Packed(num, us...)
}

func zigzag(v int64) uint64 { return uint64(v<<1) ^ uint64(v>>63) }

// Frame returns one file block: the length-prefixed BlobHeader of type typ
// followed by blob.
func Frame(typ string, blob []byte) []byte {
	h := Msg{}.Bytes(1, []byte(typ)).Varint(3, uint64(len(blob)))
	out := binary.BigEndian.AppendUint32(nil, uint32(len(h)))
	out = append(out, h...)
	return append(out, blob...)
}

// Blob wraps data in a Blob message, zlib-compressed when compress.
func Blob(data []byte, compress bool) []byte {
	if !compress {
		return Msg{}.Bytes(1, data)
	}
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return Msg{}.Varint(2, uint64(len(data))).Bytes(3, buf.Bytes())
}

// Node is a node to write.
type Node struct {
	ID        int64
	Lon, Lat  float64
	Timestamp int64 // Unix seconds, 0 for none
	Tags      osm.Tags
}

// Way is a way to write.
type Way struct {
	ID   int64
	Refs []int64
	Tags osm.Tags
}

// Member is a relation member to write.
type Member struct {
	Type osm.Type
	Ref  int64
	Role string
}

// Relation is a relation to write.
type Relation struct {
	ID      int64
	Members []Member
	Tags    osm.Tags
}

// File describes a PBF file to write: one header block, then one data block
// per kind present (nodes, ways, relations).
type File struct {
	Nodes     []Node
	Ways      []Way
	Relations []Relation
	// PlainNodes writes nodes as plain Node messages, not DenseNodes.
	PlainNodes bool
	// Raw stores blocks uncompressed.
	Raw bool
	// Bounds, when non-nil, is written as the header bbox: minLon, minLat,
	// maxLon, maxLat.
	Bounds *[4]float64
	// Replication is osmosis_replication_timestamp, 0 for none.
	Replication int64
	// RelationsInNodeBlock writes the relations as a second group of the
	// node block, before the ways: a file not sorted by kind.
	RelationsInNodeBlock bool
}

// Header returns the OSMHeader block.
func (f File) Header() []byte {
	h := Msg{}
	if f.Bounds != nil {
		b := f.Bounds
		h = h.Bytes(1, Msg{}.Sint(1, nano(b[0])).Sint(2, nano(b[2])).Sint(3, nano(b[3])).Sint(4, nano(b[1])))
	}
	h = h.Bytes(4, []byte("OsmSchema-V0.6"))
	if !f.PlainNodes {
		h = h.Bytes(4, []byte("DenseNodes"))
	}
	h = h.Bytes(16, []byte("pbftest"))
	if f.Replication != 0 {
		h = h.Varint(32, uint64(f.Replication))
	}
	return Frame("OSMHeader", Blob(h, !f.Raw))
}

func nano(deg float64) int64 { return int64(math.Round(deg * 1e9)) }

// table is a string table under construction; index 0 is "".
type table struct {
	list []string
	idx  map[string]uint64
}

func (s *table) id(v string) uint64 {
	if s.idx == nil {
		s.idx, s.list = map[string]uint64{"": 0}, []string{""}
	}
	if i, ok := s.idx[v]; ok {
		return i
	}
	s.idx[v] = uint64(len(s.list))
	s.list = append(s.list, v)
	return s.idx[v]
}

// block returns a PrimitiveBlock (granularity 100) holding one group, with
// the string table st.
func block(st *table, group []byte) []byte { return blockGroups(st, Msg{}.Bytes(2, group)) }

// blockGroups returns a PrimitiveBlock of encoded group fields.
func blockGroups(st *table, groups []byte) []byte {
	t := Msg{}
	for _, s := range st.list {
		t = t.Bytes(1, []byte(s))
	}
	return append(Msg{}.Bytes(1, t), groups...)
}

// Bytes returns the whole file.
func (f File) Bytes() []byte {
	out := f.Header()
	if len(f.Nodes) > 0 {
		var st table
		g := Msg{}.Bytes(2, f.nodeGroup(&st))
		if f.RelationsInNodeBlock {
			g = g.Bytes(2, f.relationGroup(&st))
		}
		nb := blockGroups(&st, g)
		out = append(out, Frame("OSMData", Blob(nb, !f.Raw))...)
	}
	if len(f.Ways) > 0 {
		var st table
		g := Msg{}
		for _, w := range f.Ways {
			m := Msg{}.Varint(1, uint64(w.ID))
			k, v := tagIDs(&st, w.Tags)
			m = m.Packed(2, k...).Packed(3, v...).PackedSint(8, true, w.Refs...)
			g = g.Bytes(3, m)
		}
		out = append(out, Frame("OSMData", Blob(block(&st, g), !f.Raw))...)
	}
	if len(f.Relations) > 0 && !f.RelationsInNodeBlock {
		var st table
		g := f.relationGroup(&st)
		out = append(out, Frame("OSMData", Blob(block(&st, g), !f.Raw))...)
	}
	return out
}

// relationGroup returns a PrimitiveGroup of the relations.
func (f File) relationGroup(st *table) []byte {
	g := Msg{}
	for _, r := range f.Relations {
		m := Msg{}.Varint(1, uint64(r.ID))
		k, v := tagIDs(st, r.Tags)
		var roles, types []uint64
		var ids []int64
		for _, mb := range r.Members {
			roles = append(roles, st.id(mb.Role))
			ids = append(ids, mb.Ref)
			types = append(types, map[osm.Type]uint64{osm.TypeNode: 0, osm.TypeWay: 1, osm.TypeRelation: 2}[mb.Type])
		}
		m = m.Packed(2, k...).Packed(3, v...).Packed(8, roles...).PackedSint(9, true, ids...).Packed(10, types...)
		g = g.Bytes(4, m)
	}
	return g
}

func tagIDs(st *table, tags osm.Tags) (k, v []uint64) {
	for _, t := range tags {
		k = append(k, st.id(t.Key))
		v = append(v, st.id(t.Value))
	}
	return k, v
}

// coord converts degrees to units of the default granularity (100 nd).
func coord(deg float64) int64 { return int64(math.Round(deg * 1e7)) }

// nodeGroup returns a PrimitiveGroup of the nodes.
func (f File) nodeGroup(st *table) []byte {
	st.id("")
	g := Msg{}
	if f.PlainNodes {
		for _, n := range f.Nodes {
			k, v := tagIDs(st, n.Tags)
			m := Msg{}.Sint(1, n.ID).Packed(2, k...).Packed(3, v...)
			if n.Timestamp != 0 {
				m = m.Bytes(4, Msg{}.Varint(2, uint64(n.Timestamp)))
			}
			m = m.Sint(8, coord(n.Lat)).Sint(9, coord(n.Lon))
			g = g.Bytes(1, m)
		}
		return g
	}
	var ids, lats, lons, ts []int64
	var kv []uint64
	for _, n := range f.Nodes {
		ids = append(ids, n.ID)
		lats = append(lats, coord(n.Lat))
		lons = append(lons, coord(n.Lon))
		ts = append(ts, n.Timestamp)
		for _, t := range n.Tags {
			kv = append(kv, st.id(t.Key), st.id(t.Value))
		}
		kv = append(kv, 0)
	}
	d := Msg{}.PackedSint(1, true, ids...).Bytes(5, Msg{}.PackedSint(2, true, ts...)).
		PackedSint(8, true, lats...).PackedSint(9, true, lons...).Packed(10, kv...)
	return g.Bytes(2, d)
}
