package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing"
)

// The parse tests build the command with a runF that captures its options,
// so nothing is opened or served.

func TestServeParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
		check   func(t *testing.T, o *serveOptions)
	}{
		{name: "defaults", check: func(t *testing.T, o *serveOptions) {
			if o.addr != "127.0.0.1:8080" || o.profile != "standard" || o.net.OSM != "" || o.net.Graph != "" ||
				o.net.MaxSnap != routing.DefaultMaxSnap || o.maxResidents != 100_000 || o.timeout != time.Minute {
				t.Errorf("defaults = %+v", o)
			}
		}},
		{name: "flags", args: []string{"--graph", "city.wsn", "--addr", "127.0.0.1:0", "--taxonomy", "tax.json",
			"--services", "dir.csv", "--profile", "elderly", "--max-snap", "150", "--max-residents", "5000", "--timeout", "5s"},
			check: func(t *testing.T, o *serveOptions) {
				if o.net.Graph != "city.wsn" || o.addr != "127.0.0.1:0" || o.taxonomy != "tax.json" || o.services != "dir.csv" ||
					o.profile != "elderly" || o.net.MaxSnap != 150 || o.maxResidents != 5000 || o.timeout != 5*time.Second {
					t.Errorf("options = %+v", o)
				}
			}},
		{name: "osm", args: []string{"--osm", "city.osm.pbf"}, check: func(t *testing.T, o *serveOptions) {
			if o.net.OSM != "city.osm.pbf" {
				t.Errorf("--osm = %q", o.net.OSM)
			}
		}},
		{name: "both inputs", args: []string{"--osm", "a.osm.pbf", "--graph", "a.wsn"}, wantErr: "not both"},
		{name: "bad addr", args: []string{"--addr", "8080"}, wantErr: "--addr"},
		{name: "no residents", args: []string{"--max-residents", "0"}, wantErr: "--max-residents"},
		{name: "no timeout", args: []string{"--timeout", "0s"}, wantErr: "--timeout"},
		{name: "bad max snap", args: []string{"--max-snap", "-1"}, wantErr: "--max-snap"},
		{name: "argument", args: []string{"city.osm.pbf"}, wantErr: "unknown command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got *serveOptions
			cmd := newCmdServe(&IO{Out: io.Discard, Err: io.Discard}, func(o *serveOptions) error { got = o; return nil })
			err := execute(cmd, tc.args)
			checkErr(t, "serve "+strings.Join(tc.args, " "), err, tc.wantErr)
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// TestServeBudgetAndProfile checks what runServe refuses before opening
// anything: a bad budget or profile is a usage error.
func TestServeBudgetAndProfile(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--minutes", "10", "--meters", "800"}, "not both"},
		{[]string{"--minutes", "90"}, "over the limit"},
		{[]string{"--profile", "runner"}, "unknown profile"},
	} {
		var cmd *cobra.Command
		cmd = newCmdServe(&IO{Out: io.Discard, Err: io.Discard}, func(o *serveOptions) error { return runServe(cmd, o) })
		checkErr(t, "serve "+strings.Join(tc.args, " "), execute(cmd, tc.args), tc.want)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe runs the server on the sample on a loopback port, asks it
// something, and stops it as an interrupt would. Its language is --lang's
// (here Chinese): answers to requests that ask for none are in it.
func TestServe(t *testing.T) {
	var stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrs := make(chan net.Addr, 1)
	var cmd *cobra.Command
	cmd = newCmdServe(&IO{Out: io.Discard, Err: &stderr, Lang: i18n.Chinese}, func(o *serveOptions) error {
		o.ready = func(a net.Addr) { addrs <- a }
		return runServe(cmd, o)
	})
	cmd.SetArgs([]string{"--addr", "127.0.0.1:0", "--minutes", "10"})
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	var addr net.Addr
	select {
	case addr = <-addrs:
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
	case <-time.After(time.Minute):
		t.Fatal("serve did not start within a minute")
	}
	resp, err := http.Get(fmt.Sprintf("http://%s/v1/nearest?at=7.4246,43.7384&category=pharmacy", addr))
	if err != nil {
		t.Fatal(err)
	}
	var card struct{ Budget string }
	err = json.NewDecoder(resp.Body).Decode(&card)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || card.Budget != "10min" {
		t.Errorf("nearest: status %d, budget %q (%v); want 200 with the server's default budget 10min", resp.StatusCode, card.Budget, err)
	}
	if got := resp.Header.Get("Content-Language"); got != "zh-Hans" {
		t.Errorf("nearest: Content-Language %q, want the server's language zh-Hans", got)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after cancel: %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30 s of the cancel")
	}
	log := stderr.String()
	for _, want := range []string{"serving monaco-2026-03-10.osm.pbf", "© OpenStreetMap contributors", "GET /v1/nearest 200 ", "shutting down"} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr does not mention %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "warning") {
		t.Errorf("loopback address warned:\n%s", log)
	}
}
