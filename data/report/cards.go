package report

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/routing/access"
)

// Cards are residents' cards: for each resident or address, the nearest
// facilities of every category within the budget, for a community to hand
// to new residents.
type Cards struct {
	// Header describes the run (inputs, OSM data, budget, profile).
	Header Header
	// Categories are the categories on every card, in order; K the most
	// facilities per category.
	Categories []string
	K          int
	// Cards are one per resident, in input order.
	Cards []Card
}

// Card is one resident's card.
type Card struct {
	Resident access.Resident
	// Unroutable says why the address could not be placed on the network;
	// the card then lists no facility. Empty otherwise.
	Unroutable string
	// Nearest holds, per category (Cards.Categories order), up to K
	// facilities within the budget, nearest first; empty when none is.
	Nearest [][]CardEntry
	// Streets are the street lines around, for the card's map; may be
	// empty.
	Streets []orb.LineString
}

// CardEntry is one facility on a card.
type CardEntry struct {
	Facility access.Facility
	// Address is the facility's OSM address (addr:* tags), "" when not
	// tagged; OpeningHours its opening_hours tag.
	Address, OpeningHours string
	// Meters is the walk door to door; Minutes the same at the profile's
	// speed.
	Meters, Minutes float64
}

// WriteCardsCSV writes cards.csv: one line per resident × category ×
// facility, with the columns
//
//	resident,lon,lat,category,rank,facility,name,address,opening_hours,minutes,meters,status
//
// status is "ok", "none within BUDGET" (the facility cells empty) or
// "unroutable: REASON" (one line for the resident, category empty), so that
// every resident given appears. Minutes have one decimal, metres none.
func WriteCardsCSV(w io.Writer, c *Cards) error {
	b := bufio.NewWriter(w)
	writeRecord(b, []string{"resident", "lon", "lat", "category", "rank", "facility", "name", "address", "opening_hours", "minutes", "meters", "status"})
	for _, card := range c.Cards {
		r := card.Resident
		lon, lat := csvCoord(r.Point.Lon()), csvCoord(r.Point.Lat())
		if card.Unroutable != "" {
			writeRecord(b, []string{r.ID, lon, lat, "", "", "", "", "", "", "", "", "unroutable: " + oneLine(card.Unroutable)})
			continue
		}
		for ci, cat := range c.Categories {
			var es []CardEntry
			if ci < len(card.Nearest) {
				es = card.Nearest[ci]
			}
			if len(es) == 0 {
				writeRecord(b, []string{r.ID, lon, lat, cat, "", "", "", "", "", "", "", "none within " + c.Header.Budget})
				continue
			}
			for k, e := range es {
				writeRecord(b, []string{r.ID, lon, lat, cat, strconv.Itoa(k + 1), e.Facility.ID, e.Facility.Name, e.Address, e.OpeningHours,
					minutes(e.Minutes), meters(e.Meters), "ok"})
			}
		}
	}
	return b.Flush()
}

// Card page template data.
type (
	cardsPage struct {
		Title, Attribution, Subtitle string
		Pages                        [][]cardView
	}
	cardView struct {
		Title, Note string
		Map         *cardMap
		Groups      []cardGroup
	}
	cardGroup struct {
		Category, None string
		Entries        []cardRow
	}
	cardRow struct {
		Label, Name, Detail, Walk string
	}
	cardMap struct {
		Streets string // SVG path data
		Home    [2]string
		Marks   []cardMark
	}
	cardMark struct{ X, Y, Label, Title string }
)

// cardsPerPage is how many cards an A4 page holds (two columns, four rows).
const cardsPerPage = 8

const cardsTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
@page{size:A4;margin:6mm}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#222}
.page{width:198mm;height:285mm;display:grid;grid-template-columns:1fr 1fr;grid-template-rows:repeat(4,1fr);gap:1.5mm;page-break-after:always;break-after:page;box-sizing:border-box}
.card{border:0.3mm dashed #888;padding:1.8mm;overflow:hidden;font-size:5.6pt;line-height:1.18;position:relative;display:flex;flex-direction:column}
.card h2{font-size:8pt;margin:0}
.sub{color:#555;margin:0.3mm 0 1mm 0}
.body{display:flex;gap:1.5mm;flex:1;min-height:0}
.list{flex:1;columns:2;column-gap:2mm;column-fill:auto}
.cat{break-inside:avoid;margin-bottom:0.7mm}
.cat b{display:block;font-size:6pt}
.e{margin-left:1mm}
.w{white-space:nowrap;color:#1a5d8a}
.det{color:#666;font-size:5pt}
.none{color:#a00}
svg{flex:none;width:27mm;height:27mm;border:0.2mm solid #bbb;background:#fafafa}
.foot{font-size:4.6pt;color:#666;margin-top:0.5mm}
@media screen{body{background:#eee}.page{background:#fff;margin:4mm auto}}
</style>
</head>
<body>
{{- range .Pages}}
<div class="page">
{{- range .}}
<div class="card">
<h2>{{.Title}}</h2>
<div class="sub">{{$.Subtitle}}</div>
{{- if .Note}}<p class="none">{{.Note}}</p>{{end}}
<div class="body">
<div class="list">
{{- range .Groups}}
<div class="cat"><b>{{.Category}}</b>
{{- range .Entries}}
<div class="e">{{.Label}} {{.Name}} <span class="w">{{.Walk}}</span>{{if .Detail}}<div class="det">{{.Detail}}</div>{{end}}</div>
{{- end}}
{{- if .None}}<div class="e none">{{.None}}</div>{{end}}
</div>
{{- end}}
</div>
{{- with .Map}}
<svg viewBox="0 0 100 100" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="map">
<path d="{{.Streets}}" fill="none" stroke="#bbb" stroke-width="0.8"/>
{{- range .Marks}}
<g><circle cx="{{.X}}" cy="{{.Y}}" r="3.8" fill="#2b83ba"/><text x="{{.X}}" y="{{.Y}}" dy="1.6" text-anchor="middle" font-size="4.6" fill="#fff">{{.Label}}</text><title>{{.Title}}</title></g>
{{- end}}
<circle cx="{{index .Home 0}}" cy="{{index .Home 1}}" r="3.2" fill="#d7191c" stroke="#fff" stroke-width="0.8"><title>home</title></circle>
</svg>
{{- end}}
</div>
<div class="foot">{{$.Attribution}}</div>
</div>
{{- end}}
</div>
{{- end}}
</body>
</html>
`

// WriteCardsHTML writes a printable page of cards: A4, eight cards a page
// (two columns, four rows, dashed lines to cut along), each with the
// resident's id, a small inline SVG map (the streets around, the home in
// red, the facilities numbered in blue) and, per category, the nearest
// facilities with name, address, opening hours, walking minutes and
// metres. No script and no external resource; the attribution is on every
// card.
func WriteCardsHTML(w io.Writer, c *Cards) error {
	tmpl, err := template.New("cards").Parse(cardsTemplate)
	if err != nil {
		return fmt.Errorf("report: cards template: %w", err)
	}
	page := cardsPage{Title: "walkshed — residents' cards", Attribution: Attribution,
		Subtitle: fmt.Sprintf("Walking %s (%s, %s m/s); OSM data %s", c.Header.Budget, c.Header.Profile, trimmed(c.Header.Speed, 2), c.Header.OSMTimestamp)}
	var cur []cardView
	for _, card := range c.Cards {
		cur = append(cur, c.view(card))
		if len(cur) == cardsPerPage {
			page.Pages = append(page.Pages, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		page.Pages = append(page.Pages, cur)
	}
	b := bufio.NewWriter(w)
	if err := tmpl.Execute(b, page); err != nil {
		return fmt.Errorf("report: cards: %w", err)
	}
	return b.Flush()
}

// view lays out one card.
func (c *Cards) view(card Card) cardView {
	v := cardView{Title: oneLine(card.Resident.ID)}
	if card.Unroutable != "" {
		v.Note = "This address could not be placed on the walking network: " + oneLine(card.Unroutable)
		return v
	}
	n := 0
	var marks []orb.Point
	var titles []string
	for ci, cat := range c.Categories {
		g := cardGroup{Category: oneLine(cat)}
		var es []CardEntry
		if ci < len(card.Nearest) {
			es = card.Nearest[ci]
		}
		if len(es) == 0 {
			g.None = "none within " + c.Header.Budget
		}
		for _, e := range es {
			n++
			name := oneLine(e.Facility.Name)
			if name == "" {
				name = "(no name)"
			}
			var det []string
			if e.Address != "" {
				det = append(det, oneLine(e.Address))
			}
			if e.OpeningHours != "" {
				det = append(det, "open "+oneLine(e.OpeningHours))
			}
			g.Entries = append(g.Entries, cardRow{Label: strconv.Itoa(n) + ".", Name: name, Detail: strings.Join(det, " · "),
				Walk: minutes(e.Minutes) + " min · " + meters(e.Meters) + " m"})
			marks = append(marks, e.Facility.Point)
			titles = append(titles, strconv.Itoa(n)+". "+name)
		}
		v.Groups = append(v.Groups, g)
	}
	v.Map = cardMapOf(card.Resident.Point, marks, titles, card.Streets)
	return v
}

// CardMapBound is the area a card's map shows around home and the
// facilities' points: their bounding box, squared and enlarged by 15 %, at
// least about 220 m across.
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

// cardMapOf draws a 100×100 map of CardMapBound.
func cardMapOf(home orb.Point, marks []orb.Point, titles []string, streets []orb.LineString) *cardMap {
	if !usable(home) {
		return nil
	}
	b := CardMapBound(home, marks)
	xy := func(p orb.Point) (float64, float64) {
		return (p[0] - b.Min[0]) / (b.Max[0] - b.Min[0]) * 100, (b.Max[1] - p[1]) / (b.Max[1] - b.Min[1]) * 100
	}
	m := &cardMap{}
	hx, hy := xy(home)
	m.Home = [2]string{fixed(hx, 1), fixed(hy, 1)}
	// Streets in whole units of the 100-unit map (0.3 mm printed), each
	// point written once: a card of a dense centre stays a few kilobytes.
	var sb strings.Builder
	for _, ls := range streets {
		var pts []string
		for _, p := range ls {
			x, y := xy(p)
			pt := fixed(x, 0) + " " + fixed(y, 0)
			if len(pts) == 0 || pts[len(pts)-1] != pt {
				pts = append(pts, pt)
			}
		}
		if len(pts) < 2 {
			continue
		}
		sb.WriteString("M" + strings.Join(pts, "L"))
	}
	m.Streets = sb.String()
	for i, p := range marks {
		if !usable(p) {
			continue
		}
		x, y := xy(p)
		m.Marks = append(m.Marks, cardMark{X: fixed(x, 1), Y: fixed(y, 1), Label: strconv.Itoa(i + 1), Title: titles[i]})
	}
	return m
}
