package report

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/walkshed/walkshed/data/i18n"
)

// none is how the text outputs print a missing value (NaN).
const none = "–"

// fixed formats v with prec decimals, never as "-0.0".
func fixed(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		s = s[1:]
	}
	return s
}

// trimmed formats v with at most prec decimals, dropping trailing zeros.
func trimmed(v float64, prec int) string {
	s := fixed(v, prec)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// minutes formats walking minutes with one decimal.
func minutes(v float64) string { return fixed(v, 1) }

// meters formats a distance in whole metres.
func meters(v float64) string { return fixed(v, 0) }

// weight formats a weight with up to three decimals.
func weight(v float64) string { return trimmed(v, 3) }

// coord formats a longitude or latitude with seven decimals.
func coord(v float64) string { return fixed(v, 7) }

// pct formats a share in [0, 1] as a percent with one decimal; "100.0" and
// "0.0" only for exactly everyone and no-one. NaN gives "".
func pct(share float64) string {
	if math.IsNaN(share) {
		return ""
	}
	p := math.Round(share*1000) / 10
	switch {
	case p >= 100 && share < 1:
		p = 99.9
	case p <= 0 && share > 0:
		p = 0.1
	}
	return fixed(p, 1)
}

// textMinutes renders a percentile for people: minutes, over (">15") for
// +Inf and none for NaN.
func textMinutes(v float64, over string) string {
	switch {
	case math.IsNaN(v):
		return none
	case math.IsInf(v, 1):
		return over
	}
	return minutes(v)
}

// csvMinutes renders a percentile for grids.csv: minutes, or "" when it is
// not a number (+Inf beyond the budget, NaN without a routable resident;
// beyondFlag tells the two apart).
func csvMinutes(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return minutes(v)
}

// beyondFlag is the *_beyond_budget cell of a percentile: "true" for +Inf.
func beyondFlag(v float64) string {
	return strconv.FormatBool(math.IsInf(v, 1))
}

// snapText renders a distance to the network, none when unknown (< 0).
func snapText(m float64) string {
	if m < 0 || math.IsNaN(m) {
		return none
	}
	return meters(m) + " m"
}

// oneLine replaces control characters (newlines, tabs) by spaces and trims
// the result, so that a name cannot break a line-based layout.
func oneLine(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
}

// abbrev shortens s to at most n terminal columns, marking a cut with "."
// (for category headers) or "…" (for names), whichever mark is given.
func abbrev(s string, n int, mark string) string {
	return i18n.Truncate(s, n, mark)
}
