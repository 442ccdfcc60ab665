//go:build unix && !linux

package routing

// mapPopulate is Linux only.
const mapPopulate = 0
