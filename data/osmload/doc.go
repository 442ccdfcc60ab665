// Package osmload reads OpenStreetMap files (.osm.pbf, and .osm XML, plain
// or gzip/bzip2-compressed) into what walkshed needs: the walkable network
// for routing.Builder, candidate service points, building footprints,
// residential land use and administrative boundaries.
//
// # Reading
//
// Read recognises the format by content (the PBF BlobHeader, or '<' after
// white space for XML; gzip and bzip2 by their magic bytes), falling back on
// the extension for inputs too short to tell. It reads the file in three
// passes, so that memory follows the part of the file walkshed keeps, not the
// file: relations first (to learn which ways are members of the areas we
// need), then ways (keeping walkable ways and the ways of features,
// buildings, land use and boundaries, and noting their nodes), then nodes
// (coordinates of the noted nodes, tagged service points, node flags). Tags
// are kept only for features and boundaries.
//
// PBF is decoded by the package's own decoder (internal/pbf), not by
// paulmach/osm's osmpbf: that package needs modules missing from walkshed's
// go.sum and panics, inside goroutines a caller cannot recover, on PBF with
// plain (non-dense) nodes and on several kinds of corrupt data. Ours reads
// plain and dense nodes, checks every length and index, and decodes blocks
// in parallel (Options.Procs). The first pass learns which element kinds each
// block holds; the later passes skip blocks without the kinds they need,
// without decompressing them. XML is read with paulmach/osm's osmxml,
// re-reading the file on each pass.
//
// Bad input never panics: a file that cannot be read gives a *ParseError
// naming the file and wrapping ErrEmpty, ErrFormat, ErrTruncated or
// ErrUnsupported, with the detail (a byte offset for PBF).
//
// # The pedestrian filter
//
// Walkable decides which ways a pedestrian may use. The rules follow OSRM's
// foot profile so that answers compare with OSRM and the NetworkX reference:
//
//   - Candidates are ways with a highway tag, and ways tagged
//     railway=platform, man_made=pier, amenity=parking|parking_entrance or
//     leisure=track (outlines OSRM walks). Anything else is "not a highway".
//   - Walkable highway values: footway, path, pedestrian, steps, corridor,
//     elevator, platform, track, and the roads living_street, residential,
//     service, unclassified, road, tertiary, secondary, primary and their
//     _link roads. corridor (indoor passages) and elevator are a deliberate
//     departure from OSRM's foot profile, which leaves them out: through
//     malls, stations and Monaco's public lifts people do walk. Points near
//     them may therefore snap or route differently from OSRM (a few metres
//     for a handful of points in Monaco; see testdata/reference).
//   - highway=construction, proposed, planned, abandoned, disused and razed
//     are never walkable, whatever else is tagged ("highway=construction").
//   - An explicit foot tag decides alone: foot=no|private|agricultural|
//     forestry|delivery drops the way ("foot=no"), any other foot value keeps
//     it, so foot=yes beats access=no. Without a foot tag, access=no|private|
//     agricultural|forestry|delivery drops it ("access=private"); other
//     access values (destination, customers, permissive, ...) keep it.
//   - Every other highway value (cycleway, bridleway, trunk, trunk_link,
//     motorway, motorway_link, raceway, bus_guideway, ...) is walkable only
//     with foot=yes|designated|permissive ("highway=cycleway").
//   - Roads with sidewalk=separate or sidewalk:both=separate (or one side
//     separate and the other separate or no) stay walkable, as in OSRM,
//     unless Options.DropSeparateSidewalkRoads ("sidewalk=separate"; roads
//     only, never footways or paths).
//   - Pedestrian areas (area=yes) are kept: their outline is walked and
//     flagged FlagArea. Walking across an area is left to the graph builder.
//   - Ways with fewer than two nodes are dropped ("fewer than 2 nodes").
//
// Extract.DroppedWays counts the candidates dropped, by reason.
//
// Way flags: FlagSteps for highway=steps; FlagCrossing for footway=crossing
// (also path=crossing, cycleway=crossing); FlagArea for area=yes;
// FlagNoWheelchair for wheelchair=no; FlagUnpaved for surface=unpaved,
// gravel, fine_gravel, compacted, dirt, earth, ground, soil, grass,
// grass_paver, sand, mud, pebblestone, woodchips, rock; FlagRough for
// surface=cobblestone, sett, unhewn_cobblestone, cobblestone:flattened.
//
// Node flags (NodeFlags): FlagCrossing for highway=crossing and
// railway=crossing; FlagKerbRaised for barrier=kerb unless
// kerb=lowered|flush|no (an unspecified kerb counts as raised, and so does
// kerb=rolled), and for kerb=raised|rolled|regular on other nodes (such as
// crossings); FlagNoWheelchair for wheelchair=no.
//
// # Features, buildings and areas
//
// Features are nodes, ways and multipolygon relations with a shop, amenity,
// craft, healthcare or office tag. A way or relation is placed at its best
// entrance node (entrance=main, then other entrances, then
// entrance=emergency|exit), else at a point inside its area (the centroid
// when inside, else the middle of the widest inside interval on the
// horizontal line through the centroid), else, for an open way, at its
// middle.
//
// Buildings are closed ways and type=multipolygon relations tagged
// building=* (not building=no), with footprint area in square metres in a
// local projection, holes subtracted. Residential land use is
// landuse=residential on closed ways and multipolygon relations.
//
// Boundaries are boundary=administrative relations (type=boundary or
// multipolygon) whose every outer, inner and unroled member way, and every
// node of those, is in the file; their ways are joined end to end, in either
// direction, into closed rings, shells made counter-clockwise and holes
// clockwise, each hole given to the shell that contains it. Relations that
// are incomplete or do not close are counted in IncompleteBoundaries. Closed
// ways tagged boundary=administrative with an admin_level are boundaries too
// (Malta maps its councils so), unless the way is itself an outer member of
// a complete boundary relation of the same level.
package osmload
