package table

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/walkshed/walkshed/internal/inputfile"
)

// readFile reads an input table: a regular file (a named pipe or device is
// refused before it is opened) of text, without NUL bytes, whose CSV lines
// are at most inputfile.MaxLine bytes (GeoJSON may be one long line). It
// stops at the first problem, so a huge wrong file fails fast and small.
// Problems of content are *ParseError values.
func readFile(path string, format Format) ([]byte, error) {
	data, err := inputfile.ReadText(path, func(head []byte) int {
		if detect(path, bytes.TrimPrefix(head, []byte("\uFEFF")), format) == FormatGeoJSON {
			return 0
		}
		return inputfile.MaxLine
	})
	var te *inputfile.TextError
	if errors.As(err, &te) {
		return nil, &ParseError{File: path, Line: te.Line, Err: te.Err}
	}
	if err != nil {
		return nil, fmt.Errorf("table: %w", err)
	}
	return data, nil
}
