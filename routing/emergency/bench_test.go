package emergency_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/emergency"
)

// BenchmarkAssess: a 12×12-block town in 9 grids, 3 responders, with and
// without placement advice.
func BenchmarkAssess(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	g := town(b, rng, 12)
	var zones []access.Zone
	for i := range 3 {
		for j := range 3 {
			zones = append(zones, access.Zone{ID: fmt.Sprint(i, j), Name: fmt.Sprint(i, j), Geometry: rect(float64(i)*360, float64(j)*320, float64(i+1)*360, float64(j+1)*320)})
		}
	}
	responders := []emergency.Responder{{ID: "a", Point: at(200, 200)}, {ID: "b", Point: at(700, 600)}, {ID: "c", Point: at(900, 300)}}
	sn := g.NewSnapper()
	for _, advice := range []bool{false, true} {
		b.Run(fmt.Sprintf("advice=%v", advice), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := emergency.Assess(context.Background(), g, sn, emergency.Input{Responders: responders, Zones: zones},
					emergency.Options{Budget: geo.Budget{Minutes: 5}, Profile: routing.Standard, Advice: advice, Workers: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
