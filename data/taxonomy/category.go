package taxonomy

// Category is one service category: a name, a description for people, and
// the tag rules that decide which OSM features offer the service.
//
// A Category is immutable and safe for concurrent use. The zero value has no
// rules and matches nothing; categories come from a Taxonomy.
type Category struct {
	name        string
	description string
	rules       []rule
}

// Name returns the category's name, e.g. "pharmacy": lowercase letters,
// digits, "_" and "-", starting with a letter.
func (c *Category) Name() string { return c.name }

// Description returns the human description of the category; it may be
// empty for categories from a user file.
func (c *Category) Description() string { return c.description }

// RuleStrings returns the category's rules in their canonical spelling, in
// the order they were given (rules added by an extending file come last).
// The caller owns the returned slice.
func (c *Category) RuleStrings() []string {
	out := make([]string, len(c.rules))
	for i, r := range c.rules {
		out[i] = r.String()
	}
	return out
}

// Match reports whether a feature with the given tags belongs to the
// category: at least one inclusion rule matches and no exclusion rule does.
func (c *Category) Match(tags Tagger) bool {
	included := false
	for _, r := range c.rules {
		if r.exclude {
			if r.match(tags) {
				return false
			}
			continue
		}
		if !included && r.match(tags) {
			included = true
		}
	}
	return included
}

// hasInclusion reports whether c has at least one rule that can add a
// feature to it.
func (c *Category) hasInclusion() bool {
	for _, r := range c.rules {
		if !r.exclude {
			return true
		}
	}
	return false
}
