package walkshed

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/data/grid"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo/spatial"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// DefaultGridResolution is the H3 resolution of the default grids.
const DefaultGridResolution = grid.DefaultH3Resolution

// AuditRequest is a whole audit as a planner states it: where the services,
// residents and grids come from, and the audit options.
type AuditRequest struct {
	// Taxonomy maps OSM tags to categories; nil means taxonomy.Default().
	Taxonomy *taxonomy.Taxonomy
	// ServicesFile is a community directory (CSV or GeoJSON) that adds to
	// the OSM facilities, or replaces them with ServicesOnly.
	ServicesFile string
	ServicesOnly bool
	// ResidentsFile gives residents; empty means estimate them from OSM
	// buildings with Estimate.
	ResidentsFile string
	Estimate      population.Options
	// Grids is "" (H3 cells of DefaultGridResolution holding residents),
	// "osm:admin_level=N" (complete OSM boundaries of that level) or a
	// GeoJSON file of polygons named by the GridName property.
	Grids    string
	GridName string
	// SkipBadRows turns bad input rows into ledger entries.
	SkipBadRows bool
	// Options are the audit options; empty Categories means every category
	// of the taxonomy.
	Options access.Options
}

// AuditReport is an audit with everything a report shows.
type AuditReport = report.Audit

// RunAudit assembles the inputs a request names and runs the audit. Every
// input error names its file, line or feature.
func (c *City) RunAudit(ctx context.Context, req AuditRequest) (*AuditReport, error) {
	tax := req.Taxonomy
	if tax == nil {
		tax = taxonomy.Default()
	}
	opts := req.Options
	if len(opts.Categories) == 0 {
		opts.Categories = tax.Names()
	}
	for _, cat := range opts.Categories {
		if err := tax.Validate(cat); err != nil {
			return nil, err
		}
	}
	h := report.Header{
		Version:      Version,
		OSMTimestamp: c.TimestampString(),
		Budget:       opts.Budget.String(),
		Profile:      opts.Profile.Name,
		Speed:        opts.Profile.Speed,
		K:            max(opts.K, 1),
		Taxonomy:     fmt.Sprintf("%d categories, rules %s", tax.Len(), tax.Fingerprint()),
	}
	if len(opts.GroupProfiles) > 0 {
		var gs []string
		for grp, p := range opts.GroupProfiles {
			gs = append(gs, fmt.Sprintf("group %s: %s %.2f m/s", grp, p.Name, p.Speed))
		}
		sort.Strings(gs)
		h.Profile += "; " + strings.Join(gs, "; ")
	}
	h.Inputs = append(h.Inputs, "network: "+c.SourceName(), "network rules: "+c.NetworkRules()+
		fmt.Sprintf("; points farther than %s m from a street are unroutable", strconv.FormatFloat(maxSnapOf(opts), 'f', -1, 64)))
	var ledger []string

	// services
	var facilities []access.Facility
	if !req.ServicesOnly {
		facilities = c.Facilities(tax)
	}
	if req.ServicesFile != "" {
		dir, bad, err := table.ReadFacilities(req.ServicesFile, table.Options{SkipBadRows: req.SkipBadRows, CheckCategory: tax.Validate})
		if err != nil {
			return nil, err
		}
		ledger = appendSkipped(ledger, req.ServicesFile, bad)
		facilities = append(facilities, dir...)
		what := "adds to OSM services"
		if req.ServicesOnly {
			what = "replaces OSM services"
		}
		h.Inputs = append(h.Inputs, fmt.Sprintf("services: %s (%d, %s)", displayName(req.ServicesFile), len(dir), what))
	} else if req.ServicesOnly {
		return nil, errors.New("--services-only needs --services FILE")
	}
	if !req.ServicesOnly {
		h.Inputs = append(h.Inputs, "services: OpenStreetMap tags of "+displayName(c.source))
	}

	// residents
	var residents []access.Resident
	if req.ResidentsFile != "" {
		rs, bad, err := table.ReadResidents(req.ResidentsFile, table.Options{SkipBadRows: req.SkipBadRows})
		if err != nil {
			return nil, err
		}
		ledger = appendSkipped(ledger, req.ResidentsFile, bad)
		residents = rs
		h.Inputs = append(h.Inputs, fmt.Sprintf("residents: %s (%d)", displayName(req.ResidentsFile), len(rs)))
	} else {
		residents = c.EstimateResidents(req.Estimate)
		if len(residents) == 0 {
			return nil, fmt.Errorf("%s: no residential building to estimate residents from; give --residents FILE", c.source)
		}
		h.Inputs = append(h.Inputs, fmt.Sprintf("residents: ESTIMATED from %d OSM residential buildings (%s)", len(residents), req.Estimate.Describe()))
	}

	// grids
	var zones []access.Zone
	switch {
	case req.Grids == "":
		var err error
		if zones, err = grid.H3(residents, DefaultGridResolution); err != nil {
			return nil, err
		}
		h.Grids = fmt.Sprintf("H3 resolution %d cells holding residents (%d)", DefaultGridResolution, len(zones))
	case strings.HasPrefix(req.Grids, "osm:"):
		spec := strings.TrimPrefix(req.Grids, "osm:")
		lv, ok := strings.CutPrefix(spec, "admin_level=")
		level, err := strconv.Atoi(lv)
		if !ok || err != nil {
			return nil, fmt.Errorf("grids %q: want osm:admin_level=N", req.Grids)
		}
		if zones, err = c.AdminZones(level); err != nil {
			return nil, err
		}
		h.Grids = fmt.Sprintf("OSM admin_level=%d boundaries (%d)", level, len(zones))
	default:
		zs, err := table.ReadZones(req.Grids, req.GridName)
		if err != nil {
			return nil, err
		}
		for i, z := range zs {
			if err := spatial.ValidatePolygon(z.Geometry); err != nil {
				return nil, fmt.Errorf("%s: feature %d (%q): %w", req.Grids, i+1, z.Name, err)
			}
		}
		zones = zs
		h.Grids = fmt.Sprintf("%s (%d)", displayName(req.Grids), len(zones))
	}
	res, err := c.Audit(ctx, AuditInput{Facilities: facilities, Residents: residents, Zones: zones}, opts)
	if err != nil {
		return nil, err
	}
	h.Inputs = append(h.Inputs, ledger...)
	for i, n := range res.FacilityCount {
		if n == 0 {
			h.Inputs = append(h.Inputs, fmt.Sprintf("warning: no %s facility in the inputs, so no resident is covered for %s (and none is complete); add a directory with --services or leave the category out with --categories", opts.Categories[i], opts.Categories[i]))
		}
	}
	return &report.Audit{Header: h, Result: res, Residents: residents, Facilities: facilities, Zones: zones}, nil
}

// displayName is a file name as reports show it: the base name, so reports
// do not depend on where the files were.
func displayName(path string) string { return filepath.Base(path) }

// appendSkipped renders skipped input rows as ledger lines.
func appendSkipped(dst []string, file string, bad []table.RowError) []string {
	for _, b := range bad {
		where := fmt.Sprintf("%s:%d", displayName(file), b.Line)
		if b.Feature > 0 {
			where = fmt.Sprintf("%s: feature %d", displayName(file), b.Feature)
		}
		id := ""
		if b.ID != "" {
			id = fmt.Sprintf(" (id %q)", b.ID)
		}
		dst = append(dst, fmt.Sprintf("skipped row %s%s: %s", where, id, b.Reason))
	}
	return dst
}

func maxSnapOf(o access.Options) float64 {
	if o.MaxSnap > 0 {
		return o.MaxSnap
	}
	return routing.DefaultMaxSnap
}
