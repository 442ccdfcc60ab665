package population

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/routing/access"
)

// Defaults of Options, and the fixed limits of the rules.
const (
	// DefaultFloorAreaPerPerson in square metres of gross floor (footprint
	// × levels) per resident; see the package documentation for why 60.
	DefaultFloorAreaPerPerson = 60
	// DefaultHouseLevels is the levels of a house (house, detached,
	// semidetached_house, terrace, bungalow, farm, cabin, ...) without
	// building:levels or height.
	DefaultHouseLevels = 2
	// DefaultOtherLevels is the levels of any other home without
	// building:levels or height.
	DefaultOtherLevels = 4
	// DefaultMinArea in square metres: smaller footprints (sheds, garages)
	// hold no one.
	DefaultMinArea = 30

	// MaxHouseLevels caps the levels of a house: more is a tagging error
	// (a building=house with building:levels=21); tall town houses have 5
	// or 6.
	MaxHouseLevels = 6
	// MaxLevels caps the levels of any home; the tallest residential
	// towers have about 100.
	MaxLevels = 100
	// LevelHeightM is the height of a level in metres, for homes with a
	// height but no building:levels.
	LevelHeightM = 3
)

// Options tune the estimate. The zero value means the defaults documented
// on each field.
type Options struct {
	// FloorAreaPerPerson in square metres; 0 means
	// DefaultFloorAreaPerPerson.
	FloorAreaPerPerson float64
	// HouseLevels and OtherLevels are the levels of homes whose levels are
	// not tagged; 0 means DefaultHouseLevels and DefaultOtherLevels.
	HouseLevels, OtherLevels float64
	// MinArea in square metres; smaller footprints are skipped. 0 means
	// DefaultMinArea.
	MinArea float64
}

// WithDefaults returns o with its zero fields replaced by the defaults.
func (o Options) WithDefaults() Options {
	if o.FloorAreaPerPerson <= 0 {
		o.FloorAreaPerPerson = DefaultFloorAreaPerPerson
	}
	if o.HouseLevels <= 0 {
		o.HouseLevels = DefaultHouseLevels
	}
	if o.OtherLevels <= 0 {
		o.OtherLevels = DefaultOtherLevels
	}
	if o.MinArea <= 0 {
		o.MinArea = DefaultMinArea
	}
	return o
}

// Describe states the estimate's rule with its parameters, for report
// headers, in English.
func (o Options) Describe() string { return o.DescribeIn(i18n.English) }

// DescribeIn states the estimate's rule with its parameters in l.
func (o Options) DescribeIn(l i18n.Language) string {
	o = o.WithDefaults()
	tr := l.Sprintf
	return tr("homes are residential building values, and building=yes in residential land use or with building:flats/building:use=residential, unless a tag or the land use marks it otherwise; people = footprint × levels ÷ %s m² per person (--floor-area-per-person); levels from building:levels, else height ÷ %s m, else house=%s,other=%s (--default-levels), capped at %s for houses and %s for others; a ground floor with shops or services is not counted; footprints under %s m² skipped",
		num(o.FloorAreaPerPerson), itoa(LevelHeightM), num(o.HouseLevels), num(o.OtherLevels), itoa(MaxHouseLevels), itoa(MaxLevels), num(o.MinArea))
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func itoa(n int) string { return strconv.Itoa(n) }

// Home is a building people live in, as the estimate found it.
type Home struct {
	// Building is the OSM element, "way/123".
	Building string
	// Point is a point inside the footprint.
	Point orb.Point
	// Kind is the building=* value.
	Kind string
	// Levels are the levels lived in: after caps, without a ground floor
	// of shops.
	Levels float64
	// FloorAreaM2 is the floor lived in: footprint × Levels.
	FloorAreaM2 float64
	// People is FloorAreaM2 ÷ the floor area per person.
	People float64
}

// Estimate is the result of EstimateHomes: the homes and how each rule
// decided.
type Estimate struct {
	// Options are the options used, defaults filled in.
	Options Options
	// Homes are in building order.
	Homes []Home
	// Stats count the buildings by the rule that decided them.
	Stats Stats
}

// Stats count the buildings of an estimate by the rule that decided them.
// Every building is counted once in Homes, TooSmall, NotHomeKind,
// NonHomeTag, OtherLand or NoLand.
type Stats struct {
	Buildings int
	// Homes, split by why: a residential building value, building=yes in
	// residential land use, building=yes declared a home by
	// building:flats or building:use.
	Homes, HomesByKind, HomesInLand, HomesDeclared int
	// Mixed counts homes with a ground floor of shops or services,
	// counted without it.
	Mixed int
	// TooSmall counts homes under the minimum footprint.
	TooSmall int
	// NotHomeKind counts buildings whose value is neither residential nor
	// yes (office, retail, church, garage, ...).
	NotHomeKind int
	// NonHomeTag counts building=yes with a tag naming another use, by
	// the tag key (osmload.Use keys; the first one when several).
	NonHomeTag map[string]int
	// OtherLand counts building=yes in land use other than residential,
	// by the area's tag ("landuse=retail", "amenity=school").
	OtherLand map[string]int
	// NoLand counts building=yes in no land-use area.
	NoLand int
	// Levels by source: building:levels, height, default (unreadable
	// building:levels included in Default and counted in Unreadable).
	LevelsTagged, LevelsFromHeight, LevelsDefault, LevelsUnreadable int
	// Capped counts homes whose levels were capped; CappedExamples names
	// up to three ("way/7 house 21 → 4").
	Capped         int
	CappedExamples []string
	// People is the total estimated.
	People float64
}

// houseKinds are the building values whose default is HouseLevels and cap
// MaxHouseLevels.
var houseKinds = map[string]bool{
	"house": true, "detached": true, "semidetached_house": true, "terrace": true, "bungalow": true,
	"farm": true, "cabin": true, "static_caravan": true, "houseboat": true, "stilt_house": true, "trullo": true,
}

// homeUses are building:use values that declare building=yes a home.
var homeUses = map[string]bool{"residential": true, "apartments": true, "house": true, "detached": true,
	"terrace": true, "semidetached_house": true, "dormitory": true}

// groundFloorUses are the uses that put a business on the ground floor of a
// home rather than make it something else.
const groundFloorUses = osmload.UseOffice | osmload.UseShop | osmload.UseAmenity | osmload.UseCraft | osmload.UseHealthcare

// EstimateHomes applies the rules of the package documentation to
// buildings.
func EstimateHomes(buildings []osmload.Building, opts Options) Estimate {
	opts = opts.WithDefaults()
	e := Estimate{Options: opts}
	st := &e.Stats
	st.NonHomeTag, st.OtherLand = map[string]int{}, map[string]int{}
	for _, b := range buildings {
		st.Buildings++
		why, mixed := classify(b, st)
		if why == notHome {
			continue
		}
		if b.AreaM2 < opts.MinArea {
			st.TooSmall++
			continue
		}
		switch why {
		case byKind:
			st.HomesByKind++
		case inLand:
			st.HomesInLand++
		case declared:
			st.HomesDeclared++
		}
		lv := levels(b, opts, st)
		if mixed {
			st.Mixed++
			lv = max(lv-1, 0.5)
		}
		st.Homes++
		area := b.AreaM2 * lv
		h := Home{Building: b.Type + "/" + strconv.FormatInt(b.ID, 10), Point: b.Point, Kind: b.Kind,
			Levels: lv, FloorAreaM2: area, People: area / opts.FloorAreaPerPerson}
		st.People += h.People
		e.Homes = append(e.Homes, h)
	}
	return e
}

// Why a building is a home, or notHome.
const (
	notHome = iota
	byKind
	inLand
	declared
)

// classify decides whether b is a home (why) and whether its ground floor
// is not lived in (mixed), counting the buildings that are not homes in st.
func classify(b osmload.Building, st *Stats) (why int, mixed bool) {
	ground := b.Uses&groundFloorUses != 0 || b.POIs > 0
	switch {
	case b.Residential:
		return byKind, ground
	case b.Kind != "yes":
		st.NotHomeKind++
	case b.Flats > 0 || homeUses[b.BuildingUse]:
		return declared, ground
	case b.Uses != 0:
		st.NonHomeTag[b.Uses.Keys()[0]]++
	case b.BuildingUse != "":
		st.NonHomeTag["building:use"]++
	case b.Site == "landuse=residential":
		return inLand, b.POIs > 0
	case b.Site == "":
		st.NoLand++
	default:
		st.OtherLand[b.Site]++
	}
	return notHome, false
}

// levels returns the levels of a home: building:levels, else height ÷
// LevelHeightM, else the default of its kind; capped.
func levels(b osmload.Building, opts Options, st *Stats) float64 {
	var lv float64
	house := houseKinds[b.Kind]
	switch {
	case b.Levels > 0:
		st.LevelsTagged++
		lv = b.Levels
	case b.HeightM > 0:
		st.LevelsFromHeight++
		lv = max(1, float64(int(b.HeightM/LevelHeightM+0.5)))
	default:
		if b.LevelsTag != "" {
			st.LevelsUnreadable++
		}
		st.LevelsDefault++
		if house {
			return opts.HouseLevels
		}
		return opts.OtherLevels
	}
	limit := float64(MaxLevels)
	if house {
		limit = MaxHouseLevels
	}
	if lv > limit {
		st.Capped++
		if len(st.CappedExamples) < 3 {
			st.CappedExamples = append(st.CappedExamples, fmt.Sprintf("%s/%d %s %s → %s", b.Type, b.ID, b.Kind, num(lv), num(limit)))
		}
		lv = limit
	}
	return lv
}

// Residents returns one resident per home, in home order: its ID and
// Building are the OSM element ("way/123"), its point the home's, its
// weight the people it holds, and it is marked Estimated.
func (e Estimate) Residents() []access.Resident {
	out := make([]access.Resident, len(e.Homes))
	for i, h := range e.Homes {
		out[i] = access.Resident{ID: h.Building, Point: h.Point, Weight: h.People, Estimated: true, Building: h.Building}
	}
	return out
}

// Lines describes the estimate for a report header, in English: what was
// counted and what was not, by rule, and where the levels came from.
func (s Stats) Lines() []string { return s.LinesIn(i18n.English) }

// LinesIn is Lines in l.
func (s Stats) LinesIn(l i18n.Language) []string {
	tr := l.Sprintf
	out := []string{tr("estimate: %s people in %s homes of %s OSM buildings (%s by a residential building value, %s building=yes in residential land use, %s declared by building:flats or building:use); %s with shops or services on the ground floor counted without it",
		num(round1(s.People)), itoa(s.Homes), itoa(s.Buildings), itoa(s.HomesByKind), itoa(s.HomesInLand), itoa(s.HomesDeclared), itoa(s.Mixed))}
	var not []string
	if s.NotHomeKind > 0 {
		not = append(not, tr("%s other building values (office, retail, church, ...)", itoa(s.NotHomeKind)))
	}
	if n := sum(s.NonHomeTag); n > 0 {
		not = append(not, tr("%s building=yes with a tag of another use (%s)", itoa(n), counts(l, s.NonHomeTag)))
	}
	if n := sum(s.OtherLand); n > 0 {
		not = append(not, tr("%s building=yes in other land use (%s)", itoa(n), counts(l, s.OtherLand)))
	}
	if s.NoLand > 0 {
		not = append(not, tr("%s building=yes outside any land-use area", itoa(s.NoLand)))
	}
	if s.TooSmall > 0 {
		not = append(not, tr("%s homes with a footprint under the minimum", itoa(s.TooSmall)))
	}
	if len(not) > 0 {
		out = append(out, tr("estimate: not counted: %s", strings.Join(not, tr("; "))))
	}
	lv := tr("estimate: levels of homes: %s from building:levels, %s from height, %s default", itoa(s.LevelsTagged), itoa(s.LevelsFromHeight), itoa(s.LevelsDefault))
	if s.LevelsUnreadable > 0 {
		lv += tr(" (%s of them with an unreadable building:levels)", itoa(s.LevelsUnreadable))
	}
	if s.Capped > 0 {
		lv += tr("; %s implausible values capped (%s)", itoa(s.Capped), strings.Join(s.CappedExamples, l.ListSeparator()))
	}
	return append(out, lv)
}

func round1(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// counts renders a count map, largest first, then by name, in l.
func counts(l i18n.Language, m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, l.ListSeparator())
}

// MinBuildingsPerStreetKm is the density of OSM buildings per kilometre of
// walkable street below which Warnings says building coverage looks
// incomplete: a street lined with homes has dozens per kilometre, open
// country a few.
const MinBuildingsPerStreetKm = 2

// Warnings are the report header's warnings, in English, about an
// estimate that is likely too low: most building=yes outside land use, or
// few buildings for the streets (streetKm is the walkable network's
// length; 0 skips that check).
func (s Stats) Warnings(streetKm float64) []string { return s.WarningsIn(i18n.English, streetKm) }

// WarningsIn is Warnings in l.
func (s Stats) WarningsIn(l i18n.Language, streetKm float64) []string {
	tr := l.Sprintf
	var out []string
	if s.NoLand > s.Homes {
		out = append(out, tr("warning: %s building=yes stand outside any land-use area and are not counted, more than the %s homes found: where residential land use is not mapped the estimate is too low; bring counts (--population, --grid-population)", itoa(s.NoLand), itoa(s.Homes)))
	}
	if streetKm > 0 && float64(s.Buildings) < MinBuildingsPerStreetKm*streetKm {
		out = append(out, tr("warning: only %s OSM buildings per km of walkable street (%s for %s km): building coverage looks incomplete and the estimate too low; bring counts (--population, --grid-population)",
			strconv.FormatFloat(float64(s.Buildings)/streetKm, 'f', 1, 64), itoa(s.Buildings), strconv.FormatFloat(streetKm, 'f', 0, 64)))
	}
	return out
}
