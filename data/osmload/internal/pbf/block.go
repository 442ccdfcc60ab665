package pbf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/paulmach/osm"
)

// Kind is a set of OSM element kinds.
type Kind uint8

// Element kinds.
const (
	KindNode Kind = 1 << iota
	KindWay
	KindRelation
	// KindAll is every kind.
	KindAll = KindNode | KindWay | KindRelation
)

// Limits from the PBF specification: a BlobHeader is at most 64 KiB and a
// blob, compressed or not, at most 32 MiB.
const (
	maxHeaderSize = 64 << 10
	maxBlobSize   = 32 << 20
)

// Node is a decoded node. Lon and Lat are degrees (WGS84); Timestamp is Unix
// seconds, 0 when the file has none.
type Node struct {
	ID        int64
	Lon, Lat  float64
	Timestamp int64
	Tags      osm.Tags
}

// Way is a decoded way: its node ids in order.
type Way struct {
	ID        int64
	Refs      []int64
	Timestamp int64
	Tags      osm.Tags
}

// Member is one member of a relation.
type Member struct {
	Type osm.Type
	Ref  int64
	Role string
}

// Relation is a decoded relation.
type Relation struct {
	ID        int64
	Members   []Member
	Timestamp int64
	Tags      osm.Tags
}

// Block holds the elements of one data block, in file order. Only the kinds
// asked for are decoded; Kinds tells every kind the block contains. A Block
// and the Tags, Refs and Members slices in it are reused after the callback
// that receives it returns: copy what must outlive the call. Strings are
// never reused and may be kept.
type Block struct {
	Nodes     []Node
	Ways      []Way
	Relations []Relation
	Kinds     Kind

	refs    arena[int64]
	members arena[Member]
	tags    arena[osm.Tag]
}

func (b *Block) reset() {
	b.Nodes, b.Ways, b.Relations = b.Nodes[:0], b.Ways[:0], b.Relations[:0]
	b.refs.reset()
	b.members.reset()
	b.tags.reset()
	b.Kinds = 0
}

// arena hands out slices from chunks that are never moved, so slices handed
// out stay valid until reset, and growing costs no copying.
type arena[T any] struct {
	chunks [][]T
	cur    int
}

const chunkLen = 8192

func (a *arena[T]) reset() {
	for i := range a.chunks {
		a.chunks[i] = a.chunks[i][:0]
	}
	a.cur = 0
}

// alloc returns a slice of n elements, with capacity n.
func (a *arena[T]) alloc(n int) []T {
	for ; a.cur < len(a.chunks); a.cur++ {
		c := a.chunks[a.cur]
		if l := len(c); cap(c)-l >= n {
			a.chunks[a.cur] = c[:l+n]
			return c[l : l+n : l+n]
		}
	}
	a.chunks = append(a.chunks, make([]T, n, max(n, chunkLen)))
	return a.chunks[a.cur][:n:n]
}

// decoder decodes blobs into blocks. It keeps scratch buffers between calls
// and is used by one goroutine at a time.
type decoder struct {
	zr  io.ReadCloser
	raw []byte
	st  []string

	groups [][]byte
	count  [5]int // elements per PrimitiveGroup field, for preallocation
	gran   int64
	latOff int64
	lonOff int64
	dateG  int64

	a, b, c, d, e, f []uint64
}

// inflate returns the uncompressed content of a Blob message.
func (d *decoder) inflate(blob []byte) ([]byte, error) {
	var (
		raw, zdata   []byte
		rawSize      int64 = -1
		haveRaw      bool
		haveZlib     bool
		otherPresent int
	)
	w := newWire(blob)
	for w.next() {
		switch w.num {
		case 1:
			raw, haveRaw = w.bytes(), true
		case 2:
			rawSize = int64(int32(w.varint()))
		case 3:
			zdata, haveZlib = w.bytes(), true
		case 4, 5, 6, 7:
			otherPresent = w.num
		}
	}
	if w.err != nil {
		return nil, fmt.Errorf("blob: %w", w.err)
	}
	switch {
	case haveRaw:
		if len(raw) > maxBlobSize {
			return nil, fmt.Errorf("%w: raw blob of %d bytes", ErrFormat, len(raw))
		}
		return raw, nil
	case haveZlib:
	case otherPresent != 0:
		names := map[int]string{4: "lzma", 5: "bzip2", 6: "lz4", 7: "zstd"}
		return nil, fmt.Errorf("%w: %s-compressed blob (only zlib is read)", ErrUnsupported, names[otherPresent])
	default:
		return nil, fmt.Errorf("%w: blob without data", ErrFormat)
	}
	if rawSize < 0 || rawSize > maxBlobSize {
		return nil, fmt.Errorf("%w: blob raw_size %d out of range", ErrFormat, rawSize)
	}
	var err error
	if d.zr == nil {
		d.zr, err = zlib.NewReader(bytes.NewReader(zdata))
	} else {
		err = d.zr.(zlib.Resetter).Reset(bytes.NewReader(zdata), nil)
	}
	if err != nil {
		d.zr = nil
		return nil, fmt.Errorf("%w: zlib: %v", ErrFormat, err)
	}
	if int64(cap(d.raw)) < rawSize {
		d.raw = make([]byte, rawSize)
	}
	out := d.raw[:rawSize]
	if _, err := io.ReadFull(d.zr, out); err != nil {
		return nil, fmt.Errorf("%w: zlib: %v (raw_size %d)", ErrFormat, err, rawSize)
	}
	// Reading past the end checks the adler32 checksum and that the data
	// is no longer than announced.
	var one [1]byte
	if n, err := d.zr.Read(one[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			return nil, fmt.Errorf("%w: zlib data longer than raw_size %d", ErrFormat, rawSize)
		}
		return nil, fmt.Errorf("%w: zlib: %v", ErrFormat, err)
	}
	return out, nil
}

// decodeData decodes a PrimitiveBlock, appending the wanted kinds to blk.
func (d *decoder) decodeData(data []byte, want Kind, blk *Block) error {
	d.groups = d.groups[:0]
	d.count = [5]int{}
	d.gran, d.latOff, d.lonOff, d.dateG = 100, 0, 0, 1000
	var stData []byte
	w := newWire(data)
	for w.next() {
		switch w.num {
		case 1:
			stData = w.bytes()
		case 2:
			g := w.bytes()
			d.groups = append(d.groups, g)
			k, err := groupKinds(g, &d.count)
			if err != nil {
				return err
			}
			blk.Kinds |= k
		case 17:
			d.gran = int64(int32(w.varint()))
		case 18:
			d.dateG = int64(int32(w.varint()))
		case 19:
			d.latOff = int64(w.varint())
		case 20:
			d.lonOff = int64(w.varint())
		}
	}
	if w.err != nil {
		return fmt.Errorf("primitive block: %w", w.err)
	}
	if blk.Kinds&want == 0 {
		return nil
	}
	if want&KindNode != 0 {
		blk.Nodes = slices.Grow(blk.Nodes, d.count[1])
	}
	if want&KindWay != 0 {
		blk.Ways = slices.Grow(blk.Ways, d.count[3])
	}
	if want&KindRelation != 0 {
		blk.Relations = slices.Grow(blk.Relations, d.count[4])
	}
	if d.gran <= 0 {
		return fmt.Errorf("%w: granularity %d", ErrFormat, d.gran)
	}
	if d.dateG <= 0 {
		return fmt.Errorf("%w: date granularity %d", ErrFormat, d.dateG)
	}
	d.st = d.st[:0]
	w = newWire(stData)
	for w.next() {
		if w.num == 1 {
			d.st = append(d.st, string(w.bytes()))
		}
	}
	if w.err != nil {
		return fmt.Errorf("string table: %w", w.err)
	}
	for _, g := range d.groups {
		if err := d.decodeGroup(g, want, blk); err != nil {
			return err
		}
	}
	return nil
}

// groupKinds returns the kinds present in a PrimitiveGroup, reading only the
// field keys.
// It adds the number of plain nodes, ways and relations to count.
func groupKinds(g []byte, count *[5]int) (Kind, error) {
	var k Kind
	w := newWire(g)
	for w.next() {
		switch w.num {
		case 1, 2:
			k |= KindNode
		case 3:
			k |= KindWay
		case 4:
			k |= KindRelation
		}
		if w.num < len(count) {
			count[w.num]++
		}
	}
	if w.err != nil {
		return 0, fmt.Errorf("primitive group: %w", w.err)
	}
	return k, nil
}

func (d *decoder) decodeGroup(g []byte, want Kind, blk *Block) error {
	w := newWire(g)
	for w.next() {
		var err error
		switch {
		case w.num == 1 && want&KindNode != 0:
			err = d.decodeNode(w.bytes(), blk)
		case w.num == 2 && want&KindNode != 0:
			err = d.decodeDense(w.bytes(), blk)
		case w.num == 3 && want&KindWay != 0:
			err = d.decodeWay(w.bytes(), blk)
		case w.num == 4 && want&KindRelation != 0:
			err = d.decodeRelation(w.bytes(), blk)
		}
		if w.err != nil {
			return fmt.Errorf("primitive group: %w", w.err)
		}
		if err != nil {
			return err
		}
	}
	if w.err != nil {
		return fmt.Errorf("primitive group: %w", w.err)
	}
	return nil
}

// str returns string table entry i.
func (d *decoder) str(i uint64) (string, error) {
	if i >= uint64(len(d.st)) {
		return "", fmt.Errorf("%w: string index %d beyond table of %d", ErrFormat, i, len(d.st))
	}
	return d.st[i], nil
}

// tags builds tags from parallel key and value index lists, in the block's
// tag arena.
func (d *decoder) tags(blk *Block, keys, vals []uint64) (osm.Tags, error) {
	if len(keys) != len(vals) {
		return nil, fmt.Errorf("%w: %d keys but %d values", ErrFormat, len(keys), len(vals))
	}
	if len(keys) == 0 {
		return nil, nil
	}
	t := blk.tags.alloc(len(keys))
	for i := range keys {
		k, err := d.str(uint64(uint32(keys[i])))
		if err != nil {
			return nil, err
		}
		v, err := d.str(uint64(uint32(vals[i])))
		if err != nil {
			return nil, err
		}
		t[i] = osm.Tag{Key: k, Value: v}
	}
	return t, nil
}

// point converts raw coordinates, checking their range.
func (d *decoder) point(id, lat, lon int64) (float64, float64, error) {
	la := float64(d.latOff+d.gran*lat) / 1e9
	lo := float64(d.lonOff+d.gran*lon) / 1e9
	if math.Abs(la) > 90 || math.Abs(lo) > 180 {
		return 0, 0, fmt.Errorf("%w: node %d at lat %g lon %g out of range", ErrFormat, id, la, lo)
	}
	return lo, la, nil
}

// info reads an Info message: the timestamp in seconds and visibility.
func (d *decoder) info(b []byte) (ts int64, visible bool, err error) {
	visible = true
	w := newWire(b)
	for w.next() {
		switch w.num {
		case 2:
			ts = int64(w.varint()) * d.dateG / 1000
		case 6:
			visible = w.varint() != 0
		}
	}
	if w.err != nil {
		return 0, false, fmt.Errorf("info: %w", w.err)
	}
	return ts, visible, nil
}

func (d *decoder) decodeNode(b []byte, blk *Block) error {
	var (
		id, lat, lon int64
		haveLat      bool
		haveLon      bool
		ts           int64
		visible      = true
		err          error
	)
	keys, vals := d.a[:0], d.b[:0]
	w := newWire(b)
	for w.next() {
		switch w.num {
		case 1:
			id = zigzag(w.varint())
		case 2:
			keys = w.appendVarints(keys)
		case 3:
			vals = w.appendVarints(vals)
		case 4:
			ts, visible, err = d.info(w.bytes())
			if err != nil {
				return fmt.Errorf("node %d: %w", id, err)
			}
		case 8:
			lat, haveLat = zigzag(w.varint()), true
		case 9:
			lon, haveLon = zigzag(w.varint()), true
		}
	}
	d.a, d.b = keys, vals
	if w.err != nil {
		return fmt.Errorf("node: %w", w.err)
	}
	if !haveLat || !haveLon {
		return fmt.Errorf("%w: node %d without coordinates", ErrFormat, id)
	}
	if !visible {
		return nil
	}
	n := Node{ID: id, Timestamp: ts}
	if n.Lon, n.Lat, err = d.point(id, lat, lon); err != nil {
		return err
	}
	if n.Tags, err = d.tags(blk, keys, vals); err != nil {
		return fmt.Errorf("node %d: %w", id, err)
	}
	blk.Nodes = append(blk.Nodes, n)
	return nil
}

func (d *decoder) decodeDense(b []byte, blk *Block) error {
	ids, lats, lons, kv, tss, vis := d.a[:0], d.b[:0], d.c[:0], d.d[:0], d.e[:0], d.f[:0]
	defer func() { d.a, d.b, d.c, d.d, d.e, d.f = ids, lats, lons, kv, tss, vis }()
	w := newWire(b)
	for w.next() {
		switch w.num {
		case 1:
			ids = w.appendVarints(ids)
		case 5:
			iw := newWire(w.bytes())
			for iw.next() {
				switch iw.num {
				case 2:
					tss = iw.appendVarints(tss)
				case 6:
					vis = iw.appendVarints(vis)
				}
			}
			if iw.err != nil {
				return fmt.Errorf("dense info: %w", iw.err)
			}
		case 8:
			lats = w.appendVarints(lats)
		case 9:
			lons = w.appendVarints(lons)
		case 10:
			kv = w.appendVarints(kv)
		}
	}
	if w.err != nil {
		return fmt.Errorf("dense nodes: %w", w.err)
	}
	n := len(ids)
	if len(lats) != n || len(lons) != n {
		return fmt.Errorf("%w: dense nodes: %d ids, %d lats, %d lons", ErrFormat, n, len(lats), len(lons))
	}
	if (len(tss) != 0 && len(tss) != n) || (len(vis) != 0 && len(vis) != n) {
		return fmt.Errorf("%w: dense info of %d timestamps, %d visible flags for %d nodes", ErrFormat, len(tss), len(vis), n)
	}
	blk.Nodes = slices.Grow(blk.Nodes, n)
	var id, lat, lon, ts int64
	k := 0
	for i := 0; i < n; i++ {
		id += zigzag(ids[i])
		lat += zigzag(lats[i])
		lon += zigzag(lons[i])
		node := Node{ID: id}
		if len(tss) != 0 {
			ts += zigzag(tss[i])
			node.Timestamp = ts * d.dateG / 1000
		}
		var err error
		if node.Lon, node.Lat, err = d.point(id, lat, lon); err != nil {
			return err
		}
		// keys_vals: key, value pairs per node, each node's list ended by 0.
		start := k
		for k < len(kv) && kv[k] != 0 {
			k += 2
		}
		if k > len(kv) {
			return fmt.Errorf("%w: dense node %d: key without value", ErrFormat, id)
		}
		if k > start {
			node.Tags = blk.tags.alloc((k - start) / 2)
			for j := start; j < k; j += 2 {
				key, err := d.str(kv[j])
				if err != nil {
					return fmt.Errorf("dense node %d: %w", id, err)
				}
				val, err := d.str(kv[j+1])
				if err != nil {
					return fmt.Errorf("dense node %d: %w", id, err)
				}
				node.Tags[(j-start)/2] = osm.Tag{Key: key, Value: val}
			}
		}
		k++ // the 0 separator
		if len(vis) != 0 && vis[i] == 0 {
			continue
		}
		blk.Nodes = append(blk.Nodes, node)
	}
	return nil
}

func (d *decoder) decodeWay(b []byte, blk *Block) error {
	var (
		id      int64
		ts      int64
		visible = true
		err     error
	)
	keys, vals, refs := d.a[:0], d.b[:0], d.c[:0]
	defer func() { d.a, d.b, d.c = keys, vals, refs }()
	w := newWire(b)
	for w.next() {
		switch w.num {
		case 1:
			id = int64(w.varint())
		case 2:
			keys = w.appendVarints(keys)
		case 3:
			vals = w.appendVarints(vals)
		case 4:
			if ts, visible, err = d.info(w.bytes()); err != nil {
				return fmt.Errorf("way %d: %w", id, err)
			}
		case 8:
			refs = w.appendVarints(refs)
		}
	}
	if w.err != nil {
		return fmt.Errorf("way %d: %w", id, w.err)
	}
	if !visible {
		return nil
	}
	way := Way{ID: id, Timestamp: ts}
	if way.Tags, err = d.tags(blk, keys, vals); err != nil {
		return fmt.Errorf("way %d: %w", id, err)
	}
	way.Refs = blk.refs.alloc(len(refs))
	var ref int64
	for i, r := range refs {
		ref += zigzag(r)
		way.Refs[i] = ref
	}
	blk.Ways = append(blk.Ways, way)
	return nil
}

func (d *decoder) decodeRelation(b []byte, blk *Block) error {
	var (
		id      int64
		ts      int64
		visible = true
		err     error
	)
	keys, vals, roles, mems, types := d.a[:0], d.b[:0], d.c[:0], d.d[:0], d.e[:0]
	defer func() { d.a, d.b, d.c, d.d, d.e = keys, vals, roles, mems, types }()
	w := newWire(b)
	for w.next() {
		switch w.num {
		case 1:
			id = int64(w.varint())
		case 2:
			keys = w.appendVarints(keys)
		case 3:
			vals = w.appendVarints(vals)
		case 4:
			if ts, visible, err = d.info(w.bytes()); err != nil {
				return fmt.Errorf("relation %d: %w", id, err)
			}
		case 8:
			roles = w.appendVarints(roles)
		case 9:
			mems = w.appendVarints(mems)
		case 10:
			types = w.appendVarints(types)
		}
	}
	if w.err != nil {
		return fmt.Errorf("relation %d: %w", id, w.err)
	}
	if len(roles) != len(mems) || len(types) != len(mems) {
		return fmt.Errorf("%w: relation %d: %d roles, %d member ids, %d types", ErrFormat, id, len(roles), len(mems), len(types))
	}
	if !visible {
		return nil
	}
	rel := Relation{ID: id, Timestamp: ts}
	if rel.Tags, err = d.tags(blk, keys, vals); err != nil {
		return fmt.Errorf("relation %d: %w", id, err)
	}
	rel.Members = blk.members.alloc(len(mems))
	var ref int64
	for i := range mems {
		ref += zigzag(mems[i])
		role, err := d.str(uint64(uint32(roles[i])))
		if err != nil {
			return fmt.Errorf("relation %d: %w", id, err)
		}
		var t osm.Type
		switch types[i] {
		case 0:
			t = osm.TypeNode
		case 1:
			t = osm.TypeWay
		case 2:
			t = osm.TypeRelation
		default:
			return fmt.Errorf("%w: relation %d: member type %d", ErrFormat, id, types[i])
		}
		rel.Members[i] = Member{Type: t, Ref: ref, Role: role}
	}
	blk.Relations = append(blk.Relations, rel)
	return nil
}
