package osmload_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/osm"
	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/data/osmload/internal/pbftest"
)

// FuzzRead writes arbitrary bytes to a file and reads it: Read must not
// panic, must fail with a *ParseError naming the file, and must return
// extracts whose ways all have their nodes.
func FuzzRead(f *testing.F) {
	small, err := os.ReadFile(smallXML)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	f.Add([]byte(`<osm><node id="1" lat="1" lon="2"><tag k="shop" v="x"/></node><way id="2"><nd ref="1"/><nd ref="1"/><tag k="highway" v="path"/></way></osm>`))
	sample := pbftest.File{
		Nodes: []pbftest.Node{{ID: 1, Lon: 1, Lat: 2}, {ID: 2, Lon: 1.001, Lat: 2, Tags: osm.Tags{{Key: "amenity", Value: "cafe"}}},
			{ID: 3, Lon: 1.001, Lat: 2.001}},
		Ways: []pbftest.Way{{ID: 5, Refs: []int64{1, 2, 3, 1}, Tags: osm.Tags{{Key: "highway", Value: "pedestrian"}, {Key: "area", Value: "yes"}}}},
		Relations: []pbftest.Relation{{ID: 9, Members: []pbftest.Member{{Type: osm.TypeWay, Ref: 5, Role: "outer"}},
			Tags: osm.Tags{{Key: "type", Value: "boundary"}, {Key: "boundary", Value: "administrative"}, {Key: "admin_level", Value: "8"}}}},
	}
	f.Add(sample.Bytes())
	sample.PlainNodes, sample.Raw = true, true
	f.Add(sample.Bytes())
	path := filepath.Join(f.TempDir(), "fuzz.osm.pbf")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ex, err := osmload.Read(context.Background(), path, osmload.Options{Procs: 1})
		if err != nil {
			var pe *osmload.ParseError
			if !errors.As(err, &pe) || pe.Path != path {
				t.Fatalf("error %v is not a *ParseError for %s", err, path)
			}
			return
		}
		for _, w := range ex.Network.Ways {
			for _, id := range w.Nodes {
				if _, ok := ex.Network.Node(id); !ok {
					t.Fatalf("way %d: node %d missing", w.ID, id)
				}
			}
		}
	})
}
