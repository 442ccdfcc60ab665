package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// Siting is everything a siting report shows: the result of access.Site
// and the inputs it indexes.
type Siting struct {
	// Header describes the run; Budget, Profile and Speed default to the
	// result's options.
	Header Header
	// Result is the siting. Required.
	Result *access.SiteResult
	// Residents, Facilities and Zones are the inputs given to access.Site.
	Residents  []access.Resident
	Facilities []access.Facility
	Zones      []access.Zone
	// Candidates names where given candidates came from (a file's base
	// name); "" for generated H3 cells.
	Candidates string
	// Graph, when set, is the walking network the HTML map draws as its
	// basemap; nil draws none.
	Graph *routing.Graph
	// Lang is the language of the texts for people (title, header,
	// headings, notes, ledger; the text, Markdown and HTML pages and the
	// GeoPackage's report_header); the zero value is English. Column names,
	// JSON keys and coded values (CSV, JSON, GeoJSON) stay English.
	Lang i18n.Language
}

// SitingFormats returns the formats WriteSiting accepts.
func SitingFormats() []string {
	return []string{"table", "csv", "json", "geojson", "markdown", "html", "gpkg"}
}

// siteGain is what one proposal gains in one grid or group.
type siteGain struct {
	name   string
	count  int
	weight float64
}

// sitingPrep is a Siting checked, with the per-proposal breakdowns.
type sitingPrep struct {
	s       *Siting
	r       *access.SiteResult
	h       Header
	byGrid  [][]siteGain // per proposal, grids by gained weight
	byGroup [][]siteGain // per proposal; nil when residents carry no group
}

func prepareSiting(s *Siting) (*sitingPrep, error) {
	if s == nil || s.Result == nil {
		return nil, fmt.Errorf("%w: no siting result", ErrAudit)
	}
	if !s.Lang.Valid() {
		return nil, langError(s.Lang)
	}
	r := s.Result
	if len(r.ResidentZone) != len(s.Residents) {
		return nil, fmt.Errorf("%w: %d residents but %d zones", ErrAudit, len(s.Residents), len(r.ResidentZone))
	}
	p := &sitingPrep{s: s, r: r, h: s.Header}
	if p.h.Budget == "" {
		p.h.Budget = r.Options.Budget.String()
	}
	if p.h.Profile == "" {
		p.h.Profile = r.Options.Profile.Name
	}
	if p.h.Speed == 0 {
		p.h.Speed = r.Options.Profile.Speed
	}
	groups := false
	for _, res := range s.Residents {
		groups = groups || res.Group != ""
	}
	for _, site := range r.Sites {
		if site.Candidate < 0 || site.Candidate >= len(r.Candidates) {
			return nil, fmt.Errorf("%w: site of candidate %d of %d", ErrAudit, site.Candidate, len(r.Candidates))
		}
		grid, group := map[string]*siteGain{}, map[string]*siteGain{}
		for _, i := range site.Residents {
			if i < 0 || i >= len(s.Residents) {
				return nil, fmt.Errorf("%w: site covers resident %d of %d", ErrAudit, i, len(s.Residents))
			}
			add := func(m map[string]*siteGain, name string) {
				g := m[name]
				if g == nil {
					g = &siteGain{name: name}
					m[name] = g
				}
				g.count++
				g.weight += weightOf(s.Residents[i])
			}
			z := r.ResidentZone[i]
			name := "outside any grid"
			if z >= 0 && z < len(s.Zones) {
				name = s.Zones[z].Name
			}
			add(grid, name)
			gr := s.Residents[i].Group
			if gr == "" {
				gr = "(no group)"
			}
			add(group, gr)
		}
		p.byGrid = append(p.byGrid, sortedGains(grid))
		if groups {
			p.byGroup = append(p.byGroup, sortedGains(group))
		}
	}
	return p, nil
}

// sortedGains lists gains heaviest first, then by name.
func sortedGains(m map[string]*siteGain) []siteGain {
	out := make([]siteGain, 0, len(m))
	for _, g := range m {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].name < out[j].name
	})
	return out
}

func (p *sitingPrep) share(w float64) float64 {
	if p.r.TotalWeight == 0 {
		return math.NaN()
	}
	return w / p.r.TotalWeight
}

func (p *sitingPrep) title() string {
	tr := p.s.Lang.Sprintf
	t := "walkshed"
	if v := oneLine(p.h.Version); v != "" {
		t += " " + v
	}
	o := p.r.Options
	cat := p.s.Lang.Category(oneLine(o.Category))
	if o.Target > 0 {
		return t + tr(" — how many new %s sites reach %s %% within %s", cat, pct(o.Target), p.h.Budget)
	}
	return t + tr(" — where %s new %s site(s) would cover the most residents within %s", strconv.Itoa(o.Count), cat, p.h.Budget)
}

func (p *sitingPrep) headerLines() []headerLine {
	tr := p.s.Lang.Sprintf
	var out []headerLine
	add := func(k, v string) {
		if v = oneLine(v); v != "" {
			out = append(out, headerLine{k, v})
		}
	}
	add(tr("scenario"), p.h.Scenario)
	for _, in := range p.h.Inputs {
		add(tr("input"), in)
	}
	add(tr("OSM data"), p.h.OSMTimestamp)
	add(tr("budget"), tr("%s (%s m at %s m/s)", p.h.Budget, meters(p.r.Meters), trimmed(p.h.Speed, 2)))
	add(tr("profile"), tr("%s, %s m/s", p.h.Profile, trimmed(p.h.Speed, 2)))
	add(tr("taxonomy"), p.h.Taxonomy)
	add(tr("grids"), p.h.Grids)
	o := p.r.Options
	add(tr("category"), p.s.Lang.Category(o.Category))
	if len(o.Groups) > 0 {
		add(tr("residents counted"), tr("groups %s", strings.Join(o.Groups, ", ")))
	}
	add(tr("candidates"), p.candidatesLine())
	add(tr("existing"), tr("%s %s facilities cover %s of %s people (%s %%)", strconv.Itoa(p.r.Existing), p.s.Lang.Category(o.Category),
		weight(p.r.CoveredWeight), weight(p.r.TotalWeight), orNone(pct(p.share(p.r.CoveredWeight)))))
	add(tr("generated"), p.h.Generated)
	return out
}

func (p *sitingPrep) candidatesLine() string {
	tr := p.s.Lang.Sprintf
	r := p.r
	what := tr("%s from %s", strconv.Itoa(len(r.Candidates)), p.s.Candidates)
	if p.s.Candidates == "" {
		res := r.Options.CellResolution
		if res == 0 {
			res = access.DefaultCandidateResolution
		}
		what = tr("%s H3 resolution-%s cells on the streets within reach of residents not yet covered, each at its street point nearest its centre", strconv.Itoa(len(r.Candidates)), strconv.Itoa(res))
	}
	return tr("%s; %s within reach of someone not yet covered, %s searched; %s off the network", what, strconv.Itoa(r.Useful), strconv.Itoa(r.Evaluated), strconv.Itoa(len(r.CandidateIssues)))
}

// notes explains why the list ends and what the greedy guarantees.
func (p *sitingPrep) notes() []string {
	tr := p.s.Lang.Sprintf
	o := p.r.Options
	var out []string
	switch p.r.Stopped {
	case "target":
		out = append(out, tr("%s site(s) reach the target of %s %%.", strconv.Itoa(len(p.r.Sites)), pct(o.Target)))
	case "target already met":
		out = append(out, tr("The existing facilities already cover %s %%, at least the target of %s %%: no site needed.", pct(p.share(p.r.CoveredWeight)), pct(o.Target)))
	case "no candidate covers anyone else":
		if o.Target > 0 {
			out = append(out, tr("The target of %s %% cannot be reached from these candidates: no candidate covers anyone else.", pct(o.Target)))
		} else if len(p.r.Sites) < o.Count {
			out = append(out, tr("Only %s of the %s sites asked for cover anyone not yet covered.", strconv.Itoa(len(p.r.Sites)), strconv.Itoa(o.Count)))
		}
	}
	if o.Target > 0 {
		out = append(out, tr("Sites are picked greedily, each covering the most people not yet covered; for a target share this uses at most about ln(n)+1 times the fewest sites possible (n residents to cover)."))
	} else {
		out = append(out, tr("Sites are picked greedily, each covering the most people not yet covered; together they cover at least 63.2 %% (1 − 1/e) of what the best possible choice of as many sites would cover."))
	}
	return out
}

func (p *sitingPrep) sections() []section {
	tr := p.s.Lang.Sprintf
	var out []section
	prop := section{title: tr("Proposed sites (%s)", strconv.Itoa(len(p.r.Sites))),
		intro: tr("Each site with the people it newly covers within the budget (door to door over the walking network) and the people covered once it is added, the existing facilities kept."),
		notes: p.notes()}
	if len(p.r.Sites) > 0 {
		prop.tab = newTable([]string{tr("rank"), tr("id"), tr("lon"), tr("lat"), tr("gained"), tr("covered after"), tr("share after %%")}, []bool{true, false, true, true, true, true, true})
		for k, s := range p.r.Sites {
			prop.tab.add(strconv.Itoa(k+1), oneLine(p.r.Candidates[s.Candidate].ID), coord(s.At.Lon()), coord(s.At.Lat()), weight(s.Gained), weight(s.CoveredAfter), orNone(pct(p.share(s.CoveredAfter))))
		}
	}
	out = append(out, prop)
	if len(p.r.Sites) > 0 {
		g := section{title: tr("People gained by grid"), intro: tr("Per site, the grids of the people it newly covers.")}
		g.tab = newTable([]string{tr("rank"), tr("grid"), tr("residents"), tr("people")}, []bool{true, false, true, true})
		for k, gains := range p.byGrid {
			rank := strconv.Itoa(k + 1)
			for _, x := range gains {
				g.tab.add(rank, oneLine(x.name), strconv.Itoa(x.count), weight(x.weight))
				rank = ""
			}
		}
		out = append(out, g)
	}
	if len(p.byGroup) > 0 {
		g := section{title: tr("People gained by group"), intro: tr("Per site, the resident groups of the people it newly covers.")}
		g.tab = newTable([]string{tr("rank"), tr("group"), tr("residents"), tr("people")}, []bool{true, false, true, true})
		for k, gains := range p.byGroup {
			rank := strconv.Itoa(k + 1)
			for _, x := range gains {
				g.tab.add(rank, oneLine(x.name), strconv.Itoa(x.count), weight(x.weight))
				rank = ""
			}
		}
		out = append(out, g)
	}
	off := section{title: tr("Candidates off the network (%s)", strconv.Itoa(len(p.r.CandidateIssues)))}
	if len(p.r.CandidateIssues) == 0 {
		off.intro = tr("None: every candidate was placed on the walking network.")
	} else {
		off.intro = tr("Candidates that could not be placed on the walking network; they are not proposed.")
		off.tab = newTable([]string{tr("candidate"), tr("reason")}, []bool{false, false})
		for _, is := range p.r.CandidateIssues[:min(len(p.r.CandidateIssues), maxIssues)] {
			off.tab.add(oneLine(p.r.Candidates[is.Candidate].ID), oneLine(is.Reason))
		}
		if n := len(p.r.CandidateIssues) - maxIssues; n > 0 {
			off.notes = append(off.notes, tr("… %s more (see --format json)", strconv.Itoa(n)))
		}
	}
	out = append(out, off)
	un := section{title: tr("Unroutable residents (%s)", strconv.Itoa(len(p.r.Unroutable)))}
	if len(p.r.Unroutable) == 0 {
		un.intro = tr("None: every resident counted was placed on the walking network.")
	} else {
		un.intro = tr("Residents off the walking network count as not covered; no site can cover them.")
		un.tab = newTable([]string{tr("resident"), tr("reason")}, []bool{false, false})
		for _, is := range p.r.Unroutable[:min(len(p.r.Unroutable), maxUnroutable)] {
			un.tab.add(oneLine(p.s.Residents[is.Resident].ID), oneLine(is.Reason))
		}
		if n := len(p.r.Unroutable) - maxUnroutable; n > 0 {
			un.notes = append(un.notes, tr("… %s more (see --format json)", strconv.Itoa(n)))
		}
	}
	out = append(out, un)
	return out
}

// WriteSiting writes s in format (see SitingFormats): table, markdown and
// html (header, proposals, people gained by grid and by group, the ledgers
// of candidates off the network and unroutable residents; the HTML page
// adds a map), csv (exactly the columns rank,id,lon,lat,gained,
// covered_after: gained and covered_after are people, by weight), json (all
// of it), geojson (one point per proposal) or gpkg (a GeoPackage, binary,
// with the residents, the existing facilities and the proposals; see
// sitingPrep.writeGPKG).
func WriteSiting(format string, w io.Writer, s *Siting) error {
	p, err := prepareSiting(s)
	if err != nil {
		return err
	}
	pg := &page{title: p.title(), header: p.headerLines(), sections: p.sections()}
	switch format {
	case "table":
		return pg.writeText(w)
	case "markdown":
		return pg.writeMarkdown(w)
	case "html":
		return pg.writeHTML(w, s.Lang, p.look)
	case "csv":
		return p.writeCSV(w)
	case "json":
		return p.writeJSON(w)
	case "geojson":
		return p.writeGeoJSON(w)
	case "gpkg":
		return p.writeGPKG(w)
	}
	return fmt.Errorf("%w %q; known: %s", ErrFormat, format, strings.Join(SitingFormats(), ", "))
}

func (p *sitingPrep) writeCSV(w io.Writer) error {
	b := bufio.NewWriter(w)
	writeRecord(b, []string{"rank", "id", "lon", "lat", "gained", "covered_after"})
	for k, s := range p.r.Sites {
		writeRecord(b, []string{strconv.Itoa(k + 1), p.r.Candidates[s.Candidate].ID, coord(s.At.Lon()), coord(s.At.Lat()), weight(s.Gained), weight(s.CoveredAfter)})
	}
	return b.Flush()
}

type (
	jsonSiting struct {
		Title       string          `json:"title"`
		Attribution string          `json:"attribution"`
		Header      jsonHeader      `json:"header"`
		Category    string          `json:"category"`
		Count       int             `json:"count"`
		TargetPct   *num            `json:"target_pct"`
		Groups      []string        `json:"groups"`
		Residents   int             `json:"residents"`
		Weight      num             `json:"weight"`
		Existing    int             `json:"existing_facilities"`
		CoveredW    num             `json:"covered_before"`
		CoveredPct  *num            `json:"covered_before_pct"`
		Candidates  int             `json:"candidates"`
		Useful      int             `json:"candidates_within_reach"`
		Evaluated   int             `json:"candidates_searched"`
		Stopped     string          `json:"stopped"`
		Notes       []string        `json:"notes"`
		Sites       []jsonSite      `json:"sites"`
		Off         []jsonCandIssue `json:"candidates_off_network"`
		Unroutable  []jsonCandIssue `json:"unroutable"`
	}
	jsonSite struct {
		Rank            int            `json:"rank"`
		ID              string         `json:"id"`
		Name            string         `json:"name,omitempty"`
		Lon             num            `json:"lon"`
		Lat             num            `json:"lat"`
		Gained          num            `json:"gained"`
		GainedResidents int            `json:"gained_residents"`
		CoveredAfter    num            `json:"covered_after"`
		CoveredAfterPct *num           `json:"covered_after_pct"`
		ByGrid          []jsonSiteGain `json:"by_grid"`
		ByGroup         []jsonSiteGain `json:"by_group,omitempty"`
	}
	jsonSiteGain struct {
		Name      string `json:"name"`
		Residents int    `json:"residents"`
		People    num    `json:"people"`
	}
	jsonCandIssue struct {
		ID     string `json:"id"`
		Reason string `json:"reason"`
	}
)

func (p *sitingPrep) writeJSON(w io.Writer) error {
	o := p.r.Options
	optPct := func(v float64) *num {
		if s := pct(v); s != "" {
			n := num(s)
			return &n
		}
		return nil
	}
	h := jsonHeader{Version: p.h.Version, Inputs: p.h.Inputs, OSMTimestamp: p.h.OSMTimestamp, Budget: p.h.Budget, Profile: p.h.Profile,
		Speed: num(trimmed(p.h.Speed, 3)), Taxonomy: p.h.Taxonomy, Grids: p.h.Grids, Generated: p.h.Generated, Scenario: p.h.Scenario}
	if h.Inputs == nil {
		h.Inputs = []string{}
	}
	doc := jsonSiting{Title: p.title(), Attribution: Attribution, Header: h, Category: o.Category, Count: o.Count, Groups: o.Groups,
		Residents: p.r.TotalCount, Weight: num(weight(p.r.TotalWeight)), Existing: p.r.Existing, CoveredW: num(weight(p.r.CoveredWeight)),
		CoveredPct: optPct(p.share(p.r.CoveredWeight)), Candidates: len(p.r.Candidates), Useful: p.r.Useful, Evaluated: p.r.Evaluated,
		Stopped: p.r.Stopped, Notes: p.notes(), Sites: []jsonSite{}, Off: []jsonCandIssue{}, Unroutable: []jsonCandIssue{}}
	if o.Target > 0 {
		doc.TargetPct = optPct(o.Target)
	}
	if doc.Groups == nil {
		doc.Groups = []string{}
	}
	gains := func(gs []siteGain) []jsonSiteGain {
		out := make([]jsonSiteGain, len(gs))
		for i, g := range gs {
			out[i] = jsonSiteGain{Name: g.name, Residents: g.count, People: num(weight(g.weight))}
		}
		return out
	}
	for k, s := range p.r.Sites {
		c := p.r.Candidates[s.Candidate]
		js := jsonSite{Rank: k + 1, ID: c.ID, Name: c.Name, Lon: num(coord(s.At.Lon())), Lat: num(coord(s.At.Lat())), Gained: num(weight(s.Gained)),
			GainedResidents: s.GainedCount, CoveredAfter: num(weight(s.CoveredAfter)), CoveredAfterPct: optPct(p.share(s.CoveredAfter)), ByGrid: gains(p.byGrid[k])}
		if p.byGroup != nil {
			js.ByGroup = gains(p.byGroup[k])
		}
		doc.Sites = append(doc.Sites, js)
	}
	for _, is := range p.r.CandidateIssues {
		doc.Off = append(doc.Off, jsonCandIssue{ID: p.r.Candidates[is.Candidate].ID, Reason: is.Reason})
	}
	for _, is := range p.r.Unroutable {
		doc.Unroutable = append(doc.Unroutable, jsonCandIssue{ID: p.s.Residents[is.Resident].ID, Reason: is.Reason})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func (p *sitingPrep) writeGeoJSON(w io.Writer) error {
	hdr, err := marshal(jsonHeader{Version: p.h.Version, Inputs: p.h.Inputs, OSMTimestamp: p.h.OSMTimestamp, Budget: p.h.Budget, Profile: p.h.Profile,
		Speed: num(trimmed(p.h.Speed, 3)), Taxonomy: p.h.Taxonomy, Grids: p.h.Grids, Generated: p.h.Generated, Scenario: p.h.Scenario})
	if err != nil {
		return err
	}
	gw := newGeoWriter(w, `"title":`+jsonString(p.title())+`,"attribution":`+jsonString(Attribution)+`,"header":`+hdr+",\n")
	for k, s := range p.r.Sites {
		c := p.r.Candidates[s.Candidate]
		gw.begin(c.ID)
		gw.int("rank", int64(k+1))
		gw.str("id", c.ID)
		gw.str("category", p.r.Options.Category)
		gw.raw("gained", weight(s.Gained))
		gw.int("gained_residents", int64(s.GainedCount))
		gw.raw("covered_after", weight(s.CoveredAfter))
		gw.pct("covered_after_pct", pct(p.share(s.CoveredAfter)))
		gw.point(s.At)
	}
	return gw.close()
}

// look draws the map: the grids' outlines and names (with the people
// the sites gain in each), the street basemap, the residents counted
// (covered before, covered by a proposed site, still not covered,
// unroutable), the category's existing facilities and the proposed sites
// with their rank.
func (p *sitingPrep) look(t htmlText) lookMaps {
	var f mapFrame
	for _, i := range p.r.Counted {
		f.extend(p.s.Residents[i].Point)
	}
	for _, s := range p.r.Sites {
		f.extend(s.At)
	}
	for _, z := range p.s.Zones {
		f.extendArea(z.Geometry)
	}
	k, defs, ok := newMapKit(t, f, p.s.Graph, p.s.Zones)
	if !ok {
		return lookMaps{}
	}
	o := p.r.Options
	m := k.newMap("map-site", fmt.Sprintf(t.SitingCaption, p.s.Lang.Category(o.Category)))
	m.streets()
	m.outlines()
	gained := map[string]float64{}
	for _, gs := range p.byGrid {
		for _, g := range gs {
			gained[g.name] += g.weight
		}
	}
	m.nameGrids(func(z int) string {
		if w, ok := gained[p.s.Zones[z].Name]; ok && w > 0 {
			return "+" + fixed(w, 0)
		}
		return ""
	})
	const (
		before  = "#1a9641"
		gain    = "#2b83ba"
		missing = "#d7191c"
		site    = "#7b3294"
	)
	rank := map[int]int{}
	for k, s := range p.r.Sites {
		for _, i := range s.Residents {
			rank[i] = k + 1
		}
	}
	state := map[int]string{} // residents not covered before: "missing" or "unroutable"
	for _, i := range p.r.Uncovered {
		state[i] = "missing"
	}
	for _, is := range p.r.Unroutable {
		state[is.Resident] = "unroutable"
	}
	stride := sampleStride(len(p.r.Counted))
	dots := newDotSet()
	drawn := 0
	for j, i := range p.r.Counted {
		res := p.s.Residents[i]
		if !usable(res.Point) || j%stride != 0 {
			continue
		}
		switch _, gained := rank[i]; {
		case gained:
			dots.add(k, "gained", gain, res.Point)
		case state[i] == "missing":
			dots.add(k, "missing", missing, res.Point)
		case state[i] == "unroutable":
			dots.add(k, "unroutable", "#252525", res.Point)
		default:
			dots.add(k, "covered", before, res.Point)
		}
		drawn++
	}
	m.layer("residents", t.LayerResidents, true, dots.String())
	m.legend(gain, t.CoveredBySite, "dot")
	m.legend(before, t.CoveredBefore, "dot")
	m.legend(missing, t.StillMissing, "dot")
	m.legend("#252525", t.UnroutableResident, "dot")
	if stride > 1 {
		m.legend("", "("+fmt.Sprintf(t.ResidentsSampled, stride, ordinalSuffix(stride), drawn, len(p.r.Counted))+")", "")
	}

	var b strings.Builder
	off := map[int]bool{}
	for _, is := range p.r.FacilityIssues {
		off[is.Facility] = true
	}
	for i, fac := range p.s.Facilities {
		if fac.Category != o.Category {
			continue
		}
		name := orNone(strings.TrimSpace(oneLine(fac.Name + " " + fac.ID)))
		if off[i] {
			k.point(&b, fac.Point, " existing off", "#000000", fmt.Sprintf(t.FacilityOff, name, p.s.Lang.Category(o.Category)))
		} else {
			k.point(&b, fac.Point, " existing", "#000000", fmt.Sprintf(t.ExistingHover, name))
		}
	}
	m.layer("existing", t.LayerExisting, true, b.String())
	m.legend("#000000", t.ExistingFacility, "dot")

	b.Reset()
	for j, s := range p.r.Sites {
		if k.point(&b, s.At, " site", site, fmt.Sprintf(t.SiteHover, j+1, oneLine(p.r.Candidates[s.Candidate].ID), weight(s.Gained))) {
			x, y := k.pr.xy(s.At)
			fmt.Fprintf(&b, `<text class="rank" x="%s" y="%s">%d</text>`, mnum(x), mnum(y), j+1)
		}
	}
	m.layer("sites", t.LayerSites, true, b.String())
	m.legend(site, t.ProposedSite, "dot")
	return lookMaps{defs: defs, maps: []htmlMap{m.done()}}
}
