//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("keep"), 0o644)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	cases := []struct{ path, kind string }{
		{fifo, "a named pipe (FIFO)"},
		{link, "a symbolic link"},
		{sub, "a directory"},
	}
	// A device of its own, never /dev/null: were the check to regress, a
	// test run as root would replace /dev/null with a file.
	if dev := filepath.Join(dir, "null"); syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3) == nil {
		cases = append(cases, struct{ path, kind string }{dev, "a device"})
	}
	for _, tc := range cases {
		err := Write(tc.path, writeString("x"))
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), tc.path+" is "+tc.kind) {
			t.Errorf("Write(%s) = %v, want ErrNotRegular naming it as %s", tc.path, err, tc.kind)
		}
	}
	st, err := os.Lstat(fifo)
	if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", st.Mode(), err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 || read(t, target) != "keep" {
		t.Errorf("the link or its target changed")
	}
}
