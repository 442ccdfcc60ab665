package osmload

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"

	"github.com/walkshed/walkshed/geo/spatial"
)

// This file holds what osmload learns about buildings for the resident
// estimate (data/population): the facts its rules need, and nothing of the
// rules themselves. It is kept in one place so that the building's fields
// are easy to follow into the prepared-file encoder.

// Use is a set of non-home uses named by a building's own tags, one bit per
// key (office=*, shop=*, ...). A key with the value "no" names no use.
type Use uint32

// Uses, by the tag key that names them.
const (
	UseOffice     Use = 1 << iota // office=*
	UseShop                       // shop=*
	UseAmenity                    // amenity=*
	UseCraft                      // craft=*
	UseHealthcare                 // healthcare=*
	UseTourism                    // tourism=*
	UseHistoric                   // historic=*
	UseGovernment                 // government=*
	UseReligious                  // religion=*
	UseEducation                  // education=*
	// UseOther: leisure, man_made, military, power, public_transport,
	// railway, aeroway or emergency.
	UseOther
)

// useKeys maps a tag key to its Use, in the order Use.Keys lists them.
var useKeys = []struct {
	key string
	use Use
}{
	{"office", UseOffice}, {"shop", UseShop}, {"amenity", UseAmenity}, {"craft", UseCraft},
	{"healthcare", UseHealthcare}, {"tourism", UseTourism}, {"historic", UseHistoric},
	{"government", UseGovernment}, {"religion", UseReligious}, {"education", UseEducation},
	{"leisure", UseOther}, {"man_made", UseOther}, {"military", UseOther}, {"power", UseOther},
	{"public_transport", UseOther}, {"railway", UseOther}, {"aeroway", UseOther}, {"emergency", UseOther},
}

// Keys returns the names of the uses in u: the tag keys, with "other" for
// UseOther, in a fixed order.
func (u Use) Keys() []string {
	var out []string
	for _, k := range useKeys {
		if u&k.use == 0 {
			continue
		}
		name := k.key
		if k.use == UseOther {
			name = "other"
		}
		if len(out) == 0 || out[len(out)-1] != name {
			out = append(out, name)
		}
	}
	return out
}

// String returns the keys of u joined by "+", or "none".
func (u Use) String() string {
	if u == 0 {
		return "none"
	}
	return strings.Join(u.Keys(), "+")
}

// useOf returns the uses named by tags.
func useOf(tags osm.Tags) Use {
	var u Use
	for _, t := range tags {
		if t.Value == "" || t.Value == "no" {
			continue
		}
		for _, k := range useKeys {
			if t.Key == k.key {
				u |= k.use
			}
		}
	}
	if tags.Find("amenity") == "place_of_worship" {
		u |= UseReligious
	}
	return u
}

// buildingKeys are the tags of a building that newBuilding reads; the
// others are not kept.
var buildingKeys = map[string]bool{
	"building": true, "building:levels": true, "height": true, "building:use": true, "building:flats": true,
}

// buildingTags returns the tags of a building element that newBuilding
// reads: its building tags and the keys that name a use.
func buildingTags(tags osm.Tags) osm.Tags {
	var out osm.Tags
	for _, t := range tags {
		if buildingKeys[t.Key] {
			out = append(out, t)
			continue
		}
		for _, k := range useKeys {
			if t.Key == k.key {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// newBuilding is the Building of an element with the given tags (as
// buildingTags keeps them) and footprint. Site and POIs are filled in
// later, once land use and features are known.
func newBuilding(typ string, id int64, mp orb.MultiPolygon, tags osm.Tags) Building {
	kind := tags.Find("building")
	levels, ok := parseLevels(tags.Find("building:levels"))
	b := Building{
		Type: typ, ID: id, Point: interiorPoint(mp), AreaM2: areaM2(mp),
		Levels: levels, Kind: kind, Residential: residentialKind(kind),
		HeightM: parseHeight(tags.Find("height")), BuildingUse: tags.Find("building:use"),
		Uses: useOf(tags),
	}
	if !ok {
		b.LevelsTag = tags.Find("building:levels")
	}
	if f, err := strconv.Atoi(strings.TrimSpace(tags.Find("building:flats"))); err == nil && f > 0 {
		b.Flats = f
	}
	return b
}

// parseLevels reads building:levels: a non-negative number up to 500, a
// decimal comma allowed. ok is false when the tag is present but not such a
// number; the levels are then 0.
func parseLevels(s string) (levels float64, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > 500 {
		return 0, false
	}
	return v, true
}

// parseHeight reads height in metres: a positive number, optionally
// followed by "m"; anything else (feet, ranges) is 0.
func parseHeight(s string) float64 {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "m"))
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil || math.IsNaN(v) || v <= 0 || v > 1000 {
		return 0
	}
	return v
}

// siteTag is the land-use or amenity area an element is, as "key=value",
// or "" when it is neither: landuse=* areas, and amenity=* areas that are
// not buildings (school grounds, hospital sites, car parks).
func siteTag(tags osm.Tags) string {
	if v := tags.Find("landuse"); v != "" && v != "no" {
		return "landuse=" + v
	}
	if v := tags.Find("amenity"); v != "" && v != "no" {
		if b := tags.Find("building"); b == "" || b == "no" {
			return "amenity=" + v
		}
	}
	return ""
}

// site is an area of land use, kept while the buildings are placed in it.
type site struct {
	tag   string
	area  float64
	shape orb.MultiPolygon
}

// placeBuildings sets each building's Site (the smallest site containing
// its point) and POIs (the node features inside its footprint; footprints
// are parallel to buildings).
func placeBuildings(buildings []Building, footprints []orb.MultiPolygon, sites []site, features []Feature) {
	if len(sites) > 0 {
		shapes := make([]orb.MultiPolygon, len(sites))
		for i, s := range sites {
			shapes[i] = s.shape
		}
		// An index that cannot be built (more than MaxInt32 areas) leaves
		// every Site empty, as no land use at all would.
		if idx, err := spatial.NewZoneIndex(shapes); err == nil {
			var in []int
			for i := range buildings {
				in = idx.Containing(in[:0], buildings[i].Point)
				best := -1
				for _, j := range in {
					if best < 0 || sites[j].area < sites[best].area {
						best = j
					}
				}
				if best >= 0 {
					buildings[i].Site = sites[best].tag
				}
			}
		}
	}
	if len(buildings) == 0 {
		return
	}
	idx, err := spatial.NewZoneIndex(footprints)
	if err != nil {
		return
	}
	var in []int
	for _, f := range features {
		if f.Type != "node" || !groundFloorPOI(f.Tags) {
			continue
		}
		in = idx.Containing(in[:0], f.Point)
		for _, j := range in {
			buildings[j].POIs++
		}
	}
}

// streetFurniture are amenity values of points that stand in courtyards and
// on pavements rather than mark a ground-floor business.
var streetFurniture = map[string]bool{
	"bench": true, "waste_basket": true, "waste_disposal": true, "recycling": true, "bicycle_parking": true,
	"motorcycle_parking": true, "parking_entrance": true, "parking_space": true, "vending_machine": true,
	"post_box": true, "letter_box": true, "drinking_water": true, "telephone": true, "fountain": true,
	"clock": true, "shelter": true, "charging_station": true, "bbq": true,
}

// groundFloorPOI reports whether a service point inside a footprint marks a
// ground floor not lived in: any shop, office, craft or healthcare point,
// and amenity points other than street furniture.
func groundFloorPOI(tags osm.Tags) bool {
	for _, t := range tags {
		switch t.Key {
		case "shop", "office", "craft", "healthcare":
			if t.Value != "" && t.Value != "no" {
				return true
			}
		}
	}
	a := tags.Find("amenity")
	return a != "" && a != "no" && !streetFurniture[a]
}
