package report

import (
	"html"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// The maps of the HTML report draw in metres: x east and y south of the
// north-west corner of the data, an equirectangular projection scaled by
// the cosine of the middle latitude (within 0.5 % over 100 km at
// mid-latitudes). One SVG user unit is one metre, so the scale bar is a
// plain division and coordinates print as whole numbers.
const earthRadiusM = 6371008.8

// mproj projects lon/lat to the maps' metre plane.
type mproj struct {
	lon0, lat0 float64 // the north-west corner
	kx, ky     float64 // metres per degree
	w, h       float64 // the extent in metres
}

// newMProj frames bound with a margin of 4 % (at least 40 m).
func newMProj(b orb.Bound) mproj {
	mid := (b.Min[1] + b.Max[1]) / 2 * math.Pi / 180
	ky := earthRadiusM * math.Pi / 180
	kx := ky * math.Max(math.Cos(mid), 0.01)
	dx, dy := (b.Max[0]-b.Min[0])*kx, (b.Max[1]-b.Min[1])*ky
	pad := math.Max(40, 0.04*math.Max(dx, dy))
	return mproj{lon0: b.Min[0] - pad/kx, lat0: b.Max[1] + pad/ky, kx: kx, ky: ky,
		w: math.Ceil(dx + 2*pad), h: math.Ceil(dy + 2*pad)}
}

func (m mproj) xy(p orb.Point) (x, y float64) {
	return (p.Lon() - m.lon0) * m.kx, (m.lat0 - p.Lat()) * m.ky
}

// Nominal on-screen sizes, in CSS pixels, of the overview and the category
// maps in a 1280-pixel-wide window (the page's two layouts), for which the
// maps' size-dependent styles (labels, symbols, the scale bar) are set
// before the script measures the real ones: when they match, the page's
// first paint needs no second pass.
const (
	overviewWidthPx = 900.0
	categoryWidthPx = 610.0
	mapMaxHeightPx  = 720.0 // 80 % of a 900-pixel-high window
)

// unitsPerPx is the metres per CSS pixel of the whole extent drawn in a
// box widthPx wide and at most mapMaxHeightPx high.
func (m mproj) unitsPerPx(widthPx float64) float64 {
	return math.Max(m.w/widthPx, m.h/mapMaxHeightPx)
}

// svgPath writes SVG path data in whole metres with relative moves, the
// shortest common form. n counts subpaths (features).
type svgPath struct {
	b     strings.Builder
	x, y  int64
	n     int
	lineN int // points written since the last move
}

func (s *svgPath) num(v int64, first bool) {
	if !first && v >= 0 {
		s.b.WriteByte(' ')
	}
	s.b.WriteString(strconv.FormatInt(v, 10))
}

func (s *svgPath) move(x, y float64) {
	xi, yi := int64(math.Round(x)), int64(math.Round(y))
	s.b.WriteByte('M')
	s.num(xi, true)
	s.num(yi, false)
	s.x, s.y, s.n, s.lineN = xi, yi, s.n+1, 0
}

// line adds a segment to (x, y) unless it rounds to the current point.
func (s *svgPath) line(x, y float64) {
	xi, yi := int64(math.Round(x)), int64(math.Round(y))
	if xi == s.x && yi == s.y {
		return
	}
	if s.lineN == 0 {
		s.b.WriteByte('l')
		s.num(xi-s.x, true)
	} else {
		s.num(xi-s.x, false)
	}
	s.num(yi-s.y, false)
	s.x, s.y = xi, yi
	s.lineN++
}

func (s *svgPath) close() { s.b.WriteByte('z') }

// ring adds a closed ring.
func (s *svgPath) ring(pr mproj, r orb.Ring) {
	n := len(r)
	if n > 1 && r[0] == r[n-1] {
		n--
	}
	started := false
	for _, pt := range r[:n] {
		if !usable(pt) {
			continue
		}
		x, y := pr.xy(pt)
		if started {
			s.line(x, y)
		} else {
			s.move(x, y)
			started = true
		}
	}
	if started {
		s.close()
	}
}

// usable reports whether a point can be drawn.
func usable(pt orb.Point) bool {
	x, y := pt.Lon(), pt.Lat()
	return !math.IsNaN(x) && !math.IsNaN(y) && x >= -180 && x <= 180 && y >= -90 && y <= 90
}

// streetsPath draws the network's edges inside the frame as one path,
// each edge thinned: a vertex closer than tol metres to the last one kept
// is dropped (the ends always stay). tol grows with the extent, 1 m per
// 8 km of diagonal and at least 1 m (a pixel is some 200 m of Delaware on
// screen), so a small country's streets stay within a few megabytes.
func streetsPath(pr mproj, g *routing.Graph) (d string, edges int) {
	if g == nil {
		return "", 0
	}
	tol := math.Max(1, math.Hypot(pr.w, pr.h)/8000)
	var s svgPath
	var ls orb.LineString
	xs := make([]float64, 0, 64)
	ys := make([]float64, 0, 64)
	for e := range g.NumEdges() {
		ls = g.AppendGeometry(ls[:0], routing.EdgeID(e))
		xs, ys = xs[:0], ys[:0]
		minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, pt := range ls {
			x, y := pr.xy(pt)
			xs, ys = append(xs, x), append(ys, y)
			minX, maxX, minY, maxY = math.Min(minX, x), math.Max(maxX, x), math.Min(minY, y), math.Max(maxY, y)
		}
		if len(xs) < 2 || maxX < 0 || maxY < 0 || minX > pr.w || minY > pr.h {
			continue
		}
		s.move(xs[0], ys[0])
		lx, ly := xs[0], ys[0]
		last := len(xs) - 1
		for i := 1; i < last; i++ {
			if math.Hypot(xs[i]-lx, ys[i]-ly) >= tol {
				s.line(xs[i], ys[i])
				lx, ly = xs[i], ys[i]
			}
		}
		s.line(xs[last], ys[last])
		edges++
	}
	return s.b.String(), edges
}

// labelPoint is where a zone's name goes: the area centroid of its largest
// polygon, or the middle of its bound when that centroid falls outside
// (a crescent-shaped zone). width is the largest polygon's width in metres.
func labelPoint(pr mproj, mp orb.MultiPolygon) (x, y, width float64, ok bool) {
	best, bestArea := -1, 0.0
	for i, pg := range mp {
		if len(pg) == 0 {
			continue
		}
		if a := math.Abs(planar.Area(pg)); best < 0 || a > bestArea {
			best, bestArea = i, a
		}
	}
	if best < 0 {
		return 0, 0, 0, false
	}
	pg := mp[best]
	c, _ := planar.CentroidArea(pg)
	b := pg.Bound()
	if !usable(c) || !planar.PolygonContains(pg, c) {
		c = b.Center()
	}
	if !usable(c) {
		return 0, 0, 0, false
	}
	x, y = pr.xy(c)
	x0, _ := pr.xy(b.Min)
	x1, _ := pr.xy(b.Max)
	return x, y, x1 - x0, true
}

// esc escapes text for HTML and SVG content and attributes.
func esc(s string) string { return html.EscapeString(oneLine(s)) }

// mnum formats a coordinate in metres for SVG attributes.
func mnum(v float64) string { return strconv.FormatFloat(math.Round(v), 'f', 0, 64) }

// minuteClass is one class of the per-category maps.
type minuteClass struct {
	key, color, label string
}

// Per-category map colours: a green–yellow sequence for thirds of the
// budget, red beyond it, grey for cells whose residents are all unroutable
// and a light hatch for a category without any facility.
const (
	colorBeyond     = "#d73027"
	colorUnroutable = "#8c8c8c"
	colorNoFacility = "#cfcfcf"
)

var minuteColors = [3]string{"#1a9850", "#91cf60", "#fee08b"}

// cellValue is the walk of one cell's median resident (by weight), +Inf
// beyond the budget, NaN when the cell holds only unroutable residents.
type cellValue struct {
	cell  hex.Cell
	value float64
}

// maxMapCells bounds the cells of one category map: the resolution is made
// coarser (from the gap cells' one) until the residents fall in at most
// this many cells, which keeps a region's report a file a browser opens
// in seconds.
const maxMapCells = 12000

// mapCells groups the residents into H3 cells for the category maps and
// returns the resolution used and, per resident, its cell index (-1 when
// the resident has no usable point).
func (p *prepared) mapCells() (res int, cells []hex.Cell, of []int) {
	pts := make([]orb.Point, 0, len(p.a.Residents))
	idx := make([]int, 0, len(p.a.Residents))
	for i, r := range p.a.Residents {
		if usable(r.Point) {
			pts = append(pts, r.Point)
			idx = append(idx, i)
		}
	}
	res = p.gapResolution()
	var cs []hex.Cell
	for ; ; res-- {
		cs = cs[:0]
		for _, pt := range pts {
			c, err := hex.FromPoint(pt, res)
			if err != nil {
				return res, nil, nil
			}
			cs = append(cs, c)
		}
		cells = hex.Unique(slices.Clone(cs))
		if len(cells) <= maxMapCells || res <= 5 {
			break
		}
	}
	of = make([]int, len(p.a.Residents))
	for i := range of {
		of[i] = -1
	}
	for k, c := range cs {
		j, _ := slices.BinarySearch(cells, c)
		of[idx[k]] = j
	}
	return res, cells, of
}

// cellValues computes, for category c, each cell's median walk.
func (p *prepared) cellValues(c int, cells []hex.Cell, of []int) []cellValue {
	type entry struct{ minutes, weight float64 }
	per := make([][]entry, len(cells))
	for i, rr := range p.r.Residents {
		j := of[i]
		if j < 0 || rr.Status == access.Unroutable || c >= len(rr.Reach) {
			if j >= 0 {
				per[j] = append(per[j], entry{math.NaN(), 0})
			}
			continue
		}
		m := math.Inf(1)
		if len(rr.Reach[c]) > 0 {
			m = rr.Reach[c][0].Minutes
		}
		per[j] = append(per[j], entry{m, weightOf(p.a.Residents[i])})
	}
	out := make([]cellValue, len(cells))
	for j, es := range per {
		out[j] = cellValue{cell: cells[j], value: math.NaN()}
		es = slices.DeleteFunc(es, func(e entry) bool { return math.IsNaN(e.minutes) })
		if len(es) == 0 {
			continue
		}
		slices.SortStableFunc(es, func(a, b entry) int {
			switch {
			case a.minutes < b.minutes:
				return -1
			case a.minutes > b.minutes:
				return 1
			}
			return 0
		})
		total := 0.0
		for _, e := range es {
			total += e.weight
		}
		acc := 0.0
		for _, e := range es {
			acc += e.weight
			if acc >= total/2 {
				out[j].value = e.minutes
				break
			}
		}
	}
	return out
}

// minuteClassOf returns the class index of a cell value: 0..2 for thirds
// of the budget, 3 beyond, 4 unroutable only.
func (p *prepared) minuteClassOf(v float64) int {
	switch {
	case math.IsNaN(v):
		return 4
	case v > p.budgetMin:
		return 3
	}
	for k := range 3 {
		if v <= p.budgetMin*float64(k+1)/3 {
			return k
		}
	}
	return 2
}

// completeOfServed is the share of residents (by weight) who reach every
// category in served within the budget, per zone (indexes 0..nz-1), then
// outside every zone (nz) and in total (nz+1); unroutable residents count
// as not covered, as in access.Row.Complete. NaN for an empty row.
func (p *prepared) completeOfServed(served []bool, nz int) []float64 {
	tot, cov := make([]float64, nz+2), make([]float64, nz+2)
	for i, rr := range p.r.Residents {
		z := rr.Zone
		if z < 0 || z >= nz {
			z = nz
		}
		w := weightOf(p.a.Residents[i])
		tot[z] += w
		tot[nz+1] += w
		if rr.Status == access.Unroutable {
			continue
		}
		ok := true
		for c, s := range served {
			if s && (c >= len(rr.Reach) || len(rr.Reach[c]) == 0) {
				ok = false
				break
			}
		}
		if ok {
			cov[z] += w
			cov[nz+1] += w
		}
	}
	out := make([]float64, nz+2)
	for z := range out {
		out[z] = math.NaN()
		if tot[z] > 0 {
			out[z] = cov[z] / tot[z]
		}
	}
	return out
}

// minutesLabel renders a budget as "15-minute".
func minutesLabel(m float64) string {
	return trimmed(m, 1) + "-minute"
}
