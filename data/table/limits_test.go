package table_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/internal/inputfile"
)

// TestReadLimits: wrong or hostile files fail fast with an error naming the
// file and line, and echo at most a clipped piece of themselves.
func TestReadLimits(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	huge := strings.Repeat("h", inputfile.MaxLine+1)
	tests := []struct {
		name, file, content string
		want                error
		msg                 []string
	}{
		{"NUL", "r.csv", "id,lon,lat\nr1,7.42,43.73\n\x00\x00", inputfile.ErrBinary, []string{"r.csv:3:", "NUL byte"}},
		{"long header", "r.csv", huge + "\nr1,7.42,43.73\n", inputfile.ErrLineTooLong, []string{"r.csv:1:", "longer than 1 MiB"}},
		{"long record", "r.csv", "id,lon,lat\nr1,7.42,43.73\nr2," + huge + "\n", inputfile.ErrLineTooLong, []string{"r.csv:3:"}},
		{"wide header echoed clipped", "r.csv", strings.Repeat("column,", 10000) + "\nx\n", table.ErrMissingColumn, []string{"r.csv:1:", "…"}},
		{"long value echoed clipped", "r.csv", "id,lon,lat\nr1," + strings.Repeat("9x", 1000) + ",43.73\n", nil, []string{"r.csv:2:", "…"}},
		{"GeoJSON on one long line", "r.geojson", `{"type":"FeatureCollection","features":[` +
			strings.Repeat(`{"type":"Feature","properties":{"id":"`+strings.Repeat("a", 100)+`"},"geometry":{"type":"Point","coordinates":[7.42,43.73]}},`, 20000) +
			`{"type":"Feature","properties":{"id":"last"},"geometry":{"type":"Point","coordinates":[7.42,43.73]}}]}`, table.ErrDuplicate, []string{"r.geojson:1:", "…"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(tt.file, tt.content)
			_, _, err := table.ReadResidents(p, table.Options{})
			var pe *table.ParseError
			if err == nil || !errors.As(err, &pe) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("ReadResidents = %v, want a *ParseError matching %v", err, tt.want)
			}
			msg := err.Error()
			for _, m := range tt.msg {
				if !strings.Contains(msg, m) {
					t.Errorf("error %q does not mention %q", msg, m)
				}
			}
			if len(msg) > 400 {
				t.Errorf("error is %d bytes long, want it clipped: %.200s…", len(msg), msg)
			}
		})
	}
}
