package report

import (
	"bufio"
	"fmt"
	"github.com/walkshed/walkshed/internal/atomicfile"
	"html/template"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// page is a report other than the audit (emergency, volunteers,
// incidents): a title, header lines, maps and sections, written as text
// for a terminal or as one HTML page with the audit's look.
type page struct {
	title    string
	header   []headerLine
	maps     []htmlMap
	sections []section
}

// runHeader renders the parts of h every report states.
func runHeader(h Header) []headerLine {
	var ls []headerLine
	add := func(k, v string) {
		if v != "" {
			ls = append(ls, headerLine{k, v})
		}
	}
	add("walkshed", h.Version)
	for _, in := range h.Inputs {
		add("input", in)
	}
	add("OSM data", h.OSMTimestamp)
	add("budget", h.Budget)
	if h.Profile != "" {
		p := h.Profile
		if h.Speed > 0 {
			p += fmt.Sprintf(" (%s m/s)", trimmed(h.Speed, 2))
		}
		add("profile", p)
	}
	if h.K > 0 {
		add("k", fmt.Sprint(h.K))
	}
	add("grids", h.Grids)
	add("generated", h.Generated)
	return ls
}

// writeText renders the page as plain text.
func (pg *page) writeText(w io.Writer) error {
	b := bufio.NewWriter(w)
	b.WriteString(pg.title + "\n" + Attribution + "\n\n")
	kw := 0
	for _, l := range pg.header {
		kw = max(kw, utf8.RuneCountInString(l.key))
	}
	prev := ""
	for _, l := range pg.header {
		k := l.key
		if k == prev {
			k = ""
		}
		prev = l.key
		b.WriteString(k + strings.Repeat(" ", kw-utf8.RuneCountInString(k)) + gap + oneLine(l.value) + "\n")
	}
	for _, s := range pg.sections {
		b.WriteString("\n" + s.title + "\n" + strings.Repeat("=", utf8.RuneCountInString(s.title)) + "\n")
		if s.intro != "" {
			b.WriteString(wrap(s.intro, textWidth) + "\n")
		}
		if s.tab != nil {
			b.WriteString("\n")
			s.tab.writeText(b)
		}
		for _, n := range s.notes {
			b.WriteString(wrap(n, textWidth) + "\n")
		}
	}
	return b.Flush()
}

// writeHTML renders the page as one self-contained HTML page.
func (pg *page) writeHTML(w io.Writer) error {
	tmpl, err := template.New("page").Parse(pageTemplate)
	if err != nil {
		return fmt.Errorf("report: html template: %w", err)
	}
	hp := htmlPage{Title: pg.title, Attribution: Attribution, Maps: pg.maps}
	for _, l := range pg.header {
		hp.Header = append(hp.Header, htmlKV{Key: l.key, Value: l.value})
	}
	for _, s := range pg.sections {
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
		hp.Sections = append(hp.Sections, hs)
	}
	b := bufio.NewWriter(w)
	if err := tmpl.Execute(b, hp); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	return b.Flush()
}

// mapFrame is a map being drawn: its projection and what is on it.
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

// line renders a polyline as SVG path data.
func (pr projection) line(ls orb.LineString) string {
	var b strings.Builder
	for i, pt := range ls {
		if !usable(pt) {
			continue
		}
		x, y := pr.xy(pt)
		if i == 0 {
			b.WriteString("M")
		} else {
			b.WriteString("L")
		}
		b.WriteString(fixed(x, 1) + " " + fixed(y, 1))
	}
	return b.String()
}

// dot places a point on the map.
func (pr projection) dot(pt orb.Point, fill, title string) htmlDot {
	x, y := pr.xy(pt)
	return htmlDot{X: fixed(x, 1), Y: fixed(y, 1), Fill: fill, Title: oneLine(title)}
}

// share01 formats a share in [0, 1] with four decimals, "" for NaN.
func share01(v float64) string {
	if v != v {
		return ""
	}
	return fixed(v, 4)
}

// yesNo renders a pass.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// writeAll writes the set of (file name, writer) pairs into dir, swapped
// in whole (see atomicfile.WriteSet): a failed run leaves dir as it was.
func writeAll(dir string, files []namedWriter) error {
	set := make([]atomicfile.File, len(files))
	for i, f := range files {
		set[i] = atomicfile.File{Name: f.name, Write: f.fn}
	}
	if err := atomicfile.WriteSet(dir, set); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

type namedWriter struct {
	name string
	fn   func(io.Writer) error
}
