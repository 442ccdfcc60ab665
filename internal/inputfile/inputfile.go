package inputfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"unicode/utf8"
)

// Errors wrapped by the errors of this package; test with errors.Is.
var (
	// ErrNotRegular: the input is a directory, named pipe, device or socket.
	ErrNotRegular = errors.New("inputfile: not a regular file")
	// ErrBinary: a text input holds a NUL byte.
	ErrBinary = errors.New("inputfile: not a text file")
	// ErrLineTooLong: a line of a text input is longer than the limit.
	ErrLineTooLong = errors.New("inputfile: line too long")
)

// MaxLine is the longest line, in bytes, the CSV readers accept: 1 MiB,
// thousands of times a real record, so a longer one means a wrong file.
const MaxLine = 1 << 20

// MaxEcho is the most characters of input text Clip keeps.
const MaxEcho = 80

// kindError is an error with its own message that matches a sentinel.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// Kind describes a file mode for messages: "a directory", "a named pipe
// (FIFO)", "a device", "a socket", "a symbolic link" or "a regular file".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsRegular():
		return "a regular file"
	}
	return "not a regular file"
}

// Check returns nil if path is a regular file (through symbolic links), the
// *fs.PathError of os.Stat if it cannot be found, and otherwise an error
// wrapping ErrNotRegular that names path and what it is. It does not open
// path, so it cannot block.
func Check(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return checkMode(path, st.Mode())
}

func checkMode(path string, m fs.FileMode) error {
	if m.IsRegular() {
		return nil
	}
	return &kindError{msg: fmt.Sprintf("%s is %s, not a regular file", path, Kind(m)), kind: ErrNotRegular}
}

// Open opens path for reading after Check, and checks the opened file again
// (the name may have been replaced in between).
func Open(path string) (*os.File, error) {
	if err := Check(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil {
		err = checkMode(path, st.Mode())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// TextError locates a problem of a text input: a NUL byte or a line over
// the limit.
type TextError struct {
	Path string
	// Line is the 1-based line of the problem.
	Line int
	// Err says what is wrong; it wraps ErrBinary or ErrLineTooLong.
	Err error
}

func (e *TextError) Error() string { return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err) }

// Unwrap returns e.Err.
func (e *TextError) Unwrap() error { return e.Err }

// chunk is how much ReadText reads at a time.
const chunk = 64 << 10

// ReadText reads the whole regular file at path (see Open) as text. It
// fails with a *TextError at the first NUL byte, and at the first line
// longer than maxLine bytes, where maxLine is what lineLimit returns for
// the first bytes read (the whole of a file under 16 MiB, else the first
// 64 KiB; nil or a result <= 0 means no limit: a GeoJSON file may be one
// long line). A file over 16 MiB is read 64 KiB at a time and checked as it
// comes, so a bad one fails within its bad line.
func ReadText(path string, lineLimit func(head []byte) int) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Room for the whole file when it is small; a larger one grows as it is
	// read, so a sparse giant costs nothing up front.
	size := int64(chunk)
	if st, err := f.Stat(); err == nil && st.Size() < 16<<20 {
		size = st.Size() + 1
	}
	buf := make([]byte, 0, size)
	limit := -1 // not known until the first bytes are read
	line, lineLen := 1, 0
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, chunk)
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		data := buf[len(buf) : len(buf)+n]
		if limit < 0 && n > 0 {
			limit = 0
			if lineLimit != nil {
				limit = max(0, lineLimit(data))
			}
		}
		if i := bytes.IndexByte(data, 0); i >= 0 {
			l := line + bytes.Count(data[:i], []byte{'\n'})
			return nil, &TextError{Path: path, Line: l, Err: &kindError{
				msg: "holds a NUL byte, so it is not a text file (binary data, or a sparse file)", kind: ErrBinary}}
		}
		for rest := data; len(rest) > 0; {
			i := bytes.IndexByte(rest, '\n')
			seg := rest
			if i >= 0 {
				seg = rest[:i]
			}
			if lineLen += len(seg); limit > 0 && lineLen > limit {
				return nil, &TextError{Path: path, Line: line, Err: &kindError{
					msg: fmt.Sprintf("line is longer than %s; is this the right file?", bytesString(limit)), kind: ErrLineTooLong}}
			}
			if i < 0 {
				break
			}
			line, lineLen = line+1, 0
			rest = rest[i+1:]
		}
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// bytesString renders a size such as 1 MiB.
func bytesString(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Clip returns s cut to its first MaxEcho characters followed by "…" when
// it is longer, for echoing input text (a header, a value, an id) into a
// message without echoing a whole file.
func Clip(s string) string {
	if len(s) <= MaxEcho {
		return s
	}
	i, n := 0, 0
	for i < len(s) && n < MaxEcho {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	if i == len(s) {
		return s
	}
	return s[:i] + "…"
}
