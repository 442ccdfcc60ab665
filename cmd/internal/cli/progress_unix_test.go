//go:build unix

package cli_test

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/walkshed/walkshed/cmd/internal/cli"
)

// ttyRun runs walkshed with its standard error on a pseudo-terminal and
// returns what the terminal received.
func ttyRun(t *testing.T, args ...string) (code int, tty string) {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer master.Close()
	if err := pty.Setsize(slave, &pty.Winsize{Rows: 40, Cols: 120}); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, master) // ends when the slave side is closed
		got <- b.Bytes()
	}()
	code = cli.Main(args, io.Discard, slave)
	time.Sleep(50 * time.Millisecond) // let the last frame reach the master
	slave.Close()
	return code, string(<-got)
}

// TestProgressOnTerminal checks that on a terminal the stages show as
// progress bars, and that --quiet shows nothing.
func TestProgressOnTerminal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, tty := ttyRun(t, "audit", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, tty)
	}
	for _, want := range []string{"reading", "building", "searching", "writing", "100 %"} {
		if !strings.Contains(tty, want) {
			t.Errorf("the terminal shows no %q:\n%q", want, tty)
		}
	}
	if !strings.Contains(tty, "\x1b[") {
		t.Errorf("no bar was redrawn (no escape sequence):\n%q", tty)
	}
	code, tty = ttyRun(t, "audit", "--quiet", "--out", dir)
	if code != 0 || tty != "" {
		t.Errorf("--quiet: exit %d, terminal got %q, want nothing", code, tty)
	}
}
