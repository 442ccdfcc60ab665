package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/walkshed/walkshed/internal/inputfile"
)

// File is one file of a set written by WriteSet.
type File struct {
	// Name is the file's name in the folder, without a directory.
	Name string
	// Write writes the file's content.
	Write func(w io.Writer) error
}

// WriteSet writes files into dir as one set, so that dir never holds files
// of two runs side by side:
//
//   - When dir does not exist, the files are written into a temporary
//     folder beside it, which is renamed to dir: one atomic step.
//   - When dir exists, the files are written into a temporary folder inside
//     it and, once every one is complete, renamed over their old versions
//     one after the other, an instant apart. Files of other names in dir
//     are left alone. If a rename fails, those already done are undone
//     (the old versions are kept as hard links until the end; on a file
//     system without hard links an undone file is removed instead).
//
// Before anything is written, every target must be absent or a regular
// file (see CheckTarget). An error while writing leaves dir as it was, and
// no temporary file or folder behind. Replaced files keep their mode; new
// ones get 0644 (the folder 0755). Names must be plain, distinct file
// names.
func WriteSet(dir string, files []File) error {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if f.Name == "" || f.Name == "." || f.Name == ".." || strings.ContainsAny(f.Name, `/\`) || seen[f.Name] {
			return fmt.Errorf("atomicfile: bad or repeated file name %q in a set", f.Name)
		}
		seen[f.Name] = true
	}
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return writeNewDir(dir, files)
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("%s is %s, not a directory", dir, inputfile.Kind(st.Mode()))
	}
	perms := make([]fs.FileMode, len(files))
	for i, f := range files {
		if perms[i], err = CheckTarget(filepath.Join(dir, f.Name)); err != nil {
			return err
		}
	}
	stage, err := os.MkdirTemp(dir, ".set-*.tmp")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	if err := writeAll(stage, files, perms); err != nil {
		return err
	}
	return commit(dir, stage, files)
}

// writeNewDir writes files into a temporary folder beside dir and renames it
// to dir.
func writeNewDir(dir string, files []File) error {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage) // after a successful rename there is nothing left to remove
	perms := make([]fs.FileMode, len(files))
	for i := range perms {
		perms[i] = 0o644
	}
	if err := writeAll(stage, files, perms); err != nil {
		return err
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	if err := rename(stage, dir); err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	return nil
}

// writeAll writes every file into the folder stage.
func writeAll(stage string, files []File, perms []fs.FileMode) error {
	for i, f := range files {
		out, err := os.OpenFile(filepath.Join(stage, f.Name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		if err := fill(out, perms[i], f.Write); err != nil {
			return fmt.Errorf("writing %s: %w", f.Name, err)
		}
	}
	return nil
}

// commit renames the complete files of stage into dir, undoing the renames
// already done if one fails.
func commit(dir, stage string, files []File) error {
	old := filepath.Join(stage, ".old")
	if err := os.Mkdir(old, 0o700); err != nil {
		return err
	}
	type replaced struct {
		target, backup string // backup is "" when there was no old file or no link could be made
		existed        bool
	}
	var done []replaced
	for _, f := range files {
		r := replaced{target: filepath.Join(dir, f.Name)}
		if _, err := os.Lstat(r.target); err == nil {
			r.existed = true
			if os.Link(r.target, filepath.Join(old, f.Name)) == nil {
				r.backup = filepath.Join(old, f.Name)
			}
		}
		if err := rename(filepath.Join(stage, f.Name), r.target); err != nil {
			err = fmt.Errorf("writing %s: %w", r.target, err)
			var lost []string
			for i := len(done) - 1; i >= 0; i-- {
				d := done[i]
				switch {
				case d.backup != "":
					if os.Rename(d.backup, d.target) != nil {
						lost = append(lost, d.target)
					}
				case !d.existed:
					os.Remove(d.target)
				default:
					os.Remove(d.target)
					lost = append(lost, d.target)
				}
			}
			if len(lost) > 0 {
				return fmt.Errorf("%w; the old version of %s could not be restored", err, strings.Join(lost, ", "))
			}
			return fmt.Errorf("%w; %s was left as it was", err, dir)
		}
		done = append(done, r)
	}
	return nil
}
