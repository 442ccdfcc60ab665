package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// auditBody is the body of POST /v1/audit. Pointers tell a field left out
// from a zero.
type auditBody struct {
	Residents     []json.RawMessage `json:"residents"` // residentBody each, decoded one by one to name the bad one
	Categories    []string          `json:"categories"`
	Minutes       *float64          `json:"minutes"`
	Meters        *float64          `json:"meters"`
	Profile       string            `json:"profile"`
	GroupProfiles map[string]string `json:"group_profiles"`
	K             *int              `json:"k"`
	Grids         string            `json:"grids"`
	GapResolution int               `json:"gap_resolution"`
}

// residentBody is one resident of an audit request.
type residentBody struct {
	ID     string   `json:"id"`
	Lon    *float64 `json:"lon"`
	Lat    *float64 `json:"lat"`
	Weight *float64 `json:"weight"`
	Group  string   `json:"group"`
}

// handleAudit answers POST /v1/audit with the audit of the residents in
// the body, as report.WriteJSON writes it. The audit runs through
// walkshed.RunAudit, as the CLI's does, so both state their inputs alike.
func (s *server) handleAudit(w http.ResponseWriter, r *http.Request) error {
	if _, err := parseParams(r); err != nil {
		return err
	}
	body, err := s.decodeAudit(w, r)
	if err != nil {
		return err
	}
	req, err := s.auditRequest(body)
	if err != nil {
		return err
	}
	req.Lang = langOf(r)
	req.Residents.Name = bodyName(req.Lang)
	ctx := r.Context()
	if err := ctx.Err(); err != nil {
		return err
	}
	release, err := s.audits.enter(ctx) // wait for a turn; audits use every core
	if err != nil {
		return err
	}
	defer release()
	rep, err := s.city.RunAudit(ctx, req)
	if err != nil {
		return auditError(err)
	}
	return s.answerJSON(w, r, "the audit", "send fewer residents (or a smaller k)", func(w io.Writer) error { return report.WriteJSON(w, rep) })
}

// answerJSON writes the JSON answer write produces, capped at
// Limits.MaxResponseBytes: an answer over it is a 422 naming residents,
// saying what (e.g. "the audit") took too much and how to ask for less.
func (s *server) answerJSON(w http.ResponseWriter, r *http.Request, what, less string, write func(io.Writer) error) error {
	buf := &answerBuffer{ctx: r.Context(), max: s.opts.Limits.MaxResponseBytes, tooLarge: func(max int64) error {
		return errorf(http.StatusUnprocessableEntity, "residents", "parameter residents: %s takes more than the limit of %d bytes of JSON; %s", text{format: what}, max, text{format: less})
	}}
	if err := write(buf); err != nil {
		return err
	}
	writeBody(w, http.StatusOK, "application/json", buf.Bytes())
	return nil
}

// bodyWalk resolves the minutes, meters and profile of a request body
// against the server's defaults and limits. Every error names its field:
// the profile when the default budget is what the profile makes too long.
func (s *server) bodyWalk(minutes, meters *float64, profileName string) (geo.Budget, routing.Profile, error) {
	budget, name := s.opts.Budget, "minutes"
	switch {
	case minutes != nil && meters != nil:
		return budget, routing.Profile{}, badParam("meters", "give minutes or meters, not both")
	case minutes != nil:
		budget = geo.Budget{Minutes: *minutes}
	case meters != nil:
		budget, name = geo.Budget{Meters: *meters}, "meters"
	}
	if err := budget.Validate(); err != nil {
		return budget, routing.Profile{}, badParam(name, "%v", err)
	}
	profile := s.opts.Profile
	if profileName != "" {
		p, err := routing.ParseProfile(profileName)
		if err != nil {
			return budget, profile, badParam("profile", "%v", err)
		}
		profile = p
	}
	if err := checkBudget(budget, profile, s.opts.Limits); err != nil {
		if minutes == nil && meters == nil {
			return budget, profile, badParam("profile", "the default budget: %v", err)
		}
		return budget, profile, badParam(name, "%v", err)
	}
	return budget, profile, nil
}

// auditError names the body field an input error of RunAudit is about.
func auditError(err error) error {
	var re *access.ResidentError
	var ie *walkshed.InputError
	switch {
	case errors.As(err, &re):
		return errorf(http.StatusBadRequest, "residents", "%v", re)
	case errors.As(err, &ie) && ie.Field == "Grids":
		return badParam("grids", "%v", ie.Err)
	case errors.As(err, &ie) && ie.Field == "Residents":
		return badParam("residents", "%v", ie.Err)
	case errors.As(err, &ie) && ie.Field == "Options":
		return badParam("categories", "%v", ie.Err)
	}
	return err
}

// decodeAudit reads the body of an audit request.
func (s *server) decodeAudit(w http.ResponseWriter, r *http.Request) (*auditBody, error) {
	var body auditBody
	if err := s.decodeBody(w, r, &body, auditExample); err != nil {
		return nil, err
	}
	return &body, nil
}

// decodeBody reads a request body into dst, a pointer to a struct: one
// JSON object of dst's fields (Content-Type JSON or none), within the size
// limit. Errors name the field at fault, or "body"; example shows the
// shape the endpoint wants.
func (s *server) decodeBody(w http.ResponseWriter, r *http.Request, dst any, example string) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !(mt == "application/json" || strings.HasSuffix(mt, "+json")) {
			return errorf(http.StatusUnsupportedMediaType, "body", "body: Content-Type %q is not JSON; JSON is required: send %s with Content-Type: application/json", ct, text{format: example})
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.opts.Limits.MaxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return bodyError(err, example, jsonFields(dst))
	}
	if _, err := dec.Token(); err != io.EOF {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return err
		}
		return errorf(http.StatusBadRequest, "body", "body: more data after the JSON object")
	}
	return nil
}

// auditExample is the shape of an audit request, for error messages.
const auditExample = `a JSON object like {"residents":[{"id":"r1","lon":7.4246,"lat":43.7384}]}`

// bodyError turns a JSON decoding error into an answer that says where,
// and names the field at fault ("body" for the body as a whole); example
// is the shape the endpoint wants, fields the names it knows.
func bodyError(err error, example string, fields []string) error {
	var mb *http.MaxBytesError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mb):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errorf(http.StatusBadRequest, "body", "body: invalid JSON: it ends before the object is complete")
	case errors.Is(err, io.EOF):
		return errorf(http.StatusBadRequest, "body", "body: empty; JSON is required: %s", text{format: example})
	case errors.As(err, &se):
		if se.Offset <= 1 { // not JSON at all: CSV, a form, text
			return errorf(http.StatusBadRequest, "body", "body: not JSON (%v); JSON is required: %s", se, text{format: example})
		}
		return errorf(http.StatusBadRequest, "body", "body: invalid JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		if te.Field == "" {
			return errorf(http.StatusBadRequest, "body", "body: got a JSON %s; want %s", te.Value, text{format: example})
		}
		return errorf(http.StatusBadRequest, rootField(te.Field), "body: field %s: want %s, got a JSON %s (byte %d)", te.Field, text{format: jsonType(te.Type.String())}, te.Value, te.Offset)
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if f, ok := strings.CutPrefix(msg, "unknown field "); ok { // the decoder's words for DisallowUnknownFields
		if name, err := strconv.Unquote(f); err == nil {
			return errorf(http.StatusBadRequest, name, "body: unknown field %q; known: %s", name, strings.Join(fields, ", "))
		}
	}
	return errorf(http.StatusBadRequest, "body", "body: %s", msg)
}

// jsonFields returns the JSON names of the fields of the struct v points to.
func jsonFields(v any) []string {
	t := reflect.TypeOf(v).Elem()
	names := make([]string, t.NumField())
	for i := range names {
		names[i], _, _ = strings.Cut(t.Field(i).Tag.Get("json"), ",")
	}
	return names
}

// jsonType names a Go type as JSON calls it.
func jsonType(goType string) string {
	switch {
	case strings.Contains(goType, "float") || strings.Contains(goType, "int"):
		return "a number"
	case strings.Contains(goType, "string") && strings.HasPrefix(goType, "map"):
		return "an object"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.Contains(goType, "string"):
		return "a string"
	}
	return "an object"
}

// rootField returns the top-level field of a dotted JSON path.
func rootField(path string) string {
	root, _, _ := strings.Cut(path, ".")
	return root
}

// auditRequest checks a request body and turns it into the request
// RunAudit takes: the city's facilities, the residents of the body, its
// grids and options. Every error names the field, and for a resident its
// index and id; RunAudit checks the residents' values.
func (s *server) auditRequest(b *auditBody) (walkshed.AuditRequest, error) {
	l := s.opts.Limits
	fail := func(err error) (walkshed.AuditRequest, error) { return walkshed.AuditRequest{}, err }

	// options
	budget, profile, err := s.bodyWalk(b.Minutes, b.Meters, b.Profile)
	if err != nil {
		return fail(err)
	}
	var groups []string
	for grp := range b.GroupProfiles {
		groups = append(groups, grp)
	}
	sort.Strings(groups)
	var groupProfiles map[string]routing.Profile
	for _, grp := range groups {
		p, err := routing.ParseProfile(b.GroupProfiles[grp])
		if err == nil {
			err = checkBudget(budget, p, l)
		}
		if err != nil {
			return fail(badParam("group_profiles", "group %q: %v", grp, err))
		}
		if groupProfiles == nil {
			groupProfiles = map[string]routing.Profile{}
		}
		groupProfiles[grp] = p
	}
	k := 1
	if b.K != nil {
		k = *b.K
		if k < 1 || k > l.MaxK {
			return fail(badParam("k", "%d: want a whole number from 1 to %d", k, l.MaxK))
		}
	}
	if b.GapResolution < 0 || b.GapResolution > 15 {
		return fail(badParam("gap_resolution", "%d: want an H3 resolution 1..15 (0: %d)", b.GapResolution, access.DefaultGapResolution))
	}
	cats := s.opts.Taxonomy.Names()
	if b.Categories != nil {
		if len(b.Categories) == 0 {
			return fail(badParam("categories", "empty; leave it out for every category"))
		}
		var err error
		if cats, err = s.checkCategories("categories", b.Categories); err != nil {
			return fail(err)
		}
	}
	opts := access.Options{Categories: cats, Budget: budget, Profile: profile, GroupProfiles: groupProfiles, K: k,
		MaxSnap: s.opts.MaxSnap, GapResolution: b.GapResolution}

	// residents
	residents, err := s.residents(b.Residents)
	if err != nil {
		return fail(err)
	}

	// grids
	grids, err := walkshed.ParseGrids(b.Grids)
	if err != nil {
		return fail(badParam("grids", "%v", err))
	}

	return walkshed.AuditRequest{Taxonomy: s.opts.Taxonomy, Facilities: s.auditFacilities(),
		Residents: walkshed.ResidentSet{Residents: residents, Name: "request body"}, Grids: grids, Options: opts}, nil
}

// auditFacilities are the facilities s gathered, as the sets they came
// from: the city's OSM tags, then the directory.
func (s *server) auditFacilities() []walkshed.FacilitySet {
	n := len(s.facilities) - len(s.opts.Directory) // s.facilities is the OSM facilities, then the directory
	sets := []walkshed.FacilitySet{{Facilities: s.facilities[:n:n], Name: filepath.Base(s.city.Source()), OSM: true}}
	if len(s.opts.Directory) > 0 {
		name := s.opts.DirectoryName
		if name == "" {
			name = "directory"
		}
		sets = append(sets, walkshed.FacilitySet{Facilities: s.facilities[n:], Name: name})
	}
	return sets
}

// residents decodes the residents of a request: at least one and at most
// the limit, each a JSON object of known fields with lon and lat (weight 1
// when left out). RunAudit checks their values (unique ids, valid points,
// positive weights), as it does for every caller.
func (s *server) residents(rs []json.RawMessage) ([]access.Resident, error) {
	if len(rs) == 0 {
		return nil, badParam("residents", "none given; want [{\"id\":\"r1\",\"lon\":...,\"lat\":...}, ...]")
	}
	if max := s.opts.Limits.MaxResidents; len(rs) > max {
		return nil, badParam("residents", "%d given, at most %d per request", len(rs), max)
	}
	out := make([]access.Resident, len(rs))
	for i, raw := range rs {
		var rb residentBody
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		derr := dec.Decode(&rb)
		bad := func(format string, a ...any) error {
			who := fmt.Sprintf("residents[%d]", i)
			if rb.ID != "" {
				who += fmt.Sprintf(" (id %q)", rb.ID)
			}
			return errorf(http.StatusBadRequest, "residents", "%s: %s", who, text{format, a})
		}
		if derr != nil {
			var te *json.UnmarshalTypeError
			if errors.As(derr, &te) {
				if te.Field == "" {
					return nil, bad("want an object {\"id\":...,\"lon\":...,\"lat\":...}, got a JSON %s", te.Value)
				}
				return nil, bad("%s: want %s, got a JSON %s", te.Field, text{format: jsonType(te.Type.String())}, te.Value)
			}
			return nil, bad("%s", strings.TrimPrefix(derr.Error(), "json: "))
		}
		if rb.Lon == nil || rb.Lat == nil {
			return nil, bad("lon and lat are required")
		}
		w := 1.0
		if rb.Weight != nil {
			w = *rb.Weight
		}
		out[i] = access.Resident{ID: rb.ID, Point: orb.Point{*rb.Lon, *rb.Lat}, Weight: w, Group: rb.Group}
	}
	return out, nil
}
