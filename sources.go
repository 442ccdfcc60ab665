package walkshed

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/geo/spatial"
	"github.com/walkshed/walkshed/routing/access"
)

// Facilities returns the city's OSM features that match a category of tax,
// one Facility per (feature, category) pair, in feature order. The ID is the
// OSM element ("node/123"), the name its name tag.
func (c *City) Facilities(tax *taxonomy.Taxonomy) []access.Facility {
	var out []access.Facility
	var cats []string
	for _, f := range c.features {
		cats = tax.AppendMatch(cats[:0], f.Tags)
		ref := f.Type + "/" + strconv.FormatInt(f.ID, 10)
		for _, cat := range cats {
			out = append(out, access.Facility{ID: ref, Name: f.Tags.Find("name"), Category: cat, Point: f.Point, Source: "osm", Ref: ref})
		}
	}
	return out
}

// EstimateOptions tune the resident estimate from buildings. The zero value
// means the defaults documented on each field.
type EstimateOptions struct {
	// FloorAreaPerPerson in square metres; 0 means 35 (a mid value between
	// the European and Chinese urban averages of living space per person).
	FloorAreaPerPerson float64
	// DefaultLevels is used when building:levels is missing; 0 means 2 for
	// houses (house, detached, semidetached_house, terrace, bungalow) and 4
	// for other residential buildings.
	DefaultLevels float64
	// MinArea in square metres; smaller footprints (sheds, garages inside
	// residential areas) are skipped. 0 means 30.
	MinArea float64
}

// describe states the estimate's rule with its parameters, for reports.
func (o EstimateOptions) describe() string {
	per, minArea := o.FloorAreaPerPerson, o.MinArea
	if per <= 0 {
		per = 35
	}
	if minArea <= 0 {
		minArea = 30
	}
	levels := "2 for houses and 4 for other homes when building:levels is missing"
	if o.DefaultLevels > 0 {
		levels = fmt.Sprintf("%g when building:levels is missing", o.DefaultLevels)
	}
	return fmt.Sprintf("footprint × levels ÷ %g m² per person; levels %s; footprints under %g m² skipped", per, levels, minArea)
}

var houseKinds = map[string]bool{"house": true, "detached": true, "semidetached_house": true, "terrace": true, "bungalow": true}

// EstimateResidents estimates where people live from OSM buildings: every
// residential building type, and building=yes inside landuse=residential,
// holds footprint area × levels ÷ floor area per person people, as one
// resident point (its interior point) weighted by that number. The result
// is marked Estimated and is an estimate: say so wherever it is shown.
func (c *City) EstimateResidents(opts EstimateOptions) []access.Resident {
	per := opts.FloorAreaPerPerson
	if per <= 0 {
		per = 35
	}
	minArea := opts.MinArea
	if minArea <= 0 {
		minArea = 30
	}
	var landuse *spatial.ZoneIndex
	if len(c.residentialLanduse) > 0 {
		landuse, _ = spatial.NewZoneIndex(c.residentialLanduse)
	}
	var out []access.Resident
	for _, b := range c.buildings {
		if b.AreaM2 < minArea {
			continue
		}
		res := b.Residential
		if !res && b.Kind == "yes" && landuse != nil {
			_, res = landuse.Locate(b.Point)
		}
		if !res {
			continue
		}
		levels := b.Levels
		if levels <= 0 {
			switch {
			case opts.DefaultLevels > 0:
				levels = opts.DefaultLevels
			case houseKinds[b.Kind]:
				levels = 2
			default:
				levels = 4
			}
		}
		w := math.Round(b.AreaM2*levels/per*10) / 10
		if w < 1 {
			w = 1
		}
		out = append(out, access.Resident{ID: b.Type + "/" + strconv.FormatInt(b.ID, 10), Point: b.Point, Weight: w, Estimated: true})
	}
	return out
}

// AdminZones returns the complete administrative boundaries of the given
// admin_level as zones, in boundary order. It fails when there is none,
// naming the levels the file does have, and when a boundary is not a valid
// polygon.
func (c *City) AdminZones(level int) ([]access.Zone, error) {
	var zones []access.Zone
	levels := map[int]int{}
	for _, b := range c.boundaries {
		levels[b.AdminLevel]++
		if b.AdminLevel != level {
			continue
		}
		ref := b.Type + "/" + strconv.FormatInt(b.ID, 10)
		if err := spatial.ValidatePolygon(b.Geometry); err != nil {
			return nil, fmt.Errorf("%s: boundary %s (%q, admin_level=%d): %w", c.source, ref, b.Name, level, err)
		}
		name := b.Name
		if name == "" {
			name = ref
		}
		zones = append(zones, access.Zone{ID: ref, Name: name, Geometry: b.Geometry})
	}
	if len(zones) == 0 {
		var ls []int
		for l := range levels {
			ls = append(ls, l)
		}
		sort.Ints(ls)
		var have []string
		for _, l := range ls {
			have = append(have, fmt.Sprintf("%d (%d)", l, levels[l]))
		}
		msg := "none"
		if len(have) > 0 {
			msg = strings.Join(have, ", ")
		}
		return nil, fmt.Errorf("%s: no complete boundary with admin_level=%d; complete boundaries by level: %s", c.source, level, msg)
	}
	return zones, nil
}

// HexZones returns, as zones, the H3 cells of the given resolution that
// hold at least one resident, sorted by cell. It is the default grid when
// none is given (resolution 8, cells of about 0.7 km²).
func HexZones(residents []access.Resident, res int) ([]access.Zone, error) {
	seen := map[hex.Cell]bool{}
	var cells []hex.Cell
	for _, r := range residents {
		cell, err := hex.FromPoint(r.Point, res)
		if err != nil {
			return nil, fmt.Errorf("resident %q: %w", r.ID, err)
		}
		if !seen[cell] {
			seen[cell] = true
			cells = append(cells, cell)
		}
	}
	sort.Slice(cells, func(i, j int) bool { return cells[i] < cells[j] })
	zones := make([]access.Zone, len(cells))
	for i, cell := range cells {
		zones[i] = access.Zone{ID: cell.String(), Name: cell.String(), Geometry: orb.MultiPolygon{orb.Polygon{cell.Boundary()}}}
	}
	return zones, nil
}
