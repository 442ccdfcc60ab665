package walkshed

import (
	"fmt"
	"strconv"

	"github.com/walkshed/walkshed/data/grid"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/routing/access"
)

// Facilities returns the city's OSM features that match a category of tax,
// one Facility per (feature, category) pair, in feature order. The ID is the
// OSM element ("node/123"), the name its name tag.
func (c *City) Facilities(tax *taxonomy.Taxonomy) []access.Facility {
	var out []access.Facility
	var cats []string
	for _, f := range c.features {
		cats = tax.AppendMatch(cats[:0], f.Tags)
		ref := f.Type + "/" + strconv.FormatInt(f.ID, 10)
		for _, cat := range cats {
			out = append(out, access.Facility{ID: ref, Name: f.Tags.Find("name"), Category: cat, Point: f.Point, Source: "osm", Ref: ref})
		}
	}
	return out
}

// AdminZones returns the complete administrative boundaries of the given
// admin_level as zones, in boundary order (see grid.Admin). It fails when
// there is none, naming the levels the file does have, and when a boundary
// is not a valid polygon.
func (c *City) AdminZones(level int) ([]access.Zone, error) {
	zones, err := grid.Admin(c.boundaries, level)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.source, err)
	}
	return zones, nil
}
