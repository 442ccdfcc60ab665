// Package gdaltest runs GDAL's tools on files written by tests: ogrinfo,
// which reads a GeoPackage as QGIS does, and validate_gpkg.py, GDAL's
// checker of the GeoPackage requirements. Both come with Debian's gdal-bin
// (which pulls in python3-gdal); .ci/run installs it. Where a tool is
// absent the test is skipped with a message that says so.
package gdaltest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Ogrinfo runs ogrinfo -ro with args and returns its output; it fails t
// when ogrinfo fails or reports an error or warning, and skips t when
// ogrinfo is not installed.
func Ogrinfo(t testing.TB, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo (Debian gdal-bin) is not installed; .ci/run installs it")
	}
	out, err := exec.Command(bin, append([]string{"-ro"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	s := string(out)
	for _, bad := range []string{"ERROR", "Warning"} {
		if strings.Contains(s, bad) {
			t.Errorf("ogrinfo %s complains:\n%s", strings.Join(args, " "), s)
		}
	}
	return s
}

// validatorScripts are where Debian's python3-gdal puts validate_gpkg.py.
var validatorScripts = []string{
	"/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py",
	"/usr/share/doc/python3-gdal/examples/validate_gpkg.py",
}

// Validate runs GDAL's validate_gpkg.py on path and fails t on any
// finding; it skips t when the checker is not installed. (The checker of
// GDAL 3.6 misreads the empty-geometry flag, so files given to it should
// hold no empty geometry; NULL geometries are fine.)
func Validate(t testing.TB, path string) {
	t.Helper()
	const python = "/usr/bin/python3"
	for _, script := range validatorScripts {
		if _, err := os.Stat(script); err != nil {
			continue
		}
		if exec.Command(python, "-c", "import osgeo").Run() != nil {
			break
		}
		out, err := exec.Command(python, script, path).CombinedOutput()
		if err != nil || len(out) > 0 {
			t.Errorf("validate_gpkg.py %s: %v\n%s", path, err, out)
		}
		return
	}
	t.Skip("GDAL's validate_gpkg.py (Debian python3-gdal) is not installed; .ci/run installs gdal-bin")
}
