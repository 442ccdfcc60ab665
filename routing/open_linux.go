//go:build linux

package routing

import (
	"os"
	"syscall"
)

// madvPopulateRead is Linux's MADV_POPULATE_READ (5.14 and later), which
// the syscall package does not name.
const madvPopulateRead = 22

// populate reads the pages of data[lo:hi] (data a mapping from mapFile) in
// one call: the checksum reads every page of the graph section at once,
// and populating them together costs far less than faulting them in one by
// one. An older kernel refuses the advice; the pages then fault in as read.
func populate(data []byte, lo, hi uint64) {
	page := uint64(os.Getpagesize())
	lo &^= page - 1 // madvise wants a page-aligned start; the mapping starts on one
	if lo >= hi || hi > uint64(len(data)) {
		return
	}
	_ = syscall.Madvise(data[lo:hi], madvPopulateRead)
}
