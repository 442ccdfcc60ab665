package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTemp writes content to name in a test directory.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEmergencySample(t *testing.T) {
	r := run(t, "emergency", "--responders", "osm:amenity=police", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if lines[0] != "grid,responders,worst_minutes,worst_meters,worst_lon,worst_lat,street_share,people_share,pass" || len(lines) != 10 {
		t.Fatalf("csv:\n%s", r.stdout)
	}
	again := run(t, "emergency", "--responders", "osm:amenity=police", "--format", "csv")
	if again.stdout != r.stdout {
		t.Error("two runs differ")
	}
	// One post in Monaco-Ville, serving only its own quarter: every other
	// quarter fails for want of a responder, and gets advice.
	posts := writeTemp(t, "posts.csv", "id,name,lon,lat,grid\nrock,Palais,7.4206,43.7314,Monaco-Ville\n")
	r = run(t, "emergency", "--responders", posts, "--no-residents")
	for _, want := range []string{"1 of 9 grids pass", "no responder serves this grid", "Placement advice", "Larvotto"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	dir := t.TempDir()
	run(t, "emergency", "--responders", posts, "--no-residents", "--out", dir)
	for _, f := range []string{"emergency.txt", "emergency.csv", "emergency.json", "emergency.geojson", "emergency.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestEmergencyBadInput(t *testing.T) {
	bad := writeTemp(t, "posts.csv", "id,lon,lat,grid\na,7.4206,43.7314,\nb,7.4206,43.7314,Atlantis\nc,7.5,43.9,\nd,7.42,95,\n")
	invoke(t, "emergency", "--responders", bad).fails(t, 1, `posts.csv:3: column grid: grid "Atlantis" names no grid; grids: "Fontvieille"`)
	r := run(t, "emergency", "--responders", bad, "--skip-bad-rows", "--no-residents")
	for _, want := range []string{
		`skipped row posts.csv:3 (id "b"): column grid: grid "Atlantis" names no grid`,
		`skipped row posts.csv:4 (id "c"): column lon,lat: lies outside every grid`,
		`skipped row posts.csv:5 (id "d"): column lat: latitude 95 is outside [-90, 90]`,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("ledger lacks %q:\n%s", want, r.stdout)
		}
	}
	empty := writeTemp(t, "none.csv", "id,lon,lat\n")
	invoke(t, "emergency", "--responders", empty).fails(t, 1, "none.csv: no responders")
	invoke(t, "emergency").fails(t, 2, "--responders is required")
	invoke(t, "emergency", "--responders", "osm:amenity=police", "--format", "pdf").fails(t, 2, `unknown --format "pdf"`)
}

func TestVolunteersAndIncidents(t *testing.T) {
	vols := writeTemp(t, "volunteers.csv", "id,lon,lat,capacity\nana,7.4206,43.7314,1\nrui,7.4270,43.7390,2\n")
	residents := writeTemp(t, "registered.csv", "id,lon,lat,group\nh1,7.4210,43.7318,elderly\nh2,7.4215,43.7310,elderly\nh3,7.4268,43.7392,disabled\nh4,7.4300,43.7450,\n")
	r := run(t, "volunteers", "--volunteers", vols, "--residents", residents, "--grids", "osm:admin_level=10", "--groups", "elderly,disabled", "--k", "2", "--format", "csv")
	if !strings.HasPrefix(r.stdout, "id,grid,group,status,volunteer_1,minutes_1,volunteer_2,minutes_2,assigned,assigned_minutes\n") || strings.Count(r.stdout, "\n") != 4 {
		t.Errorf("volunteers csv:\n%s", r.stdout)
	}
	// a group no resident is in (misspelt, or a file without the group
	// column) is an error naming the groups there are, not grids of zeros
	invoke(t, "volunteers", "--volunteers", vols, "--residents", residents, "--grids", "osm:admin_level=10", "--groups", "elderly,disabeld").
		fails(t, 1, `"disabeld": no resident is in that group; groups present: (no group) (1), disabled (1), elderly (2)`)
	badVol := writeTemp(t, "v.csv", "id,lon,lat,capacity\nana,7.4206,43.7314,two\n")
	invoke(t, "volunteers", "--volunteers", badVol, "--residents", residents, "--grids", "osm:admin_level=10").
		fails(t, 1, `v.csv:2: column capacity: capacity "two" is not a positive whole number`)

	posts := writeTemp(t, "posts.csv", "id,lon,lat,from,to\nrock,7.4206,43.7314,,\nnight,7.4270,43.7390,2024-03-01,\n")
	log := writeTemp(t, "log.csv", "id,time,lon,lat,arrival_minutes\n"+
		"1,2024-02-03T10:00:00+01:00,7.4210,43.7318,6\n"+
		"2,2024-03-04T23:10:00+01:00,7.4268,43.7392,4\n"+
		"3,2024-03-05T11:00:00+01:00,7.5000,43.9000,\n")
	r = run(t, "incidents", "--incidents", log, "--responders", posts, "--format", "csv")
	if !strings.Contains(r.stdout, "all,all,2,2,1.0000,2,2,1.0000,5\n") {
		t.Errorf("incidents csv lacks the total of 2 counted incidents (one off the grids):\n%s", r.stdout)
	}
	badLog := writeTemp(t, "log.csv", "id,time,lon,lat\n1,yesterday,7.4210,43.7318\n")
	invoke(t, "incidents", "--incidents", badLog, "--responders", posts).fails(t, 1, `log.csv:2: column time: "yesterday" is not an RFC 3339 time`)
}
