package geo

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestDistance(t *testing.T) {
	tests := []struct {
		name string
		a, b orb.Point
		want float64
	}{
		{"same point", orb.Point{7.42, 43.73}, orb.Point{7.42, 43.73}, 0},
		{"one degree of latitude", orb.Point{0, 0}, orb.Point{0, 1}, EarthRadius * math.Pi / 180},
		{"quarter meridian", orb.Point{10, 0}, orb.Point{10, 90}, EarthRadius * math.Pi / 2},
		{"antipodes", orb.Point{0, 0}, orb.Point{180, 0}, EarthRadius * math.Pi},
		// Porto, Aliados towards Ribeira: checked with the spherical law of
		// cosines, an independent formula
		{"Porto", orb.Point{-8.6110, 41.1456}, orb.Point{-8.6140, 41.1406}, lawOfCosines(orb.Point{-8.6110, 41.1456}, orb.Point{-8.6140, 41.1406})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Distance(tt.a, tt.b); !near(got, tt.want, 0.5) {
				t.Errorf("Distance(%v, %v) = %.2f, want %.2f", tt.a, tt.b, got, tt.want)
			}
			if got, back := Distance(tt.a, tt.b), Distance(tt.b, tt.a); got != back {
				t.Errorf("Distance not symmetric: %v vs %v", got, back)
			}
		})
	}
}

func lawOfCosines(a, b orb.Point) float64 {
	r := math.Pi / 180
	c := math.Sin(a[1]*r)*math.Sin(b[1]*r) + math.Cos(a[1]*r)*math.Cos(b[1]*r)*math.Cos((b[0]-a[0])*r)
	return EarthRadius * math.Acos(math.Min(1, c))
}

func TestAlongAndSubLine(t *testing.T) {
	ls := orb.LineString{{7.42, 43.73}, {7.421, 43.73}, {7.421, 43.731}}
	l := LineLength(ls)
	if want := Distance(ls[0], ls[1]) + Distance(ls[1], ls[2]); !near(l, want, 1e-9) {
		t.Fatalf("LineLength = %v, want %v", l, want)
	}
	if p := Along(ls, -5); p != ls[0] {
		t.Errorf("Along(-5) = %v, want the first point", p)
	}
	if p := Along(ls, l+5); p != ls[2] {
		t.Errorf("Along(past the end) = %v, want the last point", p)
	}
	mid := Along(ls, Distance(ls[0], ls[1]))
	if Distance(mid, ls[1]) > 1e-6 {
		t.Errorf("Along(first segment length) = %v, want the vertex %v", mid, ls[1])
	}
	v := Distance(ls[0], ls[1]) // a range may start or end on the vertex
	for _, r := range [][2]float64{{0, l}, {10, 50}, {20, 100}, {l / 2, l / 2}, {0, 0}, {l, l}, {v, v + 30}, {v - 0.1, v}, {0, v + 1}} {
		sub := SubLine(ls, r[0], r[1])
		if got := LineLength(sub); len(sub) < 2 || !near(got, r[1]-r[0], 1e-3) {
			t.Errorf("SubLine(%v) = %v with length %.4f, want %.4f", r, sub, got, r[1]-r[0])
		}
		if Distance(sub[0], Along(ls, r[0])) > 1e-6 || Distance(sub[len(sub)-1], Along(ls, r[1])) > 1e-6 {
			t.Errorf("SubLine(%v) runs %v..%v, want %v..%v", r, sub[0], sub[len(sub)-1], Along(ls, r[0]), Along(ls, r[1]))
		}
		if buf := AppendSubLine(orb.LineString{{1, 1}}, ls, r[0], r[1]); len(buf) != len(sub)+1 || buf[0] != (orb.Point{1, 1}) {
			t.Errorf("AppendSubLine(%v) did not append to dst: %v", r, buf)
		}
	}
}

func TestProjectOnLine(t *testing.T) {
	ls := orb.LineString{{7.42, 43.73}, {7.421, 43.73}, {7.421, 43.731}}
	tests := []struct {
		name    string
		p       orb.Point
		segment int
		offset  float64
	}{
		{"on a vertex", orb.Point{7.421, 43.73}, 0, Distance(ls[0], ls[1])},
		{"beside the first segment", orb.Point{7.4205, 43.7301}, 0, Distance(ls[0], orb.Point{7.4205, 43.73})},
		{"beyond the start", orb.Point{7.419, 43.73}, 0, 0},
		{"beside the second segment", orb.Point{7.4212, 43.7305}, 1, Distance(ls[0], ls[1]) + Distance(ls[1], orb.Point{7.421, 43.7305})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lp := ProjectOnLine(tt.p, ls)
			if lp.Segment != tt.segment || !near(lp.Offset, tt.offset, 0.05) {
				t.Errorf("ProjectOnLine(%v) = segment %d offset %.3f, want %d %.3f", tt.p, lp.Segment, lp.Offset, tt.segment, tt.offset)
			}
			if !near(lp.Dist, Distance(tt.p, lp.At), 1e-9) {
				t.Errorf("Dist %.4f is not the distance to At (%.4f)", lp.Dist, Distance(tt.p, lp.At))
			}
		})
	}
}

func TestProjection(t *testing.T) {
	pr := NewProjection(orb.Point{-8.61, 41.15})
	for _, p := range []orb.Point{{-8.61, 41.15}, {-8.60, 41.16}, {-8.63, 41.14}} {
		x, y := pr.Forward(p)
		if back := pr.Inverse(x, y); Distance(back, p) > 1e-6 {
			t.Errorf("Inverse(Forward(%v)) = %v", p, back)
		}
		if d := math.Hypot(x, y); !near(d, Distance(orb.Point{-8.61, 41.15}, p), 0.005*d+1e-9) {
			t.Errorf("projected distance %.2f vs great circle %.2f", d, Distance(orb.Point{-8.61, 41.15}, p))
		}
	}
}

func TestValidatePoint(t *testing.T) {
	tests := []struct {
		p    orb.Point
		want string
	}{
		{orb.Point{7.42, 43.73}, ""},
		{orb.Point{math.NaN(), 1}, "longitude NaN is not a finite number"},
		{orb.Point{1, math.Inf(1)}, "latitude +Inf is not a finite number"},
		{orb.Point{181, 1}, "longitude 181 is outside [-180, 180]"},
		{orb.Point{43.73, 91}, "swapped"},
		{orb.Point{-120, -95}, "latitude -95 is outside [-90, 90]"},
	}
	for _, tt := range tests {
		err := ValidatePoint(tt.p)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("ValidatePoint(%v) = %v, want %q", tt.p, err, tt.want)
		}
	}
}

func TestBudget(t *testing.T) {
	tests := []struct {
		in      string
		want    Budget
		meters  float64
		wantErr bool
	}{
		{"15", Budget{Minutes: 15}, 15 * 60 * 1.33, false},
		{"15min", Budget{Minutes: 15}, 15 * 60 * 1.33, false},
		{"1000m", Budget{Meters: 1000}, 1000, false},
		{"1.2km", Budget{Meters: 1200}, 1200, false},
		{"0", Budget{}, 0, true},
		{"-5min", Budget{}, 0, true},
		{"NaN", Budget{}, 0, true},
		{"fast", Budget{}, 0, true},
	}
	for _, tt := range tests {
		got, err := ParseBudget(tt.in)
		if (err != nil) != tt.wantErr {
			t.Fatalf("ParseBudget(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
		}
		if err != nil {
			if !errors.Is(err, ErrBadBudget) {
				t.Errorf("ParseBudget(%q) error %v does not wrap ErrBadBudget", tt.in, err)
			}
			continue
		}
		if got != tt.want || !near(got.Distance(1.33), tt.meters, 1e-9) {
			t.Errorf("ParseBudget(%q) = %+v (%.1f m), want %+v (%.1f m)", tt.in, got, got.Distance(1.33), tt.want, tt.meters)
		}
		if back, err := ParseBudget(got.String()); err != nil || back != got {
			t.Errorf("ParseBudget(%q.String() = %q) = %+v, %v", tt.in, got.String(), back, err)
		}
	}
	if err := (Budget{Minutes: 5, Meters: 100}).Validate(); err == nil {
		t.Error("a budget in minutes and metres validated")
	}
}

func TestBudgetDistanceAt(t *testing.T) {
	tests := []struct {
		b     Budget
		speed float64
		want  float64 // 0: an error
	}{
		{Budget{Minutes: 15}, 1.33, 15 * 60 * 1.33},
		{Budget{Meters: 800}, 1e308, 800},
		{Budget{Minutes: 1e300}, 1.33, 1e300 * 60 * 1.33},
		{Budget{Minutes: 1e308}, 1.33, 0},
		{Budget{Minutes: 15}, 1e308, 0},
		{Budget{Minutes: 15}, 0, 0},
		{Budget{Minutes: 15}, math.NaN(), 0},
		{Budget{Minutes: 15}, math.Inf(1), 0},
		{Budget{}, 1.33, 0},
	}
	for _, tt := range tests {
		got, err := tt.b.DistanceAt(tt.speed)
		if tt.want == 0 {
			if !errors.Is(err, ErrBadBudget) {
				t.Errorf("%+v.DistanceAt(%v) = %v, %v, want an ErrBadBudget", tt.b, tt.speed, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%+v.DistanceAt(%v) = %v, %v, want %v", tt.b, tt.speed, got, err, tt.want)
		}
	}
}

// FuzzParseBudget: any string either fails with ErrBadBudget or gives a
// valid budget that round-trips through String.
func FuzzParseBudget(f *testing.F) {
	for _, s := range []string{"15", "15min", "1000m", "1.2km", "", "x", "1e400", "-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBudget(s)
		if err != nil {
			if !errors.Is(err, ErrBadBudget) {
				t.Fatalf("ParseBudget(%q) error %v does not wrap ErrBadBudget", s, err)
			}
			return
		}
		if err := b.Validate(); err != nil {
			t.Fatalf("ParseBudget(%q) = %+v, invalid: %v", s, b, err)
		}
		if back, err := ParseBudget(b.String()); err != nil || back != b {
			t.Fatalf("round trip of %+v via %q = %+v, %v", b, b.String(), back, err)
		}
	})
}
