package population

import (
	"fmt"
	"math"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/geo/spatial"
	"github.com/walkshed/walkshed/routing/access"
)

// Defaults of Options.
const (
	// DefaultFloorAreaPerPerson in square metres: a mid value between the
	// European and Chinese urban averages of living space per person.
	DefaultFloorAreaPerPerson = 35
	// DefaultHouseLevels is the levels of a house (house, detached,
	// semidetached_house, terrace, bungalow) without building:levels.
	DefaultHouseLevels = 2
	// DefaultOtherLevels is the levels of any other residential building
	// without building:levels.
	DefaultOtherLevels = 4
	// DefaultMinArea in square metres: smaller footprints (sheds, garages
	// inside residential areas) hold no one.
	DefaultMinArea = 30
)

// Options tune the estimate. The zero value means the defaults documented
// on each field.
type Options struct {
	// FloorAreaPerPerson in square metres; 0 means
	// DefaultFloorAreaPerPerson.
	FloorAreaPerPerson float64
	// DefaultLevels is used when building:levels is missing; 0 means
	// DefaultHouseLevels for houses and DefaultOtherLevels for other
	// residential buildings.
	DefaultLevels float64
	// MinArea in square metres; smaller footprints are skipped. 0 means
	// DefaultMinArea.
	MinArea float64
}

// withDefaults returns o with its zero fields replaced by the defaults
// (DefaultLevels stays 0: its default depends on the building).
func (o Options) withDefaults() Options {
	if o.FloorAreaPerPerson <= 0 {
		o.FloorAreaPerPerson = DefaultFloorAreaPerPerson
	}
	if o.MinArea <= 0 {
		o.MinArea = DefaultMinArea
	}
	return o
}

// Describe states the estimate's rule with its parameters, for report
// headers.
func (o Options) Describe() string {
	o = o.withDefaults()
	levels := fmt.Sprintf("%d for houses and %d for other homes when building:levels is missing", DefaultHouseLevels, DefaultOtherLevels)
	if o.DefaultLevels > 0 {
		levels = fmt.Sprintf("%g when building:levels is missing", o.DefaultLevels)
	}
	return fmt.Sprintf("footprint × levels ÷ %g m² per person; levels %s; footprints under %g m² skipped", o.FloorAreaPerPerson, levels, o.MinArea)
}

// houseKinds are the building values whose default is DefaultHouseLevels.
var houseKinds = map[string]bool{"house": true, "detached": true, "semidetached_house": true, "terrace": true, "bungalow": true}

// Estimate returns one resident per building that people live in, in
// building order: its ID is the OSM element ("way/123"), its point the
// building's interior point, its weight the people it holds (at least 1,
// rounded to a tenth), and it is marked Estimated. landuse are the
// landuse=residential areas, which make building=yes residential.
func Estimate(buildings []osmload.Building, landuse []orb.MultiPolygon, opts Options) []access.Resident {
	opts = opts.withDefaults()
	var areas *spatial.ZoneIndex
	if len(landuse) > 0 {
		// An index that cannot be built (more than MaxInt32 areas) leaves
		// building=yes non-residential, as no landuse at all would.
		areas, _ = spatial.NewZoneIndex(landuse)
	}
	var out []access.Resident
	for _, b := range buildings {
		if b.AreaM2 < opts.MinArea || !residential(b, areas) {
			continue
		}
		out = append(out, access.Resident{ID: b.Type + "/" + strconv.FormatInt(b.ID, 10), Point: b.Point,
			Weight: people(b, levels(b, opts), opts), Estimated: true})
	}
	return out
}

// residential reports whether people live in b: its building value is a
// residential one, or it is building=yes inside a residential area.
func residential(b osmload.Building, areas *spatial.ZoneIndex) bool {
	if b.Residential {
		return true
	}
	if b.Kind != "yes" || areas == nil {
		return false
	}
	_, in := areas.Locate(b.Point)
	return in
}

// levels returns b's building:levels, or the default for its kind.
func levels(b osmload.Building, opts Options) float64 {
	switch {
	case b.Levels > 0:
		return b.Levels
	case opts.DefaultLevels > 0:
		return opts.DefaultLevels
	case houseKinds[b.Kind]:
		return DefaultHouseLevels
	default:
		return DefaultOtherLevels
	}
}

// people returns how many people b holds: its floor area over the floor
// area per person, rounded to a tenth, at least 1.
func people(b osmload.Building, levels float64, opts Options) float64 {
	w := math.Round(b.AreaM2*levels/opts.FloorAreaPerPerson*10) / 10
	return max(w, 1)
}
