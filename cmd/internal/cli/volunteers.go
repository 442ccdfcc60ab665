package cli

import (
	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

type volunteersOptions struct {
	io         *IO
	net        networkFlags
	budget     budgetFlags
	profile    string
	volunteers string
	residents  string
	groups     []string
	k          int
	grids      string
	gridName   string
	skipBad    bool
	format     string
	out        string
}

func newCmdVolunteers(io *IO, runF func(*volunteersOptions) error) *cobra.Command {
	opts := &volunteersOptions{io: io}
	cmd := &cobra.Command{
		Use:   "volunteers --volunteers FILE --residents FILE [--groups elderly,disabled] [--k 2] [flags]",
		Short: "Is there a volunteer within the budget of every registered resident's door, and a backup?",
		Long: `For each registered resident of the chosen groups, the walk from the nearest k volunteers to
the door (k = 2 shows who has a backup); per grid the share reached by one and by k volunteers
within the budget, and the residents nobody reaches, by id.

Volunteers come from --volunteers FILE: CSV id,lon,lat[,capacity][,grid][,profile] or GeoJSON
points. A volunteer with a grid value serves only that grid's residents; one with a profile
walks with it (a wheelchair user does not take steps). When volunteers carry a capacity (a
positive whole number of residents), residents are assigned to volunteers within the budget:
as many residents as possible, then the least total walking (an optimal min-cost flow), and
those left without are listed. Residents come from --residents FILE (CSV
id,lon,lat[,weight][,group] or GeoJSON points); each counts once, whatever its weight.

--format gpkg writes a GeoPackage for QGIS: layers residents (in the promise or not, the
nearest and assigned volunteer, why unroutable), volunteers, assignments (straight lines
from each resident to its nearest and assigned volunteers) and report_header. --out DIR
writes every format, volunteers.gpkg among them.
Map data © OpenStreetMap contributors (ODbL).`,
		Example: `  walkshed volunteers --graph city.wsn --grids grids.geojson --volunteers volunteers.csv --residents registered.csv --groups elderly,disabled --k 2
  walkshed volunteers --osm city.osm.pbf --grids osm:admin_level=9 --volunteers v.csv --residents r.csv --format csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.net.validate(false); err != nil {
				return err
			}
			if opts.volunteers == "" || opts.residents == "" {
				return usagef("--volunteers and --residents are required")
			}
			if opts.k < 1 || opts.k > access.MaxK {
				return usagef("--k must be between 1 and %d, got %d", access.MaxK, opts.k)
			}
			if err := checkEmergencyFormat(opts.io, opts.format, opts.out, "volunteers"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runVolunteers(cmd, opts)
		},
	}
	fs := cmd.Flags()
	opts.net.register(fs)
	opts.budget.register(fs, []float64{15}, false)
	fs.StringVar(&opts.profile, "profile", "standard", profileHelp+"; volunteers with a profile column walk with their own")
	fs.StringVar(&opts.volunteers, "volunteers", "", "volunteers: CSV id,lon,lat[,capacity][,grid][,profile] or GeoJSON points")
	fs.StringVar(&opts.residents, "residents", "", "registered residents: CSV id,lon,lat[,weight][,group] or GeoJSON points")
	fs.StringSliceVar(&opts.groups, "groups", nil, "resident groups to look at (default: every resident)")
	fs.IntVar(&opts.k, "k", 1, "nearest volunteers to find per resident (2 shows who has a backup)")
	fs.StringVar(&opts.grids, "grids", "", "grids: GeoJSON polygons file, or osm:admin_level=N (default: H3 resolution-8 cells)")
	fs.StringVar(&opts.gridName, "grid-name", "name", "property of --grids features that names a grid")
	fs.BoolVar(&opts.skipBad, "skip-bad-rows", false, "list bad rows of --volunteers/--residents in the report instead of failing")
	fs.StringVar(&opts.format, "format", "table", emergencyFormatHelp)
	fs.StringVar(&opts.out, "out", "", emergencyOutHelp)
	return cmd
}

func runVolunteers(cmd *cobra.Command, opts *volunteersOptions) error {
	budgets, profile, err := walk(cmd.Flags(), &opts.budget, false, opts.profile)
	if err != nil {
		return err
	}
	city, err := opts.net.open(cmd.Context(), nil)
	if err != nil {
		return err
	}
	topts := table.Options{SkipBadRows: opts.skipBad}
	residents, err := walkshed.ReadResidents(opts.residents, topts)
	if err != nil {
		return err
	}
	zones, err := resolveGrids(city, opts.grids, opts.gridName, residents)
	if err != nil {
		return err
	}
	vols, err := walkshed.ReadVolunteers(opts.volunteers, zones.Zones, topts)
	if err != nil {
		return err
	}
	rep, err := city.RunVolunteers(cmd.Context(), walkshed.VolunteersRequest{
		Volunteers: vols, Residents: residents, Grids: zones,
		Options: emergency.VolunteerOptions{Budget: budgets[0], Profile: profile, K: opts.k, Groups: opts.groups, MaxSnap: opts.net.MaxSnap},
		Lang:    opts.io.Lang,
	})
	if err != nil {
		return err
	}
	return writeEmergencyReport(opts.io, opts.out, opts.format, "volunteers", rep, report.WriteVolunteersAll, report.WriteVolunteers)
}
