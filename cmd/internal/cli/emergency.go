package cli

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/routing/emergency"
)

type emergencyOptions struct {
	io          *IO
	net         networkFlags
	budget      budgetFlags
	profile     string
	responders  string
	residents   string
	noResidents bool
	grids       string
	gridName    string
	skipBad     bool
	format      string
	out         string
	advice      bool
	tolerance   float64
}

func newCmdEmergency(io *IO, runF func(*emergencyOptions) error) *cobra.Command {
	opts := &emergencyOptions{io: io}
	cmd := &cobra.Command{
		Use:   "emergency --responders FILE [--osm FILE | --graph FILE] [flags]",
		Short: "Can a responder walk to any point of each grid within the budget? Worst case, shares, pass/fail, placement advice",
		Long: `Check the response promise grid by grid: from the nearest responder that serves a grid, the
worst-case walk to any point of the grid's streets (every point along them, edges clipped to
the grid) and to any resident's door; where that worst point is and on which street; the
shares of street length and of people within the budget; pass or fail, with the reason.

For every failing grid, placement advice: the point of the network from which one responder
would reach all of the grid with the smallest worst case (the grid's absolute 1-centre,
proven within --tolerance metres), its worst case, and whether one responder can pass.

Responders come from --responders FILE (CSV id,lon,lat[,grid][,name] or GeoJSON points) or
from OSM tags (--responders osm:amenity=police,amenity=fire_station). A responder with a grid
value serves only that grid; without one it serves every grid and must stand inside one.
Responders off the network go to the ledger. Residents (for doors and the people share) come
from --residents FILE or are estimated from OSM buildings (--no-residents: streets only).

--format csv writes one row per grid: grid,responders,worst_minutes,worst_meters,worst_lon,
worst_lat,street_share,people_share,pass. geojson gives the street stretches beyond the budget
with their minutes; html a map. --format gpkg writes a GeoPackage for QGIS (layers grids with
the worst case, the promise and pass/fail, responders, residents, advice, beyond and
report_header). --out DIR writes every format, emergency.gpkg among them.
Map data © OpenStreetMap contributors (ODbL).`,
		Example: `  walkshed emergency --responders osm:amenity=police   # the sample: Monaco's quarters
  walkshed emergency --osm porto.osm.pbf --grids osm:admin_level=9 --responders osm:amenity=police,amenity=fire_station
  walkshed emergency --graph city.wsn --grids grids.geojson --responders workers.csv --format csv
  walkshed emergency --responders osm:amenity=police --format gpkg > emergency.gpkg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.net.validate(false); err != nil {
				return err
			}
			if opts.responders == "" {
				return usagef("--responders is required: a CSV/GeoJSON file, or osm:KEY=VALUE")
			}
			if err := checkEmergencyFormat(opts.io, opts.format, opts.out, "emergency"); err != nil {
				return err
			}
			if !(opts.tolerance > 0) {
				return usagef("--tolerance must be a positive number of metres, got %v", opts.tolerance)
			}
			if opts.noResidents && opts.residents != "" {
				return usagef("give --residents or --no-residents, not both")
			}
			if runF != nil {
				return runF(opts)
			}
			return runEmergency(cmd, opts)
		},
	}
	fs := cmd.Flags()
	opts.net.register(fs)
	opts.budget.register(fs, []float64{15}, false)
	fs.StringVar(&opts.profile, "profile", "standard", profileHelp)
	fs.StringVar(&opts.responders, "responders", "", "responders: CSV id,lon,lat[,grid][,name] or GeoJSON points, or osm:KEY=VALUE[,KEY=VALUE] (e.g. osm:amenity=police)")
	fs.StringVar(&opts.residents, "residents", "", "residents (CSV id,lon,lat[,weight][,group] or GeoJSON points); default: estimated from OSM buildings")
	fs.BoolVar(&opts.noResidents, "no-residents", false, "look at streets only: no doors, no people share")
	fs.StringVar(&opts.grids, "grids", "", "grids: GeoJSON polygons file, or osm:admin_level=N (default: H3 resolution-8 cells; the sample uses osm:admin_level=10)")
	fs.StringVar(&opts.gridName, "grid-name", "name", "property of --grids features that names a grid")
	fs.BoolVar(&opts.skipBad, "skip-bad-rows", false, "list bad rows of --responders/--residents in the report instead of failing")
	fs.StringVar(&opts.format, "format", "table", emergencyFormatHelp)
	fs.StringVar(&opts.out, "out", "", emergencyOutHelp)
	fs.BoolVar(&opts.advice, "advice", true, "advise where one responder would best stand in each failing grid")
	fs.Float64Var(&opts.tolerance, "tolerance", emergency.DefaultTolerance, "metres within which the advised point is proven optimal")
	return cmd
}

func runEmergency(cmd *cobra.Command, opts *emergencyOptions) error {
	budgets, profile, err := walk(cmd.Flags(), &opts.budget, false, opts.profile)
	if err != nil {
		return err
	}
	grids := opts.grids
	if grids == "" && opts.net.OSM == "" && opts.net.Graph == "" {
		grids = "osm:admin_level=10" // the sample's quarters
	}
	city, err := opts.net.open(cmd.Context(), nil)
	if err != nil {
		return err
	}
	topts := table.Options{SkipBadRows: opts.skipBad}
	var residents walkshed.ResidentSet
	switch {
	case opts.residents != "":
		if residents, err = walkshed.ReadResidents(opts.residents, topts); err != nil {
			return err
		}
	case opts.noResidents:
		residents = walkshed.NoResidents("streets only")
	default:
		if residents, err = city.EstimateResidents(population.Options{}); err != nil {
			residents = walkshed.NoResidents("no residential building to estimate from; streets only")
		}
	}
	zones, err := resolveGrids(city, grids, opts.gridName, residents)
	if err != nil {
		return err
	}
	responders, err := responderSet(city, opts.responders, zones, topts)
	if err != nil {
		return err
	}
	rep, err := city.RunEmergency(cmd.Context(), walkshed.EmergencyRequest{
		Responders: responders, Residents: residents, Grids: zones,
		Options: emergency.Options{Budget: budgets[0], Profile: profile, MaxSnap: opts.net.MaxSnap, Advice: opts.advice, Tolerance: opts.tolerance},
		Lang:    opts.io.Lang,
	})
	if err != nil {
		return err
	}
	return writeEmergencyReport(opts.io, opts.out, opts.format, "emergency", rep, report.WriteEmergencyAll, report.WriteEmergency)
}

// gridSpec is the grids --grids names: "" (H3 cells holding residents),
// osm:admin_level=N, or a GeoJSON file of polygons named by --grid-name.
func gridSpec(grids, gridName string) (walkshed.GridSpec, error) {
	if grids == "" || strings.HasPrefix(grids, "osm:") {
		return walkshed.ParseGrids(grids)
	}
	return walkshed.ReadGrids(grids, gridName)
}

// resolveGrids resolves --grids for the residents, so input rows can be
// checked against the grids.
func resolveGrids(city *walkshed.City, grids, gridName string, residents walkshed.ResidentSet) (walkshed.Zones, error) {
	spec, err := gridSpec(grids, gridName)
	if err != nil {
		return walkshed.Zones{}, err
	}
	if _, h3 := spec.(walkshed.H3Cells); h3 && len(residents.Residents) == 0 {
		return walkshed.Zones{}, errors.New("no grids: the default H3 cells need residents; give --grids (a GeoJSON file or osm:admin_level=N)")
	}
	return city.ResolveGrids(spec, residents.Residents)
}

// responderSet reads --responders: osm:KEY=VALUE[,...] for the city's OSM
// features, else a CSV or GeoJSON file checked against zones.
func responderSet(city *walkshed.City, spec string, zones walkshed.Zones, topts table.Options) (walkshed.ResponderSet, error) {
	if tags, ok := strings.CutPrefix(spec, "osm:"); ok {
		return city.OSMResponderSet(tags)
	}
	return walkshed.ReadResponders(spec, zones.Zones, topts)
}
