package standard

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/walkshed/walkshed/data/internal/textpos"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing/access"
)

//go:embed *.json
var presets embed.FS

// Standard is a planning standard's walking budget for each of its
// service categories, with the category rules it needs on top of a base
// taxonomy. It is immutable once built.
type Standard struct {
	// Name identifies the standard ("mofcom-2021"); reports print it.
	Name string
	// Title, Issuer and Date cite the document the budgets come from;
	// Note says how they were read from it.
	Title, Issuer, Date, Note string
	// Taxonomy is the base taxonomy with the standard's own categories
	// and rules applied.
	Taxonomy *taxonomy.Taxonomy
	// Categories are the standard's categories, in its order; Budgets[i]
	// is the budget of Categories[i].
	Categories []string
	Budgets    []geo.Budget
}

// ErrUnknown is wrapped by Preset for a name that is no preset.
var ErrUnknown = errors.New("standard: unknown standard")

// Presets returns the names of the embedded standards, sorted.
func Presets() []string {
	es, _ := presets.ReadDir(".")
	var out []string
	for _, e := range es {
		out = append(out, strings.TrimSuffix(e.Name(), ".json"))
	}
	sort.Strings(out)
	return out
}

// Preset returns the embedded standard called name, on base (nil means
// taxonomy.Default()). An unknown name gives an error wrapping ErrUnknown
// that lists the presets.
func Preset(name string, base *taxonomy.Taxonomy) (*Standard, error) {
	data, err := presets.ReadFile(name + ".json")
	if err != nil || strings.ContainsAny(name, "/\\.") {
		return nil, fmt.Errorf("%w %q; presets: %s (or give a standard file)", ErrUnknown, name, strings.Join(Presets(), ", "))
	}
	return Parse(name+".json", data, base)
}

// Open returns the preset called nameOrPath, or else reads the standard
// file at that path (see Load).
func Open(nameOrPath string, base *taxonomy.Taxonomy) (*Standard, error) {
	for _, p := range Presets() {
		if p == nameOrPath {
			return Preset(p, base)
		}
	}
	if _, err := os.Stat(nameOrPath); err != nil {
		return nil, fmt.Errorf("%w %q: neither a preset (%s) nor a readable file: %v", ErrUnknown, nameOrPath, strings.Join(Presets(), ", "), err)
	}
	return Load(nameOrPath, base)
}

// Load reads a standard file (see the package doc) on base (nil means
// taxonomy.Default()).
func Load(path string, base *taxonomy.Taxonomy) (*Standard, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("standard: %w", err)
	}
	return Parse(path, data, base)
}

// fileDoc is the JSON of a standard file.
type fileDoc struct {
	Name     string          `json:"name"`
	Title    string          `json:"title"`
	Issuer   string          `json:"issuer"`
	Date     string          `json:"date"`
	Note     string          `json:"note"`
	Taxonomy json.RawMessage `json:"taxonomy"`
	Tiers    []fileTier      `json:"tiers"`
}

type fileTier struct {
	Category string   `json:"category"`
	Minutes  *float64 `json:"minutes"`
	Meters   *float64 `json:"meters"`
}

// ParseError is a standard file that cannot be used: its name, the
// position of a JSON error (0 when the problem is one of content) and
// what is wrong.
type ParseError struct {
	File         string
	Line, Column int
	Err          error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns what is wrong.
func (e *ParseError) Unwrap() error { return e.Err }

// Parse is Load for a file in memory; name is used in messages.
func Parse(name string, data []byte, base *taxonomy.Taxonomy) (*Standard, error) {
	if base == nil {
		base = taxonomy.Default()
	}
	fail := func(format string, a ...any) error { return &ParseError{File: name, Err: fmt.Errorf(format, a...)} }
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var doc fileDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		pe := &ParseError{File: name, Err: fmt.Errorf("invalid JSON: %w", err)}
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			pe.Err = errors.New("empty file; want a JSON object")
		case errors.As(err, &syn):
			pe.Line, pe.Column = textpos.Of(data, int(syn.Offset)-1)
		case errors.As(err, &typ):
			pe.Line, pe.Column = textpos.Of(data, int(typ.Offset))
		}
		return nil, pe
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := textpos.Of(data, int(dec.InputOffset()))
		return nil, &ParseError{File: name, Line: line, Column: col, Err: errors.New("unexpected data after the JSON object")}
	}
	if doc.Name == "" {
		return nil, fail(`missing "name"`)
	}
	if doc.Title == "" {
		return nil, fail(`missing "title": cite the document the budgets come from`)
	}
	tax := base
	var own []string // categories the file defines
	if len(doc.Taxonomy) > 0 && string(doc.Taxonomy) != "null" {
		t, err := taxonomy.Parse(name+` "taxonomy"`, doc.Taxonomy, base)
		if err != nil {
			return nil, err
		}
		tax = t
		var td struct {
			Categories []struct {
				Name string `json:"name"`
			} `json:"categories"`
		}
		_ = json.Unmarshal(doc.Taxonomy, &td) // parsed above
		for _, c := range td.Categories {
			own = append(own, c.Name)
		}
	}
	if len(doc.Tiers) == 0 {
		return nil, fail(`no "tiers": want [{"category": NAME, "minutes": N} or {"category": NAME, "meters": N}, ...]`)
	}
	s := &Standard{Name: doc.Name, Title: doc.Title, Issuer: doc.Issuer, Date: doc.Date, Note: doc.Note, Taxonomy: tax}
	seen := map[string]int{}
	for i, t := range doc.Tiers {
		where := fmt.Sprintf("tier %d", i+1)
		if t.Category == "" {
			return nil, fail(`%s: missing "category"`, where)
		}
		where += fmt.Sprintf(" (%s)", t.Category)
		if err := tax.Validate(t.Category); err != nil {
			return nil, fail("%s: %w; define it under \"taxonomy\"", where, err)
		}
		if j, dup := seen[t.Category]; dup {
			return nil, fail("%s: category already has a budget in tier %d", where, j+1)
		}
		seen[t.Category] = i
		var b geo.Budget
		switch {
		case t.Minutes != nil && t.Meters != nil:
			return nil, fail(`%s: give "minutes" or "meters", not both`, where)
		case t.Minutes != nil:
			b.Minutes = *t.Minutes
		case t.Meters != nil:
			b.Meters = *t.Meters
		default:
			return nil, fail(`%s: no budget; give "minutes" or "meters"`, where)
		}
		if err := b.Validate(); err != nil {
			return nil, fail("%s: %w", where, err)
		}
		s.Categories = append(s.Categories, t.Category)
		s.Budgets = append(s.Budgets, b)
	}
	for _, c := range own {
		if _, ok := seen[c]; !ok {
			return nil, fail("category %q is defined under \"taxonomy\" but has no tier; give it a budget or leave it out", c)
		}
	}
	return s, nil
}

// Budget returns the standard's budget for category and whether it has
// one.
func (s *Standard) Budget(category string) (geo.Budget, bool) {
	for i, c := range s.Categories {
		if c == category {
			return s.Budgets[i], true
		}
	}
	return geo.Budget{}, false
}

// Largest returns the largest of the standard's budgets, which an audit
// by the standard searches to. It fails when the budgets mix minutes and
// metres, which have no order without a walking speed.
func (s *Standard) Largest() (geo.Budget, error) {
	var out geo.Budget
	minutes, meters := false, false
	for _, b := range s.Budgets {
		minutes = minutes || b.Minutes > 0
		meters = meters || b.Meters > 0
		out.Minutes = math.Max(out.Minutes, b.Minutes)
		out.Meters = math.Max(out.Meters, b.Meters)
	}
	if minutes && meters {
		return geo.Budget{}, fmt.Errorf("standard %s mixes minutes and metres; give the audit's budget", s.Name)
	}
	return out, nil
}

// Tier returns the standard as an audit tier for categories, each of
// which must have a budget in the standard; the error names those that
// have none.
func (s *Standard) Tier(categories []string) (access.Tier, error) {
	t := access.Tier{Name: s.Name, Standard: s.Name, Budgets: make([]geo.Budget, len(categories))}
	var missing []string
	for i, c := range categories {
		b, ok := s.Budget(c)
		if !ok {
			missing = append(missing, c)
			continue
		}
		t.Budgets[i] = b
	}
	if len(missing) > 0 {
		return access.Tier{}, fmt.Errorf("standard %s gives no budget for %s; its categories are %s", s.Name, strings.Join(missing, ", "), strings.Join(s.Categories, ", "))
	}
	return t, nil
}

// Citation is one line citing the standard, for report headers.
func (s *Standard) Citation() string {
	parts := []string{s.Title}
	if s.Issuer != "" {
		parts = append(parts, s.Issuer)
	}
	if s.Date != "" {
		parts = append(parts, s.Date)
	}
	return s.Name + ": " + strings.Join(parts, "; ")
}
