package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/walkshed/walkshed/data/i18n"
)

// WriteTable writes the audit as a plain-text report for a terminal:
// the header block, the coverage table (rows in order: grids, residents
// outside any grid, total), the walking-time table per grid and category,
// the unroutable residents (the first 20), the facilities off the network
// and the heaviest gap cells. Columns are aligned with spaces; with up to
// 8 categories of ordinary names the lines fit in 120 columns (category
// headers are abbreviated and explained when needed).
func WriteTable(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	p.writeText(b)
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: table: %w", err)
	}
	return nil
}

// writeText renders the text report; write errors stick in b.
func (p *prepared) writeText(b *bufio.Writer) {
	b.WriteString(p.title() + "\n")
	b.WriteString(Attribution + "\n\n")
	lines := p.headerLines()
	kw := 0
	for _, l := range lines {
		kw = max(kw, i18n.Width(l.key))
	}
	prev := ""
	for _, l := range lines {
		k := l.key
		if k == prev {
			k = ""
		}
		prev = l.key
		b.WriteString(i18n.PadRight(k, kw) + gap + l.value + "\n")
	}
	for _, s := range p.sections(true) {
		b.WriteString("\n" + s.title + "\n")
		b.WriteString(strings.Repeat("=", i18n.Width(s.title)) + "\n")
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
}

// wrap breaks s into lines of at most width terminal columns: at spaces,
// and between two wide (Chinese) characters, never before closing
// punctuation. A longer word stays whole.
func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(s) {
		for j, piece := range pieces(word) {
			wl := i18n.Width(piece)
			switch {
			case i == 0 && j == 0:
			case n+wl+btoi(j == 0) > width:
				b.WriteString("\n")
				n = 0
			case j == 0:
				b.WriteString(" ")
				n++
			}
			b.WriteString(piece)
			n += wl
		}
	}
	return b.String()
}

// btoi is 1 for true.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// pieces splits a word into the parts a line may break between: runs of
// narrow characters, and each wide character with the closing punctuation
// after it.
func pieces(word string) []string {
	var out []string
	start := 0
	for i, r := range word {
		if i == 0 || i18n.Width(string(r)) < 2 && !isWide(word[:i]) || strings.ContainsRune("，。；：、）》”！？", r) {
			continue
		}
		out = append(out, word[start:i])
		start = i
	}
	return append(out, word[start:])
}

// isWide reports whether the last character of s is wide.
func isWide(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return i18n.Width(string(r)) >= 2
}

// WriteMarkdown writes the report of WriteTable as Markdown, for a
// community bulletin: the same header and tables as pipe tables, with full
// category names. Names are escaped so that they print literally.
func WriteMarkdown(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	b.WriteString("# " + mdEscape(p.title()) + "\n\n")
	b.WriteString(mdEscape(Attribution) + "\n\n")
	for _, l := range p.headerLines() {
		b.WriteString("- **" + mdEscape(l.key) + ":** " + mdEscape(l.value) + "\n")
	}
	for _, s := range p.sections(false) {
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
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: markdown: %w", err)
	}
	return nil
}
