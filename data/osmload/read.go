package osmload

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/data/osmload/internal/pbf"
	"github.com/walkshed/walkshed/internal/inputfile"
)

// Read reads the OSM file at path, PBF (.osm.pbf) or XML (.osm, also
// gzip- or bzip2-compressed), recognised by its content, or by its
// extension when the content says nothing. It reads the file in three
// passes (relations, ways, nodes) and keeps only what the Extract needs, so
// memory grows with the walkable network and the features, not the file.
//
// Errors: a file that cannot be opened gives the os error (it names the
// path); a file that cannot be read, or is not a regular file (a named
// pipe or device, refused before it is opened), gives a *ParseError
// wrapping ErrEmpty, ErrFormat, ErrTruncated or ErrUnsupported; a cancelled ctx gives its
// error. Read never panics on bad input. It is safe for concurrent use.
func Read(ctx context.Context, path string, opts Options) (*Extract, error) {
	// Refuse what is not a regular file before opening it: opening a named
	// pipe blocks until a writer comes, and a device may never end.
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, notRegular(path, st.Mode())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("osmload: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("osmload: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, notRegular(path, st.Mode())
	}
	cr := counted(f, st.Size(), opts.Progress)
	src, err := open(cr, path, st.Size(), opts)
	if err != nil {
		return nil, err
	}
	setPasses(cr, src)
	ex, err := build(ctx, src, path, opts)
	if err != nil {
		return nil, classify(path, src.format(), err)
	}
	return ex, nil
}

// countingReader is an io.ReaderAt that reports the bytes read through
// it to a progress function (Options.Progress).
type countingReader struct {
	r        io.ReaderAt
	size     int64
	mu       sync.Mutex
	done     int64
	passes   int64 // reads of the whole file: 3 for XML, 2 for PBF
	progress func(done, total int64)
}

// counted wraps r to report to progress, or returns r when progress is
// nil.
func counted(r io.ReaderAt, size int64, progress func(done, total int64)) io.ReaderAt {
	if progress == nil {
		return r
	}
	return &countingReader{r: r, size: size, passes: 2, progress: progress}
}

// setPasses tells a countingReader how often src reads its file: XML
// sources read it once per pass, PBF ones peek at every block and then
// decode it.
func setPasses(r io.ReaderAt, src source) {
	if c, ok := r.(*countingReader); ok && src.format() == "xml" {
		c.mu.Lock()
		c.passes = 3
		c.mu.Unlock()
	}
}

// ReadAt implements io.ReaderAt.
func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.mu.Lock()
	c.done += int64(n)
	c.progress(c.done, c.size*c.passes)
	c.mu.Unlock()
	return n, err
}

// ReadBytes is Read for a file held in memory (an embedded sample, an
// upload); name is used in errors and as the Extract's Source.
func ReadBytes(ctx context.Context, name string, data []byte, opts Options) (*Extract, error) {
	cr := counted(bytes.NewReader(data), int64(len(data)), opts.Progress)
	src, err := open(cr, name, int64(len(data)), opts)
	if err != nil {
		return nil, err
	}
	setPasses(cr, src)
	ex, err := build(ctx, src, name, opts)
	if err != nil {
		return nil, classify(name, src.format(), err)
	}
	return ex, nil
}

// compression names a compressed stream.
const (
	noCompression = ""
	gzipped       = "gzip"
	bzipped       = "bzip2"
)

// open recognises the format of f and returns its source.
func open(f io.ReaderAt, path string, size int64, opts Options) (source, error) {
	if size == 0 {
		return nil, &ParseError{Path: path, Kind: ErrEmpty}
	}
	head := make([]byte, 512)
	n, err := f.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("osmload: %s: %w", path, err)
	}
	head = head[:n]
	comp := noCompression
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		comp = gzipped
	case bytes.HasPrefix(head, []byte("BZh")):
		comp = bzipped
	}
	if comp != noCompression {
		r, closeFn, err := decompress(io.NewSectionReader(f, 0, size), comp)
		if err != nil {
			return nil, classify(path, "", err)
		}
		head = make([]byte, 512)
		n, err := io.ReadFull(r, head)
		closeFn()
		head = head[:n]
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, classify(path, "", err)
		}
		if n == 0 {
			return nil, &ParseError{Path: path, Kind: ErrEmpty, Err: fmt.Errorf("empty %s stream", comp)}
		}
	}
	ext := strings.ToLower(path)
	for _, e := range []string{".gz", ".bz2"} {
		ext = strings.TrimSuffix(ext, e)
	}
	switch {
	case len(bytes.TrimSpace(head)) == 0 && ((comp != noCompression && len(head) < 512) || int64(len(head)) == size):
		return nil, &ParseError{Path: path, Kind: ErrEmpty, Err: errors.New("only white space")}
	case sniffPBF(head) || (sniffUnknown(head) && strings.HasSuffix(ext, ".pbf")):
		if comp != noCompression {
			return nil, &ParseError{Path: path, Format: "pbf", Kind: ErrUnsupported,
				Err: fmt.Errorf("%s-compressed PBF (PBF blocks are compressed already)", comp)}
		}
		pf, err := pbf.Open(f, size)
		if err != nil {
			return nil, classify(path, "pbf", err)
		}
		return &pbfSource{f: pf, procs: opts.Procs}, nil
	case sniffXML(head) || (sniffUnknown(head) && (strings.HasSuffix(ext, ".osm") || strings.HasSuffix(ext, ".xml"))):
		s := &xmlSource{f: f, size: size, comp: comp}
		if err := s.checkRoot(); err != nil {
			return nil, classify(path, "xml", err)
		}
		return s, nil
	}
	return nil, &ParseError{Path: path, Kind: ErrFormat, Err: errors.New("neither OSM PBF nor OSM XML")}
}

// sniffPBF reports whether head starts like a PBF file: a 4-byte length, then
// a BlobHeader whose type field is OSMHeader or OSMData.
func sniffPBF(head []byte) bool {
	if len(head) < 6 {
		return false
	}
	l := binary.BigEndian.Uint32(head)
	if l == 0 || l > 64<<10 || head[4] != 0x0a {
		return false
	}
	h := head[5:]
	return bytes.HasPrefix(h, []byte("\x09OSMHeader")) || bytes.HasPrefix(h, []byte("\x07OSMData"))
}

// sniffXML reports whether head starts like XML: an optional byte order
// mark and white space, then '<'.
func sniffXML(head []byte) bool {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(h) > 0 && h[0] == '<'
}

// sniffUnknown reports content too short to recognise.
func sniffUnknown(head []byte) bool { return len(head) < 6 }

// classify turns a decoding error into a *ParseError naming path.
func classify(path, format string, err error) error {
	var pe *ParseError
	switch {
	case errors.As(err, &pe):
		return err
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("osmload: %s: %w", path, err)
	}
	kind := ErrFormat
	var syn *xml.SyntaxError
	switch {
	case errors.Is(err, pbf.ErrTruncated), errors.Is(err, io.ErrUnexpectedEOF):
		kind = ErrTruncated
	case errors.As(err, &syn) && strings.Contains(syn.Msg, "unexpected EOF"):
		kind = ErrTruncated
	case errors.Is(err, pbf.ErrUnsupported):
		kind = ErrUnsupported
	case errors.Is(err, pbf.ErrFormat), errors.As(err, &syn), errors.Is(err, gzip.ErrHeader),
		errors.Is(err, gzip.ErrChecksum), isBzip2Error(err), errors.Is(err, errBadXML):
	default:
		var pathErr *os.PathError
		if errors.As(err, &pathErr) {
			return fmt.Errorf("osmload: %s: %w", path, err)
		}
	}
	return &ParseError{Path: path, Format: format, Kind: kind, Err: err}
}

func isBzip2Error(err error) bool {
	var se bzip2.StructuralError
	return errors.As(err, &se)
}

// decompress wraps r in a gzip or bzip2 reader.
func decompress(r io.Reader, comp string) (io.Reader, func(), error) {
	br := bufio.NewReaderSize(r, 64<<10)
	switch comp {
	case gzipped:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip: %w", err)
		}
		return zr, func() { zr.Close() }, nil
	case bzipped:
		return bzip2.NewReader(br), func() {}, nil
	}
	return br, func() {}, nil
}

// pbfSource reads a PBF file.
type pbfSource struct {
	f     *pbf.File
	procs int
}

func (s *pbfSource) format() string { return "pbf" }

func (s *pbfSource) declared() (orb.Bound, bool) {
	return s.f.Header.Bounds, s.f.Header.HasBounds
}

func (s *pbfSource) replicated() time.Time { return s.f.Header.ReplicationTimestamp }

func (s *pbfSource) missed() bool { return s.f.Missed() }

func (s *pbfSource) scan(ctx context.Context, want pbf.Kind, fn func(*pbf.Block) error) error {
	return s.f.Scan(ctx, s.procs, want, fn)
}

// notRegular is the error for an input that is not a regular file.
func notRegular(path string, m fs.FileMode) error {
	return &ParseError{Path: path, Kind: ErrFormat, Err: fmt.Errorf("is %s, not a regular file", inputfile.Kind(m))}
}
