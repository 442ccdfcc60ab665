package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// Emergency is everything an emergency report shows: the result of
// emergency.Assess and the inputs it refers to by index.
type Emergency struct {
	Header     Header
	Result     *emergency.Result
	Responders []emergency.Responder
	Residents  []access.Resident
	Zones      []access.Zone
	// Ledger lists input rows left out (bad rows under --skip-bad-rows),
	// one line each; responders the assessment could not place are added
	// from the result.
	Ledger []string
	// Graph, when set, is the walking network the HTML map draws as its
	// basemap; nil draws none.
	Graph *routing.Graph
	// Lang is the language of the texts for people (title, header,
	// headings, notes, ledger; the text, Markdown and HTML pages and the
	// GeoPackage's report_header); the zero value is English. Column names,
	// JSON keys and coded values (CSV, JSON, GeoJSON) stay English.
	Lang i18n.Language
}

// check validates the report's indexes.
func (e *Emergency) check() error {
	r := e.Result
	switch {
	case r == nil:
		return fmt.Errorf("%w: no result", ErrAudit)
	case !e.Lang.Valid():
		return langError(e.Lang)
	case len(r.Grids) != len(e.Zones):
		return fmt.Errorf("%w: %d grid results for %d zones", ErrAudit, len(r.Grids), len(e.Zones))
	case len(r.Responders) != len(e.Responders):
		return fmt.Errorf("%w: %d placements for %d responders", ErrAudit, len(r.Responders), len(e.Responders))
	case len(r.Doors) != len(e.Residents):
		return fmt.Errorf("%w: %d doors for %d residents", ErrAudit, len(r.Doors), len(e.Residents))
	}
	return nil
}

// EmergencyFormats returns the formats WriteEmergency accepts.
func EmergencyFormats() []string { return []string{"table", "csv", "json", "geojson", "html", "gpkg"} }

// WriteEmergency writes e in the named format: table (text), csv (one row
// per grid, see WriteEmergencyCSV), json, geojson (the street stretches
// beyond the budget, the worst points and the advised points), html or gpkg
// (a GeoPackage, binary; see Emergency.writeGPKG for its layers).
func WriteEmergency(format string, w io.Writer, e *Emergency) error {
	return writeEmergencyFormat(format, w, e)
}

// WriteEmergencyAll writes every format into dir: emergency.txt,
// emergency.csv, emergency.json, emergency.geojson, emergency.html,
// emergency.gpkg.
func WriteEmergencyAll(dir string, e *Emergency) error {
	return writeEmergencyAll(dir, "emergency", e)
}

// emergencyCSVHead is the header of WriteEmergencyCSV.
var emergencyCSVHead = []string{"grid", "responders", "worst_minutes", "worst_meters", "worst_lon", "worst_lat", "street_share", "people_share", "pass"}

// WriteEmergencyCSV writes one row per grid with exactly the columns
//
//	grid,responders,worst_minutes,worst_meters,worst_lon,worst_lat,street_share,people_share,pass
//
// worst_* describe the farthest street point or door from the grid's
// responders (minutes with two decimals, metres with one; "inf" when some
// point is unreachable, with empty coordinates); the shares are fractions
// in [0, 1] with four decimals, empty for a grid without streets or
// residents; pass is yes or no. No comment lines: the attribution goes
// with the other formats.
func WriteEmergencyCSV(w io.Writer, e *Emergency) error {
	if err := e.check(); err != nil {
		return err
	}
	return e.writeCSV(w)
}

func (e *Emergency) writeCSV(w io.Writer) error {
	b := bufio.NewWriter(w)
	writeRecord(b, emergencyCSVHead)
	for _, g := range e.Result.Grids {
		mins, ms, lon, lat := worstCells(g.Worst)
		writeRecord(b, []string{oneLine(g.Name), fmt.Sprint(g.Responders), mins, ms, lon, lat,
			share01(g.StreetShare()), share01(g.PeopleShare()), yesNo(g.Pass)})
	}
	return b.Flush()
}

// responderLabel names a responder for ledgers: its id, and its name when
// it has one.
func responderLabel(r emergency.Responder) string {
	if r.Name != "" {
		return fmt.Sprintf("%s (%s)", oneLine(r.ID), oneLine(r.Name))
	}
	return oneLine(r.ID)
}

// worstCells formats a worst spot for CSV.
func worstCells(s emergency.Spot) (mins, ms, lon, lat string) {
	switch {
	case math.IsNaN(s.Meters):
		return "", "", "", ""
	case math.IsInf(s.Meters, 1):
		return "inf", "inf", "", ""
	}
	return fixed(s.Minutes, 2), fixed(s.Meters, 1), csvCoord(s.Point.Lon()), csvCoord(s.Point.Lat())
}

// where describes a spot for people: the street's name or the resident,
// and the coordinates.
func (e *Emergency) where(s emergency.Spot) string {
	tr := e.Lang.Sprintf
	if math.IsNaN(s.Meters) {
		return none
	}
	at := fmt.Sprintf("%s,%s", coord(s.Point.Lon()), coord(s.Point.Lat()))
	switch {
	case s.Resident >= 0:
		return tr("door of %s (%s)", oneLine(e.Residents[s.Resident].ID), at)
	case s.Street != "":
		return tr("%s (%s)", oneLine(s.Street), at)
	}
	return tr("way %s (%s)", strconv.FormatInt(int64(s.Way), 10), at)
}

// minutesText formats minutes for people, "unreachable" for +Inf.
func minutesText(v float64) string {
	switch {
	case math.IsNaN(v):
		return none
	case math.IsInf(v, 1):
		return "unreachable"
	}
	return fixed(v, 1)
}

// reason says why g fails, in e.Lang: its Reason in English, else its
// failures one by one.
func (e *Emergency) reason(g emergency.Grid) string {
	if e.Lang == i18n.English || e.Lang == "" || len(g.Failures) == 0 {
		return g.Reason
	}
	tr := e.Lang.Sprintf
	parts := make([]string, len(g.Failures))
	for i, f := range g.Failures {
		switch f.Kind {
		case emergency.FailNoResponder:
			parts[i] = tr("no responder serves this grid")
		case emergency.FailEmpty:
			parts[i] = tr("no street of the network and no resident's door lies in this grid")
		case emergency.FailStreets:
			parts[i] = tr("%s m of its streets cannot be reached from its responders", fixed(f.Meters, 0))
		case emergency.FailDoors:
			parts[i] = tr("%s residents' doors cannot be reached from its responders", strconv.Itoa(f.Doors))
		case emergency.FailOverBudget:
			if f.Door {
				parts[i] = tr("its farthest door is %s min (%s m) away, over the %s budget", fixed(f.Minutes, 1), fixed(f.Meters, 0), f.Budget)
			} else {
				parts[i] = tr("its farthest street point is %s min (%s m) away, over the %s budget", fixed(f.Minutes, 1), fixed(f.Meters, 0), f.Budget)
			}
		default:
			parts[i] = f.String()
		}
	}
	return strings.Join(parts, tr("; "))
}

// knownReason is a fixed reason of routing/emergency in l; any other
// reason (an error's text) as it is.
func knownReason(l i18n.Language, reason string) string {
	tr := l.Sprintf
	switch reason {
	case "no single point of the network reaches all of the grid: its streets and doors are not all connected for this profile":
		return tr("no single point of the network reaches all of the grid: its streets and doors are not all connected for this profile")
	case "outside every grid; give it a grid value to say which grid it serves":
		return tr("outside every grid; give it a grid value to say which grid it serves")
	case "outside every grid":
		return tr("outside every grid")
	case "no volunteer could be placed on the network":
		return tr("no volunteer could be placed on the network")
	}
	return reason
}

// minutesText is minutesText in e.Lang.
func (e *Emergency) minutesText(v float64) string {
	tr := e.Lang.Sprintf
	if math.IsInf(v, 1) {
		return tr("unreachable")
	}
	return minutesText(v)
}

// mapMinutes formats minutes for a map: one decimal, ∞ for +Inf, none
// for NaN.
func mapMinutes(v float64) string {
	if math.IsInf(v, 1) {
		return "∞"
	}
	return minutesText(v)
}

// pctText is pct with a none for NaN.
func pctText(v float64) string {
	if s := pct(v); s != "" {
		return s
	}
	return none
}

func (e *Emergency) language() i18n.Language { return e.Lang }

// page builds the text and HTML report, its texts in e.Lang.
func (e *Emergency) page() *page {
	tr := e.Lang.Sprintf
	r := e.Result
	pg := &page{title: tr("walkshed emergency: the worst-case walk from a responder, grid by grid"), header: runHeader(e.Header, e.Lang)}
	pass := 0
	for _, g := range r.Grids {
		if g.Pass {
			pass++
		}
	}
	t := newTable([]string{tr("grid"), tr("responders"), tr("worst min"), tr("worst m"), tr("worst point"), tr("street %%"), tr("people %%"), tr("pass")},
		[]bool{false, true, true, true, false, true, true, false})
	var reasons []string
	for _, g := range r.Grids {
		t.add(abbrev(oneLine(g.Name), 30, "…"), fmt.Sprint(g.Responders), e.minutesText(g.Worst.Minutes), meters(g.Worst.Meters),
			abbrev(e.where(g.Worst), 60, "…"), pctText(g.StreetShare()), pctText(g.PeopleShare()), yesNoIn(e.Lang, g.Pass))
		if !g.Pass {
			reasons = append(reasons, tr("%s: %s", oneLine(g.Name), e.reason(g)))
		}
	}
	for i := range t.rows {
		if t.rows[i][3] == "+Inf" || t.rows[i][3] == "NaN" {
			t.rows[i][3] = none
		}
	}
	pg.sections = append(pg.sections, section{
		title: tr("Grids"),
		intro: tr("%s of %s grids pass: every point of their streets and every door within %s of a responder. The worst point is the farthest from the grid's responders, anywhere along a street (edges clipped to the grid) or at a door.",
			strconv.Itoa(pass), strconv.Itoa(len(r.Grids)), e.Header.Budget),
		tab:   t,
		notes: reasons,
	})

	// advice
	at := newTable([]string{tr("grid"), tr("advised point"), tr("worst min"), tr("worst m"), tr("one responder passes"), tr("proven within")}, []bool{false, false, true, true, false, true})
	for _, g := range r.Grids {
		a := g.Advice
		if a == nil {
			continue
		}
		if a.Reason != "" {
			at.add(abbrev(oneLine(g.Name), 30, "…"), knownReason(e.Lang, a.Reason), none, none, yesNoIn(e.Lang, false), none)
			continue
		}
		within := tr("%s m", meters(a.At.Meters-a.LowerMeters))
		if !a.Certified {
			within = tr("%s (stopped)", within)
		}
		at.add(abbrev(oneLine(g.Name), 30, "…"), abbrev(e.where(a.At), 60, "…"), e.minutesText(a.At.Minutes), meters(a.At.Meters), yesNoIn(e.Lang, a.Pass), within)
	}
	if len(at.rows) > 0 {
		pg.sections = append(pg.sections, section{
			title: tr("Placement advice"),
			intro: tr("For each failing grid, the point of the network from which one responder would reach all of the grid with the smallest worst case (the grid's absolute 1-centre), proven optimal within the stated margin."),
			tab:   at,
		})
	}

	// ledger
	var ledger []string
	ledger = append(ledger, e.Ledger...)
	ledger = unplacedResponders(ledger, e.Lang, e.Responders, r.Responders)
	unroutable, outside := 0, 0
	for _, d := range r.Doors {
		switch {
		case d.Zone < 0:
			outside++
		case d.Unroutable:
			unroutable++
		}
	}
	if unroutable > 0 {
		ledger = append(ledger, tr("%s residents could not be placed on the network (listed in the JSON output)", strconv.Itoa(unroutable)))
	}
	if outside > 0 {
		ledger = append(ledger, tr("%s residents lie outside every grid", strconv.Itoa(outside)))
	}
	if len(ledger) > 0 {
		pg.sections = append(pg.sections, section{title: tr("Ledger"), notes: ledger})
	}
	return pg
}

// look draws the map: the grids coloured by their worst-case walk and
// named, the street basemap, the stretches beyond the budget, the doors
// by whether they are reached, the responders, the worst points of the
// failing grids and the advised points, each a layer with a legend.
func (e *Emergency) look(t htmlText) lookMaps {
	var f mapFrame
	for _, z := range e.Zones {
		f.extendArea(z.Geometry)
	}
	k, defs, ok := newMapKit(t, f, e.Graph, e.Zones)
	if !ok {
		return lookMaps{}
	}
	r := e.Result
	budget := r.Options.Profile.Minutes(r.Meters)
	m := k.newMap("map-emergency", fmt.Sprintf(t.EmergencyCaption, e.Header.Budget))
	var b strings.Builder
	worst := make([]string, len(e.Zones))
	for _, g := range r.Grids {
		verdict := t.Fail
		if g.Pass {
			verdict = t.Pass
		}
		worst[g.Zone] = mapMinutes(g.Worst.Minutes)
		k.grid(&b, e.Zones[g.Zone], minuteFill(g.Worst.Minutes, budget), fmt.Sprintf(t.EmGridHover, oneLine(g.Name), worst[g.Zone], verdict),
			` data-pass="`+strconv.FormatBool(g.Pass)+`"`)
	}
	m.layer("grids", t.LayerGrids, true, b.String())
	m.minuteLegend(budget)
	m.streets()
	m.nameGrids(func(z int) string {
		if worst[z] == "" || worst[z] == none {
			return ""
		}
		return worst[z] + " min"
	})

	b.Reset()
	n := 0
	for _, g := range r.Grids {
		for _, st := range g.Beyond {
			if k.line(&b, st.Line, "line beyond", colorUnreachable,
				fmt.Sprintf(t.BeyondHover, orNone(oneLine(st.Street)), mapMinutes(st.MinMinutes), mapMinutes(st.MaxMinutes))) {
				n++
			}
		}
	}
	if n > 0 {
		m.layer("beyond", t.LayerBeyond, true, b.String())
		m.legend(colorUnreachable, t.BeyondStreet, "line")
	}

	if len(e.Residents) > 0 {
		dots := newDotSet()
		stride := sampleStride(len(e.Residents))
		drawn := 0
		for i, res := range e.Residents {
			if i%stride != 0 || !usable(res.Point) {
				continue
			}
			d := r.Doors[i]
			switch {
			case d.Zone < 0:
				dots.add(k, "outside", "#969696", res.Point)
			case d.Unroutable:
				dots.add(k, "unroutable", "#252525", res.Point)
			case d.Meters <= r.Meters:
				dots.add(k, "reached", "#1a9641", res.Point)
			default:
				dots.add(k, "not reached", "#d7191c", res.Point)
			}
			drawn++
		}
		m.layer("residents", t.LayerResidents, false, dots.String())
		m.legend("#1a9641", t.DoorReached, "dot")
		m.legend("#d7191c", t.DoorNotReached, "dot")
		m.legend("#252525", t.UnroutableResident, "dot")
		m.legend("#969696", t.DoorOutside, "dot")
		if stride > 1 {
			m.legend("", "("+fmt.Sprintf(t.ResidentsSampled, stride, ordinalSuffix(stride), drawn, len(e.Residents))+")", "")
		}
	}

	b.Reset()
	for i, rs := range e.Responders {
		if r.Responders[i].Placed {
			k.point(&b, rs.Point, " responder", "#2166ac", fmt.Sprintf(t.ResponderHover, responderLabel(rs)))
		}
	}
	m.layer("responders", t.LayerResponders, true, b.String())
	m.legend("#2166ac", t.Responder, "dot")

	b.Reset()
	for _, g := range r.Grids {
		if !g.Pass && !math.IsNaN(g.Worst.Meters) && !math.IsInf(g.Worst.Meters, 1) {
			k.point(&b, g.Worst.Point, " worst", "#000000", fmt.Sprintf(t.WorstHover, oneLine(g.Name), e.minutesText(g.Worst.Minutes)))
		}
	}
	m.layer("worst", t.LayerWorst, true, b.String())
	m.legend("#000000", t.WorstPoint, "dot")

	b.Reset()
	for _, g := range r.Grids {
		if g.Advice != nil && g.Advice.Reason == "" {
			k.point(&b, g.Advice.At.Point, " advice", "#ff7f00", fmt.Sprintf(t.AdviceHover, oneLine(g.Name), e.minutesText(g.Advice.At.Minutes)))
		}
	}
	m.layer("advice", t.LayerAdvice, true, b.String())
	m.legend("#ff7f00", t.AdvisedPoint, "dot")
	return lookMaps{defs: defs, maps: []htmlMap{m.done()}}
}

// JSON document of the emergency report.
type (
	jsonEmergency struct {
		Title       string            `json:"title"`
		Attribution string            `json:"attribution"`
		Header      jsonHeader        `json:"header"`
		BudgetM     num               `json:"budget_meters"`
		Grids       []jsonEmGrid      `json:"grids"`
		Responders  []jsonEmResponder `json:"responders"`
		Residents   []jsonEmDoor      `json:"residents"`
		Ledger      []string          `json:"ledger"`
	}
	jsonEmGrid struct {
		Grid              string      `json:"grid"`
		Responders        int         `json:"responders"`
		Pass              bool        `json:"pass"`
		Reason            string      `json:"reason,omitempty"`
		Worst             *jsonSpot   `json:"worst"`
		WorstStreet       *jsonSpot   `json:"worst_street"`
		WorstDoor         *jsonSpot   `json:"worst_door"`
		StreetMeters      num         `json:"street_meters"`
		ReachedMeters     num         `json:"reached_meters"`
		UnreachableMeters num         `json:"unreachable_meters"`
		StreetShare       *num        `json:"street_share"`
		Residents         int         `json:"residents"`
		Reached           int         `json:"residents_reached"`
		Unroutable        int         `json:"residents_unroutable"`
		People            num         `json:"people"`
		ReachedPeople     num         `json:"people_reached"`
		PeopleShare       *num        `json:"people_share"`
		BeyondStretches   int         `json:"stretches_beyond_budget"`
		Advice            *jsonAdvice `json:"advice,omitempty"`
	}
	jsonSpot struct {
		Minutes   *num   `json:"minutes"`
		Meters    *num   `json:"meters"`
		Lon       *num   `json:"lon,omitempty"`
		Lat       *num   `json:"lat,omitempty"`
		Street    string `json:"street,omitempty"`
		Way       int64  `json:"osm_way,omitempty"`
		Resident  string `json:"resident,omitempty"`
		Responder string `json:"responder,omitempty"`
	}
	jsonAdvice struct {
		At          *jsonSpot `json:"at,omitempty"`
		Farthest    *jsonSpot `json:"farthest,omitempty"`
		LowerMeters *num      `json:"lower_bound_meters,omitempty"`
		Certified   bool      `json:"certified"`
		Pass        bool      `json:"one_responder_passes"`
		Evaluations int       `json:"evaluations"`
		Reason      string    `json:"reason,omitempty"`
	}
	jsonEmResponder struct {
		ID     string `json:"id"`
		Name   string `json:"name,omitempty"`
		Grid   string `json:"grid,omitempty"`
		Serves string `json:"serves"`
		Placed bool   `json:"placed"`
		Reason string `json:"reason,omitempty"`
		SnapM  *num   `json:"snap_meters,omitempty"`
	}
	jsonEmDoor struct {
		ID        string `json:"id"`
		Grid      string `json:"grid,omitempty"`
		Status    string `json:"status"`
		Minutes   *num   `json:"minutes,omitempty"`
		Meters    *num   `json:"meters,omitempty"`
		Responder string `json:"responder,omitempty"`
		Reason    string `json:"reason,omitempty"`
	}
)

func (e *Emergency) jsonSpot(s emergency.Spot) *jsonSpot {
	if math.IsNaN(s.Meters) {
		return nil
	}
	js := &jsonSpot{Minutes: optNum(s.Minutes, fixed2), Meters: optNum(s.Meters, fixed1)}
	if !math.IsInf(s.Meters, 1) {
		js.Lon, js.Lat = optNum(s.Point.Lon(), coord), optNum(s.Point.Lat(), coord)
		js.Street, js.Way = s.Street, s.Way
	}
	if s.Resident >= 0 {
		js.Resident = e.Residents[s.Resident].ID
	}
	if s.Responder >= 0 {
		js.Responder = e.Responders[s.Responder].ID
	}
	return js
}

func (e *Emergency) writeJSON(w io.Writer) error {
	tr := e.Lang.Sprintf
	r := e.Result
	doc := jsonEmergency{Title: "walkshed emergency", Attribution: Attribution, Header: jsonHeaderOf(e.Header), BudgetM: num(fixed(r.Meters, 1)),
		Grids: []jsonEmGrid{}, Responders: []jsonEmResponder{}, Residents: []jsonEmDoor{}, Ledger: append([]string{}, e.Ledger...)}
	zoneName := func(z int) string {
		if z < 0 {
			return ""
		}
		return e.Zones[z].Name
	}
	for _, g := range r.Grids {
		jg := jsonEmGrid{Grid: g.Name, Responders: g.Responders, Pass: g.Pass, Reason: g.Reason,
			Worst: e.jsonSpot(g.Worst), WorstStreet: e.jsonSpot(g.WorstStreet), WorstDoor: e.jsonSpot(g.WorstDoor),
			StreetMeters: num(fixed(g.StreetMeters, 1)), ReachedMeters: num(fixed(g.ReachedMeters, 1)), UnreachableMeters: num(fixed(g.UnreachableMeters, 1)),
			StreetShare: optNum(g.StreetShare(), share01), Residents: g.Residents, Reached: g.Reached, Unroutable: g.Unroutable,
			People: num(weight(g.People)), ReachedPeople: num(weight(g.ReachedPeople)), PeopleShare: optNum(g.PeopleShare(), share01),
			BeyondStretches: len(g.Beyond)}
		if a := g.Advice; a != nil {
			ja := &jsonAdvice{Certified: a.Certified, Pass: a.Pass, Evaluations: a.Evaluations, Reason: a.Reason}
			if a.Reason == "" {
				ja.At, ja.Farthest = e.jsonSpot(a.At), e.jsonSpot(a.Worst)
				ja.LowerMeters = optNum(a.LowerMeters, fixed1)
			}
			jg.Advice = ja
		}
		doc.Grids = append(doc.Grids, jg)
	}
	for i, p := range r.Responders {
		rs := e.Responders[i]
		serves := "every grid"
		if p.Serves >= 0 {
			serves = zoneName(p.Serves)
		}
		jr := jsonEmResponder{ID: rs.ID, Name: rs.Name, Grid: zoneName(p.Zone), Serves: serves, Placed: p.Placed, Reason: p.Reason}
		if p.Placed {
			jr.SnapM = optNum(p.Loc.Door, fixed1)
		}
		doc.Responders = append(doc.Responders, jr)
		if !p.Placed {
			doc.Ledger = append(doc.Ledger, tr("responder %s: %s", rs.ID, knownReason(e.Lang, p.Reason)))
		}
	}
	for i, d := range r.Doors {
		jd := jsonEmDoor{ID: e.Residents[i].ID, Grid: zoneName(d.Zone), Reason: d.Reason}
		switch {
		case d.Zone < 0:
			jd.Status = "outside any grid"
		case d.Unroutable:
			jd.Status = "unroutable"
		case d.Meters <= r.Meters:
			jd.Status = "reached"
		default:
			jd.Status = "not reached"
		}
		if d.Zone >= 0 && !d.Unroutable {
			jd.Minutes = optNum(d.Minutes, fixed2)
			jd.Meters = optNum(d.Meters, fixed1)
			if d.Responder >= 0 {
				jd.Responder = e.Responders[d.Responder].ID
			}
		}
		doc.Residents = append(doc.Residents, jd)
	}
	return encodeJSON(w, doc)
}

// encodeJSON writes v as indented JSON without HTML escaping.
func encodeJSON(w io.Writer, v any) error {
	b := bufio.NewWriter(w)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("report: json: %w", err)
	}
	return b.Flush()
}

// jsonHeaderOf renders a header for the reports other than the audit.
func jsonHeaderOf(h Header) jsonHeader {
	return jsonHeader{Version: h.Version, Inputs: append([]string{}, h.Inputs...), OSMTimestamp: h.OSMTimestamp, Budget: h.Budget,
		Profile: h.Profile, Speed: num(trimmed(h.Speed, 2)), K: h.K, Grids: h.Grids, Generated: h.Generated}
}

// writeGeoJSON writes a FeatureCollection: per grid, the street
// stretches beyond the budget (LineString, kind "beyond", min and max
// minutes, null when unreachable), the worst point (kind "worst") and the
// advised point (kind "advice").
func (e *Emergency) writeGeoJSON(w io.Writer) error {
	gw := newGeoWriter(w, `"attribution":`+jsonString(Attribution)+`,`)
	minutesJSON := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "null"
		}
		return fixed(v, 2)
	}
	for _, g := range e.Result.Grids {
		for _, st := range g.Beyond {
			gw.begin("")
			gw.str("kind", "beyond")
			gw.str("grid", g.Name)
			gw.str("street", st.Street)
			gw.int("osm_way", st.Way)
			gw.raw("min_minutes", minutesJSON(st.MinMinutes))
			gw.raw("max_minutes", minutesJSON(st.MaxMinutes))
			gw.raw("meters", fixed(st.To-st.From, 1))
			gw.lineString(st.Line)
		}
		if s := g.Worst; !math.IsNaN(s.Meters) && !math.IsInf(s.Meters, 1) {
			gw.begin("")
			gw.str("kind", "worst")
			gw.str("grid", g.Name)
			gw.str("street", s.Street)
			gw.raw("minutes", minutesJSON(s.Minutes))
			gw.raw("pass", fmt.Sprint(g.Pass))
			gw.point(s.Point)
		}
		if a := g.Advice; a != nil && a.Reason == "" {
			gw.begin("")
			gw.str("kind", "advice")
			gw.str("grid", g.Name)
			gw.str("street", a.At.Street)
			gw.raw("minutes", minutesJSON(a.At.Minutes))
			gw.raw("one_responder_passes", fmt.Sprint(a.Pass))
			gw.point(a.At.Point)
		}
	}
	return gw.close()
}
