package hex

import "slices"

// Unique sorts cells by value and removes duplicates in place, returning the
// shortened slice (which shares cells' backing array). The result is the
// canonical form of a set of cells used throughout this package.
func Unique(cells []Cell) []Cell {
	slices.Sort(cells)
	return slices.Compact(cells)
}

// Contains reports whether the sorted slice cells (as returned by Unique)
// holds c, by binary search.
func Contains(cells []Cell, c Cell) bool {
	_, ok := slices.BinarySearch(cells, c)
	return ok
}
