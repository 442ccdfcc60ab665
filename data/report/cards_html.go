package report

import (
	"bufio"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"
)

//go:embed assets/cards.css
var cardsCSS string

// Card page template data.
type (
	cardsPage struct {
		T                            cardsText
		Title, Attribution, Subtitle string
		CSS, CardsCSS                template.CSS
		JS                           template.JS
		Pages                        [][]cardView
	}
	cardView struct {
		ID, Title, Note string
		Map             *cardMap
		Groups          []cardGroup
	}
	cardGroup struct {
		Key, Category, Color, None string
		Entries                    []cardRow
	}
	cardRow struct {
		Name, Detail, Walk, Minutes string
		Nearest                     bool // the one on the map
	}
	cardMap struct {
		Label   string
		ViewBox string
		S       string // metres per CSS pixel, the report's --s
		Streets string // SVG path data, clipped to the frame
		NStreet int    // street pieces drawn
		Home    template.HTML
		Marks   []cardMark
		Scale   htmlScale
	}
	cardMark struct{ X, Y, Color, Cat, Minutes, Title string }
)

// cardsPerPage is how many cards an A4 page holds (two columns, four rows).
const cardsPerPage = 8

// cardMapMM is the printed width and height of a card's map, in mm; the
// map is drawn for it (symbols, scale bar), as CSS mm are the same on
// screen and on paper.
const cardMapMM = 34.0

const cardsTemplate = `<!DOCTYPE html>
<html lang="{{.T.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
<style>{{.CardsCSS}}</style>
</head>
<body class="cards-doc">
<header class="noprint">
<h1>{{.Title}}</h1>
<p class="attribution">{{.Attribution}}</p>
<p>{{.Subtitle}}</p>
<div class="tools"><span>{{.T.Layers}}:</span><label><input type="checkbox" data-layer-all="streets" checked> {{.T.LayerStreets}}</label><label><input type="checkbox" data-layer-all="facilities" checked> {{.T.LayerFacilities}}</label></div>
<p class="note">{{.T.PrintHint}}</p>
</header>
<main class="cards">
{{- range .Pages}}
<div class="page">
{{- range .}}
<article class="card" data-id="{{.ID}}">
<h2>{{.Title}}</h2>
<div class="sub">{{$.Subtitle}}</div>
{{- if .Note}}<p class="none">{{.Note}}</p>{{end}}
<div class="body">
<div class="list">
{{- range .Groups}}
<div class="cat" data-cat="{{.Key}}"><b><svg class="key" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="{{.Color}}"/></svg>{{.Category}}</b>
{{- range .Entries}}
<div class="e{{if .Nearest}} first{{end}}" data-minutes="{{.Minutes}}">{{.Name}} <span class="w">{{.Walk}}</span>{{if .Detail}}<div class="det">{{.Detail}}</div>{{end}}</div>
{{- end}}
{{- if .None}}<div class="e none">{{.None}}</div>{{end}}
</div>
{{- end}}
</div>
{{- with .Map}}
<div class="mapbox cardmap">
<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="{{.ViewBox}}" style="--s:{{.S}}" role="img" aria-label="{{.Label}}">
<g class="L L-streets"><path class="streets" data-n="{{.NStreet}}" d="{{.Streets}}"/></g>
<g class="L L-facilities">
{{- range .Marks}}<circle class="fac" cx="{{.X}}" cy="{{.Y}}" fill="{{.Color}}" data-cat="{{.Cat}}" data-minutes="{{.Minutes}}" data-name="{{.Title}}"><title>{{.Title}}</title></circle>{{end -}}
</g>
{{.Home}}
</svg>
<svg class="north" viewBox="0 0 26 38" aria-label="{{$.T.North}}"><path d="M13 2 L22 26 L13 20 L4 26 Z" fill="#222" stroke="#fff" stroke-width="1"/><text x="13" y="36" text-anchor="middle" font-size="11" font-weight="700" fill="#222">N</text></svg>
<div class="scalebar"><div class="bar" style="width:{{.Scale.Px}}mm"></div><span>{{.Scale.Label}}</span></div>
</div>
{{- end}}
</div>
<div class="foot">{{$.Attribution}}</div>
</article>
{{- end}}
</div>
{{- end}}
</main>
<script>{{.JS}}</script>
</body>
</html>
`

// WriteCardsHTML writes a printable page of cards in the look of the
// audit's HTML report (its stylesheet, map symbols and script): A4, eight
// cards a page (two columns, four rows, dashed lines to cut along), each
// with the resident's id, how the walks were measured, per category the
// nearest facilities with name, address, opening hours, walking minutes
// and metres, and a small map: the streets clipped to the map's frame,
// the home as a red house and the nearest facility of each category as a
// dot of the category's colour (the colour of the category's heading,
// named on hover), a scale bar and a north arrow. The attribution is on
// every card; the texts are in Cards.Lang. No external resource, and the
// same cards give the same bytes.
func WriteCardsHTML(w io.Writer, c *Cards) error {
	if !c.Lang.Valid() {
		return fmt.Errorf("report: cards: %q is not a language: want en or zh", string(c.Lang))
	}
	tmpl, err := template.New("cards").Parse(cardsTemplate)
	if err != nil {
		return fmt.Errorf("report: cards template: %w", err)
	}
	t := translated(englishCardsText(), c.Lang)
	page := cardsPage{T: t, Title: t.Title, Attribution: Attribution,
		CSS: template.CSS(reportCSS), CardsCSS: template.CSS(cardsCSS), JS: template.JS(reportJS),
		Subtitle: fmt.Sprintf(t.Subtitle, c.Header.Budget, c.Lang.Text(c.Header.Profile), trimmed(c.Header.Speed, 2), c.Header.OSMTimestamp)}
	var cur []cardView
	for _, card := range c.Cards {
		cur = append(cur, c.view(card, t))
		if len(cur) == cardsPerPage {
			page.Pages = append(page.Pages, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		page.Pages = append(page.Pages, cur)
	}
	b := bufio.NewWriterSize(w, 1<<16)
	if err := tmpl.Execute(b, page); err != nil {
		return fmt.Errorf("report: cards: %w", err)
	}
	return b.Flush()
}

// view lays out one card.
func (c *Cards) view(card Card, t cardsText) cardView {
	v := cardView{ID: oneLine(card.Resident.ID), Title: oneLine(card.Resident.ID)}
	if card.Unroutable != "" {
		why := card.Unroutable
		if card.Why != nil {
			why = Unroutable(c.Lang, card.Why)
		}
		v.Note = fmt.Sprintf(t.Unroutable, oneLine(why))
		return v
	}
	var marks []cardMark
	var pts []orb.Point
	for ci, cat := range c.Categories {
		shown := c.Lang.Category(cat)
		g := cardGroup{Key: oneLine(cat), Category: oneLine(shown), Color: categoryColors[ci%len(categoryColors)]}
		var es []CardEntry
		if ci < len(card.Nearest) {
			es = card.Nearest[ci]
		}
		if len(es) == 0 {
			g.None = fmt.Sprintf(t.NoneWithin, c.Header.Budget)
		}
		for k, e := range es {
			name := oneLine(e.Facility.Name)
			if name == "" {
				name = t.NoName
			}
			var det []string
			if e.Address != "" {
				det = append(det, oneLine(e.Address))
			}
			if e.OpeningHours != "" {
				det = append(det, fmt.Sprintf(t.Open, oneLine(e.OpeningHours)))
			}
			g.Entries = append(g.Entries, cardRow{Name: name, Detail: strings.Join(det, " · "), Nearest: k == 0,
				Walk: fmt.Sprintf(t.Walk, minutes(e.Minutes), meters(e.Meters)), Minutes: minutes(e.Minutes)})
			if k == 0 && usable(e.Facility.Point) {
				pts = append(pts, e.Facility.Point)
				marks = append(marks, cardMark{Color: g.Color, Cat: g.Key, Minutes: minutes(e.Minutes),
					Title: fmt.Sprintf(t.NearestHover, name, oneLine(shown), minutes(e.Minutes))})
			}
		}
		v.Groups = append(v.Groups, g)
	}
	v.Map = cardMapOf(card.Resident.Point, pts, marks, card.Streets, t, v.Title)
	return v
}

// NearestPoints returns the points of the nearest facility of each
// category of a card, in category order: the points its map frames (see
// CardMapBound).
func NearestPoints(nearest [][]CardEntry) []orb.Point {
	var pts []orb.Point
	for _, es := range nearest {
		if len(es) > 0 && usable(es[0].Facility.Point) {
			pts = append(pts, es[0].Facility.Point)
		}
	}
	return pts
}

// CardMapBound is the area a card's map shows around home and the
// nearest facilities' points: their bounding box, squared and enlarged by
// 15 %, at least about 220 m across.
func CardMapBound(home orb.Point, pts []orb.Point) orb.Bound {
	b := orb.Bound{Min: home, Max: home}
	for _, m := range pts {
		if usable(m) {
			b = b.Extend(m)
		}
	}
	cos := math.Max(math.Cos(home.Lat()*math.Pi/180), 0.01)
	w, h := (b.Max[0]-b.Min[0])*cos, b.Max[1]-b.Min[1]
	span := math.Max(math.Max(w, h)*1.15, 0.002) // degrees of latitude
	cx, cy := (b.Min[0]+b.Max[0])/2, (b.Min[1]+b.Max[1])/2
	return orb.Bound{Min: orb.Point{cx - span/2/cos, cy - span/2}, Max: orb.Point{cx + span/2/cos, cy + span/2}}
}

// cardUnits is the width of a card map in SVG user units: 0.085 mm
// printed, finer than the eye tells on paper, and whole-number
// coordinates of at most three digits.
const cardUnits = 400.0

// cardMapOf draws the map of CardMapBound(home, pts) (the report's
// projection, framed on the bound without margin, in units of
// 1/cardUnits of its width): the streets clipped to the frame, joined end
// to end and simplified within a unit (Douglas–Peucker), the marks at pts and the home.
func cardMapOf(home orb.Point, pts []orb.Point, marks []cardMark, streets []orb.LineString, t cardsText, id string) *cardMap {
	if !usable(home) {
		return nil
	}
	b := CardMapBound(home, pts)
	ky := earthRadiusM * math.Pi / 180
	kx := ky * math.Max(math.Cos((b.Min[1]+b.Max[1])/2*math.Pi/180), 0.01)
	spanM := math.Max((b.Max[0]-b.Min[0])*kx, (b.Max[1]-b.Min[1])*ky)
	k := cardUnits / spanM // units per metre
	pr := mproj{lon0: b.Min[0], lat0: b.Max[1], kx: kx * k, ky: ky * k}
	pr.w, pr.h = math.Round((b.Max[0]-b.Min[0])*pr.kx), math.Round((b.Max[1]-b.Min[1])*pr.ky)
	u := cardUnits / (cardMapMM * 96 / 25.4) // units per CSS pixel
	m := &cardMap{Label: fmt.Sprintf(t.MapOf, id), ViewBox: "0 0 " + mnum(pr.w) + " " + mnum(pr.h),
		S: strconv.FormatFloat(u, 'g', 4, 64)}
	var pieces []orb.LineString
	for _, ls := range streets {
		for _, piece := range clip.LineString(b, ls) {
			if len(piece) < 2 {
				continue
			}
			q := make(orb.LineString, len(piece))
			for i, p := range piece {
				q[i][0], q[i][1] = pr.xy(p)
			}
			pieces = append(pieces, q)
		}
	}
	dp := simplify.DouglasPeucker(1)
	seen := map[string]bool{}
	var s svgPath
	for _, line := range chainLines(pieces) {
		line = dp.LineString(line)
		key := make([]byte, 0, 8*len(line))
		var q []ipt
		for _, p := range line {
			if r := roundPt(p[0], p[1]); len(q) == 0 || r != q[len(q)-1] {
				q = append(q, r)
				key = strconv.AppendInt(append(strconv.AppendInt(key, r.x, 10), ','), r.y, 10)
				key = append(key, ';')
			}
		}
		if len(q) < 2 || seen[string(key)] {
			continue
		}
		seen[string(key)] = true
		s.move(float64(q[0].x), float64(q[0].y))
		for _, p := range q[1:] {
			s.line(float64(p.x), float64(p.y))
		}
		m.NStreet++
	}
	m.Streets = s.b.String()
	for i, p := range pts {
		x, y := pr.xy(p)
		mk := marks[i]
		mk.X, mk.Y = mnum(x), mnum(y)
		m.Marks = append(m.Marks, mk)
	}
	// The home: a house 11 pixels high.
	hx, hy := pr.xy(home)
	r := 5.5 * u
	m.Home = template.HTML(fmt.Sprintf(`<path class="home" d="M%s %sL%s %sL%s %sL%s %sL%s %sZ"><title>%s</title></path>`,
		fixed(hx, 1), fixed(hy-r, 1), fixed(hx+r, 1), fixed(hy-0.1*r, 1), fixed(hx+0.75*r, 1), fixed(hy+r, 1),
		fixed(hx-0.75*r, 1), fixed(hy+r, 1), fixed(hx-r, 1), fixed(hy-0.1*r, 1), esc(t.Home)))
	sm, label := niceLength(0.3 * spanM)
	m.Scale = htmlScale{Px: fixed(sm/spanM*cardMapMM, 1), Label: label}
	return m
}

// ipt is a point in whole units of a map.
type ipt struct{ x, y int64 }

func roundPt(x, y float64) ipt { return ipt{int64(math.Round(x)), int64(math.Round(y))} }

// chainLines joins lines that meet end to end into longer ones, in input
// order, each line used once, so that a street of many short edges is one
// subpath: a dense centre's card map has some 1,700 two-point edges, whose
// absolute moves would be most of the file.
func chainLines(lines []orb.LineString) []orb.LineString {
	ends := make(map[orb.Point][]int, 2*len(lines))
	for i, l := range lines {
		ends[l[0]] = append(ends[l[0]], i)
		ends[l[len(l)-1]] = append(ends[l[len(l)-1]], i)
	}
	used := make([]bool, len(lines))
	next := func(at orb.Point) int {
		for _, j := range ends[at] {
			if !used[j] {
				used[j] = true
				return j
			}
		}
		return -1
	}
	var out []orb.LineString
	for i := range lines {
		if used[i] {
			continue
		}
		used[i] = true
		line := slices.Clone(lines[i])
		for j := next(line[len(line)-1]); j >= 0; j = next(line[len(line)-1]) {
			q := lines[j]
			if q[0] == line[len(line)-1] {
				line = append(line, q[1:]...)
			} else {
				for k := len(q) - 2; k >= 0; k-- {
					line = append(line, q[k])
				}
			}
		}
		for j := next(line[0]); j >= 0; j = next(line[0]) {
			q := slices.Clone(lines[j])
			if q[0] == line[0] {
				slices.Reverse(q)
			}
			line = append(q[:len(q)-1], line...)
		}
		out = append(out, line)
	}
	return out
}
