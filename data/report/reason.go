package report

import (
	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing"
)

// Unroutable returns why a point could not be placed on the walking
// network, in l: printed from the failure's code and distances, so that
// routing, below the languages, need not know them. English is the
// failure's own Reason, byte for byte; a failure without a known code
// prints its Reason in every language.
func Unroutable(l i18n.Language, why *routing.UnroutableError) string {
	if why == nil {
		return ""
	}
	if l != i18n.Chinese {
		return why.Reason
	}
	tr := l.Sprintf
	switch why.Code {
	case routing.InvalidPoint:
		return tr("invalid coordinates: %s", why.Detail)
	case routing.NoStreet:
		return tr("the network has no usable street for this profile")
	case routing.TooFar:
		return tr("point is %s from the network (maximum snap distance %s)", distance(l, why.Nearest), distance(l, why.MaxSnap))
	}
	return why.Reason
}

// distance renders metres as a reason prints them, in l: "250 m", "1.2 km".
func distance(l i18n.Language, m float64) string {
	tr := l.Sprintf
	v, unit := routing.HumanMeters(m)
	if unit == "km" {
		return tr("%s km", v)
	}
	return tr("%s m", v)
}

// reason returns the reason of a resident or facility in the report's
// language: from why when set, else english as it was given (a result
// made without a snapping failure, by a test or another engine).
func (p *prepared) reason(why *routing.UnroutableError, english string) string {
	if why == nil || p.lang != i18n.Chinese {
		return english
	}
	return Unroutable(p.lang, why)
}
