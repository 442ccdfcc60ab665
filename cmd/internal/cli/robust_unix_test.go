//go:build unix

package cli_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/walkshed/walkshed/cmd/internal/cli"
)

// mkfifo makes a named pipe in dir, or skips t.
func mkfifo(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	return p
}

// invokeWithin is invoke that fails t, instead of hanging, when walkshed
// has not returned within a minute (opening a named pipe blocks).
func invokeWithin(t *testing.T, args ...string) result {
	t.Helper()
	done := make(chan result, 1)
	go func() { done <- invoke(t, args...) }()
	select {
	case r := <-done:
		return r
	case <-time.After(time.Minute):
		t.Fatalf("walkshed %s still running after a minute", strings.Join(args, " "))
		return result{}
	}
}

// TestInputNotRegular: a named pipe, a device or a folder given as an input
// is refused at once, naming the flag, instead of blocking for good (a pipe,
// deaf to Ctrl-C) or filling memory (/dev/zero).
func TestInputNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := mkfifo(t, dir, "input.fifo")
	tests := []struct {
		flag, path, kind string
	}{
		{"--residents", fifo, "a named pipe (FIFO)"},
		{"--residents", "/dev/zero", "a device"},
		{"--residents", dir, "a directory"},
		{"--services", fifo, "a named pipe (FIFO)"},
		{"--grids", fifo, "a named pipe (FIFO)"},
		{"--taxonomy", "/dev/zero", "a device"},
		{"--osm", fifo, "a named pipe (FIFO)"},
		{"--osm", "/dev/zero", "a device"},
		{"--graph", fifo, "a named pipe (FIFO)"},
		{"--graph", "/dev/zero", "a device"},
	}
	for _, tt := range tests {
		t.Run(tt.flag+" "+tt.kind, func(t *testing.T) {
			invokeWithin(t, "audit", tt.flag, tt.path).fails(t, 1, tt.flag+": "+tt.path+" is "+tt.kind+", not a regular file")
		})
	}
	invokeWithin(t, "isochrone", "--graph", fifo, "--at", "7.4246,43.7384").fails(t, 1, "--graph: "+fifo+" is a named pipe")
	invokeWithin(t, "nearest", "--at", "7.4246,43.7384", "--services", "/dev/zero").fails(t, 1, "--services: /dev/zero is a device")
	invokeWithin(t, "network", "--osm", fifo).fails(t, 1, "--osm: "+fifo+" is a named pipe")
}

// TestOutputNotRegular: an output naming a named pipe, a symbolic link, a
// device or a folder is refused before any work, and left as it was (the
// pipe was once replaced by a regular file, exit 0).
func TestOutputNotRegular(t *testing.T) {
	wsn := prepare(t)
	dir := t.TempDir()
	fifo := mkfifo(t, dir, "out.fifo")
	target := writeFile(t, dir, "target.geojson", "keep")
	link := filepath.Join(dir, "link.geojson")
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
	// run as root would replace /dev/null with a file.
	if dev := filepath.Join(dir, "null"); syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3) == nil {
		cases = append(cases, struct{ path, kind string }{dev, "a device"})
	}
	for _, tc := range cases {
		t.Run(tc.kind, func(t *testing.T) {
			invokeWithin(t, "isochrone", "--graph", wsn, "--at", "7.4246,43.7384", "-o", tc.path).
				fails(t, 1, "-o: "+tc.path+" is "+tc.kind+", not a regular file; refusing to replace it")
			invokeWithin(t, "network", "--graph", wsn, "--geojson", tc.path).fails(t, 1, "--geojson: "+tc.path+" is "+tc.kind)
		})
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("%s is no longer a named pipe", fifo)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a symbolic link", link)
	}
	unchanged(t, target, []byte("keep"))
	if names := dirNames(t, dir); len(names) != len(cases)+1 {
		t.Errorf("refused runs left files behind: %v", names)
	}
}

// stuckWriter is a standard output nobody reads: a write blocks for good,
// deaf to the context, as on a pipe into a paused pager.
type stuckWriter struct{}

func (stuckWriter) Write(p []byte) (int, error) {
	fmt.Fprintln(os.Stderr, "stuck")
	time.Sleep(time.Hour)
	return 0, errors.New("unreachable")
}

// TestSecondInterruptExits: the first Ctrl-C asks the command to stop; a
// command stuck where it cannot hear that (here, writing to an output
// nobody reads) exits at once on the second, with code 130. It runs
// walkshed in a child process, this test binary run again.
func TestSecondInterruptExits(t *testing.T) {
	if os.Getenv("WALKSHED_TEST_STUCK") == "1" {
		os.Exit(cli.Main([]string{"categories"}, stuckWriter{}, os.Stderr))
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSecondInterruptExits$")
	cmd.Env = append(os.Environ(), "WALKSHED_TEST_STUCK=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	waitFor := func(want string) {
		t.Helper()
		deadline := time.After(time.Minute)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("walkshed ended before printing %q", want)
				}
				if strings.Contains(l, want) {
					return
				}
			case <-deadline:
				cmd.Process.Kill()
				t.Fatalf("walkshed did not print %q within a minute", want)
			}
		}
	}
	waitFor("stuck")
	cmd.Process.Signal(os.Interrupt)
	waitFor("interrupt again to quit at once")
	cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 130 {
			t.Errorf("after a second interrupt walkshed ended with %v, want exit code 130", err)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("walkshed still running 30 s after a second interrupt")
	}
}
