package cli_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestProgressNotTerminal checks standard error when it is not a terminal
// (a buffer here): no progress at all, one timing line per stage with
// --verbose, and nothing but errors with --quiet; standard output is the
// same in every case.
func TestProgressNotTerminal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	plain := run(t, "audit", "--out", dir)
	if strings.ContainsAny(plain.stderr, "\r\x1b") || strings.Contains(plain.stderr, "reading") {
		t.Errorf("progress shown on a non-terminal:\n%q", plain.stderr)
	}
	if want := "wrote the audit to " + dir + "/"; !strings.HasPrefix(plain.stderr, want) || strings.Count(plain.stderr, "\n") != 1 {
		t.Errorf("stderr = %q, want only the note %q", plain.stderr, want)
	}

	verbose := run(t, "audit", "--verbose", "--out", dir)
	line := regexp.MustCompile(`^walkshed: (reading|building|searching|service areas|writing|total) +\d[\dµmsh.]*$`)
	var stages []string
	for _, l := range strings.Split(strings.TrimSpace(verbose.stderr), "\n") {
		if strings.HasPrefix(l, "wrote the audit") {
			continue
		}
		if !line.MatchString(l) {
			t.Errorf("--verbose line %q is not a stage timing", l)
			continue
		}
		stages = append(stages, strings.Fields(strings.TrimPrefix(l, "walkshed: "))[0])
	}
	if got := strings.Join(stages, ","); got != "reading,building,searching,service,writing,total" {
		t.Errorf("--verbose stages = %s, want reading, building, searching, service areas, writing, total", got)
	}
	if strings.ContainsAny(verbose.stderr, "\r\x1b") {
		t.Errorf("--verbose drew progress on a non-terminal:\n%q", verbose.stderr)
	}

	quiet := run(t, "audit", "-q", "--out", dir)
	if quiet.stderr != "" {
		t.Errorf("--quiet printed %q", quiet.stderr)
	}
	if plain.stdout != verbose.stdout || plain.stdout != quiet.stdout {
		t.Error("--verbose or --quiet changed standard output")
	}

	// A prepared network is loaded, not read and built.
	wsn := filepath.Join(t.TempDir(), "monaco.wsn")
	run(t, "network", "--osm", monacoOSM, "--save", wsn, "-q")
	if r := run(t, "nearest", "--graph", wsn, "--at", "7.4246,43.7384", "-v"); !regexp.MustCompile(`(?m)^walkshed: loading +\S+$`).MatchString(r.stderr) {
		t.Errorf("nearest --graph -v: stderr %q, want the loading time", r.stderr)
	}

	invoke(t, "audit", "--verbose", "--quiet").fails(t, 2, "give --verbose or --quiet, not both")
	invoke(t, "audit", "--lang", "fr").fails(t, 2, `--lang: unknown language "fr"; known: en, zh`)
}
