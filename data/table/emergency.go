package table

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/emergency"
)

// responderSpec returns the columns of a responders table besides lon and
// lat.
func responderSpec() pointSpec {
	return pointSpec{
		what: "responders",
		fields: []field{
			{name: "id", aliases: []string{"id"}, required: true},
			{name: "name", aliases: []string{"name"}},
			{name: "grid", aliases: []string{"grid"}},
			{name: "from", aliases: []string{"from", "on_duty_from"}},
			{name: "to", aliases: []string{"to", "on_duty_to"}},
		},
	}
}

// volunteerSpec returns the columns of a volunteers table besides lon and
// lat.
func volunteerSpec() pointSpec {
	return pointSpec{
		what: "volunteers",
		fields: []field{
			{name: "id", aliases: []string{"id"}, required: true},
			{name: "name", aliases: []string{"name"}},
			{name: "capacity", aliases: []string{"capacity"}},
			{name: "grid", aliases: []string{"grid"}},
			{name: "profile", aliases: []string{"profile"}},
		},
	}
}

// incidentSpec returns the columns of an incident log besides lon and lat.
func incidentSpec() pointSpec {
	return pointSpec{
		what: "incidents",
		fields: []field{
			{name: "id", aliases: []string{"id"}, required: true},
			{name: "time", aliases: []string{"time", "datetime", "timestamp"}, required: true},
			{name: "grid", aliases: []string{"grid"}},
			{name: "arrival_minutes", aliases: []string{"arrival_minutes", "arrival", "arrival_min"}},
		},
	}
}

// ReadResponders reads responders from a CSV or GeoJSON file: id, lon, lat
// and optionally name, grid, and from/to (the days or times on duty).
// Results, ledger and errors are as for ReadResidents; opts.CheckGrid, when
// set, checks each responder's grid value and point.
func ReadResponders(path string, opts Options) ([]emergency.Responder, []RowError, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("table: %w", err)
	}
	return ParseResponders(path, data, opts)
}

// ParseResponders is ReadResponders for data already in memory.
func ParseResponders(name string, data []byte, opts Options) ([]emergency.Responder, []RowError, error) {
	return readPoints(name, data, opts, responderSpec(), func(r *record) (emergency.Responder, error) {
		if r.id() == "" {
			return emergency.Responder{}, &fieldError{field: "id", err: errors.New("empty id")}
		}
		from, err := parseDuty(r.vals[3], false)
		if err != nil {
			return emergency.Responder{}, &fieldError{field: "from", err: err}
		}
		to, err := parseDuty(r.vals[4], true)
		if err != nil {
			return emergency.Responder{}, &fieldError{field: "to", err: err}
		}
		if !from.IsZero() && !to.IsZero() && !to.After(from) {
			return emergency.Responder{}, &fieldError{field: "to", err: fmt.Errorf("%q is not after from %q", r.vals[4], r.vals[3])}
		}
		if err := checkGrid(opts, r, r.vals[2]); err != nil {
			return emergency.Responder{}, err
		}
		return emergency.Responder{ID: r.id(), Name: r.vals[1], Point: r.point, Grid: r.vals[2], From: from, To: to}, nil
	})
}

// ReadVolunteers reads volunteers from a CSV or GeoJSON file: id, lon, lat
// and optionally name, capacity (a positive whole number of residents),
// grid and profile (a walking profile name such as wheelchair).
func ReadVolunteers(path string, opts Options) ([]emergency.Volunteer, []RowError, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("table: %w", err)
	}
	return ParseVolunteers(path, data, opts)
}

// ParseVolunteers is ReadVolunteers for data already in memory.
func ParseVolunteers(name string, data []byte, opts Options) ([]emergency.Volunteer, []RowError, error) {
	return readPoints(name, data, opts, volunteerSpec(), func(r *record) (emergency.Volunteer, error) {
		if r.id() == "" {
			return emergency.Volunteer{}, &fieldError{field: "id", err: errors.New("empty id")}
		}
		v := emergency.Volunteer{ID: r.id(), Name: r.vals[1], Point: r.point, Grid: r.vals[3]}
		if s := r.vals[2]; s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 {
				return v, &fieldError{field: "capacity", err: fmt.Errorf("capacity %q is not a positive whole number", s)}
			}
			v.Capacity = n
		}
		if s := r.vals[4]; s != "" {
			p, err := routing.ParseProfile(s)
			if err != nil {
				return v, &fieldError{field: "profile", err: err}
			}
			v.Profile = p
		}
		if err := checkGrid(opts, r, v.Grid); err != nil {
			return v, err
		}
		return v, nil
	})
}

// ReadIncidents reads an incident log from a CSV or GeoJSON file: id, time
// (RFC 3339, e.g. 2024-03-10T14:05:00+01:00), lon, lat and optionally grid
// and arrival_minutes (the logged minutes to arrival, a number ≥ 0).
func ReadIncidents(path string, opts Options) ([]emergency.Incident, []RowError, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("table: %w", err)
	}
	return ParseIncidents(path, data, opts)
}

// ParseIncidents is ReadIncidents for data already in memory.
func ParseIncidents(name string, data []byte, opts Options) ([]emergency.Incident, []RowError, error) {
	return readPoints(name, data, opts, incidentSpec(), func(r *record) (emergency.Incident, error) {
		inc := emergency.Incident{ID: r.id(), Point: r.point, Grid: r.vals[2], ArrivalMinutes: math.NaN()}
		if r.id() == "" {
			return inc, &fieldError{field: "id", err: errors.New("empty id")}
		}
		if r.vals[1] == "" {
			return inc, &fieldError{field: "time", err: errors.New("missing value")}
		}
		t, err := time.Parse(time.RFC3339, r.vals[1])
		if err != nil {
			return inc, &fieldError{field: "time", err: fmt.Errorf("%q is not an RFC 3339 time like 2024-03-10T14:05:00+01:00", r.vals[1])}
		}
		inc.Time = t
		v, ok, err := r.number(3)
		switch {
		case err != nil:
			return inc, &fieldError{field: "arrival_minutes", err: err}
		case ok && (v < 0 || math.IsNaN(v) || math.IsInf(v, 0)):
			return inc, &fieldError{field: "arrival_minutes", err: fmt.Errorf("%v is not a number of minutes ≥ 0", v)}
		case ok:
			inc.ArrivalMinutes = v
		}
		if err := checkGrid(opts, r, inc.Grid); err != nil {
			return inc, err
		}
		return inc, nil
	})
}

// parseDuty parses a from or to value: an RFC 3339 time, or a date
// (YYYY-MM-DD, UTC) meaning the start of that day for from and its end for
// to. "" is the zero time (open).
func parseDuty(s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a date (2024-03-01) nor an RFC 3339 time (2024-03-01T08:00:00+01:00)", s)
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}

// checkGrid runs opts.CheckGrid and blames its error on the grid column,
// or on the coordinates when the record has no grid value.
func checkGrid(opts Options, r *record, grid string) error {
	if opts.CheckGrid == nil {
		return nil
	}
	err := opts.CheckGrid(r.point, grid)
	if err == nil {
		return nil
	}
	if grid != "" {
		return &fieldError{field: "grid", err: err}
	}
	where := "geometry"
	if r.feature == 0 {
		n := len(r.names)
		lon, lat := r.names[n-2], r.names[n-1]
		where = strings.Join([]string{lon, lat}, ",")
	}
	return &fieldError{field: where, err: err}
}
