package geo

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Budget is a walking budget: either a time in minutes or a distance in
// metres. Exactly one of Minutes and Meters is positive in a valid budget.
type Budget struct {
	Minutes float64
	Meters  float64
}

// ErrBadBudget is returned for budgets that are not a single positive, finite
// number of minutes or metres.
var ErrBadBudget = errors.New("geo: budget must be a positive number of minutes or metres")

// Validate checks that exactly one of Minutes and Meters is set, positive
// and finite.
func (b Budget) Validate() error {
	ok := func(v float64) bool { return v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }
	switch {
	case b.Minutes != 0 && b.Meters != 0:
		return fmt.Errorf("%w: give minutes or metres, not both", ErrBadBudget)
	case b.Minutes != 0 && !ok(b.Minutes):
		return fmt.Errorf("%w: %v minutes", ErrBadBudget, b.Minutes)
	case b.Meters != 0 && !ok(b.Meters):
		return fmt.Errorf("%w: %v metres", ErrBadBudget, b.Meters)
	case b.Minutes == 0 && b.Meters == 0:
		return fmt.Errorf("%w: none given", ErrBadBudget)
	}
	return nil
}

// Distance returns the budget as a walking distance in metres at speed
// metres per second.
func (b Budget) Distance(speed float64) float64 {
	if b.Meters > 0 {
		return b.Meters
	}
	return b.Minutes * 60 * speed
}

// DistanceAt is Distance with checks: the budget must be valid (Validate),
// speed a positive finite number of metres per second, and the distance
// finite. A huge budget or speed, each finite, can give an infinite
// distance (1e308 minutes at 1.33 m/s), which no search can bound and no
// JSON can hold; the error wraps ErrBadBudget and says so.
func (b Budget) DistanceAt(speed float64) (float64, error) {
	if err := b.Validate(); err != nil {
		return 0, err
	}
	if !(speed > 0) || math.IsInf(speed, 0) {
		return 0, fmt.Errorf("%w: speed %v m/s is not a positive finite number", ErrBadBudget, speed)
	}
	d := b.Distance(speed)
	if math.IsInf(d, 0) {
		return 0, fmt.Errorf("%w: %s at %v m/s is farther than any finite distance", ErrBadBudget, b, speed)
	}
	return d, nil
}

// String renders the budget as "15min" or "1000m".
func (b Budget) String() string {
	if b.Meters > 0 {
		return strconv.FormatFloat(b.Meters, 'f', -1, 64) + "m"
	}
	return strconv.FormatFloat(b.Minutes, 'f', -1, 64) + "min"
}

// ParseBudget parses "15", "15min", "1000m" or "1.2km". A bare number is
// minutes.
func ParseBudget(s string) (Budget, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	var b Budget
	num := func(x string) (float64, error) {
		v, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, fmt.Errorf("%w: %q is not a number", ErrBadBudget, s)
		}
		return v, nil
	}
	var err error
	switch {
	case strings.HasSuffix(t, "km"):
		b.Meters, err = num(strings.TrimSuffix(t, "km"))
		b.Meters *= 1000
	case strings.HasSuffix(t, "min"):
		b.Minutes, err = num(strings.TrimSuffix(t, "min"))
	case strings.HasSuffix(t, "m"):
		b.Meters, err = num(strings.TrimSuffix(t, "m"))
	default:
		b.Minutes, err = num(t)
	}
	if err != nil {
		return Budget{}, err
	}
	if b.Minutes == 0 && b.Meters == 0 {
		return Budget{}, fmt.Errorf("%w: %q", ErrBadBudget, s)
	}
	return b, b.Validate()
}
