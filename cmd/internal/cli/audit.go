package cli

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
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

	floorArea     float64
	defaultLevels map[string]string
	population    string
	gridPop       string
	groupShare    map[string]string
	expect        float64
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

Estimated residents: homes are residential building values and building=yes in
residential land use (offices, shops, banks and the like excluded; shops on the ground
floor not counted), each holding footprint × levels ÷ --floor-area-per-person people;
levels come from building:levels, height, or --default-levels. The header counts every
rule. Bring real numbers when you have them: --population FILE (people per H3 cell,
resolution 6-10: CSV h3,population or a GeoPackage such as Kontur Population) spreads
each cell's people over its homes by floor area, or over its streets; --grid-population
FILE (CSV grid,population[,GROUP...]) scales each grid to its census count exactly.
--group-share elderly=0.18 (or the group columns) splits people into groups, which get
their own rows and --group-profile. --expect-population N warns when the total is off
by more than 25%. People not placed are listed with their counts.

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
			if opts.residents != "" {
				for _, f := range []string{"floor-area-per-person", "default-levels"} {
					if cmd.Flags().Changed(f) {
						return usagef("--%s tunes the estimate from buildings; it does not apply to --residents", f)
					}
				}
			}
			if !(opts.floorArea > 0) || math.IsInf(opts.floorArea, 0) {
				return usagef("--floor-area-per-person must be a positive number of m², got %v", opts.floorArea)
			}
			if opts.expect < 0 || math.IsNaN(opts.expect) || math.IsInf(opts.expect, 0) {
				return usagef("--expect-population must be a number of people, got %v", opts.expect)
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
	fs.BoolVar(&opts.skipBad, "skip-bad-rows", false, "list bad rows of --residents, --services, --population and --grid-population in the report instead of failing")
	fs.StringVar(&opts.format, "format", "table", "output format on standard output: table, csv, json, geojson, markdown, html, gpkg (GeoPackage for QGIS)")
	fs.StringVar(&opts.table, "table", "residents", "table --format csv prints: residents (residents.csv), grids (grids.csv) or facilities (facilities.csv)")
	fs.StringVar(&opts.out, "out", "", "write every format into this directory, replacing the set whole (other files are kept; a failed run changes nothing)")
	fs.IntVar(&opts.gapRes, "gap-res", access.DefaultGapResolution, "H3 resolution of gap cells")
	fs.StringVar(&opts.standard, "standard", "", "planning standard giving each category its own budget: "+strings.Join(standard.Presets(), ", ")+", or a standard file (JSON); the report adds each category's share within its tier and the compliant share")
	opts.scenario.register(fs)
	fs.StringToStringVar(&opts.groupProfile, "group-profile", nil, "walking profile of a resident group, GROUP=PROFILE (e.g. elderly=elderly,disabled=wheelchair); other residents use --profile; the group must exist (names are case-sensitive)")
	fs.Float64Var(&opts.floorArea, "floor-area-per-person", population.DefaultFloorAreaPerPerson, "estimate: m² of gross floor (footprint × levels) per resident")
	fs.StringToStringVar(&opts.defaultLevels, "default-levels", map[string]string{"house": "2", "other": "4"}, "estimate: levels of homes without building:levels or height, house=N,other=N")
	fs.StringVar(&opts.population, "population", "", "people per H3 cell (resolution 6-10): CSV h3,population or a GeoPackage with h3 and population columns (Kontur Population); spread over the homes or residents of each cell")
	fs.StringVar(&opts.gridPop, "grid-population", "", "census counts per grid: CSV grid,population[,GROUP...]; residents are scaled so each grid adds up to its count")
	fs.StringToStringVar(&opts.groupShare, "group-share", nil, "split every resident's people into groups, GROUP=SHARE (e.g. elderly=0.18,disabled=0.03); shares add up to at most 1")
	fs.Float64Var(&opts.expect, "expect-population", 0, "the population you expect; the report warns when the residents' total is off by more than 25%")
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
		est, err := estimateOptions(opts)
		if err != nil {
			return nil, err
		}
		if req.Residents, err = city.EstimateResidents(est); err != nil {
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
	if opts.population != "" {
		cs, err := walkshed.ReadCellCounts(opts.population, topts)
		if err != nil {
			return req, err
		}
		req.Population.Cells = cs
	}
	if opts.gridPop != "" {
		gs, err := walkshed.ReadGridCounts(opts.gridPop, topts)
		if err != nil {
			return req, err
		}
		req.Population.Grids = gs
	}
	shares, err := parseShares(opts.groupShare)
	if err != nil {
		return req, err
	}
	req.Population.GroupShares = shares
	req.Population.Expect = opts.expect
	grids := opts.grids
	if grids == "" && opts.net.OSM == "" && opts.net.Graph == "" {
		grids = "osm:admin_level=10" // the sample's quarters
	}
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

// estimateOptions are the estimate's options from the flags.
func estimateOptions(opts *auditOptions) (population.Options, error) {
	est := population.Options{FloorAreaPerPerson: opts.floorArea}
	keys := make([]string, 0, len(opts.defaultLevels))
	for k := range opts.defaultLevels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, err := strconv.ParseFloat(strings.TrimSpace(opts.defaultLevels[k]), 64)
		if err != nil || !(v > 0) || v > population.MaxLevels {
			return est, usagef("--default-levels %s=%s: want a number of levels from 0 to %d", k, opts.defaultLevels[k], population.MaxLevels)
		}
		switch k {
		case "house":
			est.HouseLevels = v
		case "other":
			est.OtherLevels = v
		default:
			return est, usagef("--default-levels: unknown kind %q; want house=N,other=N", k)
		}
	}
	return est, nil
}

// parseShares parses --group-share GROUP=SHARE pairs, sorted by group.
func parseShares(m map[string]string) ([]population.GroupShare, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []population.GroupShare
	for _, k := range keys {
		v, err := strconv.ParseFloat(strings.TrimSpace(m[k]), 64)
		if err != nil {
			return nil, usagef("--group-share %s=%s: the share must be a number from 0 to 1", k, m[k])
		}
		out = append(out, population.GroupShare{Group: k, Share: v})
	}
	if err := population.CheckShares(out); err != nil {
		return nil, usagef("--group-share: %v", err)
	}
	return out, nil
}
