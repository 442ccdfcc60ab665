package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/routing/access"
)

// This file renders the tiers of an audit (access.Options.Tiers): the
// shares at several budgets at once, and a standard's budget per category
// with its "compliant" share.

// checkTiers validates the tiers of a result against its categories.
func (p *prepared) checkTiers() error {
	nc := len(p.cats)
	for _, t := range p.r.Tiers {
		if len(t.Tier.Budgets) != 1 && len(t.Tier.Budgets) != nc {
			return fmt.Errorf("%w: tier %q has %d budgets for %d categories", ErrAudit, t.Tier.Name, len(t.Tier.Budgets), nc)
		}
		if len(t.Rows) != len(p.r.Rows) {
			return fmt.Errorf("%w: tier %q has %d rows, want %d", ErrAudit, t.Tier.Name, len(t.Rows), len(p.r.Rows))
		}
		for _, row := range append(append([]access.Row(nil), t.Rows...), t.Groups...) {
			if len(row.Categories) != nc {
				return fmt.Errorf("%w: tier %q row %q has %d categories, want %d", ErrAudit, t.Tier.Name, row.Name, len(row.Categories), nc)
			}
		}
	}
	return nil
}

// allName is what a tier calls residents covered for every category:
// "compliant" for a standard, "complete" otherwise.
func allName(t access.Tier) string {
	if t.Standard != "" {
		return "compliant"
	}
	return "complete"
}

// tierRows are a tier's rows as tables show them (see tableRows).
func tierRows(t access.TierResult) []access.Row {
	if len(t.Groups) == 0 {
		return t.Rows
	}
	out := append([]access.Row(nil), t.Rows...)
	for _, g := range t.Groups {
		g.Name = "group: " + g.Name
		out = append(out, g)
	}
	return out
}

// tierBudgets lists a tier's budget per category: "pharmacy 8min, ...", or
// the one budget.
func (p *prepared) tierBudgets(t access.Tier) string {
	if len(t.Budgets) == 1 {
		return t.Budgets[0].String()
	}
	parts := make([]string, len(p.cats))
	for c, cat := range p.cats {
		parts[c] = oneLine(cat) + " " + t.Budget(c).String()
	}
	return strings.Join(parts, ", ")
}

// tierSections are the tables of the tiers, one per tier.
func (p *prepared) tierSections(short bool, nameWidth int) []section {
	var out []section
	for _, t := range p.r.Tiers {
		s := section{}
		if t.Tier.Standard != "" {
			s.title = "Standard " + oneLine(t.Tier.Standard) + ": coverage within each category's tier"
			s.intro = fmt.Sprintf("Share of %s within each category's own budget (%s), in %%; compliant = every category within its tier.", p.peopleWord(), p.tierBudgets(t.Tier))
		} else {
			s.title = "Coverage within " + oneLine(t.Tier.Name)
			s.intro = fmt.Sprintf("Share of %s within %s of each category, in %%, from the same searches as the budget; complete = every category within %s.", p.peopleWord(), p.tierBudgets(t.Tier), p.tierBudgets(t.Tier))
		}
		head := []string{"grid", "residents"}
		right := []bool{false, true}
		for _, c := range p.cats {
			head, right = append(head, p.catHeader(c, short)), append(right, true)
		}
		head, right = append(head, allName(t.Tier)), append(right, true)
		s.tab = newTable(head, right)
		for _, row := range tierRows(t) {
			name := oneLine(row.Name)
			if nameWidth > 0 {
				name = abbrev(name, nameWidth, "…")
			}
			cells := []string{name, fmt.Sprint(row.Residents)}
			for _, st := range row.Categories {
				cells = append(cells, orNone(pct(st.Share())))
			}
			s.tab.add(append(cells, orNone(pct(row.Complete.Share())))...)
		}
		out = append(out, s)
	}
	return out
}

// JSON of the tiers.
type (
	jsonTier struct {
		Name     string          `json:"name"`
		Standard string          `json:"standard,omitempty"`
		Budgets  []jsonTierLimit `json:"budgets"`
		All      string          `json:"all"`
		Rows     []jsonTierRow   `json:"rows"`
	}
	jsonTierLimit struct {
		Category string `json:"category"`
		Budget   string `json:"budget"`
	}
	jsonTierRow struct {
		Grid       string      `json:"grid"`
		Kind       string      `json:"kind"`
		Residents  int         `json:"residents"`
		Weight     num         `json:"weight"`
		Categories []jsonStats `json:"categories"`
		Complete   jsonStats   `json:"complete"`
	}
)

// jsonTiers converts the tiers; nil without any.
func (p *prepared) jsonTiers() []jsonTier {
	if len(p.r.Tiers) == 0 {
		return nil
	}
	out := make([]jsonTier, len(p.r.Tiers))
	for i, t := range p.r.Tiers {
		jt := jsonTier{Name: t.Tier.Name, Standard: t.Tier.Standard, All: allName(t.Tier), Budgets: make([]jsonTierLimit, len(p.cats))}
		for c, cat := range p.cats {
			jt.Budgets[c] = jsonTierLimit{Category: cat, Budget: t.Tier.Budget(c).String()}
		}
		for _, row := range tierRows(t) {
			jr := jsonTierRow{Grid: row.Name, Kind: rowKind(row), Residents: row.Residents, Weight: num(weight(row.Weight)),
				Categories: make([]jsonStats, len(p.cats)), Complete: jsonStatsOf(allName(t.Tier), row.Complete)}
			for c, s := range row.Categories {
				jr.Categories[c] = jsonStatsOf(p.cats[c], s)
			}
			jt.Rows = append(jt.Rows, jr)
		}
		out[i] = jt
	}
	return out
}

// WriteTiersCSV writes tiers.csv: one row per tier × report row ×
// category, with a last pseudo-category per row, "complete" (or
// "compliant" for a standard's tier): every category within its budget.
// The columns are
//
//	tier,standard,grid,category,budget,residents,weight,covered,covered_weight,share
//
// where budget is the category's budget in the tier ("5min", "300m"; empty
// for the pseudo-category) and share is covered_weight as a percent of
// weight. An audit without tiers gives the header line only.
func WriteTiersCSV(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	writeRecord(b, []string{"tier", "standard", "grid", "category", "budget", "residents", "weight", "covered", "covered_weight", "share"})
	for _, t := range p.r.Tiers {
		for _, row := range tierRows(t) {
			for c := 0; c <= len(p.cats); c++ {
				s, cat, budget := statsOf(row, c), allName(t.Tier), ""
				if c < len(p.cats) {
					cat, budget = p.cats[c], t.Tier.Budget(c).String()
				}
				writeRecord(b, []string{t.Tier.Name, t.Tier.Standard, row.Name, cat, budget, strconv.Itoa(row.Residents), weight(row.Weight),
					strconv.Itoa(s.CoveredCount), weight(s.CoveredWeight), pct(s.Share())})
			}
		}
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: tiers.csv: %w", err)
	}
	return nil
}
