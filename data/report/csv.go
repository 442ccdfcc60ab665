package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/walkshed/walkshed/routing/access"
)

// csvCoord is coord, empty when not finite.
func csvCoord(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return coord(v)
}

// writeRecord writes one CSV record (RFC 4180, "\n" line ends). It quotes
// like encoding/csv (fields holding a comma, quote, CR or LF, or starting
// with a space) and also a first field starting with "#", which readers
// that skip the comment lines would otherwise drop.
func writeRecord(b *bufio.Writer, rec []string) {
	for i, f := range rec {
		if i > 0 {
			b.WriteByte(',')
		}
		r, _ := utf8.DecodeRuneInString(f)
		quote := strings.ContainsAny(f, ",\"\r\n") || (f != "" && unicode.IsSpace(r)) || (i == 0 && r == '#')
		if !quote {
			b.WriteString(f)
			continue
		}
		b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
	}
	b.WriteByte('\n')
}

// WriteResidentsCSV writes residents.csv, a plain table whose first line
// is the column header (see the package documentation):
//
//	id,grid,group,weight,building,lon,lat,status,reason
//
// followed, for each category in order, by <category>_minutes,
// <category>_meters, <category>_facility and <category>_beyond_budget: the
// walk to the nearest facility of the category (minutes with one decimal,
// metres door to door with none, the facility's ID) and whether it lies
// beyond the budget. Within the budget the flag is "false". Beyond it the
// flag is "true" and the minutes cell holds the budget in minutes at the
// resident's walking speed: a lower bound, since the search stops at the
// budget; metres and facility are then empty. For unroutable residents
// the four cells are empty. There is one row per input resident, in input
// order; grid is empty for residents outside every grid; weight is the
// people the point stands for; building is the OSM building of an
// estimated resident ("way/123"), empty otherwise; reason is set for
// unroutable residents.
func WriteResidentsCSV(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	head := []string{"id", "grid", "group", "weight", "building", "lon", "lat", "status", "reason"}
	for _, c := range p.cats {
		head = append(head, c+"_minutes", c+"_meters", c+"_facility", c+"_beyond_budget")
	}
	writeRecord(b, head)
	rec := make([]string, len(head))
	for i, rr := range p.r.Residents {
		res := p.a.Residents[i]
		clear(rec)
		copy(rec, []string{res.ID, p.gridName(rr.Zone), res.Group, weight(weightOf(res)), res.Building, csvCoord(res.Point.Lon()), csvCoord(res.Point.Lat()), string(rr.Status), rr.Reason})
		for c := range p.cats {
			col := 9 + residentCatCols*c
			switch {
			case c >= len(rr.Reach):
				// unroutable: nothing is known
			case len(rr.Reach[c]) == 0:
				rec[col] = minutes(p.budgetMinutesOf(res))
				rec[col+3] = "true"
			default:
				x := rr.Reach[c][0]
				rec[col] = minutes(x.Minutes)
				rec[col+1] = meters(x.Meters)
				rec[col+2] = p.a.Facilities[x.Facility].ID
				rec[col+3] = "false"
			}
		}
		writeRecord(b, rec)
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: residents.csv: %w", err)
	}
	return nil
}

// residentCatCols is the number of residents.csv columns per category.
const residentCatCols = 4

// budgetMinutesOf is the budget in minutes for resident r: the budget's
// minutes, or for a budget in metres the minutes it takes at r's speed
// (its group's profile, else the audit's).
func (p *prepared) budgetMinutesOf(r access.Resident) float64 {
	o := p.r.Options
	if o.Budget.Minutes > 0 {
		return o.Budget.Minutes
	}
	prof := o.Profile
	if gp, ok := o.GroupProfiles[r.Group]; ok {
		prof = gp
	}
	return prof.Minutes(p.r.Meters)
}

// WriteGridsCSV writes grids.csv: comment lines with the attribution and
// header, then one row per report row × category, with a last "complete"
// pseudo-category per row (every category within reach). The columns are
//
//	grid,category,points,people,covered_points,covered_people,share,median_min,median_beyond_budget,p90_min,p90_beyond_budget,uncovered_people,area_km2,people_per_km2
//
// Rows come in report order: the grids, "outside any grid", then "total",
// then one "group: NAME" row per resident group, so for every category the
// total row is the sum of the grid and outside rows. points counts the
// resident points (an estimated home is one point however many people it
// holds) and people their weight; covered_points and covered_people are
// those within reach; share is covered_people as a percent of people
// (empty for an empty row); uncovered_people is people − covered_people
// and includes unroutable residents. median_min and p90_min are the
// weighted percentiles of the minutes to the nearest facility. area_km2
// and people_per_km2 are the grid's area and density, empty for rows that
// are no grid or whose geometry is unknown.
//
// The file holds no "inf": a percentile beyond the budget, whose minutes
// the bounded search does not know, is an empty cell with
// <percentile>_beyond_budget "true"; a row without a routable resident has
// an empty cell with the flag "false"; otherwise the cell is a number and
// the flag "false".
func WriteGridsCSV(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	writeRecord(b, []string{"grid", "category", "points", "people", "covered_points", "covered_people", "share",
		"median_min", "median_beyond_budget", "p90_min", "p90_beyond_budget", "uncovered_people", "area_km2", "people_per_km2"})
	for _, row := range p.tableRows() {
		area, dens := "", ""
		if a, ok := p.areaOf(row); ok {
			d, _ := p.density(row)
			area, dens = trimmed(a, 4), trimmed(d, 1)
		}
		for c := 0; c <= len(p.cats); c++ {
			s, cat := statsOf(row, c), "complete"
			if c < len(p.cats) {
				cat = p.cats[c]
			}
			writeRecord(b, []string{row.Name, cat, strconv.Itoa(row.Residents), weight(row.Weight),
				strconv.Itoa(s.CoveredCount), weight(s.CoveredWeight), pct(s.Share()),
				csvMinutes(s.Median), beyondFlag(s.Median), csvMinutes(s.P90), beyondFlag(s.P90), weight(s.Weight - s.CoveredWeight), area, dens})
		}
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: grids.csv: %w", err)
	}
	return nil
}
