package access

import (
	"errors"
	"fmt"
	"math"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// Tier is a budget per category that residents are classified against:
// one budget for every category ("within 5 minutes"), or a standard's
// budget for each ("convenience stores within 5 minutes, pharmacies within
// 8, supermarkets within 15"). An audit classifies every tier from its one
// search per category, which reaches as far as the largest budget, so a
// tier costs a pass over the residents, not a search.
type Tier struct {
	// Name labels the tier in reports: "5min", or a standard's name.
	// Required and unique among an audit's tiers.
	Name string
	// Budgets holds the budget of each category, in Options.Categories
	// order, or a single budget that applies to every category.
	Budgets []geo.Budget
	// Standard names the standard the budgets come from, "" for a plain
	// budget; reports call a standard's every-category share "compliant"
	// rather than "complete".
	Standard string
}

// Budget returns the tier's budget for category c.
func (t Tier) Budget(c int) geo.Budget {
	if len(t.Budgets) == 1 {
		return t.Budgets[0]
	}
	return t.Budgets[c]
}

// TierResult is an audit classified against one tier: rows and group rows
// as Result.Rows and Result.Groups have them, where a resident is covered
// for a category when its nearest facility is within the tier's budget for
// that category, and complete (compliant) when covered for every one.
// Median and P90 are the walking minutes as in Result.Rows, +Inf beyond
// the tier's budget.
type TierResult struct {
	Tier   Tier
	Rows   []Row
	Groups []Row
}

// checkTiers validates tiers for an audit of ncat categories.
func checkTiers(tiers []Tier, ncat int) error {
	seen := map[string]bool{}
	for i, t := range tiers {
		if t.Name == "" {
			return fmt.Errorf("access: tier %d has no name", i+1)
		}
		if seen[t.Name] {
			return fmt.Errorf("access: tier %q given twice", t.Name)
		}
		seen[t.Name] = true
		if len(t.Budgets) != 1 && len(t.Budgets) != ncat {
			return fmt.Errorf("access: tier %q has %d budgets, want 1 or one per category (%d)", t.Name, len(t.Budgets), ncat)
		}
		for _, b := range t.Budgets {
			if err := b.Validate(); err != nil {
				return fmt.Errorf("access: tier %q: %w", t.Name, err)
			}
		}
	}
	return nil
}

// ErrNoTier is returned when a tier is asked for that an audit does not
// have.
var ErrNoTier = errors.New("access: no such tier")

// reachOf is how far the searches of an audit must reach for a resident
// walking at speed: the largest of the budget and every tier's budgets.
func reachOf(opts Options, speed float64) float64 {
	l := opts.Budget.Distance(speed)
	for _, t := range opts.Tiers {
		for _, b := range t.Budgets {
			l = math.Max(l, b.Distance(speed))
		}
	}
	return l
}

// tierCover is the coverage of tier t: resident i is covered for category
// c when its nearest facility is within the tier's budget for c at its own
// speed.
func tierCover(res *Result, residents []Resident, t Tier, opts Options) coverFunc {
	profile := func(r Resident) routing.Profile {
		if p, ok := opts.GroupProfiles[r.Group]; ok {
			return p
		}
		return opts.Profile
	}
	return func(i, c int) (float64, bool) {
		m := res.Residents[i].Nearest[c]
		p := profile(residents[i])
		if m > t.Budget(c).Distance(p.Speed) {
			return math.Inf(1), false
		}
		return p.Minutes(m), true
	}
}

// summarizeTiers builds the rows of every tier.
func summarizeTiers(zones []Zone, residents []Resident, res *Result, opts Options) []TierResult {
	if len(opts.Tiers) == 0 {
		return nil
	}
	out := make([]TierResult, len(opts.Tiers))
	for i, t := range opts.Tiers {
		rows, groups := summarize(zones, residents, res, tierCover(res, residents, t, opts))
		out[i] = TierResult{Tier: t, Rows: rows, Groups: groups}
	}
	return out
}

// Tier returns the result of the tier called name, or an error wrapping
// ErrNoTier.
func (r *Result) Tier(name string) (*TierResult, error) {
	for i := range r.Tiers {
		if r.Tiers[i].Tier.Name == name {
			return &r.Tiers[i], nil
		}
	}
	return nil, fmt.Errorf("%w %q", ErrNoTier, name)
}
