package report_test

import (
	"fmt"
	"io"

	"github.com/walkshed/walkshed/data/report"
)

func ExampleFormats() {
	fmt.Println(report.Formats())
	fmt.Println(report.Files())
	// Output:
	// [table csv json geojson markdown html gpkg]
	// [report.txt residents.csv grids.csv facilities.csv report.json gaps.geojson facilities.geojson report.md report.html audit.gpkg]
}

func ExampleWrite_unknownFormat() {
	err := report.Write("xlsx", io.Discard, &report.Audit{})
	fmt.Println(err)
	// Output:
	// report: unknown format "xlsx"; known: table, csv, json, geojson, markdown, html, gpkg
}
