package inputfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadText(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	limit := func(n int) func([]byte) int { return func([]byte) int { return n } }
	long := strings.Repeat("x", 200<<10) // longer than a read chunk
	for _, tc := range []struct {
		name, content string
		limit         func([]byte) int
		want          error
		line          int
	}{
		{"empty", "", limit(10), nil, 0},
		{"ok", "id,lon,lat\n1,2,3\n", limit(10), nil, 0},
		{"exactly the limit", "0123456789\n0123456789", limit(10), nil, 0},
		{"line too long", "id\n0123456789a\n", limit(10), ErrLineTooLong, 2},
		{"long line across chunks", "a\nb\n" + long + "\n", limit(100 << 10), ErrLineTooLong, 3},
		{"long line, no limit", "a\n" + long, nil, nil, 0},
		{"long line, limit 0", "a\n" + long, limit(0), nil, 0},
		{"NUL", "a\nb\nc\x00d\n", nil, ErrBinary, 3},
		{"NUL after a chunk", long + "\n\n" + "\x00", nil, ErrBinary, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := write(tc.name, tc.content)
			got, err := ReadText(p, tc.limit)
			if !errors.Is(err, tc.want) {
				t.Fatalf("ReadText = %v, want %v", err, tc.want)
			}
			if tc.want == nil {
				if string(got) != tc.content {
					t.Errorf("ReadText returned %d bytes, want the %d of the file", len(got), len(tc.content))
				}
				return
			}
			var te *TextError
			if !errors.As(err, &te) || te.Line != tc.line || te.Path != p {
				t.Errorf("ReadText = %v, want a *TextError at %s:%d", err, p, tc.line)
			}
		})
	}
}

func TestReadTextLimitSeesHead(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x")
	os.WriteFile(p, []byte("{\n"+strings.Repeat("y", 100)), 0o644)
	var head string
	_, err := ReadText(p, func(h []byte) int { head = string(h); return 10 })
	if !errors.Is(err, ErrLineTooLong) || !strings.HasPrefix(head, "{\n") {
		t.Errorf("ReadText = %v with head %.5q, want ErrLineTooLong with head {\\n", err, head)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	os.WriteFile(file, nil, 0o644)
	link := filepath.Join(dir, "link")
	os.Symlink(file, link)
	if err := Check(file); err != nil {
		t.Errorf("Check(file) = %v", err)
	}
	if err := Check(link); err != nil {
		t.Errorf("Check(link to a file) = %v, want nil", err)
	}
	if err := Check(dir); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), dir+" is a directory") {
		t.Errorf("Check(dir) = %v, want ErrNotRegular naming a directory", err)
	}
	if err := Check(filepath.Join(dir, "none")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Check(missing) = %v, want ErrNotExist", err)
	}
}

func TestClip(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"short", "short"},
		{strings.Repeat("a", MaxEcho), strings.Repeat("a", MaxEcho)},
		{strings.Repeat("a", MaxEcho+1), strings.Repeat("a", MaxEcho) + "…"},
		{strings.Repeat("é", MaxEcho), strings.Repeat("é", MaxEcho)},
		{strings.Repeat("é", MaxEcho+5), strings.Repeat("é", MaxEcho) + "…"},
	} {
		if got := Clip(tc.in); got != tc.want {
			t.Errorf("Clip(%d bytes) = %q, want %q", len(tc.in), got, tc.want)
		}
	}
}
