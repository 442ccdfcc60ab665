package walkshed

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// PointError is a start point that could not be used, with its position in
// the input.
type PointError struct {
	Index int
	Point orb.Point
	Err   error
}

func (e *PointError) Error() string {
	return fmt.Sprintf("point %d (%.6f,%.6f): %v", e.Index+1, e.Point[0], e.Point[1], e.Err)
}

// Unwrap returns the underlying error.
func (e *PointError) Unwrap() error { return e.Err }

// Snap places points on the network for profile p, each within maxSnap of
// a usable street (0 = routing.DefaultMaxSnap). The first point that cannot
// be placed is reported as a *PointError.
func (c *City) Snap(points []orb.Point, p routing.Profile, maxSnap geo.Meters) ([]routing.Location, error) {
	if len(points) == 0 {
		return nil, ErrNoPoints
	}
	locs := make([]routing.Location, len(points))
	for i, pt := range points {
		loc, err := c.snapper.Snap(pt, maxSnap, p.Avoid)
		if err != nil {
			return nil, &PointError{Index: i, Point: pt, Err: err}
		}
		locs[i] = loc
	}
	return locs, nil
}

// Isochrones returns one contour per budget of opts, reached from any of
// the points (their union: e.g. all the facilities of a category), each
// placed within maxSnap of a usable street (0 = routing.DefaultMaxSnap).
func (c *City) Isochrones(points []orb.Point, maxSnap geo.Meters, opts isochrone.Options) ([]isochrone.Contour, error) {
	locs, err := c.Snap(points, opts.Profile, maxSnap)
	if err != nil {
		return nil, err
	}
	w, _ := c.isoWorkers.Get().(*isochrone.Worker)
	if w == nil {
		w = isochrone.NewWorker(c.graph)
	}
	defer c.isoWorkers.Put(w)
	return w.Compute(locs, opts)
}

// AuditInput is what an audit looks at besides the network.
type AuditInput struct {
	Facilities []access.Facility
	Residents  []access.Resident
	Zones      []access.Zone
}

// Audit runs the coverage audit (see access.Audit).
func (c *City) Audit(ctx context.Context, in AuditInput, opts access.Options) (*access.Result, error) {
	return access.Audit(ctx, c.graph, c.snapper, in.Facilities, in.Residents, in.Zones, opts)
}
