package table_test

import (
	"fmt"

	"github.com/walkshed/walkshed/data/table"
)

func ExampleParseResidents() {
	data := []byte("id;lon;lat;weight;group\n" +
		"r1;-8,6110;41,1496;2;elderly\n" +
		"r2;-8,6120;141,15;;\n" +
		"r3;-8,6130;41,1500;;\n")
	residents, skipped, err := table.ParseResidents("residents.csv", data, table.Options{SkipBadRows: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range residents {
		fmt.Printf("%s %.4f,%.4f weight %g group %q\n", r.ID, r.Point[0], r.Point[1], r.Weight, r.Group)
	}
	for _, s := range skipped {
		fmt.Printf("skipped line %d (%s): %s\n", s.Line, s.ID, s.Reason)
	}
	// Output:
	// r1 -8.6110,41.1496 weight 2 group "elderly"
	// r3 -8.6130,41.1500 weight 1 group ""
	// skipped line 3 (r2): column lat: latitude 141.15 is outside [-90, 90] (are longitude and latitude swapped? expected lon,lat)
}
