package cli

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/walkshed/walkshed/data/i18n"
)

// Stages of long work, as the tracker names them.
const (
	stageRead   = "read"   // reading the OSM file (bytes)
	stageBuild  = "build"  // building the network
	stageLoad   = "load"   // opening a prepared network
	stageSearch = "search" // the audit's searches (one per category)
	stageAreas  = "areas"  // the service areas of the GeoPackage
	stageWrite  = "write"  // writing the outputs (files)
)

// stageLabel is how a stage is shown, in the language of --lang.
func (io *IO) stageLabel(stage string) string {
	switch stage {
	case stageRead:
		return io.tr("reading")
	case stageBuild:
		return io.tr("building")
	case stageLoad:
		return io.tr("loading")
	case stageSearch:
		return io.tr("searching")
	case stageAreas:
		return io.tr("service areas")
	case stageWrite:
		return io.tr("writing")
	}
	return stage
}

// tracker shows the stages of a command's long work on standard error:
// a progress bar per stage (vbauerster/mpb) when standard error is a
// terminal, one line with each stage's time with --verbose, and nothing
// at all with --quiet or when standard error is not a terminal (without
// --verbose). Its methods are safe for concurrent use.
type tracker struct {
	io     *IO
	mu     sync.Mutex
	p      *mpb.Progress // nil unless bars are shown
	bar    *mpb.Bar
	stage  string
	total  int64
	start  time.Time // of the current stage
	begin  time.Time // of the whole work
	stages int       // stages started
}

// newTracker starts tracking for a command writing to io.
func newTracker(ctx context.Context, io *IO) *tracker {
	t := &tracker{io: io, begin: time.Now()}
	if !io.Quiet && isTerminal(io.Err) {
		t.p = mpb.NewWithContext(ctx, mpb.WithOutput(io.Err), mpb.WithWidth(64), mpb.WithRefreshRate(120*time.Millisecond))
	}
	return t
}

// Update reports progress of stage: done of total units (bytes, searches,
// files), total 0 when unknown. A stage other than the current one ends
// the current one and starts it.
func (t *tracker) Update(stage string, done, total int64) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if stage != t.stage {
		t.endLocked()
		t.startLocked(stage, total)
	}
	if t.p == nil || total <= 0 {
		return
	}
	switch {
	case t.total == 0: // a spinner until now: a bar from here on
		if t.bar != nil {
			t.bar.Abort(true)
		}
		t.total = total
		t.bar = t.p.AddBar(total, mpb.PrependDecorators(t.label()),
			mpb.AppendDecorators(decor.Percentage(decor.WCSyncSpace), decor.Name(" "), decor.Elapsed(decor.ET_STYLE_GO)))
	case total != t.total:
		t.total = total
		t.bar.SetTotal(total, false)
	}
	t.bar.SetCurrent(min(done, total))
}

// label is the name decorator of the current stage.
func (t *tracker) label() decor.Decorator {
	return decor.Name(i18n.PadRight(t.io.stageLabel(t.stage), 14))
}

// Stage starts stage (total units, 0 when unknown), ending the current
// one.
func (t *tracker) Stage(stage string, total int64) { t.Update(stage, 0, total) }

// Func returns a progress function for an int-counting callback of stage.
func (t *tracker) Func(stage string) func(done, total int) {
	return func(done, total int) { t.Update(stage, int64(done), int64(total)) }
}

// startLocked starts a stage; t.mu is held.
func (t *tracker) startLocked(stage string, total int64) {
	t.stage, t.total, t.start = stage, 0, time.Now()
	t.stages++
	if t.p == nil {
		return
	}
	// A spinner while the amount of work is unknown; Update turns it into
	// a bar once it is known.
	t.bar = t.p.New(0, mpb.SpinnerStyle(), mpb.BarFillerOnComplete("✓"), mpb.PrependDecorators(t.label()),
		mpb.AppendDecorators(decor.Elapsed(decor.ET_STYLE_GO)))
}

// endLocked ends the current stage, completing its bar and logging its
// time with --verbose; t.mu is held.
func (t *tracker) endLocked() {
	if t.stage == "" {
		return
	}
	if t.bar != nil {
		if t.total > 0 {
			t.bar.SetCurrent(t.total) // the work is done, whatever was counted
		} else {
			t.bar.SetTotal(-1, true) // complete the spinner
		}
		t.bar = nil
	}
	if t.io.Verbose && !t.io.Quiet {
		t.logLocked(t.io.stageLabel(t.stage), time.Since(t.start))
	}
	t.stage = ""
}

// logLocked writes one timing line, above the bars when there are any.
func (t *tracker) logLocked(label string, d time.Duration) {
	line := fmt.Sprintf("walkshed: %s %8s\n", i18n.PadRight(label, 14), d.Round(time.Millisecond))
	var w io.Writer = t.io.Err
	if t.p != nil {
		w = t.p
	}
	io.WriteString(w, line)
}

// Done ends the current stage.
func (t *tracker) Done() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.endLocked()
}

// Close ends the work: the current stage ends (its bar aborted when err is
// not nil), the bars are drawn a last time and, with --verbose, the total
// time is logged.
func (t *tracker) Close(err error) {
	if t == nil {
		return
	}
	t.mu.Lock()
	if err != nil && t.bar != nil {
		t.bar.Abort(false)
		t.bar = nil
	}
	t.endLocked()
	if t.io.Verbose && !t.io.Quiet && t.stages > 1 {
		t.logLocked(t.io.tr("total"), time.Since(t.begin))
	}
	p := t.p
	t.p = nil
	t.mu.Unlock()
	if p != nil {
		p.Wait()
	}
}
