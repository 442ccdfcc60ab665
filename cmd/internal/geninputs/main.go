// Command geninputs writes generated inputs for whole-command timings: a
// residents CSV (at random building points, or near random network nodes)
// and the pharmacies of the OSM file as a service directory. Seeded, so the
// same arguments give the same files.
//
//	go run ./cmd/internal/geninputs OSM_FILE N buildings|nodes OUTDIR
package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/taxonomy"
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
	if len(args) != 4 || (args[2] != "buildings" && args[2] != "nodes") {
		return fmt.Errorf("usage: geninputs OSM_FILE N buildings|nodes OUTDIR")
	}
	count, err := strconv.Atoi(args[1])
	if err != nil || count < 1 {
		return fmt.Errorf("the count must be a positive number, got %q", args[1])
	}
	city, err := walkshed.OpenOSM(context.Background(), args[0], walkshed.OpenOptions{})
	if err != nil {
		return err
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
