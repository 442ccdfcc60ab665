package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
)

// served is a running 'walkshed serve' of a test.
type served struct {
	base   string // http://127.0.0.1:PORT
	stderr *syncBuffer
	stop   func() error // interrupts serve and returns what it returned
}

// startServe runs serve with args on a loopback port until the test ends
// (or stop is called).
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	stderr := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan net.Addr, 1)
	var cmd *cobra.Command
	cmd = newCmdServe(&IO{Out: io.Discard, Err: stderr}, func(o *serveOptions) error {
		o.ready = func(a net.Addr) { addrs <- a }
		return runServe(cmd, o)
	})
	cmd.SetArgs(append([]string{"--addr", "127.0.0.1:0"}, args...))
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	var once sync.Once
	var stopErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(2 * time.Minute):
				stopErr = fmt.Errorf("serve did not stop within 2 minutes of the interrupt")
			}
		})
		return stopErr
	}
	t.Cleanup(func() { stop() })
	select {
	case a := <-addrs:
		return &served{base: "http://" + a.String(), stderr: stderr, stop: stop}
	case err := <-done:
		once.Do(func() { cancel() })
		t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
	case <-time.After(time.Minute):
		t.Fatal("serve did not start within a minute")
	}
	return nil
}

// call sends a request and returns the status, the header and the body.
func call(t *testing.T, method, url string, header http.Header, body io.Reader) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

const oneResident = `{"residents":[{"id":"r1","lon":7.4246,"lat":43.7384}],"categories":["pharmacy"]}`

// TestServeTruncatedGraph serves a prepared network file and then
// truncates it, as a careless rebuild would: every endpoint must go on
// answering (a mapped file would kill the server with SIGBUS).
func TestServeTruncatedGraph(t *testing.T) {
	city, err := walkshed.OpenSample(context.Background(), walkshed.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "monaco.wsn")
	if err := city.Save(path); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, "--graph", path)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("not a network any more"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct{ method, path, body string }{
		{"GET", "/v1/info", ""},
		{"GET", "/v1/nearest?at=7.4246,43.7384&k=3", ""},
		{"GET", "/v1/within?at=7.4246,43.7384", ""},
		{"GET", "/v1/isochrone?at=7.4246,43.7384&minutes=5,10,15&res=12", ""},
		{"POST", "/v1/audit", oneResident},
	} {
		status, _, body := call(t, r.method, s.base+r.path, nil, strings.NewReader(r.body))
		if status != http.StatusOK {
			t.Errorf("%s %s after the file was truncated: %d %.300s", r.method, r.path, status, body)
		}
	}
	if err := s.stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
}

// TestServeCORS checks that CORS headers come only with --cors, for the
// origins given, and that a preflight is answered.
func TestServeCORS(t *testing.T) {
	const origin = "https://maps.example.org"
	preflight := http.Header{"Origin": {origin}, "Access-Control-Request-Method": {"POST"},
		"Access-Control-Request-Headers": {"content-type"}}
	t.Run("without --cors", func(t *testing.T) {
		s := startServe(t)
		status, h, _ := call(t, http.MethodOptions, s.base+"/v1/audit", preflight, nil)
		if status != http.StatusMethodNotAllowed || h.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("preflight without --cors: %d, Access-Control-Allow-Origin %q; want 405 and none", status, h.Get("Access-Control-Allow-Origin"))
		}
		_, h, _ = call(t, http.MethodGet, s.base+"/v1/info", http.Header{"Origin": {origin}}, nil)
		if h.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("GET without --cors has Access-Control-Allow-Origin %q", h.Get("Access-Control-Allow-Origin"))
		}
	})
	t.Run("with --cors", func(t *testing.T) {
		s := startServe(t, "--cors", origin, "--cors", "http://localhost:3000")
		status, h, _ := call(t, http.MethodOptions, s.base+"/v1/audit", preflight, nil)
		if status != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != origin ||
			h.Get("Access-Control-Allow-Methods") != "POST" || !strings.EqualFold(h.Get("Access-Control-Allow-Headers"), "content-type") ||
			h.Get("Access-Control-Max-Age") == "" {
			t.Errorf("preflight: %d %v; want 204 allowing %s to POST with Content-Type", status, h, origin)
		}
		status, h, _ = call(t, http.MethodPost, s.base+"/v1/audit",
			http.Header{"Origin": {origin}, "Content-Type": {"application/json"}}, strings.NewReader(oneResident))
		if status != http.StatusOK || h.Get("Access-Control-Allow-Origin") != origin || !strings.Contains(h.Get("Vary"), "Origin") {
			t.Errorf("POST from %s: %d %v; want 200 with Access-Control-Allow-Origin and Vary: Origin", origin, status, h)
		}
		_, h, _ = call(t, http.MethodGet, s.base+"/v1/info", http.Header{"Origin": {"https://evil.example"}}, nil)
		if h.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("GET from an origin not given: Access-Control-Allow-Origin %q", h.Get("Access-Control-Allow-Origin"))
		}
		status, h, _ = call(t, http.MethodOptions, s.base+"/v1/info", http.Header{"Origin": {"https://evil.example"}, "Access-Control-Request-Method": {"GET"}}, nil)
		if h.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("preflight from an origin not given: %d, Access-Control-Allow-Origin %q", status, h.Get("Access-Control-Allow-Origin"))
		}
	})
	t.Run("bad origin", func(t *testing.T) {
		for _, bad := range []string{"maps.example.org", "https://maps.example.org/path", "ftp://x.org", "https://*.*.org"} {
			var cmd *cobra.Command
			cmd = newCmdServe(&IO{Out: io.Discard, Err: io.Discard}, func(o *serveOptions) error { return runServe(cmd, o) })
			checkErr(t, "serve --cors "+bad, execute(cmd, []string{"--cors", bad}), "CORS origin")
		}
	})
}

// TestServeTimeout checks that --timeout is enforced: a request that takes
// longer is answered 503 at the limit, as JSON naming it.
func TestServeTimeout(t *testing.T) {
	s := startServe(t, "--timeout", "20ms")
	var q strings.Builder
	for i := range 100 { // 100 points and 10 budgets at res 13: about half a second of work
		fmt.Fprintf(&q, "at=%.5f,%.5f&", 7.415+float64(i%10)*0.0012, 43.730+float64(i/10)*0.0010)
	}
	q.WriteString("minutes=6,12,18,24,30,36,42,48,54,60&res=13")
	status, h, body := call(t, http.MethodGet, s.base+"/v1/isochrone?"+q.String(), nil, nil)
	if status != http.StatusServiceUnavailable || h.Get("Content-Type") != "application/json" || !strings.Contains(body, "time limit of 20ms") {
		t.Errorf("isochrone over the time limit: %d %s %.300s; want 503 naming the limit", status, h.Get("Content-Type"), body)
	}
	if status, _, body := call(t, http.MethodGet, s.base+"/healthz", nil, nil); status != http.StatusOK {
		t.Errorf("healthz after a timeout: %d %s", status, body)
	}
}

// TestServeShutdownGrace checks that an interrupt waits for a request in
// flight for as long as the request may take (--timeout), not a fixed 10 s:
// an audit whose body arrives over 11 s still gets its answer, and serve
// stops cleanly.
func TestServeShutdownGrace(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 11 s")
	}
	s := startServe(t, "--timeout", "15s")
	pr, pw := io.Pipe()
	type result struct {
		status int
		body   string
	}
	got := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, s.base+"/v1/audit", pr)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- result{body: err.Error()}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- result{resp.StatusCode, string(b)}
	}()
	half := len(oneResident) / 2
	if _, err := io.WriteString(pw, oneResident[:half]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // the request is in flight
	stopped := make(chan error, 1)
	go func() { stopped <- s.stop() }()
	time.Sleep(11 * time.Second) // past the old fixed grace of 10 s
	if _, err := io.WriteString(pw, oneResident[half:]); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	r := <-got
	if r.status != http.StatusOK {
		t.Errorf("audit in flight during shutdown: %d %.300s; want 200", r.status, r.body)
	}
	if err := <-stopped; err != nil {
		t.Errorf("serve after the interrupt: %v, want nil\n%s", err, s.stderr.String())
	}
}
