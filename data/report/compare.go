package report

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// CompareOptions tune Compare.
type CompareOptions struct {
	// Force compares reports whose budget, profile, categories, standard,
	// grids or residents differ; the differences are listed in the
	// comparison instead of refusing. Residents are then matched on the
	// ids both reports have.
	Force bool
	// Version, when set, is the walkshed version reports must have been
	// written by: a report of another version is refused, force or not.
	Version string
}

// MismatchError is two reports Compare refuses to compare: they differ in
// what makes their numbers comparable.
type MismatchError struct {
	Before, After string
	Differences   []string
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("%s and %s are not comparable: %s (--force compares them anyway)", e.Before, e.After, strings.Join(e.Differences, "; "))
}

// ErrVersion is wrapped by Compare's error for a report written by another
// walkshed version.
var ErrVersion = errors.New("report: written by another walkshed version")

// Comparison is the change between two audits of the same residents: per
// row (grid, outside, total, group) and category, the people covered and
// the share before and after, and the residents who gained or lost the
// category; the same for "complete" and, when both audits have the same
// standard, "compliant".
type Comparison struct {
	Before, After *Snapshot
	Categories    []string
	// Differences lists what differs between the reports when they were
	// compared with Force; empty otherwise.
	Differences []string
	Rows        []ComparisonRow
	// Changed lists the residents who gained or lost a category (or the
	// complete status), in the order of the after report.
	Changed []ResidentChange

	// Zones, when set, are the grids' areas (matched to the rows by name):
	// the HTML page then maps the change of each grid's complete share.
	Zones []access.Zone
	// Graph, when set, is the walking network the HTML map draws as its
	// basemap; nil draws none.
	Graph *routing.Graph
	// Lang is the language of the texts for people (title, header,
	// headings, notes, ledger; the text, Markdown and HTML pages and the
	// GeoPackage's report_header); the zero value is English. Column names,
	// JSON keys and coded values (CSV, JSON, GeoJSON) stay English.
	Lang i18n.Language
}

// ComparisonRow is one report row before and after.
type ComparisonRow struct {
	Grid, Kind                      string
	ResidentsBefore, ResidentsAfter int
	WeightBefore, WeightAfter       float64
	// Categories holds a Change per category, then Complete, then
	// Compliant when the comparison has a standard.
	Categories []Change
}

// Change is one row × category before and after. Covered* are weights
// (people), Count* residents; shares are in [0, 1], NaN for an empty row.
// Gained and Lost count the residents (matched by id) covered after but
// not before, and the reverse, with their weights; they are -1 for the
// compliant pseudo-category, which reports do not give per resident.
type Change struct {
	Category                    string
	CoveredBefore, CoveredAfter float64
	CountBefore, CountAfter     int
	ShareBefore, ShareAfter     float64
	Gained, Lost                int
	GainedWeight, LostWeight    float64
}

// ResidentChange is a resident who gained or lost categories.
type ResidentChange struct {
	ID     string   `json:"id"`
	Grid   string   `json:"grid"`
	Gained []string `json:"gained"`
	Lost   []string `json:"lost"`
}

// Compare compares two audit snapshots. It refuses (with a
// *MismatchError naming every difference) reports whose budget, profile,
// categories, standard, grids or residents (ids and weights) differ,
// unless opts.Force; and, whatever opts.Force, reports written by another
// walkshed version than opts.Version (an error wrapping ErrVersion).
func Compare(before, after *Snapshot, opts CompareOptions) (*Comparison, error) {
	for _, s := range []*Snapshot{before, after} {
		if opts.Version != "" && s.Version != opts.Version {
			return nil, fmt.Errorf("%w: %s was written by walkshed %s, this is %s; run the audit again", ErrVersion, s.Name, s.Version, opts.Version)
		}
	}
	if before.Version != after.Version {
		return nil, fmt.Errorf("%w: %s was written by walkshed %s, %s by %s; run the older audit again", ErrVersion, before.Name, before.Version, after.Name, after.Version)
	}
	diffs := differences(before, after)
	if len(diffs) > 0 && !opts.Force {
		return nil, &MismatchError{Before: before.Name, After: after.Name, Differences: diffs}
	}
	c := &Comparison{Before: before, After: after, Differences: diffs}
	// categories both have, in the after report's order
	var bi, ai []int
	for a, cat := range after.Categories {
		if b := slices.Index(before.Categories, cat); b >= 0 {
			c.Categories = append(c.Categories, cat)
			bi, ai = append(bi, b), append(ai, a)
		}
	}
	compliant := before.Standard != "" && before.Standard == after.Standard

	// residents: by id; gained and lost per row.
	beforeByID := make(map[string]int, len(before.Residents))
	for i, r := range before.Residents {
		beforeByID[r.ID] = i
	}
	rowIndex := map[rowKey]int{}
	for i, r := range after.Rows {
		rowIndex[rowKey{r.Grid, r.Kind}] = i
	}
	nc := len(c.Categories)
	tallies := make([]struct {
		gained, lost []int
		gainW, lostW []float64
	}, len(after.Rows))
	for i := range tallies {
		tallies[i].gained, tallies[i].lost = make([]int, nc+1), make([]int, nc+1)
		tallies[i].gainW, tallies[i].lostW = make([]float64, nc+1), make([]float64, nc+1)
	}
	for _, ra := range after.Residents {
		j, ok := beforeByID[ra.ID]
		if !ok {
			continue
		}
		rb := before.Residents[j]
		var rc ResidentChange
		rows := residentRows(ra, rowIndex)
		for k := 0; k <= nc; k++ {
			var was, is bool
			name := "complete"
			if k < nc {
				was, is, name = rb.Covered[bi[k]], ra.Covered[ai[k]], c.Categories[k]
			} else {
				was, is = rb.Status == "complete", ra.Status == "complete"
			}
			if was == is {
				continue
			}
			if is {
				rc.Gained = append(rc.Gained, name)
			} else {
				rc.Lost = append(rc.Lost, name)
			}
			for _, ri := range rows {
				if is {
					tallies[ri].gained[k]++
					tallies[ri].gainW[k] += ra.Weight
				} else {
					tallies[ri].lost[k]++
					tallies[ri].lostW[k] += ra.Weight
				}
			}
		}
		if len(rc.Gained)+len(rc.Lost) > 0 {
			rc.ID, rc.Grid = ra.ID, ra.Grid
			if rc.Gained == nil {
				rc.Gained = []string{}
			}
			if rc.Lost == nil {
				rc.Lost = []string{}
			}
			c.Changed = append(c.Changed, rc)
		}
	}

	beforeRows := map[rowKey]int{}
	for i, r := range before.Rows {
		beforeRows[rowKey{r.Grid, r.Kind}] = i
	}
	for i, ra := range after.Rows {
		row := ComparisonRow{Grid: ra.Grid, Kind: ra.Kind, ResidentsAfter: ra.Residents, WeightAfter: ra.Weight}
		var rb *SnapshotRow
		if j, ok := beforeRows[rowKey{ra.Grid, ra.Kind}]; ok {
			rb = &before.Rows[j]
			row.ResidentsBefore, row.WeightBefore = rb.Residents, rb.Weight
		}
		change := func(name string, b, a SnapshotStat, k int) Change {
			ch := Change{Category: name, CoveredBefore: b.Weight, CoveredAfter: a.Weight, CountBefore: b.Count, CountAfter: a.Count,
				ShareBefore: share(b.Weight, row.WeightBefore), ShareAfter: share(a.Weight, row.WeightAfter), Gained: -1, Lost: -1}
			if k >= 0 {
				ch.Gained, ch.Lost, ch.GainedWeight, ch.LostWeight = tallies[i].gained[k], tallies[i].lost[k], tallies[i].gainW[k], tallies[i].lostW[k]
			}
			return ch
		}
		for k := range nc {
			var b SnapshotStat
			if rb != nil {
				b = rb.Covered[bi[k]]
			}
			row.Categories = append(row.Categories, change(c.Categories[k], b, ra.Covered[ai[k]], k))
		}
		var b SnapshotStat
		if rb != nil {
			b = rb.Complete
		}
		row.Categories = append(row.Categories, change("complete", b, ra.Complete, nc))
		if compliant {
			var b SnapshotStat
			if j, ok := beforeRows[rowKey{ra.Grid, ra.Kind}]; ok {
				b = before.Compliant[j]
			}
			row.Categories = append(row.Categories, change("compliant", b, after.Compliant[i], -1))
		}
		c.Rows = append(c.Rows, row)
	}
	return c, nil
}

// rowKey identifies a report row.
type rowKey struct{ grid, kind string }

// residentRows are the rows a resident counts in: its grid (or outside),
// the total and its group's row.
func residentRows(r SnapshotResident, index map[rowKey]int) []int {
	var out []int
	if r.Grid == "" {
		if i, ok := index[rowKey{"outside any grid", "outside"}]; ok {
			out = append(out, i)
		}
	} else if i, ok := index[rowKey{r.Grid, "grid"}]; ok {
		out = append(out, i)
	}
	if i, ok := index[rowKey{"total", "total"}]; ok {
		out = append(out, i)
	}
	g := r.Group
	if g == "" {
		g = "(no group)"
	}
	if i, ok := index[rowKey{"group: " + g, "group"}]; ok {
		out = append(out, i)
	}
	return out
}

func share(covered, total float64) float64 {
	if total == 0 {
		return math.NaN()
	}
	return covered / total
}

// differences lists what makes two snapshots not comparable.
func differences(b, a *Snapshot) []string {
	var out []string
	if b.Budget != a.Budget {
		out = append(out, fmt.Sprintf("budget %s before, %s after", b.Budget, a.Budget))
	}
	if b.Profile != a.Profile {
		out = append(out, fmt.Sprintf("profile %q before, %q after", b.Profile, a.Profile))
	}
	if !slices.Equal(b.Categories, a.Categories) {
		out = append(out, fmt.Sprintf("categories %s before, %s after", strings.Join(b.Categories, ","), strings.Join(a.Categories, ",")))
	}
	if b.Standard != a.Standard {
		out = append(out, fmt.Sprintf("standard %q before, %q after", b.Standard, a.Standard))
	}
	grids := func(s *Snapshot) []string {
		var g []string
		for _, r := range s.Rows {
			g = append(g, r.Kind+":"+r.Grid)
		}
		slices.Sort(g)
		return g
	}
	if bg, ag := grids(b), grids(a); !slices.Equal(bg, ag) {
		out = append(out, fmt.Sprintf("grids differ (%d rows before, %d after)", len(bg), len(ag)))
	}
	wb := make(map[string]float64, len(b.Residents))
	for _, r := range b.Residents {
		wb[r.ID] = r.Weight
	}
	var onlyAfter, reweighted []string
	inAfter := make(map[string]bool, len(a.Residents))
	for _, r := range a.Residents {
		inAfter[r.ID] = true
		w, ok := wb[r.ID]
		switch {
		case !ok:
			onlyAfter = append(onlyAfter, r.ID)
		case w != r.Weight:
			reweighted = append(reweighted, r.ID)
		}
	}
	var onlyBefore []string
	for _, r := range b.Residents {
		if !inAfter[r.ID] {
			onlyBefore = append(onlyBefore, r.ID)
		}
	}
	some := func(ids []string) string {
		if len(ids) > 5 {
			return strings.Join(ids[:5], ", ") + ", …"
		}
		return strings.Join(ids, ", ")
	}
	if len(onlyBefore) > 0 {
		out = append(out, fmt.Sprintf("residents differ: %d only before (%s)", len(onlyBefore), some(onlyBefore)))
	}
	if len(onlyAfter) > 0 {
		out = append(out, fmt.Sprintf("residents differ: %d only after (%s)", len(onlyAfter), some(onlyAfter)))
	}
	if len(reweighted) > 0 {
		out = append(out, fmt.Sprintf("residents differ: %d with another weight (%s)", len(reweighted), some(reweighted)))
	}
	return out
}

// signed formats a change with an explicit sign ("+1.5", "-0.3", "0.0");
// NaN gives none.
func signed(v float64, prec int) string {
	if math.IsNaN(v) {
		return none
	}
	s := fixed(v, prec)
	if v > 0 && strings.Trim(s, "0.") != "" {
		return "+" + s
	}
	return s
}

// pp formats a change of share in percentage points.
func pp(after, before float64) string {
	if math.IsNaN(after) || math.IsNaN(before) {
		return none
	}
	return signed(math.Round(after*1000)/10-math.Round(before*1000)/10, 1)
}

// counts formats a gained or lost count; -1 (not known) gives none.
func counts(n int) string {
	if n < 0 {
		return none
	}
	return strconv.Itoa(n)
}

// rowLabel names a row of the comparison for people, in c.Lang: the
// grid's name, or what the row sums over.
func (c *Comparison) rowLabel(row ComparisonRow) string {
	tr := c.Lang.Sprintf
	switch row.Kind {
	case "outside":
		return tr("outside any grid")
	case "total":
		return tr("total")
	case "group":
		return tr("group: %s", oneLine(strings.TrimPrefix(row.Grid, "group: ")))
	}
	return oneLine(row.Grid)
}

// categoryLabel names a category (or "complete", "compliant") for people,
// in c.Lang.
func (c *Comparison) categoryLabel(name string) string {
	tr := c.Lang.Sprintf
	switch name {
	case "complete":
		return tr("complete")
	case "compliant":
		return tr("compliant")
	}
	return c.Lang.Category(oneLine(name))
}

// page builds the human-readable comparison, its texts in c.Lang.
func (c *Comparison) page() *page {
	tr := c.Lang.Sprintf
	pg := &page{title: tr("walkshed — comparison of two audits")}
	add := func(k, v string) { pg.header = append(pg.header, headerLine{k, v}) }
	side := func(label string, s *Snapshot) {
		v := s.Name
		if s.Scenario != "" {
			v = tr("%s (scenario %s)", v, s.Scenario)
		}
		add(label, tr("%s; OSM data %s", v, s.OSMTimestamp))
	}
	side(tr("before"), c.Before)
	side(tr("after"), c.After)
	add(tr("budget"), c.After.Budget)
	add(tr("profile"), c.After.Profile)
	if c.Before.Standard != "" && c.Before.Standard == c.After.Standard {
		add(tr("standard"), c.After.Standard)
	}
	add(tr("version"), c.After.Version)
	for _, d := range c.Differences {
		add(tr("forced"), d)
	}
	weighted := false
	for _, r := range c.After.Residents {
		weighted = weighted || r.Weight != 1
	}
	prec := 0
	if weighted {
		prec = 1
	}
	tw := func(v float64) string { return fixed(v, prec) }

	// Summary: the total row.
	sum := section{title: tr("Change in the total"), intro: tr("People covered within the budget before and after, the share in %%, its change in percentage points, and the residents (matched by id) who gained or lost the category.")}
	sum.tab = newTable([]string{tr("category"), tr("covered before"), tr("covered after"), tr("change"), tr("share before"), tr("share after"), tr("change pp"), tr("gained"), tr("lost")},
		[]bool{false, true, true, true, true, true, true, true, true})
	for _, row := range c.Rows {
		if row.Kind != "total" {
			continue
		}
		for _, ch := range row.Categories {
			sum.tab.add(c.categoryLabel(ch.Category), tw(ch.CoveredBefore), tw(ch.CoveredAfter), signed(ch.CoveredAfter-ch.CoveredBefore, prec),
				orNone(pct(ch.ShareBefore)), orNone(pct(ch.ShareAfter)), pp(ch.ShareAfter, ch.ShareBefore), counts(ch.Gained), counts(ch.Lost))
		}
	}
	pg.sections = append(pg.sections, sum)

	det := section{title: tr("Change by grid and category"), intro: tr("Every row of the reports (grids, outside any grid, total, groups) × category; rows without a change are listed too, so that the table adds up.")}
	det.tab = newTable([]string{tr("grid"), tr("category"), tr("covered before"), tr("covered after"), tr("change"), tr("share before"), tr("share after"), tr("change pp"), tr("gained"), tr("lost")},
		[]bool{false, false, true, true, true, true, true, true, true, true})
	for _, row := range c.Rows {
		name := c.rowLabel(row)
		for _, ch := range row.Categories {
			det.tab.add(name, c.categoryLabel(ch.Category), tw(ch.CoveredBefore), tw(ch.CoveredAfter), signed(ch.CoveredAfter-ch.CoveredBefore, prec),
				orNone(pct(ch.ShareBefore)), orNone(pct(ch.ShareAfter)), pp(ch.ShareAfter, ch.ShareBefore), counts(ch.Gained), counts(ch.Lost))
			name = ""
		}
	}
	pg.sections = append(pg.sections, det)

	rs := section{title: tr("Residents who gained or lost a category (%s)", strconv.Itoa(len(c.Changed)))}
	if len(c.Changed) == 0 {
		rs.intro = tr("None: every resident reaches the same categories before and after.")
	} else {
		rs.tab = newTable([]string{tr("resident"), tr("grid"), tr("gained"), tr("lost")}, []bool{false, false, false, false})
		cats := func(names []string) string {
			out := make([]string, len(names))
			for i, n := range names {
				out[i] = c.categoryLabel(n)
			}
			return strings.Join(out, c.Lang.ListSeparator())
		}
		for _, r := range c.Changed[:min(len(c.Changed), maxUnroutable)] {
			rs.tab.add(oneLine(r.ID), oneLine(r.Grid), cats(r.Gained), cats(r.Lost))
		}
		if n := len(c.Changed) - maxUnroutable; n > 0 {
			rs.notes = append(rs.notes, tr("… %s more (see --format json)", strconv.Itoa(n)))
		}
	}
	pg.sections = append(pg.sections, rs)
	return pg
}

// CompareFormats returns the formats WriteComparison accepts.
func CompareFormats() []string { return []string{"table", "markdown", "csv", "html", "json"} }

// WriteComparison writes c in format (see CompareFormats): a table for a
// terminal, Markdown, HTML (the tables of the table format and, with
// Comparison.Zones, a map of each grid's change in complete share), CSV (one line
// per row × category: grid,kind,category,residents_before,residents_after,
// weight_before,weight_after,covered_before,covered_after,covered_change,
// share_before,share_after,share_change,gained,lost,gained_weight,
// lost_weight; shares in %, share_change in percentage points, gained and
// lost empty for "compliant") or JSON (the same, with the residents who
// gained or lost a category).
func WriteComparison(format string, w io.Writer, c *Comparison) error {
	if !c.Lang.Valid() {
		return langError(c.Lang)
	}
	switch format {
	case "table":
		return c.page().writeText(w)
	case "markdown":
		return c.page().writeMarkdown(w)
	case "html":
		return c.page().writeHTML(w, c.Lang, c.look)
	case "csv":
		return c.writeCSV(w)
	case "json":
		return c.writeJSON(w)
	}
	return fmt.Errorf("%w %q; known: %s", ErrFormat, format, strings.Join(CompareFormats(), ", "))
}

func (c *Comparison) writeCSV(w io.Writer) error {
	b := bufio.NewWriter(w)
	writeRecord(b, []string{"grid", "kind", "category", "residents_before", "residents_after", "weight_before", "weight_after", "covered_before", "covered_after",
		"covered_change", "share_before", "share_after", "share_change", "gained", "lost", "gained_weight", "lost_weight"})
	for _, row := range c.Rows {
		for _, ch := range row.Categories {
			g, l, gw, lw := "", "", "", ""
			if ch.Gained >= 0 {
				g, l, gw, lw = strconv.Itoa(ch.Gained), strconv.Itoa(ch.Lost), weight(ch.GainedWeight), weight(ch.LostWeight)
			}
			change := pp(ch.ShareAfter, ch.ShareBefore)
			if change == none {
				change = ""
			}
			writeRecord(b, []string{row.Grid, row.Kind, ch.Category, strconv.Itoa(row.ResidentsBefore), strconv.Itoa(row.ResidentsAfter),
				weight(row.WeightBefore), weight(row.WeightAfter), weight(ch.CoveredBefore), weight(ch.CoveredAfter), weight(ch.CoveredAfter - ch.CoveredBefore),
				pct(ch.ShareBefore), pct(ch.ShareAfter), strings.TrimPrefix(change, "+"), g, l, gw, lw})
		}
	}
	return b.Flush()
}

type (
	jsonComparison struct {
		Title       string           `json:"title"`
		Attribution string           `json:"attribution"`
		Before      jsonSide         `json:"before"`
		After       jsonSide         `json:"after"`
		Budget      string           `json:"budget"`
		Profile     string           `json:"profile"`
		Standard    string           `json:"standard,omitempty"`
		Forced      []string         `json:"forced_differences"`
		Rows        []jsonCmpRow     `json:"rows"`
		Changed     []ResidentChange `json:"residents_changed"`
	}
	jsonSide struct {
		Report       string `json:"report"`
		Scenario     string `json:"scenario,omitempty"`
		OSMTimestamp string `json:"osm_timestamp"`
		Version      string `json:"version"`
	}
	jsonCmpRow struct {
		Grid            string          `json:"grid"`
		Kind            string          `json:"kind"`
		ResidentsBefore int             `json:"residents_before"`
		ResidentsAfter  int             `json:"residents_after"`
		WeightBefore    num             `json:"weight_before"`
		WeightAfter     num             `json:"weight_after"`
		Categories      []jsonCmpChange `json:"categories"`
	}
	jsonCmpChange struct {
		Category      string `json:"category"`
		CoveredBefore num    `json:"covered_before"`
		CoveredAfter  num    `json:"covered_after"`
		CoveredChange num    `json:"covered_change"`
		ShareBefore   *num   `json:"share_before_pct"`
		ShareAfter    *num   `json:"share_after_pct"`
		ShareChange   *num   `json:"share_change_pp"`
		Gained        *int   `json:"gained"`
		Lost          *int   `json:"lost"`
	}
)

func (c *Comparison) writeJSON(w io.Writer) error {
	side := func(s *Snapshot) jsonSide {
		return jsonSide{Report: s.Name, Scenario: s.Scenario, OSMTimestamp: s.OSMTimestamp, Version: s.Version}
	}
	doc := jsonComparison{Title: "walkshed — comparison of two audits", Attribution: Attribution, Before: side(c.Before), After: side(c.After),
		Budget: c.After.Budget, Profile: c.After.Profile, Forced: c.Differences, Rows: []jsonCmpRow{}, Changed: c.Changed}
	if c.Before.Standard == c.After.Standard {
		doc.Standard = c.After.Standard
	}
	if doc.Forced == nil {
		doc.Forced = []string{}
	}
	if doc.Changed == nil {
		doc.Changed = []ResidentChange{}
	}
	optPct := func(v float64) *num {
		if s := pct(v); s != "" {
			n := num(s)
			return &n
		}
		return nil
	}
	for _, row := range c.Rows {
		jr := jsonCmpRow{Grid: row.Grid, Kind: row.Kind, ResidentsBefore: row.ResidentsBefore, ResidentsAfter: row.ResidentsAfter,
			WeightBefore: num(weight(row.WeightBefore)), WeightAfter: num(weight(row.WeightAfter))}
		for _, ch := range row.Categories {
			jc := jsonCmpChange{Category: ch.Category, CoveredBefore: num(weight(ch.CoveredBefore)), CoveredAfter: num(weight(ch.CoveredAfter)),
				CoveredChange: num(weight(ch.CoveredAfter - ch.CoveredBefore)), ShareBefore: optPct(ch.ShareBefore), ShareAfter: optPct(ch.ShareAfter)}
			if d := pp(ch.ShareAfter, ch.ShareBefore); d != none {
				n := num(strings.TrimPrefix(d, "+"))
				jc.ShareChange = &n
			}
			if ch.Gained >= 0 {
				g, l := ch.Gained, ch.Lost
				jc.Gained, jc.Lost = &g, &l
			}
			jr.Categories = append(jr.Categories, jc)
		}
		doc.Rows = append(doc.Rows, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// changeClasses are the classes of the comparison map, by the change of
// the complete share in percentage points: a diverging red–blue ramp.
var changeClasses = [5]struct {
	upTo  float64
	color string
}{{-5, "#ca0020"}, {-0.5, "#f4a582"}, {0.5, "#f7f7f7"}, {5, "#92c5de"}, {math.Inf(1), "#0571b0"}}

// look draws the map of a comparison with zones: each grid filled by the
// change of its complete share and named with it, over the streets.
func (c *Comparison) look(t htmlText) lookMaps {
	var f mapFrame
	for _, z := range c.Zones {
		f.extendArea(z.Geometry)
	}
	k, defs, ok := newMapKit(t, f, c.Graph, c.Zones)
	if !ok {
		return lookMaps{}
	}
	rows := map[string]ComparisonRow{}
	for _, row := range c.Rows {
		if row.Kind == "grid" {
			rows[row.Grid] = row
		}
	}
	nc := len(c.Categories)
	m := k.newMap("map-compare", t.CompareCaption)
	var b strings.Builder
	value := make([]string, len(c.Zones))
	for z, zone := range c.Zones {
		fill, hover := noDataColor, fmt.Sprintf(t.GridHoverEmpty, oneLine(zone.Name))
		data := ""
		if row, ok := rows[zone.Name]; ok && nc < len(row.Categories) {
			ch := row.Categories[nc] // complete
			if d := (ch.ShareAfter - ch.ShareBefore) * 100; !math.IsNaN(d) {
				for _, cl := range changeClasses {
					if d < cl.upTo {
						fill = cl.color
						break
					}
				}
				value[z] = pp(ch.ShareAfter, ch.ShareBefore) + " pp"
				data = ` data-change="` + pp(ch.ShareAfter, ch.ShareBefore) + `"`
				hover = fmt.Sprintf(t.ChangeHover, oneLine(zone.Name), orNone(pct(ch.ShareBefore)), orNone(pct(ch.ShareAfter)), pp(ch.ShareAfter, ch.ShareBefore))
			}
		}
		k.grid(&b, zone, fill, hover, data)
	}
	m.layer("change", t.LayerChange, true, b.String())
	for i, l := range []string{t.ChangeDown, t.ChangeLess, t.ChangeNone, t.ChangeMore, t.ChangeUp} {
		m.legend(changeClasses[i].color, l, "box")
	}
	m.legend(noDataColor, t.ChangeEmpty, "box")
	m.streets()
	m.nameGrids(func(z int) string { return value[z] })
	return lookMaps{defs: defs, maps: []htmlMap{m.done()}}
}
