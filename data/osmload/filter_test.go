package osmload_test

import (
	"strings"
	"testing"

	"github.com/paulmach/osm"
	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/routing"
)

// tags parses "k=v;k=v".
func tags(s string) osm.Tags {
	var t osm.Tags
	for _, kv := range strings.Split(s, ";") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			t = append(t, osm.Tag{Key: k, Value: v})
		}
	}
	return t
}

func TestWalkable(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tags   string
		ok     bool
		flags  routing.EdgeFlags
		reason string
	}{
		{"footway", "highway=footway", true, 0, ""},
		{"path", "highway=path", true, 0, ""},
		{"pedestrian", "highway=pedestrian", true, 0, ""},
		{"living street", "highway=living_street", true, 0, ""},
		{"residential", "highway=residential", true, 0, ""},
		{"service", "highway=service", true, 0, ""},
		{"unclassified", "highway=unclassified", true, 0, ""},
		{"road", "highway=road", true, 0, ""},
		{"primary", "highway=primary", true, 0, ""},
		{"secondary link", "highway=secondary_link", true, 0, ""},
		{"track", "highway=track", true, 0, ""},
		{"corridor", "highway=corridor", true, 0, ""},
		{"elevator", "highway=elevator", true, 0, ""},
		{"highway platform", "highway=platform", true, 0, ""},
		{"railway platform", "railway=platform", true, 0, ""},
		{"pier", "man_made=pier", true, 0, ""},
		{"parking", "amenity=parking", true, 0, ""},
		{"parking entrance", "amenity=parking_entrance", true, 0, ""},
		{"leisure track", "leisure=track", true, 0, ""},
		{"steps", "highway=steps", true, routing.FlagSteps, ""},
		{"crossing footway", "highway=footway;footway=crossing", true, routing.FlagCrossing, ""},
		{"pedestrian area", "highway=pedestrian;area=yes", true, routing.FlagArea, ""},
		{"wheelchair no", "highway=footway;wheelchair=no", true, routing.FlagNoWheelchair, ""},
		{"gravel", "highway=path;surface=gravel", true, routing.FlagUnpaved, ""},
		{"compacted", "highway=track;surface=compacted", true, routing.FlagUnpaved, ""},
		{"grass", "highway=path;surface=grass", true, routing.FlagUnpaved, ""},
		{"sett", "highway=pedestrian;surface=sett", true, routing.FlagRough, ""},
		{"cobblestone", "highway=residential;surface=cobblestone", true, routing.FlagRough, ""},
		{"asphalt", "highway=residential;surface=asphalt", true, 0, ""},
		{"steps on sett", "highway=steps;surface=sett", true, routing.FlagSteps | routing.FlagRough, ""},
		{"sidewalk separate kept", "highway=residential;sidewalk=separate", true, 0, ""},
		{"foot yes beats access no", "highway=path;access=no;foot=yes", true, 0, ""},
		{"foot designated beats access private", "highway=service;access=private;foot=designated", true, 0, ""},
		{"access destination", "highway=service;access=destination", true, 0, ""},
		{"access customers", "highway=service;access=customers", true, 0, ""},
		{"cycleway", "highway=cycleway", false, 0, "highway=cycleway"},
		{"cycleway foot designated", "highway=cycleway;foot=designated", true, 0, ""},
		{"bridleway foot permissive", "highway=bridleway;foot=permissive", true, 0, ""},
		{"bridleway", "highway=bridleway", false, 0, "highway=bridleway"},
		{"trunk", "highway=trunk", false, 0, "highway=trunk"},
		{"trunk foot yes", "highway=trunk;foot=yes", true, 0, ""},
		{"trunk link", "highway=trunk_link", false, 0, "highway=trunk_link"},
		{"motorway", "highway=motorway", false, 0, "highway=motorway"},
		{"motorway foot no", "highway=motorway;foot=no", false, 0, "foot=no"},
		{"construction", "highway=construction", false, 0, "highway=construction"},
		{"construction foot yes", "highway=construction;foot=yes", false, 0, "highway=construction"},
		{"proposed", "highway=proposed", false, 0, "highway=proposed"},
		{"abandoned", "highway=abandoned", false, 0, "highway=abandoned"},
		{"foot no", "highway=footway;foot=no", false, 0, "foot=no"},
		{"foot private", "highway=path;foot=private", false, 0, "foot=private"},
		{"access no", "highway=residential;access=no", false, 0, "access=no"},
		{"access private", "highway=service;access=private", false, 0, "access=private"},
		{"access agricultural", "highway=track;access=agricultural", false, 0, "access=agricultural"},
		{"access forestry", "highway=track;access=forestry", false, 0, "access=forestry"},
		{"access delivery", "highway=service;access=delivery", false, 0, "access=delivery"},
		{"foot no beats access yes", "highway=residential;access=yes;foot=no", false, 0, "foot=no"},
		{"private parking", "amenity=parking;access=private", false, 0, "access=private"},
		{"building", "building=yes", false, 0, "not a highway"},
		{"no tags", "", false, 0, "not a highway"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flags, ok, reason := osmload.Walkable(tags(tc.tags))
			if ok != tc.ok || flags != tc.flags || reason != tc.reason {
				t.Errorf("Walkable(%s) = %b, %v, %q, want %b, %v, %q", tc.tags, flags, ok, reason, tc.flags, tc.ok, tc.reason)
			}
		})
	}
}

func TestNodeFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		tags string
		want routing.EdgeFlags
	}{
		{"untagged", "", 0},
		{"traffic signals", "highway=traffic_signals", 0},
		{"crossing", "highway=crossing;crossing=zebra", routing.FlagCrossing},
		{"railway crossing", "railway=crossing", routing.FlagCrossing},
		{"kerb unspecified", "barrier=kerb", routing.FlagKerbRaised},
		{"kerb raised", "barrier=kerb;kerb=raised", routing.FlagKerbRaised},
		{"kerb rolled", "barrier=kerb;kerb=rolled", routing.FlagKerbRaised},
		{"kerb lowered", "barrier=kerb;kerb=lowered", 0},
		{"kerb flush", "barrier=kerb;kerb=flush", 0},
		{"kerb no", "barrier=kerb;kerb=no", 0},
		{"crossing with raised kerb", "highway=crossing;kerb=raised", routing.FlagCrossing | routing.FlagKerbRaised},
		{"crossing with lowered kerb", "highway=crossing;kerb=lowered", routing.FlagCrossing},
		{"wheelchair no", "entrance=main;wheelchair=no", routing.FlagNoWheelchair},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := osmload.NodeFlags(tags(tc.tags)); got != tc.want {
				t.Errorf("NodeFlags(%s) = %b, want %b", tc.tags, got, tc.want)
			}
		})
	}
}
