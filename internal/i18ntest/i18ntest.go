// Package i18ntest finds the messages a package formats through the
// data/i18n catalogue, so that its tests can require a translation of each.
package i18ntest

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Keys returns the string literals that the first group of pattern
// matches in the non-test Go files of dir, e.g. the keys of
// `\btr\(("(?:[^"\\]|\\.)*")` calls. It fails t when fewer than min are
// found, which means the pattern no longer fits the code.
func Keys(t testing.TB, dir, pattern string, min int) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(pattern)
	var keys []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			k, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatalf("%s: %s: %v", f, m[1], err)
			}
			keys = append(keys, k)
		}
	}
	if len(keys) < min {
		t.Fatalf("found %d messages in %s, want at least %d: the pattern %s misses the calls", len(keys), dir, min, pattern)
	}
	return keys
}

// TrCall matches the calls tr("...") and x.tr("...") and captures the key.
const TrCall = `\btr\(("(?:[^"\\]|\\.)*")`
