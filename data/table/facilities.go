package table

import (
	"errors"
	"path/filepath"

	"github.com/walkshed/walkshed/routing/access"
)

// facilitySpec returns the columns of a facility directory besides lon and
// lat: id, name, category.
func facilitySpec() pointSpec {
	return pointSpec{
		what: "facilities",
		fields: []field{
			{name: "id", aliases: []string{"id"}, required: true},
			{name: "name", aliases: []string{"name"}},
			{name: "category", aliases: []string{"category"}, required: true},
		},
	}
}

// ReadFacilities reads a community directory of facilities from a CSV or
// GeoJSON file, or a layer of a GeoPackage (see the package doc). Each facility's Source is the file's
// base name, its Ref the record's id and its ID Source + ":" + Ref. Each
// category is checked with opts.CheckCategory when set. Results, ledger and
// errors are as for ReadResidents.
func ReadFacilities(path string, opts Options) ([]access.Facility, []RowError, error) {
	if file, layer, ok := SplitGeoPackage(path); ok {
		return readPointsGPKG(file, layer, opts, facilitySpec(), facilityOf(file, opts))
	}
	data, err := readFile(path, opts.Format)
	if err != nil {
		return nil, nil, err
	}
	return ParseFacilities(path, data, opts)
}

// ParseFacilities is ReadFacilities for data already in memory; name is
// used for format detection, as the facilities' Source (its base name) and
// in messages.
func ParseFacilities(name string, data []byte, opts Options) ([]access.Facility, []RowError, error) {
	return readPoints(name, data, opts, facilitySpec(), facilityOf(name, opts))
}

// facilityOf returns the conversion of the records of the directory file
// name.
func facilityOf(name string, opts Options) func(r *record) (access.Facility, error) {
	source := filepath.Base(name)
	return func(r *record) (access.Facility, error) {
		if r.id() == "" {
			return access.Facility{}, &fieldError{field: "id", err: errors.New("empty id")}
		}
		cat := r.vals[2]
		if cat == "" {
			return access.Facility{}, &fieldError{field: "category", err: errors.New("empty category")}
		}
		if opts.CheckCategory != nil {
			if err := opts.CheckCategory(cat); err != nil {
				return access.Facility{}, &fieldError{field: "category", err: err}
			}
		}
		return access.Facility{
			ID:       source + ":" + r.id(),
			Name:     r.vals[1],
			Category: cat,
			Point:    r.point,
			Source:   source,
			Ref:      r.id(),
		}, nil
	}
}
