// Package grid makes the zones an audit summarises over from the data
// walkshed already has: H3 cells around the residents (the default grid)
// and the administrative boundaries of an OSM file. Zones from a file are
// read by data/table.
package grid

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/geo/hex"
	"github.com/walkshed/walkshed/geo/spatial"
	"github.com/walkshed/walkshed/routing/access"
)

// DefaultH3Resolution is the resolution of the default grid: cells of
// about 0.7 km².
const DefaultH3Resolution = 8

// H3 returns, as zones, the H3 cells of the given resolution that hold at
// least one resident, sorted by cell; a zone's ID and name are the cell's
// index. It fails when a resident's point or the resolution is not valid,
// naming the resident.
func H3(residents []access.Resident, res int) ([]access.Zone, error) {
	seen := map[hex.Cell]bool{}
	var cells []hex.Cell
	for _, r := range residents {
		cell, err := hex.FromPoint(r.Point, res)
		if err != nil {
			return nil, fmt.Errorf("resident %q: %w", r.ID, err)
		}
		if !seen[cell] {
			seen[cell] = true
			cells = append(cells, cell)
		}
	}
	sort.Slice(cells, func(i, j int) bool { return cells[i] < cells[j] })
	return CellZones(cells), nil
}

// CellZones returns cells as zones, in the order given; a zone's ID and
// name are the cell's index.
func CellZones(cells []hex.Cell) []access.Zone {
	zones := make([]access.Zone, len(cells))
	for i, cell := range cells {
		zones[i] = access.Zone{ID: cell.String(), Name: cell.String(), Geometry: orb.MultiPolygon{orb.Polygon{cell.Boundary()}}}
	}
	return zones
}

// Admin returns the boundaries of the given admin_level as zones, in
// boundary order: the ID is the OSM element ("relation/123"), the name its
// name tag (the ID when it has none); zones own their geometry. It fails when there is none, naming
// the levels there are, and when a boundary is not a valid polygon. The
// errors do not name the OSM file; callers add it.
func Admin(boundaries []osmload.Boundary, level int) ([]access.Zone, error) {
	var zones []access.Zone
	levels := map[int]int{}
	for _, b := range boundaries {
		levels[b.AdminLevel]++
		if b.AdminLevel != level {
			continue
		}
		ref := b.Type + "/" + strconv.FormatInt(b.ID, 10)
		if err := spatial.ValidatePolygon(b.Geometry); err != nil {
			return nil, fmt.Errorf("boundary %s (%q, admin_level=%d): %w", ref, b.Name, level, err)
		}
		name := b.Name
		if name == "" {
			name = ref
		}
		zones = append(zones, access.Zone{ID: ref, Name: name, Geometry: b.Geometry.Clone()})
	}
	if len(zones) == 0 {
		var ls []int
		for l := range levels {
			ls = append(ls, l)
		}
		sort.Ints(ls)
		var have []string
		for _, l := range ls {
			have = append(have, fmt.Sprintf("%d (%d)", l, levels[l]))
		}
		msg := "none"
		if len(have) > 0 {
			msg = strings.Join(have, ", ")
		}
		return nil, fmt.Errorf("no complete boundary with admin_level=%d; complete boundaries by level: %s", level, msg)
	}
	return zones, nil
}
