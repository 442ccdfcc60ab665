package cli

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/spf13/pflag"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
)

// networkFlags are the flags every command that needs a city takes.
type networkFlags struct {
	OSM       string
	Graph     string
	MinIsland float64
	MaxSnap   float64
	NoCross   bool
}

func (f *networkFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.OSM, "osm", "", "OpenStreetMap file (.osm.pbf or .osm)")
	fs.StringVar(&f.Graph, "graph", "", "prepared network file written by 'walkshed network --save' (starts in milliseconds)")
	fs.Float64Var(&f.MinIsland, "min-island", routing.DefaultMinComponentMeters, "components with less street than this many metres are islands, kept out of snapping (0 or negative: none)")
	fs.BoolVar(&f.NoCross, "no-area-crossing", false, "walk pedestrian squares along their outline only, as OSRM does, instead of straight across between their entrances")
	fs.Float64Var(&f.MaxSnap, "max-snap", routing.DefaultMaxSnap, "maximum distance in metres from a point to the street it is snapped to; farther points are unroutable")
}

func (f *networkFlags) validate(requireInput bool) error {
	if f.OSM != "" && f.Graph != "" {
		return usagef("give --osm or --graph, not both")
	}
	if requireInput && f.OSM == "" && f.Graph == "" {
		return usagef("no input: give --osm FILE or --graph FILE")
	}
	if !(f.MaxSnap > 0) || math.IsInf(f.MaxSnap, 0) {
		return usagef("--max-snap must be a positive number of metres, got %v", f.MaxSnap)
	}
	return nil
}

// openNetwork is open for commands that need only the network: a
// prepared file is opened without its services, buildings and boundaries.
func (f *networkFlags) openNetwork(ctx context.Context, t *tracker) (*walkshed.City, error) {
	if f.Graph != "" {
		t.Stage(stageLoad, 0)
		city, err := walkshed.OpenPreparedNetwork(f.Graph)
		t.Done()
		return city, graphHint(err)
	}
	return f.open(ctx, t)
}

// graphHint adds to an error about a --graph file how to write one.
func graphHint(err error) error {
	if errors.Is(err, routing.ErrFileFormat) {
		return fmt.Errorf("%w (--graph takes a file written by 'walkshed network --save')", err)
	}
	return err
}

// open opens the city the flags name; with neither flag, the embedded
// sample. t (nil for none) shows the reading, building or loading.
func (f *networkFlags) open(ctx context.Context, t *tracker) (*walkshed.City, error) {
	opts := walkshed.OpenOptions{Build: routing.BuildOptions{MinComponentMeters: f.MinIsland}}
	opts.OSM.NoAreaCrossing = f.NoCross
	if f.MinIsland == 0 {
		opts.Build.MinComponentMeters = -1
	}
	if t != nil {
		opts.Progress = t.Update
	}
	defer t.Done()
	switch {
	case f.Graph != "":
		t.Stage(stageLoad, 0)
		city, err := walkshed.OpenPrepared(f.Graph)
		return city, graphHint(err)
	case f.OSM != "":
		return walkshed.OpenOSM(ctx, f.OSM, opts)
	default:
		return walkshed.OpenSample(ctx, opts)
	}
}

// budgetFlags take budgets in minutes or in metres, never both.
type budgetFlags struct {
	Minutes []float64
	Meters  []float64
}

func (b *budgetFlags) register(fs *pflag.FlagSet, defMinutes []float64, many bool) {
	if many {
		fs.Float64SliceVar(&b.Minutes, "minutes", defMinutes, "walking budgets in minutes, comma-separated")
		fs.Float64SliceVar(&b.Meters, "meters", nil, "walking budgets in metres instead of minutes (e.g. 800,1000 as in GB 50180-2018)")
		return
	}
	fs.Float64SliceVar(&b.Minutes, "minutes", defMinutes, "walking budget in minutes")
	fs.Float64SliceVar(&b.Meters, "meters", nil, "walking budget in metres instead of minutes (e.g. 1000)")
}

// budgets returns the budgets given, checked.
func (b *budgetFlags) budgets(fs *pflag.FlagSet, many bool) ([]geo.Budget, error) {
	var out []geo.Budget
	if fs.Changed("meters") {
		if fs.Changed("minutes") {
			return nil, usagef("give --minutes or --meters, not both")
		}
		for _, m := range b.Meters {
			if !(m > 0) || math.IsInf(m, 0) {
				return nil, usagef("--meters must be positive numbers of metres, got %v", m)
			}
			out = append(out, geo.Budget{Meters: m})
		}
	} else {
		for _, m := range b.Minutes {
			if !(m > 0) || math.IsInf(m, 0) {
				return nil, usagef("--minutes must be positive numbers of minutes, got %v", m)
			}
			out = append(out, geo.Budget{Minutes: m})
		}
	}
	if len(out) == 0 {
		return nil, usagef("no budget given")
	}
	if !many && len(out) > 1 {
		return nil, usagef("give one budget, got %d", len(out))
	}
	for _, bu := range out {
		if err := bu.Validate(); err != nil {
			return nil, usageError{err}
		}
	}
	return out, nil
}

// parseLonLat parses "LON,LAT".
func parseLonLat(s string) (orb.Point, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return orb.Point{}, usagef("point %q: want LON,LAT", s)
	}
	lon, err1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
	lat, err2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	if err1 != nil || err2 != nil {
		return orb.Point{}, usagef("point %q: want two numbers LON,LAT", s)
	}
	p := orb.Point{lon, lat}
	if err := geo.ValidatePoint(p); err != nil {
		return orb.Point{}, usagef("point %q: %v", s, err)
	}
	return p, nil
}

func parseProfile(name string) (routing.Profile, error) {
	p, err := routing.ParseProfile(name)
	if err != nil {
		return p, usageError{err}
	}
	return p, nil
}

// loadTaxonomy returns the default taxonomy, replaced or extended by the
// JSON file at path when path is not "".
func loadTaxonomy(path string) (*taxonomy.Taxonomy, error) {
	if path == "" {
		return taxonomy.Default(), nil
	}
	return taxonomy.Load(path, taxonomy.Default())
}

// profileHelp describes --profile the same way in every command.
const profileHelp = "walking profile: standard (1.33 m/s), elderly (0.9 m/s), wheelchair (1.0 m/s, no steps or raised kerbs), custom:SPEED (m/s) or custom:SPEEDkmh"

// walk resolves the budget flags and a profile name together, as every
// command that walks does.
func walk(fs *pflag.FlagSet, b *budgetFlags, many bool, profile string) ([]geo.Budget, routing.Profile, error) {
	budgets, err := b.budgets(fs, many)
	if err != nil {
		return nil, routing.Profile{}, err
	}
	p, err := parseProfile(profile)
	if err != nil {
		return nil, routing.Profile{}, err
	}
	for _, b := range budgets {
		if err := checkDistance(b, p, "--profile "+profile); err != nil {
			return nil, routing.Profile{}, err
		}
	}
	return budgets, p, nil
}

// checkDistance refuses, before any work, a budget in minutes that at the
// profile's speed is farther than any finite distance (--minutes 1e308, or
// --profile custom:1e308), blaming the budget when it overflows even at the
// standard speed and the profile (named by profileFlag) otherwise.
func checkDistance(b geo.Budget, p routing.Profile, profileFlag string) error {
	if _, err := b.DistanceAt(p.Speed); err == nil {
		return nil
	}
	if _, err := b.DistanceAt(routing.Standard.Speed); err != nil {
		return usagef("--minutes %v: at %v m/s that is farther than any finite distance; give a smaller budget", b.Minutes, p.Speed)
	}
	return usagef("%s: %v minutes at %v m/s is farther than any finite distance; give a walking speed in m/s (or km/h with kmh)", profileFlag, b.Minutes, p.Speed)
}
