package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// WriteGeoJSON writes gaps.geojson: a FeatureCollection whose foreign
// members "title", "attribution" and "header" carry the run's header, with
// first one feature per grid that has a geometry in Audit.Zones (property
// kind "grid": grid, id, residents, weight, complete_pct and
// covered_pct_<category>, percents being null for an empty grid), then one
// Polygon per gap cell, heaviest first (kind "gap": cell, residents,
// weight and missing_<category>, the weight beyond the budget per
// category). Coordinates have seven decimals; keys come in a fixed order;
// there is one feature per line.
func WriteGeoJSON(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	hdr, err := marshal(p.jsonHeader())
	if err != nil {
		return fmt.Errorf("report: geojson: %w", err)
	}
	gw := newGeoWriter(w, `"title":`+jsonString(p.title())+`,"attribution":`+jsonString(Attribution)+`,"header":`+hdr+",\n")
	for _, row := range p.r.Rows {
		z, ok := p.zoneOf(row)
		if !ok || len(z.Geometry) == 0 {
			continue
		}
		id := z.ID
		if id == "" {
			id = row.Name
		}
		gw.begin(id)
		gw.str("kind", "grid")
		gw.str("grid", row.Name)
		gw.str("id", z.ID)
		gw.raw("residents", strconv.Itoa(row.Residents))
		gw.raw("weight", weight(row.Weight))
		if d, ok := p.density(row); ok {
			gw.raw("people_per_km2", trimmed(d, 1))
		}
		gw.pct("complete_pct", pct(row.Complete.Share()))
		for c, s := range row.Categories {
			gw.pct("covered_pct_"+p.cats[c], pct(s.Share()))
		}
		gw.multiPolygon(z.Geometry)
	}
	for _, g := range p.r.Gaps {
		gw.begin(g.Cell.String())
		gw.str("kind", "gap")
		gw.str("cell", g.Cell.String())
		gw.raw("residents", strconv.Itoa(g.Count))
		gw.raw("weight", weight(g.Weight))
		for c, m := range g.Missing {
			gw.raw("missing_"+p.cats[c], weight(m))
		}
		gw.polygon(orb.Polygon{g.Cell.Boundary()})
	}
	if err := gw.close(); err != nil {
		return fmt.Errorf("report: geojson: %w", err)
	}
	return nil
}

// geoWriter streams a GeoJSON FeatureCollection, feature by feature. It is
// walkshed's one GeoJSON encoder (gaps.geojson, the network export and
// isochrones): keys in the order written, coordinates with seven decimals,
// one feature per line, numbers appended without allocating. Why it is not
// orb/geojson: see the package documentation.
type geoWriter struct {
	w     *bufio.Writer
	b     []byte // the feature being written
	first bool   // no feature yet
	props int    // properties written in the current feature
}

// newGeoWriter starts a FeatureCollection on w; members are its foreign
// members, each written as `"key":value,` (the caller's formatting, also
// of line breaks, is kept).
func newGeoWriter(w io.Writer, members string) *geoWriter {
	gw := &geoWriter{w: bufio.NewWriter(w), first: true}
	gw.w.WriteString(`{"type":"FeatureCollection",` + members + `"features":[`)
	return gw
}

// begin starts a feature, with the member "id" unless id is "", and opens
// its properties.
func (gw *geoWriter) begin(id string) {
	gw.b = gw.b[:0]
	if !gw.first {
		gw.b = append(gw.b, ',')
	}
	gw.first = false
	gw.b = append(gw.b, "\n"+`{"type":"Feature",`...)
	if id != "" {
		gw.b = append(gw.b, `"id":`...)
		gw.b = appendJSONString(gw.b, id)
		gw.b = append(gw.b, ',')
	}
	gw.b = append(gw.b, `"properties":{`...)
	gw.props = 0
}

// key writes a property key, after a comma unless it is the first.
func (gw *geoWriter) key(k string) {
	if gw.props > 0 {
		gw.b = append(gw.b, ',')
	}
	gw.props++
	gw.b = appendJSONString(gw.b, k)
	gw.b = append(gw.b, ':')
}

// raw writes a property whose value is already JSON.
func (gw *geoWriter) raw(k, v string) {
	gw.key(k)
	gw.b = append(gw.b, v...)
}

// str writes a string property.
func (gw *geoWriter) str(k, v string) {
	gw.key(k)
	gw.b = appendJSONString(gw.b, v)
}

// pct writes a formatted percent, null when it is "" (no residents).
func (gw *geoWriter) pct(k, v string) {
	if v == "" {
		v = "null"
	}
	gw.raw(k, v)
}

// num writes a number with dec decimals (-1: as few as identify it).
func (gw *geoWriter) num(k string, v float64, dec int) {
	gw.key(k)
	gw.b = strconv.AppendFloat(gw.b, v, 'f', dec, 64)
}

// int writes an integer property.
func (gw *geoWriter) int(k string, v int64) {
	gw.key(k)
	gw.b = strconv.AppendInt(gw.b, v, 10)
}

// geometry closes the properties, opens a geometry of type typ and its
// coordinates.
func (gw *geoWriter) geometry(typ string) {
	gw.b = append(gw.b, `},"geometry":{"type":"`...)
	gw.b = append(gw.b, typ...)
	gw.b = append(gw.b, `","coordinates":`...)
}

// end closes the geometry and the feature and writes it out.
func (gw *geoWriter) end() {
	gw.b = append(gw.b, "}}"...)
	gw.w.Write(gw.b)
}

// lineString ends the feature with a LineString geometry.
func (gw *geoWriter) lineString(ls orb.LineString) {
	gw.geometry("LineString")
	gw.points(ls)
	gw.end()
}

// noGeometry ends the feature with a null geometry.
func (gw *geoWriter) noGeometry() {
	gw.b = append(gw.b, `},"geometry":null}`...)
	gw.w.Write(gw.b)
}

// point ends the feature with a Point geometry.
func (gw *geoWriter) point(p orb.Point) {
	gw.geometry("Point")
	gw.b = append(gw.b, '[')
	gw.b = appendCoord(gw.b, p[0])
	gw.b = append(gw.b, ',')
	gw.b = appendCoord(gw.b, p[1])
	gw.b = append(gw.b, ']')
	gw.end()
}

// polygon ends the feature with a Polygon geometry.
func (gw *geoWriter) polygon(pg orb.Polygon) {
	gw.geometry("Polygon")
	gw.rings(pg)
	gw.end()
}

// multiPolygon ends the feature with a MultiPolygon geometry.
func (gw *geoWriter) multiPolygon(mp orb.MultiPolygon) {
	gw.geometry("MultiPolygon")
	gw.b = append(gw.b, '[')
	for i, pg := range mp {
		if i > 0 {
			gw.b = append(gw.b, ',')
		}
		gw.rings(pg)
	}
	gw.b = append(gw.b, ']')
	gw.end()
}

func (gw *geoWriter) rings(pg orb.Polygon) {
	gw.b = append(gw.b, '[')
	for i, r := range pg {
		if i > 0 {
			gw.b = append(gw.b, ',')
		}
		gw.points(r)
	}
	gw.b = append(gw.b, ']')
}

func (gw *geoWriter) points(ps []orb.Point) {
	gw.b = append(gw.b, '[')
	for i, p := range ps {
		if i > 0 {
			gw.b = append(gw.b, ',')
		}
		gw.b = append(gw.b, '[')
		gw.b = appendCoord(gw.b, p[0])
		gw.b = append(gw.b, ',')
		gw.b = appendCoord(gw.b, p[1])
		gw.b = append(gw.b, ']')
	}
	gw.b = append(gw.b, ']')
}

// close ends the collection and flushes it.
func (gw *geoWriter) close() error {
	gw.w.WriteString("\n]}\n")
	return gw.w.Flush()
}

// appendCoord appends a longitude or latitude with seven decimals, as
// coord formats it (never "-0.0000000").
func appendCoord(b []byte, v float64) []byte {
	n := len(b)
	b = strconv.AppendFloat(b, v, 'f', 7, 64)
	if b[n] == '-' && strings.Trim(string(b[n+1:]), "0.") == "" {
		b = append(b[:n], b[n+1:]...)
	}
	return b
}

// appendJSONString appends s quoted as a JSON string: strings without
// characters to escape are copied, others go through encoding/json
// (invalid UTF-8 becomes U+FFFD).
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return append(b, jsonString(s)...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// marshal encodes v as compact JSON without HTML escaping.
func marshal(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// jsonString quotes s as a JSON string (invalid UTF-8 becomes U+FFFD).
func jsonString(s string) string {
	q, err := marshal(s)
	if err != nil { // a string always encodes
		return `""`
	}
	return q
}

// errWriter remembers the first error of its writer, so a long encoding
// stops writing once the destination refuses more (a full or cancelled
// answer).
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
