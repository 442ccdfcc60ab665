// Package table reads the inputs a community brings: residents, a directory
// of facilities, and zones, from CSV, GeoJSON and GeoPackage files.
//
// # Point tables
//
// ReadResidents, ReadFacilities, ReadResponders, ReadVolunteers and
// ReadIncidents read points from either format. The
// format is GeoJSON for names ending in .geojson or .json and for content
// starting with "{", CSV otherwise (Options.Format overrides). A leading
// byte-order mark is ignored.
//
// CSV files have a header; column names are matched case-insensitively and
// in any order, and unknown columns are ignored. The delimiter is ",", ";"
// or tab, whichever is most frequent in the header line; with ";" a decimal
// comma ("41,15") is accepted. Lines whose fields are all empty are skipped.
// Columns (aliases in brackets):
//
//	residents:  id, lon [lng long longitude x], lat [latitude y], weight [population people], group, building
//	facilities: id, name, category, lon, lat
//	responders: id, lon, lat, name, grid, from [on_duty_from], to [on_duty_to]
//	volunteers: id, lon, lat, name, capacity, grid, profile
//	incidents:  id, time [datetime timestamp], lon, lat, grid, arrival_minutes [arrival arrival_min]
//
// A responder's from and to are RFC 3339 times or dates (YYYY-MM-DD, UTC;
// a date in to means the end of that day). A volunteer's capacity is a
// positive whole number of residents and its profile a walking profile
// name (routing.ParseProfile). An incident's time is RFC 3339; its
// arrival_minutes, when given, a number of minutes ≥ 0. Options.CheckGrid
// lets the caller check grid values and points against the grids in use.
//
// GeoJSON files are a FeatureCollection of Point features with the same
// names as properties (matched case-insensitively, values strings or
// numbers); the id may also be the feature's own "id" member.
//
// Every record is checked: the id is present and unique, coordinates are
// numbers forming a valid lon/lat pair (geo.ValidatePoint, which also hints
// at swapped columns), a weight is a positive finite number (1 when absent
// or empty), a category is non-empty and passes Options.CheckCategory.
// Problems are *ParseError values that name the file, the CSV line and
// column or the GeoJSON feature and property, e.g.
//
//	residents.csv:17: column lat: latitude 123 is outside [-90, 90]
//	residents.geojson:40: feature 3 ("r3"): property weight: weight -1 is not positive
//
// By default the first bad record is the error. With Options.SkipBadRows
// bad records are skipped and listed in a ledger of RowError values, so a
// report can say what was left out; syntax errors, a missing column, and an
// input with no (valid) records still fail the whole read.
//
// # Zones
//
// ReadZones reads a FeatureCollection of Polygon and MultiPolygon features;
// see its doc for names and ids.
//
// # GeoPackage
//
// Every reader also reads a layer of a GeoPackage (data/gpkg): a path
// ending in .gpkg reads the layer named "residents", "facilities" or
// "grids" when the file has one, else its first feature layer;
// FILE.gpkg:LAYER names the layer (SplitGeoPackage). Columns are matched
// as CSV columns are, the point or polygon is the layer's geometry, which
// must be in WGS 84 longitude/latitude (EPSG:4326; other reference
// systems are refused with the ogr2ogr command that converts them), and a
// layer without an id column takes each row's fid as its id. Errors name
// the file, the layer, the row (its fid) and the column:
//
//	residents.gpkg: layer "residents": row 17 ("r17"): column weight: weight -1 is not positive
//
// # Limits
//
// An input must be a regular file of text: a named pipe, device or
// directory is refused before it is opened (a pipe would block, /dev/zero
// never ends), and reading stops with an error at the first NUL byte (a
// binary or sparse file) or, in CSV, at the first line longer than 1 MiB,
// so a huge wrong file fails at once without filling memory. Text of the
// input quoted in messages (a header, a value, an id) is cut to 80
// characters.
//
// Readers hold no state between calls and are safe for concurrent use.
package table
