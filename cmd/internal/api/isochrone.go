package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// handleIsochrone answers GET /v1/isochrone with one contour per budget,
// reached from any of the at points, as GeoJSON.
func (s *server) handleIsochrone(w http.ResponseWriter, r *http.Request) error {
	p, err := parseParams(r, "at", "minutes", "meters", "profile", "res")
	if err != nil {
		return err
	}
	l := s.opts.Limits
	pts, err := p.points(l.MaxPoints)
	if err != nil {
		return err
	}
	profile, err := p.profile(s.opts.Profile)
	if err != nil {
		return err
	}
	budgets, err := p.budgets(s.opts.Budget, l.MaxBudgets, l, profile)
	if err != nil {
		return err
	}
	res, err := p.integer("res", isochrone.DefaultResolution, 1, l.MaxResolution)
	if err != nil {
		return err
	}
	ctx := r.Context()
	release, err := s.isochrones.enter(ctx) // isochrones are the heaviest answers: a few at a time
	if err != nil {
		return err
	}
	defer release()
	contours, err := s.city.Isochrones(pts, geo.Meters(s.opts.MaxSnap), isochrone.Options{Budgets: budgets, Profile: profile, Resolution: res,
		MaxCells: l.MaxCells, Context: ctx})
	if err != nil {
		var pe *walkshed.PointError
		if errors.As(err, &pe) && pe.Index < len(pts) {
			return s.unroutableAt(p.v["at"][pe.Index], pe.Point, pe.Err)
		}
		if errors.Is(err, isochrone.ErrTooManyCells) {
			return errorf(http.StatusUnprocessableEntity, "res", "parameter res: %s; ask for a coarser res, or fewer or smaller budgets or points",
				strings.TrimPrefix(err.Error(), "isochrone: "))
		}
		return err
	}
	meta := report.IsochroneMeta{Profile: profile.Name, Speed: profile.Speed, Resolution: res,
		Source: s.city.Graph().Info().Source, Timestamp: s.city.TimestampString(), Version: walkshed.Version,
		Attribution: walkshed.Attribution}
	b := &answerBuffer{ctx: ctx, max: l.MaxResponseBytes, tooLarge: func(max int64) error {
		return errorf(http.StatusUnprocessableEntity, "res", "parameter res: the contours take more than the limit of %d bytes of GeoJSON; ask for a coarser res, or fewer or smaller budgets or points", max)
	}}
	if err := report.WriteIsochronesGeoJSON(b, contours, meta); err != nil {
		return err
	}
	writeBody(w, http.StatusOK, "application/geo+json", b.Bytes())
	return nil
}

// unroutableAt turns err, a snapping failure of the at point raw, into a
// 422 answer with the distance to the network; a point that would lie on
// the network with longitude and latitude exchanged gets a hint.
func (s *server) unroutableAt(raw string, pt orb.Point, err error) error {
	var ue *routing.UnroutableError
	if !errors.As(err, &ue) {
		return err
	}
	area := s.city.Graph().Bound().Pad(0.01) // about 1 km
	if !area.Contains(pt) && area.Contains(orb.Point{pt[1], pt[0]}) {
		lon, lat, _ := strings.Cut(raw, ",")
		e := unroutable(ue, "parameter at: point %s: %v; %s,%s would be on it: at takes LON,LAT, longitude first", raw, why(err, ue), strings.TrimSpace(lat), strings.TrimSpace(lon))
		e.parameter = "at"
		return e
	}
	e := unroutable(ue, "parameter at: point %s: %v", raw, why(err, ue))
	e.parameter = "at"
	return e
}
