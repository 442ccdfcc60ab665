package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing/emergency"
)

// emergencyBody is the body of POST /v1/emergency.
type emergencyBody struct {
	Responders []json.RawMessage `json:"responders"` // responderBody each
	Residents  []json.RawMessage `json:"residents"`  // optional, residentBody each
	Grids      string            `json:"grids"`
	Minutes    *float64          `json:"minutes"`
	Meters     *float64          `json:"meters"`
	Profile    string            `json:"profile"`
	Advice     *bool             `json:"advice"`
}

// responderBody is one responder of an emergency request.
type responderBody struct {
	ID   string   `json:"id"`
	Name string   `json:"name"`
	Lon  *float64 `json:"lon"`
	Lat  *float64 `json:"lat"`
	Grid string   `json:"grid"`
}

// emergencyExample is the shape of an emergency request, for error
// messages.
const emergencyExample = `a JSON object like {"responders":[{"id":"p1","lon":7.4206,"lat":43.7314}],"grids":"osm:admin_level=10"}`

// handleEmergency answers POST /v1/emergency with the emergency
// assessment of the responders in the body, as report.WriteEmergency
// writes it in JSON: per grid the worst-case walk, shares, pass or fail
// and (unless "advice" is false) placement advice.
func (s *server) handleEmergency(w http.ResponseWriter, r *http.Request) error {
	if _, err := parseParams(r); err != nil {
		return err
	}
	var b emergencyBody
	if err := s.decodeBody(w, r, &b, emergencyExample); err != nil {
		return err
	}
	req, err := s.emergencyRequest(&b)
	if err != nil {
		return err
	}
	req.Lang = langOf(r)
	if req.Residents.Name == "request body" {
		req.Residents.Name = bodyName(req.Lang)
	}
	req.Responders.Name = bodyName(req.Lang)
	ctx := r.Context()
	release, err := s.audits.enter(ctx) // wait for a turn; assessments use every core
	if err != nil {
		return err
	}
	defer release()
	rep, err := s.city.RunEmergency(ctx, req)
	if err != nil {
		var ge *emergency.GridError
		var ie *walkshed.InputError
		switch {
		case errors.As(err, &ge):
			return badParam("responders", "responders[%d] (id %q): grid %q names no grid", ge.Index, ge.ID, ge.Grid)
		case errors.As(err, &ie) && ie.Field == "Responders":
			return badParam("responders", "%v", ie.Err)
		}
		return auditError(err)
	}
	for i, p := range rep.Result.Responders {
		if rs := req.Responders.Responders[i]; !p.Placed && rs.Grid == "" && p.Zone < 0 {
			return badParam("responders", "responders[%d] (id %q): %s", i, rs.ID, p.Reason)
		}
	}
	return s.answerJSON(w, r, "the assessment", "send fewer residents or grids", func(w io.Writer) error { return report.WriteEmergency("json", w, rep) })
}

// emergencyRequest checks a request body and turns it into the request
// RunEmergency takes, as the CLI's is: every error names the field, and
// for a responder its index and id; RunEmergency checks the residents'
// values and the grids.
func (s *server) emergencyRequest(b *emergencyBody) (walkshed.EmergencyRequest, error) {
	fail := func(err error) (walkshed.EmergencyRequest, error) { return walkshed.EmergencyRequest{}, err }
	budget, profile, err := s.bodyWalk(b.Minutes, b.Meters, b.Profile)
	if err != nil {
		return fail(err)
	}
	advice := b.Advice == nil || *b.Advice
	opts := emergency.Options{Budget: budget, Profile: profile, MaxSnap: s.opts.MaxSnap, Advice: advice}

	residents := walkshed.NoResidents("streets only")
	if len(b.Residents) > 0 {
		rs, err := s.residents(b.Residents)
		if err != nil {
			return fail(err)
		}
		residents = walkshed.ResidentSet{Residents: rs, Name: "request body"}
	}
	responders, err := s.responderList(b.Responders)
	if err != nil {
		return fail(err)
	}
	grids, err := walkshed.ParseGrids(b.Grids)
	if err != nil {
		return fail(badParam("grids", "%v", err))
	}
	return walkshed.EmergencyRequest{Responders: walkshed.ResponderSet{Responders: responders, Name: "request body"},
		Residents: residents, Grids: grids, Options: opts}, nil
}

// responderList checks the responders of a request: at least one and at
// most the residents limit, each with a unique id and valid coordinates.
func (s *server) responderList(rs []json.RawMessage) ([]emergency.Responder, error) {
	if len(rs) == 0 {
		return nil, badParam("responders", "none given; want [{\"id\":\"p1\",\"lon\":...,\"lat\":...}, ...]")
	}
	if max := s.opts.Limits.MaxResidents; len(rs) > max {
		return nil, badParam("responders", "%d given, at most %d per request", len(rs), max)
	}
	out := make([]emergency.Responder, len(rs))
	seen := map[string]int{}
	for i, raw := range rs {
		var rb responderBody
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		derr := dec.Decode(&rb)
		bad := func(format string, a ...any) error {
			who := fmt.Sprintf("responders[%d]", i)
			if rb.ID != "" {
				who += fmt.Sprintf(" (id %q)", rb.ID)
			}
			return errorf(http.StatusBadRequest, "responders", "%s: %s", who, text{format, a})
		}
		switch {
		case derr != nil:
			return nil, bad("%s", strings.TrimPrefix(derr.Error(), "json: "))
		case rb.ID == "":
			return nil, bad("id is missing or empty")
		case rb.Lon == nil || rb.Lat == nil:
			return nil, bad("lon and lat are required")
		}
		if j, dup := seen[rb.ID]; dup {
			return nil, bad("id already used by responders[%d]", j)
		}
		seen[rb.ID] = i
		pt := orb.Point{*rb.Lon, *rb.Lat}
		if err := geo.ValidatePoint(pt); err != nil || math.IsNaN(pt[0]) {
			return nil, bad("%v", err)
		}
		out[i] = emergency.Responder{ID: rb.ID, Name: rb.Name, Point: pt, Grid: rb.Grid}
	}
	return out, nil
}
