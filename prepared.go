package walkshed

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/walkshed/walkshed/data/wsn"
	"github.com/walkshed/walkshed/internal/atomicfile"
	"github.com/walkshed/walkshed/internal/inputfile"
	"github.com/walkshed/walkshed/routing"
)

// Save writes the city as a prepared network file (see routing for the
// file and data/wsn for the sections beside the graph). The file is written
// to a temporary name and renamed, so a failure leaves no partial file.
func (c *City) Save(path string) error {
	sections := wsn.Encode(c.contents())
	return atomicfile.Write(path, func(w io.Writer) error { return c.graph.WriteFile(w, sections...) })
}

// OpenPrepared opens a prepared network file written by Save.
func OpenPrepared(path string) (*City, error) {
	return openPrepared(path, true, routing.OpenFile)
}

// OpenPreparedNetwork opens only the network of a prepared network file,
// leaving out the services, buildings and boundaries stored with it: what
// isochrones and snapping need, in a few milliseconds. Their sections are
// neither decoded nor checksummed.
func OpenPreparedNetwork(path string) (*City, error) {
	return openPrepared(path, false, routing.OpenFile)
}

// LoadPrepared is OpenPrepared reading the file into memory instead of
// mapping it: the city does not depend on the file afterwards, so a file
// rewritten in place or truncated under a long-running process (a server)
// cannot fault it. It costs a read of the file and its size in memory.
func LoadPrepared(path string) (*City, error) {
	return openPrepared(path, true, loadFile)
}

// loadFile reads a prepared network file whole and decodes it.
func loadFile(path string, extra ...routing.SectionSpec) (*routing.File, error) {
	if err := inputfile.Check(path); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return routing.ReadFile(data, extra...)
}

func openPrepared(path string, withExtra bool, open func(string, ...routing.SectionSpec) (*routing.File, error)) (*City, error) {
	f, err := open(path, wsn.Specs()...)
	if err != nil {
		if errors.Is(err, routing.ErrFileFormat) {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return nil, err
	}
	var ct *wsn.Contents
	if withExtra {
		if ct, err = wsn.Decode(f); err != nil {
			f.Release() // nothing refers to the file: its graph goes with it
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	c := &City{graph: f.Graph, snapper: f.Graph.NewSnapper(), source: f.Graph.Info().Source, prepared: path}
	if ts, err := time.Parse(time.RFC3339, f.Graph.Info().Timestamp); err == nil {
		c.timestamp = ts
	}
	if ct != nil {
		c.setContents(ct)
	}
	return c, nil
}

// contents is what Save stores beside the graph. The OSM file's name and
// timestamp are the graph's own (routing.Info).
func (c *City) contents() *wsn.Contents {
	return &wsn.Contents{
		Report: c.report, DroppedWays: c.droppedWays, AreaCrossings: c.areaCrossings,
		Features: c.features, Buildings: c.buildings, ResidentialLanduse: c.residentialLanduse, Boundaries: c.boundaries,
		StreetNames: c.streetNames,
	}
}

// setContents fills the city from what a prepared file stores beside the
// graph.
func (c *City) setContents(ct *wsn.Contents) {
	c.report, c.droppedWays, c.areaCrossings = ct.Report, ct.DroppedWays, ct.AreaCrossings
	c.features, c.buildings, c.residentialLanduse, c.boundaries = ct.Features, ct.Buildings, ct.ResidentialLanduse, ct.Boundaries
	c.streetNames = ct.StreetNames
}

// isPrepared reports whether path starts with the prepared-network magic.
func isPrepared(path string) bool {
	if inputfile.Check(path) != nil { // do not open what may block (a named pipe); the reader refuses it
		return strings.HasSuffix(path, ".wsn")
	}
	f, err := os.Open(path)
	if err != nil {
		return strings.HasSuffix(path, ".wsn")
	}
	defer f.Close()
	var b [8]byte
	n, _ := f.Read(b[:])
	return string(b[:n]) == "WALKSHED"
}
