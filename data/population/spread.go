package population

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/geo/spatial"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// Streets places people where a counted area has no resident: at sample
// points of the area within MaxSnap metres of the walking network, so that
// every one of them can be audited. The zero value places nothing.
type Streets struct {
	// Snapper answers whether a street (not an island) is near; the audit
	// then snaps the same points with it.
	Snapper *routing.Snapper
	// MaxSnap in metres; 0 means routing.DefaultMaxSnap.
	MaxSnap float64
	// Bound is the network's bounding box; areas farther than MaxSnap
	// from it are not sampled. The zero Bound skips that shortcut.
	Bound orb.Bound
}

func (s Streets) maxSnap() float64 {
	if s.MaxSnap > 0 {
		return s.MaxSnap
	}
	return routing.DefaultMaxSnap
}

// near reports whether p is within MaxSnap of a street.
func (s Streets) near(p orb.Point) bool { return s.within(p, s.maxSnap()) }

// within reports whether a street lies within dist metres of p.
func (s Streets) within(p orb.Point, dist float64) bool {
	return s.Snapper != nil && s.Snapper.Within(p, geo.Meters(dist), 0)
}

// far reports whether a disc of radius r metres around p lies farther than
// MaxSnap from the network's bounding box.
func (s Streets) far(p orb.Point, r float64) bool {
	if s.Bound == (orb.Bound{}) {
		return false
	}
	q := orb.Point{min(max(p[0], s.Bound.Min[0]), s.Bound.Max[0]), min(max(p[1], s.Bound.Min[1]), s.Bound.Max[1])}
	return geo.Distance(p, q) > r+s.maxSnap()
}

// place puts people on the samples that are near a street, one resident
// each with an equal share, IDs prefix/1, prefix/2, ...; ok is false when
// no sample is near a street.
func (s Streets) place(dst []access.Resident, samples []orb.Point, people float64, prefix string) ([]access.Resident, int, bool) {
	var near []orb.Point
	for _, p := range samples {
		if s.near(p) {
			near = append(near, p)
		}
	}
	if len(near) == 0 {
		return dst, 0, false
	}
	w := people / float64(len(near))
	for k, p := range near {
		dst = append(dst, access.Resident{ID: prefix + "/" + strconv.Itoa(k+1), Point: p, Weight: w, Estimated: true})
	}
	return dst, len(near), true
}

// Unplaced is a count whose people could not be placed: no resident and no
// street near the area.
type Unplaced struct {
	// What names the area: "cell 883969a403fffff", `grid "Larvotto"`.
	What string
	// Line is the count's line (or GeoPackage row) in its file.
	Line   int
	People float64
	// Reason says why, in English.
	Reason string
	// Cell is the H3 cell of a cell count, Grid the name of a grid count;
	// MaxSnap is the distance within which there was no street. In says
	// What and Reason in another language from them.
	Cell    hex.Cell
	Grid    string
	MaxSnap float64
}

// In returns What and Reason in l.
func (u Unplaced) In(l i18n.Language) (what, reason string) {
	if l != i18n.Chinese {
		return u.What, u.Reason
	}
	tr := l.Sprintf
	what = tr("cell %s", u.Cell.String())
	if u.Grid != "" || u.Cell == 0 {
		what = tr("grid %s", strconv.Quote(u.Grid))
	}
	return what, tr("no resident and no street within %s m", num(u.MaxSnap))
}

// CellSpread is the result of SpreadCells.
type CellSpread struct {
	// Residents are the residents with their new weights, in input order,
	// followed by the street points of cells without residents.
	Residents []access.Resident
	// Unplaced are the cells none of whose people could be placed, in
	// file order.
	Unplaced []Unplaced
	// Input is the people of every count; OnResidents those spread over
	// residents (in ResidentCells cells), OnStreets those put on
	// StreetPoints street points (in StreetCells cells). Input =
	// OnResidents + OnStreets + the people of Unplaced.
	Input, OnResidents, OnStreets            float64
	ResidentCells, StreetCells, StreetPoints int
	// Dropped counts estimated residents in no counted cell, or in a cell
	// counted 0, and the people they held: the file says no one lives
	// there. Kept counts given residents there, who keep their weights.
	Dropped, Kept             int
	DroppedWeight, KeptWeight float64
}

// SpreadCells distributes counts of people on H3 cells over residents:
// each cell's people are shared among the residents inside it in
// proportion to their weights — for estimated residents, their homes'
// floor area (dasymetric mapping). A cell without residents puts its
// people on its streets: on the centres of its children of the coarsest
// resolution whose edge is at most 0.8 × MaxSnap (any point of the cell is
// then within MaxSnap of one of them), those near a street, in equal
// shares; the cell itself when its own edge is short enough. A cell with
// no street near is Unplaced, with its people.
//
// Residents in no counted cell or in a cell counted 0 keep their weights
// when they were given, and are dropped when they were estimated (a
// population file leaves out the cells where no one lives).
func SpreadCells(residents []access.Resident, counts []table.CellCount, streets Streets) (CellSpread, error) {
	var out CellSpread
	if len(counts) == 0 {
		out.Residents = slices.Clone(residents)
		return out, nil
	}
	index := make(map[hex.Cell]int, len(counts))
	var resMask uint16
	finest := 0
	for i, c := range counts {
		index[c.Cell] = i
		resMask |= 1 << c.Cell.Resolution()
		finest = max(finest, c.Cell.Resolution())
		out.Input += c.People
	}
	// A point's cell of each resolution, found directly: H3 cells do not
	// nest exactly, so a parent is not the coarser cell around the point.
	var covers []*hex.Coverer
	for res := finest; res >= table.MinCountResolution; res-- {
		if resMask&(1<<res) == 0 {
			continue
		}
		cv, err := hex.NewCoverer(res)
		if err != nil {
			return out, err
		}
		covers = append(covers, cv)
	}
	cellOf := make([]int, len(residents)) // count index, -1 when none
	sum := make([]float64, len(counts))
	for i, r := range residents {
		cellOf[i] = -1
		for _, cv := range covers {
			c, err := cv.Cell(r.Point)
			if err != nil {
				return out, fmt.Errorf("population: resident %q: %w", r.ID, err)
			}
			if k, ok := index[c]; ok {
				cellOf[i] = k
				sum[k] += r.Weight
				break
			}
		}
	}
	out.Residents = make([]access.Resident, 0, len(residents))
	for i, r := range residents {
		k := cellOf[i]
		if k < 0 || counts[k].People == 0 {
			if r.Estimated {
				out.Dropped++
				out.DroppedWeight += r.Weight
				continue
			}
			out.Kept++
			out.KeptWeight += r.Weight
			out.Residents = append(out.Residents, r)
			continue
		}
		r.Weight *= counts[k].People / sum[k]
		out.OnResidents += r.Weight
		out.Residents = append(out.Residents, r)
	}
	maxSnap := streets.maxSnap()
	var kids []hex.Cell
	var samples []orb.Point
	for k, c := range counts {
		if c.People == 0 {
			continue
		}
		if sum[k] > 0 {
			out.ResidentCells++
			continue
		}
		unplaced := Unplaced{What: "cell " + c.Cell.String(), Line: c.Line, People: c.People,
			Reason: fmt.Sprintf("no resident and no street within %s m", num(maxSnap)), Cell: c.Cell, MaxSnap: maxSnap}
		edge, err := hex.EdgeLengthM(c.Cell.Resolution())
		if err != nil {
			return out, err
		}
		// No street within MaxSnap of the cell: none within its
		// circumradius (about the edge) plus MaxSnap of its centre.
		if centre := c.Cell.Center(); streets.far(centre, 1.2*edge) || !streets.within(centre, 1.2*edge+maxSnap) {
			out.Unplaced = append(out.Unplaced, unplaced)
			continue
		}
		res := c.Cell.Resolution()
		for res < hex.MaxResolution && edge > 0.8*maxSnap {
			res++
			if edge, err = hex.EdgeLengthM(res); err != nil {
				return out, err
			}
		}
		kids, err = c.Cell.AppendChildren(kids[:0], res)
		if err != nil {
			return out, err
		}
		samples = samples[:0]
		for _, kid := range kids {
			samples = append(samples, kid.Center())
		}
		var n int
		var ok bool
		out.Residents, n, ok = streets.place(out.Residents, samples, c.People, "cell/"+c.Cell.String())
		if !ok {
			out.Unplaced = append(out.Unplaced, unplaced)
			continue
		}
		out.StreetCells++
		out.StreetPoints += n
		out.OnStreets += c.People
	}
	return out, nil
}

// GridCalibration is the result of CalibrateGrids.
type GridCalibration struct {
	// Residents are the residents with their new weights (split into
	// groups when the counts have groups), in input order, followed by
	// the street points of grids without residents.
	Residents []access.Resident
	// Unplaced are the grids none of whose people could be placed, in
	// file order.
	Unplaced []Unplaced
	// Input is the people of every count; OnResidents those of the
	// ResidentGrids grids scaled onto their residents, OnStreets those put
	// on StreetPoints street points (StreetGrids grids). Input =
	// OnResidents + OnStreets + the people of Unplaced.
	Input, OnResidents, OnStreets            float64
	ResidentGrids, StreetGrids, StreetPoints int
	// Uncounted are the grids with residents but no count, whose
	// residents (UncountedWeight people) keep their weights; Outside the
	// people outside every grid, who keep theirs too.
	Uncounted                      int
	UncountedWeight, OutsideWeight float64
	// Dropped and Kept are as CellSpread's, for grids counted 0.
	Dropped, Kept             int
	DroppedWeight, KeptWeight float64
}

// maxGridSamples bounds the sample points of one grid without residents.
const maxGridSamples = 10000

// CalibrateGrids scales residents so that the people of each grid add up
// exactly to its count: a grid's residents (located as the audit does, in
// the first zone containing them) are multiplied by count ÷ their weight.
// Names are matched exactly (case matters); a count whose name is no
// zone's is an error naming it and its line. A grid without residents puts
// its people on its streets: on the points of a square lattice of MaxSnap
// spacing inside it (and its interior point), those near a street, in
// equal shares; with no street near, it is Unplaced. Grids without a count
// and residents outside every grid keep their weights.
//
// When the counts have groups, each resident of a counted grid is split
// into one resident per group (ID "ID#group", weight × group ÷ count) and
// the rest keeps its ID without a group; residents must then carry no
// group yet.
func CalibrateGrids(residents []access.Resident, zones []access.Zone, counts table.GridCounts, file string, streets Streets) (GridCalibration, error) {
	var out GridCalibration
	byName := make(map[string]int, len(zones))
	for i, z := range zones {
		byName[z.Name] = i
	}
	countOf := make([]int, len(zones)) // count index per zone, -1 when none
	for i := range countOf {
		countOf[i] = -1
	}
	for k, gc := range counts.Counts {
		z, ok := byName[gc.Name]
		if !ok {
			return out, fmt.Errorf("%s:%d: grid %q matches no grid (%s)", file, gc.Line, gc.Name, zoneNames(zones))
		}
		countOf[z] = k
		out.Input += gc.People
	}
	if len(counts.Groups) > 0 {
		for _, r := range residents {
			if r.Group != "" {
				return out, fmt.Errorf("%s: its group columns (%v) split residents without a group, but resident %q is already in group %q", file, counts.Groups, r.ID, r.Group)
			}
		}
	}
	geoms := make([]orb.MultiPolygon, len(zones))
	for i, z := range zones {
		geoms[i] = z.Geometry
	}
	zoneOf := make([]int, len(residents))
	sum := make([]float64, len(zones))
	var zi *spatial.ZoneIndex
	if len(zones) > 0 {
		var err error
		if zi, err = spatial.NewZoneIndex(geoms); err != nil {
			return out, fmt.Errorf("population: grids: %w", err)
		}
	}
	for i, r := range residents {
		zoneOf[i] = -1
		if zi != nil {
			if z, ok := zi.Locate(r.Point); ok {
				zoneOf[i] = z
				sum[z] += r.Weight
			}
		}
	}
	for z := range zones {
		if countOf[z] < 0 && sum[z] > 0 {
			out.Uncounted++
			out.UncountedWeight += sum[z]
		}
	}
	out.Residents = make([]access.Resident, 0, len(residents))
	for i, r := range residents {
		z := zoneOf[i]
		switch {
		case z < 0:
			out.OutsideWeight += r.Weight
			out.Residents = append(out.Residents, r)
			continue
		case countOf[z] < 0:
			out.Residents = append(out.Residents, r)
			continue
		}
		gc := counts.Counts[countOf[z]]
		if gc.People == 0 {
			if r.Estimated {
				out.Dropped++
				out.DroppedWeight += r.Weight
				continue
			}
			out.Kept++
			out.KeptWeight += r.Weight
			out.Residents = append(out.Residents, r)
			continue
		}
		r.Weight *= gc.People / sum[z]
		out.OnResidents += r.Weight
		out.Residents = appendSplit(out.Residents, r, counts.Groups, gc)
	}
	maxSnap := streets.maxSnap()
	for z, k := range countOf {
		if k < 0 || counts.Counts[k].People == 0 {
			continue
		}
		gc := counts.Counts[k]
		if sum[z] > 0 {
			out.ResidentGrids++
			continue
		}
		unplaced := Unplaced{What: fmt.Sprintf("grid %q", gc.Name), Line: gc.Line, People: gc.People,
			Reason: fmt.Sprintf("no resident and no street within %s m", num(maxSnap)), Grid: gc.Name, MaxSnap: maxSnap}
		samples := gridSamples(zones[z].Geometry, maxSnap)
		start := len(out.Residents)
		var n int
		var ok bool
		out.Residents, n, ok = streets.place(out.Residents, samples, gc.People, "grid/"+gc.Name)
		if !ok {
			out.Unplaced = append(out.Unplaced, unplaced)
			continue
		}
		if len(counts.Groups) > 0 {
			placed := slices.Clone(out.Residents[start:])
			out.Residents = out.Residents[:start]
			for _, r := range placed {
				out.Residents = appendSplit(out.Residents, r, counts.Groups, gc)
			}
		}
		out.StreetGrids++
		out.StreetPoints += n
		out.OnStreets += gc.People
	}
	return out, nil
}

// appendSplit appends r split into the groups of gc (shares group ÷
// people), the rest keeping r's ID without a group; parts of no weight are
// left out.
func appendSplit(dst []access.Resident, r access.Resident, groups []string, gc table.GridCount) []access.Resident {
	if len(groups) == 0 || gc.People == 0 {
		return append(dst, r)
	}
	rest := 1.0
	for k, g := range groups {
		share := gc.Groups[k] / gc.People
		if share <= 0 {
			continue
		}
		rest -= share
		part := r
		part.ID, part.Group, part.Weight = r.ID+"#"+g, g, r.Weight*share
		dst = append(dst, part)
	}
	if rest > 1e-12 {
		r.Weight *= rest
		dst = append(dst, r)
	}
	return dst
}

// gridSamples returns the points of a square lattice of spacing s metres
// inside mp, its bounding box's centre when inside, and the first vertex of
// its first ring; the spacing widens when the lattice would have more than
// maxGridSamples points.
func gridSamples(mp orb.MultiPolygon, s float64) []orb.Point {
	if len(mp) == 0 || len(mp[0]) == 0 || len(mp[0][0]) == 0 {
		return nil
	}
	b := mp.Bound()
	pr := geo.NewProjection(b.Center())
	x0, y0 := pr.Forward(b.Min)
	x1, y1 := pr.Forward(b.Max)
	w, h := math.Abs(x1-x0), math.Abs(y1-y0)
	if n := (w/s + 1) * (h/s + 1); n > maxGridSamples {
		s *= math.Sqrt(n / maxGridSamples)
	}
	out := []orb.Point{mp[0][0][0]}
	zi, err := spatial.NewZoneIndex([]orb.MultiPolygon{mp})
	if err != nil {
		return out
	}
	if _, in := zi.Locate(b.Center()); in {
		out = append(out, b.Center())
	}
	for y := min(y0, y1) + s/2; y < max(y0, y1); y += s {
		for x := min(x0, x1) + s/2; x < max(x0, x1); x += s {
			p := pr.Inverse(x, y)
			if _, in := zi.Locate(p); in {
				out = append(out, p)
			}
		}
	}
	return out
}

// zoneNames lists up to ten zone names for an error message.
func zoneNames(zones []access.Zone) string {
	if len(zones) == 0 {
		return "there are no grids"
	}
	var names []string
	for i, z := range zones {
		if i == 10 {
			names = append(names, fmt.Sprintf("… %d more", len(zones)-10))
			break
		}
		names = append(names, strconv.Quote(z.Name))
	}
	return "grids are " + fmt.Sprint(names)
}

// GroupShare is the share of every resident's people in a group, for
// SplitShares.
type GroupShare struct {
	Group string
	Share float64
}

// SplitShares splits every resident into one resident per group (ID
// "ID#group", weight × share) and the rest, which keeps its ID without a
// group; parts of no weight are left out. Shares are in [0, 1] and add up
// to at most 1; group names are unique and not empty; residents must carry
// no group yet. The weights of each resident's parts add up to its weight.
func SplitShares(residents []access.Resident, shares []GroupShare) ([]access.Resident, error) {
	if err := CheckShares(shares); err != nil {
		return nil, err
	}
	if len(shares) == 0 {
		return residents, nil
	}
	groups := make([]string, len(shares))
	gc := table.GridCount{People: 1, Groups: make([]float64, len(shares))}
	for i, s := range shares {
		groups[i], gc.Groups[i] = s.Group, s.Share
	}
	out := make([]access.Resident, 0, len(residents)*(len(shares)+1))
	for _, r := range residents {
		if r.Group != "" {
			return nil, fmt.Errorf("group shares split residents without a group, but resident %q is already in group %q", r.ID, r.Group)
		}
		out = appendSplit(out, r, groups, gc)
	}
	return out, nil
}

// CheckShares checks group shares: names unique and not empty, shares in
// [0, 1] adding up to at most 1.
func CheckShares(shares []GroupShare) error {
	total := 0.0
	seen := map[string]bool{}
	for _, s := range shares {
		if s.Group == "" {
			return fmt.Errorf("group share %v has no group name", s.Share)
		}
		if seen[s.Group] {
			return fmt.Errorf("group %q given twice", s.Group)
		}
		seen[s.Group] = true
		if !(s.Share >= 0 && s.Share <= 1) {
			return fmt.Errorf("group %q: share %v is not between 0 and 1", s.Group, s.Share)
		}
		total += s.Share
	}
	if total > 1+1e-9 {
		return fmt.Errorf("group shares add up to %v, over 1", total)
	}
	return nil
}
