package report

import (
	"bufio"
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

// Incidents is everything an incidents report shows: the result of
// emergency.Incidents and the inputs it refers to by index.
type Incidents struct {
	Header     Header
	Result     *emergency.IncidentResult
	Incidents  []emergency.Incident
	Responders []emergency.Responder
	Zones      []access.Zone
	// Ledger lists input rows left out (bad rows), one line each; the
	// incidents the analysis could not count are added from the result.
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

func (n *Incidents) check() error {
	r := n.Result
	switch {
	case r == nil:
		return fmt.Errorf("%w: no result", ErrAudit)
	case !n.Lang.Valid():
		return langError(n.Lang)
	case len(r.Outcomes) != len(n.Incidents):
		return fmt.Errorf("%w: %d outcomes for %d incidents", ErrAudit, len(r.Outcomes), len(n.Incidents))
	}
	return nil
}

// WriteIncidents writes n in the named format (see EmergencyFormats):
// table, csv (the rows, see WriteIncidentsCSV), json, geojson (the
// incidents as points), html or gpkg (a GeoPackage with incidents, grids and
// rows).
func WriteIncidents(format string, w io.Writer, n *Incidents) error {
	return writeEmergencyFormat(format, w, n)
}

// WriteIncidentsAll writes every format into dir: incidents.txt,
// incidents.csv, incidents.json, incidents.geojson, incidents.html,
// incidents.gpkg.
func WriteIncidentsAll(dir string, n *Incidents) error {
	return writeEmergencyAll(dir, "incidents", n)
}

// WriteIncidentsCSV writes the rows (grid × month, then all grids per
// month, then the total, whose grid and month are "all"):
//
//	grid,month,incidents,reachable,reachable_share,with_arrival,on_time,on_time_share,median_arrival_minutes
//
// Shares are fractions with four decimals, empty when undefined.
func WriteIncidentsCSV(w io.Writer, n *Incidents) error {
	if err := n.check(); err != nil {
		return err
	}
	return n.writeCSV(w)
}

func (n *Incidents) writeCSV(w io.Writer) error {
	b := bufio.NewWriter(w)
	writeRecord(b, []string{"grid", "month", "incidents", "reachable", "reachable_share", "with_arrival", "on_time", "on_time_share", "median_arrival_minutes"})
	for _, r := range n.Result.Rows {
		grid, month := incidentRowLabels(r)
		grid = oneLine(grid)
		med := ""
		if !math.IsNaN(r.MedianArrival) {
			med = trimmed(r.MedianArrival, 2)
		}
		writeRecord(b, []string{grid, month, fmt.Sprint(r.Count), fmt.Sprint(r.Reachable), share01(r.ReachableShare()),
			fmt.Sprint(r.WithArrival), fmt.Sprint(r.OnTime), share01(r.OnTimeShare()), med})
	}
	return b.Flush()
}

// incidentRowLabels names a row's grid and month, "all" for the rows
// summing over grids or months.
func incidentRowLabels(r emergency.IncidentRow) (grid, month string) {
	grid, month = r.Name, r.Month
	if r.Zone < 0 {
		grid = "all"
	}
	if month == "" {
		month = "all"
	}
	return grid, month
}

// ledger lists the input rows left out, the incidents not counted and the
// responders not placed, in n.Lang.
func (n *Incidents) ledger() []string {
	tr := n.Lang.Sprintf
	out := append([]string{}, n.Ledger...)
	for i, o := range n.Result.Outcomes {
		if !o.Counted {
			out = append(out, tr("incident %s: %s", oneLine(n.Incidents[i].ID), knownReason(n.Lang, o.Reason)))
		}
	}
	return unplacedResponders(out, n.Lang, n.Responders, n.Result.Responders)
}

// page builds the text and HTML report, its texts in n.Lang.
func (n *Incidents) page() *page {
	tr := n.Lang.Sprintf
	r := n.Result
	pg := &page{title: tr("walkshed incidents: the incident log against the promise"), header: runHeader(n.Header, n.Lang)}
	t := newTable([]string{tr("grid"), tr("month"), tr("incidents"), tr("reachable %%"), tr("with arrival"), tr("on time %%"), tr("median arrival")},
		[]bool{false, false, true, true, true, true, true})
	for _, row := range r.Rows {
		month := row.Month
		if month == "" {
			month = tr("all")
		}
		name := oneLine(row.Name)
		if row.Zone < 0 {
			name = tr("all grids")
		}
		med := none
		if !math.IsNaN(row.MedianArrival) {
			med = tr("%s min", fixed(row.MedianArrival, 1))
		}
		t.add(abbrev(name, 30, "…"), month, fmt.Sprint(row.Count), pctText(row.ReachableShare()), fmt.Sprint(row.WithArrival),
			pctText(row.OnTimeShare()), med)
	}
	counted := len(n.Incidents) - r.Ledger
	pg.sections = append(pg.sections, section{title: tr("Incidents by grid and month"),
		intro: tr("%s incidents counted, %s in the ledger. Reachable: a responder on duty then, serving the grid, walks there within %s. On time: the logged arrival is within %s minutes.", strconv.Itoa(counted), strconv.Itoa(r.Ledger), n.Header.Budget, trimmed(r.Minutes, 1)),
		tab:   t})
	if l := n.ledger(); len(l) > 0 {
		pg.sections = append(pg.sections, section{title: tr("Ledger"), notes: l})
	}
	return pg
}

func (n *Incidents) language() i18n.Language { return n.Lang }

// look draws the map: the grids' outlines and names (with the share of
// their incidents counted that were reachable, over the whole log), the
// street basemap, the incidents counted, reachable or not, as two layers,
// and the responders placed.
func (n *Incidents) look(t htmlText) lookMaps {
	var f mapFrame
	for _, z := range n.Zones {
		f.extendArea(z.Geometry)
	}
	k, defs, ok := newMapKit(t, f, n.Graph, n.Zones)
	if !ok {
		return lookMaps{}
	}
	m := k.newMap("map-incidents", fmt.Sprintf(t.IncidentsCaption, n.Header.Budget))
	m.streets()
	m.outlines()
	counted, reachable := make([]int, len(n.Zones)), make([]int, len(n.Zones))
	for _, o := range n.Result.Outcomes {
		if o.Counted && o.Zone >= 0 && o.Zone < len(counted) {
			counted[o.Zone]++
			if o.Reachable {
				reachable[o.Zone]++
			}
		}
	}
	m.nameGrids(func(z int) string {
		if counted[z] == 0 {
			return ""
		}
		return pct(float64(reachable[z])/float64(counted[z])) + " %"
	})
	var on, late strings.Builder
	for i, o := range n.Result.Outcomes {
		if !o.Counted {
			continue
		}
		hover := fmt.Sprintf(t.IncidentHover, oneLine(n.Incidents[i].ID), mapMinutes(o.Minutes))
		if o.Reachable {
			k.point(&on, n.Incidents[i].Point, " incident", "#1a9641", hover)
		} else {
			k.point(&late, n.Incidents[i].Point, " incident", "#d7191c", hover)
		}
	}
	m.layer("reachable", t.LayerReachable, true, on.String())
	m.legend("#1a9641", t.IncidentReachable, "dot")
	m.layer("late", t.LayerLate, true, late.String())
	m.legend("#d7191c", t.IncidentLate, "dot")
	var rs strings.Builder
	for i, r := range n.Responders {
		if i < len(n.Result.Responders) && n.Result.Responders[i].Placed {
			k.point(&rs, r.Point, " responder", "#2166ac", fmt.Sprintf(t.ResponderHover, responderLabel(r)))
		}
	}
	m.layer("responders", t.LayerResponders, true, rs.String())
	m.legend("#2166ac", t.Responder, "dot")
	return lookMaps{defs: defs, maps: []htmlMap{m.done()}}
}

type (
	jsonIncidents struct {
		Title       string           `json:"title"`
		Attribution string           `json:"attribution"`
		Header      jsonHeader       `json:"header"`
		Rows        []jsonIncRow     `json:"rows"`
		Incidents   []jsonIncOutcome `json:"incidents"`
		Ledger      []string         `json:"ledger"`
	}
	jsonIncRow struct {
		Grid          string `json:"grid"`
		Month         string `json:"month"`
		Count         int    `json:"incidents"`
		Reachable     int    `json:"reachable"`
		ReachShare    *num   `json:"reachable_share"`
		WithArrival   int    `json:"with_arrival"`
		OnTime        int    `json:"on_time"`
		OnTimeShare   *num   `json:"on_time_share"`
		MedianArrival *num   `json:"median_arrival_minutes"`
	}
	jsonIncOutcome struct {
		ID        string `json:"id"`
		Grid      string `json:"grid,omitempty"`
		Month     string `json:"month"`
		Counted   bool   `json:"counted"`
		Reason    string `json:"reason,omitempty"`
		OnDuty    int    `json:"responders_on_duty"`
		Minutes   *num   `json:"walk_minutes,omitempty"`
		Responder string `json:"responder,omitempty"`
		Reachable bool   `json:"reachable"`
	}
)

func (n *Incidents) writeJSON(w io.Writer) error {
	r := n.Result
	doc := jsonIncidents{Title: "walkshed incidents", Attribution: Attribution, Header: jsonHeaderOf(n.Header), Rows: []jsonIncRow{},
		Incidents: []jsonIncOutcome{}, Ledger: n.ledger()}
	for _, row := range r.Rows {
		grid, month := incidentRowLabels(row)
		doc.Rows = append(doc.Rows, jsonIncRow{Grid: grid, Month: month, Count: row.Count, Reachable: row.Reachable, ReachShare: optNum(row.ReachableShare(), share01),
			WithArrival: row.WithArrival, OnTime: row.OnTime, OnTimeShare: optNum(row.OnTimeShare(), share01), MedianArrival: optNum(row.MedianArrival, fixed2)})
	}
	for i, o := range r.Outcomes {
		jo := jsonIncOutcome{ID: n.Incidents[i].ID, Month: o.Month, Counted: o.Counted, Reason: o.Reason, OnDuty: o.OnDuty, Reachable: o.Reachable}
		if o.Zone >= 0 {
			jo.Grid = n.Zones[o.Zone].Name
		}
		if o.Counted {
			jo.Minutes = optNum(o.Minutes, fixed2)
			if o.Responder >= 0 {
				jo.Responder = n.Responders[o.Responder].ID
			}
		}
		doc.Incidents = append(doc.Incidents, jo)
	}
	return encodeJSON(w, doc)
}

func (n *Incidents) writeGeoJSON(w io.Writer) error {
	gw := newGeoWriter(w, `"attribution":`+jsonString(Attribution)+`,`)
	for i, o := range n.Result.Outcomes {
		gw.begin("")
		gw.str("id", n.Incidents[i].ID)
		gw.str("month", o.Month)
		gw.raw("counted", fmt.Sprint(o.Counted))
		if o.Counted {
			gw.str("grid", n.Zones[o.Zone].Name)
			gw.raw("reachable", fmt.Sprint(o.Reachable))
			if math.IsInf(o.Minutes, 1) {
				gw.raw("walk_minutes", "null")
			} else {
				gw.raw("walk_minutes", fixed(o.Minutes, 2))
			}
		} else {
			gw.str("reason", o.Reason)
		}
		gw.point(n.Incidents[i].Point)
	}
	return gw.close()
}
