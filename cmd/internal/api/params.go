package api

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// params are a request's query parameters, checked against the names an
// endpoint knows.
type params struct {
	v url.Values
}

// parseParams parses the query of r; any parameter not in known, or lang
// (which every endpoint takes; ServeHTTP reads it), is an error, so a
// misspelt one is not silently ignored.
func parseParams(r *http.Request, known ...string) (params, error) {
	known = append(known, "lang")
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return params{}, queryError(r.URL.RawQuery, err)
	}
	var unknown []string
	for name := range v {
		if !slices.Contains(known, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return params{}, badParam(unknown[0], "unknown parameter; known: %s", strings.Join(known, ", "))
	}
	return params{v}, nil
}

// queryError names the parameter of a query that does not parse: the
// first one whose name or value is not valid percent-encoding.
func queryError(raw string, err error) error {
	for _, kv := range strings.Split(raw, "&") {
		if strings.Contains(kv, ";") {
			return errorf(http.StatusBadRequest, "query", "query: %q: parameters are separated by &, not ;", kv)
		}
		k, v, _ := strings.Cut(kv, "=")
		name, kerr := url.QueryUnescape(k)
		if kerr != nil {
			return errorf(http.StatusBadRequest, "query", "query: parameter name %q is not valid percent-encoding", k)
		}
		if _, verr := url.QueryUnescape(v); verr != nil {
			return badParam(name, "%q is not valid percent-encoding (%%XX with two hex digits)", v)
		}
	}
	return errorf(http.StatusBadRequest, "query", "query: %v", err)
}

// one returns the single value of name, or "" when it is not given.
func (p params) one(name string) (string, error) {
	vs := p.v[name]
	if len(vs) > 1 {
		return "", badParam(name, "given %d times, want once", len(vs))
	}
	if len(vs) == 0 {
		return "", nil
	}
	return vs[0], nil
}

// list returns the values of name, split at commas, without empty ones.
func (p params) list(name string) []string {
	var out []string
	for _, v := range p.v[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// points returns the at parameters, at least one and at most max.
func (p params) points(max int) ([]orb.Point, error) {
	at := p.v["at"]
	if len(at) == 0 {
		return nil, badParam("at", "missing; give the point as at=LON,LAT")
	}
	if len(at) > max {
		return nil, badParam("at", "%d points given, at most %d", len(at), max)
	}
	pts := make([]orb.Point, len(at))
	for i, s := range at {
		pt, err := parseLonLat(s)
		if err != nil {
			return nil, badParam("at", "%v", err)
		}
		pts[i] = pt
	}
	return pts, nil
}

// parseLonLat parses "LON,LAT" into a valid point.
func parseLonLat(s string) (orb.Point, error) {
	lon, lat, ok := strings.Cut(s, ",")
	if !ok || strings.Contains(lat, ",") {
		return orb.Point{}, textErrorf("point %q: want LON,LAT", s)
	}
	x, err1 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
	y, err2 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
	if err1 != nil || err2 != nil {
		return orb.Point{}, textErrorf("point %q: want two numbers LON,LAT", s)
	}
	pt := orb.Point{x, y}
	if err := geo.ValidatePoint(pt); err != nil {
		return orb.Point{}, textErrorf("point %q: %v", s, err)
	}
	return pt, nil
}

// budgets returns the minutes or meters parameters (not both), at most
// max of them; def when neither is given. Each is checked against the
// limits as walked with profile (see checkBudget).
func (p params) budgets(def geo.Budget, max int, l Limits, profile routing.Profile) ([]geo.Budget, error) {
	mins, meters := p.list("minutes"), p.list("meters")
	_, hasMin := p.v["minutes"]
	_, hasMeters := p.v["meters"]
	name, vals := "minutes", mins
	switch {
	case hasMin && hasMeters:
		return nil, badParam("meters", "give minutes or meters, not both")
	case hasMeters:
		name, vals = "meters", meters
	case !hasMin:
		if err := checkBudget(def, profile, l); err != nil {
			return nil, badParam("profile", "the default budget: %v", err)
		}
		return []geo.Budget{def}, nil
	}
	if len(vals) == 0 {
		return nil, badParam(name, "no value given")
	}
	if len(vals) > max {
		if max == 1 {
			return nil, badParam(name, "give one budget, got %d", len(vals))
		}
		return nil, badParam(name, "%d budgets given, at most %d", len(vals), max)
	}
	out := make([]geo.Budget, len(vals))
	for i, s := range vals {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(v > 0) || math.IsInf(v, 0) {
			return nil, badParam(name, "%q is not a positive number", s)
		}
		b := geo.Budget{Minutes: v}
		if name == "meters" {
			b = geo.Budget{Meters: v}
		}
		if err := checkBudget(b, profile, l); err != nil {
			return nil, badParam(name, "%v", err)
		}
		out[i] = b
	}
	return out, nil
}

// checkBudget checks b against the limits: its minutes, and the distance
// it gives walked with profile (minutes × speed), which must be a finite
// number of metres within MaxMeters.
func checkBudget(b geo.Budget, profile routing.Profile, l Limits) error {
	if b.Minutes > l.MaxMinutes {
		return textErrorf("%v minutes is over the limit of %v", b.Minutes, l.MaxMinutes)
	}
	if b.Meters > l.MaxMeters {
		return textErrorf("%v metres is over the limit of %v", b.Meters, l.MaxMeters)
	}
	if d := b.Distance(profile.Speed); !(d <= l.MaxMeters) { // also NaN and +Inf
		return textErrorf("%v at %v m/s (profile %s) is %.4g metres, over the limit of %v metres", b, profile.Speed, profile.Name, d, l.MaxMeters)
	}
	return nil
}

// profile returns the profile parameter, def when it is not given.
func (p params) profile(def routing.Profile) (routing.Profile, error) {
	name, err := p.one("profile")
	if err != nil || name == "" {
		return def, err
	}
	pr, err := routing.ParseProfile(name)
	if err != nil {
		return pr, badParam("profile", "%v", err)
	}
	return pr, nil
}

// integer returns the parameter name as an integer in [lo, hi], def when
// it is not given.
func (p params) integer(name string, def, lo, hi int) (int, error) {
	s, err := p.one(name)
	if err != nil || s == "" {
		return def, err
	}
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < lo || v > hi {
		return 0, badParam(name, "%q: want a whole number from %d to %d", s, lo, hi)
	}
	return v, nil
}

// categories returns the category parameters, checked against the
// taxonomy and without repeats; all of the taxonomy's when none is given.
func (s *server) categories(p params) ([]string, error) {
	cats := p.list("category")
	if len(cats) == 0 {
		if _, given := p.v["category"]; given {
			return nil, badParam("category", "no value given")
		}
		return s.opts.Taxonomy.Names(), nil
	}
	return s.checkCategories("category", cats)
}

// checkCategories checks names against the taxonomy and drops repeats.
func (s *server) checkCategories(parameter string, names []string) ([]string, error) {
	var out []string
	for _, c := range names {
		if err := s.opts.Taxonomy.Validate(c); err != nil {
			return nil, badParam(parameter, "%v", err)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}
