package walkshed

import (
	"maps"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/routing"
)

// Graph returns the walking network. A Graph has no method that changes it.
func (c *City) Graph() *routing.Graph { return c.graph }

// Snapper returns the index that places points on the network. It is safe
// for concurrent use.
func (c *City) Snapper() *routing.Snapper { return c.snapper }

// Source returns the OSM file the network was built from: as given to Open,
// or its base name when the city was opened from a prepared file.
func (c *City) Source() string { return c.source }

// Timestamp returns the OSM data timestamp, zero when the file had none
// (see TimestampString).
func (c *City) Timestamp() time.Time { return c.timestamp }

// Prepared returns the prepared network file the city was opened from, or
// "" when it was built from OSM.
func (c *City) Prepared() string { return c.prepared }

// BuildReport describes the network build: nodes, edges, islands, walkable
// length.
func (c *City) BuildReport() routing.BuildReport { return c.report }

// BuildTime returns how long reading and building the network took (zero
// for a prepared file).
func (c *City) BuildTime() time.Duration { return c.buildTime }

// AreaCrossings counts the straight ways added across pedestrian squares
// (0 when squares are walked along their outline only).
func (c *City) AreaCrossings() int { return c.areaCrossings }

// DroppedWays returns a copy of the count of highway ways left out of the
// network, by reason (see DroppedReasons for an order).
func (c *City) DroppedWays() map[string]int { return maps.Clone(c.droppedWays) }

// Contents counts what a city holds besides its network.
type Contents struct {
	// Features are OSM elements that may be services, and named places
	// (osmload.IsPlace), which name the default grids.
	Features int
	// Buildings feed the resident estimate, with ResidentialAreas
	// (landuse=residential polygons).
	Buildings, ResidentialAreas int
	// Boundaries are complete administrative boundaries.
	Boundaries int
}

// Contents counts the city's OSM features, buildings, residential areas
// and boundaries without copying them.
func (c *City) Contents() Contents {
	return Contents{Features: len(c.features), Buildings: len(c.buildings),
		ResidentialAreas: len(c.residentialLanduse), Boundaries: len(c.boundaries)}
}

// Features returns a copy of the OSM elements that may be services, and the
// named places (see osmload.Feature); Facilities turns them into facilities
// of a taxonomy.
func (c *City) Features() []osmload.Feature {
	out := slices.Clone(c.features)
	for i := range out {
		out[i].Tags = slices.Clone(out[i].Tags)
	}
	return out
}

// Buildings returns a copy of the OSM buildings the resident estimate uses.
func (c *City) Buildings() []osmload.Building { return slices.Clone(c.buildings) }

// ResidentialLanduse returns a copy of the landuse=residential areas the
// resident estimate uses.
func (c *City) ResidentialLanduse() []orb.MultiPolygon {
	out := make([]orb.MultiPolygon, len(c.residentialLanduse))
	for i, mp := range c.residentialLanduse {
		out[i] = mp.Clone()
	}
	return out
}

// Boundaries returns a copy of the complete administrative boundaries of
// the OSM file (see AdminZones).
func (c *City) Boundaries() []osmload.Boundary {
	out := slices.Clone(c.boundaries)
	for i := range out {
		out[i].Tags = slices.Clone(out[i].Tags)
		out[i].Geometry = out[i].Geometry.Clone()
	}
	return out
}
