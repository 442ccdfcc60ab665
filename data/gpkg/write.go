package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/paulmach/orb"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// ApplicationID is the SQLite application_id of a GeoPackage: "GPKG".
const ApplicationID = 0x47504B47

// UserVersion is the SQLite user_version of the GeoPackage version
// written: 1.3.0.
const UserVersion = 10300

// Column types of attribute columns, as GeoPackage names them.
const (
	Text    = "TEXT"
	Integer = "INTEGER"
	Real    = "REAL"
	Boolean = "BOOLEAN"
)

// Geometry types of feature layers.
const (
	Point        = "POINT"
	Polygon      = "POLYGON"
	MultiPolygon = "MULTIPOLYGON"
	LineString   = "LINESTRING"
	Geometry     = "GEOMETRY"
)

// Column is an attribute column of a layer.
type Column struct {
	// Name is the column's name; names are unique in a layer, ignoring
	// case, and are neither "fid" nor "geom".
	Name string
	// Type is Text, Integer, Real or Boolean.
	Type string
}

// LayerSpec describes a layer to add.
type LayerSpec struct {
	// Name is the table's name (and its identifier in gpkg_contents).
	Name string
	// Description goes to gpkg_contents.description.
	Description string
	// GeometryType is the type of the geometry column "geom" (Point,
	// MultiPolygon, ...), or "" for an attribute table without geometry.
	GeometryType string
	// Columns are the attribute columns after fid (and geom).
	Columns []Column
}

// Writer writes a new GeoPackage file. Create it with Create, add layers
// and rows, then Close it; a Writer is not safe for concurrent use.
type Writer struct {
	path       string
	db         *sql.DB
	tx         *sql.Tx
	lastChange string
	layers     []*Layer
	err        error // the first error; it sticks
}

// Layer is a table of a Writer, to which rows are added.
type Layer struct {
	w       *Writer
	spec    LayerSpec
	insert  *sql.Stmt
	bound   orb.Bound
	bounded bool // bound holds at least one geometry
	rows    int64
}

// DefaultLastChange is the gpkg_contents.last_change Create writes when
// given none.
const DefaultLastChange = "1970-01-01T00:00:00.000Z"

// Create creates a new GeoPackage at path, which must not exist, with the
// GeoPackage metadata tables. lastChange, written as every layer's
// gpkg_contents.last_change, is an RFC 3339 timestamp such as the data's
// ("2026-03-10T21:14:03Z"; it is written in UTC with milliseconds, as the
// standard asks); "" means DefaultLastChange. Nothing reads the clock, so
// the file's bytes depend only on what is written.
func Create(path, lastChange string) (*Writer, error) {
	if lastChange == "" {
		lastChange = DefaultLastChange
	}
	t, err := time.Parse(time.RFC3339Nano, lastChange)
	if err != nil {
		return nil, fmt.Errorf("gpkg: last change %q is not an RFC 3339 timestamp", lastChange)
	}
	lastChange = t.UTC().Format("2006-01-02T15:04:05.000Z")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("gpkg: %w", err)
	}
	f.Close()
	db, err := sql.Open("sqlite", uri(path))
	if err != nil {
		return nil, fmt.Errorf("gpkg: %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	w := &Writer{path: path, db: db, lastChange: lastChange}
	for _, q := range []string{
		fmt.Sprintf("PRAGMA application_id = %d", ApplicationID),
		fmt.Sprintf("PRAGMA user_version = %d", UserVersion),
		"PRAGMA journal_mode = OFF",
		"PRAGMA synchronous = OFF",
	} {
		if _, err := db.Exec(q); err != nil {
			db.Close()
			return nil, fmt.Errorf("gpkg: %s: %s: %w", path, q, err)
		}
	}
	if w.tx, err = db.BeginTx(context.Background(), nil); err != nil {
		db.Close()
		return nil, fmt.Errorf("gpkg: %s: %w", path, err)
	}
	for _, q := range metadataSQL {
		w.exec(q)
	}
	w.exec(`INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES
		('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
		('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
		('WGS 84 geodetic', 4326, 'EPSG', 4326, ?, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`, wgs84WKT)
	if w.err != nil {
		w.abort()
		return nil, w.err
	}
	return w, nil
}

// wgs84WKT is the OGC WKT definition of EPSG:4326.
const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

// metadataSQL creates the GeoPackage metadata tables (GeoPackage 1.3,
// clauses 1.1.2, 1.1.3 and 2.1.5).
var metadataSQL = []string{
	`CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
)`,
	`CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE,
  min_y DOUBLE,
  max_x DOUBLE,
  max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
)`,
	`CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
)`,
}

// exec runs a statement in the transaction unless an error is pending.
func (w *Writer) exec(q string, args ...any) {
	if w.err != nil {
		return
	}
	if _, err := w.tx.Exec(q, args...); err != nil {
		w.err = fmt.Errorf("gpkg: %s: %w", w.path, err)
	}
}

// abort closes the database after an error and removes the file.
func (w *Writer) abort() {
	if w.tx != nil {
		w.tx.Rollback()
	}
	w.db.Close()
	os.Remove(w.path)
}

// quote quotes an SQL identifier.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// AddLayer creates a layer: a feature table with the integer primary key
// "fid", the geometry column "geom" when spec.GeometryType is set, and the
// attribute columns, registered in gpkg_contents (data_type "features" or
// "attributes") and gpkg_geometry_columns.
func (w *Writer) AddLayer(spec LayerSpec) (*Layer, error) {
	if w.err != nil {
		return nil, w.err
	}
	if spec.Name == "" || strings.HasPrefix(strings.ToLower(spec.Name), "gpkg_") || strings.HasPrefix(strings.ToLower(spec.Name), "sqlite_") {
		return nil, fmt.Errorf("gpkg: %s: layer name %q is empty or reserved", w.path, spec.Name)
	}
	seen := map[string]bool{"fid": true}
	if spec.GeometryType != "" {
		seen["geom"] = true
	}
	var cols strings.Builder
	cols.WriteString("fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL")
	place := []string{"?"}
	if spec.GeometryType != "" {
		cols.WriteString(", geom " + spec.GeometryType)
		place = append(place, "?")
	}
	for _, c := range spec.Columns {
		switch c.Type {
		case Text, Integer, Real, Boolean:
		default:
			return nil, fmt.Errorf("gpkg: %s: layer %s: column %q has type %q, want TEXT, INTEGER, REAL or BOOLEAN", w.path, spec.Name, c.Name, c.Type)
		}
		if k := strings.ToLower(c.Name); c.Name == "" || seen[k] {
			return nil, fmt.Errorf("gpkg: %s: layer %s: column name %q is empty or not unique", w.path, spec.Name, c.Name)
		}
		seen[strings.ToLower(c.Name)] = true
		cols.WriteString(", " + quote(c.Name) + " " + c.Type)
		place = append(place, "?")
	}
	dataType, srs := "attributes", any(nil)
	if spec.GeometryType != "" {
		dataType, srs = "features", SRSWGS84
	}
	w.exec("CREATE TABLE " + quote(spec.Name) + " (" + cols.String() + ")")
	w.exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) VALUES (?, ?, ?, ?, ?, ?)`,
		spec.Name, dataType, spec.Name, spec.Description, w.lastChange, srs)
	if spec.GeometryType != "" {
		w.exec(`INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, 'geom', ?, ?, 0, 0)`,
			spec.Name, spec.GeometryType, SRSWGS84)
	}
	if w.err != nil {
		return nil, w.err
	}
	st, err := w.tx.Prepare("INSERT INTO " + quote(spec.Name) + " VALUES (" + strings.Join(place, ", ") + ")")
	if err != nil {
		w.err = fmt.Errorf("gpkg: %s: layer %s: %w", w.path, spec.Name, err)
		return nil, w.err
	}
	l := &Layer{w: w, spec: spec, insert: st}
	w.layers = append(w.layers, l)
	return l, nil
}

// Add inserts a row: its geometry (nil for none, or for an attribute
// table) and one value per column, in order. Values are string, int, int64,
// float64, bool or nil (NULL); a float that is not finite is written as
// NULL. The row's fid is its 1-based position in the layer.
func (l *Layer) Add(g orb.Geometry, values ...any) error {
	w := l.w
	if w.err != nil {
		return w.err
	}
	if len(values) != len(l.spec.Columns) {
		return fmt.Errorf("gpkg: layer %s: %d values for %d columns", l.spec.Name, len(values), len(l.spec.Columns))
	}
	l.rows++
	args := make([]any, 0, 2+len(values))
	args = append(args, l.rows)
	if l.spec.GeometryType != "" {
		if g == nil {
			args = append(args, nil)
		} else {
			blob, err := EncodeGeometry(g, SRSWGS84)
			if err != nil {
				return fmt.Errorf("gpkg: layer %s: row %d: %w", l.spec.Name, l.rows, err)
			}
			args = append(args, blob)
			if !isEmpty(g) {
				if l.bounded {
					l.bound = l.bound.Union(g.Bound())
				} else {
					l.bound, l.bounded = g.Bound(), true
				}
			}
		}
	} else if g != nil {
		return fmt.Errorf("gpkg: layer %s is an attribute table: it has no geometry", l.spec.Name)
	}
	for i, v := range values {
		switch x := v.(type) {
		case nil, string, int64:
		case int:
			v = int64(x)
		case bool:
			v = int64(0)
			if x {
				v = int64(1)
			}
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				v = nil
			}
		default:
			return fmt.Errorf("gpkg: layer %s: row %d: column %s: value of type %T", l.spec.Name, l.rows, l.spec.Columns[i].Name, v)
		}
		args = append(args, v)
	}
	if _, err := l.insert.Exec(args...); err != nil {
		w.err = fmt.Errorf("gpkg: %s: layer %s: row %d: %w", w.path, l.spec.Name, l.rows, err)
		return w.err
	}
	return nil
}

// Close writes each feature layer's bounds into gpkg_contents, commits
// and closes the file. After an error of any call the file is removed and
// that error returned.
func (w *Writer) Close() error {
	for _, l := range w.layers {
		if w.err == nil {
			if err := l.insert.Close(); err != nil {
				w.err = fmt.Errorf("gpkg: %s: %w", w.path, err)
			}
		}
		if l.bounded {
			b := l.bound
			w.exec(`UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?`,
				b.Min[0], b.Min[1], b.Max[0], b.Max[1], l.spec.Name)
		}
	}
	if w.err != nil {
		w.abort()
		return w.err
	}
	if err := w.tx.Commit(); err != nil {
		w.tx = nil
		w.err = fmt.Errorf("gpkg: %s: %w", w.path, err)
		w.abort()
		return w.err
	}
	if err := w.db.Close(); err != nil {
		os.Remove(w.path)
		return fmt.Errorf("gpkg: %s: %w", w.path, err)
	}
	return nil
}
