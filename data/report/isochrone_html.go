package report

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// IsochronePage is what WriteIsochronesHTML draws.
type IsochronePage struct {
	// Contours are the isochrones, one per budget; Meta says how they
	// were made (as in the GeoJSON file).
	Contours []isochrone.Contour
	Meta     IsochroneMeta
	// Starts are the start points as given.
	Starts []orb.Point
	// Network, when set, is drawn as the street basemap.
	Network *routing.Graph
	// Lang is the language of the page's texts; "" means English.
	Lang i18n.Language
}

// isoColors colour the isochrones from the smallest budget (green) to the
// largest (red), as the report's minute classes do.
func isoColors(n int) []string {
	ramp := [...]string{"#1a9850", "#66bd63", "#a6d96a", "#d9ef8b", "#fee08b", "#fdae61", "#f46d43", "#d73027"}
	out := make([]string, n)
	for i := range out {
		k := 0
		if n > 1 {
			k = int(math.Round(float64(i) * float64(len(ramp)-1) / float64(n-1)))
		}
		out[i] = ramp[k]
	}
	return out
}

// isoWidthPx is the nominal on-screen width of the isochrone map in a
// 1280-pixel-wide window (see overviewWidthPx).
const isoWidthPx = 1180.0

type isoPage struct {
	T           isoText
	Title       string
	Attribution string
	Footer      string
	CSS, IsoCSS template.CSS
	JS          template.JS
	Header      []htmlKV
	Map         htmlMap
	Head        []htmlCell
	Rows        [][]htmlCell
}

// isoTemplate uses the report's "map" template (pageTemplate).
const isoTemplate = `<!DOCTYPE html>
<html lang="{{.T.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
<style>{{.IsoCSS}}</style>
</head>
<body class="iso-doc">
<header>
<h1>{{.Title}}</h1>
<p class="attribution">{{.Attribution}}</p>
<table class="header" id="run">
{{- range .Header}}
<tr><th>{{.Key}}</th><td>{{.Value}}</td></tr>
{{- end}}
</table>
</header>
<section class="iso-sec">
{{template "map" .Map}}
</section>
<section class="iso-table">
<h2>{{.T.Contours}}</h2>
<table id="contours">
<thead><tr>{{range .Head}}<th{{if .Right}} class="num"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td{{if .Right}} class="num"{{end}}{{if .Key}} data-key="{{.Key}}"{{end}}>{{.Text}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</section>
<footer>{{.Attribution}}. {{.Footer}}</footer>
<script>{{.JS}}</script>
</body>
</html>
`

// isoStaticCSS styles what only the isochrone page draws, after
// report.css.
const isoStaticCSS = `path.iso{fill-opacity:.85;stroke-opacity:.9;stroke-width:calc(var(--s,1)*1.5px);stroke-linejoin:round;fill-rule:evenodd}
path.iso:hover{stroke:#000;stroke-width:calc(var(--s,1)*2.5px)}
circle.start{r:calc(var(--s,1)*6px);fill:#08306b;stroke:#fff;stroke-width:calc(var(--s,1)*2px)}
#run{margin:.3em 0 .8em}
@media print{.iso-sec svg.map{max-height:190mm}.iso-sec .mapbox{break-inside:avoid}}
`

// WriteIsochronesHTML writes one self-contained page in the look of the
// audit's HTML report: the run (OSM data timestamp, source, profile and
// speed, start points, H3 resolution, walkshed version), then a map with
// each contour as a layer of its own that a box shows or hides (the
// largest drawn first, the smallest on top, holes kept), the streets of
// Network over them, the start points, a legend in minutes (or metres), a
// scale bar, a north arrow and the attribution, panned and zoomed by the
// report's script; then a table of the contours with the numbers of the
// GeoJSON file (walking distance, area, street reached, cells). A4 print
// keeps the map on the first page. No external resource; the same input
// gives the same bytes.
func WriteIsochronesHTML(w io.Writer, p IsochronePage) error {
	if !p.Lang.Valid() {
		return fmt.Errorf("report: isochrones: %q is not a language: want en or zh", string(p.Lang))
	}
	tmpl, err := template.New("report").Parse(pageTemplate)
	if err == nil {
		tmpl, err = tmpl.New("iso").Parse(isoTemplate)
	}
	if err != nil {
		return fmt.Errorf("report: isochrone template: %w", err)
	}
	t := translated(englishIsoText(), p.Lang)
	ht := localText(p.Lang)
	ht.HoverHint = t.HoverHint
	m := p.Meta
	page := isoPage{T: t, Title: t.Title, Attribution: Attribution, Footer: ht.Footer,
		CSS: template.CSS(reportCSS), JS: template.JS(reportJS)}
	kv := func(k, v string) {
		if v != "" {
			page.Header = append(page.Header, htmlKV{Key: k, Value: oneLine(v)})
		}
	}
	kv(t.RowTimestamp, m.Timestamp)
	kv(t.RowSource, m.Source)
	kv(t.RowProfile, fmt.Sprintf(t.Profile, p.Lang.Text(m.Profile), trimmed(m.Speed, 2)))
	var starts []string
	for _, s := range p.Starts {
		starts = append(starts, coord(s.Lon())+","+coord(s.Lat()))
	}
	kv(t.RowStarts, strings.Join(starts, p.Lang.ListSeparator()))
	kv(t.RowResolution, strconv.Itoa(m.Resolution))
	kv(t.RowVersion, m.Version)

	// Budgets from the smallest; drawn from the largest.
	order := largestFirst(p.Contours)
	slices.Reverse(order)
	rank := make([]int, len(p.Contours))
	for r, i := range order {
		rank[i] = r
	}
	colors := isoColors(len(order))
	label := func(c isochrone.Contour) string {
		if c.Budget.Meters > 0 {
			return fmt.Sprintf(t.WithinMeters, trimmed(c.Budget.Meters, 1))
		}
		return fmt.Sprintf(t.WithinMinutes, trimmed(c.Budget.Minutes, 1))
	}

	// The frame: every contour and start point.
	var bound orb.Bound
	have := false
	extend := func(pt orb.Point) {
		switch {
		case !usable(pt):
		case !have:
			bound, have = orb.Bound{Min: pt, Max: pt}, true
		default:
			bound = bound.Extend(pt)
		}
	}
	for _, c := range p.Contours {
		b := c.Geometry.Bound()
		if len(c.Geometry) > 0 {
			extend(b.Min)
			extend(b.Max)
		}
	}
	for _, s := range p.Starts {
		extend(s)
	}
	pr := newMProj(bound)
	u := pr.unitsPerPx(isoWidthPx)
	mp := htmlMap{T: ht, Attribution: Attribution, ID: "map-iso", Caption: t.Caption,
		ViewBox: "0 0 " + mnum(pr.w) + " " + mnum(pr.h), S: strconv.FormatFloat(u, 'g', 4, 64), Scale: scaleBar(u)}
	var body, css strings.Builder
	css.WriteString(isoStaticCSS)
	for r := len(order) - 1; r >= 0; r-- {
		c := p.Contours[order[r]]
		var d svgPath
		for _, pg := range c.Geometry {
			for _, ring := range pg {
				d.ring(pr, ring)
			}
		}
		budget := "data-minutes=\"" + strconv.FormatFloat(c.Budget.Minutes, 'f', -1, 64) + "\""
		if c.Budget.Meters > 0 {
			budget = "data-meters=\"" + strconv.FormatFloat(c.Budget.Meters, 'f', -1, 64) + "\""
		}
		hover := fmt.Sprintf(t.ContourHover, label(c), fixed(c.AreaM2/1e6, 2), fixed(c.StreetM/1000, 1))
		fmt.Fprintf(&body, `<g class="L L-iso%d"><path class="iso" %s data-n="%d" data-area-m2="%s" fill="%s" stroke="%s" data-name="%s" d="%s"><title>%s</title></path></g>`,
			r, budget, d.n, fixed(c.AreaM2, 0), colors[r], colors[r], esc(hover), d.b.String(), esc(hover))
	}
	for r, i := range order {
		key := "iso" + strconv.Itoa(r)
		mp.Layers = append(mp.Layers, htmlLayer{Key: key, Label: label(p.Contours[i]), On: true})
		mp.Legend = append(mp.Legend, htmlLegend{Color: colors[r], Label: label(p.Contours[i]), Kind: "box"})
		fmt.Fprintf(&css, ".hide-%s .L-%s{display:none}\n", key, key)
	}
	// The streets over the isochrones, which are nearly opaque so that
	// each band shows its legend's colour.
	if have {
		if d, n := streetsPath(pr, p.Network); n > 0 {
			fmt.Fprintf(&body, `<g class="L L-streets"><path class="streets" data-n="%d" d="%s"/></g>`, n, d)
			mp.Layers = append([]htmlLayer{{Key: "streets", Label: t.LayerStreets, On: true}}, mp.Layers...)
			mp.Legend = append([]htmlLegend{{Color: "#7a7a7a", Label: t.LayerStreets, Kind: "line"}}, mp.Legend...)
		}
	}
	body.WriteString(`<g class="L L-starts">`)
	for i, s := range p.Starts {
		if !usable(s) {
			continue
		}
		x, y := pr.xy(s)
		name := fmt.Sprintf(t.Start, strconv.Itoa(i+1), coord(s.Lon()), coord(s.Lat()))
		fmt.Fprintf(&body, `<circle class="start" cx="%s" cy="%s" data-name="%s"><title>%s</title></circle>`, mnum(x), mnum(y), esc(name), esc(name))
	}
	body.WriteString(`</g>`)
	css.WriteString(".hide-starts .L-starts{display:none}\n")
	mp.Layers = append(mp.Layers, htmlLayer{Key: "starts", Label: t.LayerStarts, On: true})
	mp.Legend = append(mp.Legend, htmlLegend{Color: "#08306b", Label: t.LayerStarts, Kind: "dot"})
	mp.Body = template.HTML(body.String())
	page.Map = mp
	page.IsoCSS = template.CSS(css.String())

	page.Head = []htmlCell{{Text: t.ColBudget}, {Text: t.ColWalk, Right: true}, {Text: t.ColArea, Right: true},
		{Text: t.ColStreet, Right: true}, {Text: t.ColCells, Right: true}}
	for _, i := range order {
		c := p.Contours[i]
		page.Rows = append(page.Rows, []htmlCell{
			{Text: label(c), Key: "budget"},
			{Text: fixed(c.Meters, 1), Right: true, Key: "walk_m"},
			{Text: fixed(c.AreaM2/1e6, 3), Right: true, Key: "area_km2"},
			{Text: fixed(c.StreetM/1000, 2), Right: true, Key: "street_km"},
			{Text: strconv.Itoa(len(c.Cells)), Right: true, Key: "cells"},
		})
	}
	b := bufio.NewWriterSize(w, 1<<16)
	if err := tmpl.ExecuteTemplate(b, "iso", page); err != nil {
		return fmt.Errorf("report: isochrones: %w", err)
	}
	return b.Flush()
}
