package osmload_test

import (
	"context"
	"fmt"

	"github.com/walkshed/walkshed/data/osmload"
)

func ExampleRead() {
	ex, err := osmload.Read(context.Background(), "../../testdata/monaco-2026-03-10.osm.pbf", osmload.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	quarters := 0
	for _, b := range ex.Boundaries {
		if b.AdminLevel == 10 {
			quarters++
		}
	}
	fmt.Println("data of", ex.Timestamp.Format("2006-01-02"))
	fmt.Println(len(ex.Network.Ways)-ex.AreaCrossings, "walkable ways")
	fmt.Println(ex.AreaCrossings, "crossings of pedestrian areas")
	fmt.Println(quarters, "quarters")
	// Output:
	// data of 2026-03-10
	// 3368 walkable ways
	// 176 crossings of pedestrian areas
	// 9 quarters
}
