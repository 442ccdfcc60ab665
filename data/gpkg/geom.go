package gpkg

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// SRSWGS84 is the srs_id of EPSG:4326, WGS 84 longitude/latitude in
// degrees: the reference system of every layer Create writes.
const SRSWGS84 = 4326

// Header flag bits of GeoPackage binary geometry.
const (
	flagLittleEndian = 1 << 0
	flagEnvelopeXY   = 1 << 1 // envelope indicator 1: [minx, maxx, miny, maxy]
	flagEmpty        = 1 << 4
	flagExtended     = 1 << 5
)

// ErrGeometry is wrapped by the errors of DecodeGeometry.
var ErrGeometry = errors.New("gpkg: bad geometry blob")

// EncodeGeometry returns g as GeoPackage binary geometry with srs_id srs:
// the "GP" header (version 0, little-endian, with the envelope
// [minx, maxx, miny, maxy] unless g is a point) and g as WKB. A geometry
// with no coordinates is flagged empty.
func EncodeGeometry(g orb.Geometry, srs int32) ([]byte, error) {
	body, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, fmt.Errorf("gpkg: %w", err)
	}
	flags := byte(flagLittleEndian)
	b := g.Bound()
	empty := isEmpty(g)
	_, point := g.(orb.Point)
	envelope := !point && !empty
	if envelope {
		flags |= flagEnvelopeXY
	}
	if empty {
		flags |= flagEmpty
	}
	out := make([]byte, 0, 8+32+len(body))
	out = append(out, 'G', 'P', 0, flags)
	out = binary.LittleEndian.AppendUint32(out, uint32(srs))
	if envelope {
		for _, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
			out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
		}
	}
	return append(out, body...), nil
}

// isEmpty reports whether g has no coordinates.
func isEmpty(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.Point:
		return false
	case orb.MultiPoint:
		return len(g) == 0
	case orb.LineString:
		return len(g) == 0
	case orb.MultiLineString:
		return len(g) == 0
	case orb.Ring:
		return len(g) == 0
	case orb.Polygon:
		return len(g) == 0
	case orb.MultiPolygon:
		return len(g) == 0
	case orb.Collection:
		return len(g) == 0
	case orb.Bound:
		return false
	}
	return false
}

// DecodeGeometry decodes GeoPackage binary geometry: it returns the
// geometry, the srs_id of its header and whether the header flags it as
// empty. Extended (non-standard) geometry types and WKB with Z or M
// coordinates are errors wrapping ErrGeometry.
func DecodeGeometry(blob []byte) (g orb.Geometry, srs int32, empty bool, err error) {
	if len(blob) < 8 || blob[0] != 'G' || blob[1] != 'P' {
		return nil, 0, false, fmt.Errorf("%w: no \"GP\" header", ErrGeometry)
	}
	if blob[2] != 0 {
		return nil, 0, false, fmt.Errorf("%w: version %d, want 0", ErrGeometry, blob[2])
	}
	flags := blob[3]
	if flags&flagExtended != 0 {
		return nil, 0, false, fmt.Errorf("%w: extended geometry type", ErrGeometry)
	}
	var order binary.ByteOrder = binary.BigEndian
	if flags&flagLittleEndian != 0 {
		order = binary.LittleEndian
	}
	srs = int32(order.Uint32(blob[4:8]))
	var envelope int
	switch ind := (flags >> 1) & 7; ind {
	case 0:
	case 1:
		envelope = 32
	case 2, 3:
		envelope = 48
	case 4:
		envelope = 64
	default:
		return nil, srs, false, fmt.Errorf("%w: envelope indicator %d", ErrGeometry, ind)
	}
	if len(blob) < 8+envelope {
		return nil, srs, false, fmt.Errorf("%w: %d bytes, shorter than its header", ErrGeometry, len(blob))
	}
	empty = flags&flagEmpty != 0
	g, err = wkb.Unmarshal(blob[8+envelope:])
	if err != nil {
		return nil, srs, empty, fmt.Errorf("%w: WKB: %v", ErrGeometry, err)
	}
	return g, srs, empty, nil
}
