package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// names lists dir, hidden entries included.
func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := Write(path, writeString("one")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, writeString("two")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); got != "two" {
		t.Errorf("content %q, want two", got)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the replaced file's 0600", st.Mode().Perm())
	}
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error { io.WriteString(w, "half"); return boom })
	if !errors.Is(err, boom) {
		t.Errorf("Write with a failing writer = %v, want boom", err)
	}
	if got := read(t, path); got != "two" {
		t.Errorf("after a failed write: content %q, want two", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"out.txt"}) {
		t.Errorf("left in the folder: %v, want only out.txt", got)
	}
}

func files(contents ...string) []File {
	var fs []File
	for i, c := range contents {
		fs = append(fs, File{Name: string(rune('a'+i)) + ".txt", Write: writeString(c)})
	}
	return fs
}

func TestWriteSet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := WriteSet(dir, files("1", "1", "1")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("mine"), 0o644)
	if err := WriteSet(dir, files("2", "2", "2")); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		if got := read(t, filepath.Join(dir, n)); got != "2" {
			t.Errorf("%s = %q, want 2", n, got)
		}
	}
	if got := names(t, dir); !slices.Equal(got, []string{"a.txt", "b.txt", "c.txt", "notes.md"}) {
		t.Errorf("folder holds %v, want the set and notes.md", got)
	}
	if got := names(t, filepath.Dir(dir)); !slices.Equal(got, []string{"out"}) {
		t.Errorf("parent holds %v, want only out", got)
	}
}

// TestWriteSetFailsWhole: a run failing at the second file, or at the
// rename of the third, leaves the first run's set as it was.
func TestWriteSetFailsWhole(t *testing.T) {
	boom := errors.New("boom")
	check := func(t *testing.T, dir string) {
		t.Helper()
		for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
			if got := read(t, filepath.Join(dir, n)); got != "1" {
				t.Errorf("%s = %q after a failed run, want the first run's 1", n, got)
			}
		}
		if got := names(t, dir); !slices.Equal(got, []string{"a.txt", "b.txt", "c.txt"}) {
			t.Errorf("folder holds %v after a failed run, want a.txt b.txt c.txt", got)
		}
	}
	t.Run("writer", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteSet(dir, files("1", "1", "1")); err != nil {
			t.Fatal(err)
		}
		fs := files("2", "2", "2")
		fs[1].Write = func(io.Writer) error { return boom }
		if err := WriteSet(dir, fs); !errors.Is(err, boom) {
			t.Fatalf("WriteSet = %v, want boom", err)
		}
		check(t, dir)
	})
	t.Run("rename", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteSet(dir, files("1", "1", "1")); err != nil {
			t.Fatal(err)
		}
		rename = func(from, to string) error {
			if filepath.Base(to) == "c.txt" {
				return boom
			}
			return os.Rename(from, to)
		}
		defer func() { rename = os.Rename }()
		err := WriteSet(dir, files("2", "2", "2"))
		if !errors.Is(err, boom) || !strings.Contains(err.Error(), "left as it was") {
			t.Fatalf("WriteSet = %v, want boom and the folder left as it was", err)
		}
		check(t, dir)
	})
	t.Run("new folder", func(t *testing.T) {
		parent := t.TempDir()
		fs := files("2", "2", "2")
		fs[2].Write = func(io.Writer) error { return boom }
		if err := WriteSet(filepath.Join(parent, "out"), fs); !errors.Is(err, boom) {
			t.Fatalf("WriteSet = %v, want boom", err)
		}
		if got := names(t, parent); len(got) != 0 {
			t.Errorf("a failed run into a new folder left %v", got)
		}
	})
	t.Run("target not regular", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteSet(dir, files("1", "1", "1")); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(dir, "c.txt"))
		os.Mkdir(filepath.Join(dir, "c.txt"), 0o755)
		err := WriteSet(dir, files("2", "2", "2"))
		if !errors.Is(err, ErrNotRegular) {
			t.Fatalf("WriteSet = %v, want ErrNotRegular", err)
		}
		for _, n := range []string{"a.txt", "b.txt"} {
			if got := read(t, filepath.Join(dir, n)); got != "1" {
				t.Errorf("%s = %q, want 1", n, got)
			}
		}
	})
}

func TestNotInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "p.wsn")
	os.WriteFile(in, []byte("x"), 0o644)
	link := filepath.Join(dir, "link.wsn")
	os.Symlink(in, link)
	other := filepath.Join(dir, "other")
	os.WriteFile(other, []byte("y"), 0o644)
	for _, tc := range []struct {
		out  string
		want bool
	}{
		{in, true},
		{link, true},
		{filepath.Join(dir, ".", "p.wsn"), true},
		{other, false},
		{filepath.Join(dir, "new"), false},
	} {
		err := NotInput("-o", tc.out, Named{"--osm", ""}, Named{"--graph", in})
		if got := errors.Is(err, ErrIsInput); got != tc.want {
			t.Errorf("NotInput(%s) = %v, want an error: %v", tc.out, err, tc.want)
		}
		if tc.want && !strings.Contains(err.Error(), "is the input --graph "+in+"; refusing to overwrite it") {
			t.Errorf("NotInput(%s) = %q, want it to name the input", tc.out, err)
		}
	}
	// Paths that do not exist yet are compared by name.
	if !Same(filepath.Join(dir, "a", "..", "new"), filepath.Join(dir, "new")) {
		t.Error("Same(dir/a/../new, dir/new) = false, want true")
	}
}
