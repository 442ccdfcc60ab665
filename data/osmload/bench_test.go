package osmload_test

import (
	"context"
	"os"
	"testing"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/data/osmload/internal/pbf"
)

// benchFiles are the extracts benchmarked; missing ones are skipped.
var benchFiles = []struct{ name, path string }{
	{"porto", "../../testdata/porto-centre-2020-07-20.osm.pbf"},
	{"delaware", "../../../shared/data/osm/delaware-2016-08-10.osm.pbf"},
}

// BenchmarkRead measures a full Read: three passes and assembly.
func BenchmarkRead(b *testing.B) {
	for _, f := range benchFiles {
		b.Run(f.name, func(b *testing.B) {
			if _, err := os.Stat(f.path); err != nil {
				b.Skip(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				ex, err := osmload.Read(context.Background(), f.path, osmload.Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(len(ex.Network.Ways)), "ways")
			}
		})
	}
}

// BenchmarkScanOnly measures one plain pass decoding every element of the
// file, the baseline Read is compared with.
func BenchmarkScanOnly(b *testing.B) {
	for _, f := range benchFiles {
		b.Run(f.name, func(b *testing.B) {
			file, err := os.Open(f.path)
			if err != nil {
				b.Skip(err)
			}
			defer file.Close()
			st, err := file.Stat()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				pf, err := pbf.Open(file, st.Size())
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				err = pf.Scan(context.Background(), 0, pbf.KindAll, func(blk *pbf.Block) error {
					n += len(blk.Nodes) + len(blk.Ways) + len(blk.Relations)
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n), "objects")
			}
		})
	}
}
