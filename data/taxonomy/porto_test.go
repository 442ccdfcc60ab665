package taxonomy_test

import (
	"context"
	"os"
	"testing"

	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/walkshed/walkshed/data/taxonomy"
)

// TestDefaultOnPorto classifies the POIs of the Porto centre extract and
// checks that every category finds a plausible number of them: enough to
// show the rules match real tagging, few enough to show they do not sweep in
// unrelated features. Counts as of the 2020-07-20 extract.
func TestDefaultOnPorto(t *testing.T) {
	f, err := os.Open("../../testdata/porto-centre-2020-07-20.osm.pbf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	d := taxonomy.Default()
	counts := make(map[string]int)
	pharmacyAsClinic := 0
	sc := osmpbf.New(context.Background(), f, 1)
	defer sc.Close()
	sc.SkipRelations = true
	var buf []string
	for sc.Scan() {
		var tags osm.Tags
		switch o := sc.Object().(type) {
		case *osm.Node:
			tags = o.Tags
		case *osm.Way:
			tags = o.Tags
		}
		if !isPOI(tags) {
			continue
		}
		buf = d.AppendMatch(buf[:0], tags)
		for _, c := range buf {
			counts[c]++
			if c == "clinic" && tags.Find("amenity") == "pharmacy" {
				pharmacyAsClinic++
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("counts: %v", counts)

	ranges := []struct {
		category string
		min, max int
	}{
		{"grocery", 90, 130},    // 35 supermarkets, 32 convenience, 29 greengrocers, 9 markets, ...
		{"clinic", 45, 80},      // 31 clinics, 10 hospitals, 8 dentists, ...
		{"pharmacy", 40, 55},    // 44 amenity=pharmacy
		{"barber", 45, 60},      // 52 hairdressers
		{"housekeeping", 8, 15}, // 9 laundries
		{"agency", 6, 12},       // 5 + 2 estate agents
		{"repair", 1, 10},       // one electronics repair, one clockmaker
		{"craftsman", 5, 15},    // key cutter, tailor, dressmakers, locksmiths
	}
	for _, r := range ranges {
		if n := counts[r.category]; n < r.min || n > r.max {
			t.Errorf("%s: %d features, want %d to %d", r.category, n, r.min, r.max)
		}
	}
	if pharmacyAsClinic != 0 {
		t.Errorf("%d amenity=pharmacy features classified as clinic, want 0", pharmacyAsClinic)
	}
}

// isPOI reports whether a feature carries one of the keys the default
// taxonomy looks at.
func isPOI(tags osm.Tags) bool {
	for _, k := range []string{"shop", "amenity", "craft", "healthcare", "office"} {
		if tags.Find(k) != "" {
			return true
		}
	}
	return false
}
