package table

import (
	"errors"
	"fmt"

	"github.com/walkshed/walkshed/routing/access"
)

// residentSpec returns the columns of a residents table besides lon and
// lat: id, weight, group, building (the OSM building, as residents.csv of
// an estimate writes it).
func residentSpec() pointSpec {
	return pointSpec{
		what: "residents",
		fields: []field{
			{name: "id", aliases: []string{"id"}, required: true},
			{name: "weight", aliases: []string{"weight", "population", "people"}},
			{name: "group", aliases: []string{"group"}},
			{name: "building", aliases: []string{"building"}},
		},
	}
}

// ReadResidents reads residents from a CSV or GeoJSON file, or a layer of
// a GeoPackage (FILE.gpkg or FILE.gpkg:LAYER; see the package doc). It returns the residents in file order; the ledger of records
// skipped under opts.SkipBadRows, in file order; and an error, a
// *ParseError for problems of content. Without SkipBadRows the first bad
// record is the error. The caller owns the returned slices.
func ReadResidents(path string, opts Options) ([]access.Resident, []RowError, error) {
	if file, layer, ok := SplitGeoPackage(path); ok {
		return readPointsGPKG(file, layer, opts, residentSpec(), residentOf)
	}
	data, err := readFile(path, opts.Format)
	if err != nil {
		return nil, nil, err
	}
	return ParseResidents(path, data, opts)
}

// ParseResidents is ReadResidents for data already in memory; name is used
// for format detection and in messages.
func ParseResidents(name string, data []byte, opts Options) ([]access.Resident, []RowError, error) {
	return readPoints(name, data, opts, residentSpec(), residentOf)
}

// residentOf converts a record of a residents table.
func residentOf(r *record) (access.Resident, error) {
	if r.id() == "" {
		return access.Resident{}, &fieldError{field: "id", err: errors.New("empty id")}
	}
	w, err := positive(r, 1, 1)
	if err != nil {
		return access.Resident{}, &fieldError{field: "weight", err: fmt.Errorf("weight %w", err)}
	}
	return access.Resident{ID: r.id(), Point: r.point, Weight: w, Group: r.vals[2], Building: r.vals[3]}, nil
}
