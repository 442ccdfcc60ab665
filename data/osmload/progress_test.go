package osmload_test

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/walkshed/walkshed/data/osmload"
)

// TestProgress checks the byte counts Read reports: never decreasing,
// against the file's size (twice for PBF, three passes for XML), and
// reaching that total.
func TestProgress(t *testing.T) {
	tests := []struct {
		path   string
		passes int64
	}{
		{monacoPBF, 2},
		{portoPBF, 2},
		{smallXML, 3},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			st, err := os.Stat(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var last, total int64
			calls := 0
			progress := func(done, tot int64) {
				mu.Lock()
				defer mu.Unlock()
				calls++
				if done < last {
					t.Errorf("done went back from %d to %d", last, done)
				}
				last, total = done, tot
			}
			if _, err := osmload.Read(context.Background(), tt.path, osmload.Options{Progress: progress}); err != nil {
				t.Fatal(err)
			}
			if want := st.Size() * tt.passes; total != want {
				t.Errorf("total = %d, want %d (size × passes)", total, want)
			}
			if calls < 2 || last < total*9/10 || last > total*3/2 {
				t.Errorf("%d calls, last done %d of %d: want the read to reach its total", calls, last, total)
			}
		})
	}
}
