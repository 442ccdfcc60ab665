package grid

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing/access"
)

// MaxPlaceDistanceM is how far from an H3 cell's centre a place may be to
// name the cell: about twice a resolution-8 cell's width.
const MaxPlaceDistanceM = 2000

// NamePlaces gives readable names to H3 zones (as H3 returns them) in
// place: "Ribeira (8839220f01fffff)", the nearest named place
// (osmload.IsPlace) within MaxPlaceDistanceM of the cell's centre, else
// the name of the most detailed administrative boundary holding the
// centre (highest admin_level, the first in boundary order on a tie). The
// index stays in the name, which stays unique, and in the ID; a zone that
// no place or boundary names keeps the index alone, as do zones that are
// not H3 cells named by their index. Features that are not places are
// ignored.
func NamePlaces(zones []access.Zone, features []osmload.Feature, boundaries []osmload.Boundary) {
	type place struct {
		name   string
		pt     orb.Point
		coarse bool // a city, town or borough
	}
	var places []place
	for _, f := range features {
		if osmload.IsPlace(f.Tags) {
			k := f.Tags.Find("place")
			places = append(places, place{f.Tags.Find("name"), f.Point, k == "city" || k == "town" || k == "borough"})
		}
	}
	bounds := make([]orb.Bound, len(boundaries))
	for i, b := range boundaries {
		bounds[i] = b.Geometry.Bound()
	}
	for i, z := range zones {
		cell, err := hex.ParseCell(z.ID)
		if err != nil || !cell.Valid() || z.Name != z.ID {
			continue
		}
		c := cell.Center()
		name := ""
		for _, coarse := range []bool{false, true} {
			best := float64(MaxPlaceDistanceM * MaxPlaceDistanceM)
			for _, p := range places {
				if p.coarse != coarse {
					continue
				}
				if d := distance2(c, p.pt); d < best || name == "" && d == best {
					name, best = p.name, d
				}
			}
			if name != "" {
				break
			}
		}
		if name == "" {
			level := -1
			for j, b := range boundaries {
				if b.Name != "" && b.AdminLevel > level && bounds[j].Contains(c) && planar.MultiPolygonContains(b.Geometry, c) {
					name, level = b.Name, b.AdminLevel
				}
			}
		}
		if name != "" {
			zones[i].Name = name + " (" + z.ID + ")"
		}
	}
}

// distance2 is the squared distance in metres between two nearby points,
// equirectangular.
func distance2(a, b orb.Point) float64 {
	const m = 6371008.8 * math.Pi / 180
	dx := (a[0] - b[0]) * m * math.Cos((a[1]+b[1])/2*math.Pi/180)
	dy := (a[1] - b[1]) * m
	return dx*dx + dy*dy
}
