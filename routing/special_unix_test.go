//go:build unix

package routing_test

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/walkshed/walkshed/internal/inputfile"
	"github.com/walkshed/walkshed/routing"
)

// TestOpenFileSpecial: a named pipe or a device is refused, not opened or
// read (/dev/zero would be read until memory runs out).
func TestOpenFileSpecial(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "city.wsn")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		done := make(chan error, 1)
		go func() {
			_, err := routing.OpenFile(path)
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, inputfile.ErrNotRegular) || !strings.Contains(err.Error(), path) {
				t.Errorf("OpenFile(%s) = %v, want ErrNotRegular naming it", path, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("OpenFile(%s) still running after 10 s", path)
		}
	}
}
