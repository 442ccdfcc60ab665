// Package spatial holds the R-tree indexes walkshed uses to put points on the
// map: LineIndex snaps a point onto the nearest segment of a set of polylines
// (the walking network), and ZoneIndex finds the zones (grid polygons) a point
// lies in. ValidatePolygon checks that a zone is a usable polygon.
//
// Both indexes are built on github.com/tidwall/rtree. They store int32 ids,
// never pointers, and are read-only once built, so one index serves any
// number of goroutines. Per-query scratch comes from a sync.Pool, so queries
// do not allocate.
//
// Points are orb.Point values in (longitude, latitude) order, degrees, WGS 84.
// Distances are metres on the sphere of geo.EarthRadius, computed exactly as
// geo.ProjectOnSegment, geo.ProjectOnLine and geo.Distance do, so a
// LineIndex answer equals a brute-force scan of every line with
// geo.ProjectOnLine.
//
// # Nearest segment
//
// LineIndex keeps one R-tree entry per segment: the (line id, segment index)
// pair and the segment's bounding box in float32 degrees, rounded outwards.
// The polylines themselves stay with the caller, who hands them out through a
// callback at build and at query time. A query walks the tree best-first
// (rtree.Nearby) ordered by a lower bound of the great-circle distance from
// the point to each box, computed from the haversine formula with the box's
// extreme latitude. The bound is valid everywhere on the sphere, near the
// poles and across the antimeridian included, so no degree box sized with a
// cosine that blows up near the poles is needed. Exact distances
// (geo.ProjectOnSegment) are computed only for segments whose box could
// still beat the best hit, and the walk stops as soon as no box can.
//
// # Zones
//
// ZoneIndex keeps the bounding box of every polygon of every zone in an
// R-tree, then tests the candidate polygons exactly with an even-odd ray
// test (holes and multipolygons). Rings with many vertices get their own
// R-tree of edges so that the ray test costs O(log n), not O(n): an
// administrative boundary of 20,000 vertices answers in microseconds.
// Orientation tests are exact (a floating-point filter with an exact
// fallback), so a point on a shared edge or vertex gets the same answer
// every time.
package spatial
