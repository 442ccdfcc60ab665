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

// WriteResidentsCSV writes residents.csv: comment lines with the
// attribution and header (see the package documentation), then the columns
//
//	id,grid,group,lon,lat,status,reason
//
// followed, for each category in order, by <category>_minutes,
// <category>_meters and <category>_facility: the walk to the nearest
// facility of the category within the budget (minutes with one decimal,
// metres door to door with none, the facility's ID). The three cells are
// empty when no facility is within reach, and for unroutable residents.
// There is one row per input resident, in input order; grid is empty for
// residents outside every grid; reason is set for unroutable residents.
func WriteResidentsCSV(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	head := []string{"id", "grid", "group", "lon", "lat", "status", "reason"}
	for _, c := range p.cats {
		head = append(head, c+"_minutes", c+"_meters", c+"_facility")
	}
	writeRecord(b, head)
	rec := make([]string, len(head))
	for i, rr := range p.r.Residents {
		res := p.a.Residents[i]
		clear(rec)
		copy(rec, []string{res.ID, p.gridName(rr.Zone), res.Group, csvCoord(res.Point.Lon()), csvCoord(res.Point.Lat()), string(rr.Status), rr.Reason})
		for c := range p.cats {
			if c >= len(rr.Reach) || len(rr.Reach[c]) == 0 {
				continue
			}
			x := rr.Reach[c][0]
			rec[7+3*c] = minutes(x.Minutes)
			rec[8+3*c] = meters(x.Meters)
			rec[9+3*c] = p.a.Facilities[x.Facility].ID
		}
		writeRecord(b, rec)
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: residents.csv: %w", err)
	}
	return nil
}

// WriteGridsCSV writes grids.csv: comment lines with the attribution and
// header, then one row per report row × category, with a last "complete"
// pseudo-category per row (every category within reach). The columns are
//
//	grid,category,residents,weight,covered,covered_weight,share,median_min,p90_min,uncovered_weight
//
// Rows come in report order: the grids, "outside any grid", then "total",
// so for every category the total row is the sum of the others. covered is
// a count of residents and covered_weight their weight; share is
// covered_weight as a percent of weight (empty for an empty row);
// uncovered_weight is weight − covered_weight and includes unroutable
// residents. median_min and p90_min are the weighted percentiles of the
// minutes to the nearest facility: "inf" beyond the budget, empty without
// a routable resident.
func WriteGridsCSV(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	writeRecord(b, []string{"grid", "category", "residents", "weight", "covered", "covered_weight", "share", "median_min", "p90_min", "uncovered_weight"})
	for _, row := range p.tableRows() {
		for c := 0; c <= len(p.cats); c++ {
			s, cat := statsOf(row, c), "complete"
			if c < len(p.cats) {
				cat = p.cats[c]
			}
			writeRecord(b, []string{row.Name, cat, strconv.Itoa(row.Residents), weight(row.Weight),
				strconv.Itoa(s.CoveredCount), weight(s.CoveredWeight), pct(s.Share()),
				csvMinutes(s.Median), csvMinutes(s.P90), weight(s.Weight - s.CoveredWeight)})
		}
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: grids.csv: %w", err)
	}
	return nil
}
