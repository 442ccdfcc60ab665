// Package gpkg writes and reads OGC GeoPackage files, the SQLite-based
// format QGIS and GDAL open natively, through the pure-Go SQLite driver
// modernc.org/sqlite (no cgo).
//
// # Writing
//
// Create starts a new file; Writer.AddLayer adds a feature table (one
// geometry column, typed attribute columns) or, without a geometry type,
// an attribute table; Layer.Add inserts a row; Writer.Close fills in each
// layer's bounds and closes the file. The file conforms to GeoPackage 1.3:
//
//   - application_id 'GPKG' (0x47504B47) and user_version 10300;
//   - gpkg_spatial_ref_sys with EPSG:4326 (WGS 84 longitude/latitude) and
//     the required rows -1 (undefined Cartesian) and 0 (undefined
//     geographic);
//   - gpkg_contents (one row per layer, with its bounds and last_change)
//     and gpkg_geometry_columns;
//   - feature tables whose geometries are GeoPackage binary: the "GP"
//     header (version 0, little-endian, the envelope [minx, maxx, miny,
//     maxy] except for points, srs_id 4326) followed by the geometry as
//     WKB (paulmach/orb's encoding/wkb).
//
// There is no spatial index (the rtree extension is optional; QGIS and
// GDAL read the layers without it, and the report layers are small).
//
// The bytes are a function of what is written: layers and rows go in the
// order they are added, inside one transaction, and last_change is the
// timestamp the caller gives (walkshed gives the OSM data's), never the
// clock, so the same input gives the same file.
//
// # Reading
//
// Open opens a file read-only and checks that it is a GeoPackage;
// Reader.Layers lists its layers in gpkg_contents order and
// Reader.Features streams the rows of one layer (bufio.Scanner style:
// Scan, Feature, Err, Close), each with its fid, its geometry decoded to
// orb types and its attribute values; Reader.Attributes streams chosen
// columns of a layer without reading its geometry at all. Problems are
// *Error values that name the file, the layer, the row (fid) and the
// column.
//
// A Writer or a Reader is not safe for concurrent use.
package gpkg
