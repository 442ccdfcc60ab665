// Command geninputs writes generated inputs for whole-command timings: a
// residents CSV (at random building points, or near random network nodes)
// and the pharmacies of the OSM file as a service directory; or, with
// "cells", a population file (population.csv: h3,population) of every H3
// resolution-8 cell whose centre lies in the network's bounding box, with
// random counts adding up to about N. Seeded, so the same arguments give the
// same files.
//
//	go run ./cmd/internal/geninputs OSM_FILE N buildings|nodes|cells OUTDIR
package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/internal/atomicfile"
	"github.com/walkshed/walkshed/routing"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "geninputs:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 4 || (args[2] != "buildings" && args[2] != "nodes" && args[2] != "cells") {
		return fmt.Errorf("usage: geninputs OSM_FILE N buildings|nodes|cells OUTDIR")
	}
	count, err := strconv.Atoi(args[1])
	if err != nil || count < 1 {
		return fmt.Errorf("the count must be a positive number, got %q", args[1])
	}
	city, err := walkshed.OpenOSM(context.Background(), args[0], walkshed.OpenOptions{})
	if err != nil {
		return err
	}
	if args[2] == "cells" {
		return writeCells(city, count, filepath.Join(args[3], "population.csv"))
	}
	buildings := city.Buildings()
	if args[2] == "buildings" && len(buildings) == 0 {
		return fmt.Errorf("%s has no buildings", args[0])
	}
	rng := rand.New(rand.NewPCG(1, 1))
	ff := func(v float64) string { return strconv.FormatFloat(v, 'f', 7, 64) }
	rows := [][]string{{"id", "lon", "lat"}}
	for i := range count {
		var lon, lat float64
		if args[2] == "buildings" {
			b := buildings[rng.IntN(len(buildings))]
			lon, lat = b.Point[0], b.Point[1]
		} else {
			p := city.Graph().NodePoint(routing.NodeID(rng.IntN(city.Graph().NumNodes())))
			lon, lat = p[0]+(rng.Float64()-0.5)*0.0012, p[1]+(rng.Float64()-0.5)*0.0009
		}
		rows = append(rows, []string{fmt.Sprint("r", i), ff(lon), ff(lat)})
	}
	if err := writeCSV(filepath.Join(args[3], "residents.csv"), rows); err != nil {
		return err
	}
	rows = [][]string{{"id", "name", "category", "lon", "lat"}}
	for _, f := range city.Facilities(taxonomy.Default()) {
		if f.Category == "pharmacy" {
			rows = append(rows, []string{f.ID, f.Name, f.Category, ff(f.Point[0]), ff(f.Point[1])})
		}
	}
	return writeCSV(filepath.Join(args[3], "pharmacies.csv"), rows)
}

func writeCSV(path string, rows [][]string) error {
	return atomicfile.Write(path, func(out io.Writer) error {
		w := csv.NewWriter(out)
		if err := w.WriteAll(rows); err != nil {
			return err
		}
		return w.Error()
	})
}

// writeCells writes every resolution-8 cell whose centre is in the
// network's bounding box, with random counts adding up to about n.
func writeCells(city *walkshed.City, n int, path string) error {
	b := city.Graph().Bound()
	seen := map[hex.Cell]bool{}
	var cells []hex.Cell
	const step = 0.002 // degrees, finer than a resolution-8 cell (about 0.9 km across)
	for lat := b.Min[1]; lat <= b.Max[1]; lat += step {
		for lon := b.Min[0]; lon <= b.Max[0]; lon += step {
			c, err := hex.FromPoint(orb.Point{lon, lat}, 8)
			if err != nil {
				return err
			}
			if p := c.Center(); !seen[c] && b.Contains(p) {
				seen[c] = true
				cells = append(cells, c)
			}
		}
	}
	slices.Sort(cells)
	rng := rand.New(rand.NewPCG(1, 1))
	rows := [][]string{{"h3", "population"}}
	mean := float64(n) / float64(len(cells))
	for _, c := range cells {
		rows = append(rows, []string{c.String(), strconv.FormatFloat(math.Round(2*mean*rng.Float64()), 'f', 0, 64)})
	}
	return writeCSV(path, rows)
}
