package table

import (
	"errors"
	"fmt"
	"os"

	"github.com/walkshed/walkshed/routing/access"
)

// candidateSpec returns the columns of a candidate sites table besides lon
// and lat: id and an optional name.
func candidateSpec() pointSpec {
	return pointSpec{
		what: "candidates",
		fields: []field{
			{name: "id", aliases: []string{"id"}, required: true},
			{name: "name", aliases: []string{"name"}},
		},
	}
}

// ReadCandidates reads candidate sites for new facilities (CSV
// id,lon,lat[,name] or GeoJSON points with an id property) from a file.
// Results, ledger and errors are as for ReadResidents.
func ReadCandidates(path string, opts Options) ([]access.Candidate, []RowError, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("table: %w", err)
	}
	return ParseCandidates(path, data, opts)
}

// ParseCandidates is ReadCandidates for data already in memory; name is
// used for format detection and in messages.
func ParseCandidates(name string, data []byte, opts Options) ([]access.Candidate, []RowError, error) {
	return readPoints(name, data, opts, candidateSpec(), func(r *record) (access.Candidate, error) {
		if r.id() == "" {
			return access.Candidate{}, &fieldError{field: "id", err: errors.New("empty id")}
		}
		return access.Candidate{ID: r.id(), Name: r.vals[1], Point: r.point}, nil
	})
}
