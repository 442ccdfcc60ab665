//go:build unix

package osmload_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/walkshed/walkshed/data/osmload"
)

// TestReadSpecialFiles: a named pipe or a device is refused, not opened (a
// pipe would block for good, /dev/zero never end).
func TestReadSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "city.osm.pbf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for path, kind := range map[string]string{fifo: "a named pipe (FIFO)", "/dev/zero": "a device"} {
		done := make(chan error, 1)
		go func() {
			_, err := osmload.Read(context.Background(), path, osmload.Options{})
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, osmload.ErrFormat) || !strings.Contains(err.Error(), path+": ") || !strings.Contains(err.Error(), kind) {
				t.Errorf("Read(%s) = %v, want ErrFormat naming it %s", path, err, kind)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Read(%s) still running after 10 s", path) // the goroutine leaks; the test binary ends
		}
	}
}
