//go:build unix && !linux

package routing

// populate is Linux only: elsewhere the pages fault in as read.
func populate(data []byte, lo, hi uint64) {}
