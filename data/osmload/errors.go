package osmload

import (
	"errors"
	"strings"
)

// Sentinel errors. A *ParseError wraps one of them; test with errors.Is.
var (
	// ErrEmpty reports an empty file (or one of only white space).
	ErrEmpty = errors.New("osmload: empty file")
	// ErrFormat reports a file that is neither OSM PBF nor OSM XML, or whose
	// content breaks its format (corrupt blocks, malformed XML, coordinates
	// out of range).
	ErrFormat = errors.New("osmload: malformed file")
	// ErrTruncated reports a file that ends in the middle of its data.
	ErrTruncated = errors.New("osmload: truncated file")
	// ErrUnsupported reports valid OSM data using a feature the reader does
	// not handle: PBF history files, lzma/zstd blobs, compressed PBF.
	ErrUnsupported = errors.New("osmload: unsupported file")
)

// ParseError is the error Read returns for a file it could open but not
// read. Errors opening the file are returned as the os package makes them
// (they name the file too; test with errors.Is(err, fs.ErrNotExist)).
type ParseError struct {
	// Path is the file read.
	Path string
	// Format is "pbf" or "xml", or "" when the format was not recognised.
	Format string
	// Kind is ErrEmpty, ErrFormat, ErrTruncated or ErrUnsupported.
	Kind error
	// Err is the detail: what is wrong and where (a byte offset for PBF,
	// the parser's message for XML). It may be nil.
	Err error
}

// Error names the file and says what is wrong with it.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("osmload: ")
	b.WriteString(e.Path)
	b.WriteString(": ")
	b.WriteString(strings.TrimPrefix(e.Kind.Error(), "osmload: "))
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the sentinel and the detail, so that errors.Is matches
// either.
func (e *ParseError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}
