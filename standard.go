package walkshed

import (
	"github.com/walkshed/walkshed/data/standard"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing/access"
)

// applyStandard sets an audit's options by a standard: its categories when
// none are given, its largest budget when none is given, and its tier. A
// given category the standard has no budget for is an error naming it.
func applyStandard(s *standard.Standard, opts *access.Options) error {
	if s == nil {
		return nil
	}
	if len(opts.Categories) == 0 {
		opts.Categories = append([]string(nil), s.Categories...)
	}
	if opts.Budget == (geo.Budget{}) {
		b, err := s.Largest()
		if err != nil {
			return err
		}
		opts.Budget = b
	}
	t, err := s.Tier(opts.Categories)
	if err != nil {
		return err
	}
	opts.Tiers = append(append([]access.Tier(nil), opts.Tiers...), t)
	return nil
}

// standardLines are the report header's lines on a standard: what it is,
// citing its source, and how it was read.
func standardLines(s *standard.Standard) []string {
	if s == nil {
		return nil
	}
	out := []string{"standard " + s.Citation()}
	if s.Note != "" {
		out = append(out, "standard note: "+s.Note)
	}
	return out
}
