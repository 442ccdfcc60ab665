package walkshed

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// CardsRequest asks for residents' cards: for each resident or address,
// the nearest facilities of every category within the budget.
type CardsRequest struct {
	// Taxonomy checks the categories; nil means taxonomy.Default().
	Taxonomy *taxonomy.Taxonomy
	// Facilities are the services, from one or more sources.
	Facilities []FacilitySet
	// Scenario, when set, adds and removes services first.
	Scenario *Scenario
	// Residents are the residents or addresses, one card each.
	Residents ResidentSet
	// Categories on the cards; nil means every category of the taxonomy.
	Categories []string
	// K is how many facilities per category; 0 means 1.
	K int
	// Budget and Profile of the walks. Required.
	Budget  geo.Budget
	Profile routing.Profile
	// MaxSnap is the maximum snapping distance in metres; 0 means
	// routing.DefaultMaxSnap.
	MaxSnap float64
}

// Cards returns one card per resident: per category the K nearest
// facilities within the budget, with the facility's OSM address
// (addr:* tags) and opening hours where tagged, and the walking minutes
// and metres. The walks are those of Services.NearestEach, so a card says
// what 'walkshed nearest' says at the same point. A resident that cannot
// be placed on the network gets a card saying why. The cards' Lang (set
// by the caller) chooses the language of report.WriteCardsHTML.
func (c *City) Cards(ctx context.Context, req CardsRequest) (*report.Cards, error) {
	if req.Taxonomy == nil {
		req.Taxonomy = taxonomy.Default()
	}
	cats := req.Categories
	if len(cats) == 0 {
		cats = req.Taxonomy.Names()
	}
	for _, cat := range cats {
		if err := req.Taxonomy.Validate(cat); err != nil {
			return nil, &InputError{"Options", err}
		}
	}
	k := max(req.K, 1)
	if err := req.Budget.Validate(); err != nil {
		return nil, &InputError{"Options", err}
	}
	var facilities []access.Facility
	for _, fs := range req.Facilities {
		facilities = append(facilities, fs.Facilities...)
	}
	facilities, scenarioLine, err := req.Scenario.apply(i18n.English, facilities) // the cards state it in English: their language is chosen later
	if err != nil {
		return nil, &InputError{"Scenario", err}
	}
	residents := req.Residents.Residents
	if len(residents) == 0 {
		return nil, &InputError{"Residents", errors.New("walkshed: no residents given")}
	}
	if err := access.CheckResidents(residents); err != nil {
		return nil, &InputError{"Residents", err}
	}
	svc, err := c.Services(facilities, req.Profile, geo.Meters(req.MaxSnap))
	if err != nil {
		return nil, &InputError{"Options", err}
	}
	details := c.osmDetails(facilities)
	streets := newStreetGrid(c.graph)
	out := &report.Cards{Categories: cats, K: k, Cards: make([]report.Card, len(residents))}
	var wg sync.WaitGroup
	next := make(chan int)
	var mu sync.Mutex
	var firstErr error
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				card := report.Card{Resident: residents[i]}
				found, err := svc.NearestEach(residents[i].Point, req.Budget, k, cats)
				switch {
				case errors.Is(err, routing.ErrUnroutable):
					card.Unroutable = err.Error()
					errors.As(err, &card.Why)
				case err != nil:
					mu.Lock()
					firstErr = cmpErr(firstErr, fmt.Errorf("resident %q: %w", residents[i].ID, err))
					mu.Unlock()
				default:
					card.Nearest = make([][]report.CardEntry, len(cats))
					for ci, fs := range found {
						for _, f := range fs {
							d := details[f.Facility.Ref]
							card.Nearest[ci] = append(card.Nearest[ci], report.CardEntry{Facility: f.Facility, Address: d.address, OpeningHours: d.hours,
								Meters: f.Meters, Minutes: f.Minutes})
						}
					}
					card.Streets = streets.around(residents[i].Point, report.NearestPoints(card.Nearest))
				}
				out.Cards[i] = card
			}
		}()
	}
	for i := range residents {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if firstErr != nil {
		return nil, firstErr
	}
	counts := make([]int, len(cats))
	placed := make([]bool, len(facilities))
	for i := range placed {
		placed[i] = true
	}
	for _, u := range svc.Unplaced() {
		placed[u.Facility] = false
	}
	for i, f := range facilities {
		for ci, cat := range cats {
			if placed[i] && f.Category == cat {
				counts[ci]++
			}
		}
	}
	areq := AuditRequest{Taxonomy: req.Taxonomy, Facilities: req.Facilities, Residents: req.Residents, Grids: H3Cells{}}
	h := c.auditHeader(areq, access.Options{Categories: cats, Budget: req.Budget, Profile: req.Profile, MaxSnap: req.MaxSnap, K: k}, 0, &access.Result{FacilityCount: counts}, nil, nil)
	h.Grids = ""
	if req.Scenario != nil {
		h.Scenario = req.Scenario.Name
		h.Inputs = append(h.Inputs, scenarioLine)
	}
	out.Header = h
	return out, nil
}

func cmpErr(old, err error) error {
	if old != nil {
		return old
	}
	return err
}

// detail is what a card says of a facility besides its name.
type detail struct{ address, hours string }

// osmDetails returns the address and opening hours of the OSM facilities
// among facilities, by Ref ("node/123").
func (c *City) osmDetails(facilities []access.Facility) map[string]detail {
	want := map[string]bool{}
	for _, f := range facilities {
		if f.Source == "osm" {
			want[f.Ref] = true
		}
	}
	out := make(map[string]detail, len(want))
	for _, f := range c.features {
		ref := f.Type + "/" + strconv.FormatInt(f.ID, 10)
		if !want[ref] {
			continue
		}
		out[ref] = detail{address: osmAddress(f.Tags.Find), hours: strings.TrimSpace(f.Tags.Find("opening_hours"))}
	}
	return out
}

// osmAddress renders the addr:* tags: addr:full when given, else "street
// housenumber, postcode city" with what is tagged.
func osmAddress(tag func(string) string) string {
	if full := strings.TrimSpace(tag("addr:full")); full != "" {
		return full
	}
	join := func(sep string, parts ...string) string {
		var ps []string
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				ps = append(ps, p)
			}
		}
		return strings.Join(ps, sep)
	}
	street := tag("addr:street")
	if street == "" {
		street = tag("addr:place")
	}
	return join(", ", join(" ", street, tag("addr:housenumber")), join(" ", tag("addr:postcode"), tag("addr:city")))
}

// streetGrid finds the network's edges near a point, for the cards' maps.
type streetGrid struct {
	g     *routing.Graph
	cell  float64 // degrees
	cells map[[2]int32][]routing.EdgeID
}

func newStreetGrid(g *routing.Graph) *streetGrid {
	sg := &streetGrid{g: g, cell: 0.002, cells: map[[2]int32][]routing.EdgeID{}}
	var buf orb.LineString
	for e := range g.NumEdges() {
		buf = g.AppendGeometry(buf[:0], routing.EdgeID(e))
		b := buf.Bound()
		lo, hi := sg.key(b.Min), sg.key(b.Max)
		for x := lo[0]; x <= hi[0]; x++ {
			for y := lo[1]; y <= hi[1]; y++ {
				sg.cells[[2]int32{x, y}] = append(sg.cells[[2]int32{x, y}], routing.EdgeID(e))
			}
		}
	}
	return sg
}

func (sg *streetGrid) key(p orb.Point) [2]int32 {
	return [2]int32{int32(math.Floor(p[0] / sg.cell)), int32(math.Floor(p[1] / sg.cell))}
}

// around returns the street lines crossing the map of a card (see
// report.CardMapBound of home and the nearest facility per category).
func (sg *streetGrid) around(home orb.Point, pts []orb.Point) []orb.LineString {
	b := report.CardMapBound(home, pts)
	lo, hi := sg.key(b.Min), sg.key(b.Max)
	seen := map[routing.EdgeID]bool{}
	var out []orb.LineString
	for x := lo[0]; x <= hi[0]; x++ {
		for y := lo[1]; y <= hi[1]; y++ {
			for _, e := range sg.cells[[2]int32{x, y}] {
				if seen[e] {
					continue
				}
				seen[e] = true
				ls := sg.g.Geometry(e)
				if ls.Bound().Intersects(b) {
					out = append(out, ls)
				}
			}
		}
	}
	return out
}
