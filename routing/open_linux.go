//go:build linux

package routing

import "syscall"

// mapPopulate asks Linux to read the whole mapping in at once.
const mapPopulate = syscall.MAP_POPULATE
