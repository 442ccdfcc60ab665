package taxonomy_test

import (
	"fmt"

	"github.com/paulmach/osm"
	"github.com/walkshed/walkshed/data/taxonomy"
)

func ExampleTaxonomy_Match() {
	tx, err := taxonomy.Parse("mine.json", []byte(`{"mode": "extend", "categories": [
		{"name": "grocery", "rules": ["shop=bakery"]}]}`), taxonomy.Default())
	if err != nil {
		fmt.Println(err)
		return
	}
	bakery := osm.Tags{{Key: "shop", Value: "bakery"}, {Key: "craft", Value: "key_cutter"}}
	fmt.Println(tx.Match(bakery))
	fmt.Println(tx.Validate("bakery"))
	g, _ := tx.Category("grocery")
	fmt.Println(g.RuleStrings())
	// Output:
	// [grocery craftsman]
	// unknown category "bakery"; known: grocery, clinic, pharmacy, barber, housekeeping, agency, repair, craftsman
	// [shop=supermarket|convenience|greengrocer|grocery|general amenity=marketplace shop=bakery]
}
