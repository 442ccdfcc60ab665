package walkshed_test

import (
	"bytes"
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
	"github.com/walkshed/walkshed/routing/isochrone"
)

// cityWork is what each goroutine of TestCityConcurrentUse asks a city:
// isochrones from two points, and an audit of the estimated residents.
func cityWork(city *walkshed.City) (contours []isochrone.Contour, audit []byte, err error) {
	points := []orb.Point{{7.4246, 43.7384}, {7.4200, 43.7310}}
	contours, err = city.Isochrones(points, 0, isochrone.Options{
		Budgets: []geo.Budget{{Minutes: 5}, {Minutes: 10}}, Profile: routing.Wheelchair})
	if err != nil {
		return nil, nil, err
	}
	tax := taxonomy.Default()
	residents, err := city.EstimateResidents(population.Options{})
	if err != nil {
		return nil, nil, err
	}
	in := walkshed.AuditInput{Facilities: city.Facilities(tax), Residents: residents.Residents}
	res, err := city.Audit(context.Background(), in, access.Options{
		Categories: tax.Names(), Budget: geo.Budget{Minutes: 10}, Profile: routing.Standard, K: 2})
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	err = report.WriteJSON(&b, &report.Audit{Result: res, Residents: in.Residents, Facilities: in.Facilities})
	return contours, b.Bytes(), err
}

// TestCityConcurrentUse checks that a City is safe for concurrent use:
// goroutines sharing a freshly opened city (whose snapping index is built
// on first use) get the answers a city used alone gives. Run it with -race.
func TestCityConcurrentUse(t *testing.T) {
	ctx := context.Background()
	alone, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantContours, wantAudit, err := cityWork(alone)
	if err != nil {
		t.Fatal(err)
	}

	shared, err := walkshed.OpenSample(ctx, walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const goroutines = 8
	var wg sync.WaitGroup
	errs := make([]error, goroutines)
	contours := make([][]isochrone.Contour, goroutines)
	audits := make([][]byte, goroutines)
	for i := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			contours[i], audits[i], errs[i] = cityWork(shared)
		}()
	}
	wg.Wait()
	for i := range goroutines {
		if errs[i] != nil {
			t.Fatalf("goroutine %d: %v", i, errs[i])
		}
		if !reflect.DeepEqual(contours[i], wantContours) {
			t.Errorf("goroutine %d: isochrones differ from those of a city used alone", i)
		}
		if !bytes.Equal(audits[i], wantAudit) {
			t.Errorf("goroutine %d: audit differs from that of a city used alone:\n%s", i, firstLineDiff(audits[i], wantAudit))
		}
	}
}
