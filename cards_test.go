package walkshed_test

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// TestCardsAreNearest: every card holds what Services.NearestEach answers
// at the resident's point, with the OSM address and opening hours of the
// facility where tagged; an address off the network gets a card saying so.
func TestCardsAreNearest(t *testing.T) {
	city := sampleCity(t)
	residents := []access.Resident{
		{ID: "a", Point: orb.Point{7.4246, 43.7384}, Weight: 1},
		{ID: "b", Point: orb.Point{7.4180, 43.7330}, Weight: 1},
		{ID: "sea", Point: orb.Point{7.50, 43.70}, Weight: 1},
	}
	osm := city.OSMFacilities(nil)
	budget := geo.Budget{Minutes: 10}
	cards, err := city.Cards(context.Background(), walkshed.CardsRequest{Facilities: []walkshed.FacilitySet{osm},
		Residents: walkshed.ResidentSet{Residents: residents, Name: "t"}, K: 2, Budget: budget, Profile: routing.Standard})
	if err != nil {
		t.Fatal(err)
	}
	if len(cards.Cards) != 3 || cards.Cards[2].Unroutable == "" || cards.Cards[2].Nearest != nil {
		t.Fatalf("cards = %d, the one at sea %+v", len(cards.Cards), cards.Cards[2])
	}
	svc, err := city.Services(osm.Facilities, routing.Standard, 0)
	if err != nil {
		t.Fatal(err)
	}
	withAddress, withHours := 0, 0
	for i, card := range cards.Cards[:2] {
		want, err := svc.NearestEach(residents[i].Point, budget, 2, cards.Categories)
		if err != nil {
			t.Fatal(err)
		}
		for c := range cards.Categories {
			got := card.Nearest[c]
			if len(got) != len(want[c]) {
				t.Fatalf("%s %s: %d facilities, NearestEach %d", card.Resident.ID, cards.Categories[c], len(got), len(want[c]))
			}
			for j := range got {
				if got[j].Facility.ID != want[c][j].Facility.ID || got[j].Meters != want[c][j].Meters || got[j].Minutes != want[c][j].Minutes {
					t.Errorf("%s %s #%d: %+v, NearestEach %+v", card.Resident.ID, cards.Categories[c], j, got[j], want[c][j])
				}
				if got[j].Address != "" {
					withAddress++
				}
				if got[j].OpeningHours != "" {
					withHours++
				}
			}
		}
		if len(card.Streets) == 0 {
			t.Errorf("card %s has no streets for its map", card.Resident.ID)
		}
	}
	if withAddress == 0 || withHours == 0 {
		t.Errorf("no facility with an address (%d) or opening hours (%d) in central Monaco", withAddress, withHours)
	}
}

func TestOSMAddress(t *testing.T) {
	for _, tt := range []struct {
		tags map[string]string
		want string
	}{
		{map[string]string{"addr:street": "Rua das Flores", "addr:housenumber": "114", "addr:postcode": "4050-265", "addr:city": "Porto"}, "Rua das Flores 114, 4050-265 Porto"},
		{map[string]string{"addr:full": "12 High St, Dover"}, "12 High St, Dover"},
		{map[string]string{"addr:city": "Valletta"}, "Valletta"},
		{map[string]string{"addr:place": "Triq il-Kbira", "addr:housenumber": "3"}, "Triq il-Kbira 3"},
		{map[string]string{}, ""},
	} {
		if got := walkshed.OSMAddressForTest(func(k string) string { return tt.tags[k] }); got != tt.want {
			t.Errorf("address of %v = %q, want %q", tt.tags, got, tt.want)
		}
	}
}
