package walkshed

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/i18n"
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
	// Progress, if not nil, hears how opening goes: the stage "read" with
	// the bytes read of the file and their total (see
	// osmload.Options.Progress), then the stage "build" once, with 0, 0,
	// when the network starts being built. It must return quickly.
	Progress func(stage string, done, total int64)
}

// withProgress routes the OSM reader's progress to opts.Progress.
func (opts OpenOptions) withProgress() OpenOptions {
	if opts.Progress != nil && opts.OSM.Progress == nil {
		opts.OSM.Progress = func(done, total int64) { opts.Progress("read", done, total) }
	}
	return opts
}

// City is a walking network with what the OSM file said about services,
// buildings and boundaries. It is immutable and safe for concurrent use: its
// fields are unexported, and the accessors that return slices or maps return
// copies.
type City struct {
	graph   *routing.Graph
	snapper *routing.Snapper
	// source is the OSM file the network was built from (as given, or its
	// base name when opened from a prepared file); timestamp the OSM data
	// timestamp.
	source    string
	timestamp time.Time
	// prepared is the prepared network file the city was opened from, or
	// "" when it was built from OSM.
	prepared string
	// report describes the network build.
	report routing.BuildReport
	// droppedWays counts highway ways left out of the network, by reason.
	droppedWays map[string]int
	// features are the OSM elements that may be services (see osmload).
	features []osmload.Feature
	// buildings and residentialLanduse feed the resident estimate.
	buildings          []osmload.Building
	residentialLanduse []orb.MultiPolygon
	// boundaries are the complete administrative boundaries of the file.
	boundaries []osmload.Boundary
	// areaCrossings counts the straight ways added across pedestrian squares
	// (0 when squares are walked along their outline only).
	areaCrossings int
	// streetNames are the names of the walkable ways, sorted by way id
	// (see StreetName).
	streetNames []osmload.StreetName
	// buildTime is how long reading and building took (zero for .wsn).
	buildTime time.Duration

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
	opts = opts.withProgress()
	ex, err := osmload.ReadBytes(ctx, SampleName, sample, opts.OSM)
	if err != nil {
		return nil, err
	}
	return fromExtract(ex, opts, time.Now())
}

// OpenOSM reads an OSM file and builds its network.
func OpenOSM(ctx context.Context, path string, opts OpenOptions) (*City, error) {
	start := time.Now()
	opts = opts.withProgress()
	ex, err := osmload.Read(ctx, path, opts.OSM)
	if err != nil {
		return nil, err
	}
	return fromExtract(ex, opts, start)
}

func fromExtract(ex *osmload.Extract, opts OpenOptions, start time.Time) (*City, error) {
	if opts.Progress != nil {
		opts.Progress("build", 0, 0)
	}
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
		graph: g, snapper: g.NewSnapper(), source: ex.Source, timestamp: ex.Timestamp,
		report: rep, droppedWays: ex.DroppedWays, features: ex.Features, buildings: ex.Buildings,
		residentialLanduse: ex.ResidentialLanduse, boundaries: ex.Boundaries, areaCrossings: ex.AreaCrossings,
		streetNames: ex.StreetNames,
	}
	c.buildTime = time.Since(start)
	return c, nil
}

// TimestampString returns the OSM data timestamp in RFC 3339, or "unknown".
func (c *City) TimestampString() string {
	if c.timestamp.IsZero() {
		return "unknown"
	}
	return c.timestamp.UTC().Format(time.RFC3339)
}

// DroppedReasons returns the reasons ways were dropped, most frequent first.
func (c *City) DroppedReasons() []string {
	var rs []string
	for r := range c.droppedWays {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool {
		a, b := c.droppedWays[rs[i]], c.droppedWays[rs[j]]
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
func (c *City) NetworkRules() string { return c.networkRules(i18n.English) }

// networkRules is NetworkRules in language l.
func (c *City) networkRules(l i18n.Language) string {
	tr := l.Sprintf
	squares := tr("pedestrian squares walked along their outline")
	if c.areaCrossings > 0 {
		squares = tr("pedestrian squares walked across (%s crossings)", strconv.Itoa(c.areaCrossings))
	}
	return tr("%s; islands under %s m of street left out of snapping", squares, strconv.FormatFloat(c.graph.Info().MinComponentMeters, 'f', 0, 64))
}

// SourceName describes where the network came from, for report headers:
// the OSM file's base name, and the prepared file when one was opened.
func (c *City) SourceName() string { return c.sourceName(i18n.English) }

// sourceName is SourceName in language l.
func (c *City) sourceName(l i18n.Language) string {
	tr := l.Sprintf
	name := filepath.Base(c.source)
	if c.prepared != "" {
		return tr("%s (prepared network %s)", name, filepath.Base(c.prepared))
	}
	return name
}
