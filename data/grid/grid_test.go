package grid_test

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/grid"
	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing/access"
)

func TestH3(t *testing.T) {
	a, b := orb.Point{7.4246, 43.7384}, orb.Point{7.4300, 43.7420}
	residents := []access.Resident{{ID: "1", Point: b}, {ID: "2", Point: a}, {ID: "3", Point: b}}
	zones, err := grid.H3(residents, grid.DefaultH3Resolution)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := hex.FromPoint(a, 8)
	cb, _ := hex.FromPoint(b, 8)
	if ca == cb {
		t.Fatal("the test points share a cell; pick farther ones")
	}
	want := []string{ca.String(), cb.String()}
	if ca > cb {
		want[0], want[1] = want[1], want[0]
	}
	if len(zones) != 2 || zones[0].ID != want[0] || zones[1].ID != want[1] || zones[0].Name != zones[0].ID {
		t.Fatalf("zones %+v, want the two cells %v in order", zones, want)
	}
	for _, z := range zones {
		if len(z.Geometry) != 1 || len(z.Geometry[0][0]) < 7 {
			t.Errorf("zone %s: geometry %v, want the cell's hexagon", z.ID, z.Geometry)
		}
	}
	if _, err := grid.H3([]access.Resident{{ID: "bad", Point: orb.Point{200, 0}}}, 8); err == nil || !strings.Contains(err.Error(), `resident "bad"`) {
		t.Errorf("bad point: error %v, want one naming the resident", err)
	}
}

func TestAdmin(t *testing.T) {
	sq := orb.MultiPolygon{{{{7, 43}, {7.1, 43}, {7.1, 43.1}, {7, 43.1}, {7, 43}}}}
	bowtie := orb.MultiPolygon{{{{7, 43}, {7.1, 43.1}, {7.1, 43}, {7, 43.1}, {7, 43}}}}
	boundaries := []osmload.Boundary{
		{Type: "relation", ID: 1, Name: "Quarter", AdminLevel: 10, Geometry: sq},
		{Type: "relation", ID: 2, AdminLevel: 10, Geometry: sq},
		{Type: "relation", ID: 3, Name: "Country", AdminLevel: 2, Geometry: sq},
		{Type: "relation", ID: 4, Name: "Bad", AdminLevel: 8, Geometry: bowtie},
	}
	zones, err := grid.Admin(boundaries, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(zones) != 2 || zones[0].ID != "relation/1" || zones[0].Name != "Quarter" || zones[1].Name != "relation/2" {
		t.Errorf("admin_level=10: %+v, want Quarter and the unnamed relation/2", zones)
	}
	zones[0].Geometry[0][0][0] = orb.Point{0, 0}
	if boundaries[0].Geometry[0][0][0] != (orb.Point{7, 43}) {
		t.Error("changing a zone changed the boundary it came from")
	}
	if _, err := grid.Admin(boundaries, 9); err == nil || !strings.Contains(err.Error(), "admin_level=9") || !strings.Contains(err.Error(), "2 (1), 8 (1), 10 (2)") {
		t.Errorf("missing level: error %v, want one listing the levels there are", err)
	}
	if _, err := grid.Admin(nil, 9); err == nil || !strings.Contains(err.Error(), "by level: none") {
		t.Errorf("no boundaries: error %v", err)
	}
	if _, err := grid.Admin(boundaries, 8); err == nil || !strings.Contains(err.Error(), `relation/4 ("Bad", admin_level=8)`) {
		t.Errorf("bowtie: error %v, want one naming the boundary", err)
	}
}
