package standard

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/osm"

	"github.com/walkshed/walkshed/geo"
)

func TestPresets(t *testing.T) {
	if got := Presets(); !slices.Equal(got, []string{"gb50180-2018", "mofcom-2021"}) {
		t.Fatalf("Presets() = %v", got)
	}
	for _, name := range Presets() {
		s, err := Preset(name, nil)
		if err != nil {
			t.Fatalf("Preset(%s): %v", name, err)
		}
		if s.Title == "" || s.Issuer == "" || s.Date == "" || s.Note == "" {
			t.Errorf("%s does not cite its source: %+v", name, s)
		}
		if _, err := s.Largest(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	m, _ := Preset("mofcom-2021", nil)
	want := map[string]geo.Budget{"convenience": {Minutes: 5}, "pharmacy": {Minutes: 8}, "breakfast": {Minutes: 8}, "laundry": {Minutes: 8},
		"hairdresser": {Minutes: 8}, "fresh_market": {Minutes: 8}, "supermarket": {Minutes: 15}, "repair": {Minutes: 15}, "community": {Minutes: 15}, "fitness": {Minutes: 15}}
	for c, b := range want {
		if got, ok := m.Budget(c); !ok || got != b {
			t.Errorf("mofcom-2021 %s = %v, %v; want %v", c, got, ok, b)
		}
	}
	if len(m.Categories) != len(want) {
		t.Errorf("mofcom-2021 has %d categories, want %d", len(m.Categories), len(want))
	}
	// a convenience store is not a supermarket, and the reverse
	conv := osm.Tags{{Key: "shop", Value: "convenience"}}
	super := osm.Tags{{Key: "shop", Value: "supermarket"}}
	if got := m.Taxonomy.Match(conv); !slices.Contains(got, "convenience") || slices.Contains(got, "supermarket") {
		t.Errorf("shop=convenience matches %v", got)
	}
	if got := m.Taxonomy.Match(super); slices.Contains(got, "convenience") || !slices.Contains(got, "supermarket") {
		t.Errorf("shop=supermarket matches %v", got)
	}
	g, _ := Preset("gb50180-2018", nil)
	for c, b := range map[string]geo.Budget{"grocery": {Meters: 300}, "fresh_market": {Meters: 500}, "clinic": {Meters: 1000}} {
		if got, _ := g.Budget(c); got != b {
			t.Errorf("gb50180-2018 %s = %v, want %v", c, got, b)
		}
	}
	if b, _ := g.Largest(); b != (geo.Budget{Meters: 1000}) {
		t.Errorf("gb50180-2018 largest = %v, want 1000m", b)
	}
}

func TestTier(t *testing.T) {
	m, _ := Preset("mofcom-2021", nil)
	tier, err := m.Tier([]string{"pharmacy", "convenience"})
	if err != nil || tier.Standard != "mofcom-2021" || tier.Budgets[0] != (geo.Budget{Minutes: 8}) || tier.Budgets[1] != (geo.Budget{Minutes: 5}) {
		t.Fatalf("Tier = %+v, %v", tier, err)
	}
	if _, err := m.Tier([]string{"pharmacy", "grocery", "clinic"}); err == nil || !strings.Contains(err.Error(), "no budget for grocery, clinic") {
		t.Errorf("Tier with categories outside the standard: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"empty", ``, "empty file"},
		{"syntax", "{\n \"name\": \"x\",,\n}", "x.json:2:"},
		{"unknown field", `{"name":"x","title":"t","tiers":[{"category":"pharmacy","minutes":5}],"budget":3}`, `unknown field "budget"`},
		{"no name", `{"title":"t","tiers":[{"category":"pharmacy","minutes":5}]}`, `missing "name"`},
		{"no title", `{"name":"x","tiers":[{"category":"pharmacy","minutes":5}]}`, `missing "title"`},
		{"no tiers", `{"name":"x","title":"t"}`, `no "tiers"`},
		{"no budget", `{"name":"x","title":"t","tiers":[{"category":"pharmacy"}]}`, "tier 1 (pharmacy): no budget"},
		{"both", `{"name":"x","title":"t","tiers":[{"category":"pharmacy","minutes":5,"meters":300}]}`, "not both"},
		{"negative", `{"name":"x","title":"t","tiers":[{"category":"pharmacy","minutes":-5}]}`, "tier 1 (pharmacy)"},
		{"unknown category", `{"name":"x","title":"t","tiers":[{"category":"bakery","minutes":5}]}`, `unknown category "bakery"`},
		{"twice", `{"name":"x","title":"t","tiers":[{"category":"pharmacy","minutes":5},{"category":"pharmacy","minutes":6}]}`, "already has a budget in tier 1"},
		{"gap", `{"name":"x","title":"t","taxonomy":{"mode":"extend","categories":[{"name":"bakery","rules":["shop=bakery"]}]},"tiers":[{"category":"pharmacy","minutes":5}]}`, `"bakery" is defined under "taxonomy" but has no tier`},
		{"bad taxonomy", `{"name":"x","title":"t","taxonomy":{"mode":"merge","categories":[]},"tiers":[{"category":"pharmacy","minutes":5}]}`, `unknown mode "merge"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.json", []byte(tt.json), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	if _, err := Open("mofcom-2021", nil); err != nil {
		t.Fatal(err)
	}
	_, err := Open("mofcom-2051", nil)
	if !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "gb50180-2018, mofcom-2021") {
		t.Errorf("Open(unknown) = %v, want ErrUnknown listing the presets", err)
	}
	path := filepath.Join(t.TempDir(), "mine.json")
	if err := os.WriteFile(path, []byte(`{"name":"mine","title":"t","tiers":[{"category":"pharmacy","meters":500},{"category":"grocery","minutes":5}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Largest(); err == nil {
		t.Error("Largest of a standard mixing minutes and metres: no error")
	}
}
