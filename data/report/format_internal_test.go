package report

import (
	"math"
	"testing"
)

func TestNumberFormats(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"minutes rounds", minutes(12.345), "12.3"},
		{"minutes no negative zero", minutes(-0.01), "0.0"},
		{"meters", meters(812.5001), "813"},
		{"meters no negative zero", meters(-0.2), "0"},
		{"weight trims zeros", weight(2.5), "2.5"},
		{"weight whole", weight(3), "3"},
		{"weight three decimals", weight(3.27184), "3.272"},
		{"weight float noise", weight(0.1 + 0.2), "0.3"},
		{"coord", coord(7.42), "7.4200000"},
		{"coord negative", coord(-9.1234567891), "-9.1234568"},
		{"pct", pct(2.0 / 3), "66.7"},
		{"pct everyone", pct(1), "100.0"},
		{"pct almost everyone", pct(0.99999), "99.9"},
		{"pct no-one", pct(0), "0.0"},
		{"pct almost no-one", pct(0.00001), "0.1"},
		{"pct empty row", pct(nan), ""},
		{"text minutes", textMinutes(7.26, ">15"), "7.3"},
		{"text minutes beyond", textMinutes(inf, ">15"), ">15"},
		{"text minutes none", textMinutes(nan, ">15"), "–"},
		{"csv minutes beyond", csvMinutes(inf), ""},
		{"csv minutes beyond flag", beyondFlag(inf), "true"},
		{"csv minutes none", csvMinutes(nan), ""},
		{"csv minutes none flag", beyondFlag(nan), "false"},
		{"csv minutes flag", beyondFlag(7.26), "false"},
		{"snap unknown", snapText(-1), "–"},
		{"snap", snapText(411.6), "412 m"},
		{"trimmed budget", trimmed(12.531, 1), "12.5"},
		{"trimmed whole", trimmed(15.0000001, 1), "15"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"oneLine", oneLine(" a\nb\tc "), "a b c"},
		{"abbrev short", abbrev("clinic", 6, "."), "clinic"},
		{"abbrev long", abbrev("housekeeping", 6, "."), "house."},
		{"abbrev runes", abbrev("Farmácia Central", 6, "…"), "Farmá…"},
		{"mdEscape", mdEscape("A&B <x> | *y*_z"), `A\&B \<x\> \| \*y\*\_z`},
		{"wrap", wrap("aa bb cc dd", 5), "aa bb\ncc dd"},
		{"wrap long word", wrap("aaaaaaa b", 3), "aaaaaaa\nb"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestShareColor(t *testing.T) {
	ramp := shareRamp()
	tests := []struct {
		share float64
		want  string
	}{
		{0, ramp[0].color},
		{0.1999, ramp[0].color},
		{0.2, ramp[1].color},
		{0.5, ramp[2].color},
		{0.79, ramp[3].color},
		{1, ramp[4].color},
		{math.NaN(), noDataColor},
	}
	for _, tt := range tests {
		if got := shareColor(tt.share); got != tt.want {
			t.Errorf("shareColor(%v) = %s, want %s", tt.share, got, tt.want)
		}
	}
}
