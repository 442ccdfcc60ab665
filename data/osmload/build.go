package osmload

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/walkshed/walkshed/data/osmload/internal/pbf"
	"github.com/walkshed/walkshed/routing"
)

// source is one readable file: PBF or XML. scan calls fn with blocks of the
// wanted kinds, in file order; the blocks are reused after fn returns.
type source interface {
	format() string
	declared() (orb.Bound, bool)
	replicated() time.Time
	scan(ctx context.Context, want pbf.Kind, fn func(*pbf.Block) error) error
	// missed reports that a scan skipped a block holding a wanted kind (see
	// pbf.File.Missed): the passes must be run again.
	missed() bool
}

// relArea is a relation whose area we need: a feature, building, residential
// land use or administrative boundary.
type relArea struct {
	id           int64
	tags         osm.Tags // kept for features and boundaries only
	outer, inner []int64  // member way ids
	feature      bool
	site         string // siteTag, "" when none
	boundary     bool
	building     osm.Tags // buildingTags of a building, nil otherwise
}

// siteWay is a closed way of land use (see siteTag).
type siteWay struct {
	tag  string
	refs []int64
}

type keptWay struct {
	id   int64
	tags osm.Tags
	refs []int64
}

// builder collects an Extract over three passes: relations, ways, nodes.
type builder struct {
	opts   Options
	ex     *Extract
	newest int64

	rels       []*relArea
	memberWays map[int64][]int64 // way id → refs; nil until the way is read

	walk      []routing.Way
	featWays  []keptWay
	buildWays []keptWay
	siteWays  []siteWay
	boundWays []keptWay

	ids     []int64 // sorted ids of the nodes needed
	walkIDs []int64 // sorted ids of the walkable ways' nodes
	cursor  int     // position in ids of the last node read
	pts     []orb.Point
	found   []bool
	nflags  []routing.EdgeFlags
	entr    []uint8
}

func build(ctx context.Context, src source, path string, opts Options) (*Extract, error) {
	ex, err := buildOnce(ctx, src, path, opts)
	if err == nil && src.missed() {
		// A block mixed kinds against its peeked kind; every block's kinds
		// are known now, so a second build reads exactly what it needs.
		return buildOnce(ctx, src, path, opts)
	}
	return ex, err
}

func buildOnce(ctx context.Context, src source, path string, opts Options) (*Extract, error) {
	b := &builder{
		opts:       opts,
		ex:         &Extract{Source: path, Format: src.format(), DroppedWays: map[string]int{}},
		memberWays: map[int64][]int64{},
	}
	if err := src.scan(ctx, pbf.KindRelation, b.relations); err != nil {
		return nil, err
	}
	if err := src.scan(ctx, pbf.KindWay, b.ways); err != nil {
		return nil, err
	}
	b.needNodes()
	if err := src.scan(ctx, pbf.KindNode, b.nodes); err != nil {
		return nil, err
	}
	b.assemble()
	ex := b.ex
	slices.SortFunc(ex.StreetNames, func(a, b StreetName) int { return cmp.Compare(a.Way, b.Way) })
	ex.Timestamp = src.replicated()
	if ex.Timestamp.IsZero() && b.newest > 0 {
		ex.Timestamp = time.Unix(b.newest, 0).UTC()
	}
	if bb, ok := src.declared(); ok {
		ex.Bounds = bb
	} else {
		ex.Bounds = ex.NodeBounds
	}
	return ex, nil
}

func (b *builder) seen(ts int64) {
	if ts > b.newest {
		b.newest = ts
	}
}

func (b *builder) relations(blk *pbf.Block) error {
	for i := range blk.Relations {
		r := &blk.Relations[i]
		b.ex.Counts.Relations++
		b.seen(r.Timestamp)
		typ := r.Tags.Find("type")
		if typ != "multipolygon" && typ != "boundary" {
			continue
		}
		ra := &relArea{id: r.ID}
		if typ == "multipolygon" {
			ra.feature = isFeature(r.Tags)
			ra.site = siteTag(r.Tags)
			if k := r.Tags.Find("building"); k != "" && k != "no" {
				ra.building = buildingTags(r.Tags)
			}
		}
		ra.boundary = r.Tags.Find("boundary") == "administrative"
		if !ra.feature && ra.site == "" && !ra.boundary && ra.building == nil {
			continue
		}
		if ra.feature || ra.boundary {
			ra.tags = slices.Clone(r.Tags)
		}
		for _, m := range r.Members {
			if m.Type != osm.TypeWay {
				continue
			}
			switch m.Role {
			case "outer", "":
				ra.outer = append(ra.outer, m.Ref)
			case "inner":
				ra.inner = append(ra.inner, m.Ref)
			default:
				continue
			}
			b.memberWays[m.Ref] = nil
		}
		b.rels = append(b.rels, ra)
	}
	return nil
}

func (b *builder) ways(blk *pbf.Block) error {
	for i := range blk.Ways {
		w := &blk.Ways[i]
		b.ex.Counts.Ways++
		b.seen(w.Timestamp)
		if _, ok := b.memberWays[w.ID]; ok {
			b.memberWays[w.ID] = slices.Clone(w.Refs)
		}
		if len(w.Tags) == 0 {
			continue
		}
		flags, ok, reason := walkable(w.Tags, b.opts.DropSeparateSidewalkRoads)
		switch {
		case ok && len(w.Refs) < 2:
			b.ex.DroppedWays["fewer than 2 nodes"]++
		case ok:
			b.walk = append(b.walk, routing.Way{ID: w.ID, Nodes: slices.Clone(w.Refs), Flags: flags})
			if name := w.Tags.Find("name"); name != "" {
				b.ex.StreetNames = append(b.ex.StreetNames, StreetName{Way: w.ID, Name: name})
			}
		case reason != "not a highway":
			b.ex.DroppedWays[reason]++
		}
		if isFeature(w.Tags) && len(w.Refs) > 0 {
			b.featWays = append(b.featWays, keptWay{id: w.ID, tags: slices.Clone(w.Tags), refs: slices.Clone(w.Refs)})
		}
		if len(w.Refs) < 4 || w.Refs[0] != w.Refs[len(w.Refs)-1] {
			continue
		}
		if k := w.Tags.Find("building"); k != "" && k != "no" {
			b.buildWays = append(b.buildWays, keptWay{id: w.ID, tags: buildingTags(w.Tags), refs: slices.Clone(w.Refs)})
		}
		if tag := siteTag(w.Tags); tag != "" {
			b.siteWays = append(b.siteWays, siteWay{tag: tag, refs: slices.Clone(w.Refs)})
		}
		if w.Tags.Find("boundary") == "administrative" && w.Tags.Find("admin_level") != "" {
			b.boundWays = append(b.boundWays, keptWay{id: w.ID, tags: slices.Clone(w.Tags), refs: slices.Clone(w.Refs)})
		}
	}
	return nil
}

// needNodes collects the sorted ids of every node a kept way references,
// and apart the sorted ids of the walkable ways' nodes.
func (b *builder) needNodes() {
	n := 0
	for _, w := range b.walk {
		n += len(w.Nodes)
	}
	walk := make([]int64, 0, n)
	for _, w := range b.walk {
		walk = append(walk, w.Nodes...)
	}
	b.walkIDs = sortUnique(walk)
	ids := slices.Clone(b.walkIDs)
	for _, ws := range [][]keptWay{b.featWays, b.buildWays, b.boundWays} {
		for _, w := range ws {
			ids = append(ids, w.refs...)
		}
	}
	for _, w := range b.siteWays {
		ids = append(ids, w.refs...)
	}
	for _, refs := range b.memberWays {
		ids = append(ids, refs...)
	}
	b.ids = slices.Clip(sortUnique(ids))
	b.pts = make([]orb.Point, len(b.ids))
	b.found = make([]bool, len(b.ids))
	b.nflags = make([]routing.EdgeFlags, len(b.ids))
	b.entr = make([]uint8, len(b.ids))
}

// sortUnique sorts ids (in place, with a radix sort) and removes duplicates.
func sortUnique(ids []int64) []int64 {
	if len(ids) < 256 {
		slices.Sort(ids)
		return slices.Compact(ids)
	}
	tmp := make([]int64, len(ids))
	src, dst := ids, tmp
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, v := range src {
			count[key16(v, shift)]++
		}
		if count[key16(src[0], shift)] == len(src) {
			continue // every id has this digit
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, v := range src {
			k := key16(v, shift)
			dst[count[k]] = v
			count[k]++
		}
		src, dst = dst, src
	}
	return slices.Compact(src)
}

// key16 is the 16-bit digit of v at shift, with the sign bit flipped so that
// negative ids sort first.
func key16(v int64, shift uint) int {
	return int((uint64(v) ^ 1<<63) >> shift & 0xffff)
}

func (b *builder) nodes(blk *pbf.Block) error {
	nb := &b.ex.NodeBounds
	for i := range blk.Nodes {
		n := &blk.Nodes[i]
		p := orb.Point{n.Lon, n.Lat}
		if b.ex.Counts.Nodes == 0 {
			*nb = orb.Bound{Min: p, Max: p}
		} else {
			*nb = nb.Extend(p)
		}
		b.ex.Counts.Nodes++
		b.seen(n.Timestamp)
		if j, ok := b.lookup(n.ID); ok {
			b.pts[j], b.found[j] = p, true
			if len(n.Tags) > 0 {
				b.nflags[j] = NodeFlags(n.Tags)
				b.entr[j] = entranceRank(n.Tags)
			}
		}
		if isFeature(n.Tags) {
			b.ex.Features = append(b.ex.Features, Feature{Type: "node", ID: n.ID, Tags: slices.Clone(n.Tags), Point: p})
		}
	}
	return nil
}

// lookup finds a needed node id, walking forward from the last one found
// since files list nodes by increasing id.
func (b *builder) lookup(id int64) (int, bool) {
	c := b.cursor
	if c < len(b.ids) && b.ids[c] <= id {
		for k := 0; k < 8 && c < len(b.ids) && b.ids[c] < id; k++ {
			c++
		}
		if c < len(b.ids) && b.ids[c] == id {
			b.cursor = c
			return c, true
		}
		if c < len(b.ids) && b.ids[c] > id {
			b.cursor = c
			return c, false
		}
	}
	j, ok := slices.BinarySearch(b.ids, id)
	b.cursor = j
	return j, ok
}
