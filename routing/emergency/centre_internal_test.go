package emergency

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMinMaxTents checks the exact minimum of an upper envelope of tents
// against dense sampling.
func TestMinMaxTents(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 400 {
		l := 1 + rng.Float64()*200
		n := 1 + rng.IntN(8)
		ts := make([]tent, n)
		for i := range ts {
			ts[i] = tent{a: rng.Float64() * 300, b: rng.Float64() * 300}
			if rng.IntN(4) == 0 { // a cone: F − |t − t0|
				f, t0 := rng.Float64()*300, rng.Float64()*l
				ts[i] = tent{a: f - t0, b: f + t0 - l}
			}
		}
		env := func(x float64) float64 {
			m := math.Inf(-1)
			for _, s := range ts {
				m = math.Max(m, math.Min(s.a+x, s.b+l-x))
			}
			return m
		}
		want := math.Inf(1)
		for i := 0; i <= 5000; i++ {
			want = math.Min(want, env(l*float64(i)/5000))
		}
		cp := append([]tent(nil), ts...)
		got, x := minMaxTents(cp, l)
		if got > want+1e-9 || got < want-l/5000-1e-9 || math.Abs(env(x)-got) > 1e-9 {
			t.Fatalf("round %d: minMaxTents(%v, %v) = %v at %v (envelope there %v), sampling says %v", round, ts, l, got, x, env(x), want)
		}
	}
}
