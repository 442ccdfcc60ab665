package report

import (
	"reflect"

	"github.com/walkshed/walkshed/data/i18n"
)

// htmlText holds every fixed label of the HTML report in one place, so
// that a message catalogue can replace them as a whole. Labels with a %
// verb are fmt formats; their arguments are named in the field's comment.
type htmlText struct {
	Lang string

	// Page.
	Run, Overview, GridShares, CategoryMaps, Tables string
	Footer                                          string

	// Map controls and furniture.
	ZoomIn, ZoomOut, ZoomHome, Layers, North, HoverHint string

	// Layer names.
	LayerStreets, LayerGrids, LayerLabels, LayerGaps, LayerResidents, LayerFacilities, LayerCells string

	// Captions: OverviewCaption (budget label), OverviewCaptionOf (budget
	// label, number of categories with a facility, their total),
	// CategoryCaption (category, budget label), CellsNote (H3 resolution).
	OverviewCaption, OverviewCaptionOf, CategoryCaption, CellsNote string
	// NoFacility (category) is the banner of a category map without any
	// facility; NoFacilityNote (categories) explains the overview map's
	// share then.
	NoFacility, NoFacilityNote string

	// Legend entries: MinutesClass (from, to), MinutesBeyond (budget),
	// Unroutable, NoFacilityClass, Facility (category), GridOutline,
	// NoResidents, GapCell, Resident (status), ResidentsSampled (stride,
	// drawn, total).
	MinutesClass, MinutesBeyond, Unroutable, NoFacilityClass, Facility, GridOutline string
	NoResidents, GapCell, Resident, ResidentsSampled                                string

	// Hover texts: GridHover (name, share, residents), GridHoverEmpty
	// (name), GapHover (cell, residents, weight), FacilityHover (name,
	// category), FacilityOff (name, category) for a facility off the
	// network, Unnamed.
	GridHover, GridHoverEmpty, GapHover, FacilityHover, FacilityOff, Unnamed string

	// GapsCoarse (gap cells, their resolution, parents, parents'
	// resolution) notes gap cells drawn as their parents.
	GapsCoarse string
	// RowsCut (shown, total) notes a table cut short; GridsCut (shown,
	// total) the share table.
	RowsCut, GridsCut string

	// Share table headings; Compliant (standard) names the compliant column.
	// ColCompleteOf (categories with a facility, all categories) heads the
	// complete share over the categories that have a facility.
	ColGrid, ColResidents, ColComplete, ColCompleteOf, Compliant string

	// The other reports' pages (page_look.go): Maps heads their maps,
	// RowsCutPage (shown, total) notes a table cut short.
	Maps, RowsCutPage string
	// Their layers.
	LayerResponders, LayerBeyond, LayerWorst, LayerAdvice, LayerVolunteers, LayerAssignments string
	LayerReachable, LayerLate, LayerSites, LayerExisting, LayerChange                        string
	// Their captions: EmergencyCaption, VolunteersCaption and
	// IncidentsCaption (budget), SitingCaption (category), CompareCaption.
	EmergencyCaption, VolunteersCaption, IncidentsCaption, SitingCaption, CompareCaption string
	// Their legend entries and hover texts: ReachedByK (k), EmGridHover
	// (grid, worst minutes, pass), AdviceHover (grid, minutes), WorstHover
	// (grid, minutes), BeyondHover (street, from, to minutes), DoorHover
	// (resident, status), VolunteerHover (id), ResidentHover (id, status),
	// IncidentHover (id, minutes), SiteHover (rank, id, people),
	// ExistingHover (name), ChangeHover (grid, before, after, change).
	Unreachable, NoStreets, Responder, AdvisedPoint, WorstPoint, BeyondStreet           string
	DoorReached, DoorNotReached, DoorOutside, UnroutableResident                        string
	Volunteer, Assignment, NearestWithin, ReachedByK, ReachedBy1, NobodyReaches         string
	IncidentReachable, IncidentLate, ProposedSite, ExistingFacility                     string
	CoveredBySite, CoveredBefore, StillMissing                                          string
	ChangeDown, ChangeLess, ChangeNone, ChangeMore, ChangeUp, ChangeEmpty               string
	EmGridHover, AdviceHover, WorstHover, BeyondHover, ResponderHover, DoorHover        string
	VolunteerHover, ResidentHover, IncidentHover, SiteHover, ExistingHover, ChangeHover string
	Pass, Fail                                                                          string
	// HoverHintPage is their maps\' hint.
	HoverHintPage string
}

// englishText is the report's English text.
func englishText() htmlText {
	return htmlText{
		Lang:         "en",
		Run:          "Run",
		Overview:     "Coverage overview",
		GridShares:   "Share per grid",
		CategoryMaps: "Walking minutes to the nearest facility, by category",
		Tables:       "Tables",
		Footer:       "Map data and walking network from OpenStreetMap, available under the Open Database License. Drawn by walkshed without tiles or web fonts; this file opens offline.",

		ZoomIn: "Zoom in", ZoomOut: "Zoom out", ZoomHome: "Whole area", Layers: "Layers", North: "North",
		HoverHint: "Hover a grid, gap cell or facility for its name; drag to pan, wheel or buttons to zoom.",

		LayerStreets: "streets", LayerGrids: "grids", LayerLabels: "grid names", LayerGaps: "gap cells",
		LayerResidents: "residents", LayerFacilities: "facilities", LayerCells: "minutes",

		OverviewCaption:   "Grids by share of residents reaching every category within the %s walk",
		OverviewCaptionOf: "Grids by share of residents reaching all %[2]d categories that have a facility (of %[3]d) within the %[1]s walk",
		CategoryCaption:   "%s: minutes to the nearest facility (%s walk)",
		CellsNote:         "H3 cells of resolution %d holding residents, coloured by the walk of their median resident (by weight).",
		NoFacility:        "No %s facility in the inputs: nobody is covered for it.",
		NoFacilityNote:    "No facility of %s in the inputs, so no resident is complete (the tables show 0 %%); the map, its gap cells and the column “complete %% (n of m)” count the other categories.",

		MinutesClass: "%s–%s min", MinutesBeyond: "beyond %s min", Unroutable: "only unroutable residents",
		NoFacilityClass: "no facility", Facility: "%s facility", GridOutline: "grid outline",
		NoResidents: "no residents", GapCell: "gap cell (darker: more weight)", Resident: "resident: %s",
		ResidentsSampled: "every %d%s resident drawn: %d of %d",

		GridHover: "%s: %s %% complete, %d residents", GridHoverEmpty: "%s: no residents",
		GapHover:      "gap cell %s: %d resident(s) missing a category, weight %s",
		FacilityHover: "%s (%s)", FacilityOff: "%s (%s) — off the walking network, counts for no-one", Unnamed: "unnamed",

		GapsCoarse: "The %d gap cells (H3 resolution %d) are drawn as the %d cells of resolution %d that hold them, darker where they hold more residents; gaps.geojson lists them all.",
		RowsCut:    "The first %d of %d rows; grids.csv, residents.csv and report.json hold them all.",
		GridsCut:   "The first %d of %d grids; the map names every grid and its share on hover, and grids.csv lists them all.",

		ColGrid: "grid", ColResidents: "residents", ColComplete: "complete %", ColCompleteOf: "complete %% (%d of %d)", Compliant: "compliant %% (%s)",

		Maps:        "Maps",
		RowsCutPage: "The first %d of %d rows; the CSV and JSON outputs hold them all.",

		LayerResponders: "responders", LayerBeyond: "streets beyond the budget", LayerWorst: "worst points", LayerAdvice: "advised points",
		LayerVolunteers: "volunteers", LayerAssignments: "assignments", LayerReachable: "reachable incidents", LayerLate: "unreachable incidents",
		LayerSites: "proposed sites", LayerExisting: "existing facilities", LayerChange: "change",

		EmergencyCaption:  "Grids by the worst-case walk from a responder, streets beyond the %s walk, responders and advised points",
		VolunteersCaption: "Registered residents by who reaches them within the %s walk, volunteers and assignments",
		IncidentsCaption:  "Incidents: reachable on foot within the %s walk from the responders on duty, or not",
		SitingCaption:     "Residents and the proposed %s sites",
		CompareCaption:    "Grids by the change in the share of residents reaching every category, in percentage points",

		Unreachable: "some point unreachable", NoStreets: "no streets", Responder: "responder", AdvisedPoint: "advised point for one responder",
		WorstPoint: "worst point of a failing grid", BeyondStreet: "street beyond the budget",
		DoorReached: "door reached", DoorNotReached: "door not reached", DoorOutside: "resident outside every grid", UnroutableResident: "unroutable resident",
		Volunteer: "volunteer", Assignment: "resident → assigned volunteer", NearestWithin: "resident → nearest volunteer within the budget",
		ReachedByK: "reached by %d", ReachedBy1: "reached by 1 only", NobodyReaches: "nobody reaches",
		IncidentReachable: "incident reachable", IncidentLate: "incident not reachable",
		ProposedSite: "proposed site (its rank)", ExistingFacility: "existing facility",
		CoveredBySite: "resident covered by a proposed site", CoveredBefore: "resident covered by an existing facility", StillMissing: "resident still not covered",
		ChangeDown: "5 pp or more lost", ChangeLess: "0.5 to 5 pp lost", ChangeNone: "within 0.5 pp", ChangeMore: "0.5 to 5 pp gained", ChangeUp: "5 pp or more gained",
		ChangeEmpty: "no residents",
		EmGridHover: "%s: worst %s min, %s", AdviceHover: "advised point for %s: worst %s min", WorstHover: "worst point of %s: %s min",
		BeyondHover: "%s: %s–%s min", ResponderHover: "responder %s", DoorHover: "%s: %s",
		VolunteerHover: "volunteer %s", ResidentHover: "%s: %s", IncidentHover: "incident %s: %s min",
		SiteHover: "site %d: %s, %s people gained", ExistingHover: "existing: %s", ChangeHover: "%s: complete %s %% → %s %% (%s pp)",
		Pass: "pass", Fail: "fail",
		HoverHintPage: "Hover a grid, line or symbol for what it is; drag to pan, wheel or buttons to zoom.",
	}
}

// localText is the report's text in l: every label of englishText through
// the message catalogue (data/i18n), verbs kept for fmt.Sprintf.
func localText(l i18n.Language) htmlText {
	t := englishText()
	v := reflect.ValueOf(&t).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String {
			f.SetString(l.Text(f.String()))
		}
	}
	t.Lang = l.HTML()
	return t
}

// htmlLabels returns every label of englishText, for the catalogue test.
func htmlLabels() []string {
	t := englishText()
	v := reflect.ValueOf(t)
	var out []string
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String && v.Type().Field(i).Name != "Lang" {
			out = append(out, f.String())
		}
	}
	return out
}
