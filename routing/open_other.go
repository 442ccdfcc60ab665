//go:build !unix

package routing

import "os"

// mapFile reads path into memory (no mapping on this platform).
func mapFile(path string) ([]byte, func(), error) {
	data, err := os.ReadFile(path)
	return data, func() {}, err
}

// populate does nothing: the file was read, not mapped.
func populate(data []byte, lo, hi uint64) {}
