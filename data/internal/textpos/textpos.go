// Package textpos turns byte offsets in a text file into the line and
// column people read in their editor, for the error messages of walkshed's
// readers.
package textpos

import (
	"bytes"
	"unicode/utf8"
)

// Of converts a byte offset into data to a 1-based line and a 1-based
// column counted in characters. Offsets outside data are clamped.
func Of(data []byte, off int) (line, col int) {
	off = max(0, min(off, len(data)))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, 1 + utf8.RuneCount(before)
}
