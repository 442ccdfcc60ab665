// Package hex is walkshed's only user of H3 (github.com/uber/h3-go/v4): it
// turns points and polylines into H3 cells and sets of cells into polygons.
//
// Other packages see only this package's Cell type, never h3 types. Every
// input is validated here because h3-go v4.1.0 does not: it returns the null
// cell without an error for a resolution beyond 15 or a NaN coordinate, reads
// tables out of bounds for malformed indexes, and its CellsToMultiPolygon
// panics ("not implemented"). Functions of this package return an error
// wrapping one of the Err* sentinels instead, and never panic on bad input.
//
// Points are orb.Point values (longitude, latitude) in degrees, WGS 84;
// lengths are metres and areas square metres.
//
// # Covering lines
//
// CoverLine and Coverer sample a polyline at a spacing of at most half the
// average edge length of the resolution and list the cells of the samples.
// A cgo call costs about a microsecond, so a Coverer keeps the boundary of the
// last cell it found and tests the next sample against it in Go first; only
// samples that left that cell (or lie within a few millimetres of its
// boundary) go to h3, so the cells found are exactly h3's cells of the
// samples.
//
// # Outlines
//
// Outline computes the union of a set of cells of one resolution with its own
// code. A side of a cell is on the outline when the neighbour across it is
// not in the set. Cells whose six neighbours are all in the set are skipped
// unless they touch such a border cell, so a compact set costs far fewer
// boundary computations than cells. The outline sides are chained into rings
// by their end vertices, matched on coordinates quantised to 1e-9 degrees
// (the same vertex computed from two cells differs in its last bits; values
// within 1e-11 degrees of a rounding boundary are also looked up on the other
// side). In a hexagon tiling three cells meet at each vertex, so rings never
// touch each other and the chaining is unambiguous. Counter-clockwise rings
// are shells, clockwise ones holes. Each hole goes to the shell of the
// connected component of cells along it, which is the smallest shell that
// contains it; no point-in-polygon test is needed. Pentagons are handled like hexagons. Cells that cross the
// antimeridian or contain a pole are refused with ErrAntimeridian.
//
// Everything in this package is safe for concurrent use except a Coverer,
// which one goroutine owns.
package hex
