package walkshed

import (
	"context"
	"errors"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// ServiceAreas draws, for every category of an audit run on c, the area
// from which a facility of the category is within the audit's budget: one
// isochrone from all the category's usable facilities together (those the
// audit placed on the network), with the audit's profile, in H3 cells of
// the given resolution (0 means isochrone.DefaultResolution). A category
// without usable facility gets an area without geometry. The result, in
// category order, is what report.Audit.ServiceAreas holds for the
// GeoPackage's isochrones layer.
func (c *City) ServiceAreas(ctx context.Context, rep *AuditReport, resolution int) ([]report.ServiceArea, error) {
	if rep == nil || rep.Result == nil {
		return nil, errors.New("walkshed: service areas of no audit")
	}
	if resolution == 0 {
		resolution = isochrone.DefaultResolution
	}
	o := rep.Result.Options
	off := make(map[int]bool, len(rep.Result.Facilities))
	for _, is := range rep.Result.Facilities {
		off[is.Facility] = true
	}
	out := make([]report.ServiceArea, len(o.Categories))
	for ci, cat := range o.Categories {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var pts []orb.Point
		for i, f := range rep.Facilities {
			if f.Category == cat && !off[i] {
				pts = append(pts, f.Point)
			}
		}
		out[ci] = report.ServiceArea{Category: cat, Facilities: len(pts), Resolution: resolution,
			Contour: isochrone.Contour{Budget: o.Budget, Meters: rep.Result.Meters}}
		if len(pts) == 0 {
			continue
		}
		cs, err := c.Isochrones(pts, geo.Meters(o.MaxSnap), isochrone.Options{Budgets: []geo.Budget{o.Budget}, Profile: o.Profile, Resolution: resolution})
		if err != nil {
			return nil, err
		}
		out[ci].Contour = cs[0]
	}
	return out, nil
}
