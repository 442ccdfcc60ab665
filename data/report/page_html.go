package report

// The HTML of the reports other than the audit's (emergency, volunteers,
// incidents, siting, comparison, cards): one page template with inline SVG
// maps. The audit's report has the redesigned look (html.go, html_map.go);
// moving these pages onto it is issue 9's remaining work.

import (
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// Map layout, in CSS pixels.
const (
	pgMapMaxW = 720.0
	pgMapMaxH = 560.0
	pgMapPad  = 12.0
	pgDotR    = "2.2"
)

type (
	pgPage struct {
		Title       string
		Attribution string
		Header      []pgKV
		Maps        []pgMap
		Sections    []pgSection

		// Lang (the HTML lang attribute) and Footer are in the report's
		// language.
		Lang, Footer string
	}
	pgKV      struct{ Key, Value string }
	pgSection struct {
		Title, Intro string
		Head         []pgCell
		Rows         [][]pgCell
		Notes        []string
	}
	pgCell struct {
		Text  string
		Right bool
	}
	pgMap struct {
		Caption     string
		W, H        string
		Attribution string
		Paths       []pgPath
		Dots        []pgDot
		Legend      []pgLegend
	}
	pgPath struct {
		D, Fill, Opacity, Stroke, Width, Title string
	}
	pgDot struct {
		X, Y, Fill, Title string
	}
	pgLegend struct {
		Color, Label string
		Dot          bool
	}
)

const pgTemplate = `<!DOCTYPE html>
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
<circle cx="{{.X}}" cy="{{.Y}}" r="` + pgDotR + `" fill="{{.Fill}}"><title>{{.Title}}</title></circle>
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

// projection maps lon/lat to SVG pixels: equirectangular, x scaled by the
// cosine of the middle latitude, north up.
type projection struct {
	minLon, maxLat, cos, scale float64
	w, h                       float64
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
	scale := math.Min((pgMapMaxW-2*pgMapPad)/dx, (pgMapMaxH-2*pgMapPad)/dy)
	return projection{minLon: b.Min[0], maxLat: b.Max[1], cos: cos, scale: scale,
		w: math.Ceil(dx*scale + 2*pgMapPad), h: math.Ceil(dy*scale + 2*pgMapPad)}, true
}

// xy projects a point to pixels.
func (pr projection) xy(pt orb.Point) (x, y float64) {
	return pgMapPad + (pt.Lon()-pr.minLon)*pr.cos*pr.scale, pgMapPad + (pr.maxLat-pt.Lat())*pr.scale
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
