package walkshed

import (
	"context"
	"errors"
	"fmt"
	"github.com/walkshed/walkshed/data/i18n"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/routing/access"
)

// SiteRequest is a siting as values: where new facilities of a category
// would cover the most residents not yet covered (see access.Site).
type SiteRequest struct {
	// Taxonomy checks the category; nil means taxonomy.Default().
	Taxonomy *taxonomy.Taxonomy
	// Facilities are the existing services, kept; they may be empty.
	Facilities []FacilitySet
	// Scenario, when set, adds and removes services first.
	Scenario *Scenario
	// Residents are the people to cover.
	Residents ResidentSet
	// Grids break the people gained down; nil means H3Cells{}.
	Grids GridSpec
	// Candidates are the places a site may go; nil means H3 cells of
	// Options.CellResolution on the streets within reach of the residents
	// not yet covered.
	Candidates *CandidateSet
	// Options are the siting options (category, count or target, budget,
	// profile, groups).
	Options access.SiteOptions
	// Lang is the language of the report's texts for people (header,
	// headings, notes); the zero value is English.
	Lang i18n.Language
}

// CandidateSet is candidate sites and what the report says of them.
type CandidateSet struct {
	Candidates []access.Candidate
	// Name names the source in the report (a file's base name).
	Name string
	// Skipped are the source's records left out as bad.
	Skipped []table.RowError
}

// SiteReport is a siting with everything its report shows.
type SiteReport = report.Siting

// ReadCandidates reads candidate sites (CSV id,lon,lat[,name] or GeoJSON
// points) as a siting input.
func ReadCandidates(path string, opts table.Options) (*CandidateSet, error) {
	cs, bad, err := table.ReadCandidates(path, opts)
	if err != nil {
		return nil, err
	}
	return &CandidateSet{Candidates: cs, Name: displayName(path), Skipped: bad}, nil
}

// ParseCellCandidates parses "h3:RES", the candidate cells of a
// resolution, and returns RES.
func ParseCellCandidates(spec string) (int, bool, error) {
	s, ok := strings.CutPrefix(spec, "h3:")
	if !ok {
		return 0, false, nil
	}
	res, err := strconv.Atoi(s)
	if err != nil || res < 0 || res > 15 {
		return 0, true, fmt.Errorf("candidates %q: want h3:RES with RES an H3 resolution 0..15", spec)
	}
	return res, true, nil
}

// Site proposes where new facilities would cover the most residents not
// yet covered, keeping the existing ones (see access.Site), and returns
// it with its report header. Input errors are *InputError values naming
// the field.
func (c *City) Site(ctx context.Context, req SiteRequest) (*SiteReport, error) {
	if req.Taxonomy == nil {
		req.Taxonomy = taxonomy.Default()
	}
	if req.Grids == nil {
		req.Grids = H3Cells{}
	}
	opts := req.Options
	if !req.Lang.Valid() {
		return nil, &InputError{"Lang", fmt.Errorf("walkshed: %q is not a language; known: en, zh", string(req.Lang))}
	}
	if err := req.Taxonomy.Validate(opts.Category); err != nil {
		return nil, &InputError{"Options", err}
	}
	var facilities []access.Facility
	for _, fs := range req.Facilities {
		facilities = append(facilities, fs.Facilities...)
	}
	facilities, scenarioLine, err := req.Scenario.apply(req.Lang, facilities)
	if err != nil {
		return nil, &InputError{"Scenario", err}
	}
	residents := req.Residents.Residents
	if len(residents) == 0 {
		return nil, &InputError{"Residents", errors.New("walkshed: no residents given")}
	}
	if err := access.CheckResidents(residents); err != nil {
		return nil, &InputError{"Residents", err}
	}
	zones, err := req.Grids.zones(c, residents)
	if err != nil {
		return nil, &InputError{"Grids", err}
	}
	var cands []access.Candidate
	name := ""
	if req.Candidates != nil {
		if len(req.Candidates.Candidates) == 0 {
			return nil, &InputError{"Candidates", errors.New("walkshed: no candidates given")}
		}
		cands, name = req.Candidates.Candidates, req.Candidates.Name
	}
	res, err := access.Site(ctx, c.graph, c.snapper, facilities, residents, zones, cands, opts)
	if err != nil {
		if errors.Is(err, ctx.Err()) {
			return nil, err
		}
		return nil, &InputError{"Options", err}
	}
	// The header states the inputs as an audit's does.
	areq := AuditRequest{Taxonomy: req.Taxonomy, Facilities: req.Facilities, Residents: req.Residents, Grids: req.Grids, Lang: req.Lang}
	aopts := access.Options{Categories: []string{opts.Category}, Budget: opts.Budget, Profile: opts.Profile, MaxSnap: opts.MaxSnap}
	h := c.auditHeader(areq, aopts, len(zones), &access.Result{FacilityCount: []int{res.Existing}}, nil, nil)
	if req.Candidates != nil {
		h.Inputs = appendSkipped(h.Inputs, req.Lang, req.Candidates.Name, req.Candidates.Skipped)
	}
	if req.Scenario != nil {
		h.Scenario = req.Scenario.Name
		h.Inputs = append(h.Inputs, scenarioLine)
	}
	return &SiteReport{Header: h, Result: res, Residents: residents, Facilities: facilities, Zones: zones, Candidates: name, Graph: c.graph, Lang: req.Lang}, nil
}
