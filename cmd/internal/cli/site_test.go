package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestSiteCommand(t *testing.T) {
	csv := run(t, "site", "--category", "pharmacy", "--count", "2", "--minutes", "5", "--format", "csv").stdout
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 3 || lines[0] != "rank,id,lon,lat,gained,covered_after" || !strings.HasPrefix(lines[1], "1,8a") {
		t.Errorf("csv = %q", csv)
	}
	dir := t.TempDir()
	cands := writeFile(t, dir, "cands.csv", "id,lon,lat\nshop,7.4246,43.7384\nsea,7.50,43.70\n")
	var doc struct {
		Sites []struct {
			ID     string
			ByGrid []struct{ Name string } `json:"by_grid"`
		}
		Off []struct{ ID, Reason string } `json:"candidates_off_network"`
	}
	out := run(t, "site", "--category", "repair", "--count", "1", "--candidates", cands, "--format", "json").stdout
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Sites) != 1 || doc.Sites[0].ID != "shop" || len(doc.Sites[0].ByGrid) == 0 || len(doc.Off) != 1 || doc.Off[0].ID != "sea" {
		t.Errorf("json = %+v", doc)
	}
	html := filepath.Join(dir, "sites.html")
	run(t, "site", "--category", "pharmacy", "--target", "0.9", "--minutes", "5", "--format", "html", "-o", html)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"site", "--category", "pharmacy", "--count", "0"}, 2, "--count must be at least 1"},
		{[]string{"site", "--category", "pharmacy"}, 2, "give --count N"},
		{[]string{"site", "--count", "2"}, 2, "--category"},
		{[]string{"site", "--category", "bakery", "--count", "2"}, 2, `unknown category "bakery"`},
		{[]string{"site", "--category", "pharmacy", "--count", "2", "--candidates", "h3:16"}, 2, "h3:RES"},
		{[]string{"site", "--category", "pharmacy", "--count", "2", "--target", "2"}, 2, "--target must be a share"},
		{[]string{"site", "--category", "pharmacy", "--count", "2", "--format", "xlsx"}, 2, `unknown --format "xlsx"`},
	} {
		invoke(t, tt.args...).fails(t, tt.code, tt.want)
	}
}
