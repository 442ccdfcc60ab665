package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/geo"
)

type nearestOptions struct {
	io         *IO
	net        networkFlags
	budget     budgetFlags
	at         string
	profile    string
	k          int
	categories []string
	taxonomy   string
	services   string
	format     string
}

func newCmdNearest(io *IO, runF func(*nearestOptions) error) *cobra.Command {
	opts := &nearestOptions{io: io}
	cmd := &cobra.Command{
		Use:   "nearest [--osm FILE | --graph FILE] --at LON,LAT [flags]",
		Short: "A resident's card: the nearest services of every category from one address",
		Long: `Print, for one address, the nearest facilities of every service category within the
walking budget, with their walking minutes and metres: the card a community hands a new
resident. Without --osm or --graph it uses the bundled sample (Monaco).

Services come from OSM tags by the taxonomy and, with --services FILE, a community
directory (CSV id,name,category,lon,lat or GeoJSON points).`,
		Example: `  walkshed nearest --at 7.4246,43.7384
  walkshed nearest --osm testdata/porto-centre-2020-07-20.osm.pbf --at -8.6110,41.1456 --k 3 --categories pharmacy,grocery
  walkshed nearest --graph city.wsn --at 14.5146,35.8989 --profile elderly --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.net.validate(false); err != nil {
				return err
			}
			if opts.at == "" {
				return usagef("give the address as --at LON,LAT")
			}
			if opts.k < 1 || opts.k > 50 {
				return usagef("--k must be between 1 and 50, got %d", opts.k)
			}
			if opts.format != "table" && opts.format != "json" {
				return usagef("unknown --format %q; known: table, json", opts.format)
			}
			if runF != nil {
				return runF(opts)
			}
			return runNearest(cmd, opts)
		},
	}
	fs := cmd.Flags()
	opts.net.register(fs)
	opts.budget.register(fs, []float64{15}, false)
	fs.StringVar(&opts.at, "at", "", "the address, LON,LAT")
	fs.StringVar(&opts.profile, "profile", "standard", profileHelp)
	fs.IntVar(&opts.k, "k", 1, "facilities to list per category")
	fs.StringSliceVar(&opts.categories, "categories", nil, "categories to list (default: all of the taxonomy)")
	fs.StringVar(&opts.taxonomy, "taxonomy", "", "JSON taxonomy file that replaces or extends the default categories")
	fs.StringVar(&opts.services, "services", "", "community service directory added to the OSM services")
	fs.StringVar(&opts.format, "format", "table", "output: table or json")
	return cmd
}

// cardEntry is one line of a resident's card.
type cardEntry struct {
	Category string  `json:"category"`
	Facility string  `json:"facility,omitempty"`
	Name     string  `json:"name,omitempty"`
	Minutes  float64 `json:"minutes,omitempty"`
	Meters   float64 `json:"meters,omitempty"`
	Lon      float64 `json:"lon,omitempty"`
	Lat      float64 `json:"lat,omitempty"`
}

func runNearest(cmd *cobra.Command, opts *nearestOptions) error {
	budgets, profile, err := walk(cmd.Flags(), &opts.budget, false, opts.profile)
	if err != nil {
		return err
	}
	at, err := parseLonLat(opts.at)
	if err != nil {
		return err
	}
	if err := checkInputs(append(opts.net.inputs(), named{Label: "--taxonomy", Path: opts.taxonomy}, named{Label: "--services", Path: opts.services})); err != nil {
		return err
	}
	tax, err := loadTaxonomy(opts.taxonomy)
	if err != nil {
		return err
	}
	cats := opts.categories
	if len(cats) == 0 {
		cats = tax.Names()
	}
	for _, c := range cats {
		if err := tax.Validate(c); err != nil {
			return usageError{err}
		}
	}
	t := newTracker(cmd.Context(), opts.io)
	city, err := opts.net.open(cmd.Context(), t)
	t.Close(err)
	if err != nil {
		return err
	}
	facilities, err := city.FacilitiesWith(tax, opts.services)
	if err != nil {
		return err
	}
	svc, err := city.Services(facilities, profile, geo.Meters(opts.net.MaxSnap))
	if err != nil {
		return err
	}
	nearest, err := svc.NearestEach(at, budgets[0], opts.k, cats)
	if err != nil {
		return fmt.Errorf("address %s: %w", opts.at, err)
	}
	var card []cardEntry
	for i, c := range cats {
		if len(nearest[i]) == 0 {
			card = append(card, cardEntry{Category: c})
		}
		for _, f := range nearest[i] {
			card = append(card, cardEntry{Category: c, Facility: f.Facility.ID, Name: f.Facility.Name,
				Minutes: round1(f.Minutes), Meters: float64(int(f.Meters + 0.5)), Lon: f.Facility.Point[0], Lat: f.Facility.Point[1]})
		}
	}
	if opts.format == "json" {
		enc := json.NewEncoder(opts.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			At          [2]float64  `json:"at"`
			Budget      string      `json:"budget"`
			Profile     string      `json:"profile"`
			OSMData     string      `json:"osm_timestamp"`
			Attribution string      `json:"attribution"`
			Nearest     []cardEntry `json:"nearest"`
		}{[2]float64{at[0], at[1]}, budgets[0].String(), profile.Name, city.TimestampString(), walkshed.Attribution, card})
	}
	tr := opts.io.tr
	fmt.Fprintln(opts.io.Out, tr("Nearest services from %s within %s (%s, %s m/s; OSM data %s)",
		fmt.Sprintf("%.6f,%.6f", at[0], at[1]), budgets[0].String(), profile.Name, fmt.Sprintf("%.2f", profile.Speed), city.TimestampString()))
	fmt.Fprintln(opts.io.Out)
	tab := &textTable{}
	tab.add(tr("category"), tr("minutes"), tr("metres"), tr("name"), tr("facility"))
	prev := ""
	for _, e := range card {
		cat := opts.io.Lang.Category(e.Category)
		if e.Category == prev {
			cat = ""
		}
		prev = e.Category
		if e.Facility == "" {
			tab.add(cat, "–", "–", tr("none within %s", budgets[0].String()))
			continue
		}
		name := e.Name
		if name == "" {
			name = tr("(no name)")
		}
		tab.add(cat, fmt.Sprintf("%.1f", e.Minutes), fmt.Sprintf("%.0f", e.Meters), oneLineName(name), e.Facility)
	}
	if err := tab.write(opts.io.Out, ""); err != nil {
		return err
	}
	fmt.Fprintln(opts.io.Out, "\n"+tr("Map data %s", walkshed.Attribution))
	return nil
}

func round1(v float64) float64 { return float64(int(v*10+0.5)) / 10 }

func oneLineName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}
