// Package routing is walkshed's walking network: an immutable graph in
// compressed sparse row form built from walkable ways (Build), walking
// profiles (Profile), points snapped onto edges (Location), and bounded
// Dijkstra searches that reuse their buffers (Searcher for the nearest
// source, KSearcher for the k nearest distinct sources).
//
// The package knows nothing of OSM tags: the OSM reader (data/osmload)
// decides which ways are walkable and what flags they carry. Distances are
// metres (float64 in searches, float32 per edge in the graph); walking time
// is distance divided by the profile's speed, so every search runs in
// metres and budgets in minutes become metres with geo.Budget.Distance.
//
// A point that cannot be snapped is an *UnroutableError: a stable code
// (UnroutableCode: invalid_point, no_street, too_far) with its distances,
// and an English Reason. The package sits below the languages (data/i18n),
// so reports in other languages print the reason from the code and the
// figures (data/report.Unroutable).
//
// A Graph is safe for concurrent use once built. Searchers are not: use one
// per goroutine, or keep them in a sync.Pool. Prepared network files (.wsn,
// Graph.WriteFile) open with OpenFile, which maps them into memory and uses
// the arrays in place. Beside the graph a file holds the caller's named,
// versioned, checksummed sections (data/wsn writes the services, buildings
// and boundaries there); see FileVersion for the layout.
package routing
