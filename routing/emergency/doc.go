// Package emergency answers the promises a service circle makes beyond
// shops: a grid worker at any emergency of the grid within the budget, a
// volunteer at the door of every registered resident, and the record of
// incidents against both.
//
// # Worst case per grid (Assess)
//
// One multi-source Dijkstra from the responders that serve a grid (those
// naming it, and those serving every grid) gives the walk to every node; the
// walk to the point x metres along an edge (u, v) of length L is then
// min(d(u) + x, d(v) + L − x), or direct from a responder standing on that
// edge. Between two responder positions this is a tent min(A + x, B − x), so
// the farthest point of a street piece, the length within the budget and
// the stretches beyond it are computed exactly, not sampled: the farthest
// point of an edge wholly inside a grid is at (d(u) + d(v) + L)/2 when it
// lies on the edge. A grid's streets are the edges its responders' profile
// may use, islands left out, clipped to the grid's polygons
// (spatial.Clipper). Residents' doors count as grid points too.
//
// # Placement advice
//
// For a failing grid, the point of the network from which one responder
// would have the smallest worst case: the grid's absolute 1-centre, with
// demand on every point of its streets and at every door. It is found by
// lower bounds from landmarks (see centre) and proven within a tolerance
// (1 m by default) of the optimum, and tested against every point every
// metre on random networks.
//
// # Volunteers
//
// For every registered resident of the chosen groups, the k nearest
// volunteers serving the resident's grid, each walking with its own
// profile (a volunteer in a wheelchair does not take steps); per grid the
// shares reached by one and by k within the budget, and who nobody reaches.
// With capacities, residents are assigned by an optimal min-cost flow
// (most residents served, then least walking; see assign).
//
// # Incidents
//
// An incident log checked against the promise: per grid and month the
// count, the share a responder on duty then (Responder.From, To) reaches
// within the budget, and from logged arrivals the on-time share and the
// median. Incidents outside every grid or off the network are counted in
// a ledger.
//
// Results are deterministic: the same input gives the same answer, whatever
// the number of workers.
package emergency
