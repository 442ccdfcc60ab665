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
// pair and the segment's bounding box in float32 degrees, rounded outwards
// (about 42 bytes per segment in all). The polylines themselves stay with
// the caller, who appends them through a callback at build and at query
// time (strconv.AppendInt style) into a buffer each pooled query keeps, so
// a query allocates nothing even when the caller stores its polylines in
// another form (the routing graph keeps fixed-point coordinates).
//
// A query first searches the longitude/latitude box that holds the
// spherical cap of radius r round the point (its longitude half-width is
// asin(sin ρ / cos φ), and it spans every longitude when the cap holds a
// pole; boxes that cross the antimeridian are split in two). r starts at the
// mean spacing of the segments and grows fourfold, or straight to the
// nearest segment seen, until the box holds a segment within r, which is
// then the answer. A point far from every segment switches to a best-first
// walk of the tree (rtree.Nearby) ordered by a lower bound of the
// great-circle distance to each box, from the haversine formula with the
// box's extreme latitude. Both steps skip any segment whose box bound
// cannot beat the best hit, and compute exact distances with
// geo.ProjectOnSegment, so the answer is the one a scan of every segment
// would give, near the poles and across the antimeridian too.
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
