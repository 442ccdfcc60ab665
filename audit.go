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
	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/standard"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/spatial"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// DefaultGridResolution is the H3 resolution of the default grids.
const DefaultGridResolution = grid.DefaultH3Resolution

// AuditRequest is a whole audit as values: the facilities, the residents,
// the grids and the options, each input with what the report header says
// of it. Readers and City methods produce the inputs: City.OSMFacilities,
// ReadFacilities, ReadResidents, City.EstimateResidents, ParseGrids,
// ReadGrids.
type AuditRequest struct {
	// Taxonomy is the category rules the facilities were matched with,
	// stated in the header; nil means taxonomy.Default().
	Taxonomy *taxonomy.Taxonomy
	// Facilities are the services audited, from one or more sources: the
	// city's OSM tags, a community directory, or both. They are audited in
	// this order.
	Facilities []FacilitySet
	// Residents are the people whose access is measured.
	Residents ResidentSet
	// Grids are the zones results are summarised over; nil means H3
	// cells of DefaultGridResolution holding residents.
	Grids GridSpec
	// Options are the audit options; empty Categories means every category
	// of the taxonomy.
	Options access.Options
	// Population are counts the residents are fitted to and groups they
	// are split into (see PopulationInputs); the zero value leaves them.
	Population PopulationInputs
	// Lang is the language of the report's texts for people, header
	// included (see data/i18n); the zero value is English.
	Lang i18n.Language
	// Standard, when set, gives each category its own budget (see
	// data/standard): the report adds the share within each category's
	// tier and the compliant share. It also gives the defaults of
	// Taxonomy (its own), Categories (its own) and Budget (its largest).
	Standard *standard.Standard
	// Scenario, when set, adds and removes facilities before the audit
	// and names the what-if in the report header (see Scenario).
	Scenario *Scenario
}

// FacilitySet is facilities from one source and what the report header
// says of them.
type FacilitySet struct {
	Facilities []access.Facility
	// Name names the source in the header: the directory file's base name,
	// or for OSM facilities the OSM file's.
	Name string
	// OSM marks the facilities of the city's OSM tags (City.OSMFacilities);
	// the others are a community directory, which adds to the OSM
	// facilities or, without them, replaces them.
	OSM bool
	// Skipped are the source's records left out as bad; the header lists
	// them.
	Skipped []table.RowError
}

// ResidentSet is residents and what the report header says of them.
type ResidentSet struct {
	Residents []access.Resident
	// Name names the source in the header: a file's base name, "request
	// body", ...
	Name string
	// Estimate states the rule the residents were estimated by, when they
	// were (City.EstimateResidents); the header then says ESTIMATED.
	Estimate string
	// Notes are header lines about how the residents were made (the
	// estimate's counts by rule).
	Notes []string
	// estimateIn says Estimate and Notes in another language than English,
	// for the residents of City.EstimateResidents; nil for others, whose
	// Estimate and Notes print as given.
	estimateIn func(l i18n.Language) (estimate string, notes []string)
	// Skipped are the source's records left out as bad; the header lists
	// them.
	Skipped []table.RowError
	// noneWhy, set by NoResidents, says why there are none; the header
	// says it in the report's language.
	noneWhy string
}

// InputError is an audit request input that cannot be used. Field names
// the AuditRequest field at fault ("Facilities", "Residents", "Grids",
// "Population", "Options" or "Scenario"); the message is Err's.
type InputError struct {
	Field string
	Err   error
}

func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// AuditReport is an audit with everything a report shows.
type AuditReport = report.Audit

// RunAudit checks the request, runs the audit and returns it with its
// report header. Input errors are *InputError values naming the field, and
// for a resident an *access.ResidentError naming its index and ID.
func (c *City) RunAudit(ctx context.Context, req AuditRequest) (*AuditReport, error) {
	if req.Taxonomy == nil && req.Standard != nil {
		req.Taxonomy = req.Standard.Taxonomy
	}
	if req.Taxonomy == nil {
		req.Taxonomy = taxonomy.Default()
	}
	if !req.Lang.Valid() {
		return nil, &InputError{"Lang", fmt.Errorf("walkshed: %q is not a language; known: en, zh", string(req.Lang))}
	}
	if req.Grids == nil {
		req.Grids = H3Cells{}
	}
	opts := req.Options
	if err := applyStandard(req.Standard, &opts); err != nil {
		return nil, &InputError{"Options", err}
	}
	if len(opts.Categories) == 0 {
		opts.Categories = req.Taxonomy.Names()
	}
	for _, cat := range opts.Categories {
		if err := req.Taxonomy.Validate(cat); err != nil {
			return nil, &InputError{"Options", err}
		}
	}
	if len(req.Facilities) == 0 {
		return nil, &InputError{"Facilities", errors.New("walkshed: no facilities given: want the city's OSM facilities, a directory, or both")}
	}
	var facilities []access.Facility
	for _, fs := range req.Facilities {
		facilities = append(facilities, fs.Facilities...)
	}
	facilities, scenarioLine, err := req.Scenario.apply(req.Lang, facilities)
	if err != nil {
		return nil, &InputError{"Scenario", err}
	}
	residents := req.Residents.Residents
	if len(residents) == 0 {
		return nil, &InputError{"Residents", errors.New("walkshed: no residents given")}
	}
	if err := access.CheckResidents(residents); err != nil {
		return nil, &InputError{"Residents", err}
	}
	pop := req.Population
	if pop.Grids != nil && len(pop.Grids.Counts.Groups) > 0 && len(pop.GroupShares) > 0 {
		return nil, &InputError{"Population", fmt.Errorf("walkshed: give group shares or the group columns of %s, not both", pop.Grids.Name)}
	}
	if err := population.CheckShares(pop.GroupShares); err != nil {
		return nil, &InputError{"Population", err}
	}
	tr := req.Lang.Sprintf
	var popLines []string
	if pop.Cells != nil {
		rs, lines, err := c.fitCells(req.Lang, pop.Cells, residents, opts.MaxSnap)
		if err != nil {
			return nil, &InputError{"Population", err}
		}
		residents, popLines = rs, append(popLines, lines...)
	}
	zones, err := req.Grids.zones(c, residents)
	if err != nil {
		return nil, &InputError{"Grids", err}
	}
	if pop.Grids != nil {
		if h3, ok := req.Grids.(H3Cells); ok {
			zones = withNamedCells(zones, pop.Grids, h3.resolution())
		}
		rs, lines, err := c.fitGrids(req.Lang, pop.Grids, residents, zones, opts.MaxSnap)
		if err != nil {
			return nil, &InputError{"Population", err}
		}
		residents, popLines = rs, append(popLines, lines...)
	}
	if len(pop.GroupShares) > 0 {
		if residents, err = population.SplitShares(residents, pop.GroupShares); err != nil {
			return nil, &InputError{"Population", err}
		}
		var parts []string
		for _, s := range pop.GroupShares {
			parts = append(parts, fmt.Sprintf("%s %s%%", s.Group, strconv.FormatFloat(s.Share*100, 'f', -1, 64)))
		}
		popLines = append(popLines, tr("groups: every resident's people split into %s and the rest without a group (group shares)", strings.Join(parts, req.Lang.ListSeparator())))
	}
	if len(residents) == 0 {
		return nil, &InputError{"Population", errors.New("walkshed: no resident left once the population counts were applied (every count is 0 or not placed)")}
	}
	profiled := map[string]bool{}
	for g := range opts.GroupProfiles {
		profiled[g] = true
	}
	if err := checkGroupProfiles(profiled, residents); err != nil {
		return nil, &InputError{"Options", err}
	}
	var overlaps []grid.Overlap
	if _, ok := req.Grids.(H3Cells); !ok {
		if overlaps, err = grid.Overlaps(zones, 1); err != nil {
			return nil, &InputError{"Grids", err}
		}
	}
	res, err := c.Audit(ctx, AuditInput{Facilities: facilities, Residents: residents, Zones: zones}, opts)
	if err != nil {
		return nil, err
	}
	h := c.auditHeader(req, opts, len(zones), res, popLines, populationWarnings(req.Lang, pop.Expect, residents, zones, res.Rows, overlaps))
	if req.Scenario != nil {
		h.Scenario = req.Scenario.Name
		h.Inputs = append(h.Inputs, scenarioLine)
	}
	return &report.Audit{Header: h, Result: res,
		Residents: residents, Facilities: facilities, Zones: zones, Lang: req.Lang, Network: c.graph}, nil
}

// auditHeader is the report header of an audit: every input, its source and
// the options, stated the same way whoever asked, in the request's
// language. popLines describe the population inputs (after the
// residents); warnings come last.
func (c *City) auditHeader(req AuditRequest, opts access.Options, nzones int, res *access.Result, popLines, warnings []string) report.Header {
	l := req.Lang
	tr := l.Sprintf
	itoa := strconv.Itoa
	tax := req.Taxonomy
	h := c.baseHeader(l, opts.Budget, opts.Profile, opts.MaxSnap)
	h.K = max(opts.K, 1)
	h.Taxonomy = tr("%s categories, rules %s", itoa(tax.Len()), tax.Fingerprint())
	h.Grids = req.Grids.describe(l, nzones)
	if len(opts.GroupProfiles) > 0 {
		var gs []string
		for grp, p := range opts.GroupProfiles {
			gs = append(gs, tr("group %s: %s %s m/s", grp, p.Name, strconv.FormatFloat(p.Speed, 'f', 2, 64)))
		}
		sort.Strings(gs)
		h.Profile += "; " + strings.Join(gs, "; ")
	}
	h.Inputs = append(standardLines(req.Standard), h.Inputs...) // the standard first, then the network

	// directories first, then the OSM tags
	osm := false
	for _, fs := range req.Facilities {
		osm = osm || fs.OSM
	}
	what := tr("replaces OSM services")
	if osm {
		what = tr("adds to OSM services")
	}
	var ledger []string
	for _, fs := range req.Facilities {
		if !fs.OSM {
			h.Inputs = append(h.Inputs, tr("services: %s (%s, %s)", fs.Name, itoa(len(fs.Facilities)), what))
		}
		ledger = appendSkipped(ledger, l, fs.Name, fs.Skipped)
	}
	for _, fs := range req.Facilities {
		if fs.OSM {
			h.Inputs = append(h.Inputs, tr("services: OpenStreetMap tags of %s", fs.Name))
		}
	}

	rs := req.Residents
	h.Inputs = append(h.Inputs, residentLines(l, rs)...)
	h.Inputs = append(h.Inputs, popLines...)
	ledger = appendSkipped(ledger, l, rs.Name, rs.Skipped)
	h.Inputs = append(h.Inputs, ledger...)

	for i, n := range res.FacilityCount {
		if n == 0 {
			cat := l.Category(opts.Categories[i])
			h.Inputs = append(h.Inputs, tr("warning: no %s facility in the inputs, so no resident is covered for %s (and none is complete); add a directory of them or leave the category out", cat, cat))
		}
	}
	h.Inputs = append(h.Inputs, warnings...)
	return h
}

// baseHeader is what every report header says first, whatever was run:
// the version, the OSM timestamp, the budget and profile, the network and
// its rules (with maxSnap, 0 for routing.DefaultMaxSnap).
func (c *City) baseHeader(l i18n.Language, budget geo.Budget, profile routing.Profile, maxSnap float64) report.Header {
	if maxSnap <= 0 {
		maxSnap = routing.DefaultMaxSnap
	}
	tr := l.Sprintf
	return report.Header{
		Version: Version, OSMTimestamp: c.TimestampString(), Budget: budget.String(), Profile: profile.Name, Speed: profile.Speed,
		Inputs: []string{tr("network: %s", c.sourceName(l)), tr("network rules: %s; points farther than %s m from a street are unroutable",
			c.networkRules(l), strconv.FormatFloat(maxSnap, 'f', -1, 64))},
	}
}

// GridSpec says which zones an audit summarises over: H3Cells, AdminLevel
// or Zones. ParseGrids and ReadGrids make one from a text or a file.
type GridSpec interface {
	// zones returns the zones for the residents of an audit of c.
	zones(c *City, residents []access.Resident) ([]access.Zone, error)
	// label says what the zones are, for the report header.
	label() string
	// describe says what the n zones are, for the report header, in l.
	describe(l i18n.Language, n int) string
}

// H3Cells are the H3 cells of a resolution that hold at least one resident
// (grid.H3); Resolution 0 means DefaultGridResolution. Each is named after
// the nearest OSM place of the city, keeping its index, e.g. "Ribeira
// (8839220f01fffff)" (grid.NamePlaces); the zone ID is the index.
type H3Cells struct{ Resolution int }

func (g H3Cells) resolution() int {
	if g.Resolution == 0 {
		return DefaultGridResolution
	}
	return g.Resolution
}

func (g H3Cells) zones(c *City, residents []access.Resident) ([]access.Zone, error) {
	zones, err := grid.H3(residents, g.resolution())
	if err != nil {
		return nil, err
	}
	grid.NamePlaces(zones, c.features, c.boundaries)
	return zones, nil
}

func (g H3Cells) label() string {
	return fmt.Sprintf("H3 resolution %d cells holding residents", g.resolution())
}

func (g H3Cells) describe(l i18n.Language, n int) string {
	tr := l.Sprintf
	return tr("H3 resolution %s cells holding residents (%s)", strconv.Itoa(g.resolution()), strconv.Itoa(n))
}

// AdminLevel are the complete OSM administrative boundaries of a level
// (City.AdminZones).
type AdminLevel struct{ Level int }

func (g AdminLevel) zones(c *City, _ []access.Resident) ([]access.Zone, error) {
	return c.AdminZones(g.Level)
}

func (g AdminLevel) label() string { return fmt.Sprintf("OSM admin_level=%d boundaries", g.Level) }

func (g AdminLevel) describe(l i18n.Language, n int) string {
	tr := l.Sprintf
	return tr("OSM admin_level=%s boundaries (%s)", strconv.Itoa(g.Level), strconv.Itoa(n))
}

// Zones are zones given as values, named in the report header by Name
// (e.g. the base name of the file they were read from).
type Zones struct {
	Zones []access.Zone
	Name  string
	// from, set by City.ResolveGrids, is the spec the zones were made
	// from; the header then describes them as it does, in the report's
	// language.
	from GridSpec
}

func (g Zones) zones(*City, []access.Resident) ([]access.Zone, error) {
	for i, z := range g.Zones {
		if err := spatial.ValidatePolygon(z.Geometry); err != nil {
			return nil, fmt.Errorf("%s: zone %d (%q): %w", g.Name, i+1, z.Name, err)
		}
	}
	return g.Zones, nil
}

func (g Zones) label() string {
	if g.Name == "" {
		return "zones given"
	}
	return g.Name
}

func (g Zones) describe(l i18n.Language, n int) string {
	tr := l.Sprintf
	if g.from != nil && g.Name == g.from.label() {
		return g.from.describe(l, n)
	}
	if g.Name == "" {
		return tr("zones given (%s)", strconv.Itoa(n))
	}
	return tr("%s (%s)", g.Name, strconv.Itoa(n))
}

// displayName is a file name as reports show it: the base name, so reports
// do not depend on where the files were.
func displayName(path string) string { return filepath.Base(path) }

// appendSkipped renders skipped input rows of the source named name as
// ledger lines in l.
func appendSkipped(dst []string, l i18n.Language, name string, bad []table.RowError) []string {
	tr := l.Sprintf
	for _, b := range bad {
		where := fmt.Sprintf("%s:%d", name, b.Line)
		switch {
		case b.Layer != "":
			where = tr("%s: layer %s row %s", name, strconv.Quote(b.Layer), strconv.Itoa(b.Feature))
		case b.Feature > 0:
			where = tr("%s: feature %s", name, strconv.Itoa(b.Feature))
		}
		id := ""
		if b.ID != "" {
			id = tr(" (id %s)", strconv.Quote(b.ID))
		}
		dst = append(dst, tr("skipped row %s%s: %s", where, id, b.Reason))
	}
	return dst
}
