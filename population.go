package walkshed

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	orbgeo "github.com/paulmach/orb/geo"

	"github.com/walkshed/walkshed/data/grid"
	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing/access"
)

// PopulationInputs are the counts a planner brings and the groups people
// are split into. RunAudit applies them to the residents in this order:
// Cells, then Grids, then GroupShares; each step keeps a ledger in the
// report header, so that the people given always equal the people placed
// plus those listed as not placed. The zero value leaves the residents as
// they are.
type PopulationInputs struct {
	// Cells are people counted on H3 cells (ReadCellCounts), spread over
	// the residents in each cell by weight (population.SpreadCells).
	Cells *CellCountSet
	// Grids are people counted per grid (ReadGridCounts); the residents
	// are scaled so that every counted grid adds up to its count, and split
	// into the counts' groups (population.CalibrateGrids).
	Grids *GridCountSet
	// GroupShares split every resident's weight into groups
	// (population.SplitShares); not with group columns in Grids.
	GroupShares []population.GroupShare
	// Expect is the population the planner expects, 0 for none; the header
	// warns when the residents' total is off by more than ExpectTolerance.
	Expect float64
}

// ExpectTolerance is how far the residents' total may be from
// PopulationInputs.Expect before the header warns: 25 %.
const ExpectTolerance = 0.25

// MaxPlausibleDensity in people per km²: a grid denser than this gets a
// warning in the header. The densest city districts hold about 45,000–
// 60,000 people per km² (Manila, Dhaka, Mong Kok); more suggests an
// estimate that counts offices or tall towers as homes.
const MaxPlausibleDensity = 60000

// CellCountSet is a population file's counts on H3 cells and what the
// header says of them.
type CellCountSet struct {
	Counts  []table.CellCount
	Name    string
	Skipped []table.RowError
}

// GridCountSet is a grid population file's counts and what the header
// says of them.
type GridCountSet struct {
	Counts  table.GridCounts
	Name    string
	Skipped []table.RowError
}

// ReadCellCounts reads a population file (CSV h3,population or a
// GeoPackage such as Kontur's; see table.ReadCellCounts) as an audit input.
func ReadCellCounts(path string, opts table.Options) (*CellCountSet, error) {
	cs, bad, err := table.ReadCellCounts(path, opts)
	if err != nil {
		return nil, err
	}
	return &CellCountSet{Counts: cs, Name: displayName(path), Skipped: bad}, nil
}

// ReadGridCounts reads a grid population file (CSV
// grid,population[,GROUP...]; see table.ReadGridCounts) as an audit input.
func ReadGridCounts(path string, opts table.Options) (*GridCountSet, error) {
	gc, bad, err := table.ReadGridCounts(path, opts)
	if err != nil {
		return nil, err
	}
	return &GridCountSet{Counts: gc, Name: displayName(path), Skipped: bad}, nil
}

// streets is where counts without residents are placed.
func (c *City) streets(maxSnap float64) population.Streets {
	return population.Streets{Snapper: c.snapper, MaxSnap: maxSnap, Bound: c.graph.Bound()}
}

// maxLedger is how many unplaced counts the header lists one by one.
const maxLedger = 20

// fitCells applies the cell counts; it returns the residents and the
// header lines.
func (c *City) fitCells(l i18n.Language, cs *CellCountSet, residents []access.Resident, maxSnap float64) ([]access.Resident, []string, error) {
	sp, err := population.SpreadCells(residents, cs.Counts, c.streets(maxSnap))
	if err != nil {
		return nil, nil, err
	}
	res := map[int]int{}
	for _, cc := range cs.Counts {
		res[cc.Cell.Resolution()]++
	}
	tr := l.Sprintf
	line := tr("population: %s (%s H3 cells of resolution %s, %s people): %s spread over the residents of %s cells by weight, %s over %s street points of %s cells without residents",
		cs.Name, itoa(len(cs.Counts)), resolutions(l, res), people(sp.Input), people(sp.OnResidents), itoa(sp.ResidentCells), people(sp.OnStreets), itoa(sp.StreetPoints), itoa(sp.StreetCells))
	lines := []string{line + unplacedSummary(l, sp.Unplaced)}
	if sp.Dropped > 0 {
		lines = append(lines, tr("population: %s estimated homes (%s people) lie in no counted cell or in a cell counted 0 and are left out", itoa(sp.Dropped), people(sp.DroppedWeight)))
	}
	if sp.Kept > 0 {
		lines = append(lines, tr("warning: %s residents given (%s people) lie in no counted cell or in a cell counted 0 of %s and keep their own weights", itoa(sp.Kept), people(sp.KeptWeight), cs.Name))
	}
	lines = appendUnplaced(l, lines, cs.Name, sp.Unplaced)
	return sp.Residents, appendSkipped(lines, l, cs.Name, cs.Skipped), nil
}

// fitGrids applies the grid counts over zones.
func (c *City) fitGrids(l i18n.Language, gs *GridCountSet, residents []access.Resident, zones []access.Zone, maxSnap float64) ([]access.Resident, []string, error) {
	cal, err := population.CalibrateGrids(residents, zones, gs.Counts, gs.Name, c.streets(maxSnap))
	if err != nil {
		return nil, nil, err
	}
	tr := l.Sprintf
	groups := ""
	if len(gs.Counts.Groups) > 0 {
		groups = tr("; groups %s", strings.Join(gs.Counts.Groups, l.ListSeparator()))
	}
	line := tr("grid population: %s (%s grids, %s people%s): residents scaled to the count of %s grids (%s people), %s over %s street points of %s grids without residents",
		gs.Name, itoa(len(gs.Counts.Counts)), people(cal.Input), groups, itoa(cal.ResidentGrids), people(cal.OnResidents), people(cal.OnStreets), itoa(cal.StreetPoints), itoa(cal.StreetGrids))
	lines := []string{line + unplacedSummary(l, cal.Unplaced)}
	if cal.Uncounted > 0 {
		lines = append(lines, tr("warning: %s grids with residents (%s people) have no count in %s and keep their weights", itoa(cal.Uncounted), people(cal.UncountedWeight), gs.Name))
	}
	if cal.Dropped > 0 {
		lines = append(lines, tr("grid population: %s estimated homes (%s people) in grids counted 0 are left out", itoa(cal.Dropped), people(cal.DroppedWeight)))
	}
	if cal.Kept > 0 {
		lines = append(lines, tr("warning: %s residents given (%s people) in grids counted 0 keep their own weights", itoa(cal.Kept), people(cal.KeptWeight)))
	}
	lines = appendUnplaced(l, lines, gs.Name, cal.Unplaced)
	return cal.Residents, appendSkipped(lines, l, gs.Name, gs.Skipped), nil
}

// withNamedCells adds to the H3 zones the cells the grid counts name that
// hold no resident yet, so that their people can be put on their streets.
func withNamedCells(zones []access.Zone, gs *GridCountSet, res int) []access.Zone {
	have := map[string]bool{}
	for _, z := range zones {
		have[z.Name] = true
	}
	var cells []hex.Cell
	for _, z := range zones {
		if c, err := hex.ParseCell(z.Name); err == nil {
			cells = append(cells, c)
		}
	}
	added := false
	for _, gc := range gs.Counts.Counts {
		c, err := hex.ParseCell(gc.Name)
		if err != nil || c.Resolution() != res || have[c.String()] {
			continue
		}
		have[c.String()] = true
		cells = append(cells, c)
		added = true
	}
	if !added {
		return zones
	}
	sort.Slice(cells, func(i, j int) bool { return cells[i] < cells[j] })
	return grid.CellZones(cells)
}

// unplacedSummary is the end of a population line, in l: the people not
// placed.
func unplacedSummary(l i18n.Language, un []population.Unplaced) string {
	tr := l.Sprintf
	if len(un) == 0 {
		return tr("; every count placed")
	}
	total := 0.0
	for _, u := range un {
		total += u.People
	}
	return tr("; %s people of %s counts not placed (no resident and no street near; listed)", people(total), itoa(len(un)))
}

// appendUnplaced lists the unplaced counts in l, the first maxLedger one
// by one.
func appendUnplaced(l i18n.Language, dst []string, file string, un []population.Unplaced) []string {
	tr := l.Sprintf
	for i, u := range un {
		if i == maxLedger {
			rest := 0.0
			for _, v := range un[i:] {
				rest += v.People
			}
			return append(dst, tr("not placed: … %s more counts of %s with %s people", itoa(len(un)-i), file, people(rest)))
		}
		what, why := u.In(l)
		dst = append(dst, tr("not placed: %s:%s %s: %s people: %s", file, itoa(u.Line), what, people(u.People), why))
	}
	return dst
}

func itoa(n int) string { return strconv.Itoa(n) }

// resolutions renders the resolutions of a count file in l: "8" or "8, 9".
func resolutions(l i18n.Language, res map[int]int) string {
	var rs []int
	for r := range res {
		rs = append(rs, r)
	}
	sort.Ints(rs)
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = strconv.Itoa(r)
	}
	return strings.Join(parts, l.ListSeparator())
}

// people renders a number of people for the header: whole above 100, one
// decimal below.
func people(v float64) string {
	if math.Abs(v) >= 100 {
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// checkGroupProfiles fails when a group given a profile is no resident's
// group, naming the groups there are (names are case-sensitive).
func checkGroupProfiles(profiles map[string]bool, residents []access.Resident) error {
	return checkGroupsPresent("group profile for", profiles, residents)
}

// checkGroupsPresent fails when one of groups is no resident's group,
// naming the groups there are; what says what named the group.
func checkGroupsPresent(what string, profiles map[string]bool, residents []access.Resident) error {
	if len(profiles) == 0 {
		return nil
	}
	have := map[string]int{}
	for _, r := range residents {
		have[r.Group]++
	}
	var missing []string
	for g := range profiles {
		if have[g] == 0 {
			missing = append(missing, g)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	var present []string
	for g, n := range have {
		name := g
		if g == "" {
			name = "(no group)"
		}
		present = append(present, fmt.Sprintf("%s (%d)", name, n))
	}
	sort.Strings(present)
	msg := fmt.Sprintf("%s %q: no resident is in that group; groups present: %s", what, missing[0], strings.Join(present, ", "))
	for g := range have {
		if strings.EqualFold(g, missing[0]) {
			msg += fmt.Sprintf(" (group names are case-sensitive: %q is not %q)", g, missing[0])
		}
	}
	return fmt.Errorf("%s", msg)
}

// populationWarnings are the header's warnings about the people counted,
// in l: a total off the expected one, implausibly dense grids, overlapping
// grids.
func populationWarnings(l i18n.Language, expect float64, residents []access.Resident, zones []access.Zone, rows []access.Row, overlaps []grid.Overlap) []string {
	tr := l.Sprintf
	var out []string
	if expect > 0 {
		total := 0.0
		for _, r := range residents {
			total += r.Weight
		}
		if off := total/expect - 1; math.Abs(off) > ExpectTolerance {
			pct := strconv.FormatFloat(math.Abs(off)*100, 'f', 0, 64)
			msg := tr("warning: the residents hold %s people, %s%% more than the %s expected (--expect-population)", people(total), pct, people(expect))
			if off < 0 {
				msg = tr("warning: the residents hold %s people, %s%% fewer than the %s expected (--expect-population)", people(total), pct, people(expect))
			}
			out = append(out, msg)
		}
	}
	for _, row := range rows {
		if row.Zone < 0 || row.Zone >= len(zones) {
			continue
		}
		km2 := ZoneAreaKm2(zones[row.Zone])
		if km2 > 0 && row.Weight/km2 > MaxPlausibleDensity {
			out = append(out, tr("warning: grid %s holds %s people per km² (%s on %s km²), above a plausible %s: check the residents there",
				strconv.Quote(row.Name), people(row.Weight/km2), people(row.Weight), strconv.FormatFloat(km2, 'f', 3, 64), itoa(MaxPlausibleDensity)))
		}
	}
	for _, o := range overlaps {
		a, b := strconv.Quote(zones[o.A].Name), strconv.Quote(zones[o.B].Name)
		out = append(out, tr("warning: grids %s and %s overlap by %s m²; residents there are counted in %s, the first of the two in grid order", a, b, people(o.AreaM2), a))
	}
	return out
}

// ZoneAreaKm2 is a zone's area in km² on the sphere (orb/geo.Area).
func ZoneAreaKm2(z access.Zone) float64 {
	return math.Abs(orbgeo.Area(z.Geometry)) / 1e6
}
