package access

import "github.com/paulmach/orb"

// Facility is one place offering a service: a pharmacy, a barber, a repair
// shop. Facilities come from OpenStreetMap (through data/taxonomy) or from a
// community directory file (through data/table).
//
// The zero value is not a usable facility: ID, Category and Point are
// required.
type Facility struct {
	// ID identifies the facility uniquely among all facilities of one
	// analysis, whatever their source. For OpenStreetMap it is the element,
	// the same as Ref (e.g. "node/123"); a directory file's reader
	// (data/table) builds it as Source + ":" + Ref (e.g.
	// "pharmacies.csv:p17"), so the two sources cannot collide.
	ID string
	// Name is the facility's display name; it may be empty.
	Name string
	// Category is the name of the service category, as defined by the
	// taxonomy in use (e.g. "pharmacy").
	Category string
	// Point is where the facility is: longitude, latitude in degrees.
	// For an OSM area it is a representative point of the area.
	Point orb.Point
	// Source tells where the facility was read from: "osm" for
	// OpenStreetMap, otherwise the base name of the directory file.
	Source string
	// Ref is the facility's identifier inside its source: "node/123" or
	// "way/45" for OSM, the row's id for a directory file.
	Ref string
}

// Resident is a point standing for one or more people whose access to
// services is measured.
//
// The zero value is not a usable resident: ID is required and Weight must be
// positive.
type Resident struct {
	// ID identifies the resident uniquely among the residents of one
	// analysis.
	ID string
	// Point is where the resident lives (the building, or the door):
	// longitude, latitude in degrees.
	Point orb.Point
	// Weight is the number of people the point represents; it is positive
	// and need not be an integer (estimates are fractional). Readers use 1
	// when the input gives none.
	Weight float64
	// Group names the population group the people belong to, e.g.
	// "elderly" or "disabled". The empty string is the general population.
	Group string
	// Estimated is true when the point and weight were derived (e.g. from
	// building footprints) rather than given by the community.
	Estimated bool
	// Building is the OSM building the people live in ("way/123"), for
	// residents estimated from buildings; "" otherwise.
	Building string
}

// Zone is an area results are summarised over: a statistical grid cell, a
// parish, a neighbourhood.
//
// The zero value is an unnamed zone with no area; readers never produce it.
type Zone struct {
	// ID identifies the zone uniquely among the zones of one analysis
	// (the input's feature id, or the name when the input has none).
	ID string
	// Name is the zone's display name; it is unique among the zones of one
	// analysis.
	Name string
	// Geometry is the zone's area: one or more polygons, each an outer
	// ring followed by its holes, longitude/latitude in degrees. Rings are
	// closed (first point equals last). The slices are owned by the Zone.
	Geometry orb.MultiPolygon
}
