package osmload

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/walkshed/walkshed/routing"
)

// node returns the index of a needed node that was found in the file.
func (b *builder) node(id int64) (int, bool) {
	j, ok := slices.BinarySearch(b.ids, id)
	return j, ok && b.found[j]
}

// ring returns the closed ring through refs, ok=false when a node is
// missing or the ring is degenerate.
func (b *builder) ring(refs []int64) (orb.Ring, bool) {
	if len(refs) < 4 || refs[0] != refs[len(refs)-1] {
		return nil, false
	}
	r := make(orb.Ring, len(refs))
	for i, id := range refs {
		j, ok := b.node(id)
		if !ok {
			return nil, false
		}
		r[i] = b.pts[j]
	}
	return r, true
}

// line returns the points of the nodes of refs present in the file.
func (b *builder) line(refs []int64) orb.LineString {
	ls := make(orb.LineString, 0, len(refs))
	for _, id := range refs {
		if j, ok := b.node(id); ok {
			ls = append(ls, b.pts[j])
		}
	}
	return ls
}

// entrance returns the best entrance node among refs.
func (b *builder) entrance(refs []int64) (orb.Point, bool) {
	var best uint8
	var at orb.Point
	for _, id := range refs {
		if j, ok := b.node(id); ok && b.entr[j] > best {
			best, at = b.entr[j], b.pts[j]
		}
	}
	return at, best > 0
}

// area joins the member ways of a relation into a multipolygon. ok is false
// when a member way or node is missing or the rings do not close.
func (b *builder) area(outer, inner []int64) (orb.MultiPolygon, bool) {
	rings := func(ids []int64) ([]orb.Ring, bool) {
		ways := make([][]int64, 0, len(ids))
		for _, id := range ids {
			refs := b.memberWays[id]
			if refs == nil {
				return nil, false
			}
			ways = append(ways, refs)
		}
		joined, ok := joinRings(ways)
		if !ok {
			return nil, false
		}
		out := make([]orb.Ring, 0, len(joined))
		for _, refs := range joined {
			r, ok := b.ring(refs)
			if !ok {
				return nil, false
			}
			out = append(out, r)
		}
		return out, true
	}
	if len(outer) == 0 {
		return nil, false
	}
	o, ok := rings(outer)
	if !ok {
		return nil, false
	}
	in, ok := rings(inner)
	if !ok {
		return nil, false
	}
	return buildMultiPolygon(o, in), true
}

func (b *builder) assemble() {
	ex := b.ex
	b.assembleNetwork()
	if !b.opts.NoAreaCrossing {
		b.addAreaCrossings()
	}
	for _, w := range b.featWays {
		if p, ok := b.wayPoint(w.refs); ok {
			ex.Features = append(ex.Features, Feature{Type: "way", ID: w.id, Tags: w.tags, Point: p})
		} else {
			ex.UnplacedFeatures++
		}
	}
	var footprints []orb.MultiPolygon // parallel to ex.Buildings until placeBuildings
	var sites []site
	addSite := func(tag string, mp orb.MultiPolygon) {
		sites = append(sites, site{tag: tag, area: areaM2(mp), shape: mp})
		if tag == "landuse=residential" {
			ex.ResidentialLanduse = append(ex.ResidentialLanduse, mp)
		}
	}
	for _, w := range b.buildWays {
		r, ok := b.ring(w.refs)
		if !ok {
			continue
		}
		mp := orb.MultiPolygon{{orient(r, true)}}
		ex.Buildings = append(ex.Buildings, newBuilding("way", w.id, mp, w.tags))
		footprints = append(footprints, mp)
	}
	for _, w := range b.siteWays {
		if r, ok := b.ring(w.refs); ok {
			addSite(w.tag, orb.MultiPolygon{{orient(r, true)}})
		}
	}
	// A closed way that is itself a member of a complete boundary relation
	// of its admin level is that relation's outline, not another area.
	type levelWay struct {
		level string
		way   int64
	}
	inRelation := map[levelWay]bool{}
	for _, ra := range b.rels {
		mp, ok := b.area(ra.outer, ra.inner)
		if ra.boundary {
			if ok {
				ex.Boundaries = append(ex.Boundaries, newBoundary("relation", ra.id, ra.tags, mp))
				for _, id := range ra.outer {
					inRelation[levelWay{ra.tags.Find("admin_level"), id}] = true
				}
			} else {
				ex.IncompleteBoundaries++
			}
		}
		if ra.building != nil && ok {
			ex.Buildings = append(ex.Buildings, newBuilding("relation", ra.id, mp, ra.building))
			footprints = append(footprints, mp)
		}
		if ra.site != "" && ok {
			addSite(ra.site, mp)
		}
		if ra.feature {
			b.relationFeature(ra, mp, ok)
		}
	}
	for _, w := range b.boundWays {
		if inRelation[levelWay{w.tags.Find("admin_level"), w.id}] {
			continue
		}
		if r, ok := b.ring(w.refs); ok {
			ex.Boundaries = append(ex.Boundaries, newBoundary("way", w.id, w.tags, orb.MultiPolygon{{orient(r, true)}}))
		}
	}
	placeBuildings(ex.Buildings, footprints, sites, ex.Features)
	slices.SortStableFunc(ex.Features, func(x, y Feature) int {
		return cmp.Or(cmp.Compare(typeRank(x.Type), typeRank(y.Type)), cmp.Compare(x.ID, y.ID))
	})
	slices.SortStableFunc(ex.Buildings, func(x, y Building) int {
		return cmp.Or(cmp.Compare(typeRank(x.Type), typeRank(y.Type)), cmp.Compare(x.ID, y.ID))
	})
	slices.SortStableFunc(ex.Boundaries, func(x, y Boundary) int {
		return cmp.Or(cmp.Compare(typeRank(x.Type), typeRank(y.Type)), cmp.Compare(x.AdminLevel, y.AdminLevel),
			cmp.Compare(x.ID, y.ID))
	})
}

func typeRank(t string) int {
	switch t {
	case "node":
		return 0
	case "way":
		return 1
	}
	return 2
}

// assembleNetwork fills Network (nodes as sorted parallel slices), cutting
// ways at missing nodes.
func (b *builder) assembleNetwork() {
	net := &b.ex.Network
	net.NodeIDs = make([]int64, 0, len(b.walkIDs))
	net.NodeData = make([]routing.NodeInfo, 0, len(b.walkIDs))
	j, missing := 0, false
	for _, id := range b.walkIDs { // both sorted: merge
		for b.ids[j] < id {
			j++
		}
		if b.found[j] {
			net.NodeIDs = append(net.NodeIDs, id)
			net.NodeData = append(net.NodeData, routing.NodeInfo{Point: b.pts[j], Flags: b.nflags[j]})
		} else {
			missing = true
		}
	}
	if !missing {
		net.Ways = b.walk
		return
	}
	net.Ways = make([]routing.Way, 0, len(b.walk))
	for _, w := range b.walk {
		start := 0
		for i := 0; i <= len(w.Nodes); i++ {
			if i < len(w.Nodes) {
				if _, ok := net.Node(w.Nodes[i]); ok {
					continue
				}
				b.ex.MissingNodes++
			}
			if i-start >= 2 {
				if start == 0 && i == len(w.Nodes) {
					net.Ways = append(net.Ways, w)
				} else {
					net.Ways = append(net.Ways, routing.Way{ID: w.ID, Nodes: w.Nodes[start:i:i], Flags: w.Flags})
				}
			}
			start = i + 1
		}
	}
}

// wayPoint places a way feature: an entrance, a point inside a closed way,
// or the middle of an open one.
func (b *builder) wayPoint(refs []int64) (orb.Point, bool) {
	if p, ok := b.entrance(refs); ok {
		return p, true
	}
	if r, ok := b.ring(refs); ok {
		return interiorPoint(orb.MultiPolygon{{r}}), true
	}
	ls := b.line(refs)
	if len(ls) == 0 {
		return orb.Point{}, false
	}
	return lineMiddle(ls), true
}

func (b *builder) relationFeature(ra *relArea, mp orb.MultiPolygon, ok bool) {
	var p orb.Point
	placed := false
	for _, id := range ra.outer {
		if q, found := b.entrance(b.memberWays[id]); found {
			p, placed = q, true
			break
		}
	}
	if !placed && ok {
		p, placed = interiorPoint(mp), true
	}
	for _, id := range ra.outer {
		if placed {
			break
		}
		if ls := b.line(b.memberWays[id]); len(ls) > 0 {
			p, placed = lineMiddle(ls), true
		}
	}
	if !placed {
		b.ex.UnplacedFeatures++
		return
	}
	b.ex.Features = append(b.ex.Features, Feature{Type: "relation", ID: ra.id, Tags: ra.tags, Point: p})
}

func newBoundary(typ string, id int64, tags osm.Tags, mp orb.MultiPolygon) Boundary {
	level, err := strconv.Atoi(strings.TrimSpace(tags.Find("admin_level")))
	if err != nil {
		level = 0
	}
	return Boundary{Type: typ, ID: id, Name: tags.Find("name"), AdminLevel: level, Tags: tags, Geometry: mp}
}
