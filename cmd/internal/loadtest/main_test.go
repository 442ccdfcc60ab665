package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// TestMeasure runs a scenario against a loopback server that answers 200
// or, for one path, 503: every request is sent once, counted by status and
// timed.
func TestMeasure(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		if r.URL.Path == "/busy" {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	sc := scenario{name: "t", reqs: []request{{method: "GET", path: "/a"}, {method: "POST", path: "/b", body: []byte(`{}`)},
		{method: "GET", path: "/busy"}}, n: 30, c: 3}
	res := measure(context.Background(), srv.URL, sc, time.Minute)
	if res.count != 30 || served.Load() != 30 || len(res.latencies) != 30 {
		t.Fatalf("%d results, %d served, %d latencies; want 30", res.count, served.Load(), len(res.latencies))
	}
	if res.statuses[200] != 20 || res.statuses[503] != 10 || res.statusString() != "20× 200, 10× 503" {
		t.Errorf("statuses %v (%s), want 20× 200 and 10× 503", res.statuses, res.statusString())
	}
	if res.quantile(0.5) > res.quantile(0.99) || res.quantile(0.99) != res.latencies[29] || res.rate() <= 0 {
		t.Errorf("p50 %v, p99 %v, max %v, rate %v", res.quantile(0.5), res.quantile(0.99), res.latencies[29], res.rate())
	}
}

// TestMeasureMaxTime checks that -max stops a scenario that would run on.
func TestMeasureMaxTime(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
	}))
	defer srv.Close()
	sc := scenario{name: "t", reqs: []request{{method: "GET", path: "/"}}, n: 1_000_000, c: 2}
	res := measure(context.Background(), srv.URL, sc, 200*time.Millisecond)
	if res.count == 0 || res.count >= 1000 {
		t.Errorf("%d requests in 200 ms of 20 ms answers from 2 clients; want a few, then a stop", res.count)
	}
}

func TestQuantile(t *testing.T) {
	r := result{}
	for i := 1; i <= 100; i++ {
		r.latencies = append(r.latencies, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 50 * time.Millisecond}, {0.99, 99 * time.Millisecond}, {1, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := r.quantile(tc.q); got != tc.want {
			t.Errorf("quantile(%v) = %v, want %v", tc.q, got, tc.want)
		}
	}
	if (result{}).quantile(0.5) != 0 {
		t.Error("quantile of nothing is not 0")
	}
}

func TestPeakRSS(t *testing.T) {
	if peakRSS(1<<30) != 0 {
		t.Error("peak RSS of a process that does not exist is not 0")
	}
	if runtime.GOOS == "linux" && peakRSS(os.Getpid()) < 1<<20 {
		t.Errorf("peak RSS of this test is %d bytes", peakRSS(os.Getpid()))
	}
}
