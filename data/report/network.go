package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// FlagString renders flags as a comma-separated list of names: steps,
// crossing, kerb_raised, area, no_wheelchair, unpaved, rough, island.
func FlagString(f routing.EdgeFlags) string {
	names := [...]string{"steps", "crossing", "kerb_raised", "area", "no_wheelchair", "unpaved", "rough", "island"}
	var out []string
	for i, name := range names {
		if f&(1<<i) != 0 {
			out = append(out, name)
		}
	}
	return strings.Join(out, ",")
}

// WriteNetworkGeoJSON writes every edge of g as a LineString feature with
// its edge id, OSM way id, length in metres and flags, for QGIS.
func WriteNetworkGeoJSON(w io.Writer, g *routing.Graph, attribution string) error {
	gw := newGeoWriter(w, `"attribution":`+jsonString(attribution)+`,`)
	var ls orb.LineString
	for e := range g.NumEdges() {
		id := routing.EdgeID(e)
		ls = g.AppendGeometry(ls[:0], id)
		gw.begin("")
		gw.int("edge", int64(e))
		gw.int("way", g.WayID(id))
		gw.num("length_m", g.Length(id), 2)
		gw.str("flags", FlagString(g.Flags(id)))
		gw.lineString(ls)
	}
	return gw.close()
}

// largestFirst returns the indexes of cs, largest budget first (stable),
// so that smaller contours draw on top.
func largestFirst(cs []isochrone.Contour) []int {
	order := make([]int, len(cs))
	for i := range cs {
		order[i] = i
	}
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && cs[order[j]].Meters > cs[order[j-1]].Meters; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	return order
}

// IsochroneMeta is what an isochrone file says about how it was made.
type IsochroneMeta struct {
	Profile     string
	Speed       float64
	Resolution  int
	Source      string
	Timestamp   string
	Version     string
	Attribution string
}

// WriteIsochronesGeoJSON writes one MultiPolygon feature per contour, the
// largest first (so smaller ones draw on top), with properties minutes or
// meters, profile, area_m2 and street_m.
func WriteIsochronesGeoJSON(w io.Writer, cs []isochrone.Contour, m IsochroneMeta) error {
	gw := newGeoWriter(w, `"attribution":`+jsonString(m.Attribution)+`,"source":`+jsonString(m.Source)+
		`,"osm_timestamp":`+jsonString(m.Timestamp)+`,"walkshed":`+jsonString(m.Version)+`,"h3_resolution":`+strconv.Itoa(m.Resolution)+`,`)
	for _, i := range largestFirst(cs) {
		c := cs[i]
		gw.begin("")
		if c.Budget.Meters > 0 {
			gw.num("meters", c.Budget.Meters, -1)
		} else {
			gw.num("minutes", c.Budget.Minutes, -1)
		}
		gw.num("walk_m", c.Meters, 1)
		gw.str("profile", m.Profile)
		gw.num("speed_mps", m.Speed, -1)
		gw.num("area_m2", c.AreaM2, 0)
		gw.num("street_m", c.StreetM, 0)
		gw.int("cells", int64(len(c.Cells)))
		gw.multiPolygon(c.Geometry)
	}
	return gw.close()
}
