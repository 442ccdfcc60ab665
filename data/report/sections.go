package report

import (
	"fmt"
	"strings"

	"github.com/walkshed/walkshed/routing/access"
)

// Limits of the human-readable listings; the CSV and JSON outputs list all.
const (
	maxUnroutable = 20
	maxIssues     = 20
	maxGaps       = 10
	// textWidth is the width the terminal table aims to fit in.
	textWidth = 120
)

// section is one titled part of the human-readable report.
type section struct {
	title string
	intro string // a paragraph before the table; may be empty
	tab   *table // nil when there is nothing to list
	notes []string
}

// sections builds the parts of the report shared by the table, Markdown
// and HTML outputs. When narrow is set, headers and long names are
// shortened so that tables fit in textWidth columns.
func (p *prepared) sections(narrow bool) []section {
	short, nameWidth := false, 0
	cov := p.coverageTable(false, 0)
	if narrow && cov.width() > textWidth {
		short = true
		cov = p.coverageTable(true, 0)
		if over := cov.width() - textWidth; over > 0 {
			nameWidth = max(cov.widths()[0]-over, 12)
			cov = p.coverageTable(true, nameWidth)
		}
	}
	trunc := func(s string, n int) string {
		if narrow {
			return abbrev(s, n, "…")
		}
		return s
	}
	budget := p.tr("%s min", trimmed(p.budgetMin, 1))
	if p.r.Options.Budget.Meters > 0 {
		budget = p.tr("%s (%s)", p.h.Budget, budget)
	}
	out := []section{{
		title: p.tr("Coverage by grid"),
		intro: p.tr("Share of %s within %s of each category, in %%; complete = every category within reach.", p.peopleWord(), budget) + " " + p.countsNote(),
		tab:   cov,
		notes: p.legend(short),
	}}
	out = append(out, p.tierSections(short, nameWidth)...)

	// Per grid × category.
	det := newTable([]string{p.tr("grid"), p.tr("category"), p.tr("covered/total"), p.tr("share %%"), p.tr("median min"), p.tr("p90 min"), p.tr("uncovered")},
		[]bool{false, false, true, true, true, true, true})
	for _, row := range p.tableRows() {
		name := trunc(oneLine(p.rowName(row)), 30)
		for c := 0; c <= len(p.cats); c++ {
			s, cat := statsOf(row, c), p.tr("complete")
			if c < len(p.cats) {
				cat = p.catName(p.cats[c])
			}
			det.add(name, oneLine(cat), p.tw(s.CoveredWeight)+"/"+p.tw(s.Weight), orNone(pct(s.Share())),
				textMinutes(s.Median, p.over), textMinutes(s.P90, p.over), p.tw(s.Weight-s.CoveredWeight))
			name = ""
		}
	}
	out = append(out, section{
		title: p.tr("Walking time by grid and category"),
		intro: p.tr("Covered and uncovered %s; weighted median and 90th percentile of the minutes to the nearest facility (%s: beyond the budget, %s: no routable resident). Unroutable residents count as uncovered.", p.peopleWord(), p.over, none),
		tab:   det,
	})

	// Unroutable ledger.
	un := section{title: p.tr("Unroutable residents (%s)", fmt.Sprint(len(p.unroute)))}
	if len(p.unroute) == 0 {
		un.intro = p.tr("None: every resident was placed on the walking network.")
	} else {
		un.intro = p.tr("Residents farther than %s m from any usable street, or with invalid coordinates; they are listed, never moved.", meters(p.maxSnap()))
		un.tab = newTable([]string{p.tr("resident"), p.tr("grid"), p.tr("reason"), p.tr("to network")}, []bool{false, false, false, true})
		for _, i := range p.unroute[:min(len(p.unroute), maxUnroutable)] {
			rr := p.r.Residents[i]
			un.tab.add(trunc(oneLine(p.a.Residents[i].ID), 24), trunc(oneLine(p.gridName(rr.Zone)), 20), trunc(oneLine(p.reason(rr.Why, rr.Reason)), 60), snapText(rr.SnapMeters))
		}
		if n := len(p.unroute) - maxUnroutable; n > 0 {
			un.notes = append(un.notes, p.tr("… %s more (see %s)", fmt.Sprint(n), "residents.csv"))
		}
	}
	out = append(out, un)

	// Facilities off the network.
	fi := section{title: p.tr("Facilities off the network (%s)", fmt.Sprint(len(p.r.Facilities)))}
	if len(p.r.Facilities) == 0 {
		fi.intro = p.tr("None: every facility of an audited category was placed on the walking network.")
	} else {
		fi.intro = p.tr("Facilities that could not be placed on the walking network; they count for no-one.")
		fi.tab = newTable([]string{p.tr("facility"), p.tr("category"), p.tr("name"), p.tr("reason")}, []bool{false, false, false, false})
		for _, is := range p.r.Facilities[:min(len(p.r.Facilities), maxIssues)] {
			f := p.a.Facilities[is.Facility]
			fi.tab.add(trunc(oneLine(f.ID), 24), trunc(oneLine(p.catName(f.Category)), 14), trunc(oneLine(f.Name), 24), trunc(oneLine(p.reason(is.Why, is.Reason)), 50))
		}
		if n := len(p.r.Facilities) - maxIssues; n > 0 {
			fi.notes = append(fi.notes, p.tr("… %s more (see %s)", fmt.Sprint(n), "report.json"))
		}
	}
	out = append(out, fi)

	// Gap cells.
	gs := section{}
	if len(p.r.Gaps) <= maxGaps {
		gs.title = p.tr("Gap cells (%s)", fmt.Sprint(len(p.r.Gaps)))
	} else {
		gs.title = p.tr("Gap cells (top %s of %s)", fmt.Sprint(maxGaps), fmt.Sprint(len(p.r.Gaps)))
	}
	if len(p.r.Gaps) == 0 {
		gs.intro = p.tr("None: no routable resident misses a category.")
	} else {
		gs.intro = p.tr("H3 cells (resolution %s) holding residents beyond %s of at least one category, heaviest first; per category, the weight of residents beyond the budget.", fmt.Sprint(p.gapResolution()), budget)
		head := []string{p.tr("cell"), p.tr("points")}
		right := []bool{false, true}
		if p.weighted {
			head, right = append(head, p.tr("people")), append(right, true)
		}
		for _, c := range p.cats {
			head, right = append(head, p.catHeader(c, short)), append(right, true)
		}
		gs.tab = newTable(head, right)
		for _, g := range p.r.Gaps[:min(len(p.r.Gaps), maxGaps)] {
			cells := []string{g.Cell.String(), fmt.Sprint(g.Count)}
			if p.weighted {
				cells = append(cells, p.tw(g.Weight))
			}
			for _, m := range g.Missing {
				cells = append(cells, p.tw(m))
			}
			gs.tab.add(cells...)
		}
		if n := len(p.r.Gaps) - maxGaps; n > 0 {
			gs.notes = append(gs.notes, p.tr("… %s more (see %s)", fmt.Sprint(n), "gaps.geojson"))
		}
	}
	out = append(out, gs)
	return out
}

// coverageTable is the first table: per row, residents and the covered
// share of each category. short abbreviates category headers; nameWidth > 0
// truncates grid names.
func (p *prepared) coverageTable(short bool, nameWidth int) *table {
	head := []string{p.tr("grid"), p.tr("people")}
	right := []bool{false, true}
	if p.weighted {
		head, right = []string{p.tr("grid"), p.tr("points"), p.tr("people")}, append(right, true)
	}
	head, right = append(head, p.tr("per km²")), append(right, true)
	for _, c := range p.cats {
		head, right = append(head, p.catHeader(c, short)), append(right, true)
	}
	head, right = append(head, p.tr("complete")), append(right, true)
	t := newTable(head, right)
	for _, row := range p.tableRows() {
		name := oneLine(p.rowName(row))
		if nameWidth > 0 {
			name = abbrev(name, nameWidth, "…")
		}
		cells := []string{name, fmt.Sprint(row.Residents)}
		if p.weighted {
			cells = append(cells, p.tw(row.Weight))
		}
		if d, ok := p.density(row); ok {
			cells = append(cells, fixed(d, 0))
		} else {
			cells = append(cells, "")
		}
		for _, s := range row.Categories {
			cells = append(cells, orNone(pct(s.Share())))
		}
		cells = append(cells, orNone(pct(row.Complete.Share())))
		t.add(cells...)
	}
	return t
}

// catHeaderWidth is the width of abbreviated category headers.
const catHeaderWidth = 6

// catHeader is a category's column header.
func (p *prepared) catHeader(c string, short bool) string {
	c = oneLine(p.catName(c))
	if short {
		return abbrev(c, catHeaderWidth, ".")
	}
	return c
}

// legend spells out the abbreviated category headers.
func (p *prepared) legend(short bool) []string {
	if !short {
		return nil
	}
	var parts []string
	for _, c := range p.cats {
		if a, full := p.catHeader(c, true), oneLine(p.catName(c)); a != full {
			parts = append(parts, a+" "+full)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return []string{p.tr("Columns: %s.", strings.Join(parts, p.lang.ListSeparator()))}
}

// countsNote says what the count columns are.
func (p *prepared) countsNote() string {
	switch {
	case p.weighted && p.estimated:
		return p.tr("Points are resident points (an estimated home is one point), people the estimated people they stand for; per km² is the grid's density.")
	case p.weighted:
		return p.tr("Points are resident points, people the people they stand for; per km² is the grid's density.")
	}
	return p.tr("Every resident point is one person; per km² is the grid's density.")
}

// orNone replaces an empty value by none.
func orNone(s string) string {
	if s == "" {
		return none
	}
	return s
}

// statsOf returns a row's stats for category c, or the complete pseudo-
// category when c == len(categories).
func statsOf(row access.Row, c int) access.Stats {
	if c < len(row.Categories) {
		return row.Categories[c]
	}
	return row.Complete
}
