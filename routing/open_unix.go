//go:build unix

package routing

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps path read-only into memory. A Graph opened from it uses its
// arrays in place for as long as the process may hold the graph, so the
// mapping of a file in use is never removed; unmap releases it, and must be
// called only when nothing refers to the data (the file was refused).
func mapFile(path string) (data []byte, unmap func(), err error) {
	noop := func() {}
	f, err := os.Open(path)
	if err != nil {
		return nil, noop, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, noop, err
	}
	if st.IsDir() {
		return nil, noop, fmt.Errorf("%s is a directory", path)
	}
	if st.Size() < headerSize || st.Size() != int64(int(st.Size())) {
		data, err := os.ReadFile(path) // too small to map; ReadFile's errors name it
		return data, noop, err
	}
	// Not populated: a network-only open reads just the graph section, which
	// OpenFile populates (see populate); the other sections fault in when read.
	data, err = syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		data, err := os.ReadFile(path)
		return data, noop, err
	}
	return data, func() { _ = syscall.Munmap(data) }, nil
}
