package walkshed_test

import (
	"context"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// TestServicesAgreeWithAudit checks the per-point questions against the
// batch audit: a resident placed at a point must get the same nearest
// facility and metres from both.
func TestServicesAgreeWithAudit(t *testing.T) {
	city, err := walkshed.OpenSample(context.Background(), walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	facs := city.Facilities(taxonomy.Default())
	rng := rand.New(rand.NewPCG(4, 4))
	var residents []access.Resident
	for i := range 80 {
		residents = append(residents, access.Resident{ID: fmt.Sprint(i), Weight: 1,
			Point: orb.Point{7.409 + rng.Float64()*0.03, 43.725 + rng.Float64()*0.025}})
	}
	budget := geo.Budget{Minutes: 10}
	cats := []string{"pharmacy", "grocery", "clinic"}
	for _, profile := range []routing.Profile{routing.Standard, routing.Wheelchair} {
		res, err := city.Audit(context.Background(), walkshed.AuditInput{Facilities: facs, Residents: residents},
			access.Options{Categories: cats, Budget: budget, Profile: profile, K: 2})
		if err != nil {
			t.Fatal(err)
		}
		svc, err := city.Services(facs, profile, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for i, r := range residents {
			rr := res.Residents[i]
			for c, cat := range cats {
				found, err := svc.Nearest(r.Point, budget, 2, cat)
				if rr.Status == access.Unroutable {
					if err == nil {
						t.Fatalf("%s resident %s: unroutable in the audit, Nearest found %v", profile.Name, r.ID, found)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if len(found) != len(rr.Reach[c]) {
					t.Fatalf("%s resident %s %s: Nearest gives %d, audit %d", profile.Name, r.ID, cat, len(found), len(rr.Reach[c]))
				}
				for j := range found {
					if math.Abs(found[j].Meters-rr.Reach[c][j].Meters) > 0.01 {
						t.Fatalf("%s resident %s %s #%d: Nearest %.2f m, audit %.2f m", profile.Name, r.ID, cat, j, found[j].Meters, rr.Reach[c][j].Meters)
					}
					checked++
				}
			}
			within, err := svc.Within(r.Point, budget, "pharmacy")
			if err == nil && len(rr.Reach[0]) > 0 && (len(within) == 0 || math.Abs(within[0].Meters-rr.Reach[0][0].Meters) > 0.01) {
				t.Fatalf("resident %s: Within disagrees with the audit", r.ID)
			}
		}
		if checked < 50 {
			t.Fatalf("%s: only %d reaches compared", profile.Name, checked)
		}
	}
}

// TestNearestEachMatchesNearest checks that the one-search answer for all
// categories equals Nearest asked category by category.
func TestNearestEachMatchesNearest(t *testing.T) {
	city, err := walkshed.OpenSample(context.Background(), walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := city.Services(city.Facilities(taxonomy.Default()), routing.Standard, 0)
	if err != nil {
		t.Fatal(err)
	}
	cats := taxonomy.Default().Names()
	budget := geo.Budget{Minutes: 12}
	rng := rand.New(rand.NewPCG(6, 6))
	compared := 0
	for range 30 {
		p := orb.Point{7.41 + rng.Float64()*0.025, 43.727 + rng.Float64()*0.02}
		each, err := svc.NearestEach(p, budget, 3, cats)
		if err != nil {
			continue // unroutable point: Nearest fails the same way
		}
		for i, c := range cats {
			one, err := svc.Nearest(p, budget, 3, c)
			if err != nil {
				t.Fatal(err)
			}
			if len(one) != len(each[i]) {
				t.Fatalf("%v %s: NearestEach gives %d, Nearest %d", p, c, len(each[i]), len(one))
			}
			for j := range one {
				if one[j].Facility.ID != each[i][j].Facility.ID || one[j].Meters != each[i][j].Meters {
					t.Fatalf("%v %s #%d: NearestEach %v, Nearest %v", p, c, j, each[i][j], one[j])
				}
				compared++
			}
		}
	}
	if compared < 100 {
		t.Fatalf("only %d answers compared", compared)
	}
}

// The two nearest pharmacies within a 10-minute walk of the Casino de
// Monte-Carlo, and everything within 3 minutes; Nearest, NearestEach and
// Within all take the point, then the budget, then what to look for.
func ExampleServices_Nearest() {
	city, err := walkshed.OpenSample(context.Background(), walkshed.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	svc, err := city.Services(city.Facilities(taxonomy.Default()), routing.Standard, 0)
	if err != nil {
		log.Fatal(err)
	}
	casino := orb.Point{7.4246, 43.7384} // longitude, latitude
	near, err := svc.Nearest(casino, geo.Budget{Minutes: 10}, 2, "pharmacy")
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range near {
		fmt.Printf("%s: %.0f m, %.1f min\n", f.Facility.Name, f.Meters, f.Minutes)
	}
	all, err := svc.Within(casino, geo.Budget{Minutes: 3})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(all), "facilities within 3 minutes")
	fmt.Println(walkshed.Attribution)
	// Output:
	// Bughin: 286 m, 3.6 min
	// Drugstore Monte-Carlo: 384 m, 4.8 min
	// 5 facilities within 3 minutes
	// © OpenStreetMap contributors (ODbL)
}

// TestServicesConcurrent asks questions from many goroutines at once of
// the Services of two profiles (each sharing its pooled search scratch), on
// a second city; every answer must equal the one asked alone. Concurrent
// snapping while indexes are built is routing's TestSnapConcurrent. Run it
// with -race.
func TestServicesConcurrent(t *testing.T) {
	open := func() (*walkshed.Services, *walkshed.Services) {
		city, err := walkshed.OpenSample(context.Background(), walkshed.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		facs := city.Facilities(taxonomy.Default())
		std, err := city.Services(facs, routing.Standard, 0)
		if err != nil {
			t.Fatal(err)
		}
		wc, err := city.Services(facs, routing.Wheelchair, 0)
		if err != nil {
			t.Fatal(err)
		}
		return std, wc
	}
	cats := taxonomy.Default().Names()
	rng := rand.New(rand.NewPCG(14, 14))
	points := make([]orb.Point, 40)
	for i := range points {
		points[i] = orb.Point{7.41 + rng.Float64()*0.025, 43.727 + rng.Float64()*0.02}
	}
	ask := func(svc *walkshed.Services, p orb.Point) string {
		within, err := svc.Within(p, geo.Budget{Minutes: 8})
		each, err2 := svc.NearestEach(p, geo.Budget{Minutes: 12}, 2, cats)
		return fmt.Sprint(within, err, each, err2)
	}
	std, wc := open()
	want := make([][2]string, len(points))
	for i, p := range points {
		want[i] = [2]string{ask(std, p), ask(wc, p)}
	}
	std, wc = open()
	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			svc, prof := std, 0
			if w%2 == 1 {
				svc, prof = wc, 1
			}
			for k := range points {
				i := (k*7 + w) % len(points)
				if got := ask(svc, points[i]); got != want[i][prof] {
					errs <- fmt.Sprintf("worker %d point %v: %s, alone %s", w, points[i], got, want[i][prof])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
