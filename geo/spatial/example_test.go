package spatial_test

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/walkshed/walkshed/geo/spatial"
)

func ExampleLineIndex_Nearest() {
	// Two streets in Monaco; the caller keeps the geometry.
	streets := []orb.LineString{
		{{7.4200, 43.7310}, {7.4220, 43.7310}, {7.4220, 43.7330}},
		{{7.4250, 43.7300}, {7.4250, 43.7350}},
	}
	idx := spatial.NewLineIndex(len(streets), func(dst orb.LineString, i int32) orb.LineString { return append(dst, streets[i]...) }, nil)

	door := orb.Point{7.4210, 43.7312}
	if hit, ok := idx.Nearest(door, 300); ok {
		fmt.Printf("street %d, %.1f m along it, %.1f m from the door\n", hit.Line, hit.Offset, hit.Dist)
	}
	if _, ok := idx.Nearest(orb.Point{7.44, 43.75}, 300); !ok {
		hit, _ := idx.NearestAny(orb.Point{7.44, 43.75})
		fmt.Printf("unroutable: %.0f m from the network\n", hit.Dist)
	}
	// Output:
	// street 0, 80.3 m along it, 22.2 m from the door
	// unroutable: 2058 m from the network
}

func ExampleZoneIndex_Locate() {
	grids := []orb.MultiPolygon{
		{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}},
		{{{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}}},
	}
	zi, err := spatial.NewZoneIndex(grids)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range []orb.Point{{0.5, 0.5}, {1.5, 0.5}, {1, 0.5}, {3, 3}} {
		z, ok := zi.Locate(p)
		fmt.Println(p, z, ok, zi.Containing(nil, p))
	}
	// Output:
	// [0.5 0.5] 0 true [0]
	// [1.5 0.5] 1 true [1]
	// [1 0.5] 0 true [0 1]
	// [3 3] 0 false []
}

func ExampleValidatePolygon() {
	bowtie := orb.MultiPolygon{{{{7.42, 43.73}, {7.43, 43.74}, {7.43, 43.73}, {7.42, 43.74}, {7.42, 43.73}}}}
	err := spatial.ValidatePolygon(bowtie)
	fmt.Println(err)
	fmt.Println(errors.Is(err, spatial.ErrSelfIntersection))
	// Output:
	// spatial: ring 0 of polygon 0 crosses itself near 7.425,43.735 (segments 0 and 2)
	// true
}
