package osmload

// Options tune Read. The zero value reads everything with the default
// pedestrian filter, using all CPUs.
type Options struct {
	// Procs is the number of goroutines decoding PBF blocks; values below
	// 1 mean runtime.GOMAXPROCS(0).
	Procs int
	// DropSeparateSidewalkRoads drops roads tagged sidewalk=separate (or
	// sidewalk:both=separate) whose sidewalks are mapped as their own
	// footways, so that walkers use those footways instead of the road's
	// centre line. Off by default, as in OSRM's foot profile.
	DropSeparateSidewalkRoads bool
	// NoAreaCrossing leaves pedestrian areas (area=yes) walkable along
	// their outline only, as the NetworkX reference does. By default Read
	// adds straight ways across each area between its entrances (see
	// Extract.AreaCrossings and the package documentation).
	NoAreaCrossing bool
	// Progress, if not nil, is called as the file is read with the bytes
	// read so far and an estimate of the bytes the whole read takes:
	// twice a PBF file's size (every block is peeked at for its kinds,
	// then decoded in its pass), three times an XML file's (one pass each
	// for relations, ways and nodes). done may pass total, when a PBF
	// block holds several kinds or the file must be read again (see
	// Read). Calls come from the decoding goroutines, one at a time;
	// Progress must return quickly.
	Progress func(done, total int64)
}
