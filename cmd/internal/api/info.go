package api

import (
	_ "embed"
	"net/http"
	"sort"
	"strings"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// infoResponse is the answer of /v1/info.
type infoResponse struct {
	Attribution  string          `json:"attribution"`
	Walkshed     string          `json:"walkshed"`
	Source       string          `json:"source"`
	OSMTimestamp string          `json:"osm_timestamp"`
	Network      networkInfo     `json:"network"`
	Facilities   int             `json:"facilities"`
	Categories   []categoryCount `json:"categories"`
	Profiles     []profileInfo   `json:"profiles"`
	Defaults     defaultsInfo    `json:"defaults"`
	Limits       limitsInfo      `json:"limits"`
}

type networkInfo struct {
	Nodes      int     `json:"nodes"`
	Edges      int     `json:"edges"`
	WalkableKM float64 `json:"walkable_km"`
}

type categoryCount struct {
	Name       string `json:"name"`
	Facilities int    `json:"facilities"`
}

type profileInfo struct {
	Name   string   `json:"name"`
	Speed  float64  `json:"speed_mps"`
	Avoids []string `json:"avoids"`
}

type defaultsInfo struct {
	Profile    string  `json:"profile"`
	Budget     string  `json:"budget"`
	MaxSnap    float64 `json:"max_snap_m"`
	K          int     `json:"k"`
	Resolution int     `json:"isochrone_resolution"`
}

type limitsInfo struct {
	MaxBodyBytes  int64   `json:"max_body_bytes"`
	MaxResidents  int     `json:"max_residents"`
	MaxPoints     int     `json:"max_points"`
	MaxBudgets    int     `json:"max_budgets"`
	MaxMinutes    float64 `json:"max_minutes"`
	MaxMeters     float64 `json:"max_meters"`
	MaxK          int     `json:"max_k"`
	MaxResolution int     `json:"max_resolution"`
	MaxCells      int     `json:"max_cells"`
	MaxResponse   int64   `json:"max_response_bytes"`
	MaxIsochrones int     `json:"max_isochrones"`
	MaxAudits     int     `json:"max_audits"`
	MaxQueue      int     `json:"max_queue"`
	TimeoutS      float64 `json:"timeout_s"`
}

// buildInfo computes the answer of /v1/info once.
func (s *server) buildInfo() infoResponse {
	g := s.city.Graph()
	var walkable float64
	for e := range g.NumEdges() {
		walkable += g.Length(routing.EdgeID(e))
	}
	counts := map[string]int{}
	for _, f := range s.facilities {
		counts[f.Category]++
	}
	cats := make([]categoryCount, 0, s.opts.Taxonomy.Len())
	for _, name := range s.opts.Taxonomy.Names() {
		cats = append(cats, categoryCount{Name: name, Facilities: counts[name]})
	}
	var profiles []profileInfo
	for _, p := range routing.Profiles() {
		profiles = append(profiles, profileInfo{Name: p.Name, Speed: p.Speed, Avoids: avoids(p.Avoid)})
	}
	sort.Slice(profiles, func(i, j int) bool { return profiles[i].Speed > profiles[j].Speed })
	l := s.opts.Limits
	return infoResponse{
		Attribution:  walkshed.Attribution,
		Walkshed:     walkshed.Version,
		Source:       s.city.SourceName(),
		OSMTimestamp: s.city.TimestampString(),
		Network:      networkInfo{Nodes: g.NumNodes(), Edges: g.NumEdges(), WalkableKM: round(walkable/1000, 3)},
		Facilities:   len(s.facilities),
		Categories:   cats,
		Profiles:     profiles,
		Defaults: defaultsInfo{Profile: s.opts.Profile.Name, Budget: s.opts.Budget.String(), MaxSnap: s.opts.MaxSnap,
			K: 1, Resolution: isochrone.DefaultResolution},
		Limits: limitsInfo{MaxBodyBytes: l.MaxBodyBytes, MaxResidents: l.MaxResidents, MaxPoints: l.MaxPoints,
			MaxBudgets: l.MaxBudgets, MaxMinutes: l.MaxMinutes, MaxMeters: l.MaxMeters, MaxK: l.MaxK,
			MaxResolution: l.MaxResolution, MaxCells: l.MaxCells, MaxResponse: l.MaxResponseBytes,
			MaxIsochrones: l.MaxIsochrones, MaxAudits: l.MaxAudits, MaxQueue: l.MaxQueue, TimeoutS: l.Timeout.Seconds()},
	}
}

// avoids names the edge flags a profile cannot pass.
func avoids(f routing.EdgeFlags) []string {
	names := report.FlagString(f)
	if names == "" {
		return []string{}
	}
	return strings.Split(names, ",")
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) error {
	if _, err := parseParams(r); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Status string `json:"status"`
	}{"ok"})
	return nil
}

func (s *server) handleInfo(w http.ResponseWriter, r *http.Request) error {
	if _, err := parseParams(r); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.info)
	return nil
}

// categoryInfo is one category of /v1/categories.
type categoryInfo struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Rules       []string `json:"rules"`
	Facilities  int      `json:"facilities"`
}

func (s *server) handleCategories(w http.ResponseWriter, r *http.Request) error {
	if _, err := parseParams(r); err != nil {
		return err
	}
	tax := s.opts.Taxonomy
	cats := make([]categoryInfo, 0, tax.Len())
	for i, name := range tax.Names() {
		c, _ := tax.Category(name)
		rules := c.RuleStrings()
		if rules == nil {
			rules = []string{}
		}
		cats = append(cats, categoryInfo{Name: name, Description: langOf(r).Text(c.Description()), Rules: rules,
			Facilities: s.info.Categories[i].Facilities})
	}
	writeJSON(w, http.StatusOK, struct {
		Attribution string         `json:"attribution"`
		Fingerprint string         `json:"rules_fingerprint"`
		Categories  []categoryInfo `json:"categories"`
	}{walkshed.Attribution, tax.Fingerprint(), cats})
	return nil
}

// openAPI is the OpenAPI 3 description of the API, served as it is. The
// tests check it with kin-openapi and check real answers of every endpoint
// against it.
//
//go:embed openapi.json
var openAPI []byte

func (s *server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	if _, err := parseParams(r); err != nil {
		return err
	}
	writeBody(w, http.StatusOK, "application/json", openAPI)
	return nil
}
