package cli

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// The tests in this file only parse: each command is built with a runF
// that captures its options, so nothing is opened or computed.

// isUsage reports whether Main would exit with exitUsage for err.
func isUsage(err error) bool {
	var ue usageError
	return errors.As(err, &ue) || isFlagError(err)
}

// execute runs cmd with args and returns its error.
func execute(cmd *cobra.Command, args []string) error {
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	return cmd.Execute()
}

// checkErr fails t unless err matches want: "" for no error, otherwise a
// usage error whose message contains want.
func checkErr(t *testing.T, what string, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("%s: unexpected error %v", what, err)
	case want == "":
	case err == nil:
		t.Fatalf("%s: no error, want a usage error containing %q", what, want)
	case !isUsage(err):
		t.Fatalf("%s: error %q is not a usage error (exit 2)", what, err)
	case !strings.Contains(err.Error(), want):
		t.Fatalf("%s: error %q, want it to contain %q", what, err, want)
	}
}

func TestAuditParse(t *testing.T) {
	tests := []struct {
		name string
		args []string
		// wantErr is the usage error newCmdAudit gives; wantBudgetErr and
		// wantProfileErr those runAudit gives before opening anything.
		wantErr, wantBudgetErr, wantProfileErr string
		check                                  func(t *testing.T, o *auditOptions, budgets []geo.Budget, p routing.Profile)
	}{
		{
			name: "defaults",
			check: func(t *testing.T, o *auditOptions, budgets []geo.Budget, p routing.Profile) {
				if o.net.OSM != "" || o.net.Graph != "" {
					t.Errorf("input = %q/%q, want none (the sample)", o.net.OSM, o.net.Graph)
				}
				if o.format != "table" || o.k != 1 || o.gridName != "name" || o.gapRes != access.DefaultGapResolution {
					t.Errorf("format, k, grid-name, gap-res = %q, %d, %q, %d; want table, 1, name, %d", o.format, o.k, o.gridName, o.gapRes, access.DefaultGapResolution)
				}
				if o.net.MaxSnap != routing.DefaultMaxSnap {
					t.Errorf("max-snap = %v, want %v", o.net.MaxSnap, routing.DefaultMaxSnap)
				}
				if want := []geo.Budget{{Minutes: 15}}; !reflect.DeepEqual(budgets, want) {
					t.Errorf("budgets = %v, want %v", budgets, want)
				}
				if p.Name != "standard" {
					t.Errorf("profile = %q, want standard", p.Name)
				}
			},
		},
		{
			name: "every flag",
			args: []string{"--graph", "city.wsn", "--meters", "1000", "--profile", "elderly", "--k", "3",
				"--categories", "pharmacy,grocery", "--taxonomy", "tax.json", "--services", "s.csv", "--services-only",
				"--residents", "r.csv", "--grids", "g.geojson", "--grid-name", "NAME", "--skip-bad-rows",
				"--format", "csv", "--out", "dir", "--gap-res", "9", "--max-snap", "150", "--min-island", "0"},
			check: func(t *testing.T, o *auditOptions, budgets []geo.Budget, p routing.Profile) {
				got := []any{o.net.Graph, o.k, o.categories, o.taxonomy, o.services, o.servicesOnly, o.residents,
					o.grids, o.gridName, o.skipBad, o.format, o.out, o.gapRes, o.net.MaxSnap, o.net.MinIsland}
				want := []any{"city.wsn", 3, []string{"pharmacy", "grocery"}, "tax.json", "s.csv", true, "r.csv",
					"g.geojson", "NAME", true, "csv", "dir", 9, 150.0, 0.0}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("options = %v, want %v", got, want)
				}
				if want := []geo.Budget{{Meters: 1000}}; !reflect.DeepEqual(budgets, want) {
					t.Errorf("budgets = %v, want %v", budgets, want)
				}
				if p.Name != "elderly" {
					t.Errorf("profile = %q, want elderly", p.Name)
				}
			},
		},
		{name: "custom profile", args: []string{"--profile", "custom:4kmh"}},
		{
			name: "group profiles",
			args: []string{"--group-profile", "elderly=elderly,disabled=wheelchair", "--group-profile", "kids=custom:1"},
			check: func(t *testing.T, o *auditOptions, _ []geo.Budget, _ routing.Profile) {
				want := map[string]string{"elderly": "elderly", "disabled": "wheelchair", "kids": "custom:1"}
				if !reflect.DeepEqual(o.groupProfile, want) {
					t.Errorf("group profiles = %v, want %v", o.groupProfile, want)
				}
			},
		},
		{name: "group profile without =", args: []string{"--group-profile", "elderly"}, wantErr: "invalid argument"},
		{name: "gap-res too fine", args: []string{"--gap-res", "16"}, wantErr: "--gap-res"},
		{name: "gap-res negative", args: []string{"--gap-res", "-1"}, wantErr: "--gap-res"},
		{name: "osm and graph", args: []string{"--osm", "a.osm.pbf", "--graph", "b.wsn"}, wantErr: "not both"},
		{name: "unknown format", args: []string{"--format", "xlsx"}, wantErr: "table, csv, json, geojson, markdown, html"},
		{name: "k zero", args: []string{"--k", "0"}, wantErr: "--k"},
		{name: "k too large", args: []string{"--k", "51"}, wantErr: "--k"},
		{name: "max-snap zero", args: []string{"--max-snap", "0"}, wantErr: "--max-snap"},
		{name: "max-snap NaN", args: []string{"--max-snap", "NaN"}, wantErr: "--max-snap"},
		{name: "minutes not a number", args: []string{"--minutes", "ten"}, wantErr: "invalid argument"},
		{name: "unknown flag", args: []string{"--radius", "3"}, wantErr: "unknown flag"},
		{name: "positional argument", args: []string{"monaco.osm.pbf"}, wantErr: "unknown command"},
		{name: "minutes and meters", args: []string{"--minutes", "10", "--meters", "800"}, wantBudgetErr: "not both"},
		{name: "two budgets", args: []string{"--minutes", "10,15"}, wantBudgetErr: "one budget"},
		{name: "negative budget", args: []string{"--minutes", "-5"}, wantBudgetErr: "-5"},
		{name: "bad profile", args: []string{"--profile", "running"}, wantProfileErr: `unknown profile "running"`},
		{name: "bad custom speed", args: []string{"--profile", "custom:0"}, wantProfileErr: "custom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *auditOptions
			cmd := newCmdAudit(&IO{Out: io.Discard, Err: io.Discard}, func(o *auditOptions) error { got = o; return nil })
			err := execute(cmd, tt.args)
			checkErr(t, "parse", err, tt.wantErr)
			if tt.wantErr != "" {
				return
			}
			if got == nil {
				t.Fatal("runF was not called")
			}
			budgets, err := got.budget.budgets(cmd.Flags(), false)
			checkErr(t, "budgets", err, tt.wantBudgetErr)
			p, err := parseProfile(got.profile)
			checkErr(t, "profile", err, tt.wantProfileErr)
			if tt.check != nil {
				tt.check(t, got, budgets, p)
			}
		})
	}
}

func TestIsochroneParse(t *testing.T) {
	tests := []struct {
		name                       string
		args                       []string
		wantErr, wantBudgetErr     string
		wantAt                     []string
		wantBudgets                []geo.Budget
		wantRes                    int
		wantOut, wantGraph, wantOS string
	}{
		{name: "defaults", args: []string{"--graph", "c.wsn", "--at", "7.4246,43.7384"}, wantGraph: "c.wsn",
			wantAt: []string{"7.4246,43.7384"}, wantBudgets: []geo.Budget{{Minutes: 5}, {Minutes: 10}, {Minutes: 15}}, wantRes: isochrone.DefaultResolution},
		{name: "union, metres, output", args: []string{"--osm", "m.osm.pbf", "--at", "7.42,43.73", "--at", "7.43,43.74", "--meters", "500,1000", "--res", "10", "-o", "iso.geojson"},
			wantOS: "m.osm.pbf", wantAt: []string{"7.42,43.73", "7.43,43.74"}, wantBudgets: []geo.Budget{{Meters: 500}, {Meters: 1000}}, wantRes: 10, wantOut: "iso.geojson"},
		{name: "no input", args: []string{"--at", "7.42,43.73"}, wantErr: "no input"},
		{name: "osm and graph", args: []string{"--osm", "a", "--graph", "b", "--at", "7.42,43.73"}, wantErr: "not both"},
		{name: "no point", args: []string{"--graph", "c.wsn"}, wantErr: "--at"},
		{name: "resolution zero", args: []string{"--graph", "c.wsn", "--at", "7.42,43.73", "--res", "0"}, wantErr: "--res"},
		{name: "resolution too fine", args: []string{"--graph", "c.wsn", "--at", "7.42,43.73", "--res", "16"}, wantErr: "--res"},
		{name: "minutes and meters", args: []string{"--graph", "c.wsn", "--at", "7.42,43.73", "--minutes", "5", "--meters", "400"}, wantBudgetErr: "not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *isochroneOptions
			cmd := newCmdIsochrone(&IO{Out: io.Discard, Err: io.Discard}, func(o *isochroneOptions) error { got = o; return nil })
			err := execute(cmd, tt.args)
			checkErr(t, "parse", err, tt.wantErr)
			if tt.wantErr != "" {
				return
			}
			budgets, err := got.budget.budgets(cmd.Flags(), true)
			checkErr(t, "budgets", err, tt.wantBudgetErr)
			if tt.wantBudgetErr != "" {
				return
			}
			if !reflect.DeepEqual(got.at, tt.wantAt) || !reflect.DeepEqual(budgets, tt.wantBudgets) || got.res != tt.wantRes ||
				got.out != tt.wantOut || got.net.Graph != tt.wantGraph || got.net.OSM != tt.wantOS {
				t.Errorf("at, budgets, res, out, graph, osm = %q, %v, %d, %q, %q, %q; want %q, %v, %d, %q, %q, %q",
					got.at, budgets, got.res, got.out, got.net.Graph, got.net.OSM,
					tt.wantAt, tt.wantBudgets, tt.wantRes, tt.wantOut, tt.wantGraph, tt.wantOS)
			}
		})
	}
}

func TestParseLonLat(t *testing.T) {
	tests := []struct {
		in      string
		want    [2]float64
		wantErr string
	}{
		{in: "7.4246,43.7384", want: [2]float64{7.4246, 43.7384}},
		{in: " -8.611 , 41.1456 ", want: [2]float64{-8.611, 41.1456}},
		{in: "180,-90", want: [2]float64{180, -90}},
		{in: "7.4246", wantErr: "want LON,LAT"},
		{in: "7.4246;43.7384", wantErr: "want LON,LAT"},
		{in: "7,43,0", wantErr: "want LON,LAT"},
		{in: "7.4x,43.7", wantErr: "two numbers"},
		{in: "", wantErr: "want LON,LAT"},
		{in: "NaN,43.7", wantErr: "not a finite number"},
		{in: "7.42,Inf", wantErr: "not a finite number"},
		{in: "7.42,91", wantErr: "outside [-90, 90]"},
		{in: "181,43", wantErr: "outside [-180, 180]"},
		{in: "43.7,120", wantErr: "swapped"},
	}
	for _, tt := range tests {
		p, err := parseLonLat(tt.in)
		checkErr(t, "parseLonLat("+tt.in+")", err, tt.wantErr)
		if tt.wantErr == "" && (p[0] != tt.want[0] || p[1] != tt.want[1]) {
			t.Errorf("parseLonLat(%q) = %v, want %v", tt.in, p, tt.want)
		}
	}
}

func TestNetworkParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
		want    networkOptions
	}{
		{name: "sample", args: nil},
		{name: "save and export", args: []string{"--osm", "m.osm.pbf", "--save", "x.wsn", "--geojson", "n.geojson", "--min-island", "100"},
			want: networkOptions{net: networkFlags{OSM: "m.osm.pbf", MinIsland: 100}, save: "x.wsn", geojson: "n.geojson"}},
		{name: "osm and graph", args: []string{"--osm", "a", "--graph", "b"}, wantErr: "not both"},
		{name: "argument", args: []string{"a.osm.pbf"}, wantErr: "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *networkOptions
			cmd := newCmdNetwork(&IO{Out: io.Discard, Err: io.Discard}, func(o *networkOptions) error { got = o; return nil })
			checkErr(t, "parse", execute(cmd, tt.args), tt.wantErr)
			if tt.wantErr != "" || tt.args == nil {
				return
			}
			if got.net.OSM != tt.want.net.OSM || got.net.MinIsland != tt.want.net.MinIsland || got.save != tt.want.save || got.geojson != tt.want.geojson {
				t.Errorf("osm, min-island, save, geojson = %q, %v, %q, %q; want %q, %v, %q, %q", got.net.OSM, got.net.MinIsland, got.save, got.geojson,
					tt.want.net.OSM, tt.want.net.MinIsland, tt.want.save, tt.want.geojson)
			}
		})
	}
}

func TestCategoriesParse(t *testing.T) {
	var got *categoriesOptions
	cmd := newCmdCategories(&IO{Out: io.Discard, Err: io.Discard}, func(o *categoriesOptions) error { got = o; return nil })
	checkErr(t, "parse", execute(cmd, []string{"--taxonomy", "tax.json"}), "")
	if got.taxonomy != "tax.json" {
		t.Errorf("taxonomy = %q, want tax.json", got.taxonomy)
	}
	cmd = newCmdCategories(&IO{Out: io.Discard, Err: io.Discard}, func(*categoriesOptions) error { return nil })
	checkErr(t, "parse", execute(cmd, []string{"extra"}), "unknown command")
}
