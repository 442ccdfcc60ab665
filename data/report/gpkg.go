package report

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// ServiceArea is the area from which a facility of one category is within
// the audit's budget: the isochrone of all the category's usable
// facilities together. It is the "isochrones" layer of the GeoPackage.
type ServiceArea struct {
	// Category is the audited category.
	Category string
	// Facilities is the number of usable facilities it was drawn from;
	// with none the contour has no geometry.
	Facilities int
	// Resolution is the H3 resolution of the cells it was drawn with.
	Resolution int
	// Contour is the area reached within the budget.
	Contour isochrone.Contour
}

// GeoPackage layer names, in the order WriteGeoPackage writes them.
const (
	LayerGrids      = "grids"
	LayerTotals     = "totals"
	LayerResidents  = "residents"
	LayerGapCells   = "gap_cells"
	LayerFacilities = "facilities"
	LayerIsochrones = "isochrones"
	LayerHeader     = "report_header"
)

// WriteGeoPackage writes audit.gpkg, a GeoPackage (see data/gpkg) that
// QGIS and GDAL open as it is, with the layers
//
//   - grids (MultiPolygon): one feature per grid with a geometry, with
//     grid, id, kind, residents, weight, unroutable, unroutable_weight and,
//     for every category and then "complete", <c>_pct, <c>_covered,
//     <c>_covered_weight, <c>_median_min, <c>_median_beyond_budget,
//     <c>_p90_min and <c>_p90_beyond_budget, as grids.csv has them;
//   - totals (a table without geometry): the same columns for the rows
//     without a polygon: grids given without geometry, "outside any
//     grid", "total" and the resident groups;
//   - residents (Point): the columns of residents.csv besides lon and lat
//     (weight and building among them), with snap_m (metres to the
//     street, null when unknown);
//   - gap_cells (Polygon): cell, residents, weight and missing_<c>;
//   - facilities (Point): the columns of facilities.csv;
//   - isochrones (MultiPolygon): per category, the area from which a
//     facility of it is within the budget (Audit.ServiceAreas; the layer is
//     empty when they were not computed), with category, facilities,
//     budget, walk_m, profile, area_m2, street_m, h3_resolution and cells;
//   - report_header (a table without geometry): key and value lines with
//     the title, the attribution and the run's header.
//
// Numbers have the precision of the text outputs (minutes one decimal,
// shares one decimal, weights three); no value is infinite: a percentile
// beyond the budget is null with its beyond_budget flag set. Coordinates
// are WGS 84 longitude/latitude (EPSG:4326); each layer's last_change is
// the OSM data timestamp, so the same audit gives the same bytes.
//
// SQLite needs a file: the GeoPackage is written in a temporary folder and
// copied to w.
func WriteGeoPackage(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "walkshed-gpkg-")
	if err != nil {
		return fmt.Errorf("report: gpkg: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "audit.gpkg")
	if err := p.writeGeoPackage(path); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("report: gpkg: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("report: gpkg: %w", err)
	}
	return nil
}

// lastChange is the GeoPackage last_change: the OSM data timestamp when it
// is one, else "" (gpkg's fixed default).
func (p *prepared) lastChange() string {
	if _, err := time.Parse(time.RFC3339Nano, p.h.OSMTimestamp); err == nil {
		return p.h.OSMTimestamp
	}
	return ""
}

// number converts a formatted number back to a float64 for a REAL
// column, nil (NULL) when empty. The formats are the text outputs', so
// every output rounds alike.
func number(s string) any {
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	return v
}

// statColumns are the per-category columns of the grids and totals layers.
func statColumns(c string) []gpkg.Column {
	return []gpkg.Column{
		{Name: c + "_pct", Type: gpkg.Real}, {Name: c + "_covered", Type: gpkg.Integer},
		{Name: c + "_covered_weight", Type: gpkg.Real},
		{Name: c + "_median_min", Type: gpkg.Real}, {Name: c + "_median_beyond_budget", Type: gpkg.Boolean},
		{Name: c + "_p90_min", Type: gpkg.Real}, {Name: c + "_p90_beyond_budget", Type: gpkg.Boolean},
	}
}

// writeGeoPackage writes the GeoPackage at path.
func (p *prepared) writeGeoPackage(path string) (err error) {
	gw, err := gpkg.Create(path, p.lastChange())
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer func() {
		if cerr := gw.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("report: %w", cerr)
		}
	}()
	add := func(spec gpkg.LayerSpec) *gpkg.Layer {
		if err != nil {
			return nil
		}
		var l *gpkg.Layer
		l, err = gw.AddLayer(spec)
		return l
	}
	put := func(l *gpkg.Layer, g orb.Geometry, vals ...any) {
		if err == nil {
			err = l.Add(g, vals...)
		}
	}
	credit := " " + Attribution + "."

	// grids and totals
	rowCols := []gpkg.Column{{Name: "grid", Type: gpkg.Text}, {Name: "id", Type: gpkg.Text}, {Name: "kind", Type: gpkg.Text},
		{Name: "residents", Type: gpkg.Integer}, {Name: "weight", Type: gpkg.Real},
		{Name: "unroutable", Type: gpkg.Integer}, {Name: "unroutable_weight", Type: gpkg.Real}}
	for _, c := range append(append([]string(nil), p.cats...), "complete") {
		rowCols = append(rowCols, statColumns(c)...)
	}
	grids := add(gpkg.LayerSpec{Name: LayerGrids, GeometryType: gpkg.MultiPolygon, Columns: rowCols,
		Description: "Coverage by grid: per category and complete, the share of residents' weight within the budget and the walking minutes." + credit})
	totals := add(gpkg.LayerSpec{Name: LayerTotals, Columns: rowCols,
		Description: "Coverage of the rows without a polygon: outside any grid, total, resident groups." + credit})
	for _, row := range p.tableRows() {
		vals := []any{row.Name, "", rowKind(row), row.Residents, number(weight(row.Weight)), row.UnroutableCount, number(weight(row.UnroutableWeight))}
		z, ok := p.zoneOf(row)
		if ok {
			vals[1] = z.ID
		}
		for c := 0; c <= len(p.cats); c++ {
			s := statsOf(row, c)
			vals = append(vals, number(pct(s.Share())), s.CoveredCount, number(weight(s.CoveredWeight)),
				number(csvMinutes(s.Median)), isBeyond(s.Median), number(csvMinutes(s.P90)), isBeyond(s.P90))
		}
		if ok && len(z.Geometry) > 0 {
			put(grids, z.Geometry, vals...)
		} else {
			put(totals, nil, vals...)
		}
	}

	// residents
	resCols := []gpkg.Column{{Name: "id", Type: gpkg.Text}, {Name: "grid", Type: gpkg.Text}, {Name: "group", Type: gpkg.Text},
		{Name: "weight", Type: gpkg.Real}, {Name: "building", Type: gpkg.Text}, {Name: "status", Type: gpkg.Text}, {Name: "reason", Type: gpkg.Text}, {Name: "snap_m", Type: gpkg.Real}}
	for _, c := range p.cats {
		resCols = append(resCols, gpkg.Column{Name: c + "_minutes", Type: gpkg.Real}, gpkg.Column{Name: c + "_meters", Type: gpkg.Real},
			gpkg.Column{Name: c + "_facility", Type: gpkg.Text}, gpkg.Column{Name: c + "_beyond_budget", Type: gpkg.Boolean})
	}
	residents := add(gpkg.LayerSpec{Name: LayerResidents, GeometryType: gpkg.Point, Columns: resCols,
		Description: "Every resident: status, and per category the walk to the nearest facility (beyond the budget: the budget's minutes, a lower bound, with beyond_budget set)." + credit})
	for i, rr := range p.r.Residents {
		res := p.a.Residents[i]
		var snap any
		if rr.SnapMeters >= 0 {
			snap = number(meters(rr.SnapMeters))
		}
		vals := []any{res.ID, p.gridName(rr.Zone), res.Group, number(weight(weightOf(res))), res.Building, string(rr.Status), rr.Reason, snap}
		for c := range p.cats {
			switch {
			case c >= len(rr.Reach):
				vals = append(vals, nil, nil, nil, nil)
			case len(rr.Reach[c]) == 0:
				vals = append(vals, number(minutes(p.budgetMinutesOf(res))), nil, nil, true)
			default:
				x := rr.Reach[c][0]
				vals = append(vals, number(minutes(x.Minutes)), number(meters(x.Meters)), p.a.Facilities[x.Facility].ID, false)
			}
		}
		put(residents, pointOrNil(res.Point), vals...)
	}

	// gap cells
	gapCols := []gpkg.Column{{Name: "cell", Type: gpkg.Text}, {Name: "residents", Type: gpkg.Integer}, {Name: "weight", Type: gpkg.Real}}
	for _, c := range p.cats {
		gapCols = append(gapCols, gpkg.Column{Name: "missing_" + c, Type: gpkg.Real})
	}
	gaps := add(gpkg.LayerSpec{Name: LayerGapCells, GeometryType: gpkg.Polygon, Columns: gapCols,
		Description: fmt.Sprintf("H3 cells (resolution %d) holding residents beyond the budget of at least one category; missing_<category> is their weight.", p.gapResolution()) + credit})
	for _, g := range p.r.Gaps {
		vals := []any{g.Cell.String(), g.Count, number(weight(g.Weight))}
		for _, m := range g.Missing {
			vals = append(vals, number(weight(m)))
		}
		put(gaps, orb.Polygon{g.Cell.Boundary()}, vals...)
	}

	// facilities
	facCols := []gpkg.Column{{Name: "id", Type: gpkg.Text}, {Name: "osm_id", Type: gpkg.Text}, {Name: "source", Type: gpkg.Text},
		{Name: "ref", Type: gpkg.Text}, {Name: "category", Type: gpkg.Text}, {Name: "name", Type: gpkg.Text},
		{Name: "status", Type: gpkg.Text}, {Name: "reason", Type: gpkg.Text},
		{Name: "nearest_residents", Type: gpkg.Integer}, {Name: "nearest_weight", Type: gpkg.Real}}
	facilities := add(gpkg.LayerSpec{Name: LayerFacilities, GeometryType: gpkg.Point, Columns: facCols,
		Description: "Every facility given to the audit: its category, OSM id, whether it counted, and for how many residents it is the nearest." + credit})
	for _, row := range p.facilityRows() {
		f := p.a.Facilities[row.index]
		var oid any
		if id := osmID(f.Source, f.Ref); id != "" {
			oid = id
		}
		put(facilities, pointOrNil(f.Point), f.ID, oid, f.Source, f.Ref, f.Category, f.Name, row.status, row.reason,
			row.nearest, number(weight(row.weight)))
	}

	// isochrones
	isoCols := []gpkg.Column{{Name: "category", Type: gpkg.Text}, {Name: "facilities", Type: gpkg.Integer},
		{Name: "budget", Type: gpkg.Text}, {Name: "walk_m", Type: gpkg.Real}, {Name: "profile", Type: gpkg.Text},
		{Name: "area_m2", Type: gpkg.Real}, {Name: "street_m", Type: gpkg.Real},
		{Name: "h3_resolution", Type: gpkg.Integer}, {Name: "cells", Type: gpkg.Integer}}
	isos := add(gpkg.LayerSpec{Name: LayerIsochrones, GeometryType: gpkg.MultiPolygon, Columns: isoCols,
		Description: "Per category, the area from which a facility of it is within the budget." + credit})
	for _, sa := range p.a.ServiceAreas {
		var g orb.Geometry
		if len(sa.Contour.Geometry) > 0 {
			g = sa.Contour.Geometry
		}
		put(isos, g, sa.Category, sa.Facilities, p.h.Budget, number(meters(p.r.Meters)), p.h.Profile,
			number(meters(sa.Contour.AreaM2)), number(meters(sa.Contour.StreetM)), sa.Resolution, len(sa.Contour.Cells))
	}

	// header
	hdr := add(gpkg.LayerSpec{Name: LayerHeader, Columns: []gpkg.Column{{Name: "key", Type: gpkg.Text}, {Name: "value", Type: gpkg.Text}},
		Description: "How the audit was made: inputs, OSM data, budget, profile, taxonomy, version." + credit})
	put(hdr, nil, "title", p.title())
	put(hdr, nil, "attribution", Attribution)
	for _, l := range p.headerLines() {
		put(hdr, nil, l.key, l.value)
	}
	return err
}

// isBeyond reports whether a percentile lies beyond the budget (+Inf).
func isBeyond(v float64) bool { return math.IsInf(v, 1) }

// pointOrNil is p as a geometry, or nil when its coordinates are not a
// finite position.
func pointOrNil(p orb.Point) orb.Geometry {
	if csvCoord(p[0]) == "" || csvCoord(p[1]) == "" {
		return nil
	}
	return p
}

// WriteIsochronesGeoPackage writes the contours of WriteIsochronesGeoJSON
// as a GeoPackage: the layer "isochrones" (MultiPolygon, largest budget
// first) with minutes or meters, walk_m, profile, speed_mps, area_m2,
// street_m, h3_resolution and cells, and the table "report_header" with
// the attribution, source, OSM timestamp and version. Its last_change is
// m.Timestamp when that is a timestamp.
func WriteIsochronesGeoPackage(w io.Writer, cs []isochrone.Contour, m IsochroneMeta) error {
	dir, err := os.MkdirTemp("", "walkshed-gpkg-")
	if err != nil {
		return fmt.Errorf("report: gpkg: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "isochrones.gpkg")
	last := m.Timestamp
	if _, err := time.Parse(time.RFC3339Nano, last); err != nil {
		last = ""
	}
	if err := writeIsochronesGPKG(path, last, cs, m); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("report: gpkg: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("report: gpkg: %w", err)
	}
	return nil
}

func writeIsochronesGPKG(path, lastChange string, cs []isochrone.Contour, m IsochroneMeta) (err error) {
	gw, err := gpkg.Create(path, lastChange)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer func() {
		if cerr := gw.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("report: %w", cerr)
		}
	}()
	isos, err := gw.AddLayer(gpkg.LayerSpec{Name: LayerIsochrones, GeometryType: gpkg.MultiPolygon,
		Description: "Walking isochrones: the area reached within each budget. " + m.Attribution,
		Columns: []gpkg.Column{{Name: "minutes", Type: gpkg.Real}, {Name: "meters", Type: gpkg.Real}, {Name: "walk_m", Type: gpkg.Real},
			{Name: "profile", Type: gpkg.Text}, {Name: "speed_mps", Type: gpkg.Real}, {Name: "area_m2", Type: gpkg.Real},
			{Name: "street_m", Type: gpkg.Real}, {Name: "h3_resolution", Type: gpkg.Integer}, {Name: "cells", Type: gpkg.Integer}}})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for _, i := range largestFirst(cs) {
		c := cs[i]
		var g orb.Geometry
		if len(c.Geometry) > 0 {
			g = c.Geometry
		}
		var mins, mets any
		if c.Budget.Meters > 0 {
			mets = c.Budget.Meters
		} else {
			mins = c.Budget.Minutes
		}
		if err := isos.Add(g, mins, mets, number(fixed(c.Meters, 1)), m.Profile, m.Speed, number(meters(c.AreaM2)),
			number(meters(c.StreetM)), m.Resolution, len(c.Cells)); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	hdr, err := gw.AddLayer(gpkg.LayerSpec{Name: LayerHeader, Columns: []gpkg.Column{{Name: "key", Type: gpkg.Text}, {Name: "value", Type: gpkg.Text}},
		Description: "How the isochrones were made. " + m.Attribution})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for _, kv := range [][2]string{{"attribution", m.Attribution}, {"source", m.Source}, {"osm_timestamp", m.Timestamp}, {"walkshed", m.Version}} {
		if err := hdr.Add(nil, kv[0], kv[1]); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}
