//go:build !race

package spatial_test

const raceEnabled = false
