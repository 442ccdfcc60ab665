package api

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// TestGate checks the gate step by step: two slots, one waiting place.
func TestGate(t *testing.T) {
	g := newGate("isochrones", 2, 1)
	ctx := context.Background()
	r1, err1 := g.enter(ctx)
	r2, err2 := g.enter(ctx)
	if err1 != nil || err2 != nil {
		t.Fatalf("free slots refused: %v, %v", err1, err2)
	}
	waited := make(chan error, 1)
	go func() {
		r, err := g.enter(ctx) // waits for a slot
		if err == nil {
			r()
		}
		waited <- err
	}()
	for g.waiting.Load() != 1 {
		time.Sleep(time.Millisecond)
	}
	_, err := g.enter(ctx) // no slot and no waiting place
	var ae *apiError
	if !errors.As(err, &ae) || ae.status != http.StatusServiceUnavailable || ae.retryAfter != 1 {
		t.Fatalf("full gate: %v, want 503 with Retry-After", err)
	}
	r1()
	if err := <-waited; err != nil {
		t.Fatalf("the waiting request: %v, want its turn", err)
	}
	// a waiting request whose context ends gives up its place
	r3, err := g.enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		for g.waiting.Load() != 1 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if _, err := g.enter(cctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while waiting: %v, want context.Canceled", err)
	}
	if n := g.waiting.Load(); n != 0 {
		t.Errorf("%d waiting after the cancel, want 0", n)
	}
	r2()
	r3()
	if len(g.slots) != 0 {
		t.Errorf("%d slots held after every release", len(g.slots))
	}
}
