package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/standard"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

type auditOptions struct {
	io           *IO
	net          networkFlags
	budget       budgetFlags
	profile      string
	k            int
	categories   []string
	taxonomy     string
	services     string
	servicesOnly bool
	residents    string
	grids        string
	gridName     string
	skipBad      bool
	format       string
	table        string
	out          string
	gapRes       int
	groupProfile map[string]string
	standard     string
	scenario     scenarioFlags
}

func newCmdAudit(io *IO, runF func(*auditOptions) error) *cobra.Command {
	opts := &auditOptions{io: io}
	cmd := &cobra.Command{
		Use:   "audit [--osm FILE | --graph FILE] [flags]",
		Short: "Who reaches which service within 15 minutes, grid by grid (runs on the bundled sample without flags)",
		Long: `Audit a 15-minute service circle: for every resident and every service category, the walking
time to the nearest facility; per grid and category, who is covered within the budget, the
median and 90th-percentile minutes, who is not, and where the gaps are.

Without --osm or --graph it runs on the bundled sample: Monaco (OSM data of 2026-03-10), its
nine quarters (admin_level=10) as grids, residents estimated from buildings.

Services come from OSM tags by the taxonomy ('walkshed categories' lists it; --taxonomy
FILE replaces or extends it) and/or a community directory (--services FILE: CSV
id,name,category,lon,lat, GeoJSON points or a GeoPackage layer). Residents come from
--residents FILE (CSV id,lon,lat[,weight][,group], GeoJSON points or a GeoPackage layer) or
are estimated from OSM buildings. Grids come from --grids FILE (GeoJSON polygons or a
GeoPackage layer; one crossing the antimeridian must be split into a polygon each side of
±180°), --grids osm:admin_level=N, or default to H3 resolution-8 cells. A GeoPackage is read
as FILE.gpkg (its layer residents, facilities or grids, else its first feature layer) or
FILE.gpkg:LAYER, in WGS 84 longitude/latitude.

A what-if (--add-services FILE, --remove-services ID,...|FILE, --scenario NAME) adds
and removes services before the audit and stamps its name in the report; 'walkshed
compare' then sets two report.json files side by side.

A standard (--standard mofcom-2021, gb50180-2018 or a JSON file) gives each category its
own budget and, where it needs them, its own categories (mofcom-2021 holds convenience
stores apart from supermarkets); the report adds the share within each category's tier and
the compliant share (every category within its tier). Without --minutes or --meters the
audit's budget is the standard's largest.

Several budgets (--minutes 5,10,15 or --meters 300,500,1000) are answered from the same
one search per category: the report is at the largest, with the shares at each budget in a
table of its own (and tiers.csv).

Every resident given appears in the output: complete, partial, or unroutable with the
reason. Residents of a group can walk with their own profile (--group-profile
elderly=elderly); each group also gets a total row. --format csv prints residents.csv, or with
--table grids or facilities grids.csv or facilities.csv (which facility counted, in which
category, with its OSM id). --format gpkg writes a GeoPackage, which QGIS opens as it is,
with the layers grids (every share), totals, residents, gap_cells, facilities, isochrones
(per category, the area within the budget of its facilities) and report_header.
--out DIR writes every format: report.txt, residents.csv, grids.csv, facilities.csv,
report.json, gaps.geojson, facilities.geojson, report.md, report.html and audit.gpkg, all at
once through a temporary folder, so a failed run leaves DIR as it was; other files in DIR
are kept, and none of the set may be an input.`,
		Example: `  walkshed audit
  walkshed audit --osm testdata/porto-centre-2020-07-20.osm.pbf --out porto-audit
  walkshed audit --graph malta.wsn --residents residents.csv --services pharmacies.csv --services-only --categories pharmacy
  walkshed audit --osm city.osm.pbf --grids grids.geojson --grid-name name --meters 1000 --profile elderly --format csv
  walkshed audit --format csv --table grids
  walkshed audit --osm city.osm.pbf --format gpkg > audit.gpkg

  walkshed audit --osm testdata/porto-centre-2020-07-20.osm.pbf --minutes 5,10,15
  walkshed audit --osm testdata/porto-centre-2020-07-20.osm.pbf --standard mofcom-2021
  walkshed audit --osm city.osm.pbf --add-services new-pharmacy.csv --remove-services node/123 --scenario "pharmacy moves" --out after`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.net.validate(false); err != nil {
				return err
			}
			if opts.k < 1 || opts.k > 50 {
				return usagef("--k must be between 1 and 50, got %d", opts.k)
			}
			if opts.gapRes < 0 || opts.gapRes > 15 {
				return usagef("--gap-res must be an H3 resolution 0..15 (0: %d), got %d", access.DefaultGapResolution, opts.gapRes)
			}
			if opts.servicesOnly && opts.services == "" {
				return usagef("--services-only needs --services FILE")
			}
			if !slices.Contains(report.Formats(), opts.format) {
				return usagef("unknown --format %q; known: %s", opts.format, strings.Join(report.Formats(), ", "))
			}
			if !slices.Contains(report.CSVTables(), opts.table) {
				return usagef("unknown --table %q; known: %s", opts.table, strings.Join(report.CSVTables(), ", "))
			}
			if cmd.Flags().Changed("table") && opts.format != "csv" {
				return usagef("--table chooses the table of --format csv; give --format csv")
			}
			if opts.format == "gpkg" && opts.out == "" && isTerminal(opts.io.Out) {
				return usagef("--format gpkg writes a binary GeoPackage: redirect standard output to a file (> audit.gpkg) or give --out DIR")
			}
			if runF != nil {
				return runF(opts)
			}
			return runAudit(cmd, opts)
		},
	}
	fs := cmd.Flags()
	opts.net.register(fs)
	opts.budget.register(fs, []float64{15}, true)
	fs.StringVar(&opts.profile, "profile", "standard", profileHelp)
	fs.IntVar(&opts.k, "k", 1, "nearest facilities to find per category")
	fs.StringSliceVar(&opts.categories, "categories", nil, "categories to audit (default: all of the taxonomy)")
	fs.StringVar(&opts.taxonomy, "taxonomy", "", "JSON taxonomy file that replaces or extends the default categories")
	fs.StringVar(&opts.services, "services", "", "community service directory (CSV id,name,category,lon,lat, GeoJSON points or FILE.gpkg[:LAYER])")
	fs.BoolVar(&opts.servicesOnly, "services-only", false, "use only --services, not OSM facilities")
	fs.StringVar(&opts.residents, "residents", "", "residents (CSV id,lon,lat[,weight][,group], GeoJSON points or FILE.gpkg[:LAYER]); default: estimated from OSM buildings")
	fs.StringVar(&opts.grids, "grids", "", "grids: GeoJSON polygons file, FILE.gpkg[:LAYER], or osm:admin_level=N (default: H3 resolution-8 cells; the sample uses osm:admin_level=10)")
	fs.StringVar(&opts.gridName, "grid-name", "name", "property (GeoJSON) or column (GeoPackage) of --grids features that names a grid")
	fs.BoolVar(&opts.skipBad, "skip-bad-rows", false, "list bad rows of --residents/--services in the report instead of failing")
	fs.StringVar(&opts.format, "format", "table", "output format on standard output: table, csv, json, geojson, markdown, html, gpkg (GeoPackage for QGIS)")
	fs.StringVar(&opts.table, "table", "residents", "table --format csv prints: residents (residents.csv), grids (grids.csv) or facilities (facilities.csv)")
	fs.StringVar(&opts.out, "out", "", "write every format into this directory, replacing the set whole (other files are kept; a failed run changes nothing)")
	fs.IntVar(&opts.gapRes, "gap-res", access.DefaultGapResolution, "H3 resolution of gap cells")
	fs.StringVar(&opts.standard, "standard", "", "planning standard giving each category its own budget: "+strings.Join(standard.Presets(), ", ")+", or a standard file (JSON); the report adds each category's share within its tier and the compliant share")
	opts.scenario.register(fs)
	fs.StringToStringVar(&opts.groupProfile, "group-profile", nil, "walking profile of a resident group, GROUP=PROFILE (e.g. elderly=elderly,disabled=wheelchair); other residents use --profile")
	return cmd
}

func runAudit(cmd *cobra.Command, opts *auditOptions) error {
	budgets, profile, err := walk(cmd.Flags(), &opts.budget, true, opts.profile)
	if err != nil {
		return err
	}
	budget, tiers := budgetTiers(budgets)
	budgetGiven := cmd.Flags().Changed("minutes") || cmd.Flags().Changed("meters")
	var groupProfiles map[string]routing.Profile
	for grp, name := range opts.groupProfile {
		p, err := parseProfile(name)
		if err != nil {
			return usagef("--group-profile %s=%s: %v", grp, name, err)
		}
		if err := checkDistance(budgets[0], p, "--group-profile "+grp+"="+name); err != nil {
			return err
		}
		if groupProfiles == nil {
			groupProfiles = map[string]routing.Profile{}
		}
		groupProfiles[grp] = p
	}
	if err := checkOutputs(opts.inputs(), opts.outputs()...); err != nil {
		return err
	}
	tax, err := loadTaxonomy(opts.taxonomy)
	if err != nil {
		return err
	}
	var std *standard.Standard
	if opts.standard != "" {
		if std, err = standard.Open(opts.standard, tax); err != nil {
			return err
		}
		tax = std.Taxonomy
		if !budgetGiven {
			budget, tiers = geo.Budget{}, nil // the standard's largest budget
		}
	}
	req, err := auditInputs(opts, tax)
	if err != nil {
		return err
	}
	t := newTracker(cmd.Context(), opts.io)
	req.Standard = std
	rep, err := opts.run(cmd, t, tax, req, budget, tiers, profile, groupProfiles)
	t.Close(err)
	if err != nil {
		return err
	}
	if opts.out != "" {
		opts.io.info(opts.io.tr("wrote the audit to %s/ (map data %s)", opts.out, walkshed.Attribution))
		return report.WriteTable(opts.io.Out, rep)
	}
	return nil
}

// run opens the city, runs the audit and writes it, showing each stage on
// t; with --out it returns the audit for the table printed after.
func (opts *auditOptions) run(cmd *cobra.Command, t *tracker, tax *taxonomy.Taxonomy, req walkshed.AuditRequest, budget geo.Budget, tiers []access.Tier, profile routing.Profile, groupProfiles map[string]routing.Profile) (*walkshed.AuditReport, error) {
	city, err := opts.net.open(cmd.Context(), t)
	if err != nil {
		return nil, err
	}
	if !opts.servicesOnly {
		req.Facilities = append([]walkshed.FacilitySet{city.OSMFacilities(tax)}, req.Facilities...)
	}
	if opts.residents == "" {
		if req.Residents, err = city.EstimateResidents(population.Options{}); err != nil {
			return nil, fmt.Errorf("%w; give --residents FILE", err)
		}
	}
	req.Options = access.Options{Categories: opts.categories, Budget: budget, Profile: profile, GroupProfiles: groupProfiles, K: opts.k,
		MaxSnap: opts.net.MaxSnap, GapResolution: opts.gapRes, Progress: t.Func(stageSearch), Tiers: tiers}
	req.Lang = opts.io.Lang
	t.Stage(stageSearch, 0) // snapping and summing up count with the searches
	if req.Scenario, err = opts.scenario.scenario(tax, table.Options{SkipBadRows: opts.skipBad}); err != nil {
		return nil, err
	}
	rep, err := city.RunAudit(cmd.Context(), req)
	if err != nil {
		return nil, err
	}
	if opts.out != "" || opts.format == "gpkg" {
		t.Stage(stageAreas, 0)
		if rep.ServiceAreas, err = city.ServiceAreas(cmd.Context(), rep, 0); err != nil {
			return nil, err
		}
	}
	if opts.out != "" {
		return rep, report.WriteAllProgress(opts.out, rep, t.Func(stageWrite))
	}
	t.Stage(stageWrite, 0)
	if opts.format == "csv" {
		return rep, report.WriteCSVTable(opts.table, opts.io.Out, rep)
	}
	return rep, report.Write(opts.format, opts.io.Out, rep)
}

// auditInputs reads the files the audit flags name into a request: the
// directory, the residents and the grids. The city's OSM facilities and
// estimated residents are added once the city is open.
func auditInputs(opts *auditOptions, tax *taxonomy.Taxonomy) (walkshed.AuditRequest, error) {
	req := walkshed.AuditRequest{Taxonomy: tax}
	topts := table.Options{SkipBadRows: opts.skipBad}
	if opts.services != "" {
		dir, err := walkshed.ReadFacilities(opts.services, tax, topts)
		if err != nil {
			return req, err
		}
		req.Facilities = append(req.Facilities, dir)
	}
	if opts.residents != "" {
		rs, err := walkshed.ReadResidents(opts.residents, topts)
		if err != nil {
			return req, err
		}
		req.Residents = rs
	}
	grids := opts.grids
	if grids == "" && opts.net.OSM == "" && opts.net.Graph == "" {
		grids = "osm:admin_level=10" // the sample's quarters
	}
	var err error
	req.Grids, err = gridSpec(grids, opts.gridName)
	return req, err
}

// budgetTiers splits the budgets given to the audit: the largest is the
// audit's budget and, when there are several, each is a tier of its own,
// in the order given. The budgets are all minutes or all metres (see
// budgetFlags).
func budgetTiers(budgets []geo.Budget) (geo.Budget, []access.Tier) {
	largest := budgets[0]
	for _, b := range budgets[1:] {
		if b.Minutes+b.Meters > largest.Minutes+largest.Meters {
			largest = b
		}
	}
	if len(budgets) == 1 {
		return largest, nil
	}
	tiers := make([]access.Tier, 0, len(budgets))
	for _, b := range budgets {
		t := access.Tier{Name: b.String(), Budgets: []geo.Budget{b}}
		if !slices.ContainsFunc(tiers, func(o access.Tier) bool { return o.Name == t.Name }) {
			tiers = append(tiers, t)
		}
	}
	return largest, tiers
}
