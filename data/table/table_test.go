package table_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// writeFile writes content to a file called name in a fresh temporary
// directory and returns its path.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkErr checks that err's message, with the temporary directory removed,
// is want, and that it matches the sentinel kind (if not nil).
func checkErr(t *testing.T, err error, dir, want string, kind error) {
	t.Helper()
	if err == nil {
		t.Fatalf("error = nil, want %q", want)
	}
	got := err.Error()
	if dir != "" {
		if rel, ok := cutPrefix(got, dir+string(filepath.Separator)); ok {
			got = rel
		}
	}
	if got != want {
		t.Errorf("error\n got %q\nwant %q", got, want)
	}
	if kind != nil && !errors.Is(err, kind) {
		t.Errorf("error %q does not match %v", got, kind)
	}
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return s, false
}

func deepEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s =\n%+v\nwant\n%+v", what, got, want)
	}
}
