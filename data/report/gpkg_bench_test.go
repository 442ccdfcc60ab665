package report_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/walkshed/walkshed/data/report"
)

// BenchmarkWriteGeoPackage writes the fixture grown to n residents (the
// five residents repeated) as a GeoPackage, against JSON for scale.
func BenchmarkWriteGeoPackage(b *testing.B) {
	for _, n := range []int{1000, 20000} {
		a := fixture(b)
		res, rr := a.Residents, a.Result.Residents
		for len(a.Residents) < n {
			for i := range res {
				r := res[i]
				r.ID = fmt.Sprintf("%s-%d", r.ID, len(a.Residents))
				a.Residents = append(a.Residents, r)
				a.Result.Residents = append(a.Result.Residents, rr[i])
			}
		}
		for _, f := range []struct {
			name string
			fn   func(io.Writer, *report.Audit) error
		}{{"gpkg", report.WriteGeoPackage}, {"json", report.WriteJSON}} {
			b.Run(fmt.Sprintf("%s/n=%d", f.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := f.fn(io.Discard, a); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
