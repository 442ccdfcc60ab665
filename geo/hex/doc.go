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
// A Coverer finds every cell a polyline passes through (AppendCover,
// AddLine), with a margin of ToleranceM so that cells a line only clips at
// a corner are never missed. It does so in Go: H3 tiles each face of an
// icosahedron, projected gnomonically onto a plane, with regular hexagons,
// so away from face edges a point's cell is the nearest point of a planar
// lattice. The lattice of a face is measured from a dozen h3 cells when a
// process first needs it; longitude/latitude is mapped to it by a quadratic
// per square of 1/128 degree (within 0.05 mm), and each segment is walked
// through the lattice row by row. The H3 index of a lattice cell is
// computed in Go too, by H3's own walk up the aperture-7 hierarchy (see
// index.go): h3 is asked only for the first two cells of each class of
// cells (face, base cell position, leading digit), a few dozen cgo calls
// per city instead of one per cell (1.5 to 2.4 µs each: 2.5 ms of the
// 12 ms a cold 15-minute isochrone of Porto took). Within about 1.3 km of
// a face edge (about 0.15% of the Earth, with the pentagons) and beyond 89°
// of latitude, it walks h3's own cells instead, from the cell of the
// segment start to every neighbour whose boundary comes within the margin.
//
// # Outlines
//
// Coverer.Outline computes the union of a set of cells of one resolution
// with its own code. A side of a cell is on the outline when the neighbour
// across it is not in the set. When every cell lies on the lattice of one
// face (all but about 0.15% of the Earth), the outline is found in lattice
// coordinates: the vertices of the lattice are integer points (in thirds
// of a step), the outline sides are chained by those exact keys, and only
// the vertices of the outline are converted to longitude and latitude
// (Porto's 15-minute isochrone: 1,013 vertices). Each vertex is computed
// from one of its three cells, the same one whichever cell asks, so an
// outline does not depend on what the Coverer computed before.
//
// Otherwise (cells near a face edge, from h3) the general path chains
// cell boundaries. Cells whose six neighbours are all in the set are
// skipped unless they touch such a border cell, so a compact set costs far
// fewer boundary computations than cells. The outline sides are chained
// into rings by their end vertices, matched on coordinates quantised to
// 1e-9 degrees (h3's copies of a vertex differ in their last bits; values
// within 1e-11 degrees of a rounding boundary are also looked up on the
// other side). Lattice cells' boundaries use the same vertices as the
// lattice path, and the tests check the two paths agree to the bit.
//
// In a hexagon tiling three cells meet at each vertex, so rings never
// touch each other and the chaining is unambiguous. Counter-clockwise rings
// are shells, clockwise ones holes. Each hole goes to the shell of the
// connected component of cells along it, which is the smallest shell that
// contains it; no point-in-polygon test is needed. Pentagons are handled
// like hexagons. Cells that cross the antimeridian or contain a pole are
// refused with ErrAntimeridian.
//
// Coverer.Outline and Coverer.TotalAreaM2 take the cells' geometry from the
// lattice, cached, instead of a cgo call per cell; the tests compare them
// with the same outline built from h3's neighbours and boundaries.
//
// Everything in this package is safe for concurrent use except a Coverer,
// which one goroutine owns.
package hex
