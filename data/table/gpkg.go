package table

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing/access"
)

// SplitGeoPackage tells whether path names a GeoPackage: a file ending in
// .gpkg, optionally followed by ":LAYER" to name its layer. It returns the
// file and the layer ("" when none is named). A path that exists as it is
// is a file, whatever its name.
func SplitGeoPackage(path string) (file, layer string, ok bool) {
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".gpkg") {
		return path, "", true
	}
	i := strings.LastIndex(lower, ".gpkg:")
	if i < 0 {
		return path, "", false
	}
	if _, err := os.Stat(path); err == nil {
		return path, "", false
	}
	return path[:i+len(".gpkg")], path[i+len(".gpkg:"):], true
}

// openLayer opens a GeoPackage and picks the layer to read: the one named,
// else the one named preferred, else the first feature layer. The layer
// must be a feature layer in WGS 84 longitude/latitude.
func openLayer(file, layer, preferred string) (*gpkg.Reader, gpkg.LayerInfo, error) {
	r, err := gpkg.Open(file)
	if err != nil {
		return nil, gpkg.LayerInfo{}, err
	}
	name := layer
	if name == "" {
		name = preferred
		if _, err := r.Layer(preferred); err != nil {
			name = ""
		}
	}
	l, err := r.Layer(name)
	if err == nil {
		err = checkLayer(file, l)
	}
	if err != nil {
		r.Close()
		return nil, gpkg.LayerInfo{}, err
	}
	return r, l, nil
}

// checkLayer refuses a layer without geometry or in another reference
// system than WGS 84 longitude/latitude.
func checkLayer(file string, l gpkg.LayerInfo) error {
	fail := func(format string, a ...any) error {
		return &ParseError{File: file, Layer: l.Name, Err: fmt.Errorf(format, a...)}
	}
	switch {
	case l.GeometryColumn == "":
		return fail("a table without geometry; give a feature layer as FILE.gpkg:LAYER")
	case l.SRSID != gpkg.SRSWGS84:
		return fail("geometries are in the reference system of srs_id %d; walkshed reads WGS 84 longitude/latitude (EPSG:4326): convert with ogr2ogr -t_srs EPSG:4326 out.gpkg %s", l.SRSID, file)
	}
	return nil
}

// columnFor returns the index among l's columns of the first alias found
// (ignoring case), or -1.
func columnFor(l gpkg.LayerInfo, aliases []string) int {
	for _, a := range aliases {
		for i, c := range l.Columns {
			if strings.EqualFold(c.Name, a) {
				return i
			}
		}
	}
	return -1
}

// columnList lists a layer's column names for messages.
func columnList(l gpkg.LayerInfo) string {
	names := []string{}
	for _, c := range l.Columns {
		names = append(names, c.Name)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// readGPKG reads the point records of a GeoPackage layer. A record's id is
// its id column, or its fid when the layer has no id column.
func (pr *pointReader[T]) readGPKG(file, layer string) error {
	r, l, err := openLayer(file, layer, pr.spec.what)
	if err != nil {
		return err
	}
	defer r.Close()
	pr.layer = l.Name
	n := len(pr.fields)
	cols := make([]int, len(pr.spec.fields))
	for i, f := range pr.spec.fields {
		cols[i] = columnFor(l, f.aliases)
		if cols[i] < 0 && f.required && i > 0 {
			return &ParseError{File: file, Layer: l.Name, Err: kindErrorf(ErrMissingColumn, "no column %s (columns: %s)", f.name, columnList(l))}
		}
	}
	s, err := r.Features(context.Background(), l.Name)
	if err != nil {
		return err
	}
	defer s.Close()
	for s.Scan() {
		f := s.Feature()
		rec := &record{feature: int(f.FID), vals: make([]string, n), names: make([]string, n), decimal: '.'}
		for i, c := range cols {
			if c >= 0 {
				rec.vals[i], rec.names[i] = strings.TrimSpace(gpkg.ValueText(f.Values[c])), l.Columns[c].Name
			}
		}
		if cols[0] < 0 {
			rec.vals[0], rec.names[0] = strconv.FormatInt(f.FID, 10), l.FIDColumn
		}
		if err := pr.add(rec, gpkgPoint(rec, f, l.GeometryColumn)); err != nil {
			return err
		}
	}
	return s.Err()
}

// gpkgPoint sets rec's point from the feature's geometry, which must be a
// valid longitude/latitude point.
func gpkgPoint(rec *record, f gpkg.Feature, col string) error {
	p, ok := f.Geometry.(orb.Point)
	switch {
	case f.Geometry == nil:
		return &fieldError{field: col, err: errors.New("no geometry")}
	case !ok:
		return &fieldError{field: col, err: fmt.Errorf("geometry is %s, want Point", f.Geometry.GeoJSONType())}
	}
	if err := geo.ValidatePoint(p); err != nil {
		return &fieldError{field: col, err: err}
	}
	rec.point = p
	return nil
}

// readZonesGPKG is ReadZones for a GeoPackage layer: the one named, else
// the layer "grids", else the first feature layer. Names come from the
// column nameProp (ignoring case) as ReadZones takes them from the
// property; without it from the "id" column, else the fid. The ID is the
// "id" column's value, else the name.
func readZonesGPKG(file, layer, nameProp string) ([]access.Zone, error) {
	r, l, err := openLayer(file, layer, "grids")
	if err != nil {
		return nil, err
	}
	defer r.Close()
	explicit := nameProp != ""
	if !explicit {
		nameProp = DefaultZoneName
	}
	nameCol, idCol := columnFor(l, []string{nameProp}), columnFor(l, []string{"id"})
	if nameCol < 0 && explicit {
		return nil, &ParseError{File: file, Layer: l.Name, Err: kindErrorf(ErrMissingColumn, "no column %q to name the grids (columns: %s)", nameProp, columnList(l))}
	}
	s, err := r.Features(context.Background(), l.Name)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	firstName, firstID := map[string]int64{}, map[string]int64{}
	var zones []access.Zone
	for s.Scan() {
		f := s.Feature()
		id := ""
		if idCol >= 0 {
			id = strings.TrimSpace(gpkg.ValueText(f.Values[idCol]))
		}
		name := ""
		if nameCol >= 0 {
			name = strings.TrimSpace(gpkg.ValueText(f.Values[nameCol]))
		}
		fail := func(col string, err error) error {
			label := name
			if label == "" {
				label = id
			}
			return &ParseError{File: file, Layer: l.Name, Feature: int(f.FID), ID: label, Column: col, Err: err}
		}
		if name == "" {
			switch {
			case explicit:
				return nil, fail(l.Columns[nameCol].Name, errors.New("no name: the value is empty"))
			case id != "":
				name = id
			default:
				name = strconv.FormatInt(f.FID, 10)
			}
		}
		if id == "" {
			id = name
		}
		mp, err := zoneGeometry(f.Geometry)
		if err != nil {
			return nil, fail(l.GeometryColumn, err)
		}
		if k, dup := firstName[name]; dup {
			return nil, fail("", kindErrorf(ErrDuplicate, "duplicate name %q (first in row %d)", name, k))
		}
		if k, dup := firstID[id]; dup {
			return nil, fail("", kindErrorf(ErrDuplicate, "duplicate id %q (first in row %d)", id, k))
		}
		firstName[name], firstID[id] = f.FID, f.FID
		zones = append(zones, access.Zone{ID: id, Name: name, Geometry: mp})
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	if len(zones) == 0 {
		return nil, &ParseError{File: file, Layer: l.Name, Err: kindErrorf(ErrEmpty, "no zones")}
	}
	return zones, nil
}

// zoneGeometry checks a zone's geometry as decodeArea checks GeoJSON's:
// a Polygon or MultiPolygon of closed rings of at least four valid
// positions.
func zoneGeometry(g orb.Geometry) (orb.MultiPolygon, error) {
	var mp orb.MultiPolygon
	switch g := g.(type) {
	case nil:
		return nil, errors.New("no geometry")
	case orb.Polygon:
		mp = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		mp = g
	default:
		return nil, fmt.Errorf("geometry is %s, want Polygon or MultiPolygon", g.GeoJSONType())
	}
	if len(mp) == 0 {
		return nil, errors.New("geometry: MultiPolygon has no polygons")
	}
	for i, p := range mp {
		where := fmt.Sprintf("polygon %d", i+1)
		if len(p) == 0 {
			return nil, fmt.Errorf("%s has no rings", where)
		}
		for k, r := range p {
			if len(r) < 4 {
				return nil, fmt.Errorf("%s ring %d has %d positions, want at least 4", where, k+1, len(r))
			}
			for j, pt := range r {
				if err := geo.ValidatePoint(pt); err != nil {
					return nil, fmt.Errorf("%s ring %d position %d: %w", where, k+1, j+1, err)
				}
			}
			if r[0] != r[len(r)-1] {
				return nil, fmt.Errorf("%s ring %d is not closed: first position %v, last %v", where, k+1, r[0], r[len(r)-1])
			}
		}
	}
	return mp, nil
}
