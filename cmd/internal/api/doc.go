// Package api is walkshed's HTTP JSON API, served by 'walkshed serve': the
// per-point questions of the library (isochrones, nearest services, services
// within a budget), whole audits, emergency worst cases per grid and where
// new facilities would cover the most, for other services to call.
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
//	POST /v1/emergency     {"responders":[{"id":..,"lon":..,"lat":..,"grid":..}], "grids":"osm:admin_level=10", "minutes":15, "residents":[...], "advice":true}
//	POST /v1/site          {"residents":[...], "category":"pharmacy", "count":3 | "target":0.95, "candidates":"h3:10" | [...], ...}
//	GET  /v1/openapi.json  the OpenAPI 3 description of all of them (openapi.json, embedded)
//
// /v1/audit runs walkshed.RunAudit, as "walkshed audit" does: the same
// checks of the residents and the same report header. /v1/site runs
// walkshed.City.Site and answers what "walkshed site --format json" writes.
//
// Errors are {"error": "...", "parameter": "..."}: "parameter" names the
// query parameter or body field at fault ("body" for the body as a whole,
// "query" for a query that does not parse). Status 400 is a bad parameter,
// 404 an unknown path, 405 a wrong method, 413 a body over the limit, 415
// a body declared as something other than JSON, 422 a point too far from
// the network (with "to_network_m") or an answer over the cell or size
// limit, 503 a busy server (with Retry-After) or a request cancelled or
// past its time limit, and 500 anything else.
//
// Answers are in English or Simplified Chinese (Options.Lang is the
// server's default): the query parameter lang (en, zh, as data/i18n.Parse
// reads them; another value is a 400), else the header Accept-Language
// matched with golang.org/x/text/language, else Options.Lang. The language
// applies to the error messages (each kept as its English format and
// arguments and formatted in the language when written;
// TestAPIMessagesTranslated requires a translation of each), the reasons
// why a point is off the network, the audit's report and the categories'
// descriptions; Content-Language names it. Messages are formatted by fmt
// with the translated format, not by x/text's printer, so that numbers
// print alike in both languages (no digit grouping).
//
// Work per request is bounded (see Limits): budgets in minutes and metres,
// and the distance minutes × the profile's speed; isochrones and audits
// each run a few at a time with a short queue; an isochrone's cells and an
// answer's bytes are capped; and every request has a time limit, past which
// it is answered 503 at once while its work, which checks the request's
// context as it builds and encodes, stops. CORS headers are sent only for
// the origins of Options.CORS.
//
// Every answer derived from OpenStreetMap data carries its attribution,
// "© OpenStreetMap contributors (ODbL)": as a top-level "attribution" member
// of JSON objects, and as a foreign member of GeoJSON.
package api
