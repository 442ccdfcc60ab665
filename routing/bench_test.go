package routing_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/routing"
)

// benchFiles are the extracts benchmarks build from: the bundled Porto
// centre, and Delaware from the shared data when it is there.
var benchFiles = []struct{ name, path string }{
	{"porto", "../testdata/porto-centre-2020-07-20.osm.pbf"},
	{"delaware", "../../shared/data/osm/delaware-2016-08-10.osm.pbf"},
}

func readOrSkip(b *testing.B, path string) *osmload.Extract {
	b.Helper()
	if _, err := os.Stat(path); err != nil {
		b.Skipf("%s not available", path)
	}
	ex, err := osmload.Read(context.Background(), path, osmload.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return ex
}

// BenchmarkBuild measures the graph build alone (the OSM read is
// osmload's benchmark) and reports the graph's bytes per directed edge
// without polylines.
func BenchmarkBuild(b *testing.B) {
	for _, f := range benchFiles {
		b.Run(f.name, func(b *testing.B) {
			ex := readOrSkip(b, f.path)
			b.ReportAllocs()
			var g *routing.Graph
			for b.Loop() {
				var err error
				if g, _, err = routing.Build(ex.Network, routing.BuildOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			total, geom := g.SizeBytes()
			b.ReportMetric(float64(total-geom)/float64(2*g.NumEdges()), "B/diredge")
			b.ReportMetric(float64(g.NumEdges()), "edges")
		})
	}
}

// BenchmarkReadAndBuild is the whole path from an OSM file to a graph.
func BenchmarkReadAndBuild(b *testing.B) {
	for _, f := range benchFiles {
		b.Run(f.name, func(b *testing.B) {
			readOrSkip(b, f.path)
			b.ReportAllocs()
			for b.Loop() {
				ex, err := osmload.Read(context.Background(), f.path, osmload.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := routing.Build(ex.Network, routing.BuildOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadPrepared opens a prepared network file from disk: "read"
// reads and checks it, "map" maps it and uses the arrays in place (what
// walkshed does; each iteration leaves a mapping behind).
func BenchmarkLoadPrepared(b *testing.B) {
	for _, f := range benchFiles {
		b.Run(f.name, func(b *testing.B) {
			ex := readOrSkip(b, f.path)
			g, _, err := routing.Build(ex.Network, routing.BuildOptions{})
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if err := g.WriteFile(&buf); err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(b.TempDir(), "net.wsn")
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
			b.Run("read", func(b *testing.B) {
				b.SetBytes(int64(buf.Len()))
				b.ReportAllocs()
				for b.Loop() {
					data, err := os.ReadFile(path)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := routing.ReadFile(data); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("map", func(b *testing.B) {
				b.SetBytes(int64(buf.Len()))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := routing.OpenFile(path); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkSearch15 is one 15-minute single-source search from a random
// node, buffers reused.
func BenchmarkSearch15(b *testing.B) {
	ex := readOrSkip(b, benchFiles[0].path)
	g, _, _ := routing.Build(ex.Network, routing.BuildOptions{})
	s := g.NewSearcher()
	rng := rand.New(rand.NewPCG(1, 1))
	limit := routing.Standard.Speed * 15 * 60
	b.ReportAllocs()
	for b.Loop() {
		n := routing.NodeID(rng.IntN(g.NumNodes()))
		s.Run(routing.Query{Sources: []routing.Source{{Node: n}}, Limit: limit})
	}
}

// snapPoints returns n points within about 60 m of random nodes of g, the
// kind of point a resident or a facility is.
func snapPoints(g *routing.Graph, n int, seed uint64) []orb.Point {
	rng := rand.New(rand.NewPCG(seed, seed))
	pts := make([]orb.Point, n)
	for i := range pts {
		p := g.NodePoint(routing.NodeID(rng.IntN(g.NumNodes())))
		pts[i] = orb.Point{p[0] + (rng.Float64()-0.5)*0.0012, p[1] + (rng.Float64()-0.5)*0.0009}
	}
	return pts
}

// BenchmarkSnap places points near the network on Porto with a warm index:
// "standard" avoids nothing, "wheelchair" avoids steps, raised kerbs and
// wheelchair=no, and "parallel" is standard from every P at once.
func BenchmarkSnap(b *testing.B) {
	ex := readOrSkip(b, benchFiles[0].path)
	g, _, err := routing.Build(ex.Network, routing.BuildOptions{})
	if err != nil {
		b.Fatal(err)
	}
	pts := snapPoints(g, 4096, 7)
	// The first snaps of a Snapper scan every edge (a command's one point).
	b.Run("scan", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := g.NewSnapper().Snap(pts[i&4095], routing.DefaultMaxSnap, 0); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	sn := g.NewSnapper()
	for _, p := range []routing.Profile{routing.Standard, routing.Wheelchair} {
		sn.Warm(p.Avoid)
		b.Run(p.Name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := sn.Snap(pts[i&4095], routing.DefaultMaxSnap, p.Avoid); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				if _, err := sn.Snap(pts[i&4095], routing.DefaultMaxSnap, 0); err != nil {
					b.Error(err)
					return
				}
				i++
			}
		})
	})
}
