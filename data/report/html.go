package report

import (
	"bufio"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing/access"
)

//go:embed assets/report.css
var reportCSS string

//go:embed assets/report.js
var reportJS string

// shareClass is one class of the "15-minute complete" colour ramp.
type shareClass struct {
	upTo  float64 // upper bound of the share in percent, exclusive
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

// categoryColors tell categories apart on the overview's facility layer
// (ColorBrewer Dark2 and Set1, cycled).
var categoryColors = []string{"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#377eb8", "#984ea3", "#666666"}

// Template data.
type (
	htmlPage struct {
		T           htmlText
		Title       string
		Attribution string
		CSS         template.CSS
		JS          template.JS
		Header      []htmlKV
		Defs        template.HTML
		Overview    *htmlMap
		Shares      htmlShares
		Categories  []htmlMap
		Sections    []htmlSection
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
		Key   string // data-key of the cell, for tests and scripts
	}
	// htmlShares is the per-grid share table beside the overview map.
	htmlShares struct {
		Head []htmlCell
		Rows [][]htmlCell
		Note string
	}
	htmlMap struct {
		T                         htmlText // the labels, for the map template
		Attribution               string
		ID, Caption, Note, Banner string
		ViewBox, S                string
		Res                       int // H3 resolution of a category map's cells
		Body                      template.HTML
		Layers                    []htmlLayer
		Hidden                    string // initial hide-* classes
		Legend                    []htmlLegend
		Scale                     htmlScale
	}
	htmlLayer struct {
		Key, Label string
		On         bool
	}
	htmlLegend struct {
		Color, Label string
		Kind         string // "box", "dot", "line" or "" (text only)
	}
	htmlScale struct{ Px, Label string }
)

const pageTemplate = `{{template "head" .}}
{{- with .Overview}}
<section class="overview-sec">
<h2>{{$.T.Overview}}</h2>
<div class="overview">
{{template "map" .}}
<div class="shares">
<h3>{{$.T.GridShares}}</h3>
<table id="shares">
<thead><tr>{{range $.Shares.Head}}<th{{if .Right}} class="num"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
<tbody>
{{- range $.Shares.Rows}}
<tr>{{range .}}<td{{if .Right}} class="num"{{end}}{{if .Key}} data-key="{{.Key}}"{{end}}>{{.Text}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- with $.Shares.Note}}
<p class="note">{{.}}</p>
{{- end}}
</div>
</div>
</section>
{{- end}}
{{- if .Categories}}
<section class="catsec">
<h2>{{.T.CategoryMaps}}</h2>
<div class="catmaps">
{{- range .Categories}}
{{template "map" .}}
{{- end}}
</div>
</section>
{{- end}}
{{template "tail" .}}` + headTemplate + tailTemplate + mapTemplate

// headTemplate opens the audit's page and the other reports' pages alike:
// the document head with the stylesheet, the title and attribution, and
// the shared map drawings (Defs). Its data has T (Lang), Title, CSS,
// Attribution and Defs.
const headTemplate = `{{define "head"}}<!DOCTYPE html>
<html lang="{{.T.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="attribution">{{.Attribution}}</p>
</header>
{{.Defs}}{{end}}`

// tailTemplate closes the audit's page and the other reports' pages alike:
// the run's header table, the sections (intro, table, notes), the footer
// and the script. Its data has T (Run, Footer), Header, Sections,
// Attribution and JS.
const tailTemplate = `{{define "tail"}}<section class="run later">
<h2>{{.T.Run}}</h2>
<table class="header">
{{- range .Header}}
<tr><th>{{.Key}}</th><td>{{.Value}}</td></tr>
{{- end}}
</table>
</section>
{{- range .Sections}}
<section class="later">
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
<footer>{{.Attribution}}. {{.T.Footer}}</footer>
<script>{{.JS}}</script>
</body>
</html>
{{end}}`

// mapTemplate draws one map of the reports' look (htmlMap): its caption,
// tools, the SVG, north arrow, scale bar, credit and legend.
const mapTemplate = `{{define "map"}}<figure class="map-fig" id="{{.ID}}"{{if .Res}} data-res="{{.Res}}"{{end}}>
<figcaption>{{.Caption}}</figcaption>
<div class="tools">
<button type="button" data-zoom="in" title="{{$.T.ZoomIn}}" aria-label="{{$.T.ZoomIn}}">+</button><button type="button" data-zoom="out" title="{{$.T.ZoomOut}}" aria-label="{{$.T.ZoomOut}}">−</button><button type="button" data-zoom="home" title="{{$.T.ZoomHome}}" aria-label="{{$.T.ZoomHome}}">⌂</button>
<span>{{$.T.Layers}}:</span>
{{- range .Layers}}
<label><input type="checkbox" data-layer="{{.Key}}"{{if .On}} checked{{end}}> {{.Label}}</label>
{{- end}}
</div>
<div class="mapbox">
<svg class="map{{.Hidden}}" xmlns="http://www.w3.org/2000/svg" viewBox="{{.ViewBox}}" preserveAspectRatio="xMidYMid meet" style="--s:{{.S}}" role="img" aria-label="{{.Caption}}">
{{.Body}}
</svg>
<svg class="north" viewBox="0 0 26 38" aria-label="{{$.T.North}}"><path d="M13 2 L22 26 L13 20 L4 26 Z" fill="#222" stroke="#fff" stroke-width="1"/><text x="13" y="36" text-anchor="middle" font-size="11" font-weight="700" fill="#222">N</text></svg>
<div class="scalebar"><div class="bar" style="width:{{.Scale.Px}}px"></div><span>{{.Scale.Label}}</span></div>
<div class="credit">{{$.Attribution}}</div>
{{- if .Banner}}
<div class="banner">{{.Banner}}</div>
{{- end}}
</div>
<p class="info">{{$.T.HoverHint}}</p>
<ul class="legend">
{{- range .Legend}}
<li>{{if eq .Kind "box"}}<svg width="14" height="14"><rect x="0.5" y="0.5" width="13" height="13" fill="{{.Color}}" stroke="#555"/></svg>{{else if eq .Kind "dot"}}<svg width="14" height="14"><circle cx="7" cy="7" r="5" fill="{{.Color}}" stroke="#fff" stroke-width="1.5"/></svg>{{else if eq .Kind "line"}}<svg width="18" height="14"><path d="M1 7h16" stroke="{{.Color}}" stroke-width="2"/></svg>{{end}}{{.Label}}</li>
{{- end}}
</ul>
{{- if .Note}}
<p class="note">{{.Note}}</p>
{{- end}}
</figure>{{end}}`

// WriteHTML writes one self-contained HTML page that opens offline (no
// CDN, no tile server, no web font): the maps first, then the run's header
// and the tables of WriteMarkdown.
//
// The overview map draws the street network (Audit.Network) as a
// basemap, the grids filled by their "complete" share on a five-class
// ramp and labelled with their names, the gap cells, the residents and
// the facilities; beside it a table gives each grid's complete share (and
// compliant share, with Audit.Compliance). Then one map per category
// colours the H3 cells holding residents by the walk of their median
// resident to the nearest facility, with that category's facilities as
// symbols that name themselves on hover; a category without any facility
// says so on its map instead of colouring every cell as beyond reach.
//
// Maps are inline SVG in metres (see mproj) with a scale bar, a north
// arrow, a legend and the attribution; a small script of the package's own
// pans and zooms them through the viewBox and toggles their layers. Gap
// cells, cells and streets keep a minimum on-screen size at any extent
// (non-scaling strokes). An @media print stylesheet lays the page out on
// A4. Every name is escaped.
func WriteHTML(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	tmpl, err := template.New("report").Parse(pageTemplate)
	if err != nil {
		return fmt.Errorf("report: html template: %w", err)
	}
	t := localText(p.lang)
	page := htmlPage{T: t, Title: p.title(), Attribution: Attribution, CSS: template.CSS(reportCSS), JS: template.JS(reportJS)}
	for _, l := range p.headerLines() {
		page.Header = append(page.Header, htmlKV{Key: l.key, Value: l.value})
	}
	page.Shares = p.shareTable(t)
	p.buildMaps(&page, t)
	page.Sections = htmlSections(p.sections(false), t.RowsCut)
	return executeHTML(w, tmpl, page)
}

// htmlSections lays out report sections for the pages' "tail" template:
// tables longer than maxHTMLRows are cut, with a note made from rowsCut
// (a format of the shown and the total count).
func htmlSections(sections []section, rowsCut string) []htmlSection {
	var out []htmlSection
	for _, s := range sections {
		hs := htmlSection{Title: s.title, Intro: s.intro, Notes: s.notes}
		if s.tab != nil {
			for i, h := range s.tab.head {
				hs.Head = append(hs.Head, htmlCell{Text: h, Right: s.tab.right[i]})
			}
			rows := s.tab.rows
			if len(rows) > maxHTMLRows {
				hs.Notes = append(hs.Notes, fmt.Sprintf(rowsCut, maxHTMLRows, len(rows)))
				rows = rows[:maxHTMLRows]
			}
			for _, row := range rows {
				cells := make([]htmlCell, len(row))
				for i, c := range row {
					cells[i] = htmlCell{Text: c, Right: s.tab.right[i]}
				}
				hs.Rows = append(hs.Rows, cells)
			}
		}
		out = append(out, hs)
	}
	return out
}

// executeHTML writes the page through a buffer.
func executeHTML(w io.Writer, tmpl *template.Template, data any) error {
	b := bufio.NewWriterSize(w, 1<<16)
	if err := tmpl.Execute(b, data); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	return nil
}

// served tells which categories have a facility on the network, and names
// the others.
func (p *prepared) served() (served []bool, unserved []string) {
	served = make([]bool, len(p.cats))
	for c := range p.cats {
		served[c] = c < len(p.r.FacilityCount) && p.r.FacilityCount[c] > 0
		if !served[c] {
			unserved = append(unserved, oneLine(p.cats[c]))
		}
	}
	return served, unserved
}

// compliance is the audit's compliant share per row: Audit.Compliance
// when set, else the every-category share of the tier of a standard
// (access.Tier.Standard) when the audit has one; nil otherwise.
func (p *prepared) compliance() *Compliance {
	if p.a.Compliance != nil {
		return p.a.Compliance
	}
	for _, t := range p.r.Tiers {
		if t.Tier.Standard == "" || len(t.Rows) != len(p.r.Rows) {
			continue
		}
		c := &Compliance{Standard: t.Tier.Standard, Share: make([]float64, len(t.Rows))}
		for i, row := range t.Rows {
			c.Share[i] = row.Complete.Share()
		}
		return c
	}
	return nil
}

// shareTable is the per-grid table beside the overview: grid, residents,
// complete share and, with a standard, compliant share.
func (p *prepared) shareTable(t htmlText) htmlShares {
	var s htmlShares
	s.Head = []htmlCell{{Text: t.ColGrid}, {Text: t.ColResidents, Right: true}, {Text: t.ColComplete, Right: true}}
	comp := p.compliance()
	if comp != nil {
		s.Head = append(s.Head, htmlCell{Text: fmt.Sprintf(t.Compliant, oneLine(comp.Standard)), Right: true})
	}
	// With a category that has no facility, nobody is complete; a second
	// column gives the share over the categories that have one, as the
	// overview map colours it.
	served, unserved := p.served()
	var ofServed []float64
	if len(unserved) > 0 && len(unserved) < len(p.cats) {
		s.Head = append(s.Head, htmlCell{Text: fmt.Sprintf(t.ColCompleteOf, len(p.cats)-len(unserved), len(p.cats)), Right: true})
		ofServed = p.completeOfServed(served, len(p.zoneNames))
	}
	grids := 0
	for i, row := range p.r.Rows {
		if row.Zone >= 0 {
			if grids++; grids > maxHTMLRows {
				continue
			}
		}
		cells := []htmlCell{
			{Text: oneLine(row.Name), Key: "grid"},
			{Text: strconv.Itoa(row.Residents), Right: true, Key: "residents"},
			{Text: orNone(pct(row.Complete.Share())), Right: true, Key: "complete"},
		}
		if ofServed != nil {
			v, nz := math.NaN(), len(p.zoneNames)
			switch {
			case row.Zone >= 0 && row.Zone < nz:
				v = ofServed[row.Zone]
			case row.Zone == access.RowOutside:
				v = ofServed[nz]
			case row.Zone == access.RowTotal:
				v = ofServed[nz+1]
			}
			cells = append(cells, htmlCell{Text: orNone(pct(v)), Right: true, Key: "complete_served"})
		}
		if comp != nil {
			v := math.NaN()
			if i < len(comp.Share) {
				v = comp.Share[i]
			}
			cells = append(cells, htmlCell{Text: orNone(pct(v)), Right: true, Key: "compliant"})
		}
		s.Rows = append(s.Rows, cells)
	}
	if grids > maxHTMLRows {
		s.Note = fmt.Sprintf(t.GridsCut, maxHTMLRows, grids)
	}
	return s
}

// frame is the part of the world the maps show: the grids, residents and
// gap cells.
func (p *prepared) frame() (orb.Bound, bool) {
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
	for _, g := range p.r.Gaps {
		for _, pt := range g.Cell.Boundary() {
			extend(pt)
		}
	}
	return bound, have
}

// scaleBar is the initial scale bar of a map drawn at u metres per pixel.
func scaleBar(u float64) htmlScale {
	m, label := niceLength(110 * u)
	return htmlScale{Px: fixed(m/u, 1), Label: label}
}

// niceLength is the longest 1, 2 or 5 × 10ⁿ metres not above target, and
// its label ("200 m", "1 km").
func niceLength(target float64) (float64, string) {
	pw := math.Pow(10, math.Floor(math.Log10(target)))
	m := pw
	for _, s := range []float64{5, 2, 1} {
		if s*pw <= target {
			m = s * pw
			break
		}
	}
	label := trimmed(m, 0) + " m"
	if m >= 1000 {
		label = trimmed(m/1000, 3) + " km"
	}
	return m, label
}

// buildMaps adds the overview and the category maps to page, and the
// shared street and outline drawings they use.
func (p *prepared) buildMaps(page *htmlPage, t htmlText) {
	bound, ok := p.frame()
	if !ok {
		return
	}
	pr := newMProj(bound)
	u, uc := pr.unitsPerPx(overviewWidthPx), pr.unitsPerPx(categoryWidthPx)
	base := htmlMap{T: t, Attribution: Attribution, ViewBox: "0 0 " + mnum(pr.w) + " " + mnum(pr.h),
		S: strconv.FormatFloat(u, 'g', 4, 64), Scale: scaleBar(u)}
	budget := minutesLabel(p.budgetMin)
	nz := len(p.zoneNames)

	// Shared drawings, referenced by every map with <use>.
	var defs strings.Builder
	defs.WriteString(`<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>`)
	streets, nEdges := streetsPath(pr, p.a.Network)
	if nEdges > 0 {
		defs.WriteString(`<path id="ws-streets" class="streets" data-n="` + strconv.Itoa(nEdges) + `" d="` + streets + `"/>`)
	}
	var outlines svgPath
	for _, row := range p.r.Rows {
		if z, ok := p.zoneOf(row); ok {
			for _, pg := range z.Geometry {
				for _, r := range pg {
					outlines.ring(pr, r)
				}
			}
		}
	}
	defs.WriteString(`<path id="ws-outlines" class="outline" d="` + outlines.b.String() + `"/>`)
	defs.WriteString(`<pattern id="ws-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45) scale(` +
		strconv.FormatFloat(u, 'g', 4, 64) + `)"><rect width="8" height="8" fill="#eee"/><path d="M0 0v8" stroke="#aaa" stroke-width="3"/></pattern>`)
	defs.WriteString(`</defs></svg>`)
	page.Defs = template.HTML(defs.String())
	streetLayer := ""
	if nEdges > 0 {
		streetLayer = `<g class="L L-streets"><use href="#ws-streets"/></g>`
	}

	served, unserved := p.served()
	nServed := len(p.cats) - len(unserved)

	// Overview.
	ov := base
	ov.ID = "map-overview"
	ov.Caption = fmt.Sprintf(t.OverviewCaption, budget)
	shares := make([]float64, nz)
	for z := range shares {
		shares[z] = math.NaN()
	}
	for _, row := range p.r.Rows {
		if row.Zone >= 0 && row.Zone < nz {
			shares[row.Zone] = row.Complete.Share()
		}
	}
	if len(unserved) > 0 && nServed > 0 {
		ov.Caption = fmt.Sprintf(t.OverviewCaptionOf, budget, nServed, len(p.cats))
		ov.Note = fmt.Sprintf(t.NoFacilityNote, strings.Join(unserved, ", "))
		shares = p.completeOfServed(served, nz)
	}
	var body strings.Builder
	body.WriteString(`<g class="L L-grids">`)
	nGrids := 0
	var labels strings.Builder
	for _, row := range p.r.Rows {
		z, ok := p.zoneOf(row)
		if !ok || len(z.Geometry) == 0 {
			continue
		}
		var d svgPath
		for _, pg := range z.Geometry {
			for _, r := range pg {
				d.ring(pr, r)
			}
		}
		share := shares[row.Zone]
		hover := fmt.Sprintf(t.GridHoverEmpty, oneLine(row.Name))
		if s := pct(share); s != "" {
			hover = fmt.Sprintf(t.GridHover, oneLine(row.Name), s, row.Residents)
		}
		title := ""
		if len(p.r.Rows) <= maxTitleGrids {
			title = "<title>" + esc(hover) + "</title>"
		}
		fmt.Fprintf(&body, `<path class="grid" fill="%s" data-name="%s" d="%s">%s</path>`,
			shareColor(share), esc(hover), d.b.String(), title)
		nGrids++
		if x, y, w, ok := labelPoint(pr, z.Geometry); ok {
			small := ""
			if w/u < 46 {
				small = ` small`
			}
			v := pct(share)
			if v == "" {
				v = none
			} else {
				v += " %"
			}
			fmt.Fprintf(&labels, `<text class="lbl%s" x="%s" y="%s" data-w="%s">%s<tspan class="v" x="%s" dy="1.15em">%s</tspan></text>`,
				small, mnum(x), mnum(y), mnum(w), esc(labelName(row.Name)), mnum(x), esc(v))
		}
	}
	body.WriteString(`</g>`)
	body.WriteString(streetLayer)

	// Gap cells, weight shown by opacity; a non-scaling stroke keeps each
	// at least a few pixels wide however far out the map is zoomed. Up to
	// maxHoverGaps cells are one element each, named on hover; more are
	// drawn as one path per opacity step, which a browser opens far faster
	// (the list is in gaps.geojson). A category without any facility puts
	// every resident in a gap; the map leaves it out, as it does from the
	// grids' share, and shows the cells missing another category.
	var gaps []access.GapCell
	gapWeight := func(g access.GapCell) float64 {
		w := 0.0
		for c, m := range g.Missing {
			if served[c] {
				w = math.Max(w, m)
			}
		}
		return w
	}
	maxW := 0.0
	for _, g := range p.r.Gaps {
		if w := gapWeight(g); w > 0 || len(unserved) == 0 {
			gaps = append(gaps, g)
			maxW = math.Max(maxW, w)
		}
	}
	opacity := func(g access.GapCell) float64 {
		if maxW > 0 {
			return 0.15 + 0.45*gapWeight(g)/maxW
		}
		return 0.4
	}
	if len(gaps) <= maxHoverGaps {
		body.WriteString(`<g class="L L-gaps">`)
		for _, g := range gaps {
			var d svgPath
			d.ring(pr, g.Cell.Boundary())
			fmt.Fprintf(&body, `<path class="gap" fill-opacity="%s" data-name="%s" d="%s"/>`, fixed(opacity(g), 2),
				esc(fmt.Sprintf(t.GapHover, g.Cell, g.Count, weight(g.Weight))), d.b.String())
		}
	} else {
		// Many gap cells: drawn as their parents of the finest resolution
		// with at most maxGapShapes of them, in four opacity steps by the
		// weight they hold, so a region's map paints in a blink.
		res, parents := p.gapParents(gaps, gapWeight)
		fmt.Fprintf(&body, `<g class="L L-gaps" data-res="%d">`, res)
		top := 0.0
		for _, w := range parents {
			top = math.Max(top, w.weight)
		}
		const steps = 4
		var paths [steps]svgPath
		for _, pc := range parents {
			k := steps - 1
			if top > 0 {
				k = min(int(pc.weight/top*steps), steps-1)
			}
			paths[k].ring(pr, pc.cell.Boundary())
		}
		for k := range paths {
			if paths[k].n > 0 {
				fmt.Fprintf(&body, `<path class="gap" fill-opacity="%s" data-n="%d" d="%s"/>`,
					fixed(0.15+0.45*(float64(k)+1)/steps, 2), paths[k].n, paths[k].b.String())
			}
		}
		ov.Note = strings.TrimSpace(ov.Note + " " + fmt.Sprintf(t.GapsCoarse, len(gaps), p.gapResolution(), len(parents), res))
	}
	body.WriteString(`</g>`)

	// Residents as dots of fixed screen size: zero-length segments with
	// round caps. At most maxDots are drawn (every stride-th, in input
	// order) so a region's report stays a page a browser opens.
	stride := max((len(p.a.Residents)+maxDots-1)/maxDots, 1)
	statuses := []access.Status{access.Complete, access.Partial, access.Unroutable}
	dots := make([]svgPath, len(statuses))
	drawn := 0
	for i, res := range p.a.Residents {
		if !usable(res.Point) || i%stride != 0 {
			continue
		}
		k := 0
		for k < len(statuses)-1 && statuses[k] != p.r.Residents[i].Status {
			k++
		}
		x, y := pr.xy(res.Point)
		dots[k].move(x, y)
		dots[k].b.WriteString("h0")
		drawn++
	}
	body.WriteString(`<g class="L L-residents">`)
	for k, s := range statuses {
		if dots[k].n > 0 {
			fmt.Fprintf(&body, `<path class="dots" data-status="%s" data-n="%d" stroke="%s" d="%s"/>`, s, dots[k].n, statusColor(s), dots[k].b.String())
		}
	}
	body.WriteString(`</g>`)

	// Facilities of every category.
	catIndex := make(map[string]int, len(p.cats))
	for c, name := range p.cats {
		catIndex[name] = c
	}
	off := make([]bool, len(p.a.Facilities))
	for _, is := range p.r.Facilities {
		off[is.Facility] = true
	}
	facilities := func(b *strings.Builder, only int, color func(int) string) int {
		n := 0
		for i, f := range p.a.Facilities {
			c, ok := catIndex[f.Category]
			if !ok || (only >= 0 && c != only) || !usable(f.Point) {
				continue
			}
			name := oneLine(f.Name)
			if name == "" {
				name = t.Unnamed + " " + oneLine(f.ID)
			}
			hover, cls := fmt.Sprintf(t.FacilityHover, name, oneLine(f.Category)), "fac"
			if off[i] {
				hover, cls = fmt.Sprintf(t.FacilityOff, name, oneLine(f.Category)), "fac off"
			}
			x, y := pr.xy(f.Point)
			fmt.Fprintf(b, `<circle class="%s" cx="%s" cy="%s" fill="%s" data-name="%s"><title>%s</title></circle>`,
				cls, mnum(x), mnum(y), color(c), esc(hover), esc(hover))
			n++
		}
		return n
	}
	body.WriteString(`<g class="L L-facilities">`)
	facilities(&body, -1, func(c int) string { return categoryColors[c%len(categoryColors)] })
	body.WriteString(`</g>`)
	body.WriteString(`<g class="L L-labels">` + labels.String() + `</g>`)
	ov.Body = template.HTML(body.String())
	ov.Layers = []htmlLayer{{"grids", t.LayerGrids, true}, {"labels", t.LayerLabels, true}, {"gaps", t.LayerGaps, true},
		{"residents", t.LayerResidents, false}, {"facilities", t.LayerFacilities, false}}
	if nEdges > 0 {
		ov.Layers = append([]htmlLayer{{"streets", t.LayerStreets, true}}, ov.Layers...)
	}
	ov.Hidden = " hide-residents hide-facilities"
	if nGrids > 500 {
		ov.Hidden += " many" // thinner grid outlines
	}
	for _, c := range shareRamp() {
		ov.Legend = append(ov.Legend, htmlLegend{Color: c.color, Label: c.label, Kind: "box"})
	}
	ov.Legend = append(ov.Legend, htmlLegend{Color: noDataColor, Label: t.NoResidents, Kind: "box"},
		htmlLegend{Color: "#e6550d", Label: t.GapCell, Kind: "box"})
	for _, s := range statuses {
		ov.Legend = append(ov.Legend, htmlLegend{Color: statusColor(s), Label: p.lang.Text(fmt.Sprintf(englishText().Resident, s)), Kind: "dot"})
	}
	if stride > 1 {
		ov.Legend = append(ov.Legend, htmlLegend{Label: "(" + fmt.Sprintf(t.ResidentsSampled, stride, ordinalSuffix(stride), drawn, len(p.a.Residents)) + ")"})
	}
	for c, name := range p.cats {
		ov.Legend = append(ov.Legend, htmlLegend{Color: categoryColors[c%len(categoryColors)], Label: fmt.Sprintf(t.Facility, oneLine(name)), Kind: "dot"})
	}
	if nGrids > 0 || len(p.r.Gaps) > 0 || drawn > 0 {
		page.Overview = &ov
	}

	// One map per category.
	res, cells, of := p.mapCells()
	boundaries := make([]string, len(cells))
	for j, c := range cells {
		var d svgPath
		d.ring(pr, c.Boundary())
		boundaries[j] = d.b.String()
	}
	classes := p.minuteClasses(t)
	for c, cat := range p.cats {
		m := base
		m.S, m.Scale = strconv.FormatFloat(uc, 'g', 4, 64), scaleBar(uc)
		m.ID = "map-cat-" + strconv.Itoa(c)
		m.Caption = fmt.Sprintf(t.CategoryCaption, oneLine(cat), budget)
		m.Note = fmt.Sprintf(t.CellsNote, res)
		m.Res = res
		var b strings.Builder
		b.WriteString(`<g class="L L-cells">`)
		if served[c] {
			byClass := make([]strings.Builder, len(classes))
			counts := make([]int, len(classes))
			for j, v := range p.cellValues(c, cells, of) {
				k := p.minuteClassOf(v.value)
				byClass[k].WriteString(boundaries[j])
				counts[k]++
			}
			for k, cl := range classes {
				if counts[k] > 0 {
					fmt.Fprintf(&b, `<path class="cells" data-class="%s" data-n="%d" fill="%s" stroke="%s" d="%s"/>`,
						cl.key, counts[k], cl.color, cl.color, byClass[k].String())
				}
			}
			for k, cl := range classes {
				if k < 4 || counts[k] > 0 {
					m.Legend = append(m.Legend, htmlLegend{Color: cl.color, Label: cl.label, Kind: "box"})
				}
			}
		} else {
			m.Banner = fmt.Sprintf(t.NoFacility, oneLine(cat))
			fmt.Fprintf(&b, `<path class="cells" data-class="nofacility" data-n="%d" fill="url(#ws-hatch)" stroke="%s" d="%s"/>`,
				len(cells), colorNoFacility, strings.Join(boundaries, ""))
			m.Legend = append(m.Legend, htmlLegend{Color: colorNoFacility, Label: t.NoFacilityClass, Kind: "box"})
		}
		b.WriteString(`</g>`)
		b.WriteString(streetLayer)
		b.WriteString(`<g class="L L-grids"><use href="#ws-outlines"/></g>`)
		b.WriteString(`<g class="L L-facilities">`)
		facilities(&b, c, func(int) string { return "#08306b" })
		b.WriteString(`</g>`)
		m.Body = template.HTML(b.String())
		m.Layers = []htmlLayer{{"cells", t.LayerCells, true}, {"grids", t.LayerGrids, true}, {"facilities", t.LayerFacilities, true}}
		if nEdges > 0 {
			// A region's streets are a grey wash at its full extent; the
			// category maps start without them (a tick shows them), so the
			// page paints the large network once, on the overview.
			on := nEdges <= maxCategoryStreets
			if !on {
				m.Hidden = " hide-streets"
			}
			m.Layers = append([]htmlLayer{{"streets", t.LayerStreets, on}}, m.Layers...)
		}
		m.Legend = append(m.Legend, htmlLegend{Color: "#08306b", Label: fmt.Sprintf(t.Facility, oneLine(cat)), Kind: "dot"},
			htmlLegend{Color: "#333", Label: t.GridOutline, Kind: "line"})
		page.Categories = append(page.Categories, m)
	}
}

// gapParent is a coarser cell holding gap cells, with their weight.
type gapParent struct {
	cell   hex.Cell
	weight float64
}

// gapParents groups gap cells into their parents of the finest resolution
// that gives at most maxGapShapes of them (resolution 5 at the coarsest),
// summing weight(g); parents are in cell order.
func (p *prepared) gapParents(gaps []access.GapCell, weight func(access.GapCell) float64) (int, []gapParent) {
	for res := p.gapResolution() - 1; ; res-- {
		sums := map[hex.Cell]float64{}
		for _, g := range gaps {
			if c, err := g.Cell.Parent(res); err == nil {
				sums[c] += weight(g)
			}
		}
		if len(sums) <= maxGapShapes || res <= 5 {
			out := make([]gapParent, 0, len(sums))
			for c, w := range sums {
				out = append(out, gapParent{c, w})
			}
			slices.SortFunc(out, func(a, b gapParent) int { return cmp.Compare(a.cell, b.cell) })
			return res, out
		}
	}
}

// minuteClasses are the classes of the category maps, in minuteClassOf
// order.
func (p *prepared) minuteClasses(t htmlText) []minuteClass {
	out := make([]minuteClass, 0, 5)
	for k := range 3 {
		from, to := p.budgetMin*float64(k)/3, p.budgetMin*float64(k+1)/3
		out = append(out, minuteClass{key: "m" + strconv.Itoa(k), color: minuteColors[k],
			label: fmt.Sprintf(t.MinutesClass, trimmed(from, 1), trimmed(to, 1))})
	}
	return append(out,
		minuteClass{key: "beyond", color: colorBeyond, label: fmt.Sprintf(t.MinutesBeyond, trimmed(p.budgetMin, 1))},
		minuteClass{key: "unroutable", color: colorUnroutable, label: t.Unroutable})
}

// labelName is the part of a grid name a map label shows: the place of a
// readable H3 name "Place (8a39…)" without the index, which the hover and
// the tables keep.
func labelName(name string) string {
	name = oneLine(name)
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		if c, err := hex.ParseCell(name[i+2 : len(name)-1]); err == nil && c.Valid() {
			return name[:i]
		}
	}
	return name
}

// maxDots bounds the resident dots of the HTML map.
const maxDots = 20000

// Beyond these counts the HTML report draws gap cells as a few paths and
// grids without a tooltip of their own (the hover line still names them),
// and cuts its tables, pointing to the CSV files: a region's report then
// opens in a browser in seconds rather than a minute.
const (
	maxHoverGaps       = 2000
	maxGapShapes       = 4000
	maxCategoryStreets = 50000
	maxTitleGrids      = 2000
	maxHTMLRows        = 500
)

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
