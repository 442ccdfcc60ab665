package report

// The HTML of the reports other than the audit's (emergency, volunteers,
// incidents, siting, comparison) in the audit's look (html.go,
// html_map.go): the same stylesheet and script, the same header table,
// sections and footer, and maps drawn with the same component (mproj,
// svgPath, scale bar, north arrow, legend, layer toggles, pan and zoom),
// over the street network when the report carries it.

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// lookPage is the template data of those reports.
type lookPage struct {
	T           htmlText
	Title       string
	Attribution string
	CSS         template.CSS
	JS          template.JS
	Header      []htmlKV
	Defs        template.HTML
	Maps        []htmlMap
	Sections    []htmlSection
}

const lookTemplate = `{{template "head" .}}
{{- if .Maps}}
<section class="pagemaps">
<h2>{{.T.Maps}}</h2>
{{- range .Maps}}
{{template "map" .}}
{{- end}}
</section>
{{- end}}
{{template "tail" .}}` + headTemplate + tailTemplate + mapTemplate

// lookMaps are a page's maps and the shared drawings they use.
type lookMaps struct {
	defs template.HTML
	maps []htmlMap
}

// writeHTML renders the page as one self-contained HTML page in the look
// of the audit's report, with the page's texts as built (in lang) and the
// page furniture and map labels in lang; the maps are drawn by maps with
// the labels of lang.
func (pg *page) writeHTML(w io.Writer, lang i18n.Language, maps func(t htmlText) lookMaps) error {
	if lang == "" {
		lang = i18n.English
	}
	tmpl, err := template.New("page").Parse(lookTemplate)
	if err != nil {
		return fmt.Errorf("report: html template: %w", err)
	}
	t := localText(lang)
	hp := lookPage{T: t, Title: pg.title, Attribution: Attribution, CSS: template.CSS(reportCSS), JS: template.JS(reportJS)}
	if maps != nil {
		lm := maps(t)
		hp.Defs, hp.Maps = lm.defs, lm.maps
	}
	for _, l := range pg.header {
		hp.Header = append(hp.Header, htmlKV{Key: l.key, Value: l.value})
	}
	hp.Sections = htmlSections(pg.sections, t.RowsCutPage)
	return executeHTML(w, tmpl, hp)
}

// mapFrame collects the part of the world a map shows.
type mapFrame struct {
	bound orb.Bound
	have  bool
}

func (f *mapFrame) extend(pts ...orb.Point) {
	for _, pt := range pts {
		if !usable(pt) {
			continue
		}
		if !f.have {
			f.bound, f.have = orb.Bound{Min: pt, Max: pt}, true
			continue
		}
		f.bound = f.bound.Extend(pt)
	}
}

func (f *mapFrame) extendArea(mp orb.MultiPolygon) {
	for _, pg := range mp {
		for _, r := range pg {
			f.extend(r...)
		}
	}
}

// mapKit draws the maps of one page: their projection, and the street
// basemap and grid outlines they share (as <use> of the page's defs).
type mapKit struct {
	t      htmlText
	pr     mproj
	u      float64 // metres per CSS pixel of the whole extent
	nEdges int
	zones  []access.Zone
}

// newMapKit frames f (ok is false when f is empty) and draws the shared
// streets (when g is not nil) and the outlines of zones.
func newMapKit(t htmlText, f mapFrame, g *routing.Graph, zones []access.Zone) (*mapKit, template.HTML, bool) {
	if !f.have {
		return nil, "", false
	}
	k := &mapKit{t: t, pr: newMProj(f.bound), zones: zones}
	k.u = k.pr.unitsPerPx(overviewWidthPx)
	var defs strings.Builder
	defs.WriteString(`<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>`)
	streets, n := streetsPath(k.pr, g)
	k.nEdges = n
	if n > 0 {
		defs.WriteString(`<path id="ws-streets" class="streets" data-n="` + strconv.Itoa(n) + `" d="` + streets + `"/>`)
	}
	var outlines svgPath
	for _, z := range zones {
		for _, pg := range z.Geometry {
			for _, r := range pg {
				outlines.ring(k.pr, r)
			}
		}
	}
	defs.WriteString(`<path id="ws-outlines" class="outline" data-n="` + strconv.Itoa(len(zones)) + `" d="` + outlines.b.String() + `"/>`)
	defs.WriteString(`</defs></svg>`)
	return k, template.HTML(defs.String()), true
}

// lookMap is a map being drawn: its layers in drawing order.
type lookMap struct {
	k      *mapKit
	m      htmlMap
	body   strings.Builder
	labels *string // the grids' names, drawn last, over every layer
}

func (k *mapKit) newMap(id, caption string) *lookMap {
	t := k.t
	t.HoverHint = t.HoverHintPage
	return &lookMap{k: k, m: htmlMap{T: t, Attribution: Attribution, ID: id, Caption: caption,
		ViewBox: "0 0 " + mnum(k.pr.w) + " " + mnum(k.pr.h), S: strconv.FormatFloat(k.u, 'g', 4, 64), Scale: scaleBar(k.u)}}
}

// layer adds a toggleable layer drawn from content; on tells whether it
// shows at first.
func (lm *lookMap) layer(key, label string, on bool, content string) {
	lm.body.WriteString(`<g class="L L-` + key + `">` + content + `</g>`)
	lm.m.Layers = append(lm.m.Layers, htmlLayer{Key: key, Label: label, On: on})
	if !on {
		lm.m.Hidden += " hide-" + key
	}
}

// streets adds the street basemap, when the page has one.
func (lm *lookMap) streets() {
	if lm.k.nEdges > 0 {
		lm.layer("streets", lm.k.t.LayerStreets, true, `<use href="#ws-streets"/>`)
	}
}

// outlines adds the grids' outlines.
func (lm *lookMap) outlines() {
	if len(lm.k.zones) > 0 {
		lm.layer("grids", lm.k.t.LayerGrids, true, `<use href="#ws-outlines"/>`)
		lm.legend("#333", lm.k.t.GridOutline, "line")
	}
}

// nameGrids adds the grids' names, each with a second line value(z) (none
// when ""), as the last layer (see done).
func (lm *lookMap) nameGrids(value func(z int) string) {
	var b strings.Builder
	for z, zone := range lm.k.zones {
		x, y, w, ok := labelPoint(lm.k.pr, zone.Geometry)
		if !ok {
			continue
		}
		small := ""
		if w/lm.k.u < 46 {
			small = ` small`
		}
		v := value(z)
		if v == "" {
			v = none
		}
		fmt.Fprintf(&b, `<text class="lbl%s" x="%s" y="%s" data-w="%s">%s<tspan class="v" x="%s" dy="1.15em">%s</tspan></text>`,
			small, mnum(x), mnum(y), mnum(w), esc(labelName(zone.Name)), mnum(x), esc(v))
	}
	s := b.String()
	lm.labels = &s
}

// zonePath is a zone's area as path data.
func (k *mapKit) zonePath(z access.Zone) string {
	var d svgPath
	for _, pg := range z.Geometry {
		for _, r := range pg {
			d.ring(k.pr, r)
		}
	}
	return d.b.String()
}

// grid writes a filled grid named hover.
func (k *mapKit) grid(b *strings.Builder, z access.Zone, fill, hover string, data string) {
	fmt.Fprintf(b, `<path class="grid" fill="%s" data-name="%s"%s d="%s"><title>%s</title></path>`,
		fill, esc(hover), data, k.zonePath(z), esc(hover))
}

// point writes a symbol at pt named hover; cls adds classes to "pt".
func (k *mapKit) point(b *strings.Builder, pt orb.Point, cls, fill, hover string) bool {
	if !usable(pt) {
		return false
	}
	x, y := k.pr.xy(pt)
	fmt.Fprintf(b, `<circle class="pt%s" cx="%s" cy="%s" fill="%s" data-name="%s"><title>%s</title></circle>`,
		cls, mnum(x), mnum(y), fill, esc(hover), esc(hover))
	return true
}

// line writes a polyline named hover.
func (k *mapKit) line(b *strings.Builder, ls orb.LineString, cls, stroke, hover string) bool {
	var d svgPath
	started := false
	for _, pt := range ls {
		if !usable(pt) {
			continue
		}
		x, y := k.pr.xy(pt)
		if started {
			d.line(x, y)
		} else {
			d.move(x, y)
			started = true
		}
	}
	if !started {
		return false
	}
	if d.lineN == 0 {
		d.b.WriteString("h0") // a stretch shorter than a metre still shows
	}
	fmt.Fprintf(b, `<path class="%s" stroke="%s" data-name="%s" d="%s"><title>%s</title></path>`, cls, stroke, esc(hover), d.b.String(), esc(hover))
	return true
}

// dotSet draws many points as dots of fixed screen size, one path per
// class (zero-length segments with round caps), at most maxDots of them.
type dotSet struct {
	keys   []string
	colors []string
	paths  []*svgPath
}

func newDotSet() *dotSet { return &dotSet{} }

func (d *dotSet) add(k *mapKit, key, color string, pt orb.Point) {
	if !usable(pt) {
		return
	}
	i := 0
	for i < len(d.keys) && d.keys[i] != key {
		i++
	}
	if i == len(d.keys) {
		d.keys, d.colors, d.paths = append(d.keys, key), append(d.colors, color), append(d.paths, &svgPath{})
	}
	x, y := k.pr.xy(pt)
	d.paths[i].move(x, y)
	d.paths[i].b.WriteString("h0")
}

func (d *dotSet) String() string {
	var b strings.Builder
	for i, key := range d.keys {
		fmt.Fprintf(&b, `<path class="dots" data-status="%s" data-n="%d" stroke="%s" d="%s"/>`, esc(key), d.paths[i].n, d.colors[i], d.paths[i].b.String())
	}
	return b.String()
}

// legend adds a legend entry; kind is "box", "dot", "line" or "".
func (lm *lookMap) legend(color, label, kind string) {
	lm.m.Legend = append(lm.m.Legend, htmlLegend{Color: color, Label: label, Kind: kind})
}

func (lm *lookMap) done() htmlMap {
	if lm.labels != nil {
		lm.layer("labels", lm.k.t.LayerLabels, true, *lm.labels)
	}
	lm.m.Body = template.HTML(lm.body.String())
	return lm.m
}

// minuteFill colours a walk of v minutes against a budget of b minutes:
// thirds of the budget, beyond it, unreachable (+Inf) and none (NaN).
func minuteFill(v, b float64) string {
	switch {
	case math.IsNaN(v):
		return noDataColor
	case math.IsInf(v, 1):
		return colorUnreachable
	case v > b:
		return colorBeyond
	}
	for k := range 2 {
		if v <= b*float64(k+1)/3 {
			return minuteColors[k]
		}
	}
	return minuteColors[2]
}

// colorUnreachable fills a grid some point of which no responder reaches.
const colorUnreachable = "#67001f"

// minuteLegend adds minuteFill's classes to the legend.
func (lm *lookMap) minuteLegend(b float64) {
	t := lm.k.t
	for k := range 3 {
		lm.legend(minuteColors[k], fmt.Sprintf(t.MinutesClass, trimmed(b*float64(k)/3, 1), trimmed(b*float64(k+1)/3, 1)), "box")
	}
	lm.legend(colorBeyond, fmt.Sprintf(t.MinutesBeyond, trimmed(b, 1)), "box")
	lm.legend(colorUnreachable, t.Unreachable, "box")
	lm.legend(noDataColor, t.NoStreets, "box")
}

// sampleStride is the stride that keeps n dots within maxDots.
func sampleStride(n int) int { return max((n+maxDots-1)/maxDots, 1) }
