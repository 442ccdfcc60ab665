package osmload

import (
	"testing"

	"github.com/paulmach/osm"
)

// TestIsFeature: fitness and sports centres are read as features (the
// fitness tier of mofcom-2021); other leisure places are not.
func TestIsFeature(t *testing.T) {
	for _, tt := range []struct {
		key, value string
		want       bool
	}{
		{"shop", "convenience", true},
		{"amenity", "pharmacy", true},
		{"shop", "no", false},
		{"leisure", "fitness_centre", true},
		{"leisure", "fitness_station", true},
		{"leisure", "sports_centre", true},
		{"leisure", "park", false},
		{"leisure", "pitch", false},
		{"highway", "footway", false},
	} {
		if got := isFeature(osm.Tags{{Key: tt.key, Value: tt.value}}); got != tt.want {
			t.Errorf("isFeature(%s=%s) = %v, want %v", tt.key, tt.value, got, tt.want)
		}
	}
}
