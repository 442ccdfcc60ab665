package hex_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/geo/hex"
)

func ExampleCoverer_Outline() {
	centre, err := hex.FromPoint(orb.Point{-8.6110, 41.1496}, 11)
	if err != nil {
		panic(err)
	}
	ring, _ := centre.Neighbors(nil) // six cells around an empty centre
	cv, err := hex.NewCoverer(11)
	if err != nil {
		panic(err)
	}
	mp, err := cv.Outline(ring)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d polygon, shell of %d vertices, %d hole of %d vertices\n",
		len(mp), len(mp[0][0])-1, len(mp[0])-1, len(mp[0][1])-1)
	// Output: 1 polygon, shell of 18 vertices, 1 hole of 6 vertices
}

func ExampleCoverer_AppendCover() {
	street := orb.LineString{{-8.6110, 41.1496}, {-8.6085, 41.1510}}
	cv, err := hex.NewCoverer(11)
	if err != nil {
		panic(err)
	}
	cells, err := cv.AppendCover(nil, street)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(cells), "cells, starting with", cells[0])
	// Output: 8 cells, starting with 8b39220f035afff
}
