package taxonomy

import (
	"errors"
	"fmt"
	"strings"

	"github.com/walkshed/walkshed/internal/inputfile"
)

// ErrUnknownCategory is matched (with errors.Is) by the errors Validate
// returns for names that are not categories of the taxonomy.
var ErrUnknownCategory = errors.New("taxonomy: unknown category")

// UnknownCategoryError is returned by Validate for a name that is not a
// category; its message lists the known ones.
type UnknownCategoryError struct {
	// Name is the name asked for.
	Name string
	// Known are the taxonomy's category names, in taxonomy order.
	Known []string
}

// Error returns e.g. `unknown category "bakery"; known: grocery, clinic`.
func (e *UnknownCategoryError) Error() string {
	return fmt.Sprintf("unknown category %q; known: %s", inputfile.Clip(e.Name), strings.Join(e.Known, ", "))
}

// Unwrap returns ErrUnknownCategory.
func (e *UnknownCategoryError) Unwrap() error { return ErrUnknownCategory }

// ParseError is returned by Parse and Load for a taxonomy file that cannot
// be used. Line and Column locate JSON syntax and type errors; they are 0
// for problems of content (bad rule, duplicate name), whose message names
// the category and the rule instead.
type ParseError struct {
	// File is the file name given to Parse or Load.
	File string
	// Line is the 1-based line of a JSON error, or 0.
	Line int
	// Column is the 1-based column (in characters) of a JSON error, or 0.
	Column int
	// Err is the problem.
	Err error
}

// Error returns "file:line:column: problem", or "file: problem" when the
// position is unknown.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns e.Err.
func (e *ParseError) Unwrap() error { return e.Err }
