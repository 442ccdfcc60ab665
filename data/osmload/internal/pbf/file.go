package pbf

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/paulmach/orb"
)

// Header is the content of a file's OSMHeader block.
type Header struct {
	// Bounds is the bounding box the file declares; valid only when
	// HasBounds.
	Bounds    orb.Bound
	HasBounds bool
	// ReplicationTimestamp is osmosis_replication_timestamp, zero when
	// absent.
	ReplicationTimestamp time.Time
	RequiredFeatures     []string
	OptionalFeatures     []string
	WritingProgram       string
	Source               string
}

// readable lists the required features this package honours.
var readable = map[string]bool{"OsmSchema-V0.6": true, "DenseNodes": true}

type blockRef struct {
	off   int64 // offset of the BlobHeader length prefix
	data  int64 // offset of the Blob bytes
	size  int   // length of the Blob bytes
	kinds Kind  // kinds found in the block, valid when known
	known bool
	peek  Kind // kinds guessed by peekAll, 0 for no guess
	// skipped are the kinds of the scans that skipped the block on the
	// strength of peek
	skipped Kind
}

// File is an opened PBF file. Its methods must not be called concurrently.
type File struct {
	// Header is the file's OSMHeader.
	Header Header

	r      io.ReaderAt
	blocks []blockRef
	free   chan *Block // blocks kept for reuse across scans
	peeked bool
	missed bool
}

// Open reads the framing of a PBF file of size bytes and its header block.
// It does not decompress data blocks. Errors wrap ErrFormat, ErrTruncated or
// ErrUnsupported and name the byte offset of the faulty block.
func Open(r io.ReaderAt, size int64) (*File, error) {
	f := &File{r: r}
	var hdr [maxHeaderSize]byte
	first := true
	for off := int64(0); off < size; {
		if size-off < 4 {
			return nil, fmt.Errorf("block at byte %d: %w: %d bytes left, want a 4-byte length", off, ErrTruncated, size-off)
		}
		if err := readAt(r, hdr[:4], off); err != nil {
			return nil, fmt.Errorf("block at byte %d: %w", off, err)
		}
		hl := int64(binary.BigEndian.Uint32(hdr[:4]))
		if hl == 0 || hl > maxHeaderSize {
			return nil, fmt.Errorf("block at byte %d: %w: blob header length %d", off, ErrFormat, hl)
		}
		if off+4+hl > size {
			return nil, fmt.Errorf("block at byte %d: %w: blob header ends at byte %d, file has %d", off, ErrTruncated, off+4+hl, size)
		}
		if err := readAt(r, hdr[:hl], off+4); err != nil {
			return nil, fmt.Errorf("block at byte %d: %w", off, err)
		}
		typ, dl, err := blobHeader(hdr[:hl])
		if err != nil {
			return nil, fmt.Errorf("block at byte %d: %w", off, err)
		}
		data := off + 4 + hl
		if data+dl > size {
			return nil, fmt.Errorf("block at byte %d: %w: blob ends at byte %d, file has %d", off, ErrTruncated, data+dl, size)
		}
		switch {
		case first && typ != "OSMHeader":
			return nil, fmt.Errorf("block at byte %d: %w: first block is %q, want OSMHeader", off, ErrFormat, typ)
		case first:
			h, err := f.readHeader(data, int(dl))
			if err != nil {
				return nil, fmt.Errorf("header block at byte %d: %w", off, err)
			}
			f.Header = h
		case typ == "OSMData":
			f.blocks = append(f.blocks, blockRef{off: off, data: data, size: int(dl)})
		}
		// Other block types are skipped, as the format asks.
		first = false
		off = data + dl
	}
	if first {
		return nil, fmt.Errorf("%w: no blocks", ErrFormat)
	}
	return f, nil
}

// Missed reports whether a Scan skipped a block, guessed to hold none of
// the kinds it wanted, that turned out to hold one when decoded later. The
// guesses come from the first element of each block and hold for files that
// group elements by kind, as writers do. When Missed is true the scans since
// Open must be repeated: by then every block's kinds are known exactly.
func (f *File) Missed() bool { return f.missed }

// Blocks returns the number of data blocks.
func (f *File) Blocks() int { return len(f.blocks) }

func blobHeader(b []byte) (typ string, size int64, err error) {
	size = -1
	w := newWire(b)
	for w.next() {
		switch w.num {
		case 1:
			typ = string(w.bytes())
		case 3:
			size = int64(int32(w.varint()))
		}
	}
	if w.err != nil {
		return "", 0, fmt.Errorf("blob header: %w", w.err)
	}
	if typ == "" {
		return "", 0, fmt.Errorf("%w: blob header without type", ErrFormat)
	}
	if size < 0 || size > maxBlobSize {
		return "", 0, fmt.Errorf("%w: blob size %d", ErrFormat, size)
	}
	return typ, size, nil
}

func (f *File) readHeader(off int64, n int) (Header, error) {
	var h Header
	buf := make([]byte, n)
	if err := readAt(f.r, buf, off); err != nil {
		return h, err
	}
	var d decoder
	data, err := d.inflate(buf)
	if err != nil {
		return h, err
	}
	w := newWire(data)
	for w.next() {
		switch w.num {
		case 1:
			var bb [5]int64
			var seen [5]bool
			bw := newWire(w.bytes())
			for bw.next() {
				if bw.num >= 1 && bw.num <= 4 {
					bb[bw.num], seen[bw.num] = zigzag(bw.varint()), true
				}
			}
			if bw.err != nil {
				return h, fmt.Errorf("bbox: %w", bw.err)
			}
			if seen[1] && seen[2] && seen[3] && seen[4] {
				// left, right, top, bottom in nanodegrees
				h.Bounds = orb.Bound{Min: orb.Point{float64(bb[1]) / 1e9, float64(bb[4]) / 1e9},
					Max: orb.Point{float64(bb[2]) / 1e9, float64(bb[3]) / 1e9}}
				h.HasBounds = true
			}
		case 4:
			h.RequiredFeatures = append(h.RequiredFeatures, string(w.bytes()))
		case 5:
			h.OptionalFeatures = append(h.OptionalFeatures, string(w.bytes()))
		case 16:
			h.WritingProgram = string(w.bytes())
		case 17:
			h.Source = string(w.bytes())
		case 32:
			if ts := int64(w.varint()); ts > 0 {
				h.ReplicationTimestamp = time.Unix(ts, 0).UTC()
			}
		}
	}
	if w.err != nil {
		return h, fmt.Errorf("header: %w", w.err)
	}
	for _, rf := range h.RequiredFeatures {
		if !readable[rf] {
			return h, fmt.Errorf("%w: required feature %q", ErrUnsupported, rf)
		}
	}
	return h, nil
}

type result struct {
	idx  int
	blk  *Block
	err  error
	done chan struct{}
}

// Scan decodes the data blocks that may contain a wanted kind with procs
// goroutines (GOMAXPROCS when procs < 1) and calls fn with each block in
// file order, from the calling goroutine. A block passed to fn holds only
// the wanted kinds and is reused after fn returns. Scan stops at the first
// error from decoding, from fn or from ctx, and returns it.
func (f *File) Scan(ctx context.Context, procs int, want Kind, fn func(*Block) error) error {
	if procs < 1 {
		procs = runtime.GOMAXPROCS(0)
	}
	if want != KindAll && !f.peeked {
		f.peekAll(ctx, procs)
		f.peeked = true
	}
	var todo []int
	for i := range f.blocks {
		b := &f.blocks[i]
		switch {
		case b.known && b.kinds&want == 0:
		case !b.known && b.peek != 0 && b.peek&want == 0:
			b.skipped |= want
		default:
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return ctx.Err()
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	if f.free == nil {
		f.free = make(chan *Block, 4*procs)
	}
	jobs := make(chan *result)
	queue := make(chan *result, 2*procs)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // producer: hands out jobs and queues them in file order
		defer wg.Done()
		defer close(queue)
		defer close(jobs)
		for _, i := range todo {
			r := &result{idx: i, done: make(chan struct{})}
			select {
			case queue <- r:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- r:
			case <-ctx.Done():
				r.err = ctx.Err()
				close(r.done)
				return
			}
		}
	}()
	for w := 0; w < procs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var d decoder
			var buf []byte
			for r := range jobs {
				ref := f.blocks[r.idx]
				if cap(buf) < ref.size {
					buf = make([]byte, ref.size)
				}
				var blk *Block
				select {
				case blk = <-f.free:
					blk.reset()
				default:
					blk = new(Block)
				}
				r.blk = blk
				r.err = d.block(f.r, ref, buf[:ref.size], want, blk)
				close(r.done)
			}
		}()
	}
	var err error
	for r := range queue {
		<-r.done
		if err == nil {
			err = r.err
			if err == nil {
				b := &f.blocks[r.idx]
				b.kinds, b.known = r.blk.Kinds, true
				if b.kinds&b.skipped != 0 {
					f.missed = true
				}
				err = fn(r.blk)
			}
			if err == nil {
				err = ctx.Err()
			}
			if err != nil {
				cancel()
			}
		}
		if r.blk != nil {
			select {
			case f.free <- r.blk:
			default:
			}
		}
	}
	wg.Wait()
	if err == nil {
		err = parent.Err()
	}
	return err
}

func (d *decoder) block(r io.ReaderAt, ref blockRef, buf []byte, want Kind, blk *Block) error {
	if err := readAt(r, buf, ref.data); err != nil {
		return fmt.Errorf("block at byte %d: %w", ref.off, err)
	}
	data, err := d.inflate(buf)
	if err != nil {
		return fmt.Errorf("block at byte %d: %w", ref.off, err)
	}
	if err := d.decodeData(data, want, blk); err != nil {
		return fmt.Errorf("block at byte %d: %w", ref.off, err)
	}
	return nil
}

// readAt fills buf from r at off; a short file is ErrTruncated.
func readAt(r io.ReaderAt, buf []byte, off int64) error {
	if len(buf) == 0 {
		return nil
	}
	n, err := r.ReadAt(buf, off)
	if n == len(buf) {
		return nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: %d of %d bytes at byte %d", ErrTruncated, n, len(buf), off)
	}
	return err
}
