package walkshed

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo/spatial"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// StreetName returns the OSM name of way (for the negative ids of the
// crossings of pedestrian squares, the square's name), "" when it has
// none. It is safe for concurrent use.
func (c *City) StreetName(way int64) string {
	if way < 0 {
		way = -way
	}
	i := sort.Search(len(c.streetNames), func(i int) bool { return c.streetNames[i].Way >= way })
	if i < len(c.streetNames) && c.streetNames[i].Way == way {
		return c.streetNames[i].Name
	}
	return ""
}

// Emergency assesses the response promise grid by grid (see
// emergency.Assess): the worst-case walk from the nearest responder to any
// point of each grid's streets and doors, the shares within the budget,
// pass or fail, and with opts.Advice where one responder would best stand.
// Street names come from the city when opts.StreetName is nil. It is safe
// for concurrent use.
func (c *City) Emergency(ctx context.Context, in emergency.Input, opts emergency.Options) (*emergency.Result, error) {
	if opts.StreetName == nil {
		opts.StreetName = c.StreetName
	}
	return emergency.Assess(ctx, c.graph, c.snapper, in, opts)
}

// Volunteers finds the nearest volunteers of every registered resident
// and, with capacities, an optimal assignment (see emergency.Volunteers).
// It is safe for concurrent use.
func (c *City) Volunteers(ctx context.Context, in emergency.VolunteerInput, opts emergency.VolunteerOptions) (*emergency.VolunteerResult, error) {
	return emergency.Volunteers(ctx, c.graph, c.snapper, in, opts)
}

// Incidents checks an incident log against the promise, per grid and
// month (see emergency.Incidents). It is safe for concurrent use.
func (c *City) Incidents(ctx context.Context, in emergency.IncidentInput, opts emergency.IncidentOptions) (*emergency.IncidentResult, error) {
	return emergency.Incidents(ctx, c.graph, c.snapper, in, opts)
}

// OSMResponders returns the city's OSM features carrying any of the tags
// in spec, a comma-separated list of key=value pairs (e.g.
// "amenity=police,amenity=fire_station"), as responders serving every
// grid, in feature order; the id is the OSM element ("node/123"), the name
// its name tag.
func (c *City) OSMResponders(spec string) ([]emergency.Responder, error) {
	type kv struct{ k, v string }
	var want []kv
	for _, part := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("responders %q: want OSM tags as key=value pairs separated by commas, e.g. amenity=police,amenity=fire_station", spec)
		}
		want = append(want, kv{k, v})
	}
	var out []emergency.Responder
	for _, f := range c.features {
		for _, w := range want {
			if f.Tags.Find(w.k) == w.v {
				out = append(out, emergency.Responder{ID: f.Type + "/" + strconv.FormatInt(f.ID, 10), Name: f.Tags.Find("name"), Point: f.Point})
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no OSM feature tagged %s", c.source, spec)
	}
	return out, nil
}

// ResolveGrids returns the zones of spec for residents, named as the
// report header names spec ("OSM admin_level=10 boundaries", ...), so a
// caller can check input rows against them (ReadResponders,
// ReadVolunteers, ReadIncidents) and pass them on as the request's Grids
// without resolving them twice.
func (c *City) ResolveGrids(spec GridSpec, residents []access.Resident) (Zones, error) {
	if spec == nil {
		spec = H3Cells{}
	}
	if z, ok := spec.(Zones); ok {
		return z, nil
	}
	if _, ok := spec.(H3Cells); ok && len(residents) == 0 {
		return Zones{}, errNoH3Residents
	}
	zones, err := spec.zones(c, residents)
	if err != nil {
		return Zones{}, err
	}
	return Zones{Zones: zones, Name: spec.label(), from: spec}, nil
}

var errNoH3Residents = errors.New("walkshed: no grids: the default H3 cells are those holding residents, and there are none; give grids (GeoJSON polygons or OSM admin_level=N)")

// gridCheck returns a table.Options.CheckGrid for zones: a grid value
// must name a zone; a point without one must lie in a zone unless
// anywhere is set.
func gridCheck(zones []access.Zone, anywhere bool) (func(orb.Point, string) error, error) {
	geoms := make([]orb.MultiPolygon, len(zones))
	for i, z := range zones {
		geoms[i] = z.Geometry
	}
	zi, err := spatial.NewZoneIndex(geoms)
	if err != nil {
		return nil, err
	}
	var names []string
	for i, z := range zones {
		if i == 10 {
			names = append(names, fmt.Sprintf("… (%d in all)", len(zones)))
			break
		}
		names = append(names, strconv.Quote(z.Name))
	}
	list := strings.Join(names, ", ")
	return func(p orb.Point, grid string) error {
		if grid != "" {
			if _, ok := emergency.FindZone(zones, grid); !ok {
				return fmt.Errorf("grid %q names no grid; grids: %s", grid, list)
			}
			return nil
		}
		if _, ok := zi.Locate(p); !ok && !anywhere {
			return errors.New("lies outside every grid; give it a grid value to say which grid it serves")
		}
		return nil
	}, nil
}

// ResponderSet is responders and what the report header says of them.
type ResponderSet struct {
	Responders []emergency.Responder
	// Name names the source in the header: a file's base name, "OSM
	// features tagged amenity=police", "request body", ...
	Name string
	// Skipped are the source's records left out as bad; the ledger lists
	// them.
	Skipped []table.RowError
	// osmTags, set by OSMResponderSet, are the OSM tags the responders
	// carry; the header then names them in the report's language.
	osmTags string
}

// name is the responders' source for the header, in l.
func (s ResponderSet) name(l i18n.Language) string {
	if s.osmTags != "" && s.Name == "OSM features tagged "+s.osmTags {
		tr := l.Sprintf
		return tr("OSM features tagged %s", s.osmTags)
	}
	return s.Name
}

// VolunteerSet is volunteers and what the report header says of them.
type VolunteerSet struct {
	Volunteers []emergency.Volunteer
	Name       string
	Skipped    []table.RowError
}

// IncidentSet is an incident log and what the report header says of it.
type IncidentSet struct {
	Incidents []emergency.Incident
	Name      string
	Skipped   []table.RowError
}

// OSMResponderSet returns the city's OSM features carrying any of the
// tags in spec (see OSMResponders) as a request input.
func (c *City) OSMResponderSet(spec string) (ResponderSet, error) {
	rs, err := c.OSMResponders(spec)
	if err != nil {
		return ResponderSet{}, err
	}
	return ResponderSet{Responders: rs, Name: "OSM features tagged " + spec, osmTags: spec}, nil
}

// ReadResponders reads responders (CSV id,lon,lat[,grid][,name][,from][,to]
// or GeoJSON points, see data/table) as a request input. A grid value must
// name one of zones, and a responder without one must lie in one of them
// (ResolveGrids gives the zones). With opts.SkipBadRows bad records become
// ResponderSet.Skipped instead of the error.
func ReadResponders(path string, zones []access.Zone, opts table.Options) (ResponderSet, error) {
	rs, bad, err := readGridChecked(path, zones, false, opts, table.ReadResponders)
	if err != nil {
		return ResponderSet{}, err
	}
	return ResponderSet{Responders: rs, Name: displayName(path), Skipped: bad}, nil
}

// ReadVolunteers reads volunteers (CSV id,lon,lat[,capacity][,grid][,profile]
// or GeoJSON points) as a request input; grid values are checked against
// zones as ReadResponders does.
func ReadVolunteers(path string, zones []access.Zone, opts table.Options) (VolunteerSet, error) {
	vs, bad, err := readGridChecked(path, zones, false, opts, table.ReadVolunteers)
	if err != nil {
		return VolunteerSet{}, err
	}
	return VolunteerSet{Volunteers: vs, Name: displayName(path), Skipped: bad}, nil
}

// ReadIncidents reads an incident log (CSV
// id,time,lon,lat[,grid][,arrival_minutes] or GeoJSON points) as a request
// input. A grid value must name one of zones; incidents outside every
// zone are no bad rows: the analysis's ledger lists them.
func ReadIncidents(path string, zones []access.Zone, opts table.Options) (IncidentSet, error) {
	is, bad, err := readGridChecked(path, zones, true, opts, table.ReadIncidents)
	if err != nil {
		return IncidentSet{}, err
	}
	return IncidentSet{Incidents: is, Name: displayName(path), Skipped: bad}, nil
}

// readGridChecked reads a table with read, its grid values checked
// against zones by gridCheck (anywhere: a point may lie outside every
// zone).
func readGridChecked[T any](path string, zones []access.Zone, anywhere bool, opts table.Options,
	read func(string, table.Options) ([]T, []table.RowError, error)) ([]T, []table.RowError, error) {
	check, err := gridCheck(zones, anywhere)
	if err != nil {
		return nil, nil, err
	}
	opts.CheckGrid = check
	return read(path, opts)
}

// EmergencyRequest is an emergency assessment as values, as AuditRequest
// is an audit: responders, residents (none: streets only), grids and
// options, each input with what the report header says of it.
type EmergencyRequest struct {
	Responders ResponderSet
	Residents  ResidentSet
	// Grids nil means H3 cells of DefaultGridResolution holding residents.
	Grids   GridSpec
	Options emergency.Options
	// Lang is the language of the report's texts for people (header,
	// headings, notes, ledger); the zero value is English.
	Lang i18n.Language
}

// RunEmergency checks the request, runs the assessment and returns it
// with its report header. Input errors are *InputError values naming the
// field ("Responders", "Residents", "Grids"); a responder's grid value
// that names no grid is an *emergency.GridError.
func (c *City) RunEmergency(ctx context.Context, req EmergencyRequest) (*report.Emergency, error) {
	opts := req.Options
	if err := checkLang(req.Lang); err != nil {
		return nil, err
	}
	if req.Grids == nil {
		req.Grids = H3Cells{}
	}
	if len(req.Responders.Responders) == 0 {
		return nil, &InputError{"Responders", fmt.Errorf("walkshed: %s: no responders", req.Responders.Name)}
	}
	residents := req.Residents.Residents
	if len(residents) > 0 {
		if err := access.CheckResidents(residents); err != nil {
			return nil, &InputError{"Residents", err}
		}
	}
	zones, err := c.gridZones(req.Grids, residents)
	if err != nil {
		return nil, err
	}
	l := req.Lang
	h := c.baseHeader(l, opts.Budget, opts.Profile, opts.MaxSnap)
	h.Grids = req.Grids.describe(l, len(zones))
	h.Inputs = append(h.Inputs, residentLines(l, req.Residents)...)
	h.Inputs = append(h.Inputs, l.Sprintf("responders: %s (%s)", req.Responders.name(l), strconv.Itoa(len(req.Responders.Responders))))
	ledger := appendSkipped(nil, l, req.Residents.Name, req.Residents.Skipped)
	ledger = appendSkipped(ledger, l, req.Responders.Name, req.Responders.Skipped)
	res, err := c.Emergency(ctx, emergency.Input{Responders: req.Responders.Responders, Residents: residents, Zones: zones}, opts)
	if err != nil {
		return nil, err
	}
	return &report.Emergency{Header: h, Result: res, Responders: req.Responders.Responders, Residents: residents, Zones: zones, Ledger: ledger, Graph: c.graph, Lang: l}, nil
}

// gridZones resolves a request's grids; nil spec means H3Cells{}.
func (c *City) gridZones(spec GridSpec, residents []access.Resident) ([]access.Zone, error) {
	if spec == nil {
		spec = H3Cells{}
	}
	if _, ok := spec.(H3Cells); ok && len(residents) == 0 {
		return nil, &InputError{"Grids", errNoH3Residents}
	}
	zones, err := spec.zones(c, residents)
	if err != nil {
		return nil, &InputError{"Grids", err}
	}
	return zones, nil
}

// checkLang checks a request's language.
func checkLang(l i18n.Language) error {
	if !l.Valid() {
		return &InputError{"Lang", fmt.Errorf("walkshed: %q is not a language; known: en, zh", string(l))}
	}
	return nil
}

// residentLines are the header lines of the residents input in l: what
// they are, then the estimate's notes (levels, caps, warnings), both in l.
func residentLines(l i18n.Language, rs ResidentSet) []string {
	if rs.estimateIn != nil && l == i18n.Chinese {
		rs.Estimate, rs.Notes = rs.estimateIn(l)
	}
	return append([]string{residentsLine(l, rs)}, rs.Notes...)
}

// residentsLine is the first line of residentLines.
func residentsLine(l i18n.Language, rs ResidentSet) string {
	tr := l.Sprintf
	switch {
	case rs.Estimate != "":
		return tr("residents: ESTIMATED from %s OSM residential buildings (%s)", strconv.Itoa(len(rs.Residents)), rs.Estimate)
	case len(rs.Residents) == 0 && rs.noneWhy != "" && rs.Name == "none ("+rs.noneWhy+")":
		return tr("residents: none (%s)", noneWhy(l, rs.noneWhy))
	case len(rs.Residents) == 0:
		return tr("residents: %s", rs.Name)
	}
	return tr("residents: %s (%s)", rs.Name, strconv.Itoa(len(rs.Residents)))
}

// NoResidents is the residents input of an assessment that looks at
// streets only; why says so in the header.
func NoResidents(why string) ResidentSet {
	return ResidentSet{Name: "none (" + why + ")", noneWhy: why}
}

// noneWhy is why of NoResidents in l, for the reasons walkshed gives.
func noneWhy(l i18n.Language, why string) string {
	tr := l.Sprintf
	switch why {
	case "streets only":
		return tr("streets only")
	case "no residential building to estimate from; streets only":
		return tr("no residential building to estimate from; streets only")
	}
	return why
}

// VolunteersRequest is a volunteers analysis as values: volunteers, the
// registered residents, grids and options.
type VolunteersRequest struct {
	Volunteers VolunteerSet
	Residents  ResidentSet
	// Grids nil means H3 cells of DefaultGridResolution holding residents.
	Grids   GridSpec
	Options emergency.VolunteerOptions
	// Lang is the language of the report's texts for people (header,
	// headings, notes, ledger); the zero value is English.
	Lang i18n.Language
}

// RunVolunteers checks the request, runs the analysis and returns it with
// its report header. Input errors are *InputError values naming the field.
func (c *City) RunVolunteers(ctx context.Context, req VolunteersRequest) (*report.Volunteers, error) {
	opts := req.Options
	if err := checkLang(req.Lang); err != nil {
		return nil, err
	}
	if req.Grids == nil {
		req.Grids = H3Cells{}
	}
	if len(req.Volunteers.Volunteers) == 0 {
		return nil, &InputError{"Volunteers", fmt.Errorf("walkshed: %s: no volunteers", req.Volunteers.Name)}
	}
	residents := req.Residents.Residents
	if len(residents) == 0 {
		return nil, &InputError{"Residents", errors.New("walkshed: no registered residents given")}
	}
	if err := access.CheckResidents(residents); err != nil {
		return nil, &InputError{"Residents", err}
	}
	groups := map[string]bool{}
	for _, g := range opts.Groups {
		groups[g] = true
	}
	// A group no resident is in would give grids of zeros and no word why
	// (a misspelt group, or a residents file without its group column).
	if err := checkGroupsPresent("groups:", groups, residents); err != nil {
		return nil, &InputError{"Options", err}
	}
	zones, err := c.gridZones(req.Grids, residents)
	if err != nil {
		return nil, err
	}
	l := req.Lang
	tr := l.Sprintf
	h := c.baseHeader(l, opts.Budget, opts.Profile, opts.MaxSnap)
	h.K = max(opts.K, 1)
	h.Grids = req.Grids.describe(l, len(zones))
	h.Inputs = append(h.Inputs, residentLines(l, req.Residents)...)
	if len(opts.Groups) > 0 {
		h.Inputs = append(h.Inputs, tr("groups: %s", strings.Join(opts.Groups, ", ")))
	}
	h.Inputs = append(h.Inputs, tr("volunteers: %s (%s)", req.Volunteers.Name, strconv.Itoa(len(req.Volunteers.Volunteers))))
	ledger := appendSkipped(nil, l, req.Residents.Name, req.Residents.Skipped)
	ledger = appendSkipped(ledger, l, req.Volunteers.Name, req.Volunteers.Skipped)
	res, err := c.Volunteers(ctx, emergency.VolunteerInput{Volunteers: req.Volunteers.Volunteers, Residents: residents, Zones: zones}, opts)
	if err != nil {
		return nil, err
	}
	return &report.Volunteers{Header: h, Result: res, Volunteers: req.Volunteers.Volunteers, Residents: residents, Zones: zones, Ledger: ledger, Graph: c.graph, Lang: l}, nil
}

// IncidentsRequest is an incidents analysis as values: the incident log,
// the responders (with their duty dates), grids and options.
type IncidentsRequest struct {
	Incidents  IncidentSet
	Responders ResponderSet
	// Grids are required: incidents are counted per grid (AdminLevel or
	// Zones; there are no residents to make H3 cells of).
	Grids   GridSpec
	Options emergency.IncidentOptions
	// Lang is the language of the report's texts for people (header,
	// headings, notes, ledger); the zero value is English.
	Lang i18n.Language
}

// RunIncidents checks the request, runs the analysis and returns it with
// its report header. Input errors are *InputError values naming the field.
func (c *City) RunIncidents(ctx context.Context, req IncidentsRequest) (*report.Incidents, error) {
	opts := req.Options
	if err := checkLang(req.Lang); err != nil {
		return nil, err
	}
	if len(req.Responders.Responders) == 0 {
		return nil, &InputError{"Responders", fmt.Errorf("walkshed: %s: no responders", req.Responders.Name)}
	}
	if _, h3 := req.Grids.(H3Cells); req.Grids == nil || h3 {
		return nil, &InputError{"Grids", errors.New("walkshed: no grids: incidents are counted per grid; give OSM admin_level=N or polygons")}
	}
	zones, err := c.gridZones(req.Grids, nil)
	if err != nil {
		return nil, err
	}
	l := req.Lang
	tr := l.Sprintf
	h := c.baseHeader(l, opts.Budget, opts.Profile, opts.MaxSnap)
	h.Grids = req.Grids.describe(l, len(zones))
	h.Inputs = append(h.Inputs, tr("responders: %s (%s)", req.Responders.name(l), strconv.Itoa(len(req.Responders.Responders))),
		tr("incidents: %s (%s)", req.Incidents.Name, strconv.Itoa(len(req.Incidents.Incidents))))
	ledger := appendSkipped(nil, l, req.Responders.Name, req.Responders.Skipped)
	ledger = appendSkipped(ledger, l, req.Incidents.Name, req.Incidents.Skipped)
	res, err := c.Incidents(ctx, emergency.IncidentInput{Incidents: req.Incidents.Incidents, Responders: req.Responders.Responders, Zones: zones}, opts)
	if err != nil {
		return nil, err
	}
	return &report.Incidents{Header: h, Result: res, Incidents: req.Incidents.Incidents, Responders: req.Responders.Responders, Zones: zones, Ledger: ledger, Graph: c.graph, Lang: l}, nil
}
