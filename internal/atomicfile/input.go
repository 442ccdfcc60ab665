package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrIsInput is wrapped by the error of NotInput.
var ErrIsInput = errors.New("atomicfile: output is an input")

type isInputError struct{ msg string }

func (e *isInputError) Error() string { return e.msg }
func (e *isInputError) Unwrap() error { return ErrIsInput }

// Named is a file as the user named it: Label says how (a flag such as
// "--graph"), Path is the path given.
type Named struct {
	Label, Path string
}

func (n Named) String() string { return n.Label + " " + n.Path }

// NotInput returns an error wrapping ErrIsInput if the output path out
// (given as label, e.g. "-o" or "--out report") would overwrite one of
// inputs: the same file by os.SameFile (which sees through symbolic and hard
// links), or, for paths that do not exist yet, the same cleaned absolute
// path. Inputs with an empty Path are skipped. The message names both, as
// in "output p.wsn (-o) is the input --graph p.wsn; refusing to overwrite
// it".
func NotInput(label, out string, inputs ...Named) error {
	for _, in := range inputs {
		if in.Path != "" && Same(out, in.Path) {
			return &isInputError{fmt.Sprintf("output %s (%s) is the input %s; refusing to overwrite it", out, label, in)}
		}
	}
	return nil
}

// Same reports whether paths a and b name the same file: os.SameFile when
// both exist, else equal cleaned absolute paths.
func Same(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}
