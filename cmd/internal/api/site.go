package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing/access"
)

// siteBody is the body of POST /v1/site.
type siteBody struct {
	Residents  []json.RawMessage `json:"residents"`
	Category   string            `json:"category"`
	Count      *int              `json:"count"`
	Target     *float64          `json:"target"`
	Minutes    *float64          `json:"minutes"`
	Meters     *float64          `json:"meters"`
	Profile    string            `json:"profile"`
	Groups     []string          `json:"groups"`
	Grids      string            `json:"grids"`
	Candidates json.RawMessage   `json:"candidates"` // "h3:RES" or [{"id","lon","lat","name"}]
}

// candidateBody is one candidate site of a siting request.
type candidateBody struct {
	ID   string   `json:"id"`
	Name string   `json:"name"`
	Lon  *float64 `json:"lon"`
	Lat  *float64 `json:"lat"`
}

// siteExample is the shape of a siting request, for error messages.
const siteExample = `a JSON object like {"category":"pharmacy","count":3,"residents":[{"id":"r1","lon":7.4246,"lat":43.7384}]}`

// maxSites bounds the sites one request may ask for.
const maxSites = 100

// handleSite answers POST /v1/site with where count new facilities of a
// category would cover the most residents of the body not yet covered (or
// how many reach target), as 'walkshed site --format json' writes it.
func (s *server) handleSite(w http.ResponseWriter, r *http.Request) error {
	if _, err := parseParams(r); err != nil {
		return err
	}
	var b siteBody
	if err := s.decodeBody(w, r, &b, siteExample); err != nil {
		return err
	}
	req, err := s.siteRequest(&b)
	if err != nil {
		return err
	}
	req.Lang = langOf(r)
	req.Residents.Name = bodyName(req.Lang)
	if req.Candidates != nil {
		req.Candidates.Name = bodyName(req.Lang)
	}
	ctx := r.Context()
	release, err := s.audits.enter(ctx) // a siting uses every core, as an audit does
	if err != nil {
		return err
	}
	defer release()
	rep, err := s.city.Site(ctx, req)
	if err != nil {
		var ie *walkshed.InputError
		if errors.As(err, &ie) && ie.Field == "Options" && errors.Is(err, access.ErrSiteCount) {
			return badParam("count", "%v", ie.Err)
		}
		return auditError(err)
	}
	return s.answerJSON(w, r, "the siting", "send fewer residents or grids, or ask for fewer sites", func(w io.Writer) error { return report.WriteSiting("json", w, rep) })
}

// siteRequest checks a siting body; every error names the field.
func (s *server) siteRequest(b *siteBody) (walkshed.SiteRequest, error) {
	var req walkshed.SiteRequest
	l := s.opts.Limits
	if b.Category == "" {
		return req, badParam("category", "missing; want one of %s", strings.Join(s.opts.Taxonomy.Names(), ", "))
	}
	if _, err := s.checkCategories("category", []string{b.Category}); err != nil {
		return req, err
	}
	count := 0
	if b.Count != nil {
		count = *b.Count
		if count < 1 || count > maxSites {
			return req, badParam("count", "%d: want a whole number from 1 to %d", count, maxSites)
		}
	}
	target := 0.0
	if b.Target != nil {
		target = *b.Target
		if !(target > 0 && target <= 1) {
			return req, badParam("target", "%v: want a share in (0, 1]", target)
		}
	}
	if b.Count == nil && b.Target == nil {
		return req, badParam("count", "missing; give count (sites to propose) or target (a share to reach)")
	}
	budget, profile, err := s.bodyWalk(b.Minutes, b.Meters, b.Profile)
	if err != nil {
		return req, err
	}
	opts := access.SiteOptions{Category: b.Category, Count: count, Target: target, Budget: budget, Profile: profile, Groups: b.Groups, MaxSnap: s.opts.MaxSnap}
	if c := bytes.TrimSpace(b.Candidates); len(c) > 0 && c[0] == '"' {
		var spec string
		if err := json.Unmarshal(c, &spec); err != nil {
			return req, badParam("candidates", "%v", err)
		}
		res, ok, err := walkshed.ParseCellCandidates(spec)
		if !ok || err != nil {
			return req, badParam("candidates", "%q: want \"h3:RES\" or a list of {\"id\",\"lon\",\"lat\"}", spec)
		}
		opts.CellResolution = res
	} else if len(c) > 0 && string(c) != "null" {
		var cbs []candidateBody
		if err := json.Unmarshal(c, &cbs); err != nil {
			return req, badParam("candidates", "want \"h3:RES\" or a list of {\"id\",\"lon\",\"lat\"}: %v", err)
		}
		if len(cbs) == 0 || len(cbs) > l.MaxResidents {
			return req, badParam("candidates", "%d given; want 1 to %d", len(cbs), l.MaxResidents)
		}
		set := &walkshed.CandidateSet{Name: "request body"}
		for i, cb := range cbs {
			if cb.ID == "" || cb.Lon == nil || cb.Lat == nil {
				return req, badParam("candidates", "candidate %d: want id, lon and lat", i+1)
			}
			pt := orb.Point{*cb.Lon, *cb.Lat}
			if err := geo.ValidatePoint(pt); err != nil {
				return req, badParam("candidates", "candidate %d (%q): %v", i+1, cb.ID, err)
			}
			set.Candidates = append(set.Candidates, access.Candidate{ID: cb.ID, Name: cb.Name, Point: pt})
		}
		req.Candidates = set
	}
	residents, err := s.residents(b.Residents)
	if err != nil {
		return req, err
	}
	grids, err := walkshed.ParseGrids(b.Grids)
	if err != nil {
		return req, badParam("grids", "%v", err)
	}
	req.Taxonomy, req.Facilities, req.Grids, req.Options = s.opts.Taxonomy, s.auditFacilities(), grids, opts
	req.Residents = walkshed.ResidentSet{Residents: residents, Name: "request body"}
	return req, nil
}
