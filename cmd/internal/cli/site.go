package cli

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/internal/atomicfile"
	"github.com/walkshed/walkshed/routing/access"
)

type siteOptions struct {
	io           *IO
	net          networkFlags
	budget       budgetFlags
	profile      string
	category     string
	count        int
	target       float64
	candidates   string
	groups       []string
	taxonomy     string
	services     string
	servicesOnly bool
	residents    string
	grids        string
	gridName     string
	skipBad      bool
	scenario     scenarioFlags
	format       string
	out          string
}

func newCmdSite(io *IO, runF func(*siteOptions) error) *cobra.Command {
	opts := &siteOptions{io: io}
	cmd := &cobra.Command{
		Use:   "site --category C (--count N | --target SHARE) [flags]",
		Short: "Where N new facilities of a category would cover the most residents not yet covered",
		Long: `Propose sites for new facilities of one category: where N of them would bring the most
residents not yet covered within the walking budget (maximal covering location), keeping the
existing facilities; or, with --target 0.95, how many sites bring the covered share to 95 %
(set cover).

Candidates are H3 cells on the streets (--candidates h3:10, the default: cells of about
65 m across holding a street node within reach of someone not yet covered, each proposed
at its street point nearest the cell's centre) or the points of a file (--candidates FILE:
CSV id,lon,lat[,name] or GeoJSON points). Candidates of a file off the network are listed,
never used.

Sites are picked greedily, each covering the most people not yet covered; together they
cover at least 63.2 % (1 − 1/e) of what the best choice of as many sites would. Each
proposal gives its place, the people it gains by grid and by group, and the covered share
once it is added. --groups counts only residents of these groups.

Residents, services, grids and the what-if flags are those of 'walkshed audit'. -o FILE is
replaced whole once the siting is written (a failed run leaves it as it was) and may not be
one of the inputs.

--format gpkg writes a GeoPackage for QGIS: layers residents (every resident, covered before
and after, by which site, or why unroutable), facilities (the category's existing ones),
sites (the proposals by rank and gain) and report_header.`,
		Example: `  walkshed site --category pharmacy --count 3
  walkshed site --osm testdata/porto-centre-2020-07-20.osm.pbf --category pharmacy --count 3 --format csv
  walkshed site --graph malta.wsn --residents residents.csv --services pharmacies.csv --services-only --category pharmacy --target 0.95
  walkshed site --osm city.osm.pbf --category clinic --count 5 --candidates vacant-shops.csv --groups elderly --format html -o sites.html
  walkshed site --category pharmacy --count 3 --format gpkg -o sites.gpkg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.net.validate(false); err != nil {
				return err
			}
			if opts.category == "" {
				return usagef("give the category to site with --category")
			}
			countGiven := cmd.Flags().Changed("count")
			if countGiven && opts.count < 1 {
				return usagef("--count must be at least 1, got %d", opts.count)
			}
			if !countGiven && opts.target == 0 {
				return usagef("give --count N (sites to propose) or --target SHARE (e.g. 0.95)")
			}
			if opts.target < 0 || opts.target > 1 {
				return usagef("--target must be a share in (0, 1], got %v", opts.target)
			}
			if opts.servicesOnly && opts.services == "" {
				return usagef("--services-only needs --services FILE")
			}
			if !slices.Contains(report.SitingFormats(), opts.format) {
				return usagef("unknown --format %q; known: %s", opts.format, strings.Join(report.SitingFormats(), ", "))
			}
			if opts.format == "gpkg" && opts.out == "" && isTerminal(opts.io.Out) {
				return usagef("--format gpkg writes a binary GeoPackage: give -o FILE.gpkg or redirect standard output")
			}
			if runF != nil {
				return runF(opts)
			}
			return runSite(cmd, opts)
		},
	}
	fs := cmd.Flags()
	opts.net.register(fs)
	opts.budget.register(fs, []float64{15}, false)
	fs.StringVar(&opts.profile, "profile", "standard", profileHelp)
	fs.StringVar(&opts.category, "category", "", "category of the new facilities")
	fs.IntVar(&opts.count, "count", 0, "number of sites to propose (at least 1); with --target, the most to propose")
	fs.Float64Var(&opts.target, "target", 0, "propose sites until this share of the residents is covered (e.g. 0.95)")
	fs.StringVar(&opts.candidates, "candidates", "h3:10", "candidate sites: h3:RES (H3 cells on the streets, each at its street point nearest the centre) or a file (CSV id,lon,lat[,name] or GeoJSON points)")
	fs.StringSliceVar(&opts.groups, "groups", nil, "count only residents of these groups (comma-separated)")
	fs.StringVar(&opts.taxonomy, "taxonomy", "", "JSON taxonomy file that replaces or extends the default categories")
	fs.StringVar(&opts.services, "services", "", "community service directory (CSV id,name,category,lon,lat or GeoJSON points)")
	fs.BoolVar(&opts.servicesOnly, "services-only", false, "use only --services, not OSM facilities")
	fs.StringVar(&opts.residents, "residents", "", "residents (CSV id,lon,lat[,weight][,group] or GeoJSON points); default: estimated from OSM buildings")
	fs.StringVar(&opts.grids, "grids", "", "grids the gains are broken down by: GeoJSON polygons file, or osm:admin_level=N (default: H3 resolution-8 cells; the sample uses osm:admin_level=10)")
	fs.StringVar(&opts.gridName, "grid-name", "name", "property of --grids features that names a grid")
	fs.BoolVar(&opts.skipBad, "skip-bad-rows", false, "list bad rows of the input files in the report instead of failing")
	opts.scenario.register(fs)
	fs.StringVar(&opts.format, "format", "table", "output: "+strings.Join(report.SitingFormats(), ", "))
	fs.StringVarP(&opts.out, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

func runSite(cmd *cobra.Command, opts *siteOptions) error {
	budgets, profile, err := walk(cmd.Flags(), &opts.budget, false, opts.profile)
	if err != nil {
		return err
	}
	if err := checkOutputs(opts.inputs(), named{Label: "-o", Path: opts.out}); err != nil {
		return err
	}
	tax, err := loadTaxonomy(opts.taxonomy)
	if err != nil {
		return err
	}
	if err := tax.Validate(opts.category); err != nil {
		return usagef("--category: %v", err)
	}
	in, err := auditInputs(&auditOptions{services: opts.services, residents: opts.residents, grids: opts.grids, gridName: opts.gridName,
		skipBad: opts.skipBad, net: opts.net}, tax)
	if err != nil {
		return err
	}
	topts := table.Options{SkipBadRows: opts.skipBad}
	req := walkshed.SiteRequest{Taxonomy: tax, Facilities: in.Facilities, Residents: in.Residents, Grids: in.Grids,
		Options: access.SiteOptions{Category: opts.category, Count: opts.count, Target: opts.target, Budget: budgets[0], Profile: profile,
			Groups: opts.groups, MaxSnap: opts.net.MaxSnap}, Lang: opts.io.Lang}
	res, isCells, err := walkshed.ParseCellCandidates(opts.candidates)
	if err != nil {
		return usageError{err}
	}
	if isCells {
		req.Options.CellResolution = res
	} else if req.Candidates, err = walkshed.ReadCandidates(opts.candidates, topts); err != nil {
		return err
	}
	if req.Scenario, err = opts.scenario.scenario(tax, topts); err != nil {
		return err
	}
	city, err := opts.net.open(cmd.Context(), nil)
	if err != nil {
		return err
	}
	if !opts.servicesOnly {
		req.Facilities = append([]walkshed.FacilitySet{city.OSMFacilities(tax)}, req.Facilities...)
	}
	if opts.residents == "" {
		if req.Residents, err = city.EstimateResidents(population.Options{}); err != nil {
			return fmt.Errorf("%w; give --residents FILE", err)
		}
	}
	rep, err := city.Site(cmd.Context(), req)
	if err != nil {
		return err
	}
	if opts.out == "" {
		return report.WriteSiting(opts.format, opts.io.Out, rep)
	}
	if err := atomicfile.Write(opts.out, func(w io.Writer) error { return report.WriteSiting(opts.format, w, rep) }); err != nil {
		return err
	}
	opts.io.info(opts.io.tr("wrote %s: %s site(s) (map data %s)", opts.out, strconv.Itoa(len(rep.Result.Sites)), walkshed.Attribution))
	return nil
}
