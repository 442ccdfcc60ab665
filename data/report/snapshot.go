package report

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
)

// Snapshot is what Compare needs of an audit: its header, its rows'
// covered weights per category and who is covered for what. ReadSnapshot
// reads it from a report.json; SnapshotOf takes it from an Audit in memory.
type Snapshot struct {
	// Name says where the snapshot came from (a file name), for messages.
	Name string
	// Version is the walkshed version that wrote the report.
	Version                                 string
	OSMTimestamp, Budget, Profile, Scenario string
	K                                       int
	Inputs                                  []string
	Categories                              []string
	// Rows are the report rows: grids, outside, total, then groups.
	Rows []SnapshotRow
	// Standard is the name of the audit's standard tier ("" without one);
	// Compliant holds its rows' compliant statistics, by row.
	Standard  string
	Compliant []SnapshotStat
	// Residents are the audited residents in report order.
	Residents []SnapshotResident
}

// SnapshotRow is one report row.
type SnapshotRow struct {
	Grid, Kind string
	Residents  int
	Weight     float64
	// Covered holds, per category, the residents covered and their weight.
	Covered  []SnapshotStat
	Complete SnapshotStat
}

// SnapshotStat is a count of residents and their weight.
type SnapshotStat struct {
	Count  int
	Weight float64
}

// SnapshotResident is one resident: its id, grid ("" outside every grid),
// group, weight, status and, per category, whether it is covered.
type SnapshotResident struct {
	ID, Grid, Group, Status string
	Weight                  float64
	Covered                 []bool
}

// ErrNotReport is wrapped by ReadSnapshot for a file that is not a
// walkshed report.json.
var ErrNotReport = errors.New("report: not a walkshed report.json")

// The parts of report.json a snapshot reads.
type (
	snapHeader struct {
		Version      string   `json:"version"`
		Inputs       []string `json:"inputs"`
		OSMTimestamp string   `json:"osm_timestamp"`
		Budget       string   `json:"budget"`
		Profile      string   `json:"profile"`
		K            int      `json:"k"`
		Scenario     string   `json:"scenario"`
	}
	snapOptions struct {
		Categories []string `json:"categories"`
	}
	snapStat struct {
		Category      string      `json:"category"`
		Covered       int         `json:"covered"`
		CoveredWeight json.Number `json:"covered_weight"`
	}
	snapRow struct {
		Grid       string      `json:"grid"`
		Kind       string      `json:"kind"`
		Residents  int         `json:"residents"`
		Weight     json.Number `json:"weight"`
		Categories []snapStat  `json:"categories"`
		Complete   snapStat    `json:"complete"`
	}
	snapTier struct {
		Name     string    `json:"name"`
		Standard string    `json:"standard"`
		Rows     []snapRow `json:"rows"`
	}
	snapResident struct {
		ID     string      `json:"id"`
		Grid   string      `json:"grid"`
		Group  string      `json:"group"`
		Weight json.Number `json:"weight"`
		Status string      `json:"status"`
		Reach  []struct {
			Category   string            `json:"category"`
			Facilities []json.RawMessage `json:"facilities"`
		} `json:"reach"`
	}
)

// ReadSnapshot reads a report.json written by WriteJSON. The residents are
// decoded one at a time, so a report of a whole region is not held twice.
// A file that is not such a report gives an error wrapping ErrNotReport.
func ReadSnapshot(path string) (*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	return DecodeSnapshot(path, f)
}

// DecodeSnapshot is ReadSnapshot from a reader; name is used in messages.
func DecodeSnapshot(name string, r io.Reader) (*Snapshot, error) {
	dec := json.NewDecoder(bufio.NewReader(r))
	dec.UseNumber()
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%s: %w: %s", name, ErrNotReport, fmt.Sprintf(format, a...))
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, bad("want a JSON object")
	}
	s := &Snapshot{Name: name}
	var h snapHeader
	var o snapOptions
	var rows []snapRow
	var tiers []snapTier
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		key, _ := tok.(string)
		seen[key] = true
		switch key {
		case "header":
			err = dec.Decode(&h)
		case "options":
			err = dec.Decode(&o)
		case "rows":
			err = dec.Decode(&rows)
		case "tiers":
			err = dec.Decode(&tiers)
		case "residents":
			err = s.decodeResidents(dec, o.Categories)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %q: %w", name, key, err)
		}
	}
	for _, k := range []string{"header", "options", "rows", "residents"} {
		if !seen[k] {
			return nil, bad("no %q", k)
		}
	}
	if h.Version == "" {
		return nil, bad("no header version")
	}
	s.Version, s.OSMTimestamp, s.Budget, s.Profile, s.K, s.Scenario, s.Inputs = h.Version, h.OSMTimestamp, h.Budget, h.Profile, h.K, h.Scenario, h.Inputs
	s.Categories = o.Categories
	var err error
	if s.Rows, err = snapRows(rows, s.Categories); err != nil {
		return nil, bad("%v", err)
	}
	for _, t := range tiers {
		if t.Standard == "" {
			continue
		}
		tr, err := snapRows(t.Rows, s.Categories)
		if err != nil {
			return nil, bad("tier %s: %v", t.Name, err)
		}
		s.Standard = t.Standard
		for _, r := range tr {
			s.Compliant = append(s.Compliant, r.Complete)
		}
		if len(s.Compliant) != len(s.Rows) {
			return nil, bad("tier %s has %d rows, want %d", t.Name, len(s.Compliant), len(s.Rows))
		}
	}
	return s, nil
}

// decodeResidents reads the residents array.
func (s *Snapshot) decodeResidents(dec *json.Decoder, cats []string) error {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return errors.New("want an array")
	}
	for dec.More() {
		var r snapResident
		if err := dec.Decode(&r); err != nil {
			return err
		}
		w, err := jsonNumber(r.Weight)
		if err != nil {
			return fmt.Errorf("resident %q: weight: %w", r.ID, err)
		}
		sr := SnapshotResident{ID: r.ID, Grid: r.Grid, Group: r.Group, Status: r.Status, Weight: w, Covered: make([]bool, len(cats))}
		if r.Reach != nil && len(r.Reach) != len(cats) {
			return fmt.Errorf("resident %q has %d categories, want %d", r.ID, len(r.Reach), len(cats))
		}
		for c, rc := range r.Reach {
			if rc.Category != cats[c] {
				return fmt.Errorf("resident %q: category %d is %q, want %q", r.ID, c+1, rc.Category, cats[c])
			}
			sr.Covered[c] = len(rc.Facilities) > 0
		}
		s.Residents = append(s.Residents, sr)
	}
	_, err := dec.Token()
	return err
}

// jsonNumber parses a JSON number.
func jsonNumber(n json.Number) (float64, error) {
	if n == "" {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(string(n), 64)
}

// snapRows converts rows, checking their categories.
func snapRows(rows []snapRow, cats []string) ([]SnapshotRow, error) {
	out := make([]SnapshotRow, len(rows))
	for i, r := range rows {
		if len(r.Categories) != len(cats) {
			return nil, fmt.Errorf("row %q has %d categories, want %d", r.Grid, len(r.Categories), len(cats))
		}
		w, err := jsonNumber(r.Weight)
		if err != nil {
			return nil, fmt.Errorf("row %q: weight: %w", r.Grid, err)
		}
		sr := SnapshotRow{Grid: r.Grid, Kind: r.Kind, Residents: r.Residents, Weight: w, Covered: make([]SnapshotStat, len(cats))}
		for c, st := range r.Categories {
			if st.Category != cats[c] {
				return nil, fmt.Errorf("row %q: category %d is %q, want %q", r.Grid, c+1, st.Category, cats[c])
			}
			cw, err := jsonNumber(st.CoveredWeight)
			if err != nil {
				return nil, fmt.Errorf("row %q %s: covered_weight: %w", r.Grid, st.Category, err)
			}
			sr.Covered[c] = SnapshotStat{Count: st.Covered, Weight: cw}
		}
		cw, err := jsonNumber(r.Complete.CoveredWeight)
		if err != nil {
			return nil, fmt.Errorf("row %q complete: covered_weight: %w", r.Grid, err)
		}
		sr.Complete = SnapshotStat{Count: r.Complete.Covered, Weight: cw}
		out[i] = sr
	}
	return out, nil
}

// SnapshotOf returns the snapshot of an audit in memory: what ReadSnapshot
// reads back from its report.json, with the same rounding of weights.
func SnapshotOf(name string, a *Audit) (*Snapshot, error) {
	p, err := prepare(a)
	if err != nil {
		return nil, err
	}
	doc := p.jsonDoc(false)
	h := doc.Header
	s := &Snapshot{Name: name, Version: h.Version, OSMTimestamp: h.OSMTimestamp, Budget: h.Budget, Profile: h.Profile, K: h.K, Scenario: h.Scenario,
		Inputs: h.Inputs, Categories: doc.Options.Categories}
	toSnap := func(rows []jsonRow) []snapRow {
		out := make([]snapRow, len(rows))
		for i, r := range rows {
			sr := snapRow{Grid: r.Grid, Kind: r.Kind, Residents: r.Residents, Weight: json.Number(r.Weight),
				Complete: snapStat{Covered: r.Complete.Covered, CoveredWeight: json.Number(r.Complete.CoveredWeight)}}
			for _, c := range r.Categories {
				sr.Categories = append(sr.Categories, snapStat{Category: c.Category, Covered: c.Covered, CoveredWeight: json.Number(c.CoveredWeight)})
			}
			out[i] = sr
		}
		return out
	}
	if s.Rows, err = snapRows(toSnap(doc.Rows), s.Categories); err != nil {
		return nil, err
	}
	for _, t := range doc.Tiers {
		if t.Standard == "" {
			continue
		}
		rows := make([]jsonRow, len(t.Rows))
		for i, r := range t.Rows {
			rows[i] = jsonRow{Grid: r.Grid, Kind: r.Kind, Residents: r.Residents, Weight: r.Weight, Categories: r.Categories, Complete: r.Complete}
		}
		tr, err := snapRows(toSnap(rows), s.Categories)
		if err != nil {
			return nil, err
		}
		s.Standard = t.Standard
		for _, r := range tr {
			s.Compliant = append(s.Compliant, r.Complete)
		}
	}
	s.Residents = make([]SnapshotResident, len(p.r.Residents))
	for i, rr := range p.r.Residents {
		res := p.a.Residents[i]
		w, _ := strconv.ParseFloat(weight(weightOf(res)), 64)
		sr := SnapshotResident{ID: res.ID, Grid: p.gridName(rr.Zone), Group: res.Group, Status: string(rr.Status), Weight: w, Covered: make([]bool, len(p.cats))}
		for c := range rr.Reach {
			sr.Covered[c] = len(rr.Reach[c]) > 0
		}
		s.Residents[i] = sr
	}
	return s, nil
}
