// Command loadtest measures walkshed's HTTP API under load on this machine:
// requests per second, median and 99th-percentile latency and the server's
// peak memory (VmHWM) for /v1/nearest, /v1/isochrone and /v1/audit.
//
//	go run ./cmd/internal/loadtest                       # Porto centre, the figures in the README
//	go run ./cmd/internal/loadtest -osm city.osm.pbf -n 500 -c 8
//	go run ./cmd/internal/loadtest -walkshed ./walkshed-old   # the same load on another build
//
// Each scenario starts a fresh server ('walkshed serve', by default this
// program itself re-run as walkshed) on 127.0.0.1 with a port of the
// kernel's choosing, sends its requests from -c goroutines and stops after
// -n requests or -max seconds, whichever comes first; then the server is
// interrupted and its peak resident memory read from /proc. Only that
// loopback server is ever sent anything: there is no flag for an address.
//
// The request points are residents estimated from the city's buildings
// (seeded, so every run sends the same requests); audits send -residents of
// them. The "isochrone heavy" scenario sends, six at a time, the largest
// isochrones the default limits allow (100 points, 10 budgets up to an
// hour, resolution 13).
//
// It is its own small client rather than vegeta used as a library: vegeta
// v12.13.0 would bring about 25 modules into go.mod (Prometheus among them)
// and raise google.golang.org/protobuf from v1.27.1 to v1.34.2 for the whole
// module, for what here is a loop, a clock and a sort.
package main
