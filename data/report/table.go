package report

import (
	"io"
	"strings"

	"github.com/walkshed/walkshed/data/i18n"
)

// table is a grid of text cells with a header; numeric columns align right.
type table struct {
	head  []string
	right []bool // per column: align right
	rows  [][]string
}

// newTable starts a table; a column whose name is given in right aligns
// right.
func newTable(head []string, right []bool) *table {
	return &table{head: head, right: right}
}

// add appends a row; missing cells are empty.
func (t *table) add(cells ...string) {
	row := make([]string, len(t.head))
	copy(row, cells)
	t.rows = append(t.rows, row)
}

// widths returns each column's width in terminal columns (a Chinese
// character takes two; see i18n.Width).
func (t *table) widths() []int {
	w := make([]int, len(t.head))
	for i, h := range t.head {
		w[i] = i18n.Width(h)
	}
	for _, row := range t.rows {
		for i, c := range row {
			w[i] = max(w[i], i18n.Width(c))
		}
	}
	return w
}

// gap is the space between text columns.
const gap = "  "

// width is the width of the table as text, in terminal columns.
func (t *table) width() int {
	n := 0
	for _, w := range t.widths() {
		n += w
	}
	return n + len(gap)*max(len(t.head)-1, 0)
}

// writeText renders the table with aligned columns and a rule under the
// header; lines have no trailing spaces.
func (t *table) writeText(w io.Writer) {
	ws := t.widths()
	line := func(cells []string) {
		var b strings.Builder
		for i, c := range cells {
			if i > 0 {
				b.WriteString(gap)
			}
			if t.right[i] {
				b.WriteString(i18n.PadLeft(c, ws[i]))
			} else {
				b.WriteString(i18n.PadRight(c, ws[i]))
			}
		}
		io.WriteString(w, strings.TrimRight(b.String(), " ")+"\n")
	}
	line(t.head)
	rule := make([]string, len(ws))
	for i, n := range ws {
		rule[i] = strings.Repeat("-", n)
	}
	line(rule)
	for _, row := range t.rows {
		line(row)
	}
}

// writeMarkdown renders the table as a pipe table; cells are escaped.
func (t *table) writeMarkdown(w io.Writer) {
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + mdEscape(c) + " |")
		}
		io.WriteString(w, b.String()+"\n")
	}
	line(t.head)
	var b strings.Builder
	b.WriteString("|")
	for _, r := range t.right {
		if r {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	io.WriteString(w, b.String()+"\n")
	for _, row := range t.rows {
		line(row)
	}
}

// mdEscape makes s literal text in Markdown: control characters become
// spaces and the punctuation Markdown or inline HTML would interpret is
// backslash-escaped (CommonMark allows that for any ASCII punctuation).
func mdEscape(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|&~#!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
