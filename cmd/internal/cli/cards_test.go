package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCardsEqualNearest: the minutes and metres of every card line are
// those 'walkshed nearest' prints at the same address.
func TestCardsEqualNearest(t *testing.T) {
	dir := t.TempDir()
	points := [][2]string{{"7.4246", "43.7384"}, {"7.4180", "43.7330"}, {"7.4300", "43.7400"}}
	var in strings.Builder
	in.WriteString("id,lon,lat\n")
	for i, p := range points {
		fmt.Fprintf(&in, "addr%d,%s,%s\n", i, p[0], p[1])
	}
	for i := range 7 { // 10 cards: two pages
		fmt.Fprintf(&in, "extra%d,7.42%d,43.73%d\n", i, i, i)
	}
	in.WriteString("sea,7.50,43.70\n")
	res := writeFile(t, dir, "addr.csv", in.String())
	out := filepath.Join(dir, "cards")
	run(t, "cards", "--residents", res, "--k", "2", "--categories", "pharmacy,grocery,barber", "--out", out)
	lines := readCSV(t, filepath.Join(out, "cards.csv"))
	type key struct{ id, cat, rank string }
	got := map[key][]string{}
	ids := map[string]bool{}
	for _, l := range lines[1:] {
		got[key{l[0], l[3], l[4]}] = l
		ids[l[0]] = true
	}
	if len(ids) != 11 {
		t.Errorf("%d residents in cards.csv, want all 11", len(ids))
	}
	if l := got[key{"sea", "", ""}]; l == nil || !strings.HasPrefix(l[11], "unroutable: ") {
		t.Errorf("the address at sea: %v", l)
	}
	for i, p := range points {
		var doc struct {
			Nearest []struct {
				Category, Facility string
				Minutes, Meters    float64
			}
		}
		js := run(t, "nearest", "--at", p[0]+","+p[1], "--k", "2", "--categories", "pharmacy,grocery,barber", "--format", "json").stdout
		if err := json.Unmarshal([]byte(js), &doc); err != nil {
			t.Fatal(err)
		}
		rank := map[string]int{}
		for _, e := range doc.Nearest {
			if e.Facility == "" {
				continue
			}
			rank[e.Category]++
			l := got[key{fmt.Sprint("addr", i), e.Category, fmt.Sprint(rank[e.Category])}]
			if l == nil || l[5] != e.Facility || l[9] != fmt.Sprintf("%.1f", e.Minutes) || l[10] != fmt.Sprintf("%.0f", e.Meters) {
				t.Errorf("addr%d %s #%d: card %v; nearest %s %.1f min %.0f m", i, e.Category, rank[e.Category], l, e.Facility, e.Minutes, e.Meters)
			}
		}
		if len(rank) == 0 {
			t.Errorf("addr%d: nearest found nothing to compare", i)
		}
	}
	html, err := os.ReadFile(filepath.Join(out, "cards.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(html), `<div class="page">`); n != 2 {
		t.Errorf("%d pages for 11 cards, want 2 (eight a page)", n)
	}
	if n := strings.Count(string(html), `<article class="card"`); n != 11 {
		t.Errorf("%d cards in the page, want 11", n)
	}
	if !strings.Contains(string(html), "<svg") || !strings.Contains(string(html), "OpenStreetMap contributors") {
		t.Error("cards.html has no map or no attribution")
	}
	invoke(t, "cards", "--out", out).fails(t, 2, "--residents")
	invoke(t, "cards", "--residents", res).fails(t, 2, "--out")
	invoke(t, "cards", "--residents", res, "--out", out, "--k", "0").fails(t, 2, "--k must be between 1 and 10")
	invoke(t, "cards", "--residents", res, "--out", out, "--categories", "bakery").fails(t, 2, `unknown category "bakery"`)
}

// TestCardsLang: --lang zh prints the cards in Chinese; cards.csv keeps
// its English columns.
func TestCardsLang(t *testing.T) {
	dir := t.TempDir()
	// b is at sea, 5 km off Monaco: its card says why, in Chinese.
	res := writeFile(t, dir, "addr.csv", "id,lon,lat\na,7.4246,43.7384\nb,7.45,43.69\n")
	out := filepath.Join(dir, "cards")
	r := run(t, "cards", "--lang", "zh", "--residents", res, "--categories", "pharmacy,grocery", "--out", out)
	if !strings.Contains(r.stderr, "已写入 2 张卡片（1 个地址不在路网上）") {
		t.Errorf("the closing note is not in Chinese:\n%s", r.stderr)
	}
	html, err := os.ReadFile(filepath.Join(out, "cards.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(html), "from the network") {
		t.Error("cards.html with --lang zh gives the off-network address's reason in English")
	}
	for _, want := range []string{`<html lang="zh-Hans">`, "居民服务卡", "药店", "分钟", "距路网"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("cards.html with --lang zh lacks %q", want)
		}
	}
	if lines := readCSV(t, filepath.Join(out, "cards.csv")); lines[0][0] != "resident" {
		t.Errorf("cards.csv header %v, want English columns", lines[0])
	}
	if r := run(t, "cards", "-q", "--residents", res, "--categories", "pharmacy", "--out", out); r.stderr != "" {
		t.Errorf("cards -q wrote to standard error:\n%s", r.stderr)
	}
}
