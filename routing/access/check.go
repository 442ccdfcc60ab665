package access

import (
	"errors"
	"fmt"
	"math"

	"github.com/walkshed/walkshed/geo"
)

// ResidentError is a resident that cannot be audited: its index in the
// residents given, its ID (possibly empty) and what is wrong.
type ResidentError struct {
	Index int
	ID    string
	Err   error
}

func (e *ResidentError) Error() string {
	if e.ID == "" {
		return fmt.Sprintf("residents[%d]: %v", e.Index, e.Err)
	}
	return fmt.Sprintf("residents[%d] (id %q): %v", e.Index, e.ID, e.Err)
}

// Unwrap returns what is wrong.
func (e *ResidentError) Unwrap() error { return e.Err }

// CheckResidents checks residents given as values, as the readers in
// data/table check them in files: each has a non-empty ID no other uses,
// a valid point (geo.ValidatePoint) and a positive, finite Weight. The
// first problem is returned as a *ResidentError.
func CheckResidents(residents []Resident) error {
	seen := make(map[string]int, len(residents))
	for i, r := range residents {
		bad := func(err error) error { return &ResidentError{Index: i, ID: r.ID, Err: err} }
		if r.ID == "" {
			return bad(errors.New("id is missing or empty"))
		}
		if j, dup := seen[r.ID]; dup {
			return bad(fmt.Errorf("id already used by residents[%d]", j))
		}
		seen[r.ID] = i
		if err := geo.ValidatePoint(r.Point); err != nil {
			return bad(err)
		}
		if !(r.Weight > 0) || math.IsInf(r.Weight, 0) {
			return bad(fmt.Errorf("weight %v must be a positive number", r.Weight))
		}
	}
	return nil
}
