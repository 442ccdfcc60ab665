package walkshed

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/osmload"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/routing"
)

// Version is walkshed's version, printed in report headers.
const Version = "0.1.0"

// Attribution must accompany every result derived from OpenStreetMap data.
const Attribution = report.Attribution

// SampleName is the name of the embedded sample city.
const SampleName = "monaco-2026-03-10.osm.pbf"

//go:embed testdata/monaco-2026-03-10.osm.pbf
var sample []byte

// OpenOptions tune how a city is built from OSM. The zero value means
// defaults.
type OpenOptions struct {
	// Build tunes the network builder (island threshold).
	Build routing.BuildOptions
	// OSM tunes the OSM reader.
	OSM osmload.Options
}

// City is a walking network with what the OSM file said about services,
// buildings and boundaries. It is immutable and safe for concurrent use.
type City struct {
	Graph   *routing.Graph
	Snapper *routing.Snapper
	// Source is the OSM file the network was built from (as given, or its
	// base name when opened from a prepared file); Timestamp the OSM data
	// timestamp.
	Source    string
	Timestamp time.Time
	// Prepared is the prepared network file the city was opened from, or
	// "" when it was built from OSM.
	Prepared string
	// Report describes the network build.
	Report routing.BuildReport
	// DroppedWays counts highway ways left out of the network, by reason.
	DroppedWays map[string]int
	// Features are the OSM elements that may be services (see osmload).
	Features []osmload.Feature
	// Buildings and ResidentialLanduse feed the resident estimate.
	Buildings          []osmload.Building
	ResidentialLanduse []orb.MultiPolygon
	// Boundaries are the complete administrative boundaries of the file.
	Boundaries []osmload.Boundary
	// AreaCrossings counts the straight ways added across pedestrian squares
	// (0 when squares are walked along their outline only).
	AreaCrossings int
	// StreetNames are the names of the walkable ways, sorted by way id
	// (see StreetName).
	StreetNames []osmload.StreetName
	// BuildTime is how long reading and building took (zero for .wsn).
	BuildTime time.Duration

	isoWorkers sync.Pool // *isochrone.Worker: search buffers and H3 caches
}

// Open opens a city from an OSM file (.osm.pbf, .osm) or a prepared network
// (.wsn; recognised by its content). The name "sample" opens the embedded
// sample (Monaco).
func Open(ctx context.Context, path string, opts OpenOptions) (*City, error) {
	if path == "sample" {
		return OpenSample(ctx, opts)
	}
	if isPrepared(path) {
		return OpenPrepared(path)
	}
	return OpenOSM(ctx, path, opts)
}

// OpenSample opens the embedded sample city, Monaco (2026-03-10).
func OpenSample(ctx context.Context, opts OpenOptions) (*City, error) {
	ex, err := osmload.ReadBytes(ctx, SampleName, sample, opts.OSM)
	if err != nil {
		return nil, err
	}
	return fromExtract(ex, opts, time.Now())
}

// OpenOSM reads an OSM file and builds its network.
func OpenOSM(ctx context.Context, path string, opts OpenOptions) (*City, error) {
	start := time.Now()
	ex, err := osmload.Read(ctx, path, opts.OSM)
	if err != nil {
		return nil, err
	}
	return fromExtract(ex, opts, start)
}

func fromExtract(ex *osmload.Extract, opts OpenOptions, start time.Time) (*City, error) {
	bo := opts.Build
	bo.Source = filepath.Base(ex.Source)
	if !ex.Timestamp.IsZero() {
		bo.Timestamp = ex.Timestamp.UTC().Format(time.RFC3339)
	}
	g, rep, err := routing.Build(ex.Network, bo)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ex.Source, err)
	}
	c := &City{
		Graph: g, Snapper: g.NewSnapper(), Source: ex.Source, Timestamp: ex.Timestamp,
		Report: rep, DroppedWays: ex.DroppedWays, Features: ex.Features, Buildings: ex.Buildings,
		ResidentialLanduse: ex.ResidentialLanduse, Boundaries: ex.Boundaries, AreaCrossings: ex.AreaCrossings,
		StreetNames: ex.StreetNames,
	}
	c.BuildTime = time.Since(start)
	return c, nil
}

// extra is what a prepared network file stores beside the graph.
type extra struct {
	Source             string
	Timestamp          time.Time
	Report             routing.BuildReport
	Dropped            []dropped // sorted, so files are byte-for-byte reproducible
	Features           []osmload.Feature
	Buildings          []osmload.Building
	ResidentialLanduse []orb.MultiPolygon
	Boundaries         []osmload.Boundary
	AreaCrossings      int
	StreetNames        []osmload.StreetName
}

type dropped struct {
	Reason string
	Count  int
}

// Save writes the city as a prepared network file. The file is written to a
// temporary name and renamed, so a failure leaves no partial file.
func (c *City) Save(path string) error {
	var ex bytes.Buffer
	if err := gob.NewEncoder(&ex).Encode(extra{
		Source: filepath.Base(c.Source), Timestamp: c.Timestamp, Report: c.Report, Dropped: c.droppedList(),
		Features: c.Features, Buildings: c.Buildings, ResidentialLanduse: c.ResidentialLanduse, Boundaries: c.Boundaries,
		AreaCrossings: c.AreaCrossings, StreetNames: c.StreetNames,
	}); err != nil {
		return fmt.Errorf("walkshed: encoding %s: %w", path, err)
	}
	return WriteFileAtomic(path, func(f *os.File) error { return c.Graph.WriteFile(f, ex.Bytes()) })
}

// OpenPrepared opens a prepared network file written by Save.
func OpenPrepared(path string) (*City, error) {
	return openPrepared(path, true)
}

// OpenPreparedNetwork opens only the network of a prepared network file,
// leaving out the services, buildings and boundaries stored with it: what
// isochrones and snapping need, in a few milliseconds.
func OpenPreparedNetwork(path string) (*City, error) {
	return openPrepared(path, false)
}

func openPrepared(path string, withExtra bool) (*City, error) {
	g, raw, err := routing.OpenFile(path)
	if err != nil {
		if errors.Is(err, routing.ErrFileFormat) {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return nil, err
	}
	if !withExtra {
		c := &City{Graph: g, Snapper: g.NewSnapper(), Source: g.Info().Source, Prepared: path}
		if ts, err := time.Parse(time.RFC3339, g.Info().Timestamp); err == nil {
			c.Timestamp = ts
		}
		return c, nil
	}
	var ex extra
	if err := gob.NewDecoder(bytes.NewReader(raw)).Decode(&ex); err != nil {
		return nil, fmt.Errorf("%s: %w: extra section: %v", path, routing.ErrFileFormat, err)
	}
	dw := map[string]int{}
	for _, d := range ex.Dropped {
		dw[d.Reason] = d.Count
	}
	return &City{
		Graph: g, Snapper: g.NewSnapper(), Source: ex.Source, Prepared: path, Timestamp: ex.Timestamp, Report: ex.Report,
		DroppedWays: dw, Features: ex.Features, Buildings: ex.Buildings,
		ResidentialLanduse: ex.ResidentialLanduse, Boundaries: ex.Boundaries, AreaCrossings: ex.AreaCrossings,
		StreetNames: ex.StreetNames,
	}, nil
}

// isPrepared reports whether path starts with the prepared-network magic.
func isPrepared(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return strings.HasSuffix(path, ".wsn")
	}
	defer f.Close()
	var b [8]byte
	n, _ := f.Read(b[:])
	return string(b[:n]) == "WALKSHED"
}

// WriteFileAtomic writes path through a temporary file in the same
// directory and a rename: a failure leaves no partial file behind.
func WriteFileAtomic(path string, write func(*os.File) error) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// TimestampString returns the OSM data timestamp in RFC 3339, or "unknown".
func (c *City) TimestampString() string {
	if c.Timestamp.IsZero() {
		return "unknown"
	}
	return c.Timestamp.UTC().Format(time.RFC3339)
}

func (c *City) droppedList() []dropped {
	var out []dropped
	for _, r := range c.DroppedReasons() {
		out = append(out, dropped{r, c.DroppedWays[r]})
	}
	return out
}

// DroppedReasons returns the reasons ways were dropped, most frequent first.
func (c *City) DroppedReasons() []string {
	var rs []string
	for r := range c.DroppedWays {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool {
		a, b := c.DroppedWays[rs[i]], c.DroppedWays[rs[j]]
		if a != b {
			return a > b
		}
		return rs[i] < rs[j]
	})
	return rs
}

// ErrNoPoints is returned by queries given no start point.
var ErrNoPoints = errors.New("walkshed: no start point given")

// NetworkRules states the rules the network was built with, for report
// headers: island threshold and how pedestrian squares are walked.
func (c *City) NetworkRules() string {
	squares := "pedestrian squares walked along their outline"
	if c.AreaCrossings > 0 {
		squares = fmt.Sprintf("pedestrian squares walked across (%d crossings)", c.AreaCrossings)
	}
	return fmt.Sprintf("%s; islands under %.0f m of street left out of snapping", squares, c.Graph.Info().MinComponentMeters)
}

// SourceName describes where the network came from, for report headers:
// the OSM file's base name, and the prepared file when one was opened.
func (c *City) SourceName() string {
	name := filepath.Base(c.Source)
	if c.Prepared != "" {
		return fmt.Sprintf("%s (prepared network %s)", name, filepath.Base(c.Prepared))
	}
	return name
}
