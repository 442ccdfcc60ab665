package report

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// BenchmarkGeoJSON compares geoWriter with paulmach/orb's geojson types
// (json.Marshal of a FeatureOf per feature, coordinates rounded to seven
// decimals on a copy, as orb.Round rounds in place) on the Porto network
// export (16,910 LineString features) and the Porto 5, 10 and 15-minute
// isochrones: the figures quoted in geoWriter's comment.
func BenchmarkGeoJSON(b *testing.B) {
	ex, err := osmload.Read(context.Background(), "../../testdata/porto-centre-2020-07-20.osm.pbf", osmload.Options{})
	if err != nil {
		b.Fatal(err)
	}
	g, _, err := routing.Build(ex.Network, routing.BuildOptions{})
	if err != nil {
		b.Fatal(err)
	}
	loc, err := g.NewSnapper().Snap(orb.Point{-8.6110, 41.1456}, 300, 0)
	if err != nil {
		b.Fatal(err)
	}
	cs, err := isochrone.NewWorker(g).Compute([]routing.Location{loc}, isochrone.Options{
		Budgets: []geo.Budget{{Minutes: 5}, {Minutes: 10}, {Minutes: 15}}, Profile: routing.Standard})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("network/geoWriter", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := WriteNetworkGeoJSON(io.Discard, g, Attribution); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("network/orb", func(b *testing.B) {
		type props struct {
			Edge    int     `json:"edge"`
			Way     int64   `json:"way"`
			LengthM float64 `json:"length_m"`
			Flags   string  `json:"flags"`
		}
		b.ReportAllocs()
		for b.Loop() {
			orbCollection(b, g.NumEdges(), func(e int) ([]byte, error) {
				id := routing.EdgeID(e)
				ls := orb.Round(g.AppendGeometry(nil, id), 1e7)
				return json.Marshal(geojson.FeatureOf[props]{Type: "Feature", Geometry: ls,
					Properties: props{e, g.WayID(id), float64(int64(g.Length(id)*100)) / 100, FlagString(g.Flags(id))}})
			})
		}
	})
	meta := IsochroneMeta{Profile: "standard", Speed: 1.33, Resolution: 11, Attribution: Attribution}
	b.Run("isochrones/geoWriter", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := WriteIsochronesGeoJSON(io.Discard, cs, meta); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("isochrones/orb", func(b *testing.B) {
		type props struct {
			Minutes float64 `json:"minutes"`
			WalkM   float64 `json:"walk_m"`
			Profile string  `json:"profile"`
			Speed   float64 `json:"speed_mps"`
			AreaM2  float64 `json:"area_m2"`
			StreetM float64 `json:"street_m"`
			Cells   int     `json:"cells"`
		}
		b.ReportAllocs()
		for b.Loop() {
			orbCollection(b, len(cs), func(i int) ([]byte, error) {
				c := cs[len(cs)-1-i]
				mp := orb.Round(cloneMultiPolygon(c.Geometry), 1e7)
				return json.Marshal(geojson.FeatureOf[props]{Type: "Feature", Geometry: mp,
					Properties: props{c.Budget.Minutes, c.Meters, "standard", 1.33, c.AreaM2, c.StreetM, len(c.Cells)}})
			})
		}
	})
}

// orbCollection streams n features encoded by feature into a collection.
func orbCollection(b *testing.B, n int, feature func(i int) ([]byte, error)) {
	w := bufio.NewWriter(io.Discard)
	w.WriteString(`{"type":"FeatureCollection","attribution":` + jsonString(Attribution) + `,"features":[`)
	for i := range n {
		data, err := feature(i)
		if err != nil {
			b.Fatal(err)
		}
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
		w.Write(data)
	}
	w.WriteString("\n]}\n")
	w.Flush()
}

func cloneMultiPolygon(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, pg := range mp {
		out[i] = make(orb.Polygon, len(pg))
		for j, r := range pg {
			out[i][j] = slices.Clone(r)
		}
	}
	return out
}
