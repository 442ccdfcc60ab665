package osmload

import (
	"github.com/paulmach/osm"
	"github.com/walkshed/walkshed/routing"
)

// Walkable applies walkshed's pedestrian filter (the rules in the package
// documentation) to the tags of a way. It returns the flags the way puts on
// its edges and ok=true when a pedestrian may use it; otherwise reason names
// the rule that dropped it, such as "not a highway", "highway=motorway",
// "highway=construction", "foot=no" or "access=private". roads tagged
// sidewalk=separate are walkable here; Read drops them only when
// Options.DropSeparateSidewalkRoads is set. Walkable is safe for concurrent
// use.
func Walkable(tags osm.Tags) (flags routing.EdgeFlags, ok bool, reason string) {
	return walkable(tags, false)
}

func walkable(tags osm.Tags, dropSeparate bool) (routing.EdgeFlags, bool, string) {
	hw := tags.Find("highway")
	var class highwayClass
	switch {
	case hw != "":
		class = classifyHighway(hw)
	case tags.Find("railway") == "platform",
		tags.Find("man_made") == "pier",
		tags.Find("leisure") == "track":
		class = footHighway
	default:
		switch tags.Find("amenity") {
		case "parking", "parking_entrance":
			class = footHighway
		default:
			return 0, false, "not a highway"
		}
	}
	if class == deadHighway {
		return 0, false, "highway=" + hw
	}
	// An explicit foot tag decides alone; access applies only without one.
	foot := tags.Find("foot")
	if foot != "" {
		if denied(foot) {
			return 0, false, "foot=" + foot
		}
	} else if acc := tags.Find("access"); denied(acc) {
		return 0, false, "access=" + acc
	}
	if class == footIfAllowed {
		switch foot {
		case "yes", "designated", "permissive":
		default:
			return 0, false, "highway=" + hw
		}
	}
	if dropSeparate && class == roadHighway && sidewalkSeparate(tags) {
		return 0, false, "sidewalk=separate"
	}
	return wayFlags(tags, hw), true, ""
}

type highwayClass uint8

const (
	footHighway   highwayClass = iota // built for or open to walkers
	roadHighway                       // a road, walked on its sidewalks
	footIfAllowed                     // walkable only with foot=yes|designated|permissive
	deadHighway                       // not (yet or any more) a way
)

func classifyHighway(hw string) highwayClass {
	switch hw {
	case "footway", "path", "pedestrian", "steps", "corridor", "elevator", "platform", "track":
		return footHighway
	case "living_street", "residential", "service", "unclassified", "road",
		"tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link":
		return roadHighway
	case "construction", "proposed", "abandoned", "disused", "razed", "planned":
		return deadHighway
	default: // cycleway, bridleway, trunk, motorway, bus_guideway, raceway, ...
		return footIfAllowed
	}
}

// denied reports foot or access values that forbid walking.
func denied(v string) bool {
	switch v {
	case "no", "private", "agricultural", "forestry", "delivery":
		return true
	}
	return false
}

func sidewalkSeparate(tags osm.Tags) bool {
	if tags.Find("sidewalk") == "separate" || tags.Find("sidewalk:both") == "separate" {
		return true
	}
	l, r := tags.Find("sidewalk:left"), tags.Find("sidewalk:right")
	return (l == "separate" && (r == "separate" || r == "no")) || (r == "separate" && l == "no")
}

// wayFlags returns the edge flags of a walkable way.
func wayFlags(tags osm.Tags, hw string) routing.EdgeFlags {
	var f routing.EdgeFlags
	if hw == "steps" {
		f |= routing.FlagSteps
	}
	if hw == "crossing" || tags.Find("footway") == "crossing" || tags.Find("path") == "crossing" ||
		tags.Find("cycleway") == "crossing" {
		f |= routing.FlagCrossing
	}
	if tags.Find("area") == "yes" {
		f |= routing.FlagArea
	}
	if tags.Find("wheelchair") == "no" {
		f |= routing.FlagNoWheelchair
	}
	return f | surfaceFlags(tags.Find("surface"))
}

// surfaceFlags classifies a surface=* value.
func surfaceFlags(s string) routing.EdgeFlags {
	switch s {
	case "unpaved", "gravel", "fine_gravel", "compacted", "dirt", "earth", "ground", "soil", "grass",
		"grass_paver", "sand", "mud", "pebblestone", "woodchips", "rock":
		return routing.FlagUnpaved
	case "cobblestone", "sett", "unhewn_cobblestone", "cobblestone:flattened":
		return routing.FlagRough
	}
	return 0
}

// NodeFlags returns the flags a node puts on the edges through it: a
// crossing (highway=crossing, railway=crossing), a raised kerb
// (barrier=kerb unless kerb=lowered|flush|no; or kerb=raised|rolled|regular
// without barrier=kerb) and wheelchair=no. It is safe for concurrent use.
func NodeFlags(tags osm.Tags) routing.EdgeFlags {
	if len(tags) == 0 {
		return 0
	}
	var f routing.EdgeFlags
	if tags.Find("highway") == "crossing" || tags.Find("railway") == "crossing" {
		f |= routing.FlagCrossing
	}
	kerb := tags.Find("kerb")
	if tags.Find("barrier") == "kerb" {
		switch kerb {
		case "lowered", "flush", "no":
		default:
			f |= routing.FlagKerbRaised
		}
	} else {
		switch kerb {
		case "raised", "rolled", "regular":
			f |= routing.FlagKerbRaised
		}
	}
	if tags.Find("wheelchair") == "no" {
		f |= routing.FlagNoWheelchair
	}
	return f
}

// isFeature reports whether tags make an element a candidate service
// point: a shop, amenity, craft, healthcare or office key, or a leisure
// key for a fitness or sports centre (the fitness tier of standards such
// as mofcom-2021; parks, pitches and playgrounds are left out), or a named
// place (IsPlace).
func isFeature(tags osm.Tags) bool {
	for _, t := range tags {
		switch t.Key {
		case "shop", "amenity", "craft", "healthcare", "office":
			if t.Value != "no" && t.Value != "" {
				return true
			}
		case "leisure":
			switch t.Value {
			case "fitness_centre", "fitness_station", "sports_centre":
				return true
			}
		}
	}
	return IsPlace(tags)
}

// IsPlace reports whether tags name a settlement or a part of one: a name
// and place=city, borough, town, village, suburb, quarter, neighbourhood or
// hamlet. Reports use them to name grids.
func IsPlace(tags osm.Tags) bool {
	switch tags.Find("place") {
	case "city", "borough", "town", "village", "suburb", "quarter", "neighbourhood", "hamlet":
		return tags.Find("name") != ""
	}
	return false
}

// entranceRank orders entrance nodes: entrance=main first, then other
// entrances, emergency exits last; 0 means not an entrance.
func entranceRank(tags osm.Tags) uint8 {
	switch tags.Find("entrance") {
	case "", "no":
		return 0
	case "main":
		return 3
	case "emergency", "exit":
		return 1
	default:
		return 2
	}
}
