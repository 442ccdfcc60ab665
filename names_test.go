package walkshed_test

import (
	"context"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/geo/hex"
)

// TestH3GridsNamedByPlace: default grids carry the nearest place's name and
// keep the H3 index, as the zone ID and inside the name.
func TestH3GridsNamedByPlace(t *testing.T) {
	city := openOSM(t, portoPBF)
	rep, err := city.RunAudit(context.Background(), defaultAudit(t, city))
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, z := range rep.Zones {
		cell, err := hex.ParseCell(z.ID)
		if err != nil || !cell.Valid() {
			t.Fatalf("zone ID %q is not an H3 index", z.ID)
		}
		if strings.HasSuffix(z.Name, " ("+z.ID+")") && len(z.Name) > len(z.ID)+3 {
			named++
		} else if z.Name != z.ID {
			t.Errorf("zone %s named %q, want \"Place (%s)\" or the index", z.ID, z.Name, z.ID)
		}
	}
	if named != len(rep.Zones) {
		t.Errorf("%d of %d Porto grids named after a place, want all (Porto centre has places everywhere)", named, len(rep.Zones))
	}
	for _, row := range rep.Result.Rows {
		if row.Zone >= 0 && row.Name != rep.Zones[row.Zone].Name {
			t.Errorf("row %q, zone %q", row.Name, rep.Zones[row.Zone].Name)
		}
	}
}
