package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/internal/atomicfile"
)

// page is a report other than the audit (emergency, volunteers,
// incidents): a title, header lines, maps and sections, written as text
// for a terminal or as one HTML page with the audit's look.
type page struct {
	title    string
	header   []headerLine
	sections []section
}

// runHeader renders the parts of h every report states, its keys (and
// the profile's speed) in l; the values are as the caller composed them.
func runHeader(h Header, l i18n.Language) []headerLine {
	tr := l.Sprintf
	var ls []headerLine
	add := func(k, v string) {
		if v != "" {
			ls = append(ls, headerLine{k, v})
		}
	}
	add(tr("walkshed"), h.Version)
	for _, in := range h.Inputs {
		add(tr("input"), in)
	}
	add(tr("OSM data"), h.OSMTimestamp)
	add(tr("budget"), h.Budget)
	if h.Profile != "" {
		p := h.Profile
		if h.Speed > 0 {
			p = tr("%s (%s m/s)", p, trimmed(h.Speed, 2))
		}
		add(tr("profile"), p)
	}
	if h.K > 0 {
		add(tr("k"), strconv.Itoa(h.K))
	}
	add(tr("grids"), h.Grids)
	add(tr("generated"), h.Generated)
	return ls
}

// writeText renders the page as plain text.
func (pg *page) writeText(w io.Writer) error {
	b := bufio.NewWriter(w)
	b.WriteString(pg.title + "\n" + Attribution + "\n\n")
	kw := 0
	for _, l := range pg.header {
		kw = max(kw, i18n.Width(l.key))
	}
	prev := ""
	for _, l := range pg.header {
		k := l.key
		if k == prev {
			k = ""
		}
		prev = l.key
		b.WriteString(k + strings.Repeat(" ", kw-i18n.Width(k)) + gap + oneLine(l.value) + "\n")
	}
	for _, s := range pg.sections {
		b.WriteString("\n" + s.title + "\n" + strings.Repeat("=", i18n.Width(s.title)) + "\n")
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

// share01 formats a share in [0, 1] with four decimals, "" for NaN.
func share01(v float64) string {
	if v != v {
		return ""
	}
	return fixed(v, 4)
}

// yesNo renders a pass in data outputs (CSV): always English.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// yesNoIn renders a pass for people, in l.
func yesNoIn(l i18n.Language, b bool) string {
	tr := l.Sprintf
	if b {
		return tr("yes")
	}
	return tr("no")
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
