package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
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
	b := bufio.NewWriter(w)
	hdr, err := marshal(p.jsonHeader())
	if err != nil {
		return fmt.Errorf("report: geojson: %w", err)
	}
	b.WriteString(`{"type":"FeatureCollection","title":` + jsonString(p.title()) + `,"attribution":` + jsonString(Attribution) + `,"header":` + hdr + ",\n\"features\":[")
	first := true
	feature := func(id string, props *props, geomType string, coords string) {
		if !first {
			b.WriteString(",")
		}
		first = false
		b.WriteString("\n" + `{"type":"Feature","id":` + jsonString(id) + `,"properties":` + props.String() +
			`,"geometry":{"type":"` + geomType + `","coordinates":` + coords + "}}")
	}
	for _, row := range p.r.Rows {
		z, ok := p.zoneOf(row)
		if !ok || len(z.Geometry) == 0 {
			continue
		}
		pr := &props{}
		pr.str("kind", "grid")
		pr.str("grid", row.Name)
		pr.str("id", z.ID)
		pr.raw("residents", fmt.Sprint(row.Residents))
		pr.raw("weight", weight(row.Weight))
		if d, ok := p.density(row); ok {
			pr.raw("people_per_km2", trimmed(d, 1))
		}
		pr.pct("complete_pct", pct(row.Complete.Share()))
		for c, s := range row.Categories {
			pr.pct("covered_pct_"+p.cats[c], pct(s.Share()))
		}
		id := z.ID
		if id == "" {
			id = row.Name
		}
		feature(id, pr, "MultiPolygon", multiPolygonJSON(z.Geometry))
	}
	for _, g := range p.r.Gaps {
		pr := &props{}
		pr.str("kind", "gap")
		pr.str("cell", g.Cell.String())
		pr.raw("residents", fmt.Sprint(g.Count))
		pr.raw("weight", weight(g.Weight))
		for c, m := range g.Missing {
			pr.raw("missing_"+p.cats[c], weight(m))
		}
		feature(g.Cell.String(), pr, "Polygon", polygonJSON(orb.Polygon{g.Cell.Boundary()}))
	}
	b.WriteString("\n]}\n")
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: geojson: %w", err)
	}
	return nil
}

// props is a JSON object built in insertion order.
type props struct{ b strings.Builder }

func (p *props) raw(k, v string) {
	if p.b.Len() == 0 {
		p.b.WriteString("{")
	} else {
		p.b.WriteString(",")
	}
	p.b.WriteString(jsonString(k) + ":" + v)
}

func (p *props) str(k, v string) { p.raw(k, jsonString(v)) }

// pct adds a percent, null when empty.
func (p *props) pct(k, v string) {
	if v == "" {
		v = "null"
	}
	p.raw(k, v)
}

func (p *props) String() string {
	if p.b.Len() == 0 {
		return "{}"
	}
	return p.b.String() + "}"
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

// ringJSON renders a ring's coordinates with seven decimals.
func ringJSON(b *strings.Builder, r orb.Ring) {
	b.WriteString("[")
	for i, pt := range r {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("[" + coord(pt.Lon()) + "," + coord(pt.Lat()) + "]")
	}
	b.WriteString("]")
}

// polygonJSON renders a Polygon's coordinates.
func polygonJSON(pg orb.Polygon) string {
	var b strings.Builder
	writePolygon(&b, pg)
	return b.String()
}

func writePolygon(b *strings.Builder, pg orb.Polygon) {
	b.WriteString("[")
	for i, r := range pg {
		if i > 0 {
			b.WriteString(",")
		}
		ringJSON(b, r)
	}
	b.WriteString("]")
}

// multiPolygonJSON renders a MultiPolygon's coordinates.
func multiPolygonJSON(mp orb.MultiPolygon) string {
	var b strings.Builder
	b.WriteString("[")
	for i, pg := range mp {
		if i > 0 {
			b.WriteString(",")
		}
		writePolygon(&b, pg)
	}
	b.WriteString("]")
	return b.String()
}
