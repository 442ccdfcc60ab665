// Package api is walkshed's HTTP JSON API, served by 'walkshed serve': the
// per-point questions of the library (isochrones, nearest services, services
// within a budget) and whole audits, for other services to call.
//
// Endpoints (all answers are JSON; see New for the details):
//
//	GET  /healthz          {"status":"ok"}
//	GET  /v1/info          the network, its source and timestamp, categories, profiles, limits
//	GET  /v1/categories    the service categories, their descriptions and OSM tag rules
//	GET  /v1/isochrone     ?at=LON,LAT[&at=...]&minutes=5,10,15|meters=...&profile=&res=  (GeoJSON)
//	GET  /v1/nearest       ?at=LON,LAT[&category=...]&k=&minutes=|meters=&profile=
//	GET  /v1/within        ?at=LON,LAT[&category=...]&minutes=|meters=&profile=
//	POST /v1/audit         {"residents":[...], "categories":[...], "minutes":15, ...}
//	POST /v1/site          {"residents":[...], "category":"pharmacy", "count":3 | "target":0.95, "candidates":"h3:10" | [...], ...}
//
// /v1/audit runs walkshed.RunAudit, as "walkshed audit" does: the same
// checks of the residents and the same report header. /v1/site runs
// walkshed.City.Site and answers what "walkshed site --format json" writes.
//
// Errors are {"error": "..."} with status 400 for a bad parameter (named in
// the message and in "parameter"), 404 for an unknown path, 405 for a wrong
// method, 413 for a body over the limit, 422 for a point too far from the
// network (with "to_network_m"), 503 when the request was cancelled or ran
// out of time, and 500 otherwise.
//
// Every answer derived from OpenStreetMap data carries its attribution,
// "© OpenStreetMap contributors (ODbL)": as a top-level "attribution" member
// of JSON objects, and as a foreign member of GeoJSON.
package api
