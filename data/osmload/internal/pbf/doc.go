// Package pbf decodes OpenStreetMap PBF files (the osmformat/fileformat
// protobuf schemas) by hand, without generated protobuf code.
//
// It exists because walkshed must never crash on a bad input file: every
// length, index and count read from the file is checked before use, so
// corrupt, truncated or hostile data yields an error wrapping ErrFormat,
// ErrTruncated or ErrUnsupported, never a panic. Both dense and plain
// (non-dense) nodes are read, and repeated fields are accepted packed or
// unpacked, as the protobuf encoding allows.
//
// A File is opened over an io.ReaderAt. Open reads only the framing (the
// BlobHeaders) and the OSMHeader block; Scan then decodes the data blocks in
// parallel and hands them to a callback in file order. Scan may be called
// several times, one pass per element kind: the kinds each block contains are
// learnt on the first pass that decodes it, and later passes skip blocks that
// hold none of the wanted kinds without reading or decompressing them.
package pbf
