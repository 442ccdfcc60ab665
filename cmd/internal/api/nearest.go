package api

import (
	"math"
	"net/http"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// pointHeader describes a per-point answer: where from, how far, how.
type pointHeader struct {
	Attribution  string     `json:"attribution"`
	At           [2]float64 `json:"at"`
	SnapM        float64    `json:"snap_m"`
	Budget       string     `json:"budget"`
	BudgetM      float64    `json:"budget_m"`
	Profile      string     `json:"profile"`
	Speed        float64    `json:"speed_mps"`
	OSMTimestamp string     `json:"osm_timestamp"`
}

// facilityJSON is a facility reached from the point.
type facilityJSON struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Category string  `json:"category"`
	Lon      float64 `json:"lon"`
	Lat      float64 `json:"lat"`
	Minutes  float64 `json:"minutes"`
	Meters   float64 `json:"meters"`
}

// nearestGroup is the nearest facilities of one category.
type nearestGroup struct {
	Category   string         `json:"category"`
	Facilities []facilityJSON `json:"facilities"`
}

// pointQuery is the common part of /v1/nearest and /v1/within: one point,
// placed on the network, one budget and a profile.
type pointQuery struct {
	at      orb.Point
	budget  geo.Budget
	profile routing.Profile
	snap    routing.Location
}

// parsePoint reads and places the point of a per-point request.
func (s *server) parsePoint(p params) (pointQuery, error) {
	var q pointQuery
	pts, err := p.points(1)
	if err != nil {
		return q, err
	}
	if q.profile, err = p.profile(s.opts.Profile); err != nil {
		return q, err
	}
	budgets, err := p.budgets(s.opts.Budget, 1, s.opts.Limits, q.profile)
	if err != nil {
		return q, err
	}
	q.at, q.budget = pts[0], budgets[0]
	if q.snap, err = s.city.Snapper().Snap(q.at, geo.Meters(s.opts.MaxSnap), q.profile.Avoid); err != nil {
		return q, s.unroutableAt(p.v["at"][0], q.at, err)
	}
	return q, nil
}

// header returns the answer's header.
func (s *server) header(q pointQuery) pointHeader {
	return pointHeader{Attribution: walkshed.Attribution, At: [2]float64{q.at[0], q.at[1]}, SnapM: round(q.snap.Door, 1),
		Budget: q.budget.String(), BudgetM: round(q.budget.Distance(q.profile.Speed), 1), Profile: q.profile.Name,
		Speed: q.profile.Speed, OSMTimestamp: s.city.TimestampString()}
}

// within returns every facility of categories (all when none) within the
// query's budget, nearest first.
func (s *server) within(r *http.Request, q pointQuery, categories []string) ([]walkshed.Found, error) {
	svc, err := s.readyServices(r, q)
	if err != nil {
		return nil, err
	}
	return svc.Within(q.at, q.budget, categories...)
}

// readyServices returns the services for the query's profile, unless the
// request is already cancelled.
func (s *server) readyServices(r *http.Request, q pointQuery) (*walkshed.Services, error) {
	svc, err := s.servicesFor(q.profile)
	if err != nil {
		return nil, err
	}
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	return svc, nil
}

// handleNearest answers GET /v1/nearest: per category, the k nearest
// facilities within the budget, nearest first.
func (s *server) handleNearest(w http.ResponseWriter, r *http.Request) error {
	p, err := parseParams(r, "at", "category", "k", "minutes", "meters", "profile")
	if err != nil {
		return err
	}
	cats, err := s.categories(p)
	if err != nil {
		return err
	}
	k, err := p.integer("k", 1, 1, s.opts.Limits.MaxK)
	if err != nil {
		return err
	}
	q, err := s.parsePoint(p)
	if err != nil {
		return err
	}
	svc, err := s.readyServices(r, q)
	if err != nil {
		return err
	}
	nearest, err := svc.NearestEach(q.at, q.budget, k, cats) // one search for every category
	if err != nil {
		return err
	}
	groups := make([]nearestGroup, len(cats))
	for i, c := range cats {
		groups[i] = nearestGroup{Category: c, Facilities: make([]facilityJSON, len(nearest[i]))}
		for j, f := range nearest[i] {
			groups[i].Facilities[j] = facilityOf(f)
		}
	}
	writeJSON(w, http.StatusOK, struct {
		pointHeader
		K          int            `json:"k"`
		Categories []nearestGroup `json:"categories"`
	}{s.header(q), k, groups})
	return nil
}

// handleWithin answers GET /v1/within: every facility (of the categories
// given, or all) within the budget, nearest first.
func (s *server) handleWithin(w http.ResponseWriter, r *http.Request) error {
	p, err := parseParams(r, "at", "category", "minutes", "meters", "profile")
	if err != nil {
		return err
	}
	cats, err := s.categories(p)
	if err != nil {
		return err
	}
	q, err := s.parsePoint(p)
	if err != nil {
		return err
	}
	found, err := s.within(r, q, cats)
	if err != nil {
		return err
	}
	facs := make([]facilityJSON, len(found))
	for i, f := range found {
		facs[i] = facilityOf(f)
	}
	writeJSON(w, http.StatusOK, struct {
		pointHeader
		Categories []string       `json:"categories"`
		Count      int            `json:"count"`
		Facilities []facilityJSON `json:"facilities"`
	}{s.header(q), cats, len(facs), facs})
	return nil
}

// facilityOf converts a found facility for JSON.
func facilityOf(f walkshed.Found) facilityJSON {
	return facilityJSON{ID: f.Facility.ID, Name: f.Facility.Name, Category: f.Facility.Category,
		Lon: f.Facility.Point[0], Lat: f.Facility.Point[1], Minutes: round(f.Minutes, 2), Meters: round(f.Meters, 1)}
}

// round rounds v to dec decimals.
func round(v float64, dec int) float64 {
	p := math.Pow10(dec)
	return math.Round(v*p) / p
}
