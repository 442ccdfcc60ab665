package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// Volunteers is everything a volunteers report shows: the result of
// emergency.Volunteers and the inputs it refers to by index.
type Volunteers struct {
	Header     Header
	Result     *emergency.VolunteerResult
	Volunteers []emergency.Volunteer
	Residents  []access.Resident
	Zones      []access.Zone
	// Ledger lists input rows left out, one line each.
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

func (v *Volunteers) check() error {
	r := v.Result
	switch {
	case r == nil:
		return fmt.Errorf("%w: no result", ErrAudit)
	case !v.Lang.Valid():
		return langError(v.Lang)
	case len(r.Visits) != len(v.Residents):
		return fmt.Errorf("%w: %d visits for %d residents", ErrAudit, len(r.Visits), len(v.Residents))
	}
	return nil
}

// WriteVolunteers writes v in the named format (see EmergencyFormats):
// table, csv (one row per resident of the chosen groups, see
// WriteVolunteersCSV), json, geojson (residents and volunteers as points),
// html or gpkg (a GeoPackage with residents, volunteers and assignments).
func WriteVolunteers(format string, w io.Writer, v *Volunteers) error {
	return writeEmergencyFormat(format, w, v)
}

// WriteVolunteersAll writes every format into dir: volunteers.txt,
// volunteers.csv, volunteers.json, volunteers.geojson, volunteers.html,
// volunteers.gpkg.
func WriteVolunteersAll(dir string, v *Volunteers) error {
	return writeEmergencyAll(dir, "volunteers", v)
}

// status is a resident's standing for people.
func (v *Volunteers) status(i int) string {
	vis := v.Result.Visits[i]
	k := v.Result.Options.K
	switch {
	case vis.Unroutable:
		return "unroutable"
	}
	n := v.within(vis)
	switch {
	case n >= k && k > 1:
		return fmt.Sprintf("reached by %d", k)
	case n >= 1:
		return "reached by 1"
	}
	return "not reached"
}

// statusText is status for people, in v.Lang.
func (v *Volunteers) statusText(i int) string {
	tr := v.Lang.Sprintf
	switch s, k := v.status(i), v.Result.Options.K; s {
	case "unroutable":
		return tr("unroutable")
	case "not reached":
		return tr("not reached")
	case "reached by 1":
		return tr("reached by 1")
	case fmt.Sprintf("reached by %d", k):
		return tr("reached by %s", strconv.Itoa(k))
	default:
		return s
	}
}

// within counts the nearest volunteers within the budget of each's own
// profile.
func (v *Volunteers) within(vis emergency.Visit) int {
	n := 0
	for _, r := range vis.Nearest {
		p := v.Volunteers[r.Volunteer].Profile
		if p.Speed == 0 {
			p = v.Result.Options.Profile
		}
		if r.Meters <= v.Result.Options.Budget.Distance(p.Speed)+1e-9 {
			n++
		}
	}
	return n
}

// WriteVolunteersCSV writes one row per resident of the chosen groups, in
// input order:
//
//	id,grid,group,status,volunteer_1,minutes_1,...,volunteer_K,minutes_K[,assigned,assigned_minutes]
//
// status is "reached by K", "reached by 1", "not reached" or
// "unroutable"; the nearest volunteers are listed however far (minutes
// with two decimals); assigned columns appear when volunteers have
// capacities (empty for residents left without).
func WriteVolunteersCSV(w io.Writer, v *Volunteers) error {
	if err := v.check(); err != nil {
		return err
	}
	return v.writeCSV(w)
}

func (v *Volunteers) writeCSV(w io.Writer) error {
	r := v.Result
	k := r.Options.K
	head := []string{"id", "grid", "group", "status"}
	for i := 1; i <= k; i++ {
		head = append(head, fmt.Sprintf("volunteer_%d", i), fmt.Sprintf("minutes_%d", i))
	}
	if r.Capacities {
		head = append(head, "assigned", "assigned_minutes")
	}
	b := bufio.NewWriter(w)
	writeRecord(b, head)
	for i, vis := range r.Visits {
		if !vis.Chosen {
			continue
		}
		rec := []string{oneLine(v.Residents[i].ID), v.zoneName(vis.Zone), oneLine(v.Residents[i].Group), v.status(i)}
		for j := range k {
			if j < len(vis.Nearest) {
				rec = append(rec, oneLine(v.Volunteers[vis.Nearest[j].Volunteer].ID), fixed(vis.Nearest[j].Minutes, 2))
			} else {
				rec = append(rec, "", "")
			}
		}
		if r.Capacities {
			if vis.Assigned >= 0 {
				rec = append(rec, oneLine(v.Volunteers[vis.Assigned].ID), fixed(vis.AssignedMinutes, 2))
			} else {
				rec = append(rec, "", "")
			}
		}
		writeRecord(b, rec)
	}
	return b.Flush()
}

func (v *Volunteers) zoneName(z int) string {
	if z < 0 {
		return ""
	}
	return oneLine(v.Zones[z].Name)
}

func (v *Volunteers) ids(idx []int, limit int) string {
	tr := v.Lang.Sprintf
	var s []string
	for i, r := range idx {
		if i == limit {
			s = append(s, tr("… and %s more", strconv.Itoa(len(idx)-limit)))
			break
		}
		s = append(s, oneLine(v.Residents[r].ID))
	}
	return strings.Join(s, v.Lang.ListSeparator())
}

func (v *Volunteers) page() *page {
	tr := v.Lang.Sprintf
	r := v.Result
	k := r.Options.K
	pg := &page{title: tr("walkshed volunteers: a volunteer at the door of every registered resident"), header: runHeader(v.Header, v.Lang)}
	head := []string{tr("grid"), tr("residents"), tr("by 1 %%")}
	right := []bool{false, true, true}
	if k > 1 {
		head = append(head, tr("by %s %%", strconv.Itoa(k)))
		right = append(right, true)
	}
	if r.Capacities {
		head = append(head, tr("assigned"), tr("left without"))
		right = append(right, true, true)
	}
	head = append(head, tr("unroutable"), tr("nobody reaches"))
	right = append(right, true, false)
	t := newTable(head, right)
	var notes []string
	for _, g := range r.Grids {
		name := oneLine(g.Name)
		if g.Zone < 0 {
			name = tr("outside any grid")
		}
		row := []string{abbrev(name, 30, "…"), fmt.Sprint(g.Residents), pctText(g.ShareOne())}
		if k > 1 {
			row = append(row, pctText(g.ShareK()))
		}
		if r.Capacities {
			row = append(row, fmt.Sprint(g.Assigned), fmt.Sprint(len(g.LeftWithout)))
		}
		row = append(row, fmt.Sprint(g.Unroutable), abbrev(orNone(v.ids(g.Unreached, 10)), 60, "…"))
		t.add(row...)
		if r.Capacities && len(g.LeftWithout) > 0 {
			notes = append(notes, tr("%s: left without a volunteer under capacities: %s", name, v.ids(g.LeftWithout, 50)))
		}
	}
	intro := tr("Residents of the chosen groups reached within %s by at least one volunteer, and by %s.", v.Header.Budget, strconv.Itoa(k))
	if r.Capacities {
		intro += tr(" Volunteers have capacities: residents are assigned to serve as many as possible, then with the least total walking (an optimal min-cost flow).")
	}
	pg.sections = append(pg.sections, section{title: tr("Grids"), intro: intro, tab: t, notes: notes})
	ledger := append([]string{}, v.Ledger...)
	for _, is := range r.Issues {
		ledger = append(ledger, tr("volunteer %s: %s", oneLine(v.Volunteers[is.Volunteer].ID), knownReason(v.Lang, is.Reason)))
	}
	if len(ledger) > 0 {
		pg.sections = append(pg.sections, section{title: tr("Ledger"), notes: ledger})
	}
	return pg
}

func (v *Volunteers) colour(i int) string {
	switch s := v.status(i); {
	case s == "unroutable":
		return "#252525"
	case s == "not reached":
		return "#d7191c"
	case strings.HasPrefix(s, "reached by 1") && v.Result.Options.K > 1:
		return "#fdae61"
	}
	return "#1a9641"
}

func (v *Volunteers) language() i18n.Language { return v.Lang }

// look draws the map: the grids' outlines and names (with the share
// reached by one volunteer), the street basemap, the registered residents
// by who reaches them, the volunteers and, per resident, a line to the
// volunteer assigned (with capacities) or to the nearest one within the
// budget (without).
func (v *Volunteers) look(t htmlText) lookMaps {
	var f mapFrame
	for _, z := range v.Zones {
		f.extendArea(z.Geometry)
	}
	for i, r := range v.Residents {
		if v.Result.Visits[i].Chosen {
			f.extend(r.Point)
		}
	}
	for _, vol := range v.Volunteers {
		f.extend(vol.Point)
	}
	k, defs, ok := newMapKit(t, f, v.Graph, v.Zones)
	if !ok {
		return lookMaps{}
	}
	r := v.Result
	m := k.newMap("map-volunteers", fmt.Sprintf(t.VolunteersCaption, v.Header.Budget))
	m.streets()
	m.outlines()
	share := make([]string, len(v.Zones))
	for _, g := range r.Grids {
		if g.Zone >= 0 && g.Zone < len(share) {
			if s := pct(g.ShareOne()); s != "" {
				share[g.Zone] = s + " %"
			}
		}
	}
	m.nameGrids(func(z int) string { return share[z] })

	var b strings.Builder
	n := 0
	for i, vis := range r.Visits {
		if !vis.Chosen || vis.Unroutable {
			continue
		}
		to := vis.Assigned
		if !r.Capacities {
			to = -1
			if v.within(vis) > 0 {
				to = vis.Nearest[0].Volunteer
			}
		}
		if to < 0 {
			continue
		}
		if k.line(&b, orb.LineString{v.Residents[i].Point, v.Volunteers[to].Point}, "link", "#2166ac",
			oneLine(v.Residents[i].ID)+" → "+oneLine(v.Volunteers[to].ID)) {
			n++
		}
	}
	m.layer("assignments", t.LayerAssignments, true, b.String())
	if r.Capacities {
		m.legend("#2166ac", t.Assignment, "line")
	} else {
		m.legend("#2166ac", t.NearestWithin, "line")
	}

	b.Reset()
	for i, res := range v.Residents {
		if v.Result.Visits[i].Chosen {
			k.point(&b, res.Point, " resident", v.colour(i), fmt.Sprintf(t.ResidentHover, oneLine(res.ID), v.statusText(i)))
		}
	}
	m.layer("residents", t.LayerResidents, true, b.String())
	if r.Options.K > 1 {
		m.legend("#1a9641", fmt.Sprintf(t.ReachedByK, r.Options.K), "dot")
		m.legend("#fdae61", t.ReachedBy1, "dot")
	} else {
		m.legend("#1a9641", fmt.Sprintf(t.ReachedByK, 1), "dot")
	}
	m.legend("#d7191c", t.NobodyReaches, "dot")
	m.legend("#252525", t.UnroutableResident, "dot")

	b.Reset()
	for _, vol := range v.Volunteers {
		k.point(&b, vol.Point, " volunteer", "#2166ac", fmt.Sprintf(t.VolunteerHover, oneLine(vol.ID)))
	}
	m.layer("volunteers", t.LayerVolunteers, true, b.String())
	m.legend("#2166ac", t.Volunteer, "dot")
	return lookMaps{defs: defs, maps: []htmlMap{m.done()}}
}

type (
	jsonVolunteers struct {
		Title       string          `json:"title"`
		Attribution string          `json:"attribution"`
		Header      jsonHeader      `json:"header"`
		Capacities  bool            `json:"capacities"`
		Grids       []jsonVolGrid   `json:"grids"`
		Residents   []jsonVolVisit  `json:"residents"`
		Volunteers  []jsonVolunteer `json:"volunteers"`
		Ledger      []string        `json:"ledger"`
	}
	jsonVolGrid struct {
		Grid        string   `json:"grid"`
		Residents   int      `json:"residents"`
		ByOne       int      `json:"reached_by_one"`
		ByK         int      `json:"reached_by_k"`
		ShareOne    *num     `json:"share_by_one"`
		ShareK      *num     `json:"share_by_k"`
		Unroutable  int      `json:"unroutable"`
		Unreached   []string `json:"unreached"`
		Assigned    *int     `json:"assigned,omitempty"`
		LeftWithout []string `json:"left_without,omitempty"`
	}
	jsonVolVisit struct {
		ID       string         `json:"id"`
		Grid     string         `json:"grid,omitempty"`
		Group    string         `json:"group,omitempty"`
		Status   string         `json:"status"`
		Reason   string         `json:"reason,omitempty"`
		Nearest  []jsonVolReach `json:"nearest"`
		Assigned *jsonVolReach  `json:"assigned,omitempty"`
	}
	jsonVolReach struct {
		Volunteer string `json:"volunteer"`
		Minutes   *num   `json:"minutes"`
		Meters    *num   `json:"meters,omitempty"`
	}
	jsonVolunteer struct {
		ID       string `json:"id"`
		Capacity int    `json:"capacity,omitempty"`
		Grid     string `json:"grid,omitempty"`
		Profile  string `json:"profile,omitempty"`
		Issue    string `json:"issue,omitempty"`
	}
)

func (v *Volunteers) writeJSON(w io.Writer) error {
	r := v.Result
	doc := jsonVolunteers{Title: "walkshed volunteers", Attribution: Attribution, Header: jsonHeaderOf(v.Header), Capacities: r.Capacities,
		Grids: []jsonVolGrid{}, Residents: []jsonVolVisit{}, Volunteers: []jsonVolunteer{}, Ledger: append([]string{}, v.Ledger...)}
	names := func(idx []int) []string {
		out := []string{}
		for _, i := range idx {
			out = append(out, v.Residents[i].ID)
		}
		return out
	}
	for _, g := range r.Grids {
		jg := jsonVolGrid{Grid: g.Name, Residents: g.Residents, ByOne: g.ByOne, ByK: g.ByK, ShareOne: optNum(g.ShareOne(), share01),
			ShareK: optNum(g.ShareK(), share01), Unroutable: g.Unroutable, Unreached: names(g.Unreached)}
		if r.Capacities {
			n := g.Assigned
			jg.Assigned, jg.LeftWithout = &n, names(g.LeftWithout)
		}
		doc.Grids = append(doc.Grids, jg)
	}
	for i, vis := range r.Visits {
		if !vis.Chosen {
			continue
		}
		jv := jsonVolVisit{ID: v.Residents[i].ID, Grid: v.zoneName(vis.Zone), Group: v.Residents[i].Group, Status: v.status(i), Reason: vis.Reason, Nearest: []jsonVolReach{}}
		for _, n := range vis.Nearest {
			jv.Nearest = append(jv.Nearest, jsonVolReach{Volunteer: v.Volunteers[n.Volunteer].ID, Minutes: optNum(n.Minutes, fixed2),
				Meters: optNum(n.Meters, fixed1)})
		}
		if vis.Assigned >= 0 {
			jv.Assigned = &jsonVolReach{Volunteer: v.Volunteers[vis.Assigned].ID, Minutes: optNum(vis.AssignedMinutes, fixed2)}
		}
		doc.Residents = append(doc.Residents, jv)
	}
	issue := map[int]string{}
	for _, is := range r.Issues {
		issue[is.Volunteer] = is.Reason
	}
	for i, vol := range v.Volunteers {
		doc.Volunteers = append(doc.Volunteers, jsonVolunteer{ID: vol.ID, Capacity: vol.Capacity, Grid: vol.Grid, Profile: vol.Profile.Name, Issue: issue[i]})
	}
	return encodeJSON(w, doc)
}

func (v *Volunteers) writeGeoJSON(w io.Writer) error {
	gw := newGeoWriter(w, `"attribution":`+jsonString(Attribution)+`,`)
	for i, vis := range v.Result.Visits {
		if !vis.Chosen {
			continue
		}
		gw.begin("")
		gw.str("kind", "resident")
		gw.str("id", v.Residents[i].ID)
		gw.str("grid", v.zoneName(vis.Zone))
		gw.str("status", v.status(i))
		if len(vis.Nearest) > 0 && !math.IsInf(vis.Nearest[0].Minutes, 1) {
			gw.raw("nearest_minutes", fixed(vis.Nearest[0].Minutes, 2))
		} else {
			gw.raw("nearest_minutes", "null")
		}
		gw.point(v.Residents[i].Point)
	}
	for _, vol := range v.Volunteers {
		gw.begin("")
		gw.str("kind", "volunteer")
		gw.str("id", vol.ID)
		gw.point(vol.Point)
	}
	return gw.close()
}
