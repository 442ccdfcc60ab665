package taxonomy_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/osm"
	"github.com/walkshed/walkshed/data/taxonomy"
)

// tags builds osm.Tags from "k=v" pairs.
func tags(kv ...string) osm.Tags {
	var t osm.Tags
	for _, s := range kv {
		k, v, _ := strings.Cut(s, "=")
		t = append(t, osm.Tag{Key: k, Value: v})
	}
	return t
}

var defaultNames = []string{"grocery", "clinic", "pharmacy", "barber", "housekeeping", "agency", "repair", "craftsman"}

func TestDefault(t *testing.T) {
	d := taxonomy.Default()
	if got := d.Names(); !slices.Equal(got, defaultNames) {
		t.Fatalf("Default().Names() = %v, want %v", got, defaultNames)
	}
	if d.Len() != len(defaultNames) {
		t.Errorf("Len() = %d, want %d", d.Len(), len(defaultNames))
	}
	for _, name := range defaultNames {
		c, ok := d.Category(name)
		if !ok {
			t.Fatalf("Category(%q) not found", name)
		}
		if c.Name() != name || c.Description() == "" || len(c.RuleStrings()) == 0 {
			t.Errorf("Category(%q) = name %q, description %q, rules %v; want all set", name, c.Name(), c.Description(), c.RuleStrings())
		}
	}
	if _, ok := d.Category("bakery"); ok {
		t.Error(`Category("bakery") found, want not found`)
	}
	// Names returns a copy.
	d.Names()[0] = "changed"
	if d.Names()[0] != "grocery" {
		t.Error("modifying the result of Names changed the taxonomy")
	}
}

func TestFingerprint(t *testing.T) {
	a, b := taxonomy.Default(), taxonomy.Default()
	fa := a.Fingerprint()
	if len(fa) != 12 || strings.Trim(fa, "0123456789abcdef") != "" {
		t.Fatalf("Fingerprint() = %q, want 12 hex digits", fa)
	}
	if fb := b.Fingerprint(); fa != fb {
		t.Errorf("Fingerprint differs between two Default() calls: %q, %q", fa, fb)
	}
	// Golden: changes whenever default.json's names or rules change.
	// Update it deliberately, together with any report goldens.
	if want := "3a9bd2700d89"; fa != want {
		t.Errorf("Default().Fingerprint() = %q, want %q (default.json changed?)", fa, want)
	}
	// Descriptions do not count; rules do.
	desc, err := taxonomy.Parse("d.json", []byte(`{"mode":"extend","categories":[{"name":"barber","description":"other words","rules":["shop = hairdresser | barber"]}]}`), a)
	if err != nil {
		t.Fatal(err)
	}
	if got := desc.Fingerprint(); got != fa {
		t.Errorf("Fingerprint after changing a description and re-adding an existing rule = %q, want %q", got, fa)
	}
	more, err := taxonomy.Parse("m.json", []byte(`{"mode":"extend","categories":[{"name":"barber","rules":["shop=beauty"]}]}`), a)
	if err != nil {
		t.Fatal(err)
	}
	if got := more.Fingerprint(); got == fa {
		t.Errorf("Fingerprint after adding a rule = %q, want a different value", got)
	}
}

func TestMatchDefault(t *testing.T) {
	d := taxonomy.Default()
	tests := []struct {
		name string
		tags osm.Tags
		want []string
	}{
		{"supermarket", tags("shop=supermarket", "name=Pingo Doce"), []string{"grocery"}},
		{"marketplace", tags("amenity=marketplace"), []string{"grocery"}},
		{"bakery is not grocery", tags("shop=bakery"), nil},
		{"pharmacy amenity", tags("amenity=pharmacy"), []string{"pharmacy"}},
		{"pharmacy with healthcare tag", tags("amenity=pharmacy", "healthcare=pharmacy"), []string{"pharmacy"}},
		{"chemist is not pharmacy", tags("shop=chemist"), nil},
		{"clinic", tags("amenity=clinic", "healthcare=clinic"), []string{"clinic"}},
		{"healthcare any value", tags("healthcare=physiotherapist"), []string{"clinic"}},
		{"healthcare=no", tags("healthcare=no"), nil},
		{"dentist", tags("amenity=dentist"), []string{"clinic"}},
		{"semicolon list", tags("amenity=pharmacy;clinic"), []string{"pharmacy"}},
		{"semicolon list with spaces", tags("shop=bakery; convenience"), []string{"grocery"}},
		{"hairdresser", tags("shop=hairdresser"), []string{"barber"}},
		{"barber", tags("shop=barber"), []string{"barber"}},
		{"laundry", tags("shop=laundry"), []string{"housekeeping"}},
		{"dry cleaning", tags("shop=dry_cleaning"), []string{"housekeeping"}},
		{"estate agent office", tags("office=estate_agent"), []string{"agency"}},
		{"employment agency", tags("office=employment_agency"), []string{"agency"}},
		{"lawyer", tags("office=lawyer"), nil},
		{"phone repair", tags("shop=mobile_phone_repair"), []string{"repair"}},
		{"watchmaker", tags("craft=watchmaker"), []string{"repair"}},
		{"bicycle shop with repair", tags("shop=bicycle", "service:bicycle:repair=yes"), []string{"repair"}},
		{"bicycle shop without repair", tags("shop=bicycle"), nil},
		{"bicycle shop repair=no", tags("shop=bicycle", "service:bicycle:repair=no"), nil},
		{"repair station", tags("amenity=bicycle_repair_station"), nil},
		{"key cutter", tags("craft=key_cutter"), []string{"craftsman"}},
		{"tailor shop", tags("shop=tailor"), []string{"craftsman"}},
		{"two categories", tags("shop=convenience", "craft=key_cutter"), []string{"grocery", "craftsman"}},
		{"case sensitive values", tags("shop=Supermarket"), nil},
		{"no tags", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.Match(tt.tags); !slices.Equal(got, tt.want) {
				t.Errorf("Match(%v) = %v, want %v", tt.tags, got, tt.want)
			}
		})
	}
}

func TestAppendMatchReusesBuffer(t *testing.T) {
	d := taxonomy.Default()
	buf := make([]string, 0, 4)
	buf = d.AppendMatch(buf[:0], tags("shop=convenience"))
	buf = d.AppendMatch(buf[:0], tags("shop=barber"))
	if !slices.Equal(buf, []string{"barber"}) {
		t.Errorf("AppendMatch(buf[:0], shop=barber) = %v, want [barber]", buf)
	}
}

func TestRuleLanguage(t *testing.T) {
	tests := []struct {
		name      string
		rules     string // JSON array
		canonical []string
		match     []osm.Tags
		noMatch   []osm.Tags
	}{
		{
			name:      "alternatives and spaces",
			rules:     `[" shop = a | b "]`,
			canonical: []string{"shop=a|b"},
			match:     []osm.Tags{tags("shop=a"), tags("shop=b"), tags("shop=c;b")},
			noMatch:   []osm.Tags{tags("shop=c"), tags("amenity=a"), tags("shop=ab")},
		},
		{
			name:      "any value but no",
			rules:     `["craft=*"]`,
			canonical: []string{"craft=*"},
			match:     []osm.Tags{tags("craft=x"), tags("craft=yes")},
			noMatch:   []osm.Tags{tags("craft=no"), tags("craft="), tags("shop=x")},
		},
		{
			name:      "conjunction",
			rules:     `["shop=bicycle & service:bicycle:repair=yes"]`,
			canonical: []string{"shop=bicycle&service:bicycle:repair=yes"},
			match:     []osm.Tags{tags("shop=bicycle", "service:bicycle:repair=yes")},
			noMatch:   []osm.Tags{tags("shop=bicycle"), tags("service:bicycle:repair=yes")},
		},
		{
			name:      "exclusion wins",
			rules:     `["healthcare=*", "! healthcare=pharmacy|alternative"]`,
			canonical: []string{"healthcare=*", "!healthcare=pharmacy|alternative"},
			match:     []osm.Tags{tags("healthcare=doctor")},
			noMatch:   []osm.Tags{tags("healthcare=pharmacy"), tags("healthcare=alternative"), tags("healthcare=doctor;pharmacy")},
		},
		{
			name:      "exclusion with conjunction",
			rules:     `["shop=*", "!shop=*&disused=yes"]`,
			canonical: []string{"shop=*", "!shop=*&disused=yes"},
			match:     []osm.Tags{tags("shop=x"), tags("shop=x", "disused=no")},
			noMatch:   []osm.Tags{tags("shop=x", "disused=yes")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := `{"mode":"replace","categories":[{"name":"c","rules":` + tt.rules + `}]}`
			tx, err := taxonomy.Parse("t.json", []byte(data), nil)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			c, _ := tx.Category("c")
			if got := c.RuleStrings(); !slices.Equal(got, tt.canonical) {
				t.Errorf("RuleStrings() = %q, want %q", got, tt.canonical)
			}
			for _, tg := range tt.match {
				if !c.Match(tg) {
					t.Errorf("Match(%v) = false, want true", tg)
				}
			}
			for _, tg := range tt.noMatch {
				if c.Match(tg) {
					t.Errorf("Match(%v) = true, want false", tg)
				}
			}
		})
	}
}

func TestParseModes(t *testing.T) {
	base := taxonomy.Default()
	ext, err := taxonomy.Parse("ext.json", []byte(`{"mode":"extend","categories":[
		{"name":"grocery","description":"Food","rules":["shop=bakery|butcher","shop=supermarket|convenience|greengrocer|grocery|general"]},
		{"name":"library","rules":["amenity=library"]}]}`), base)
	if err != nil {
		t.Fatal(err)
	}
	wantNames := append(slices.Clone(defaultNames), "library")
	if got := ext.Names(); !slices.Equal(got, wantNames) {
		t.Errorf("extend: Names() = %v, want %v", got, wantNames)
	}
	g, _ := ext.Category("grocery")
	wantRules := []string{"shop=supermarket|convenience|greengrocer|grocery|general", "amenity=marketplace", "shop=bakery|butcher"}
	if got := g.RuleStrings(); !slices.Equal(got, wantRules) {
		t.Errorf("extend: grocery rules = %q, want %q", got, wantRules)
	}
	if g.Description() != "Food" {
		t.Errorf("extend: grocery description = %q, want %q", g.Description(), "Food")
	}
	if got := ext.Match(tags("shop=bakery")); !slices.Equal(got, []string{"grocery"}) {
		t.Errorf("extend: Match(shop=bakery) = %v, want [grocery]", got)
	}
	// The base is not modified.
	bg, _ := base.Category("grocery")
	if len(bg.RuleStrings()) != 2 || base.Len() != len(defaultNames) || len(base.Match(tags("shop=bakery"))) != 0 {
		t.Errorf("extend modified its base: grocery rules %q, %d categories", bg.RuleStrings(), base.Len())
	}
	// A nil base means the default.
	nilBase, err := taxonomy.Parse("ext.json", []byte(`{"mode":"extend","categories":[{"name":"library","rules":["amenity=library"]}]}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := nilBase.Names(); !slices.Equal(got, wantNames) {
		t.Errorf("extend of nil base: Names() = %v, want %v", got, wantNames)
	}

	rep, err := taxonomy.Parse("rep.json", []byte(`{"mode":"replace","categories":[
		{"name":"library","rules":["amenity=library"]},{"name":"grocery","rules":["shop=bakery"]}]}`), base)
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Names(); !slices.Equal(got, []string{"library", "grocery"}) {
		t.Errorf("replace: Names() = %v, want [library grocery]", got)
	}
	if got := rep.Match(tags("shop=supermarket")); got != nil {
		t.Errorf("replace: Match(shop=supermarket) = %v, want none", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string
	}{
		{"empty file", ``, "f.json: empty file; want a JSON object"},
		{"syntax error", "{\n  \"mode\": \"extend\",\n  \"categories\": [}\n", `f.json:3:18: invalid JSON: invalid character '}' looking for beginning of value`},
		{"truncated", `{"mode":"extend"`, "f.json: invalid JSON: unexpected end of file"},
		{"wrong type", "{\"mode\":\"extend\",\n\"categories\":[{\"name\":\"x\",\"rules\":\"shop=a\"}]}", `f.json:2:43: categories.rules: want an array, got JSON string`},
		{"unknown field", `{"mode":"extend","categories":[{"name":"x","rule":["shop=a"]}]}`, `f.json: invalid JSON: json: unknown field "rule"`},
		{"trailing data", `{"mode":"extend","categories":[{"name":"x","rules":["shop=a"]}]} {}`, `f.json:1:67: unexpected data after the JSON object`},
		{"missing mode", `{"categories":[{"name":"x","rules":["shop=a"]}]}`, `f.json: missing "mode"; want "extend" or "replace"`},
		{"unknown mode", `{"mode":"merge","categories":[{"name":"x","rules":["shop=a"]}]}`, `f.json: unknown mode "merge"; want "extend" or "replace"`},
		{"no categories", `{"mode":"replace","categories":[]}`, `f.json: no categories`},
		{"missing name", `{"mode":"replace","categories":[{"rules":["shop=a"]}]}`, `f.json: category 1: missing "name"`},
		{"bad name", `{"mode":"replace","categories":[{"name":"Bakery","rules":["shop=a"]}]}`, `f.json: category 1: name "Bakery": want lowercase letters, digits, "_" or "-", starting with a letter`},
		{"duplicate name", `{"mode":"replace","categories":[{"name":"a","rules":["shop=a"]},{"name":"b","rules":["shop=b"]},{"name":"a","rules":["shop=c"]}]}`, `f.json: category 3: duplicate name "a" (first is category 1)`},
		{"empty category", `{"mode":"replace","categories":[{"name":"a","rules":[]}]}`, `f.json: category a: no rules`},
		{"only exclusions", `{"mode":"replace","categories":[{"name":"a","rules":["!shop=a"]}]}`, `f.json: category a: only exclusion rules; it would match nothing`},
		{"no equals", `{"mode":"replace","categories":[{"name":"grocery","rules":["shop=a","shop=b","supermarket"]}]}`, `f.json: rule 3 of category grocery: condition "supermarket" has no "="; want key=value, key=v1|v2 or key=*`},
		{"empty value", `{"mode":"replace","categories":[{"name":"g","rules":["shop="]}]}`, `f.json: rule 1 of category g: condition "shop=" has an empty value`},
		{"empty alternative", `{"mode":"replace","categories":[{"name":"g","rules":["shop=a||b"]}]}`, `f.json: rule 1 of category g: condition "shop=a||b" has an empty value`},
		{"empty key", `{"mode":"replace","categories":[{"name":"g","rules":["=a"]}]}`, `f.json: rule 1 of category g: condition "=a" has an empty key`},
		{"space in key", `{"mode":"replace","categories":[{"name":"g","rules":["sh op=a"]}]}`, `f.json: rule 1 of category g: key "sh op" holds white space`},
		{"glob value", `{"mode":"replace","categories":[{"name":"g","rules":["shop=super*"]}]}`, `f.json: rule 1 of category g: value "super*" holds one of the characters !=&|* (a "!" goes at the start of the rule)`},
		{"star among values", `{"mode":"replace","categories":[{"name":"g","rules":["shop=a|*"]}]}`, `f.json: rule 1 of category g: condition "shop=a|*" mixes * with values; * stands alone`},
		{"negated value", `{"mode":"replace","categories":[{"name":"g","rules":["shop=a","shop=!b"]}]}`, `f.json: rule 2 of category g: value "!b" holds one of the characters !=&|* (a "!" goes at the start of the rule)`},
		{"dangling and", `{"mode":"replace","categories":[{"name":"g","rules":["shop=a&"]}]}`, `f.json: rule 1 of category g: empty condition around "&"`},
		{"bare bang", `{"mode":"replace","categories":[{"name":"g","rules":["shop=a","!"]}]}`, `f.json: rule 2 of category g: "!" must be followed by a condition`},
		{"semicolon value", `{"mode":"replace","categories":[{"name":"g","rules":["shop=a;b"]}]}`, `f.json: rule 1 of category g: value "a;b" holds ";"; list alternatives with "|"`},
		{"blank rule", `{"mode":"replace","categories":[{"name":"g","rules":["  "]}]}`, `f.json: rule 1 of category g: empty rule`},
		{"key with bang", `{"mode":"replace","categories":[{"name":"g","rules":["!!shop=a"]}]}`, `f.json: rule 1 of category g: key "!shop" holds one of the characters !=&|*`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := taxonomy.Parse("f.json", []byte(tt.data), nil)
			if err == nil {
				t.Fatalf("Parse(%s) = %v, nil; want error %q", tt.data, tx.Names(), tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("Parse(%s) error\n got %q\nwant %q", tt.data, err.Error(), tt.want)
			}
			var pe *taxonomy.ParseError
			if !errors.As(err, &pe) || pe.File != "f.json" {
				t.Errorf("Parse error %T does not unwrap to a *ParseError naming f.json", err)
			}
		})
	}
}

func TestParseBOM(t *testing.T) {
	data := "\uFEFF" + `{"mode":"extend","categories":[{"name":"library","rules":["amenity=library"]}]}`
	if _, err := taxonomy.Parse("bom.json", []byte(data), nil); err != nil {
		t.Errorf("Parse with a byte-order mark: %v", err)
	}
}

func TestValidate(t *testing.T) {
	d := taxonomy.Default()
	if err := d.Validate("pharmacy"); err != nil {
		t.Errorf("Validate(pharmacy) = %v, want nil", err)
	}
	err := d.Validate("bakery")
	want := `unknown category "bakery"; known: grocery, clinic, pharmacy, barber, housekeeping, agency, repair, craftsman`
	if err == nil || err.Error() != want {
		t.Fatalf("Validate(bakery) = %v, want %q", err, want)
	}
	if !errors.Is(err, taxonomy.ErrUnknownCategory) {
		t.Errorf("Validate(bakery) error does not match ErrUnknownCategory")
	}
	var ue *taxonomy.UnknownCategoryError
	if !errors.As(err, &ue) || ue.Name != "bakery" || !slices.Equal(ue.Known, defaultNames) {
		t.Errorf("Validate(bakery) = %#v, want UnknownCategoryError{bakery, %v}", err, defaultNames)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mine.json")
	if err := os.WriteFile(path, []byte(`{"mode":"extend","categories":[{"name":"library","rules":["amenity=library"]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tx, err := taxonomy.Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := tx.Match(tags("amenity=library")); !slices.Equal(got, []string{"library"}) {
		t.Errorf("Load: Match(amenity=library) = %v, want [library]", got)
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"mode":"nope","categories":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = taxonomy.Load(bad, nil)
	if want := bad + `: unknown mode "nope"; want "extend" or "replace"`; err == nil || err.Error() != want {
		t.Errorf("Load(bad) = %v, want %q", err, want)
	}

	_, err = taxonomy.Load(filepath.Join(dir, "missing.json"), nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want an error matching os.ErrNotExist", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"mode":"extend","categories":[{"name":"grocery","rules":["shop=bakery|butcher","!shop=*&disused=yes"]}]}`))
	f.Add([]byte(`{"mode":"replace","categories":[{"name":"a","description":"d","rules":["k=*"]}]}`))
	f.Add([]byte(`{"mode":"replace","categories":[{"name":"a","rules":["k = v | w & x=y"]}]}`))
	f.Add([]byte(`{"mode":`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tx, err := taxonomy.Parse("fuzz.json", data, nil)
		if err != nil {
			var pe *taxonomy.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error %T is not a *ParseError: %v", err, err)
			}
			return
		}
		// Invariants: names unique and found; canonical rules re-parse to
		// themselves; the fingerprint is stable.
		names := tx.Names()
		seen := map[string]bool{}
		for _, n := range names {
			if seen[n] {
				t.Fatalf("duplicate category %q", n)
			}
			seen[n] = true
			c, ok := tx.Category(n)
			if !ok || c.Name() != n || len(c.RuleStrings()) == 0 {
				t.Fatalf("Category(%q) inconsistent", n)
			}
			if err := tx.Validate(n); err != nil {
				t.Fatalf("Validate(%q) = %v", n, err)
			}
		}
		var doc strings.Builder
		doc.WriteString(`{"mode":"replace","categories":[`)
		for i, n := range names {
			c, _ := tx.Category(n)
			if i > 0 {
				doc.WriteByte(',')
			}
			doc.WriteString(`{"name":"` + n + `","rules":[`)
			for k, r := range c.RuleStrings() {
				if k > 0 {
					doc.WriteByte(',')
				}
				doc.WriteString(strconvQuote(r))
			}
			doc.WriteString(`]}`)
		}
		doc.WriteString(`]}`)
		again, err := taxonomy.Parse("again.json", []byte(doc.String()), nil)
		if err != nil {
			t.Fatalf("canonical form does not parse: %v\n%s", err, doc.String())
		}
		if again.Fingerprint() != tx.Fingerprint() {
			t.Fatalf("canonical form has another fingerprint:\n%s", doc.String())
		}
	})
}

func strconvQuote(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}
