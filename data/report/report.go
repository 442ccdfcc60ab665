package report

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb/geo"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// Attribution is the credit OpenStreetMap's licence (ODbL) asks for; every
// output carries it.
const Attribution = "© OpenStreetMap contributors (ODbL)"

// ErrAudit is returned, wrapped with details, when an Audit is incomplete or
// inconsistent: no result, or indexes (zone, facility, category) that do not
// fit the inputs. Nothing is written in that case.
var ErrAudit = errors.New("report: inconsistent audit")

// Header describes the run an audit came from. It is printed at the top of
// every output. Empty fields are left out, except Budget, Profile, Speed
// and K, which are taken from the result's options when empty or zero.
type Header struct {
	// Version is walkshed's version, e.g. "0.3.0".
	Version string
	// Inputs lists the input files and how each was used, one per entry,
	// e.g. "osm: testdata/monaco.osm.pbf" or "residents: estimated from OSM
	// buildings (25 m² per person)".
	Inputs []string
	// OSMTimestamp is the timestamp of the OpenStreetMap data, as read from
	// the file (e.g. "2026-03-10T21:14:03Z").
	OSMTimestamp string
	// Budget is the walking budget as the user gave it ("15min", "1000m").
	Budget string
	// Profile is the walking profile's name ("standard").
	Profile string
	// Speed is the profile's walking speed in metres per second.
	Speed float64
	// K is the number of nearest facilities searched per category.
	K int
	// Taxonomy names the service categories' source ("default", a file).
	Taxonomy string
	// Grids tells where the grids came from (a file, or "H3 resolution 8").
	Grids string
	// Generated is the generation time or any label the caller chooses; the
	// package never reads the clock, so outputs stay reproducible.
	Generated string
	// Scenario names the what-if the audit ran (services added or
	// removed), "" for the services as they are.
	Scenario string
}

// Audit is everything a report shows: the result of access.Audit and the
// inputs it was computed from, which the result refers to by index.
type Audit struct {
	// Header describes the run.
	Header Header
	// Result is the audit. Required.
	Result *access.Result
	// Residents are the audited residents, in the order given to
	// access.Audit: Residents[i] is Result.Residents[i].
	Residents []access.Resident
	// Facilities are the facilities given to access.Audit; Reach.Facility
	// and FacilityIssue.Facility index them.
	Facilities []access.Facility
	// Zones are the grids given to access.Audit; ResidentResult.Zone and
	// Row.Zone index them. They may be nil, in which case the maps show no
	// grid outline.
	Zones []access.Zone
	// ServiceAreas are, per category, the area within the budget of its
	// facilities (the GeoPackage's isochrones layer); nil when they were
	// not computed (walkshed.City.ServiceAreas computes them).
	ServiceAreas []ServiceArea
	// Lang is the language of the texts for people (titles, headings,
	// notes, labels); the zero value is English. The data outputs keep
	// their column names and keys (see data/i18n).
	Lang i18n.Language
	// Network is the walking network the audit ran on; the HTML maps draw
	// its edges as the street basemap. nil draws no streets.
	Network *routing.Graph
	// Compliance is each row's share of residents meeting a planning
	// standard; nil when no standard was applied, and the HTML report then
	// shows no compliant column.
	Compliance *Compliance
}

// Compliance is the share of each row's residents meeting a standard (for
// example "every category within its own walking time").
type Compliance struct {
	// Standard names the standard in headings.
	Standard string
	// Share holds one share in [0, 1] per Result.Rows entry, in the same
	// order; NaN for a row without residents.
	Share []float64
}

// prepared is an Audit checked and enriched with what every writer needs.
type prepared struct {
	a         *Audit
	r         *access.Result
	h         Header    // with defaults from the options
	cats      []string  // audited categories, in report order
	budgetMin float64   // the budget in minutes at the profile's speed
	over      string    // how a time beyond the budget prints: ">15"
	weighted  bool      // some resident's weight is not 1
	zoneNames []string  // by zone index
	areaKm2   []float64 // by zone index: the zone's area, 0 when unknown
	unroute   []int     // unroutable residents, by index, in input order
	estimated bool      // some resident is estimated: tables say "estimated"
	lang      i18n.Language
}

// prepare checks a and computes the shared values. It never panics on bad
// indexes: they are reported as ErrAudit.
func prepare(a *Audit) (*prepared, error) {
	if a == nil || a.Result == nil {
		return nil, fmt.Errorf("%w: no result", ErrAudit)
	}
	if !a.Lang.Valid() {
		return nil, fmt.Errorf("%w: %v", ErrAudit, errors.New(string(a.Lang)+" is not a language: want en or zh"))
	}
	r := a.Result
	p := &prepared{a: a, r: r, h: a.Header, cats: r.Options.Categories, lang: a.Lang}
	nc := len(p.cats)
	speed := r.Options.Profile.Speed
	if !(speed > 0) || math.IsInf(speed, 0) {
		return nil, fmt.Errorf("%w: profile speed %v m/s", ErrAudit, speed)
	}
	p.budgetMin = r.Options.Profile.Minutes(r.Meters)
	if !(p.budgetMin > 0) || math.IsInf(p.budgetMin, 0) {
		return nil, fmt.Errorf("%w: budget of %v m", ErrAudit, r.Meters)
	}
	p.over = ">" + trimmed(p.budgetMin, 1)
	if p.lang == "" {
		p.lang = i18n.English
	}
	if p.h.Budget == "" {
		p.h.Budget = r.Options.Budget.String()
	}
	if p.h.Profile == "" {
		p.h.Profile = r.Options.Profile.Name
	}
	if p.h.Speed == 0 {
		p.h.Speed = speed
	}
	if p.h.K == 0 {
		p.h.K = max(r.Options.K, 1)
	}

	if len(a.Residents) != len(r.Residents) {
		return nil, fmt.Errorf("%w: %d residents but %d results", ErrAudit, len(a.Residents), len(r.Residents))
	}
	// Zone names: from the rows (the result's own record), else the zones.
	nz := len(a.Zones)
	for _, row := range r.Rows {
		nz = max(nz, row.Zone+1)
	}
	p.zoneNames = make([]string, nz)
	for i, z := range a.Zones {
		p.zoneNames[i] = z.Name
	}
	for i, row := range r.Rows {
		if len(row.Categories) != nc {
			return nil, fmt.Errorf("%w: row %d (%q) has %d categories, want %d", ErrAudit, i, row.Name, len(row.Categories), nc)
		}
		switch {
		case row.Zone >= 0:
			p.zoneNames[row.Zone] = row.Name
		case row.Zone != access.RowOutside && row.Zone != access.RowTotal:
			return nil, fmt.Errorf("%w: row %d (%q) has zone %d", ErrAudit, i, row.Name, row.Zone)
		}
	}
	p.areaKm2 = make([]float64, nz)
	for i, z := range a.Zones {
		if i < nz {
			p.areaKm2[i] = math.Abs(geo.Area(z.Geometry)) / 1e6
		}
	}
	for i, rr := range r.Residents {
		p.estimated = p.estimated || a.Residents[i].Estimated
		w := a.Residents[i].Weight
		if w > 0 && w != 1 {
			p.weighted = true
		}
		if rr.Zone < -1 || rr.Zone >= nz {
			return nil, fmt.Errorf("%w: resident %q in zone %d of %d", ErrAudit, a.Residents[i].ID, rr.Zone, nz)
		}
		if rr.Status == access.Unroutable {
			p.unroute = append(p.unroute, i)
		}
		if rr.Reach == nil {
			continue
		}
		if len(rr.Reach) != nc {
			return nil, fmt.Errorf("%w: resident %q has %d categories, want %d", ErrAudit, a.Residents[i].ID, len(rr.Reach), nc)
		}
		for _, rc := range rr.Reach {
			for _, x := range rc {
				if x.Facility < 0 || x.Facility >= len(a.Facilities) {
					return nil, fmt.Errorf("%w: resident %q reaches facility %d of %d", ErrAudit, a.Residents[i].ID, x.Facility, len(a.Facilities))
				}
			}
		}
	}
	for _, g := range r.Gaps {
		if !g.Cell.Valid() {
			return nil, fmt.Errorf("%w: gap cell %d is not a valid H3 cell", ErrAudit, uint64(g.Cell))
		}
		if len(g.Missing) != nc {
			return nil, fmt.Errorf("%w: gap cell %s has %d categories, want %d", ErrAudit, g.Cell, len(g.Missing), nc)
		}
	}
	for _, f := range r.Facilities {
		if f.Facility < 0 || f.Facility >= len(a.Facilities) {
			return nil, fmt.Errorf("%w: facility issue for facility %d of %d", ErrAudit, f.Facility, len(a.Facilities))
		}
	}
	if len(r.FacilityCount) != 0 && len(r.FacilityCount) != nc {
		return nil, fmt.Errorf("%w: %d facility counts, want %d", ErrAudit, len(r.FacilityCount), nc)
	}
	if err := p.checkTiers(); err != nil {
		return nil, err
	}
	return p, nil
}

// tw formats a weight for the human-readable tables: one decimal when
// residents carry weights, else a whole count.
func (p *prepared) tw(v float64) string {
	if p.weighted {
		return fixed(v, 1)
	}
	return fixed(v, 0)
}

// density is a row's people per km², and false when the row is no zone or
// the zone's area is unknown.
func (p *prepared) density(row access.Row) (float64, bool) {
	if row.Zone < 0 || row.Zone >= len(p.areaKm2) || p.areaKm2[row.Zone] <= 0 {
		return 0, false
	}
	return row.Weight / p.areaKm2[row.Zone], true
}

// areaOf is a row's zone area in km², and false when unknown.
func (p *prepared) areaOf(row access.Row) (float64, bool) {
	if row.Zone < 0 || row.Zone >= len(p.areaKm2) || p.areaKm2[row.Zone] <= 0 {
		return 0, false
	}
	return p.areaKm2[row.Zone], true
}

// peopleWord is how the tables name the people: "people", or "estimated
// people" when some resident is estimated.
func (p *prepared) peopleWord() string {
	if p.estimated {
		return p.tr("estimated people")
	}
	return p.tr("people")
}

// gridName is the grid of a resident: its zone's name, or "" outside every
// zone.
func (p *prepared) gridName(zone int) string {
	if zone < 0 || zone >= len(p.zoneNames) {
		return ""
	}
	return p.zoneNames[zone]
}

// rowKind names a row's kind: "grid", "outside", "total" or "group".
func rowKind(row access.Row) string {
	switch row.Zone {
	case access.RowOutside:
		return "outside"
	case access.RowTotal:
		return "total"
	case access.RowGroup:
		return "group"
	}
	return "grid"
}

// tableRows are the rows the tables show: the grids, outside and total,
// then one total per resident group (named "group: NAME").
func (p *prepared) tableRows() []access.Row {
	if len(p.r.Groups) == 0 {
		return p.r.Rows
	}
	out := append([]access.Row(nil), p.r.Rows...)
	for _, g := range p.r.Groups {
		g.Name = "group: " + g.Name
		out = append(out, g)
	}
	return out
}

// zoneOf returns the zone of a row, if the audit has its geometry.
func (p *prepared) zoneOf(row access.Row) (access.Zone, bool) {
	if row.Zone < 0 || row.Zone >= len(p.a.Zones) {
		return access.Zone{}, false
	}
	return p.a.Zones[row.Zone], true
}

// maxSnap is the effective maximum snapping distance in metres.
func (p *prepared) maxSnap() float64 {
	if p.r.Options.MaxSnap > 0 {
		return p.r.Options.MaxSnap
	}
	return routing.DefaultMaxSnap
}

// gapResolution is the effective H3 resolution of the gap cells.
func (p *prepared) gapResolution() int {
	if p.r.Options.GapResolution > 0 {
		return p.r.Options.GapResolution
	}
	return access.DefaultGapResolution
}

// weightOf is a resident's weight as access counts it: 1 unless positive.
func weightOf(r access.Resident) float64 {
	if r.Weight > 0 {
		return r.Weight
	}
	return 1
}

// headerLine is one line of the header block.
type headerLine struct {
	key   string
	value string
}

// headerLines lists the header fields to print, in order. Values are single
// lines; Inputs give one line each under the same key.
func (p *prepared) headerLines() []headerLine {
	h := p.h
	var out []headerLine
	add := func(k, v string) {
		if v = oneLine(v); v != "" {
			out = append(out, headerLine{k, v})
		}
	}
	add(p.tr("scenario"), h.Scenario)
	for _, in := range h.Inputs {
		add(p.tr("input"), in)
	}
	add(p.tr("OSM data"), h.OSMTimestamp)
	if p.r.Options.Budget.Meters > 0 {
		add(p.tr("budget"), p.tr("%s (%s min at %s m/s)", h.Budget, trimmed(p.budgetMin, 1), trimmed(h.Speed, 2)))
	} else {
		add(p.tr("budget"), p.tr("%s (%s m at %s m/s)", h.Budget, meters(p.r.Meters), trimmed(h.Speed, 2)))
	}
	add(p.tr("profile"), p.tr("%s, %s m/s", h.Profile, trimmed(h.Speed, 2)))
	add(p.tr("nearest k"), fmt.Sprint(h.K))
	add(p.tr("taxonomy"), h.Taxonomy)
	add(p.tr("grids"), h.Grids)
	if len(p.r.FacilityCount) == len(p.cats) && len(p.cats) > 0 {
		parts := make([]string, len(p.cats))
		for c, name := range p.cats {
			parts[c] = fmt.Sprintf("%s %d", p.catName(name), p.r.FacilityCount[c])
		}
		add(p.tr("facilities"), strings.Join(parts, p.lang.ListSeparator()))
	}
	add(p.tr("generated"), h.Generated)
	return out
}

// tr formats a message in the report's language (see data/i18n); numbers
// are given as formatted strings.
func (p *prepared) tr(key string, a ...any) string { return p.lang.Sprintf(key, a...) }

// catName is a category's display name in the report's language.
func (p *prepared) catName(c string) string { return p.lang.Category(c) }

// rowName is a row's display name: the grid's name, or the translated name
// of the outside, total and group rows.
func (p *prepared) rowName(row access.Row) string {
	switch row.Zone {
	case access.RowOutside:
		return p.tr("outside any grid")
	case access.RowTotal:
		return p.tr("total")
	case access.RowGroup:
		name := row.Group
		if name == "" {
			return p.tr("group: %s", p.tr("(no group)"))
		}
		return p.tr("group: %s", name)
	}
	return row.Name
}

// title is the report's first line.
func (p *prepared) title() string {
	t := "walkshed"
	if v := oneLine(p.h.Version); v != "" {
		t += " " + v
	}
	return p.tr("%s — %s-minute service coverage audit", t, trimmed(p.budgetMin, 1))
}
