// Package walkshed is the library other services import to ask "who can walk
// to what within 15 minutes": open a city once (its walking network, its
// services, its grids), then ask many questions of it, from many goroutines.
//
//	city, err := walkshed.Open(ctx, "porto.osm.pbf", walkshed.OpenOptions{})
//	contours, err := city.Isochrones([]orb.Point{{-8.611, 41.146}}, 0, isochrone.Options{...})
//	rep, err := city.RunAudit(ctx, walkshed.AuditRequest{...})
//	svc, err := city.Services(city.Facilities(taxonomy.Default()), routing.Elderly, 0)
//	card, err := svc.Nearest(home, "pharmacy", 3, geo.Budget{Minutes: 15})
//	worst, err := city.Emergency(ctx, emergency.Input{Responders: posts, Zones: grids}, emergency.Options{...})
//
// Beyond shops, a service circle promises a responder at any emergency of a
// grid within the budget (City.Emergency: the worst-case walk per grid and
// where one responder would best stand), a volunteer at the door of every
// registered resident (City.Volunteers) and an incident record that shows
// it (City.Incidents); see package routing/emergency.
//
// A City is built from an OpenStreetMap file (.osm.pbf or .osm) or from a
// prepared network file (.wsn, written by City.Save), which opens in
// milliseconds. Every method of City is safe for concurrent use.
//
// Results derived from OpenStreetMap data must carry the attribution
// Attribution.
package walkshed
