package hex

import "errors"

// Errors returned, wrapped with details, by this package. Test with errors.Is.
var (
	// ErrResolution reports a resolution outside 0..15, or a parent
	// resolution finer than the cell's.
	ErrResolution = errors.New("hex: resolution out of range")
	// ErrPoint reports a coordinate that is not finite or is out of range.
	ErrPoint = errors.New("hex: invalid point")
	// ErrCell reports a value that is not a valid H3 cell index.
	ErrCell = errors.New("hex: invalid cell")
	// ErrMixedResolution reports cells of different resolutions where one
	// resolution is required.
	ErrMixedResolution = errors.New("hex: cells of mixed resolutions")
	// ErrAntimeridian reports a cell or segment that crosses the
	// antimeridian, or a cell that contains a pole; longitude/latitude
	// polygons cannot represent them.
	ErrAntimeridian = errors.New("hex: crosses the antimeridian or a pole")
	// ErrTopology reports cell boundaries that do not fit together into
	// rings. It signals a bug or an h3 inconsistency, not bad input.
	ErrTopology = errors.New("hex: inconsistent cell boundaries")
)
