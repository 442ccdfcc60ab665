//go:build !unix

package routing

import "os"

// mapFile reads path into memory (no mapping on this platform).
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }
