package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/walkshed/walkshed/internal/inputfile"
)

// ErrNotRegular is wrapped by the error for a target that exists and is not
// a regular file (a named pipe, device, socket, directory or symbolic link).
var ErrNotRegular = errors.New("atomicfile: not a regular file")

// notRegularError names the target that is not a regular file and what it is.
type notRegularError struct {
	path string
	kind string
}

func (e *notRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file; refusing to replace it", e.path, e.kind)
}

func (e *notRegularError) Unwrap() error { return ErrNotRegular }

// CheckTarget returns an error wrapping ErrNotRegular if path exists and is
// not a regular file (a symbolic link is refused too, whatever it points
// to), and the existing file's permission bits, or 0o644 when there is no
// file yet. Write and WriteSet call it before writing anything; callers may
// call it earlier to fail before long work.
func CheckTarget(path string) (fs.FileMode, error) {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0o644, nil
	case err != nil:
		return 0, err
	case !st.Mode().IsRegular():
		return 0, &notRegularError{path: path, kind: inputfile.Kind(st.Mode())}
	}
	return st.Mode().Perm(), nil
}

// rename is os.Rename; tests replace it to fail on purpose.
var rename = os.Rename

// Write writes path atomically: write fills a temporary file in path's
// directory, which is synced, closed and renamed over path only once write
// returned nil. On any error the temporary file is removed and path is as
// it was. A new file gets mode 0644; a replaced one keeps its mode. path must
// be absent or a regular file (see CheckTarget).
func Write(path string, write func(w io.Writer) error) error {
	perm, err := CheckTarget(path)
	if err != nil {
		return err
	}
	tmp, err := writeTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp", perm, write)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// writeTemp creates a temporary file in dir by pattern, fills it with write
// and returns its name. On error nothing is left.
func writeTemp(dir, pattern string, perm fs.FileMode, write func(io.Writer) error) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	if err := fill(f, perm, write); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// fill gives f its permission bits, fills it with write, syncs it (so a
// rename never publishes a file whose content a crash could lose) and
// closes it. f is closed whatever happens.
func fill(f *os.File, perm fs.FileMode, write func(io.Writer) error) error {
	err := f.Chmod(perm)
	if err == nil {
		err = write(f)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
