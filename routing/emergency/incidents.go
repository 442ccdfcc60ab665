package emergency

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// Incident is one entry of an incident log.
//
// The zero value is not a usable incident: ID, Time and Point are required.
type Incident struct {
	// ID identifies the incident uniquely in the log.
	ID string
	// Time is when it happened. Its month, as written (in the time's own
	// offset), is the month it is counted in.
	Time time.Time
	// Point is where: longitude, latitude.
	Point orb.Point
	// Grid is the name (or id) of the grid it is counted in; "" means the
	// grid containing Point.
	Grid string
	// ArrivalMinutes is the logged time to arrival, NaN when not logged.
	ArrivalMinutes float64
}

// IncidentOptions describe an incidents analysis.
type IncidentOptions struct {
	// Budget is the promise; Profile how responders walk. Required.
	Budget  geo.Budget
	Profile routing.Profile
	// MaxSnap is the maximum snapping distance in metres; 0 means
	// routing.DefaultMaxSnap.
	MaxSnap float64
	// Workers bounds the parallelism; 0 means GOMAXPROCS.
	Workers int
}

// IncidentInput is what an incidents analysis looks at besides the network.
type IncidentInput struct {
	Incidents  []Incident
	Responders []Responder
	Zones      []access.Zone
}

// Outcome is the result for one incident.
type Outcome struct {
	// Zone is the incident's grid, or -1 when it is in the ledger.
	Zone int
	// Month is "YYYY-MM".
	Month string
	// Counted is false for incidents in the ledger (outside every grid, or
	// off the network); Reason says why.
	Counted bool
	Reason  string
	// OnDuty counts the placed responders on duty then that serve the
	// grid.
	OnDuty int
	// Meters and Minutes are the walk from the nearest of them (+Inf when
	// none reaches it); Responder is who, or -1.
	Meters, Minutes float64
	Responder       int
	// Reachable is true when the walk is within the budget.
	Reachable bool
}

// IncidentRow summarises the counted incidents of one grid and month.
type IncidentRow struct {
	// Zone indexes the zones, or is -1 for a row over every grid; Name is
	// the zone's name ("all grids" for -1).
	Zone int
	Name string
	// Month is "YYYY-MM", or "" for a row over every month.
	Month string
	// Count is the number of incidents; Reachable those a responder on duty
	// reaches on foot within the budget.
	Count, Reachable int
	// WithArrival counts incidents with a logged arrival, OnTime those
	// whose arrival is within the budget's minutes, and MedianArrival is
	// the median logged arrival in minutes (NaN without any).
	WithArrival, OnTime int
	MedianArrival       float64
}

// ReachableShare returns Reachable / Count (NaN for an empty row).
func (r IncidentRow) ReachableShare() float64 { return share(r.Reachable, r.Count) }

// OnTimeShare returns OnTime / WithArrival (NaN without arrivals).
func (r IncidentRow) OnTimeShare() float64 { return share(r.OnTime, r.WithArrival) }

// IncidentResult is a whole incidents analysis.
type IncidentResult struct {
	Options IncidentOptions
	// Meters is the budget as a walking distance; Minutes as a time (at the
	// profile's speed for a budget in metres), the bar logged arrivals are
	// held to.
	Meters, Minutes float64
	// Outcomes has one entry per incident, in input order.
	Outcomes []Outcome
	// Rows are grid × month (zones in order, months ascending; empty
	// combinations left out), then every grid per month, then the total.
	Rows []IncidentRow
	// Responders has one entry per responder given.
	Responders []Placement
	// Ledger counts the incidents left out (Counted false).
	Ledger int
}

// ErrNoIncidents is returned for an empty log.
var ErrNoIncidents = errors.New("emergency: no incident")

// Incidents checks an incident log against the promise: for each incident,
// the walk from the nearest responder on duty at its time (Responder.From
// and To) that serves its grid; per grid and month the count, the share
// reachable within the budget and, where arrivals are logged, the on-time
// share and median. Incidents outside every grid or off the network are
// counted in the ledger, never dropped: Rows' total plus Ledger is the
// number of incidents.
//
// One unbounded search runs per distinct set of responders on duty, so a
// year's log costs a few searches, not one per incident. g, sn and the
// inputs are only read; Incidents is safe for concurrent use.
func Incidents(ctx context.Context, g *routing.Graph, sn *routing.Snapper, in IncidentInput, opts IncidentOptions) (*IncidentResult, error) {
	if err := opts.Budget.Validate(); err != nil {
		return nil, err
	}
	if err := opts.Profile.Validate(); err != nil {
		return nil, err
	}
	if len(in.Zones) == 0 {
		return nil, ErrNoZones
	}
	if len(in.Incidents) == 0 {
		return nil, ErrNoIncidents
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	zi, err := zoneIndex(in.Zones)
	if err != nil {
		return nil, err
	}
	limit := opts.Budget.Distance(opts.Profile.Speed)
	avoid := opts.Profile.Avoid
	res := &IncidentResult{Options: opts, Meters: limit, Minutes: opts.Profile.Minutes(limit),
		Outcomes: make([]Outcome, len(in.Incidents)), Responders: make([]Placement, len(in.Responders))}

	if err := placeResponders(in.Responders, in.Zones, zi, sn, opts.MaxSnap, avoid, res.Responders); err != nil {
		return nil, err
	}

	// place the incidents and group them by the responders on duty
	locs := make([]routing.Location, len(in.Incidents))
	groups := map[string][]int{}
	sets := map[string][]int{}
	var keys []string
	for i, inc := range in.Incidents {
		o := &res.Outcomes[i]
		o.Zone, o.Responder, o.Meters, o.Minutes = -1, -1, math.Inf(1), math.Inf(1)
		o.Month = inc.Time.Format("2006-01")
		zone := -1
		if inc.Grid != "" {
			z, ok := FindZone(in.Zones, inc.Grid)
			if !ok {
				return nil, &GridError{What: "incident", Index: i, ID: inc.ID, Grid: inc.Grid}
			}
			zone = z
		} else if z, ok := zi.Locate(inc.Point); ok {
			zone = z
		} else {
			o.Reason = "outside every grid"
			continue
		}
		loc, err := sn.Snap(inc.Point, geo.Meters(opts.MaxSnap), avoid)
		if err != nil {
			o.Reason = err.Error()
			continue
		}
		o.Zone, o.Counted, locs[i] = zone, true, loc
		var set []int
		for ri, p := range res.Responders {
			if p.Placed && (p.Serves < 0 || p.Serves == zone) && in.Responders[ri].OnDuty(inc.Time) {
				set = append(set, ri)
			}
		}
		o.OnDuty = len(set)
		if len(set) == 0 {
			continue
		}
		key := setKey(set)
		if _, ok := groups[key]; !ok {
			keys = append(keys, key)
			sets[key] = set
		}
		groups[key] = append(groups[key], i)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	parallel(len(keys), workers, func(k int) {
		if ctx.Err() != nil {
			return
		}
		set := sets[keys[k]]
		s := g.NewSearcher()
		on := runResponders(g, s, res.Responders, set, avoid)
		var a arrival
		for _, i := range groups[keys[k]] {
			loc := locs[i]
			load(&a, g, s, on, loc.Edge)
			d, origin := a.at(loc.Offset)
			m := d + loc.Door
			o := &res.Outcomes[i]
			o.Meters, o.Minutes, o.Responder = m, opts.Profile.Minutes(m), int(origin)
			o.Reachable = m <= limit
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Rows = incidentRows(in, res)
	for _, o := range res.Outcomes {
		if !o.Counted {
			res.Ledger++
		}
	}
	return res, nil
}

// setKey names a set of responder indexes.
func setKey(set []int) string {
	var b strings.Builder
	for i, r := range set {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(r))
	}
	return b.String()
}

// incidentRows summarises the counted incidents.
func incidentRows(in IncidentInput, res *IncidentResult) []IncidentRow {
	type key struct {
		zone  int
		month string
	}
	members := map[key][]int{}
	var keys []key
	add := func(k key, i int) {
		if _, ok := members[k]; !ok {
			keys = append(keys, k)
		}
		members[k] = append(members[k], i)
	}
	for i, o := range res.Outcomes {
		if !o.Counted {
			continue
		}
		add(key{o.Zone, o.Month}, i)
		add(key{-1, o.Month}, i)
		add(key{-1, ""}, i)
	}
	sort.Slice(keys, func(a, b int) bool {
		ka, kb := keys[a], keys[b]
		rank := func(k key) int {
			switch {
			case k.zone >= 0:
				return 0
			case k.month != "":
				return 1
			}
			return 2
		}
		if ra, rb := rank(ka), rank(kb); ra != rb {
			return ra < rb
		}
		if ka.zone != kb.zone {
			return ka.zone < kb.zone
		}
		return ka.month < kb.month
	})
	rows := make([]IncidentRow, 0, len(keys))
	for _, k := range keys {
		row := IncidentRow{Zone: k.zone, Month: k.month, Name: "all grids", MedianArrival: nan}
		if k.zone >= 0 {
			row.Name = in.Zones[k.zone].Name
		}
		var arrivals []float64
		for _, i := range members[k] {
			row.Count++
			if res.Outcomes[i].Reachable {
				row.Reachable++
			}
			if a := in.Incidents[i].ArrivalMinutes; !math.IsNaN(a) {
				row.WithArrival++
				arrivals = append(arrivals, a)
				if a <= res.Minutes {
					row.OnTime++
				}
			}
		}
		row.MedianArrival = median(arrivals)
		rows = append(rows, row)
	}
	return rows
}

// median returns the median of xs (the mean of the two middle values for
// an even count), NaN for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return nan
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// String describes an outcome briefly, for logs and tests.
func (o Outcome) String() string {
	if !o.Counted {
		return "ledger: " + o.Reason
	}
	return fmt.Sprintf("grid %d %s: %.1f min (%d on duty)", o.Zone, o.Month, o.Minutes, o.OnDuty)
}
