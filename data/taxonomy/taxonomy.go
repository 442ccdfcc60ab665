package taxonomy

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"

	"github.com/walkshed/walkshed/data/internal/textpos"
	"github.com/walkshed/walkshed/internal/inputfile"
)

//go:embed default.json
var defaultJSON []byte

// Taxonomy is an ordered set of service categories.
//
// A Taxonomy is immutable once built and safe for concurrent use. The zero
// value has no categories; taxonomies come from Default, Parse and Load.
type Taxonomy struct {
	cats   []*Category
	byName map[string]int
}

// Default returns the built-in taxonomy (default.json in this package): the
// categories grocery, clinic, pharmacy, barber, housekeeping, agency, repair
// and craftsman, in that order. Each call returns a new Taxonomy.
func Default() *Taxonomy {
	t, err := parse("default.json", defaultJSON, nil)
	if err != nil {
		// The embedded file is part of the source and tested.
		panic("taxonomy: built-in default.json is invalid: " + err.Error())
	}
	return t
}

// Load reads a taxonomy file (see the package doc for its format) and
// applies it to base; a nil base means Default(). The file must be a
// regular file (a named pipe or device is refused unopened) of text (a NUL
// byte is a *ParseError). Errors from reading the file are returned as they
// are; errors of content are *ParseError values naming path.
func Load(path string, base *Taxonomy) (*Taxonomy, error) {
	data, err := inputfile.ReadText(path, nil)
	var te *inputfile.TextError
	if errors.As(err, &te) {
		return nil, &ParseError{File: path, Line: te.Line, Err: te.Err}
	}
	if err != nil {
		return nil, fmt.Errorf("taxonomy: %w", err)
	}
	return Parse(path, data, base)
}

// Parse is Load for a file already in memory; name is used in error messages
// only. base is not modified.
func Parse(name string, data []byte, base *Taxonomy) (*Taxonomy, error) {
	if base == nil {
		base = Default()
	}
	return parse(name, data, base)
}

// fileCategory and fileDoc are the JSON shape of a taxonomy file.
type fileCategory struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Rules       []string `json:"rules"`
}

type fileDoc struct {
	Mode       string         `json:"mode"`
	Categories []fileCategory `json:"categories"`
}

func parse(name string, data []byte, base *Taxonomy) (*Taxonomy, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	doc, err := decodeDoc(name, data)
	if err != nil {
		return nil, err
	}
	fail := func(format string, args ...any) error {
		return &ParseError{File: name, Err: fmt.Errorf(format, args...)}
	}

	t := &Taxonomy{byName: make(map[string]int)}
	switch doc.Mode {
	case "replace":
	case "extend":
		if base != nil {
			for _, c := range base.cats {
				t.add(&Category{name: c.name, description: c.description, rules: slices.Clone(c.rules)})
			}
		}
	case "":
		return nil, fail(`missing "mode"; want "extend" or "replace"`)
	default:
		return nil, fail(`unknown mode %q; want "extend" or "replace"`, inputfile.Clip(doc.Mode))
	}
	if len(doc.Categories) == 0 {
		return nil, fail("no categories")
	}

	seen := make(map[string]int, len(doc.Categories))
	for i, fc := range doc.Categories {
		if err := checkName(fc.Name); err != nil {
			return nil, fail("category %d: %w", i+1, err)
		}
		if j, dup := seen[fc.Name]; dup {
			return nil, fail("category %d: duplicate name %q (first is category %d)", i+1, inputfile.Clip(fc.Name), j+1)
		}
		seen[fc.Name] = i
		if len(fc.Rules) == 0 {
			return nil, fail("category %s: no rules", fc.Name)
		}
		rules := make([]rule, 0, len(fc.Rules))
		for k, s := range fc.Rules {
			r, err := parseRule(s)
			if err != nil {
				return nil, fail("rule %d of category %s: %w", k+1, fc.Name, err)
			}
			rules = append(rules, r)
		}

		c, ok := t.Category(fc.Name)
		if !ok {
			c = &Category{name: fc.Name}
			t.add(c)
		}
		if fc.Description != "" {
			c.description = fc.Description
		}
		for _, r := range rules {
			if !slices.ContainsFunc(c.rules, func(o rule) bool { return o.String() == r.String() }) {
				c.rules = append(c.rules, r)
			}
		}
		if !c.hasInclusion() {
			return nil, fail("category %s: only exclusion rules; it would match nothing", fc.Name)
		}
	}
	return t, nil
}

// decodeDoc decodes the JSON of a taxonomy file strictly: unknown fields
// and trailing data are errors, and syntax errors carry a line and column.
func decodeDoc(name string, data []byte) (fileDoc, error) {
	var doc fileDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&doc)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			off := int(dec.InputOffset())
			line, col := textpos.Of(data, off)
			return doc, &ParseError{File: name, Line: line, Column: col, Err: errors.New("unexpected data after the JSON object")}
		}
		return doc, nil
	}
	pe := &ParseError{File: name, Err: fmt.Errorf("invalid JSON: %w", err)}
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, io.EOF):
		pe.Err = errors.New("empty file; want a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		pe.Err = errors.New("invalid JSON: unexpected end of file")
	case errors.As(err, &syn):
		// Offset counts the bytes read up to and including the bad one.
		pe.Line, pe.Column = textpos.Of(data, int(syn.Offset)-1)
	case errors.As(err, &typ):
		pe.Line, pe.Column = textpos.Of(data, int(typ.Offset))
		field := typ.Field
		if field == "" {
			field = "document"
		}
		pe.Err = fmt.Errorf("%s: want %s, got JSON %s", field, kindName(typ.Type), typ.Value)
	}
	return doc, pe
}

// kindName describes a Go type by its JSON shape.
func kindName(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	default:
		return t.Kind().String()
	}
}

// checkName reports whether name is a valid category name.
func checkName(name string) error {
	if name == "" {
		return errors.New(`missing "name"`)
	}
	for i, r := range name {
		ok := r >= 'a' && r <= 'z' || i > 0 && (r >= '0' && r <= '9' || r == '_' || r == '-')
		if !ok {
			return fmt.Errorf("name %q: want lowercase letters, digits, \"_\" or \"-\", starting with a letter", inputfile.Clip(name))
		}
	}
	return nil
}

func (t *Taxonomy) add(c *Category) {
	t.byName[c.name] = len(t.cats)
	t.cats = append(t.cats, c)
}

// Names returns the category names in taxonomy order: the base's first,
// then those added by a file, each in file order. The caller owns the slice.
func (t *Taxonomy) Names() []string {
	out := make([]string, len(t.cats))
	for i, c := range t.cats {
		out[i] = c.name
	}
	return out
}

// Len returns the number of categories.
func (t *Taxonomy) Len() int { return len(t.cats) }

// Category returns the category called name, and whether there is one.
func (t *Taxonomy) Category(name string) (*Category, bool) {
	i, ok := t.byName[name]
	if !ok {
		return nil, false
	}
	return t.cats[i], true
}

// Validate returns nil if name is a category of t, and otherwise an
// *UnknownCategoryError (matching ErrUnknownCategory) listing the known
// categories. Its signature fits table.Options.CheckCategory.
func (t *Taxonomy) Validate(name string) error {
	if _, ok := t.byName[name]; ok {
		return nil
	}
	return &UnknownCategoryError{Name: name, Known: t.Names()}
}

// Match returns the names of the categories a feature with the given tags
// belongs to, in taxonomy order; a feature may belong to several or none
// (nil). Tag values are matched exactly; a value that is a semicolon list
// ("pharmacy;clinic") matches when any item does.
func (t *Taxonomy) Match(tags Tagger) []string {
	return t.AppendMatch(nil, tags)
}

// AppendMatch is Match appending to dst, to reuse one buffer over many
// features. It returns the extended slice.
func (t *Taxonomy) AppendMatch(dst []string, tags Tagger) []string {
	for _, c := range t.cats {
		if c.Match(tags) {
			dst = append(dst, c.name)
		}
	}
	return dst
}

// Fingerprint returns a short, stable hash (12 hex digits) of the category
// names and their canonical rules, in order, for report headers: two
// taxonomies with the same fingerprint classify every feature the same
// way. Descriptions do not take part.
func (t *Taxonomy) Fingerprint() string {
	h := sha256.New()
	for _, c := range t.cats {
		fmt.Fprintf(h, "%s\n", c.name)
		for _, r := range c.rules {
			fmt.Fprintf(h, "\t%s\n", r.String())
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
