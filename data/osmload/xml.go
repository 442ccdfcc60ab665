package osmload

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmxml"
	"github.com/walkshed/walkshed/data/osmload/internal/pbf"
	"github.com/walkshed/walkshed/geo"
)

// errBadXML marks XML that parses but is not usable OSM data.
var errBadXML = errors.New("not OSM XML")

// xmlBatch is the number of elements handed to the builder at a time.
const xmlBatch = 4096

// xmlSource reads an OSM XML file, decompressing it again on every pass.
type xmlSource struct {
	f      io.ReaderAt
	size   int64
	comp   string
	bounds orb.Bound
	hasB   bool
}

func (s *xmlSource) format() string { return "xml" }

func (s *xmlSource) declared() (orb.Bound, bool) { return s.bounds, s.hasB }

func (s *xmlSource) replicated() time.Time { return time.Time{} }

func (s *xmlSource) missed() bool { return false }

func (s *xmlSource) reader() (io.Reader, func(), error) {
	return decompress(io.NewSectionReader(s.f, 0, s.size), s.comp)
}

// checkRoot makes sure the document's root element is <osm>.
func (s *xmlSource) checkRoot() error {
	r, done, err := s.reader()
	if err != nil {
		return err
	}
	defer done()
	d := xml.NewDecoder(r)
	for {
		t, err := d.Token()
		if err == io.EOF {
			return fmt.Errorf("%w: no root element", errBadXML)
		}
		if err != nil {
			return err
		}
		if se, ok := t.(xml.StartElement); ok {
			if !strings.EqualFold(se.Name.Local, "osm") {
				return fmt.Errorf("%w: root element <%s>, want <osm>", errBadXML, se.Name.Local)
			}
			return nil
		}
	}
}

func (s *xmlSource) scan(ctx context.Context, want pbf.Kind, fn func(*pbf.Block) error) error {
	r, done, err := s.reader()
	if err != nil {
		return err
	}
	defer done()
	sc := osmxml.New(ctx, r)
	defer sc.Close()
	var blk pbf.Block
	flush := func() error {
		if len(blk.Nodes)+len(blk.Ways)+len(blk.Relations) == 0 {
			return nil
		}
		err := fn(&blk)
		blk.Nodes, blk.Ways, blk.Relations = blk.Nodes[:0], blk.Ways[:0], blk.Relations[:0]
		return err
	}
	for sc.Scan() {
		switch o := sc.Object().(type) {
		case *osm.Bounds:
			s.bounds = orb.Bound{Min: orb.Point{o.MinLon, o.MinLat}, Max: orb.Point{o.MaxLon, o.MaxLat}}
			s.hasB = true
		case *osm.Node:
			if want&pbf.KindNode == 0 {
				continue
			}
			if err := geo.ValidatePoint(orb.Point{o.Lon, o.Lat}); err != nil {
				return fmt.Errorf("%w: node %d: %v", errBadXML, o.ID, err)
			}
			blk.Nodes = append(blk.Nodes, pbf.Node{ID: int64(o.ID), Lon: o.Lon, Lat: o.Lat,
				Timestamp: unix(o.Timestamp), Tags: o.Tags})
		case *osm.Way:
			if want&pbf.KindWay == 0 {
				continue
			}
			refs := make([]int64, len(o.Nodes))
			for i, n := range o.Nodes {
				refs[i] = int64(n.ID)
			}
			blk.Ways = append(blk.Ways, pbf.Way{ID: int64(o.ID), Refs: refs, Timestamp: unix(o.Timestamp), Tags: o.Tags})
		case *osm.Relation:
			if want&pbf.KindRelation == 0 {
				continue
			}
			ms := make([]pbf.Member, len(o.Members))
			for i, m := range o.Members {
				ms[i] = pbf.Member{Type: m.Type, Ref: m.Ref, Role: m.Role}
			}
			blk.Relations = append(blk.Relations, pbf.Relation{ID: int64(o.ID), Members: ms,
				Timestamp: unix(o.Timestamp), Tags: o.Tags})
		default:
			continue
		}
		if len(blk.Nodes)+len(blk.Ways)+len(blk.Relations) >= xmlBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return flush()
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
