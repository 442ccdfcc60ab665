package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/cmd/internal/cli"
)

// The tests in the cli_test package run walkshed end to end through
// cli.Main, as a user would, with buffers for standard output and error.

// monacoOSM is the bundled Monaco extract (also the embedded sample).
var monacoOSM = filepath.Join("..", "..", "..", "testdata", "monaco-2026-03-10.osm.pbf")

// result is what one walkshed run gave.
type result struct {
	code           int
	stdout, stderr string
}

// invoke runs the walkshed command line args and returns what it gave.
func invoke(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(args, &out, &errb)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// ok fails t unless the run succeeded.
func (r result) ok(t *testing.T, args ...string) result {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("walkshed %s: exit %d, want 0; stderr:\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

// fails fails t unless the run exited with code and its standard error
// contains every one of want.
func (r result) fails(t *testing.T, code int, want ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit %d, want %d; stderr:\n%s", r.code, code, r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr does not mention %q:\n%s", w, r.stderr)
		}
	}
}

// run is invoke(...).ok(...).
func run(t *testing.T, args ...string) result {
	t.Helper()
	return invoke(t, args...).ok(t, args...)
}

// writeFile writes content to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"help", []string{"--help"}, 0, ""},
		{"version", []string{"--version"}, 0, ""},
		{"unknown command", []string{"walk"}, 2, `unknown command "walk"`},
		{"unknown flag", []string{"audit", "--radius", "5"}, 2, "unknown flag: --radius"},
		{"osm and graph", []string{"audit", "--osm", "a.osm.pbf", "--graph", "b.wsn"}, 2, "give --osm or --graph, not both"},
		{"minutes and meters", []string{"audit", "--minutes", "10", "--meters", "800"}, 2, "give --minutes or --meters, not both"},
		{"bad profile", []string{"audit", "--profile", "jogging"}, 2, `unknown profile "jogging"`},
		{"bad group profile", []string{"audit", "--group-profile", "elderly=flying"}, 2, "--group-profile elderly=flying"},
		{"unknown format", []string{"audit", "--format", "xlsx"}, 2, `unknown --format "xlsx"`},
		{"isochrone without input", []string{"isochrone", "--at", "7.42,43.73"}, 2, "no input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := invoke(t, tt.args...)
			r.fails(t, tt.code, tt.want)
			if tt.code == 2 && !strings.Contains(r.stderr, "walkshed --help") {
				t.Errorf("usage error does not point to --help:\n%s", r.stderr)
			}
		})
	}
}
