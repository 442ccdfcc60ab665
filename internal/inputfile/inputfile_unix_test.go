//go:build unix

package inputfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

func TestCheckSpecial(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for path, kind := range map[string]string{fifo: "a named pipe (FIFO)", "/dev/zero": "a device"} {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		// Open would block on the FIFO forever if it opened it.
		if _, err := ReadText(path, nil); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), path+" is "+kind) {
			t.Errorf("ReadText(%s) = %v, want ErrNotRegular naming %s", path, err, kind)
		}
	}
}

// TestReadTextSparse: a 2 GiB sparse file fails at its first bytes, without
// reading it into memory.
func TestReadTextSparse(t *testing.T) {
	p := filepath.Join(t.TempDir(), "residents.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("id,lon,lat\n")
	f.Close()
	if err := os.Truncate(p, 2<<30); err != nil {
		t.Skip("cannot make a sparse file:", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = ReadText(p, func([]byte) int { return MaxLine })
	runtime.ReadMemStats(&after)
	var te *TextError
	if !errors.Is(err, ErrBinary) || !errors.As(err, &te) || te.Line != 2 {
		t.Fatalf("ReadText(sparse) = %v, want ErrBinary on line 2", err)
	}
	t.Logf("allocated %d KiB reading a 2 GiB sparse file", (after.TotalAlloc-before.TotalAlloc)>>10)
}
