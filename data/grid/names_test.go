package grid_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"

	"github.com/walkshed/walkshed/data/grid"
	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/routing/access"
)

func place(kind, name string, p orb.Point) osmload.Feature {
	return osmload.Feature{Type: "node", Tags: osm.Tags{{Key: "name", Value: name}, {Key: "place", Value: kind}}, Point: p}
}

func TestNamePlaces(t *testing.T) {
	// Four cells about 5 km apart, along a parallel.
	pts := []orb.Point{{7.40, 43.70}, {7.46, 43.70}, {7.52, 43.70}, {7.58, 43.70}}
	var residents []access.Resident
	for i, p := range pts {
		residents = append(residents, access.Resident{ID: string(rune('a' + i)), Point: p})
	}
	zones, err := grid.H3(residents, 8)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[orb.Point]string{}
	for _, p := range pts {
		for _, z := range zones {
			if z.Geometry.Bound().Contains(p) {
				ids[p] = z.ID
			}
		}
	}
	features := []osmload.Feature{
		{Type: "node", Tags: osm.Tags{{Key: "shop", Value: "bakery"}, {Key: "name", Value: "Bakery"}}, Point: pts[0]}, // not a place
		place("city", "Big City", pts[0]),                                              // coarse, on the cell
		place("suburb", "Old Town", orb.Point{7.405, 43.701}),                          // fine, 500 m away: wins
		place("city", "Other City", orb.Point{7.465, 43.70}),                           // only a coarse place near cell 2
		place("neighbourhood", "Far Away", orb.Point{7.52, 43.74}),                     // 4.4 km from cell 3: too far
		{Type: "node", Tags: osm.Tags{{Key: "place", Value: "suburb"}}, Point: pts[3]}, // no name
	}
	boundary := osmload.Boundary{Name: "Region", AdminLevel: 6, Geometry: orb.MultiPolygon{{{{7.50, 43.6}, {7.54, 43.6}, {7.54, 43.8}, {7.50, 43.8}, {7.50, 43.6}}}}}
	county := osmload.Boundary{Name: "County", AdminLevel: 4, Geometry: orb.MultiPolygon{{{{7.3, 43.5}, {7.7, 43.5}, {7.7, 43.9}, {7.3, 43.9}, {7.3, 43.5}}}}}
	grid.NamePlaces(zones, features, []osmload.Boundary{county, boundary})
	want := map[orb.Point]string{
		pts[0]: "Old Town (" + ids[pts[0]] + ")",
		pts[1]: "Other City (" + ids[pts[1]] + ")",
		pts[2]: "Region (" + ids[pts[2]] + ")", // the most detailed boundary
		pts[3]: "County (" + ids[pts[3]] + ")",
	}
	for p, name := range want {
		found := false
		for _, z := range zones {
			if z.ID == ids[p] {
				found = true
				if z.Name != name {
					t.Errorf("cell at %v named %q, want %q", p, z.Name, name)
				}
			}
		}
		if !found {
			t.Errorf("no zone for %v", p)
		}
	}

	// Zones that are not H3 cells named by their index keep their names.
	other := []access.Zone{{ID: "relation/1", Name: "Parish"}, {ID: zones[0].ID, Name: "My own name"}}
	grid.NamePlaces(other, features, nil)
	if other[0].Name != "Parish" || other[1].Name != "My own name" {
		t.Errorf("renamed zones that are not default H3 cells: %+v", other)
	}
}
