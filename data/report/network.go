package report

import (
	"bufio"
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

// geoWriter writes GeoJSON by hand with fixed 7-decimal coordinates, so
// output is compact and byte-for-byte reproducible.
type geoWriter struct {
	w     *bufio.Writer
	first bool
}

func newGeoWriter(w io.Writer, props string) *geoWriter {
	gw := &geoWriter{w: bufio.NewWriter(w), first: true}
	gw.w.WriteString(`{"type":"FeatureCollection",` + props + `"features":[`)
	return gw
}

func (gw *geoWriter) feature(geometry func(), props string) {
	if !gw.first {
		gw.w.WriteString(",\n")
	} else {
		gw.w.WriteString("\n")
	}
	gw.first = false
	gw.w.WriteString(`{"type":"Feature","properties":{` + props + `},"geometry":`)
	geometry()
	gw.w.WriteString("}")
}

func (gw *geoWriter) close() error {
	gw.w.WriteString("\n]}\n")
	return gw.w.Flush()
}

func (gw *geoWriter) point(p orb.Point) {
	gw.w.WriteByte('[')
	gw.w.WriteString(strconv.FormatFloat(p[0], 'f', 7, 64))
	gw.w.WriteByte(',')
	gw.w.WriteString(strconv.FormatFloat(p[1], 'f', 7, 64))
	gw.w.WriteByte(']')
}

func (gw *geoWriter) points(ps []orb.Point) {
	gw.w.WriteByte('[')
	for i, p := range ps {
		if i > 0 {
			gw.w.WriteByte(',')
		}
		gw.point(p)
	}
	gw.w.WriteByte(']')
}

func (gw *geoWriter) lineString(ls orb.LineString) {
	gw.w.WriteString(`{"type":"LineString","coordinates":`)
	gw.points(ls)
	gw.w.WriteString("}")
}

func (gw *geoWriter) multiPolygon(mp orb.MultiPolygon) {
	gw.w.WriteString(`{"type":"MultiPolygon","coordinates":[`)
	for i, poly := range mp {
		if i > 0 {
			gw.w.WriteByte(',')
		}
		gw.w.WriteByte('[')
		for j, ring := range poly {
			if j > 0 {
				gw.w.WriteByte(',')
			}
			gw.points(ring)
		}
		gw.w.WriteByte(']')
	}
	gw.w.WriteString("]}")
}

// jstr quotes s as a JSON string.
func jstr(s string) string { return jsonString(s) }

func jnum(v float64, dec int) string { return strconv.FormatFloat(v, 'f', dec, 64) }

// WriteNetworkGeoJSON writes every edge of g as a LineString feature with
// its edge id, OSM way id, length in metres and flags, for QGIS.
func WriteNetworkGeoJSON(w io.Writer, g *routing.Graph, attribution string) error {
	gw := newGeoWriter(w, `"attribution":`+jstr(attribution)+`,`)
	var ls orb.LineString
	for e := range g.NumEdges() {
		id := routing.EdgeID(e)
		ls = g.AppendGeometry(ls[:0], id)
		gw.feature(func() { gw.lineString(ls) },
			`"edge":`+strconv.Itoa(e)+`,"way":`+strconv.FormatInt(g.WayID(id), 10)+
				`,"length_m":`+jnum(g.Length(id), 2)+`,"flags":`+jstr(FlagString(g.Flags(id))))
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
	gw := newGeoWriter(w, `"attribution":`+jstr(m.Attribution)+`,"source":`+jstr(m.Source)+
		`,"osm_timestamp":`+jstr(m.Timestamp)+`,"walkshed":`+jstr(m.Version)+`,"h3_resolution":`+strconv.Itoa(m.Resolution)+`,`)
	for _, i := range largestFirst(cs) {
		c := cs[i]
		budget := `"minutes":` + jnum(c.Budget.Minutes, -1)
		if c.Budget.Meters > 0 {
			budget = `"meters":` + jnum(c.Budget.Meters, -1)
		}
		gw.feature(func() { gw.multiPolygon(c.Geometry) },
			budget+`,"walk_m":`+jnum(c.Meters, 1)+`,"profile":`+jstr(m.Profile)+`,"speed_mps":`+jnum(m.Speed, -1)+
				`,"area_m2":`+jnum(c.AreaM2, 0)+`,"street_m":`+jnum(c.StreetM, 0)+`,"cells":`+strconv.Itoa(len(c.Cells)))
	}
	return gw.close()
}
