package report

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/routing/access"
)

// Map layout, in CSS pixels.
const (
	mapMaxW = 720.0
	mapMaxH = 560.0
	mapPad  = 12.0
	dotR    = "2.2"
)

// shareClass is one class of the "15-minute complete" colour ramp.
type shareClass struct {
	upTo  float64 // upper bound of the share in percent, inclusive
	color string
	label string
}

// shareRamp is the colour ramp for shares, a five-class red–yellow–green
// scale readable by most colour-blind viewers' lightness cue.
func shareRamp() []shareClass {
	return []shareClass{
		{20, "#d7191c", "0–20 %"},
		{40, "#fdae61", "20–40 %"},
		{60, "#ffffbf", "40–60 %"},
		{80, "#a6d96a", "60–80 %"},
		{100, "#1a9641", "80–100 %"},
	}
}

// noDataColor fills grids without residents.
const noDataColor = "#d9d9d9"

// shareColor picks the ramp colour of a share in [0, 1].
func shareColor(share float64) string {
	if math.IsNaN(share) {
		return noDataColor
	}
	ramp := shareRamp()
	for _, c := range ramp {
		if share*100 < c.upTo {
			return c.color
		}
	}
	return ramp[len(ramp)-1].color
}

// statusColor colours resident dots.
func statusColor(s access.Status) string {
	switch s {
	case access.Complete:
		return "#1a9641"
	case access.Partial:
		return "#d7191c"
	}
	return "#252525"
}

// Template data.
type (
	htmlPage struct {
		Title       string
		Attribution string
		Header      []htmlKV
		Maps        []htmlMap
		Sections    []htmlSection

		// Lang (the HTML lang attribute) and Footer are in the report's
		// language.
		Lang, Footer string
	}
	htmlKV      struct{ Key, Value string }
	htmlSection struct {
		Title, Intro string
		Head         []htmlCell
		Rows         [][]htmlCell
		Notes        []string
	}
	htmlCell struct {
		Text  string
		Right bool
	}
	htmlMap struct {
		Caption     string
		W, H        string
		Attribution string
		Paths       []htmlPath
		Dots        []htmlDot
		Legend      []htmlLegend
	}
	htmlPath struct {
		D, Fill, Opacity, Stroke, Width, Title string
	}
	htmlDot struct {
		X, Y, Fill, Title string
	}
	htmlLegend struct {
		Color, Label string
		Dot          bool
	}
)

const pageTemplate = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em auto;max-width:66em;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em;margin:.6em 0}
th,td{padding:.2em .6em;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
th{background:#f2f2f2}.num{text-align:right;font-variant-numeric:tabular-nums}
table.header th{background:none;font-weight:600}
.attribution{font-size:.9em;color:#555}
figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}
svg.map{max-width:100%;height:auto;border:1px solid #ccc;background:#fafafa}
ul.legend{list-style:none;padding:0;margin:.3em 0;display:flex;flex-wrap:wrap;gap:.4em 1.2em;font-size:.85em}
ul.legend svg{vertical-align:middle;margin-right:.3em}
.note{font-style:italic}
footer{margin-top:2em;font-size:.85em;color:#555;border-top:1px solid #ccc;padding-top:.5em}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="attribution">{{.Attribution}}</p>
<table class="header">
{{- range .Header}}
<tr><th>{{.Key}}</th><td>{{.Value}}</td></tr>
{{- end}}
</table>
</header>
{{- range .Maps}}
<figure>
<figcaption>{{.Caption}}</figcaption>
<svg class="map" xmlns="http://www.w3.org/2000/svg" width="{{.W}}" height="{{.H}}" viewBox="0 0 {{.W}} {{.H}}" role="img" aria-label="{{.Caption}}">
{{- range .Paths}}
<path d="{{.D}}" fill="{{.Fill}}" fill-opacity="{{.Opacity}}" fill-rule="evenodd" stroke="{{.Stroke}}" stroke-width="{{.Width}}"><title>{{.Title}}</title></path>
{{- end}}
{{- range .Dots}}
<circle cx="{{.X}}" cy="{{.Y}}" r="` + dotR + `" fill="{{.Fill}}"><title>{{.Title}}</title></circle>
{{- end}}
<text x="{{.W}}" y="{{.H}}" dx="-4" dy="-4" text-anchor="end" font-size="10" fill="#444">{{.Attribution}}</text>
</svg>
<ul class="legend">
{{- range .Legend}}
<li>{{if .Color}}<svg width="14" height="14" xmlns="http://www.w3.org/2000/svg">{{if .Dot}}<circle cx="7" cy="7" r="4" fill="{{.Color}}"/>{{else}}<rect x="0.5" y="0.5" width="13" height="13" fill="{{.Color}}" stroke="#555"/>{{end}}</svg>{{end}}{{.Label}}</li>
{{- end}}
</ul>
</figure>
{{- end}}
{{- range .Sections}}
<section>
<h2>{{.Title}}</h2>
{{- if .Intro}}
<p>{{.Intro}}</p>
{{- end}}
{{- if .Head}}
<table>
<thead><tr>{{range .Head}}<th{{if .Right}} class="num"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td{{if .Right}} class="num"{{end}}>{{.Text}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- range .Notes}}
<p class="note">{{.}}</p>
{{- end}}
</section>
{{- end}}
<footer>{{.Attribution}}. {{.Footer}}</footer>
</body>
</html>
`

// WriteHTML writes one self-contained HTML page (no script, no external
// resource): the header, two inline SVG maps — grids filled by their
// "complete" share on a five-class colour ramp, and gap cells with the
// residents as dots coloured by status — each with a legend, then the
// tables of WriteMarkdown. Maps use an equirectangular projection scaled
// by cos(latitude) at the middle of the data and fit to the data's bounds.
// Every name is escaped by html/template. The attribution shows on the page
// and on each map.
func WriteHTML(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	tmpl, err := template.New("report").Parse(pageTemplate)
	if err != nil {
		return fmt.Errorf("report: html template: %w", err)
	}
	page := htmlPage{Lang: p.lang.HTML(), Title: p.title(), Attribution: Attribution, Maps: p.maps(),
		Footer: p.tr("Map data and walking network from OpenStreetMap, available under the Open Database License.")}
	for _, l := range p.headerLines() {
		page.Header = append(page.Header, htmlKV{Key: l.key, Value: l.value})
	}
	for _, s := range p.sections(false) {
		hs := htmlSection{Title: s.title, Intro: s.intro, Notes: s.notes}
		if s.tab != nil {
			for i, h := range s.tab.head {
				hs.Head = append(hs.Head, htmlCell{Text: h, Right: s.tab.right[i]})
			}
			for _, row := range s.tab.rows {
				cells := make([]htmlCell, len(row))
				for i, c := range row {
					cells[i] = htmlCell{Text: c, Right: s.tab.right[i]}
				}
				hs.Rows = append(hs.Rows, cells)
			}
		}
		page.Sections = append(page.Sections, hs)
	}
	b := bufio.NewWriter(w)
	if err := tmpl.Execute(b, page); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	return nil
}

// projection maps lon/lat to SVG pixels: equirectangular, x scaled by the
// cosine of the middle latitude, north up.
type projection struct {
	minLon, maxLat, cos, scale float64
	w, h                       float64
}

// usable reports whether a point can be drawn.
func usable(pt orb.Point) bool {
	x, y := pt.Lon(), pt.Lat()
	return !math.IsNaN(x) && !math.IsNaN(y) && x >= -180 && x <= 180 && y >= -90 && y <= 90
}

// newProjection fits the bound into the map size; ok is false for an
// empty bound.
func newProjection(b orb.Bound, ok bool) (projection, bool) {
	if !ok {
		return projection{}, false
	}
	const minSpan = 0.0005 // degrees: a single point still gets a frame
	if d := minSpan - (b.Max[0] - b.Min[0]); d > 0 {
		b.Min[0], b.Max[0] = b.Min[0]-d/2, b.Max[0]+d/2
	}
	if d := minSpan - (b.Max[1] - b.Min[1]); d > 0 {
		b.Min[1], b.Max[1] = b.Min[1]-d/2, b.Max[1]+d/2
	}
	cos := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	cos = math.Max(cos, 0.01)
	dx, dy := (b.Max[0]-b.Min[0])*cos, b.Max[1]-b.Min[1]
	scale := math.Min((mapMaxW-2*mapPad)/dx, (mapMaxH-2*mapPad)/dy)
	return projection{minLon: b.Min[0], maxLat: b.Max[1], cos: cos, scale: scale,
		w: math.Ceil(dx*scale + 2*mapPad), h: math.Ceil(dy*scale + 2*mapPad)}, true
}

// xy projects a point to pixels.
func (pr projection) xy(pt orb.Point) (x, y float64) {
	return mapPad + (pt.Lon()-pr.minLon)*pr.cos*pr.scale, mapPad + (pr.maxLat-pt.Lat())*pr.scale
}

// path renders polygons as SVG path data (one subpath per ring).
func (pr projection) path(polys ...orb.Polygon) string {
	var b strings.Builder
	for _, pg := range polys {
		for _, r := range pg {
			n := len(r)
			if n > 1 && r[0] == r[n-1] {
				n-- // closed by Z
			}
			started := false
			for _, pt := range r[:n] {
				if !usable(pt) {
					continue
				}
				x, y := pr.xy(pt)
				if started {
					b.WriteString("L")
				} else {
					b.WriteString("M")
					started = true
				}
				b.WriteString(fixed(x, 1) + " " + fixed(y, 1))
			}
			if started {
				b.WriteString("Z")
			}
		}
	}
	return b.String()
}

// maps builds the two maps, or none when there is nothing to draw.
func (p *prepared) maps() []htmlMap {
	var bound orb.Bound
	have := false
	extend := func(pt orb.Point) {
		if !usable(pt) {
			return
		}
		if !have {
			bound, have = orb.Bound{Min: pt, Max: pt}, true
			return
		}
		bound = bound.Extend(pt)
	}
	for _, row := range p.r.Rows {
		if z, ok := p.zoneOf(row); ok {
			for _, pg := range z.Geometry {
				for _, r := range pg {
					for _, pt := range r {
						extend(pt)
					}
				}
			}
		}
	}
	for _, res := range p.a.Residents {
		extend(res.Point)
	}
	gapRings := make([]orb.Ring, len(p.r.Gaps))
	for i, g := range p.r.Gaps {
		gapRings[i] = g.Cell.Boundary()
		for _, pt := range gapRings[i] {
			extend(pt)
		}
	}
	pr, ok := newProjection(bound, have)
	if !ok {
		return nil
	}
	w, h := fixed(pr.w, 0), fixed(pr.h, 0)
	budget := trimmed(p.budgetMin, 1)

	// Map 1: grids by complete share.
	m1 := htmlMap{Caption: p.tr("Grids by share of residents reaching every category within the %s-minute walk", budget),
		W: w, H: h, Attribution: Attribution}
	var outlines []htmlPath
	for _, row := range p.r.Rows {
		z, ok := p.zoneOf(row)
		if !ok || len(z.Geometry) == 0 {
			continue
		}
		d := pr.path(z.Geometry...)
		share := row.Complete.Share()
		label := p.tr("no people")
		if s := pct(share); s != "" {
			label = p.tr("%s %% complete, %s %s (%s points)", s, p.tw(row.Weight), p.peopleWord(), fmt.Sprint(row.Residents))
		}
		m1.Paths = append(m1.Paths, htmlPath{D: d, Fill: shareColor(share), Opacity: "0.85", Stroke: "#333", Width: "1", Title: oneLine(row.Name) + ": " + label})
		outlines = append(outlines, htmlPath{D: d, Fill: "none", Opacity: "0", Stroke: "#555", Width: "1", Title: oneLine(row.Name)})
	}
	for _, c := range shareRamp() {
		m1.Legend = append(m1.Legend, htmlLegend{Color: c.color, Label: c.label})
	}
	m1.Legend = append(m1.Legend, htmlLegend{Color: noDataColor, Label: p.tr("no people")})

	// Map 2: gap cells and residents.
	m2 := htmlMap{Caption: p.tr("Gap cells (residents missing a category within the %s-minute walk) and residents by status", budget),
		W: w, H: h, Attribution: Attribution, Paths: outlines}
	maxW := 0.0
	for _, g := range p.r.Gaps {
		maxW = math.Max(maxW, g.Weight)
	}
	for i, g := range p.r.Gaps {
		op := 0.6
		if maxW > 0 {
			op = 0.25 + 0.6*g.Weight/maxW
		}
		m2.Paths = append(m2.Paths, htmlPath{D: pr.path(orb.Polygon{gapRings[i]}), Fill: "#e6550d", Opacity: fixed(op, 2), Stroke: "#a63603", Width: "0.5",
			Title: p.tr("%s: %s resident(s) missing a category, weight %s", g.Cell.String(), fmt.Sprint(g.Count), weight(g.Weight))})
	}
	// At most maxDots residents are drawn (every stride-th, in input order),
	// so that a report of a whole region stays a page a browser opens.
	stride := (len(p.a.Residents) + maxDots - 1) / maxDots
	for i, res := range p.a.Residents {
		if !usable(res.Point) || i%max(stride, 1) != 0 {
			continue
		}
		rr := p.r.Residents[i]
		x, y := pr.xy(res.Point)
		m2.Dots = append(m2.Dots, htmlDot{X: fixed(x, 1), Y: fixed(y, 1), Fill: statusColor(rr.Status), Title: oneLine(res.ID) + ": " + string(rr.Status)})
	}
	m2.Legend = []htmlLegend{
		{Color: "#e6550d", Label: p.tr("gap cell (darker: more weight)")},
		{Color: statusColor(access.Complete), Label: p.tr("resident: complete"), Dot: true},
		{Color: statusColor(access.Partial), Label: p.tr("resident: partial"), Dot: true},
		{Color: statusColor(access.Unroutable), Label: p.tr("resident: unroutable"), Dot: true},
	}
	if stride > 1 {
		m2.Legend = append(m2.Legend, htmlLegend{Label: p.tr("(every %s%s resident drawn: %s of %s)", fmt.Sprint(stride), ordinalSuffix(stride), fmt.Sprint(len(m2.Dots)), fmt.Sprint(len(p.a.Residents)))})
	}
	return []htmlMap{m1, m2}
}

// maxDots bounds the resident dots of the HTML map.
const maxDots = 20000

// ordinalSuffix returns "st", "nd", "rd" or "th" for n.
func ordinalSuffix(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}
