package walkshed_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// layers are the module's layers, lowest first. A package may import
// packages of its own layer and of the layers below it, never above:
// cmd → walkshed → data → routing → geo → internal (the module's leaf
// helpers, atomicfile and inputfile, which use only the standard library).
var layers = []struct {
	name     string
	contains func(rel string) bool // rel: import path inside the module, "" for the root
}{
	{"internal", func(rel string) bool { return strings.HasPrefix(rel, "internal/") }},
	{"geo", func(rel string) bool { return rel == "geo" || strings.HasPrefix(rel, "geo/") }},
	{"routing", func(rel string) bool { return rel == "routing" || strings.HasPrefix(rel, "routing/") }},
	{"data", func(rel string) bool { return rel == "data" || strings.HasPrefix(rel, "data/") }},
	{"walkshed", func(rel string) bool { return rel == "" }},
	{"cmd", func(rel string) bool { return rel == "cmd" || strings.HasPrefix(rel, "cmd/") }},
}

const module = "github.com/walkshed/walkshed"

// layerOf returns the layer index of an import path of the module, -1 for
// a path outside the module and -2 for a module path in no layer.
func layerOf(path string) int {
	rel, ok := strings.CutPrefix(path, module)
	if !ok || (rel != "" && rel[0] != '/') {
		return -1
	}
	rel = strings.TrimPrefix(rel, "/")
	for i, l := range layers {
		if l.contains(rel) {
			return i
		}
	}
	return -2
}

// listed is one package as `go list -json` describes it.
type listed struct {
	ImportPath  string
	Imports     []string
	TestImports []string
	Error       *struct{ Err string }
}

// violations returns one message per import of pkgs that points up a layer
// or leaves the layers, and per package go list could not load.
func violations(pkgs []listed) []string {
	var out []string
	for _, p := range pkgs {
		if p.Error != nil { // an import cycle, say; the edges are still checked
			out = append(out, "go list: "+p.ImportPath+": "+p.Error.Err)
		}
		from := layerOf(p.ImportPath)
		if from < 0 {
			out = append(out, "package "+p.ImportPath+" is in no layer: add it to the layers of layers_test.go")
			continue
		}
		check := func(imports []string, what string) {
			for _, imp := range imports {
				switch to := layerOf(imp); {
				case to == -2:
					out = append(out, p.ImportPath+" "+what+" "+imp+", which is in no layer")
				case to > from:
					out = append(out, fmt.Sprintf("%s (layer %s) %s %s (layer %s): imports must point down, cmd → walkshed → data → routing → geo",
						p.ImportPath, layers[from].name, what, imp, layers[to].name))
				}
			}
		}
		check(p.Imports, "imports")
		check(p.TestImports, "imports in its tests")
	}
	return out
}

// TestImportDirection lists the module's packages with `go list` and fails
// on every import that points up a layer, naming the edge. It checks the
// imports of each package and of its in-package tests (which are compiled
// into it). External test packages (package x_test) are not checked: they
// are no part of the library, and routing's load real OSM extracts through
// data/osmload.
func TestImportDirection(t *testing.T) {
	cmd := exec.Command("go", "list", "-e", "-json=ImportPath,Imports,TestImports,Error", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []listed
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < len(layers) {
		t.Fatalf("go list found %d packages, want at least one per layer", len(pkgs))
	}
	for _, v := range violations(pkgs) {
		t.Error(v)
	}
}

// TestViolations checks that upward and unknown edges are named, and that
// downward and same-layer edges, external packages and test-only edges of
// external test packages (absent from the listing) pass.
func TestViolations(t *testing.T) {
	m := func(rel string) string { return module + rel }
	pkgs := []listed{
		{ImportPath: m("/geo/hex"), Imports: []string{m("/geo"), "github.com/uber/h3-go/v4"}, TestImports: []string{m("/routing")}},
		{ImportPath: m("/routing"), Imports: []string{m("/geo"), m("/routing/internal/x"), m("/data/osmload")}},
		{ImportPath: m("/data/report"), Imports: []string{m("/routing/access"), m("/data/table")}},
		{ImportPath: m(""), Imports: []string{m("/data/report"), m("/cmd/internal/cli")}},
		{ImportPath: m("/cmd/internal/cli"), Imports: []string{m(""), m("/cmd/internal/api"), m("/tools/gen")}},
		{ImportPath: m("/tools/x")},
	}
	got := violations(pkgs)
	want := []string{
		m("/geo/hex") + " (layer geo) imports in its tests " + m("/routing") + " (layer routing)",
		m("/routing") + " (layer routing) imports " + m("/data/osmload") + " (layer data)",
		m("") + " (layer walkshed) imports " + m("/cmd/internal/cli") + " (layer cmd)",
		m("/cmd/internal/cli") + " imports " + m("/tools/gen") + ", which is in no layer",
		"package " + m("/tools/x") + " is in no layer",
	}
	if len(got) != len(want) {
		t.Fatalf("violations:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("violation %d = %q, want it to start %q", i, got[i], want[i])
		}
	}
}

// TestLayerOf checks the classification TestImportDirection rests on.
func TestLayerOf(t *testing.T) {
	for path, want := range map[string]int{
		module + "/geo":                     1,
		module + "/geo/hex":                 1,
		module + "/geography":               -2, // a prefix is no match
		module + "/routing/access":          2,
		module + "/data/internal/textpos":   3,
		module:                              4,
		module + "/cmd/internal/cli":        5,
		module + "/tools":                   -2,
		module + "x/geo":                    -1,
		"github.com/paulmach/orb":           -1,
		module + "/internal/atomicfile":     0,
		"github.com/walkshed/walkshed2/geo": -1,
	} {
		if got := layerOf(path); got != want {
			t.Errorf("layerOf(%q) = %d, want %d", path, got, want)
		}
	}
}
