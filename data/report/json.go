package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/walkshed/walkshed/routing/access"
)

// num is a JSON number printed exactly as formatted (fixed decimals); a
// value that is not a finite number ("NaN", "+Inf", "") prints as null.
type num string

// MarshalJSON implements json.Marshaler.
func (n num) MarshalJSON() ([]byte, error) {
	if n == "" || strings.ContainsAny(string(n), "NnIi") {
		return []byte("null"), nil
	}
	return []byte(n), nil
}

// optNum formats v with format f, or nil (null) when v is not finite.
func optNum(v float64, f func(float64) string) *num {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	n := num(f(v))
	return &n
}

// The JSON document. Field order is the struct order.
type (
	jsonDoc struct {
		Title         string           `json:"title"`
		Attribution   string           `json:"attribution"`
		Header        jsonHeader       `json:"header"`
		Options       jsonOptions      `json:"options"`
		Facilities    []jsonCount      `json:"facilities"`
		Rows          []jsonRow        `json:"rows"`
		Tiers         []jsonTier       `json:"tiers,omitempty"`
		Gaps          []jsonGap        `json:"gaps"`
		Unroutable    []jsonUnroutable `json:"unroutable"`
		OffNetwork    []jsonIssue      `json:"facilities_off_network"`
		ResidentsList []jsonResident   `json:"residents"`
	}
	jsonHeader struct {
		Version      string   `json:"version"`
		Inputs       []string `json:"inputs"`
		OSMTimestamp string   `json:"osm_timestamp"`
		Budget       string   `json:"budget"`
		Profile      string   `json:"profile"`
		Speed        num      `json:"speed_mps"`
		K            int      `json:"k"`
		Taxonomy     string   `json:"taxonomy"`
		Grids        string   `json:"grids"`
		Generated    string   `json:"generated"`
		Scenario     string   `json:"scenario,omitempty"`
	}
	jsonOptions struct {
		Categories    []string `json:"categories"`
		BudgetMinutes num      `json:"budget_minutes"`
		BudgetMeters  num      `json:"budget_meters"`
		Profile       string   `json:"profile"`
		Speed         num      `json:"speed_mps"`
		K             int      `json:"k"`
		MaxSnap       num      `json:"max_snap_m"`
		GapResolution int      `json:"gap_resolution"`
	}
	jsonCount struct {
		Category string `json:"category"`
		Count    int    `json:"count"`
	}
	jsonRow struct {
		Grid             string      `json:"grid"`
		Kind             string      `json:"kind"`
		ID               string      `json:"id,omitempty"`
		Residents        int         `json:"residents"`
		Weight           num         `json:"weight"`
		UnroutableCount  int         `json:"unroutable"`
		UnroutableWeight num         `json:"unroutable_weight"`
		AreaKm2          *num        `json:"area_km2"`
		PeoplePerKm2     *num        `json:"people_per_km2"`
		Categories       []jsonStats `json:"categories"`
		Complete         jsonStats   `json:"complete"`
	}
	jsonStats struct {
		Category        string `json:"category"`
		Residents       int    `json:"residents"`
		Weight          num    `json:"weight"`
		Covered         int    `json:"covered"`
		CoveredWeight   num    `json:"covered_weight"`
		UncoveredWeight num    `json:"uncovered_weight"`
		SharePct        *num   `json:"share_pct"`
		MedianMin       *num   `json:"median_min"`
		MedianBeyond    bool   `json:"median_beyond_budget"`
		P90Min          *num   `json:"p90_min"`
		P90BeyondBudget bool   `json:"p90_beyond_budget"`
	}
	jsonGap struct {
		Cell      string        `json:"cell"`
		Residents int           `json:"residents"`
		Weight    num           `json:"weight"`
		Missing   []jsonMissing `json:"missing"`
	}
	jsonMissing struct {
		Category string `json:"category"`
		Weight   num    `json:"weight"`
	}
	jsonUnroutable struct {
		Resident string `json:"resident"`
		Grid     string `json:"grid"`
		Reason   string `json:"reason"`
		// ToNetwork is the distance to the nearest street; null if unknown.
		ToNetwork *num `json:"to_network_m"`
	}
	jsonIssue struct {
		Facility string `json:"facility"`
		Name     string `json:"name"`
		Category string `json:"category"`
		Reason   string `json:"reason"`
	}
	jsonResident struct {
		ID       string      `json:"id"`
		Grid     string      `json:"grid"`
		Group    string      `json:"group"`
		Lon      num         `json:"lon"`
		Lat      num         `json:"lat"`
		Weight   num         `json:"weight"`
		Building string      `json:"building,omitempty"`
		Status   string      `json:"status"`
		Reason   string      `json:"reason,omitempty"`
		Snap     *num        `json:"snap_m"`
		Reach    []jsonReach `json:"reach"`
	}
	jsonReach struct {
		Category   string         `json:"category"`
		Facilities []jsonFacility `json:"facilities"`
	}
	jsonFacility struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		Minutes num    `json:"minutes"`
		Meters  num    `json:"meters"`
	}
)

// WriteJSON writes the whole audit as one indented JSON document with, in
// order: title, attribution, header, options (effective values), facilities
// (usable facilities per category), rows (per grid, outside and total, with
// per-category and "complete" statistics), gaps (all gap cells), unroutable
// (the full ledger), facilities_off_network and residents (each with, per
// category, all of its up to k facilities within the budget, nearest
// first; an empty list when none, null for unroutable residents).
//
// Numbers follow the package's fixed formats. JSON has no infinity: a
// percentile beyond the budget is null with "<name>_beyond_budget": true,
// and a percentile of a row without routable resident is null with false;
// share_pct is null for an empty row, snap_m and to_network_m when unknown,
// lon and lat when the resident's coordinates are not finite.
func WriteJSON(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	// The document without its residents is small; the residents are
	// streamed one by one after it, so a city of 200,000 residents is not
	// held twice in memory. The bytes are those of encoding the whole
	// document with two-space indentation.
	doc := p.jsonDoc(false)
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("report: json: %w", err)
	}
	const tail = "\"residents\": null\n}\n"
	if !bytes.HasSuffix(head.Bytes(), []byte(tail)) {
		return fmt.Errorf("report: json: unexpected document layout")
	}
	dst := &errWriter{w: w}
	b := bufio.NewWriter(dst)
	b.Write(head.Bytes()[:head.Len()-len(tail)])
	b.WriteString("\"residents\": [")
	var one bytes.Buffer
	renc := json.NewEncoder(&one)
	renc.SetIndent("    ", "  ")
	renc.SetEscapeHTML(false)
	for i := range p.r.Residents {
		if dst.err != nil {
			break // the destination failed; Flush reports it
		}
		one.Reset()
		if err := renc.Encode(p.jsonResident(i)); err != nil {
			return fmt.Errorf("report: json: %w", err)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		b.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
	}
	if len(p.r.Residents) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: json: %w", err)
	}
	return nil
}

// jsonHeader converts the header (with its defaults).
func (p *prepared) jsonHeader() jsonHeader {
	inputs := p.h.Inputs
	if inputs == nil {
		inputs = []string{}
	}
	return jsonHeader{Version: p.h.Version, Inputs: inputs, OSMTimestamp: p.h.OSMTimestamp, Budget: p.h.Budget,
		Profile: p.h.Profile, Speed: num(trimmed(p.h.Speed, 3)), K: p.h.K, Taxonomy: p.h.Taxonomy, Grids: p.h.Grids, Generated: p.h.Generated, Scenario: p.h.Scenario}
}

// jsonDoc builds the JSON document. Slices are never nil, so that lists
// print as [] rather than null.
func (p *prepared) jsonDoc(withResidents bool) *jsonDoc {
	o := p.r.Options
	cats := p.cats
	if cats == nil {
		cats = []string{}
	}
	doc := &jsonDoc{
		Title:       p.title(),
		Attribution: Attribution,
		Header:      p.jsonHeader(),
		Options: jsonOptions{Categories: cats, BudgetMinutes: num(minutes(p.budgetMin)), BudgetMeters: num(meters(p.r.Meters)),
			Profile: o.Profile.Name, Speed: num(trimmed(o.Profile.Speed, 3)), K: max(o.K, 1), MaxSnap: num(meters(p.maxSnap())), GapResolution: p.gapResolution()},
		Facilities: []jsonCount{},
		Rows:       make([]jsonRow, 0, len(p.r.Rows)),
		Gaps:       make([]jsonGap, 0, len(p.r.Gaps)),
		Unroutable: make([]jsonUnroutable, 0, len(p.unroute)),
		OffNetwork: make([]jsonIssue, 0, len(p.r.Facilities)),
		Tiers:      p.jsonTiers(),
	}
	for c, n := range p.r.FacilityCount {
		doc.Facilities = append(doc.Facilities, jsonCount{Category: p.cats[c], Count: n})
	}
	for _, row := range p.tableRows() {
		jr := jsonRow{Grid: row.Name, Kind: rowKind(row), Residents: row.Residents, Weight: num(weight(row.Weight)),
			UnroutableCount: row.UnroutableCount, UnroutableWeight: num(weight(row.UnroutableWeight)),
			Categories: make([]jsonStats, len(p.cats)), Complete: jsonStatsOf("complete", row.Complete)}
		if z, ok := p.zoneOf(row); ok {
			jr.ID = z.ID
		}
		if a, ok := p.areaOf(row); ok {
			d, _ := p.density(row)
			jr.AreaKm2, jr.PeoplePerKm2 = optNum(a, func(v float64) string { return trimmed(v, 4) }), optNum(d, func(v float64) string { return trimmed(v, 1) })
		}
		for c, s := range row.Categories {
			jr.Categories[c] = jsonStatsOf(p.cats[c], s)
		}
		doc.Rows = append(doc.Rows, jr)
	}
	for _, g := range p.r.Gaps {
		jg := jsonGap{Cell: g.Cell.String(), Residents: g.Count, Weight: num(weight(g.Weight)), Missing: make([]jsonMissing, len(p.cats))}
		for c, m := range g.Missing {
			jg.Missing[c] = jsonMissing{Category: p.cats[c], Weight: num(weight(m))}
		}
		doc.Gaps = append(doc.Gaps, jg)
	}
	for _, i := range p.unroute {
		rr := p.r.Residents[i]
		ju := jsonUnroutable{Resident: p.a.Residents[i].ID, Grid: p.gridName(rr.Zone), Reason: p.reason(rr.Why, rr.Reason)}
		if rr.SnapMeters >= 0 {
			ju.ToNetwork = optNum(rr.SnapMeters, meters)
		}
		doc.Unroutable = append(doc.Unroutable, ju)
	}
	for _, is := range p.r.Facilities {
		f := p.a.Facilities[is.Facility]
		doc.OffNetwork = append(doc.OffNetwork, jsonIssue{Facility: f.ID, Name: f.Name, Category: f.Category, Reason: p.reason(is.Why, is.Reason)})
	}
	if withResidents {
		doc.ResidentsList = make([]jsonResident, len(p.r.Residents))
		for i := range p.r.Residents {
			doc.ResidentsList[i] = p.jsonResident(i)
		}
	}
	return doc
}

// jsonResident converts resident i.
func (p *prepared) jsonResident(i int) jsonResident {
	rr := p.r.Residents[i]
	res := p.a.Residents[i]
	jr := jsonResident{ID: res.ID, Grid: p.gridName(rr.Zone), Group: res.Group, Lon: num(coord(res.Point.Lon())), Lat: num(coord(res.Point.Lat())),
		Weight: num(weight(weightOf(res))), Building: res.Building, Status: string(rr.Status), Reason: p.reason(rr.Why, rr.Reason)}
	if rr.SnapMeters >= 0 {
		jr.Snap = optNum(rr.SnapMeters, meters)
	}
	if rr.Reach != nil {
		jr.Reach = make([]jsonReach, len(rr.Reach))
		for c, rc := range rr.Reach {
			fs := make([]jsonFacility, len(rc))
			for j, x := range rc {
				f := p.a.Facilities[x.Facility]
				fs[j] = jsonFacility{ID: f.ID, Name: f.Name, Minutes: num(minutes(x.Minutes)), Meters: num(meters(x.Meters))}
			}
			jr.Reach[c] = jsonReach{Category: p.cats[c], Facilities: fs}
		}
	}
	return jr
}

// jsonStatsOf converts one row's statistics for one category.
func jsonStatsOf(cat string, s access.Stats) jsonStats {
	js := jsonStats{Category: cat, Residents: s.Count, Weight: num(weight(s.Weight)), Covered: s.CoveredCount,
		CoveredWeight: num(weight(s.CoveredWeight)), UncoveredWeight: num(weight(s.Weight - s.CoveredWeight)),
		MedianMin: optNum(s.Median, minutes), MedianBeyond: math.IsInf(s.Median, 1),
		P90Min: optNum(s.P90, minutes), P90BeyondBudget: math.IsInf(s.P90, 1)}
	if v := pct(s.Share()); v != "" {
		n := num(v)
		js.SharePct = &n
	}
	return js
}
