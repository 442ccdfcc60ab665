package cli

import (
	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/routing/emergency"
)

type incidentsOptions struct {
	io         *IO
	net        networkFlags
	budget     budgetFlags
	profile    string
	incidents  string
	responders string
	grids      string
	gridName   string
	skipBad    bool
	format     string
	out        string
}

func newCmdIncidents(io *IO, runF func(*incidentsOptions) error) *cobra.Command {
	opts := &incidentsOptions{io: io}
	cmd := &cobra.Command{
		Use:   "incidents --incidents FILE --responders FILE --grids GRIDS [flags]",
		Short: "The incident log against the promise: per grid and month, reachable and on-time shares",
		Long: `Check an incident log against the response promise. Per grid and per month: the number of
incidents; the share a responder on duty then, serving the grid, reaches on foot within the
budget; and where arrival minutes are logged, the on-time share and the median arrival — the
"721 incidents, 95.2% on time" figure a community reports.

The log is --incidents FILE: CSV id,time,lon,lat[,grid][,arrival_minutes] with RFC 3339 times
(2024-03-10T14:05:00+01:00), or GeoJSON points; an incident counts in the month written. A
grid value puts an incident in that grid; otherwise its point decides. Responders are as for
'walkshed emergency', with optional from/to columns (dates or RFC 3339 times) bounding when
each is on duty. Incidents outside every grid or off the network go to the ledger.

--format gpkg writes a GeoPackage for QGIS: layers incidents (reachable, on time, or why not
counted), grids (all months together), rows (the CSV rows) and report_header. --out DIR
writes every format, incidents.gpkg among them.
Map data © OpenStreetMap contributors (ODbL).`,
		Example: `  walkshed incidents --graph city.wsn --grids grids.geojson --responders workers.csv --incidents log-2024.csv
  walkshed incidents --osm city.osm.pbf --grids osm:admin_level=9 --responders osm:amenity=police --incidents log.csv --format csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.net.validate(false); err != nil {
				return err
			}
			if opts.incidents == "" || opts.responders == "" {
				return usagef("--incidents and --responders are required")
			}
			if opts.grids == "" && (opts.net.OSM != "" || opts.net.Graph != "") {
				return usagef("--grids is required: incidents are counted per grid")
			}
			if err := checkEmergencyFormat(opts.io, opts.format, opts.out, "incidents"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runIncidents(cmd, opts)
		},
	}
	fs := cmd.Flags()
	opts.net.register(fs)
	opts.budget.register(fs, []float64{15}, false)
	fs.StringVar(&opts.profile, "profile", "standard", profileHelp)
	fs.StringVar(&opts.incidents, "incidents", "", "incident log: CSV id,time,lon,lat[,grid][,arrival_minutes] or GeoJSON points")
	fs.StringVar(&opts.responders, "responders", "", "responders: CSV id,lon,lat[,grid][,name][,from][,to] or GeoJSON points, or osm:KEY=VALUE")
	fs.StringVar(&opts.grids, "grids", "", "grids: GeoJSON polygons file, or osm:admin_level=N (the sample uses osm:admin_level=10)")
	fs.StringVar(&opts.gridName, "grid-name", "name", "property of --grids features that names a grid")
	fs.BoolVar(&opts.skipBad, "skip-bad-rows", false, "list bad rows of --incidents/--responders in the report instead of failing")
	fs.StringVar(&opts.format, "format", "table", emergencyFormatHelp)
	fs.StringVar(&opts.out, "out", "", emergencyOutHelp)
	return cmd
}

func runIncidents(cmd *cobra.Command, opts *incidentsOptions) error {
	budgets, profile, err := walk(cmd.Flags(), &opts.budget, false, opts.profile)
	if err != nil {
		return err
	}
	grids := opts.grids
	if grids == "" {
		grids = "osm:admin_level=10" // the sample's quarters
	}
	city, err := opts.net.open(cmd.Context(), nil)
	if err != nil {
		return err
	}
	topts := table.Options{SkipBadRows: opts.skipBad}
	zones, err := resolveGrids(city, grids, opts.gridName, walkshed.ResidentSet{})
	if err != nil {
		return err
	}
	responders, err := responderSet(city, opts.responders, zones, topts)
	if err != nil {
		return err
	}
	incs, err := walkshed.ReadIncidents(opts.incidents, zones.Zones, topts)
	if err != nil {
		return err
	}
	rep, err := city.RunIncidents(cmd.Context(), walkshed.IncidentsRequest{
		Incidents: incs, Responders: responders, Grids: zones,
		Options: emergency.IncidentOptions{Budget: budgets[0], Profile: profile, MaxSnap: opts.net.MaxSnap},
		Lang:    opts.io.Lang,
	})
	if err != nil {
		return err
	}
	return writeEmergencyReport(opts.io, opts.out, opts.format, "incidents", rep, report.WriteIncidentsAll, report.WriteIncidents)
}
