package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/internal/atomicfile"
	"github.com/walkshed/walkshed/internal/inputfile"
)

// named is a file as the command line names it: its flag and path.
type named = atomicfile.Named

// inputs lists the network input files the flags give.
func (f *networkFlags) inputs() []named {
	return []named{{Label: "--osm", Path: f.OSM}, {Label: "--graph", Path: f.Graph}}
}

// checkInputs refuses, before any work, input files that exist but are not
// regular files: a named pipe would block the command for good, /dev/zero
// would fill memory. Missing files are left to the readers, whose errors
// say more.
func checkInputs(files []named) error {
	for _, f := range files {
		if f.Path == "" {
			continue
		}
		if err := inputfile.Check(f.Path); errors.Is(err, inputfile.ErrNotRegular) {
			return fmt.Errorf("%s: %w", f.Label, err)
		}
	}
	return nil
}

// checkOutputs refuses, before any work, input files that are not regular
// files (see checkInputs), and outputs that are one of the inputs or one
// another, or that exist and are not regular files: outputs replace their
// file, so any of these would be lost.
func checkOutputs(inputs []named, outputs ...named) error {
	if err := checkInputs(inputs); err != nil {
		return err
	}
	for i, out := range outputs {
		if out.Path == "" {
			continue
		}
		if err := atomicfile.NotInput(out.Label, out.Path, inputs...); err != nil {
			return err
		}
		for _, other := range outputs[:i] {
			if other.Path != "" && atomicfile.Same(out.Path, other.Path) {
				return usagef("%s and %s name the same file %s; give each output its own file", other.Label, out.Label, out.Path)
			}
		}
		if _, err := atomicfile.CheckTarget(out.Path); err != nil {
			return fmt.Errorf("%s: %w", out.Label, err)
		}
	}
	return nil
}

// setOutputs names the files a folder output will replace, for
// checkOutputs.
func setOutputs(label, dir string, names []string) []named {
	out := make([]named, len(names))
	for i, n := range names {
		out[i] = named{Label: label + " " + dir, Path: filepath.Join(dir, n)}
	}
	return out
}

// inputs lists the input files of an audit; a GeoPackage layer
// (FILE.gpkg:LAYER) is its file.
func (o *auditOptions) inputs() []named {
	in := append(o.net.inputs(), named{Label: "--residents", Path: gpkgFile(o.residents)},
		named{Label: "--services", Path: gpkgFile(o.services)}, named{Label: "--taxonomy", Path: o.taxonomy})
	if !strings.HasPrefix(o.grids, "osm:") {
		in = append(in, named{Label: "--grids", Path: gpkgFile(o.grids)})
	}
	return in
}

// gpkgFile is the file of an input path that may name a GeoPackage layer.
func gpkgFile(path string) string {
	file, _, _ := table.SplitGeoPackage(path)
	return file
}

// outputs lists the files an audit's --out replaces.
func (o *auditOptions) outputs() []named {
	if o.out == "" {
		return nil
	}
	return setOutputs("--out", o.out, report.Files())
}
