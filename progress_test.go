package walkshed_test

import (
	"context"
	"strings"
	"testing"

	"github.com/walkshed/walkshed"
)

// TestProgress checks the progress a city reports while opening (reading,
// then building) and an audit while searching (one search per category,
// counted up to the total).
func TestProgress(t *testing.T) {
	ctx := context.Background()
	var stages []string
	var readDone, readTotal int64
	city, err := walkshed.OpenOSM(ctx, monacoPBF, walkshed.OpenOptions{Progress: func(stage string, done, total int64) {
		if len(stages) == 0 || stages[len(stages)-1] != stage {
			stages = append(stages, stage)
		}
		if stage == "read" {
			readDone, readTotal = done, total
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(stages, ","); got != "read,build" {
		t.Errorf("stages = %s, want read,build", got)
	}
	if readTotal == 0 || readDone < readTotal*9/10 {
		t.Errorf("read reached %d of %d bytes", readDone, readTotal)
	}

	req := defaultAudit(t, city)
	req.Options.Categories = []string{"pharmacy", "grocery", "clinic"}
	var calls [][2]int
	req.Options.Progress = func(done, total int) { calls = append(calls, [2]int{done, total}) }
	if _, err := city.RunAudit(ctx, req); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 4 || calls[0] != [2]int{0, 3} || calls[3] != [2]int{3, 3} {
		t.Errorf("search progress = %v, want 0/3 then one call per search up to 3/3", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] != calls[i-1][0]+1 {
			t.Errorf("search progress %v does not count up by one", calls)
		}
	}
}
