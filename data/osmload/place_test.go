package osmload_test

import (
	"testing"

	"github.com/paulmach/osm"

	"github.com/walkshed/walkshed/data/osmload"
)

func TestIsPlace(t *testing.T) {
	tests := []struct {
		tags osm.Tags
		want bool
	}{
		{osm.Tags{{Key: "place", Value: "suburb"}, {Key: "name", Value: "Ribeira"}}, true},
		{osm.Tags{{Key: "name", Value: "Gaia"}, {Key: "place", Value: "city"}}, true},
		{osm.Tags{{Key: "place", Value: "neighbourhood"}}, false},                         // no name
		{osm.Tags{{Key: "place", Value: "square"}, {Key: "name", Value: "Praça"}}, false}, // not a settlement
		{osm.Tags{{Key: "shop", Value: "bakery"}, {Key: "name", Value: "Pão"}}, false},
	}
	for _, tt := range tests {
		if got := osmload.IsPlace(tt.tags); got != tt.want {
			t.Errorf("IsPlace(%v) = %v, want %v", tt.tags, got, tt.want)
		}
	}
}
