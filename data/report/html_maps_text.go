package report

import (
	"reflect"

	"github.com/walkshed/walkshed/data/i18n"
)

// cardsText holds the fixed labels of the printed residents' cards
// (WriteCardsHTML). Labels with a % verb are fmt formats; their arguments
// are named in the field's comment.
type cardsText struct {
	Lang string

	// Title of the page; Subtitle (budget, profile, speed, OSM timestamp)
	// says how the walks were measured, on the page and on every card.
	Title, Subtitle string
	// PrintHint tells how to print and cut the cards; Layers,
	// LayerStreets and LayerFacilities name the page's layer boxes.
	PrintHint, Layers, LayerStreets, LayerFacilities string
	// NoneWithin (budget) replaces a category's facilities when none is
	// within the budget; Unroutable (reason) a card's list when the
	// address is off the network; NoName a facility without a name;
	// Open (opening_hours) its hours; Walk (minutes, metres) the walk.
	NoneWithin, Unroutable, NoName, Open, Walk string
	// Home names the home symbol; MapOf (resident) is the map's label;
	// NearestHover (name, category, minutes) names a facility's symbol;
	// North the north arrow.
	Home, MapOf, NearestHover, North string
}

func englishCardsText() cardsText {
	return cardsText{
		Lang:            "en",
		Title:           "walkshed — residents' cards",
		Subtitle:        "Walking %s (%s, %s m/s); OSM data %s",
		PrintHint:       "Print on A4: eight cards a page, cut along the dashed lines. On each map the home is the red house and the nearest facility of each category a dot of the category's colour.",
		Layers:          "Layers",
		LayerStreets:    "streets",
		LayerFacilities: "facilities",
		NoneWithin:      "none within %s",
		Unroutable:      "This address could not be placed on the walking network: %s",
		NoName:          "(no name)",
		Open:            "open %s",
		Walk:            "%s min · %s m",
		Home:            "home",
		MapOf:           "Map around %s",
		NearestHover:    "%s (%s): %s min",
		North:           "North",
	}
}

// isoText holds the fixed labels of the isochrone page
// (WriteIsochronesHTML).
type isoText struct {
	Lang string

	// Title of the page and Caption of its map; Parameters and Contours
	// head its tables.
	Title, Caption, Parameters, Contours string
	// HoverHint replaces the report map's hint.
	HoverHint string
	// Header rows: OSM data timestamp, source, profile (Profile: name,
	// speed), start points, H3 resolution, walkshed version.
	RowTimestamp, RowSource, RowProfile, Profile, RowStarts, RowResolution, RowVersion string
	// Budget labels: WithinMinutes (minutes), WithinMeters (metres).
	WithinMinutes, WithinMeters string
	// ContourHover (budget, km², km of street) names a contour; Start
	// (number, lon, lat) a start point; LayerStarts the start points'
	// layer and legend; LayerStreets the streets' layer.
	ContourHover, Start, LayerStarts, LayerStreets string
	// Contour table headings.
	ColBudget, ColWalk, ColArea, ColStreet, ColCells string
}

func englishIsoText() isoText {
	return isoText{
		Lang:          "en",
		Title:         "walkshed — walking isochrones",
		Caption:       "The area reached on foot within each budget",
		Parameters:    "Run",
		Contours:      "Isochrones",
		HoverHint:     "Hover an isochrone or start point for its name; drag to pan, wheel or buttons to zoom.",
		RowTimestamp:  "OSM data timestamp",
		RowSource:     "source",
		RowProfile:    "profile",
		Profile:       "%s, %s m/s",
		RowStarts:     "start points",
		RowResolution: "H3 resolution",
		RowVersion:    "walkshed version",
		WithinMinutes: "%s min",
		WithinMeters:  "%s m",
		ContourHover:  "within %s: %s km², %s km of street",
		Start:         "start %s: %s, %s",
		LayerStarts:   "start points",
		LayerStreets:  "streets",
		ColBudget:     "budget",
		ColWalk:       "walking distance (m)",
		ColArea:       "area (km²)",
		ColStreet:     "street reached (km)",
		ColCells:      "H3 cells",
	}
}

// translated runs every string field of *t but Lang through l's
// catalogue and sets Lang to l's HTML tag.
func translated[T any](t T, l i18n.Language) T {
	v := reflect.ValueOf(&t).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String && v.Type().Field(i).Name != "Lang" {
			f.SetString(l.Text(f.String()))
		}
	}
	v.FieldByName("Lang").SetString(l.HTML())
	return t
}

// labelsOf lists the string fields of t but Lang, for the catalogue test.
func labelsOf(t any) []string {
	v := reflect.ValueOf(t)
	var out []string
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String && v.Type().Field(i).Name != "Lang" {
			out = append(out, f.String())
		}
	}
	return out
}
