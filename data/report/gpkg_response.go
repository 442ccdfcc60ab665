package report

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/routing/emergency"
)

// GeoPackages of the response-promise reports (emergency, volunteers,
// incidents) and of the siting. Like audit.gpkg (WriteGeoPackage) they are
// GeoPackage 1.3 files written by data/gpkg: WGS 84 longitude/latitude
// (EPSG:4326), a report_header table with the title, the attribution and
// the run's header, each layer's last_change the OSM data timestamp, so the
// same input gives the same bytes. Numbers keep the precision of the JSON
// output; a walk nobody makes (infinite) is NULL with a flag saying so.

// gpkgBuild writes the layers of one GeoPackage; its first error sticks.
type gpkgBuild struct {
	w   *gpkg.Writer
	err error
}

// layer adds a layer; nil after an error.
func (b *gpkgBuild) layer(spec gpkg.LayerSpec) *gpkg.Layer {
	if b.err != nil {
		return nil
	}
	spec.Description += " " + Attribution + "."
	l, err := b.w.AddLayer(spec)
	b.err = err
	return l
}

// put adds a row to l unless an error is pending.
func (b *gpkgBuild) put(l *gpkg.Layer, g orb.Geometry, vals ...any) {
	if b.err == nil {
		b.err = l.Add(g, vals...)
	}
}

// header adds the report_header table: title, attribution, the lines,
// then one "ledger" line per input row left out.
func (b *gpkgBuild) header(title, what string, lines []headerLine, ledger []string) {
	hdr := b.layer(gpkg.LayerSpec{Name: LayerHeader, Columns: []gpkg.Column{{Name: "key", Type: gpkg.Text}, {Name: "value", Type: gpkg.Text}},
		Description: "How the " + what + " was made: inputs, OSM data, budget, profile, version; ledger: input rows left out."})
	b.put(hdr, nil, "title", title)
	b.put(hdr, nil, "attribution", Attribution)
	for _, l := range lines {
		b.put(hdr, nil, l.key, l.value)
	}
	for _, l := range ledger {
		b.put(hdr, nil, "ledger", l)
	}
}

// writeGPKG builds a GeoPackage with fill in a temporary folder (SQLite
// needs a file) and copies it to w. lastChange is the OSM data timestamp;
// anything that is not a timestamp gives gpkg's fixed default.
func writeGPKG(w io.Writer, name, lastChange string, fill func(b *gpkgBuild)) (err error) {
	if _, err := time.Parse(time.RFC3339Nano, lastChange); err != nil {
		lastChange = ""
	}
	dir, err := os.MkdirTemp("", "walkshed-gpkg-")
	if err != nil {
		return fmt.Errorf("report: gpkg: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, name)
	gw, err := gpkg.Create(path, lastChange)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	b := &gpkgBuild{w: gw}
	fill(b)
	if cerr := gw.Close(); b.err == nil {
		b.err = cerr
	}
	if b.err != nil {
		return fmt.Errorf("report: %w", b.err)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("report: gpkg: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("report: gpkg: %w", err)
	}
	return nil
}

// realOrNil is v rounded to prec decimals for a REAL column; NULL when v is NaN
// or infinite.
func realOrNil(v float64, prec int) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return number(fixed(v, prec))
}

// textOrNil is s, or NULL when empty.
func textOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// areaOrNil is a zone's area as a geometry, nil when it has none.
func areaOrNil(mp orb.MultiPolygon) orb.Geometry {
	if len(mp) == 0 {
		return nil
	}
	return mp
}

// Column shorthands.
func textCol(n string) gpkg.Column { return gpkg.Column{Name: n, Type: gpkg.Text} }
func intCol(n string) gpkg.Column  { return gpkg.Column{Name: n, Type: gpkg.Integer} }
func realCol(n string) gpkg.Column { return gpkg.Column{Name: n, Type: gpkg.Real} }
func boolCol(n string) gpkg.Column { return gpkg.Column{Name: n, Type: gpkg.Boolean} }

// Layer names of the response-promise and siting GeoPackages besides
// LayerGrids, LayerResidents, LayerFacilities and LayerHeader.
const (
	LayerResponders  = "responders"
	LayerAdvice      = "advice"
	LayerBeyond      = "beyond"
	LayerVolunteers  = "volunteers"
	LayerAssignments = "assignments"
	LayerIncidents   = "incidents"
	LayerRows        = "rows"
	LayerSites       = "sites"
)

// spotCols are the columns describing an emergency.Spot, prefixed.
func spotCols(p string) []gpkg.Column {
	return []gpkg.Column{realCol(p + "_minutes"), realCol(p + "_m"), boolCol(p + "_unreachable"), textCol(p + "_kind"),
		textCol(p + "_street"), intCol(p + "_osm_way"), textCol(p + "_resident"), textCol(p + "_responder"), realCol(p + "_lon"), realCol(p + "_lat")}
}

// writeGPKG writes emergency.gpkg: the layers
//
//   - grids (MultiPolygon): per grid, the promise and pass or fail with
//     the reason, the worst case (worst_minutes, worst_m, worst_unreachable,
//     worst_kind street or door, the street or resident, worst_responder:
//     the responder whose walk sets it, and its place), the street and
//     people shares reached, and the count of stretches beyond the budget;
//   - responders (Point): each responder where it was given, with the
//     grid it stands in, the grid it serves, placed or not and why, the
//     snapping distance and the point it joins the network at;
//   - residents (Point): every resident given, with status (reached, not
//     reached, unroutable, outside any grid), the walk from the nearest
//     responder and the reason when unroutable;
//   - advice (Point): per grid given advice, the point from which one
//     responder would reach the whole grid with the smallest worst case
//     (no geometry, with a reason, when there is none);
//   - beyond (LineString): the street stretches beyond the budget;
//   - report_header, with the input rows left out as "ledger" lines.
func (e *Emergency) writeGPKG(w io.Writer) error {
	r := e.Result
	zoneName := func(z int) any {
		if z < 0 || z >= len(e.Zones) {
			return nil
		}
		return e.Zones[z].Name
	}
	respID := func(i int) any {
		if i < 0 {
			return nil
		}
		return e.Responders[i].ID
	}
	spot := func(s emergency.Spot) []any {
		if math.IsNaN(s.Meters) {
			return make([]any, 10)
		}
		kind, resident := "street", any(nil)
		if s.Resident >= 0 {
			kind, resident = "door", e.Residents[s.Resident].ID
		}
		inf := math.IsInf(s.Meters, 1)
		var lon, lat, way any
		if !inf {
			lon, lat = realOrNil(s.Point.Lon(), 7), realOrNil(s.Point.Lat(), 7)
			if s.Way != 0 {
				way = s.Way
			}
		}
		return []any{realOrNil(s.Minutes, 2), realOrNil(s.Meters, 1), inf, kind, textOrNil(s.Street), way, resident, respID(s.Responder), lon, lat}
	}
	return writeGPKG(w, "emergency.gpkg", e.Header.OSMTimestamp, func(b *gpkgBuild) {
		cols := []gpkg.Column{textCol("grid"), textCol("id"), textCol("promise"), realCol("budget_m"), intCol("responders"),
			boolCol("pass"), textCol("reason")}
		cols = append(cols, spotCols("worst")...)
		cols = append(cols, realCol("street_m"), realCol("reached_m"), realCol("unreachable_m"), realCol("street_share"),
			intCol("residents"), intCol("residents_reached"), intCol("residents_unroutable"), realCol("people"), realCol("people_reached"),
			realCol("people_share"), intCol("stretches_beyond_budget"))
		grids := b.layer(gpkg.LayerSpec{Name: LayerGrids, GeometryType: gpkg.MultiPolygon, Columns: cols,
			Description: "Per grid: the worst-case walk from its responders to any street point or door, against the promise, pass or fail."})
		for _, g := range r.Grids {
			z := e.Zones[g.Zone]
			vals := []any{g.Name, textOrNil(z.ID), e.Header.Budget, realOrNil(r.Meters, 1), g.Responders, g.Pass, textOrNil(g.Reason)}
			vals = append(vals, spot(g.Worst)...)
			vals = append(vals, realOrNil(g.StreetMeters, 1), realOrNil(g.ReachedMeters, 1), realOrNil(g.UnreachableMeters, 1), realOrNil(g.StreetShare(), 4),
				g.Residents, g.Reached, g.Unroutable, realOrNil(g.People, 3), realOrNil(g.ReachedPeople, 3), realOrNil(g.PeopleShare(), 4), len(g.Beyond))
			b.put(grids, areaOrNil(z.Geometry), vals...)
		}

		resp := b.layer(gpkg.LayerSpec{Name: LayerResponders, GeometryType: gpkg.Point,
			Columns: []gpkg.Column{textCol("id"), textCol("name"), textCol("grid"), textCol("serves"), boolCol("placed"), textCol("reason"),
				realCol("snap_m"), realCol("network_lon"), realCol("network_lat")},
			Description: "Every responder as given: the grid it stands in and the one it serves (NULL: every grid), whether it was placed on the walking network and why not, and where it joins it."})
		for i, p := range r.Responders {
			rs := e.Responders[i]
			var snap, lon, lat any
			if p.Placed {
				snap, lon, lat = realOrNil(p.Loc.Door, 1), realOrNil(p.Loc.At.Lon(), 7), realOrNil(p.Loc.At.Lat(), 7)
			}
			b.put(resp, pointOrNil(rs.Point), rs.ID, textOrNil(rs.Name), zoneName(p.Zone), zoneName(p.Serves), p.Placed, textOrNil(p.Reason), snap, lon, lat)
		}

		res := b.layer(gpkg.LayerSpec{Name: LayerResidents, GeometryType: gpkg.Point,
			Columns: []gpkg.Column{textCol("id"), textCol("grid"), textCol("group"), realCol("weight"), textCol("status"),
				realCol("minutes"), realCol("meters"), boolCol("unreachable"), textCol("responder"), textCol("reason")},
			Description: "Every resident given: reached within the promise, not reached, unroutable (with the reason) or outside any grid, and the walk from the nearest responder of the grid."})
		for i, d := range r.Doors {
			rs := e.Residents[i]
			status := "not reached"
			switch {
			case d.Zone < 0:
				status = "outside any grid"
			case d.Unroutable:
				status = "unroutable"
			case d.Meters <= r.Meters:
				status = "reached"
			}
			var mins, ms, inf any
			if d.Zone >= 0 && !d.Unroutable {
				mins, ms, inf = realOrNil(d.Minutes, 2), realOrNil(d.Meters, 1), math.IsInf(d.Meters, 1)
			}
			b.put(res, pointOrNil(rs.Point), rs.ID, zoneName(d.Zone), textOrNil(rs.Group), realOrNil(weightOf(rs), 3), status, mins, ms, inf,
				respID(d.Responder), textOrNil(d.Reason))
		}

		adv := b.layer(gpkg.LayerSpec{Name: LayerAdvice, GeometryType: gpkg.Point,
			Columns: []gpkg.Column{textCol("grid"), realCol("minutes"), realCol("meters"), textCol("street"), intCol("osm_way"),
				boolCol("one_responder_passes"), realCol("proven_within_m"), boolCol("certified"), intCol("evaluations"), textCol("reason")},
			Description: "Suggested posts: per grid given advice, the network point from which one responder reaches all of the grid with the smallest worst case (its absolute 1-centre), proven within proven_within_m; no geometry, with a reason, when there is none."})
		for _, g := range r.Grids {
			a := g.Advice
			if a == nil {
				continue
			}
			if a.Reason != "" {
				b.put(adv, nil, g.Name, nil, nil, nil, nil, false, nil, a.Certified, a.Evaluations, a.Reason)
				continue
			}
			var way any
			if a.At.Way != 0 {
				way = a.At.Way
			}
			b.put(adv, pointOrNil(a.At.Point), g.Name, realOrNil(a.At.Minutes, 2), realOrNil(a.At.Meters, 1), textOrNil(a.At.Street), way, a.Pass,
				realOrNil(a.At.Meters-a.LowerMeters, 1), a.Certified, a.Evaluations, nil)
		}

		beyond := b.layer(gpkg.LayerSpec{Name: LayerBeyond, GeometryType: gpkg.LineString,
			Columns:     []gpkg.Column{textCol("grid"), textCol("street"), intCol("osm_way"), realCol("min_minutes"), realCol("max_minutes"), realCol("meters")},
			Description: "Street stretches of each grid beyond the promise from its responders (minutes NULL: nobody reaches them)."})
		for _, g := range r.Grids {
			for _, st := range g.Beyond {
				var way any
				if st.Way != 0 {
					way = st.Way
				}
				var line orb.Geometry
				if len(st.Line) >= 2 {
					line = st.Line
				}
				b.put(beyond, line, g.Name, textOrNil(st.Street), way, realOrNil(st.MinMinutes, 2), realOrNil(st.MaxMinutes, 2), realOrNil(st.To-st.From, 1))
			}
		}
		b.header(e.page().title, "assessment", runHeader(e.Header, e.Lang), e.Ledger)
	})
}

// writeGPKG writes volunteers.gpkg: the layers
//
//   - residents (Point): every resident given, with status, in_promise (a
//     volunteer within the promise), reached_by (how many), the nearest
//     volunteer and its walk, the assigned volunteer under capacities, and
//     why unroutable; residents outside the chosen groups (which the other
//     outputs leave out) have registered false, status "not in the
//     groups" and nothing else;
//   - volunteers (Point): every volunteer, with capacity, grid, profile,
//     why left out, and how many residents are assigned to it;
//   - assignments (LineString): per registered resident, a line to each of
//     its nearest volunteers (kind "nearest", rank 1..K) and, under
//     capacities, to the assigned one (kind "assigned"); the lines are
//     straight, door to volunteer, not the walked path;
//   - report_header, with the input rows left out as "ledger" lines.
func (v *Volunteers) writeGPKG(w io.Writer) error {
	r := v.Result
	return writeGPKG(w, "volunteers.gpkg", v.Header.OSMTimestamp, func(b *gpkgBuild) {
		res := b.layer(gpkg.LayerSpec{Name: LayerResidents, GeometryType: gpkg.Point,
			Columns: []gpkg.Column{textCol("id"), textCol("grid"), textCol("group"), boolCol("registered"), textCol("status"), boolCol("in_promise"), intCol("reached_by"),
				textCol("nearest_volunteer"), realCol("nearest_minutes"), realCol("nearest_m"), textCol("assigned_volunteer"), realCol("assigned_minutes"),
				textCol("reason")},
			Description: "Every resident given; registered: of the chosen groups. For those, whether a volunteer is at the door within the promise (in_promise), how many are, the nearest and, under capacities, the assigned volunteer; unroutable residents with the reason."})
		assigned := make([]int, len(v.Volunteers))
		for i, vis := range r.Visits {
			rs := v.Residents[i]
			if !vis.Chosen {
				b.put(res, pointOrNil(rs.Point), rs.ID, textOrNil(v.zoneName(vis.Zone)), textOrNil(rs.Group), false, "not in the groups",
					nil, nil, nil, nil, nil, nil, nil, nil)
				continue
			}
			within := v.within(vis)
			var nv, nm, nmet, av, am any
			if len(vis.Nearest) > 0 {
				n := vis.Nearest[0]
				nv, nm, nmet = v.Volunteers[n.Volunteer].ID, realOrNil(n.Minutes, 2), realOrNil(n.Meters, 1)
			}
			if vis.Assigned >= 0 {
				assigned[vis.Assigned]++
				av, am = v.Volunteers[vis.Assigned].ID, realOrNil(vis.AssignedMinutes, 2)
			}
			b.put(res, pointOrNil(rs.Point), rs.ID, textOrNil(v.zoneName(vis.Zone)), textOrNil(rs.Group), true, v.status(i), within > 0, within,
				nv, nm, nmet, av, am, textOrNil(vis.Reason))
		}

		issue := map[int]string{}
		for _, is := range r.Issues {
			issue[is.Volunteer] = is.Reason
		}
		vols := b.layer(gpkg.LayerSpec{Name: LayerVolunteers, GeometryType: gpkg.Point,
			Columns:     []gpkg.Column{textCol("id"), textCol("name"), intCol("capacity"), textCol("grid"), textCol("profile"), textCol("issue"), intCol("assigned")},
			Description: "Every volunteer as given: capacity (NULL: no limit), the grid served (NULL: every grid), profile, why left out, and how many residents are assigned under capacities."})
		for i, vol := range v.Volunteers {
			var capacity, n any
			if vol.Capacity > 0 {
				capacity = vol.Capacity
			}
			if r.Capacities {
				n = assigned[i]
			}
			b.put(vols, pointOrNil(vol.Point), vol.ID, textOrNil(vol.Name), capacity, textOrNil(vol.Grid), textOrNil(vol.Profile.Name), textOrNil(issue[i]), n)
		}

		lines := b.layer(gpkg.LayerSpec{Name: LayerAssignments, GeometryType: gpkg.LineString,
			Columns:     []gpkg.Column{textCol("resident"), textCol("volunteer"), textCol("kind"), intCol("rank"), realCol("minutes"), realCol("meters"), boolCol("in_promise")},
			Description: "Resident to volunteer: each resident's nearest volunteers (kind nearest, rank 1..K) and, under capacities, the assigned one (kind assigned). The lines are straight, door to volunteer, not the walked path; minutes and meters are the walk."})
		line := func(a, b orb.Point) orb.Geometry {
			if pointOrNil(a) == nil || pointOrNil(b) == nil {
				return nil
			}
			return orb.LineString{a, b}
		}
		for i, vis := range r.Visits {
			if !vis.Chosen {
				continue
			}
			rs := v.Residents[i]
			for k, n := range vis.Nearest {
				vol := v.Volunteers[n.Volunteer]
				b.put(lines, line(rs.Point, vol.Point), rs.ID, vol.ID, "nearest", k+1, realOrNil(n.Minutes, 2), realOrNil(n.Meters, 1), v.inBudget(n))
			}
			if vis.Assigned >= 0 {
				vol := v.Volunteers[vis.Assigned]
				b.put(lines, line(rs.Point, vol.Point), rs.ID, vol.ID, "assigned", nil, realOrNil(vis.AssignedMinutes, 2), nil, true)
			}
		}
		b.header(v.page().title, "volunteers analysis", runHeader(v.Header, v.Lang), v.Ledger)
	})
}

// inBudget reports whether one volunteer's walk is within the promise for
// its own profile (as within counts).
func (v *Volunteers) inBudget(n emergency.Reach) bool {
	p := v.Volunteers[n.Volunteer].Profile
	if p.Speed == 0 {
		p = v.Result.Options.Profile
	}
	return n.Meters <= v.Result.Options.Budget.Distance(p.Speed)+1e-9
}

// writeGPKG writes incidents.gpkg: the layers
//
//   - incidents (Point): every incident of the log, with its time as
//     written, month, grid, counted or why not, the responders on duty, the
//     walk from the nearest of them and reachable (on foot within the
//     promise), the logged arrival and on_time (within the promise's
//     minutes; NULL when not logged);
//   - grids (MultiPolygon): per grid over all months, the counts and
//     shares of the CSV rows;
//   - rows (a table without geometry): the CSV rows, grid × month, every
//     grid per month and the total;
//   - report_header, with the input rows left out as "ledger" lines.
func (n *Incidents) writeGPKG(w io.Writer) error {
	r := n.Result
	return writeGPKG(w, "incidents.gpkg", n.Header.OSMTimestamp, func(b *gpkgBuild) {
		inc := b.layer(gpkg.LayerSpec{Name: LayerIncidents, GeometryType: gpkg.Point,
			Columns: []gpkg.Column{textCol("id"), textCol("time"), textCol("month"), textCol("grid"), boolCol("counted"), textCol("reason"),
				intCol("responders_on_duty"), realCol("walk_minutes"), realCol("walk_m"), boolCol("unreachable"), textCol("responder"), boolCol("reachable"),
				realCol("arrival_minutes"), boolCol("on_time")},
			Description: "Every incident of the log: whether a responder on duty then, serving its grid, walks there within the promise (reachable), and whether the logged arrival was on time; incidents not counted with the reason."})
		for i, o := range r.Outcomes {
			in := n.Incidents[i]
			var grid, mins, ms, inf, resp, arrival, onTime any
			if o.Zone >= 0 {
				grid = n.Zones[o.Zone].Name
			}
			if o.Counted {
				mins, ms, inf = realOrNil(o.Minutes, 2), realOrNil(o.Meters, 1), math.IsInf(o.Meters, 1)
				if o.Responder >= 0 {
					resp = n.Responders[o.Responder].ID
				}
			}
			if !math.IsNaN(in.ArrivalMinutes) {
				arrival, onTime = realOrNil(in.ArrivalMinutes, 2), in.ArrivalMinutes <= r.Minutes
			}
			var t any
			if !in.Time.IsZero() {
				t = in.Time.Format(time.RFC3339)
			}
			b.put(inc, pointOrNil(in.Point), in.ID, t, o.Month, grid, o.Counted, textOrNil(o.Reason), o.OnDuty, mins, ms, inf, resp, o.Reachable, arrival, onTime)
		}

		rowCols := []gpkg.Column{intCol("incidents"), intCol("reachable"), realCol("reachable_share"), intCol("with_arrival"), intCol("on_time"),
			realCol("on_time_share"), realCol("median_arrival_minutes")}
		grids := b.layer(gpkg.LayerSpec{Name: LayerGrids, GeometryType: gpkg.MultiPolygon,
			Columns:     append([]gpkg.Column{textCol("grid"), textCol("id")}, rowCols...),
			Description: "Per grid, all months together: incidents counted, the share reachable on foot within the promise, the share of logged arrivals on time and their median."})
		for z, zone := range n.Zones {
			var arrivals []float64
			count, reach, onTime := 0, 0, 0
			for i, o := range r.Outcomes {
				if !o.Counted || o.Zone != z {
					continue
				}
				count++
				if o.Reachable {
					reach++
				}
				if a := n.Incidents[i].ArrivalMinutes; !math.IsNaN(a) {
					arrivals = append(arrivals, a)
					if a <= r.Minutes {
						onTime++
					}
				}
			}
			b.put(grids, areaOrNil(zone.Geometry), zone.Name, textOrNil(zone.ID), count, reach, realOrNil(ratio(reach, count), 4), len(arrivals), onTime,
				realOrNil(ratio(onTime, len(arrivals)), 4), realOrNil(medianOf(arrivals), 2))
		}

		rows := b.layer(gpkg.LayerSpec{Name: LayerRows, Columns: append([]gpkg.Column{textCol("grid"), textCol("month")}, rowCols...),
			Description: "The rows of incidents.csv: grid × month, every grid per month, the total (grid or month \"all\")."})
		for _, row := range r.Rows {
			grid, month := incidentRowLabels(row)
			b.put(rows, nil, grid, month, row.Count, row.Reachable, realOrNil(row.ReachableShare(), 4), row.WithArrival, row.OnTime,
				realOrNil(row.OnTimeShare(), 4), realOrNil(row.MedianArrival, 2))
		}
		b.header(n.page().title, "incidents analysis", runHeader(n.Header, n.Lang), n.Ledger)
	})
}

// ratio is a / b, NaN for b = 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// medianOf is the median of xs (the mean of the two middle values for an
// even count), NaN for none: as emergency.Incidents computes its rows'.
func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	k := len(s)
	if k%2 == 1 {
		return s[k/2]
	}
	return (s[k/2-1] + s[k/2]) / 2
}

// writeGPKG writes the siting as a GeoPackage: the layers
//
//   - residents (Point): every resident given, with counted (of the
//     chosen groups), covered_before (by an existing facility),
//     covered_after (with the proposals), site_rank (the proposal that
//     covers it), status (covered, covered by a site, not covered,
//     unroutable, not counted) and the reason when unroutable;
//   - facilities (Point): the existing facilities of the category, on the
//     network or not and why;
//   - sites (Point): the proposals by rank, with the people gained and
//     covered after;
//   - report_header.
func (p *sitingPrep) writeGPKG(w io.Writer) error {
	r, s := p.r, p.s
	return writeGPKG(w, "sites.gpkg", p.h.OSMTimestamp, func(b *gpkgBuild) {
		res := b.layer(gpkg.LayerSpec{Name: LayerResidents, GeometryType: gpkg.Point,
			Columns: []gpkg.Column{textCol("id"), textCol("grid"), textCol("group"), realCol("weight"), boolCol("counted"), boolCol("covered_before"),
				boolCol("covered_after"), intCol("site_rank"), textCol("status"), textCol("reason")},
			Description: "Every resident given: counted or not (groups), covered within the budget by an existing facility (covered_before), with the proposals (covered_after, site_rank: the proposal that covers it), or unroutable with the reason."})
		counted := make([]bool, len(s.Residents))
		for _, i := range r.Counted {
			counted[i] = true
		}
		uncovered := make([]bool, len(s.Residents))
		for _, i := range r.Uncovered {
			uncovered[i] = true
		}
		reason := map[int]string{}
		for _, is := range r.Unroutable {
			reason[is.Resident] = is.Reason
		}
		rank := map[int]int{}
		for k, site := range r.Sites {
			for _, i := range site.Residents {
				rank[i] = k + 1
			}
		}
		for i, rs := range s.Residents {
			var before, after, siteRank any
			status := "not counted"
			if counted[i] {
				_, unroutable := reason[i]
				k, gained := rank[i]
				cb := !uncovered[i] && !unroutable
				before, after = cb, cb || gained
				switch {
				case unroutable:
					status = "unroutable"
				case cb:
					status = "covered"
				case gained:
					status, siteRank = "covered by a site", k
				default:
					status = "not covered"
				}
			}
			var grid any
			if z := r.ResidentZone[i]; z >= 0 && z < len(s.Zones) {
				grid = s.Zones[z].Name
			}
			b.put(res, pointOrNil(rs.Point), rs.ID, grid, textOrNil(rs.Group), realOrNil(weightOf(rs), 3), counted[i], before, after, siteRank, status,
				textOrNil(reason[i]))
		}

		issue := map[int]string{}
		for _, is := range r.FacilityIssues {
			issue[is.Facility] = is.Reason
		}
		fac := b.layer(gpkg.LayerSpec{Name: LayerFacilities, GeometryType: gpkg.Point,
			Columns:     []gpkg.Column{textCol("id"), textCol("name"), textCol("category"), boolCol("on_network"), textCol("reason")},
			Description: "The existing facilities of the category sited: on the walking network (they count) or not, with the reason."})
		for i, f := range s.Facilities {
			if f.Category != r.Options.Category {
				continue
			}
			why, off := issue[i]
			b.put(fac, pointOrNil(f.Point), f.ID, textOrNil(f.Name), f.Category, !off, textOrNil(why))
		}

		sites := b.layer(gpkg.LayerSpec{Name: LayerSites, GeometryType: gpkg.Point,
			Columns: []gpkg.Column{intCol("rank"), textCol("id"), textCol("name"), textCol("category"), realCol("gained"), intCol("gained_residents"),
				realCol("covered_after"), realCol("covered_after_pct")},
			Description: "The proposed sites, best first: the people (by weight) each newly covers within the budget, and those covered once it is added."})
		for k, site := range r.Sites {
			c := r.Candidates[site.Candidate]
			b.put(sites, pointOrNil(site.At), k+1, c.ID, textOrNil(c.Name), r.Options.Category, realOrNil(site.Gained, 3), site.GainedCount,
				realOrNil(site.CoveredAfter, 3), number(pct(p.share(site.CoveredAfter))))
		}
		b.header(p.title(), "siting", p.headerLines(), nil)
	})
}
