package emergency

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/routing"
)

// Responder is a grid worker, a police or a fire station: someone who walks
// to an emergency.
//
// The zero value is not a usable responder: ID and Point are required.
type Responder struct {
	// ID identifies the responder uniquely among the responders of one
	// analysis.
	ID string
	// Name is a display name; it may be empty.
	Name string
	// Point is where the responder starts: longitude, latitude in degrees.
	Point orb.Point
	// Grid is the name (or id) of the one grid the responder serves; ""
	// means every grid. A responder without a grid must stand inside one.
	Grid string
	// From and To bound when the responder is on duty (From inclusive, To
	// exclusive); a zero time leaves that side open. Only Incidents looks
	// at them.
	From, To time.Time
}

// OnDuty reports whether the responder is on duty at t.
func (r Responder) OnDuty(t time.Time) bool {
	return (r.From.IsZero() || !t.Before(r.From)) && (r.To.IsZero() || t.Before(r.To))
}

// Spot is a point of the network (or a resident's door) and the walk to it.
type Spot struct {
	// Point is where it is: longitude, latitude.
	Point orb.Point
	// Edge and Offset place it on the network (metres from the edge's u
	// end); Way is the OSM way of the edge and Street its name, "" when
	// OSM has none (or Options.StreetName is nil).
	Edge   routing.EdgeID
	Offset float64
	Way    int64
	Street string
	// Meters is the walk to it, Minutes the same at the profile's speed;
	// +Inf when nobody reaches it.
	Meters, Minutes float64
	// Responder indexes the responder whose walk it is, or -1.
	Responder int
	// Resident indexes the resident whose door it is, or -1 for a street
	// point.
	Resident int
}

// Stretch is a piece of street inside a grid that the grid's responders do
// not reach within the budget.
type Stretch struct {
	Edge     routing.EdgeID
	From, To float64 // metres along the edge from its u end
	Way      int64
	Street   string
	// Line is the stretch's geometry, from From to To.
	Line orb.LineString
	// MinMeters and MaxMeters are the shortest and longest walks to its
	// points (+Inf when nobody reaches it); the minutes likewise.
	MinMeters, MaxMeters   float64
	MinMinutes, MaxMinutes float64
}

// A Failure is one reason a grid fails.
type Failure struct {
	// Kind is one of the Fail* constants.
	Kind string
	// Meters are the street metres that cannot be reached (FailStreets)
	// or the distance of the farthest point (FailOverBudget); Minutes that
	// point's walk.
	Meters, Minutes float64
	// Doors counts the residents' doors that cannot be reached
	// (FailDoors).
	Doors int
	// Door is true when the farthest point is a door (FailOverBudget).
	Door bool
	// Budget is the budget as given (FailOverBudget).
	Budget string
}

// The kinds of Failure.
const (
	FailNoResponder = "no responder"      // no responder serves the grid
	FailEmpty       = "empty"             // no street and no door lies in the grid
	FailStreets     = "streets unreached" // street metres unreachable
	FailDoors       = "doors unreached"   // doors unreachable
	FailOverBudget  = "over budget"       // the farthest point beyond the budget
)

// String is the failure in English, as Grid.Reason has it.
func (f Failure) String() string {
	switch f.Kind {
	case FailNoResponder:
		return "no responder serves this grid"
	case FailEmpty:
		return "no street of the network and no resident's door lies in this grid"
	case FailStreets:
		return fmt.Sprintf("%.0f m of its streets cannot be reached from its responders", f.Meters)
	case FailDoors:
		return fmt.Sprintf("%d residents' doors cannot be reached from its responders", f.Doors)
	case FailOverBudget:
		what := "street point"
		if f.Door {
			what = "door"
		}
		return fmt.Sprintf("its farthest %s is %.1f min (%.0f m) away, over the %s budget", what, f.Minutes, f.Meters, f.Budget)
	}
	return f.Kind
}

// Advice is where one responder would best stand to serve a grid: the
// grid's absolute 1-centre on the network.
type Advice struct {
	// At is the point, with the worst-case walk from it to the grid's
	// streets and doors (Spot.Responder is -1).
	At Spot
	// Worst is the farthest point of the grid from At.
	Worst Spot
	// LowerMeters is a proven lower bound of the best worst case any
	// network point can achieve: At's worst case is within
	// At.Meters − LowerMeters of the optimum (at most Options.Tolerance
	// when Certified).
	LowerMeters float64
	// Certified is true when the search proved At optimal within the
	// tolerance, false when it stopped at its iteration limit.
	Certified bool
	// Pass says whether one responder at At reaches all of the grid within
	// the budget.
	Pass bool
	// Evaluations counts the candidate points whose worst case was computed.
	Evaluations int
	// Reason says why there is no point to advise (At is then the zero
	// Spot), e.g. the grid's streets are not connected to each other.
	Reason string
}

// Grid is the result for one grid.
type Grid struct {
	// Zone indexes the zones given; Name is the zone's name.
	Zone int
	Name string
	// Responders counts the placed responders that serve the grid.
	Responders int
	// StreetMeters is the length of the grid's streets (edges clipped to
	// the grid, usable by the profile, islands left out); ReachedMeters the
	// part within the budget; UnreachableMeters the part no responder
	// reaches at all.
	StreetMeters, ReachedMeters, UnreachableMeters float64
	// Residents counts the residents inside the grid, Reached those within
	// the budget and Unroutable those who could not be placed on the
	// network; People and ReachedPeople are their weights.
	Residents, Reached, Unroutable int
	People, ReachedPeople          float64
	// Worst is the farthest point of the grid from its responders, street
	// or door; WorstStreet and WorstDoor are the farthest of each kind
	// (WorstDoor.Resident is -1 without residents).
	Worst, WorstStreet, WorstDoor Spot
	// Pass is true when every street point and door of the grid is within
	// the budget of a responder. Reason says why a grid fails, "" when it
	// passes: Failures joined in English by "; ".
	Pass   bool
	Reason string
	// Failures are the reasons a grid fails, one each, as values for a
	// report to say in its language.
	Failures []Failure
	// Beyond are the street stretches beyond the budget, by edge.
	Beyond []Stretch
	// Advice is the placement advice, for failing grids when
	// Options.Advice is set; nil otherwise.
	Advice *Advice
}

// StreetShare returns the share of the grid's street length within the
// budget, NaN for a grid without streets.
func (g Grid) StreetShare() float64 {
	if g.StreetMeters == 0 {
		return nan
	}
	return g.ReachedMeters / g.StreetMeters
}

// PeopleShare returns the share of the grid's people (resident weight)
// within the budget, NaN for a grid without residents.
func (g Grid) PeopleShare() float64 {
	if g.People == 0 {
		return nan
	}
	return g.ReachedPeople / g.People
}

// Placement says where a responder was placed.
type Placement struct {
	// Zone is the grid the responder stands in, or -1.
	Zone int
	// Serves is the grid a responder with a Grid value serves, or -1 for
	// every grid.
	Serves int
	// Placed is false for a responder that could not be placed on the
	// network or stands outside every grid without a grid value; Reason
	// says why.
	Placed bool
	Reason string
	// Loc is where it joins the network (valid when Placed).
	Loc routing.Location
}

// Door is the walk from the nearest responder of its grid to one resident.
type Door struct {
	// Zone is the resident's grid, or -1 outside every grid (then nothing
	// else is computed).
	Zone int
	// Meters and Minutes are the walk to the door (+Inf when unreached);
	// Responder is whose walk it is, or -1.
	Meters, Minutes float64
	Responder       int
	// Unroutable is true when the resident could not be placed on the
	// network; Reason says why.
	Unroutable bool
	Reason     string
}

// Result is a whole emergency assessment.
type Result struct {
	Options Options
	// Meters is the budget as a walking distance.
	Meters float64
	// Grids has one entry per zone, in zone order.
	Grids []Grid
	// Responders has one entry per responder given, in input order.
	Responders []Placement
	// Doors has one entry per resident given, in input order.
	Doors []Door
}
