package gpkg

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/internal/inputfile"
)

// ErrNotGeoPackage is wrapped by the error of Open for a file that is not a
// GeoPackage: not SQLite, or SQLite without the GeoPackage tables.
var ErrNotGeoPackage = errors.New("not a GeoPackage")

// ErrNoLayer is wrapped by the errors for a layer the file does not have,
// or a file with no layer at all.
var ErrNoLayer = errors.New("no such layer")

// Error is a problem of a GeoPackage's content. It names the file, and
// when known the layer, the row (by fid) and the column.
type Error struct {
	File   string
	Layer  string
	FID    int64 // 0 when the problem is not in one row
	Column string
	Err    error
}

// Error returns the problem prefixed by its place, like
// `residents.gpkg: layer "residents": row 17: column weight: -1 is not positive`.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Layer != "" {
		fmt.Fprintf(&b, ": layer %q", e.Layer)
	}
	if e.FID != 0 {
		fmt.Fprintf(&b, ": row %d", e.FID)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ": column %s", e.Column)
	}
	return b.String() + ": " + e.Err.Error()
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// LayerInfo describes a layer of a file.
type LayerInfo struct {
	// Name is the table's name.
	Name string
	// DataType is gpkg_contents.data_type: "features" or "attributes"
	// (other kinds, such as tiles, are not listed).
	DataType string
	// GeometryColumn and GeometryType are the geometry column of a
	// feature layer and its type ("POINT", "MULTIPOLYGON", ...); empty
	// for attributes.
	GeometryColumn, GeometryType string
	// SRSID is the srs_id of the geometry column (4326 for WGS 84
	// longitude/latitude); 0 for attributes.
	SRSID int32
	// Columns are the attribute columns in table order, without the
	// primary key (fid) and the geometry column; Type is the declared
	// type.
	Columns []Column
	// FIDColumn is the name of the integer primary key, usually "fid".
	FIDColumn string
}

// Reader reads a GeoPackage file. It is not safe for concurrent use.
type Reader struct {
	path   string
	db     *sql.DB
	layers []LayerInfo
}

// uri is the SQLite URI of a file path, with the characters a URI gives
// meaning to escaped.
func uri(path string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + r.Replace(path)
}

// Open opens the GeoPackage at path read-only and lists its feature and
// attribute layers. The file must be a regular file; a file that is not
// SQLite, or has no gpkg_contents table, is an *Error wrapping
// ErrNotGeoPackage.
func Open(path string) (*Reader, error) {
	if err := inputfile.Check(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", uri(path)+"?mode=ro")
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	db.SetMaxOpenConns(1)
	r := &Reader{path: path, db: db}
	if err := r.readLayers(); err != nil {
		db.Close()
		return nil, err
	}
	return r, nil
}

// readLayers fills r.layers from gpkg_contents, gpkg_geometry_columns and
// the tables' own columns.
func (r *Reader) readLayers() error {
	var app int64
	if err := r.db.QueryRow("PRAGMA application_id").Scan(&app); err != nil {
		return &Error{File: r.path, Err: fmt.Errorf("%w: %v", ErrNotGeoPackage, err)}
	}
	// A file with attributes only may lack gpkg_geometry_columns (and
	// some minimal writers leave it out): then no layer has a geometry.
	q := `SELECT c.table_name, c.data_type, COALESCE(g.column_name, ''), COALESCE(g.geometry_type_name, ''), COALESCE(g.srs_id, 0)
		FROM gpkg_contents c LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
		WHERE c.data_type IN ('features', 'attributes') ORDER BY c.rowid`
	var geomTable int
	if err := r.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'gpkg_geometry_columns'`).Scan(&geomTable); err != nil {
		return &Error{File: r.path, Err: fmt.Errorf("%w: %v", ErrNotGeoPackage, err)}
	}
	if geomTable == 0 {
		q = `SELECT table_name, data_type, '', '', 0 FROM gpkg_contents WHERE data_type IN ('features', 'attributes') ORDER BY rowid`
	}
	rows, err := r.db.Query(q)
	if err != nil {
		what := "no gpkg_contents table"
		if app != ApplicationID {
			what = fmt.Sprintf("application_id %#x, and %s", app, what)
		}
		return &Error{File: r.path, Err: fmt.Errorf("%w (%s)", ErrNotGeoPackage, what)}
	}
	defer rows.Close()
	for rows.Next() {
		var l LayerInfo
		if err := rows.Scan(&l.Name, &l.DataType, &l.GeometryColumn, &l.GeometryType, &l.SRSID); err != nil {
			return &Error{File: r.path, Err: err}
		}
		r.layers = append(r.layers, l)
	}
	if err := rows.Err(); err != nil {
		return &Error{File: r.path, Err: err}
	}
	rows.Close()
	for i := range r.layers {
		if err := r.readColumns(&r.layers[i]); err != nil {
			return err
		}
	}
	return nil
}

// readColumns fills the columns of l from the table's schema.
func (r *Reader) readColumns(l *LayerInfo) error {
	rows, err := r.db.Query("SELECT name, type, pk FROM pragma_table_info(?)", l.Name)
	if err != nil {
		return &Error{File: r.path, Layer: l.Name, Err: err}
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		var c Column
		var pk int
		if err := rows.Scan(&c.Name, &c.Type, &pk); err != nil {
			return &Error{File: r.path, Layer: l.Name, Err: err}
		}
		switch {
		case pk == 1 && strings.EqualFold(c.Type, Integer) && l.FIDColumn == "":
			l.FIDColumn = c.Name
		case strings.EqualFold(c.Name, l.GeometryColumn):
		default:
			l.Columns = append(l.Columns, c)
		}
	}
	if err := rows.Err(); err != nil {
		return &Error{File: r.path, Layer: l.Name, Err: err}
	}
	if n == 0 {
		return &Error{File: r.path, Layer: l.Name, Err: errors.New("listed in gpkg_contents but there is no such table")}
	}
	return nil
}

// Path returns the file's path as given to Open.
func (r *Reader) Path() string { return r.path }

// Layers returns the file's feature and attribute layers in gpkg_contents
// order. The caller owns the returned slice but not the Columns it holds.
func (r *Reader) Layers() []LayerInfo { return append([]LayerInfo(nil), r.layers...) }

// Layer returns the layer named name (matched exactly, then ignoring
// case), or with name "" the first feature layer. A missing layer is an
// *Error wrapping ErrNoLayer that lists the layers there are.
func (r *Reader) Layer(name string) (LayerInfo, error) {
	for _, l := range r.layers {
		if (name == "" && l.DataType == "features") || l.Name == name {
			return l, nil
		}
	}
	for _, l := range r.layers {
		if name != "" && strings.EqualFold(l.Name, name) {
			return l, nil
		}
	}
	var names []string
	for _, l := range r.layers {
		names = append(names, l.Name+" ("+l.DataType+")")
	}
	have := "it has none"
	if len(names) > 0 {
		have = "it has " + strings.Join(names, ", ")
	}
	if name == "" {
		return LayerInfo{}, &Error{File: r.path, Err: fmt.Errorf("%w: no feature layer; %s", ErrNoLayer, have)}
	}
	return LayerInfo{}, &Error{File: r.path, Err: fmt.Errorf("%w %q; %s", ErrNoLayer, name, have)}
}

// Close closes the file.
func (r *Reader) Close() error { return r.db.Close() }

// Feature is one row of a layer.
type Feature struct {
	// FID is the row's primary key (its rowid when the table has none).
	FID int64
	// Geometry is the decoded geometry, nil when NULL, empty or when the
	// layer has none.
	Geometry orb.Geometry
	// SRSID is the srs_id of the geometry's header.
	SRSID int32
	// Values holds one value per LayerInfo.Columns: int64, float64,
	// string, []byte, time.Time or nil (NULL).
	Values []any
}

// Scanner streams the rows of a layer, in fid order.
type Scanner struct {
	r     *Reader
	layer LayerInfo
	rows  *sql.Rows
	cur   Feature
	dest  []any
	err   error
}

// Features starts reading the rows of the named layer (see Layer for the
// name), in fid order.
func (r *Reader) Features(ctx context.Context, layer string) (*Scanner, error) {
	l, err := r.Layer(layer)
	if err != nil {
		return nil, err
	}
	fid := "rowid"
	if l.FIDColumn != "" {
		fid = quote(l.FIDColumn)
	}
	sel := []string{fid}
	if l.GeometryColumn != "" {
		sel = append(sel, quote(l.GeometryColumn))
	} else {
		sel = append(sel, "NULL")
	}
	for _, c := range l.Columns {
		sel = append(sel, quote(c.Name))
	}
	rows, err := r.db.QueryContext(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM "+quote(l.Name)+" ORDER BY "+fid)
	if err != nil {
		return nil, &Error{File: r.path, Layer: l.Name, Err: err}
	}
	s := &Scanner{r: r, layer: l, rows: rows, dest: make([]any, 2+len(l.Columns))}
	return s, nil
}

// Attributes starts reading the named columns of a layer (see Layer for
// the name) in fid order, without its geometry: the blob is neither read
// nor decoded, which is what a reader of a table of numbers wants (a
// population count per H3 cell). Columns are matched exactly, then
// ignoring case, among the layer's attribute columns and its fid column;
// a missing one is an *Error that lists the columns there are. The
// Scanner's Layer has no geometry column and Columns the ones asked for,
// with their names as the table spells them; Feature.Values follow them.
func (r *Reader) Attributes(ctx context.Context, layer string, columns ...string) (*Scanner, error) {
	l, err := r.Layer(layer)
	if err != nil {
		return nil, err
	}
	all := l.Columns
	if l.FIDColumn != "" {
		all = append([]Column{{Name: l.FIDColumn, Type: Integer}}, all...)
	}
	picked := make([]Column, 0, len(columns))
	for _, name := range columns {
		i := slices.IndexFunc(all, func(c Column) bool { return c.Name == name })
		if i < 0 {
			i = slices.IndexFunc(all, func(c Column) bool { return strings.EqualFold(c.Name, name) })
		}
		if i < 0 {
			var have []string
			for _, c := range all {
				have = append(have, c.Name)
			}
			return nil, &Error{File: r.path, Layer: l.Name, Column: name, Err: fmt.Errorf("no such column; the layer has %s", strings.Join(have, ", "))}
		}
		picked = append(picked, all[i])
	}
	fid := "rowid"
	if l.FIDColumn != "" {
		fid = quote(l.FIDColumn)
	}
	sel := []string{fid, "NULL"}
	for _, c := range picked {
		sel = append(sel, quote(c.Name))
	}
	rows, err := r.db.QueryContext(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM "+quote(l.Name)+" ORDER BY "+fid)
	if err != nil {
		return nil, &Error{File: r.path, Layer: l.Name, Err: err}
	}
	l.GeometryColumn, l.GeometryType, l.SRSID, l.Columns = "", "", 0, picked
	return &Scanner{r: r, layer: l, rows: rows, dest: make([]any, 2+len(picked))}, nil
}

// Layer describes the layer being read.
func (s *Scanner) Layer() LayerInfo { return s.layer }

// Scan advances to the next row; it returns false at the end or at the
// first error (see Err).
func (s *Scanner) Scan() bool {
	if s.err != nil || !s.rows.Next() {
		if s.err == nil {
			if err := s.rows.Err(); err != nil {
				s.err = &Error{File: s.r.path, Layer: s.layer.Name, Err: err}
			}
		}
		return false
	}
	var fid int64
	var blob []byte
	vals := make([]any, len(s.layer.Columns))
	s.dest[0], s.dest[1] = &fid, &blob
	for i := range vals {
		s.dest[2+i] = &vals[i]
	}
	if err := s.rows.Scan(s.dest...); err != nil {
		s.err = &Error{File: s.r.path, Layer: s.layer.Name, Err: err}
		return false
	}
	s.cur = Feature{FID: fid, Values: vals}
	if len(blob) > 0 {
		g, srs, empty, err := DecodeGeometry(blob)
		if err != nil {
			s.err = &Error{File: s.r.path, Layer: s.layer.Name, FID: fid, Column: s.layer.GeometryColumn, Err: err}
			return false
		}
		s.cur.SRSID = srs
		if !empty {
			s.cur.Geometry = g
		}
	}
	return true
}

// Feature returns the current row. The caller owns its Values.
func (s *Scanner) Feature() Feature { return s.cur }

// Err returns the first error met, or nil at a clean end.
func (s *Scanner) Err() error { return s.err }

// Close ends the reading early; it is safe to call after the end.
func (s *Scanner) Close() error { return s.rows.Close() }

// ValueText renders a value of Feature.Values as text: integers in decimal,
// reals in the shortest form that reads back the same, text as is, a
// BLOB as its bytes, a time in RFC 3339 and NULL as "".
func ValueText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	case []byte:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}
