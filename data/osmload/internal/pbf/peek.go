package pbf

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"io"
	"sync"
)

// peekAll guesses the kinds of the blocks not decoded yet from the first
// element of their first group, decompressing only up to it (the string
// table, usually a small part of a block), and from the first element of the
// next block. The guess lets a pass skip the blocks of other kinds; Scan
// checks every guess when it decodes the block in full, and Missed reports a
// wrong one.
func (f *File) peekAll(ctx context.Context, procs int) {
	idx := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < procs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			var zr io.ReadCloser
			br := bufio.NewReaderSize(nil, 4096)
			for i := range idx {
				ref := &f.blocks[i]
				if cap(buf) < ref.size {
					buf = make([]byte, ref.size)
				}
				if readAt(f.r, buf[:ref.size], ref.data) != nil {
					continue
				}
				ref.peek, zr = peekBlob(buf[:ref.size], zr, br)
			}
		}()
	}
	for i := range f.blocks {
		if f.blocks[i].known {
			continue
		}
		select {
		case idx <- i:
		case <-ctx.Done():
		}
	}
	close(idx)
	wg.Wait()
	// Writers sort elements by kind (nodes, ways, relations), and a block
	// where one kind ends holds the first elements of the next kind: so a
	// block holds the kinds from its first one to the next block's first.
	for i := range f.blocks {
		b := &f.blocks[i]
		if b.known || b.peek == 0 {
			continue
		}
		next := KindRelation
		if i+1 < len(f.blocks) {
			if nb := f.blocks[i+1]; nb.known {
				next = 0
			} else if nb.peek != 0 {
				next = nb.peek
			}
		}
		if next < b.peek { // unsorted or unknown: decode it
			b.peek = 0
			continue
		}
		b.peek = (next<<1 - 1) &^ (b.peek - 1)
	}
}

// peekBlob returns the kind of the first element in a Blob's PrimitiveBlock,
// 0 when it cannot tell. zr is a zlib reader to reuse (nil at first).
func peekBlob(blob []byte, zr io.ReadCloser, br *bufio.Reader) (Kind, io.ReadCloser) {
	var raw, zdata []byte
	w := newWire(blob)
	for w.next() {
		switch {
		case w.num == 1 && w.typ == wireBytes:
			raw = w.data
		case w.num == 3 && w.typ == wireBytes:
			zdata = w.data
		}
	}
	if w.err != nil {
		return 0, zr
	}
	switch {
	case raw != nil:
		br.Reset(bytes.NewReader(raw))
	case zdata != nil:
		var err error
		if zr == nil {
			zr, err = zlib.NewReader(bytes.NewReader(zdata))
		} else {
			err = zr.(zlib.Resetter).Reset(bytes.NewReader(zdata), nil)
		}
		if err != nil {
			return 0, nil
		}
		br.Reset(zr)
	default:
		return 0, zr
	}
	return peekBlock(br), zr
}

// peekBlock reads PrimitiveBlock fields up to the first group and returns
// the kind of that group's first field.
func peekBlock(r *bufio.Reader) Kind {
	for {
		key, err := binary.ReadUvarint(r)
		if err != nil {
			return 0
		}
		num, typ := key>>3, key&7
		if num == 2 && typ == wireBytes {
			if _, err := binary.ReadUvarint(r); err != nil {
				return 0
			}
			gkey, err := binary.ReadUvarint(r)
			if err != nil {
				return 0
			}
			switch gkey >> 3 {
			case 1, 2:
				return KindNode
			case 3:
				return KindWay
			case 4:
				return KindRelation
			}
			return 0
		}
		var skip uint64
		switch typ {
		case wireVarint:
			if _, err := binary.ReadUvarint(r); err != nil {
				return 0
			}
		case wireFixed64:
			skip = 8
		case wireFixed32:
			skip = 4
		case wireBytes:
			if skip, err = binary.ReadUvarint(r); err != nil || skip > maxBlobSize {
				return 0
			}
		default:
			return 0
		}
		if _, err := r.Discard(int(skip)); err != nil {
			return 0
		}
	}
}
