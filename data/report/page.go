package report

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"strings"
	"unicode/utf8"
)

// page is a report other than an audit's (a comparison, a siting): a
// title, header lines and sections, rendered as text, Markdown or HTML
// the way the audit report is.
type page struct {
	title    string
	header   []headerLine
	sections []section
	maps     []htmlMap
}

// writeText renders the page for a terminal.
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

// writeMarkdown renders the page as Markdown.
func (pg *page) writeMarkdown(w io.Writer) error {
	b := bufio.NewWriter(w)
	b.WriteString("# " + mdEscape(pg.title) + "\n\n" + mdEscape(Attribution) + "\n\n")
	for _, l := range pg.header {
		b.WriteString("- **" + mdEscape(l.key) + ":** " + mdEscape(l.value) + "\n")
	}
	for _, s := range pg.sections {
		b.WriteString("\n## " + mdEscape(s.title) + "\n")
		if s.intro != "" {
			b.WriteString("\n" + mdEscape(s.intro) + "\n")
		}
		if s.tab != nil {
			b.WriteString("\n")
			s.tab.writeMarkdown(b)
		}
		for _, n := range s.notes {
			b.WriteString("\n" + mdEscape(n) + "\n")
		}
	}
	return b.Flush()
}

// writeHTML renders the page as one self-contained HTML page, with the
// audit report's template.
func (pg *page) writeHTML(w io.Writer) error {
	tmpl, err := template.New("page").Parse(pageTemplate)
	if err != nil {
		return fmt.Errorf("report: html template: %w", err)
	}
	hp := htmlPage{Title: pg.title, Attribution: Attribution, Maps: pg.maps}
	for _, l := range pg.header {
		hp.Header = append(hp.Header, htmlKV{Key: l.key, Value: oneLine(l.value)})
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
