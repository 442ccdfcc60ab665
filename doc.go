// Package walkshed is the library other services import to ask "who can walk
// to what within 15 minutes": open a city once (its walking network, its
// services, its grids), then ask many questions of it, from many goroutines.
//
//	city, err := walkshed.Open(ctx, "porto.osm.pbf", walkshed.OpenOptions{})
//	contours, err := city.Isochrones([]orb.Point{{-8.611, 41.146}}, 0, isochrone.Options{...})
//	residents, err := city.EstimateResidents(population.Options{}) // or walkshed.ReadResidents(file, ...)
//	rep, err := city.RunAudit(ctx, walkshed.AuditRequest{
//		Facilities: []walkshed.FacilitySet{city.OSMFacilities(nil)}, Residents: residents, ...})
//	svc, err := city.Services(city.Facilities(taxonomy.Default()), routing.Elderly, 0)
//	card, err := svc.Nearest(home, geo.Budget{Minutes: 15}, 3, "pharmacy")
//	worst, err := city.Emergency(ctx, emergency.Input{Responders: posts, Zones: grids}, emergency.Options{...})
//
// Beyond shops, a service circle promises a responder at any emergency of a
// grid within the budget (City.Emergency: the worst-case walk per grid and
// where one responder would best stand), a volunteer at the door of every
// registered resident (City.Volunteers) and an incident record that shows
// it (City.Incidents); see package routing/emergency.
//
// An AuditRequest holds values, each input with the words the report header
// uses for it; the helpers ReadFacilities, ReadResidents, ReadGrids,
// ParseGrids, City.OSMFacilities and City.EstimateResidents make them from
// files, text and the city. The CLI and the HTTP API both run audits
// through RunAudit.
//
// A City is built from an OpenStreetMap file (.osm.pbf or .osm) or from a
// prepared network file (.wsn, written by City.Save), which opens in
// milliseconds. Every method of City is safe for concurrent use.
//
// Results derived from OpenStreetMap data must carry the attribution
// Attribution.
package walkshed
