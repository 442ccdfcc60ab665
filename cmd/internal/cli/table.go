package cli

import (
	"io"
	"strings"

	"github.com/walkshed/walkshed/data/i18n"
)

// textTable aligns the columns of a CLI table by display width, so that
// Chinese headings and names (two columns a character) line up, which
// text/tabwriter, counting runes, does not do.
type textTable struct {
	right []bool // per column: align right
	rows  [][]string
}

// add appends a row.
func (t *textTable) add(cells ...string) { t.rows = append(t.rows, cells) }

// write prints the rows with two spaces between columns and no trailing
// spaces, prefixing every line with indent.
func (t *textTable) write(w io.Writer, indent string) error {
	var widths []int
	for _, row := range t.rows {
		for i, c := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], i18n.Width(c))
		}
	}
	var b strings.Builder
	for _, row := range t.rows {
		line := indent
		for i, c := range row {
			if i > 0 {
				line += "  "
			}
			if i < len(t.right) && t.right[i] {
				line += i18n.PadLeft(c, widths[i])
			} else {
				line += i18n.PadRight(c, widths[i])
			}
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
