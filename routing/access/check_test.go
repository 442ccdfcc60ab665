package access_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/routing/access"
)

func TestCheckResidents(t *testing.T) {
	ok := access.Resident{ID: "a", Point: orb.Point{7.42, 43.73}, Weight: 1}
	with := func(f func(r *access.Resident)) []access.Resident {
		r := ok
		r.ID = "b"
		f(&r)
		return []access.Resident{ok, r}
	}
	tests := []struct {
		name      string
		residents []access.Resident
		want      string // "" for no error
	}{
		{"valid", with(func(r *access.Resident) { r.Weight = 2.5; r.Group = "elderly" }), ""},
		{"none", nil, ""},
		{"empty id", with(func(r *access.Resident) { r.ID = "" }), "residents[1]: id is missing or empty"},
		{"duplicate id", with(func(r *access.Resident) { r.ID = "a" }), `residents[1] (id "a"): id already used by residents[0]`},
		{"latitude 91", with(func(r *access.Resident) { r.Point = orb.Point{7.4, 91} }), `residents[1] (id "b"): latitude 91 is outside [-90, 90]`},
		{"longitude NaN", with(func(r *access.Resident) { r.Point[0] = math.NaN() }), "longitude NaN is not a finite number"},
		{"weight 0", with(func(r *access.Resident) { r.Weight = 0 }), "weight 0 must be a positive number"},
		{"weight -1", with(func(r *access.Resident) { r.Weight = -1 }), "weight -1 must be a positive number"},
		{"weight +Inf", with(func(r *access.Resident) { r.Weight = math.Inf(1) }), "weight +Inf must be a positive number"},
		{"weight NaN", with(func(r *access.Resident) { r.Weight = math.NaN() }), "weight NaN must be a positive number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := access.CheckResidents(tt.residents)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("error %v, want none", err)
				}
				return
			}
			var re *access.ResidentError
			if !errors.As(err, &re) || re.Index != 1 || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want a *ResidentError for residents[1] saying %q", err, tt.want)
			}
		})
	}
}
