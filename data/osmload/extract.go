package osmload

import (
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/walkshed/walkshed/routing"
)

// Extract is what walkshed takes from one OSM file: the walkable network,
// candidate service points, buildings, residential land use and
// administrative boundaries. Read returns a new Extract owned by the caller;
// nothing in it is shared or retained by the package.
type Extract struct {
	// Source is the path the extract was read from.
	Source string
	// Format is "pbf" or "xml".
	Format string
	// Timestamp is the data's age: the PBF header's
	// osmosis_replication_timestamp when set, else the newest element
	// timestamp seen. Zero when the file has neither.
	Timestamp time.Time
	// Bounds is the bounding box the file declares (PBF header, XML
	// <bounds>), else NodeBounds.
	Bounds orb.Bound
	// NodeBounds is the bounding box of every node in the file. Extracts
	// clipped with complete ways reach beyond the declared Bounds.
	NodeBounds orb.Bound
	// Counts are the elements read.
	Counts Counts

	// Network is the walkable ways (in file order) and every node they
	// reference, with node flags. A way referencing nodes absent from the
	// file is cut at them into pieces of at least two nodes, each a Way with
	// the original id; MissingNodes counts the absent references. After the
	// file's ways come the area crossings: two-node ways across pedestrian
	// areas, each with the negated id and the flags of its area way.
	Network routing.Input
	// AreaCrossings counts the crossings of pedestrian areas at the end of
	// Network.Ways; 0 with Options.NoAreaCrossing.
	AreaCrossings int
	// MissingNodes counts references of walkable ways to nodes absent from
	// the file.
	MissingNodes int
	// StreetNames are the name tags of the walkable ways that have one,
	// sorted by way id, so results can say which street a point is on.
	StreetNames []StreetName
	// DroppedWays counts ways that were candidates (a highway tag, or one
	// of the other walkable tags) but failed the pedestrian filter, by the
	// reason Walkable gives. Ways with no candidate tag are not counted.
	DroppedWays map[string]int

	// Features are the candidate service points and the named places
	// (IsPlace), sorted by type (node, way, relation) then id.
	Features []Feature
	// UnplacedFeatures counts relation features none of whose member ways
	// are in the file, so that no point could be given to them.
	UnplacedFeatures int
	// Buildings are the closed ways and multipolygon relations tagged
	// building=* (other than building=no), sorted by type then id.
	Buildings []Building
	// ResidentialLanduse are the landuse=residential areas, ways then
	// multipolygon relations, each in file order.
	ResidentialLanduse []orb.MultiPolygon
	// Boundaries are the complete administrative boundaries, sorted by
	// type, admin level then id.
	Boundaries []Boundary
	// IncompleteBoundaries counts boundary=administrative relations left
	// out because a member way or node is missing from the file, or their
	// ways do not close into rings.
	IncompleteBoundaries int
}

// StreetName is the name tag of one walkable way.
type StreetName struct {
	Way  int64
	Name string
}

// Counts are numbers of OSM elements.
type Counts struct {
	Nodes, Ways, Relations int
}

// Feature is a candidate service point: a node, way or relation with a
// shop, amenity, craft, healthcare or office tag.
type Feature struct {
	// Type is "node", "way" or "relation".
	Type string
	// ID is the OSM id, unique within Type.
	ID int64
	// Tags are all the element's tags.
	Tags osm.Tags
	// Point is where the feature is reached: the node itself; for a way or
	// relation an entrance node on it (entrance=main preferred), else a
	// point inside its area, or the middle of an unclosed way.
	Point orb.Point
}

// Building is a building footprint with the facts the resident estimate
// (data/population) reads; building.go fills it.
type Building struct {
	// Type is "way" or "relation"; ID is the OSM id.
	Type string
	ID   int64
	// Point is a point inside the footprint.
	Point orb.Point
	// AreaM2 is the footprint area in square metres, holes subtracted.
	AreaM2 float64
	// Levels is building:levels (a number from 0 to 500, a decimal comma
	// allowed), 0 when missing or unreadable.
	Levels float64
	// LevelsTag is the building:levels value when it is present but
	// unreadable (not a number, negative, above 500); "" otherwise.
	LevelsTag string
	// HeightM is height in metres ("12", "12 m"), 0 when missing or in
	// other units.
	HeightM float64
	// Kind is the building=* value (yes, house, apartments, ...).
	Kind string
	// Residential is true for the housing kinds: residential, apartments,
	// house, detached, semidetached_house, terrace, dormitory, bungalow,
	// farm, cabin, static_caravan, houseboat, stilt_house, trullo.
	Residential bool
	// BuildingUse is the building:use value ("residential", "retail",
	// ...), "" when missing.
	BuildingUse string
	// Flats is building:flats, 0 when missing or not a positive integer.
	Flats int
	// Uses are the non-home uses named by the building's own tags
	// (office=*, shop=*, amenity=*, ...).
	Uses Use
	// POIs counts the service points mapped as nodes inside the footprint
	// that mark a ground floor not lived in: shops, offices, crafts,
	// healthcare, and amenities other than street furniture (benches,
	// post boxes, ...).
	POIs int
	// Site is the smallest land-use area containing Point, as its tag:
	// "landuse=residential", "landuse=retail", or "amenity=school" for
	// amenity areas that are not buildings (school grounds, car parks);
	// "" when no such area contains it.
	Site string
}

// Boundary is an administrative area (boundary=administrative).
type Boundary struct {
	// Type is "relation", or "way" for a closed way tagged as a boundary;
	// ID is the OSM id.
	Type string
	ID   int64
	// Name is the name tag.
	Name string
	// AdminLevel is admin_level, 0 when missing or not a number.
	AdminLevel int
	// Tags are all the element's tags.
	Tags osm.Tags
	// Geometry has counter-clockwise shells and clockwise holes, each hole
	// in the polygon of the shell that contains it.
	Geometry orb.MultiPolygon
}

func residentialKind(kind string) bool {
	switch kind {
	case "residential", "apartments", "house", "detached", "semidetached_house", "terrace",
		"dormitory", "bungalow", "farm", "cabin", "static_caravan", "houseboat", "stilt_house", "trullo":
		return true
	}
	return false
}
