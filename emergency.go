package walkshed

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/population"
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

// GridsRequest says where grids come from, as AuditRequest does.
type GridsRequest struct {
	// Grids is "" (H3 cells of DefaultGridResolution holding residents),
	// "osm:admin_level=N" or a GeoJSON file of polygons named by GridName.
	Grids    string
	GridName string
}

// gridsFor resolves grids as RunAudit does (ParseGrids, ReadGrids and the
// GridSpec they give) and describes them for report headers.
func (c *City) gridsFor(req GridsRequest, residents []access.Resident) ([]access.Zone, string, error) {
	var spec GridSpec
	var err error
	switch {
	case req.Grids == "" && len(residents) == 0:
		return nil, "", errors.New("no grids: the default H3 cells need residents; give grids (a GeoJSON file or osm:admin_level=N)")
	case req.Grids == "" || strings.HasPrefix(req.Grids, "osm:"):
		spec, err = ParseGrids(req.Grids)
	default:
		spec, err = ReadGrids(req.Grids, req.GridName)
	}
	if err != nil {
		return nil, "", err
	}
	zones, err := spec.zones(c, residents)
	if err != nil {
		return nil, "", err
	}
	return zones, spec.describe(len(zones)), nil
}

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

// EmergencyRequest is an emergency assessment as a planner states it.
type EmergencyRequest struct {
	// Responders is a CSV or GeoJSON file (id,lon,lat[,grid][,name]), or
	// "osm:KEY=VALUE[,KEY=VALUE...]" for the city's OSM features with
	// those tags.
	Responders string
	// ResidentsFile gives residents; empty means estimate them from OSM
	// buildings with Estimate, unless NoResidents is set.
	ResidentsFile string
	Estimate      population.Options
	NoResidents   bool
	GridsRequest
	// SkipBadRows turns bad input rows into ledger entries.
	SkipBadRows bool
	Options     emergency.Options
}

// RunEmergency assembles the inputs a request names and runs the
// assessment. Every input error names its file, line and column.
func (c *City) RunEmergency(ctx context.Context, req EmergencyRequest) (*report.Emergency, error) {
	opts := req.Options
	h := c.header(opts.Budget.String(), opts.Profile.Name, opts.Profile.Speed, opts.MaxSnap)
	var ledger []string
	residents, what, bad, err := c.residents(req.ResidentsFile, req.Estimate, req.NoResidents, req.SkipBadRows)
	if err != nil {
		return nil, err
	}
	ledger = appendSkipped(ledger, displayName(req.ResidentsFile), bad)
	if what != "" {
		h.Inputs = append(h.Inputs, what)
	}
	zones, gridsText, err := c.gridsFor(req.GridsRequest, residents)
	if err != nil {
		return nil, err
	}
	h.Grids = gridsText
	responders, what, bad, err := c.responders(req.Responders, zones, req.SkipBadRows)
	if err != nil {
		return nil, err
	}
	ledger = appendSkipped(ledger, displayName(req.Responders), bad)
	h.Inputs = append(h.Inputs, what)
	res, err := c.Emergency(ctx, emergency.Input{Responders: responders, Residents: residents, Zones: zones}, opts)
	if err != nil {
		return nil, err
	}
	return &report.Emergency{Header: h, Result: res, Responders: responders, Residents: residents, Zones: zones, Ledger: ledger}, nil
}

// header starts a report header for the city.
func (c *City) header(budget, profile string, speed, maxSnap float64) report.Header {
	if maxSnap <= 0 {
		maxSnap = 300
	}
	return report.Header{
		Version: Version, OSMTimestamp: c.TimestampString(), Budget: budget, Profile: profile, Speed: speed,
		Inputs: []string{"network: " + c.SourceName(), "network rules: " + c.NetworkRules() +
			fmt.Sprintf("; points farther than %s m from a street are unroutable", strconv.FormatFloat(maxSnap, 'f', -1, 64))},
	}
}

// residents reads or estimates residents (ReadResidents,
// City.EstimateResidents); what describes them for the header.
func (c *City) residents(file string, est population.Options, none, skip bool) (rs []access.Resident, what string, bad []table.RowError, err error) {
	switch {
	case file != "":
		set, err := ReadResidents(file, table.Options{SkipBadRows: skip})
		if err != nil {
			return nil, "", nil, err
		}
		return set.Residents, fmt.Sprintf("residents: %s (%d)", set.Name, len(set.Residents)), set.Skipped, nil
	case none:
		return nil, "residents: none (streets only)", nil, nil
	}
	set, err := c.EstimateResidents(est)
	if err != nil {
		return nil, "residents: none (no residential building to estimate from; streets only)", nil, nil
	}
	return set.Residents, fmt.Sprintf("residents: ESTIMATED from %d OSM residential buildings (%s)", len(set.Residents), set.Estimate), nil, nil
}

// responders reads responders from a file or from OSM tags.
func (c *City) responders(spec string, zones []access.Zone, skip bool) ([]emergency.Responder, string, []table.RowError, error) {
	if spec == "" {
		return nil, "", nil, errors.New("no responders: give --responders FILE (CSV id,lon,lat[,grid][,name] or GeoJSON points) or osm:amenity=police")
	}
	if tags, ok := strings.CutPrefix(spec, "osm:"); ok {
		rs, err := c.OSMResponders(tags)
		if err != nil {
			return nil, "", nil, err
		}
		return rs, fmt.Sprintf("responders: OSM features tagged %s (%d)", tags, len(rs)), nil, nil
	}
	check, err := gridCheck(zones, false)
	if err != nil {
		return nil, "", nil, err
	}
	rs, bad, err := table.ReadResponders(spec, table.Options{SkipBadRows: skip, CheckGrid: check})
	if err != nil {
		return nil, "", nil, err
	}
	return rs, fmt.Sprintf("responders: %s (%d)", displayName(spec), len(rs)), bad, nil
}

// VolunteersRequest is a volunteers analysis as a planner states it.
type VolunteersRequest struct {
	// VolunteersFile is a CSV or GeoJSON file
	// (id,lon,lat[,capacity][,grid][,profile]); ResidentsFile the registered
	// residents (id,lon,lat[,weight][,group]). Both required.
	VolunteersFile string
	ResidentsFile  string
	GridsRequest
	SkipBadRows bool
	Options     emergency.VolunteerOptions
}

// RunVolunteers assembles the inputs a request names and runs the
// analysis.
func (c *City) RunVolunteers(ctx context.Context, req VolunteersRequest) (*report.Volunteers, error) {
	opts := req.Options
	h := c.header(opts.Budget.String(), opts.Profile.Name, opts.Profile.Speed, opts.MaxSnap)
	h.K = max(opts.K, 1)
	if req.ResidentsFile == "" || req.VolunteersFile == "" {
		return nil, errors.New("give --volunteers FILE and --residents FILE")
	}
	residents, what, bad, err := c.residents(req.ResidentsFile, population.Options{}, false, req.SkipBadRows)
	if err != nil {
		return nil, err
	}
	ledger := appendSkipped(nil, displayName(req.ResidentsFile), bad)
	h.Inputs = append(h.Inputs, what)
	if len(opts.Groups) > 0 {
		h.Inputs = append(h.Inputs, "groups: "+strings.Join(opts.Groups, ", "))
	}
	zones, gridsText, err := c.gridsFor(req.GridsRequest, residents)
	if err != nil {
		return nil, err
	}
	h.Grids = gridsText
	check, err := gridCheck(zones, false)
	if err != nil {
		return nil, err
	}
	vols, bad, err := table.ReadVolunteers(req.VolunteersFile, table.Options{SkipBadRows: req.SkipBadRows, CheckGrid: check})
	if err != nil {
		return nil, err
	}
	ledger = appendSkipped(ledger, displayName(req.VolunteersFile), bad)
	h.Inputs = append(h.Inputs, fmt.Sprintf("volunteers: %s (%d)", displayName(req.VolunteersFile), len(vols)))
	res, err := c.Volunteers(ctx, emergency.VolunteerInput{Volunteers: vols, Residents: residents, Zones: zones}, opts)
	if err != nil {
		return nil, err
	}
	return &report.Volunteers{Header: h, Result: res, Volunteers: vols, Residents: residents, Zones: zones, Ledger: ledger}, nil
}

// IncidentsRequest is an incidents analysis as a planner states it.
type IncidentsRequest struct {
	// IncidentsFile is the log (CSV id,time,lon,lat[,grid][,arrival_minutes]
	// or GeoJSON); Responders as in EmergencyRequest, with from/to dates.
	IncidentsFile string
	Responders    string
	GridsRequest
	SkipBadRows bool
	Options     emergency.IncidentOptions
}

// RunIncidents assembles the inputs a request names and runs the
// analysis.
func (c *City) RunIncidents(ctx context.Context, req IncidentsRequest) (*report.Incidents, error) {
	opts := req.Options
	h := c.header(opts.Budget.String(), opts.Profile.Name, opts.Profile.Speed, opts.MaxSnap)
	if req.IncidentsFile == "" {
		return nil, errors.New("give --incidents FILE")
	}
	if req.Grids == "" {
		return nil, errors.New("give --grids (a GeoJSON file or osm:admin_level=N): incidents are counted per grid")
	}
	zones, gridsText, err := c.gridsFor(req.GridsRequest, nil)
	if err != nil {
		return nil, err
	}
	h.Grids = gridsText
	responders, what, bad, err := c.responders(req.Responders, zones, req.SkipBadRows)
	if err != nil {
		return nil, err
	}
	ledger := appendSkipped(nil, displayName(req.Responders), bad)
	h.Inputs = append(h.Inputs, what)
	// Incidents outside every grid are not bad rows: they go to the
	// analysis's ledger. A grid value that names no grid is.
	check, err := gridCheck(zones, true)
	if err != nil {
		return nil, err
	}
	incs, bad, err := table.ReadIncidents(req.IncidentsFile, table.Options{SkipBadRows: req.SkipBadRows, CheckGrid: check})
	if err != nil {
		return nil, err
	}
	ledger = appendSkipped(ledger, displayName(req.IncidentsFile), bad)
	h.Inputs = append(h.Inputs, fmt.Sprintf("incidents: %s (%d)", displayName(req.IncidentsFile), len(incs)))
	res, err := c.Incidents(ctx, emergency.IncidentInput{Incidents: incs, Responders: responders, Zones: zones}, opts)
	if err != nil {
		return nil, err
	}
	return &report.Incidents{Header: h, Result: res, Incidents: incs, Responders: responders, Zones: zones, Ledger: ledger}, nil
}
