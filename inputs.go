package walkshed

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo/spatial"
)

// This file holds the helpers that produce the inputs of an AuditRequest
// from files, text and the city's OSM data.

// OSMFacilities returns the city's OSM facilities of tax (see Facilities)
// as an audit input; nil tax means taxonomy.Default().
func (c *City) OSMFacilities(tax *taxonomy.Taxonomy) FacilitySet {
	if tax == nil {
		tax = taxonomy.Default()
	}
	return FacilitySet{Facilities: c.Facilities(tax), Name: displayName(c.source), OSM: true}
}

// ReadFacilities reads a community directory (CSV, GeoJSON or GeoPackage
// points, see data/table) as an audit input, checking every category against tax (nil
// means taxonomy.Default()). With opts.SkipBadRows bad records become
// FacilitySet.Skipped instead of the error.
func ReadFacilities(path string, tax *taxonomy.Taxonomy, opts table.Options) (FacilitySet, error) {
	if tax == nil {
		tax = taxonomy.Default()
	}
	if opts.CheckCategory == nil {
		opts.CheckCategory = tax.Validate
	}
	fs, bad, err := table.ReadFacilities(path, opts)
	if err != nil {
		return FacilitySet{}, err
	}
	return FacilitySet{Facilities: fs, Name: displayName(path), Skipped: bad}, nil
}

// ReadResidents reads residents (CSV, GeoJSON or GeoPackage points, see
// data/table) as an audit input. With opts.SkipBadRows bad records become
// ResidentSet.Skipped instead of the error.
func ReadResidents(path string, opts table.Options) (ResidentSet, error) {
	rs, bad, err := table.ReadResidents(path, opts)
	if err != nil {
		return ResidentSet{}, err
	}
	return ResidentSet{Residents: rs, Name: displayName(path), Skipped: bad}, nil
}

// EstimateResidents estimates where people live from the city's OSM
// buildings and residential areas (see population.Estimate), as an audit
// input that says it is an estimate and by which rule. It fails when the
// city has no residential building; the residents must then be given.
func (c *City) EstimateResidents(opts population.Options) (ResidentSet, error) {
	est := population.EstimateHomes(c.buildings, opts)
	if len(est.Homes) == 0 {
		msg := fmt.Sprintf("%s: no residential building to estimate residents from", c.source)
		if lines := est.Stats.Lines(); len(c.buildings) > 0 && len(lines) > 2 {
			msg += fmt.Sprintf(" (of its %d OSM buildings, %s)", len(c.buildings), strings.TrimPrefix(lines[1], "estimate: "))
		}
		return ResidentSet{}, errors.New(msg)
	}
	streetKm := c.report.WalkableMeters / 1000
	in := func(l i18n.Language) (string, []string) {
		return est.Options.DescribeIn(l), append(est.Stats.LinesIn(l), est.Stats.WarningsIn(l, streetKm)...)
	}
	rule, notes := in(i18n.English)
	return ResidentSet{Residents: est.Residents(), Name: displayName(c.source), Estimate: rule, Notes: notes, estimateIn: in}, nil
}

// ParseGrids parses a grid spec given as text: "" for H3Cells of
// DefaultGridResolution, "osm:admin_level=N" for AdminLevel{N}.
func ParseGrids(spec string) (GridSpec, error) {
	if spec == "" {
		return H3Cells{}, nil
	}
	lv, ok := strings.CutPrefix(spec, "osm:admin_level=")
	level, err := strconv.Atoi(lv)
	if !ok || err != nil {
		return nil, fmt.Errorf("grids %q: want \"\" (H3 cells holding residents) or osm:admin_level=N", spec)
	}
	return AdminLevel{Level: level}, nil
}

// ReadGrids reads zones from a GeoJSON file of polygons named by the
// property nameProp, or a GeoPackage layer named by the column nameProp
// (FILE.gpkg or FILE.gpkg:LAYER; see table.ReadZones), each checked to be a valid
// polygon; errors name the file and the feature.
func ReadGrids(path, nameProp string) (Zones, error) {
	zs, err := table.ReadZones(path, nameProp)
	if err != nil {
		return Zones{}, err
	}
	for i, z := range zs {
		if err := spatial.ValidatePolygon(z.Geometry); err != nil {
			return Zones{}, fmt.Errorf("%s: feature %d (%q): %w", path, i+1, z.Name, err)
		}
	}
	return Zones{Zones: zs, Name: displayName(path)}, nil
}
