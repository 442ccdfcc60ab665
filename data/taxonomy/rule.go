package taxonomy

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/walkshed/walkshed/internal/inputfile"
)

// Tagger gives the value of an OSM tag, or "" when the feature does not
// have the key. osm.Tags satisfies it.
type Tagger interface {
	Find(key string) string
}

// term is one condition of a rule: the key is present with one of values,
// or, when values is nil, with any value other than "no".
type term struct {
	key    string
	values []string
}

// rule is a conjunction of terms; an exclusion rule removes the features it
// matches from the category.
type rule struct {
	exclude bool
	terms   []term
}

// specialChars are the characters of the rule language; keys may not hold
// any of them, values may not hold "!", "=", "&" and "|".
const specialChars = "!=&|*"

// parseRule parses one rule of the language described in the package doc.
func parseRule(s string) (rule, error) {
	var r rule
	s = strings.TrimSpace(s)
	if s == "" {
		return r, errors.New("empty rule")
	}
	if rest, ok := strings.CutPrefix(s, "!"); ok {
		r.exclude = true
		s = strings.TrimSpace(rest)
		if s == "" {
			return r, errors.New(`"!" must be followed by a condition`)
		}
	}
	for part := range strings.SplitSeq(s, "&") {
		t, err := parseTerm(strings.TrimSpace(part))
		if err != nil {
			return r, err
		}
		r.terms = append(r.terms, t)
	}
	return r, nil
}

func parseTerm(s string) (term, error) {
	var t term
	if s == "" {
		return t, errors.New(`empty condition around "&"`)
	}
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return t, fmt.Errorf("condition %q has no \"=\"; want key=value, key=v1|v2 or key=*", inputfile.Clip(s))
	}
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	switch {
	case k == "":
		return t, fmt.Errorf("condition %q has an empty key", inputfile.Clip(s))
	case strings.ContainsAny(k, specialChars):
		return t, fmt.Errorf("key %q holds one of the characters %s", inputfile.Clip(k), specialChars)
	case strings.IndexFunc(k, unicode.IsSpace) >= 0:
		return t, fmt.Errorf("key %q holds white space", inputfile.Clip(k))
	}
	t.key = k
	if v == "*" {
		return t, nil
	}
	for val := range strings.SplitSeq(v, "|") {
		val = strings.TrimSpace(val)
		switch {
		case val == "":
			return t, fmt.Errorf("condition %q has an empty value", inputfile.Clip(s))
		case val == "*":
			return t, fmt.Errorf("condition %q mixes * with values; * stands alone", inputfile.Clip(s))
		case strings.ContainsAny(val, specialChars):
			return t, fmt.Errorf("value %q holds one of the characters %s (a \"!\" goes at the start of the rule)", inputfile.Clip(val), specialChars)
		case strings.Contains(val, ";"):
			return t, fmt.Errorf("value %q holds \";\"; list alternatives with \"|\"", inputfile.Clip(val))
		}
		t.values = append(t.values, val)
	}
	return t, nil
}

// String returns the rule in its canonical spelling: no spaces around
// operators.
func (r rule) String() string {
	var b strings.Builder
	if r.exclude {
		b.WriteByte('!')
	}
	for i, t := range r.terms {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(t.key)
		b.WriteByte('=')
		if t.values == nil {
			b.WriteByte('*')
			continue
		}
		b.WriteString(strings.Join(t.values, "|"))
	}
	return b.String()
}

// match reports whether every term of r holds for tags.
func (r rule) match(tags Tagger) bool {
	for _, t := range r.terms {
		if !t.match(tags) {
			return false
		}
	}
	return true
}

// match reports whether the feature's value for t.key satisfies t. A value
// that is a semicolon-separated list matches when any of its items does.
func (t term) match(tags Tagger) bool {
	v := strings.TrimSpace(tags.Find(t.key))
	if v == "" {
		return false
	}
	if t.values == nil {
		return v != "no"
	}
	for {
		item, rest, more := strings.Cut(v, ";")
		item = strings.TrimSpace(item)
		for _, want := range t.values {
			if item == want {
				return true
			}
		}
		if !more {
			return false
		}
		v = rest
	}
}
