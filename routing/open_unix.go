//go:build unix

package routing

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps path read-only into memory. The mapping is never removed: a
// Graph opened from it uses its arrays in place for as long as the process
// may hold the graph.
func mapFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	if st.Size() < headerSize || st.Size() != int64(int(st.Size())) {
		return os.ReadFile(path) // too small to map; ReadFile's errors name it
	}
	// The checksum reads every page at once anyway: populating the mapping
	// in one call costs far less than faulting the pages in one by one.
	data, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED|mapPopulate)
	if err != nil {
		return os.ReadFile(path)
	}
	return data, nil
}
