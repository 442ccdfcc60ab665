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
// PBF blocks are decoded by the package's own decoder (internal/pbf) into
// paulmach/osm's types, not by paulmach/osm's osmpbf: osmpbf v0.8.0 panics,
// inside goroutines a caller cannot recover, on PBF with plain (non-dense)
// nodes and on several kinds of corrupt data (a wrong string-table index, a
// negative blob size, mismatched member arrays). Ours reads
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
//     flagged FlagArea, and Read adds ways across them (see Pedestrian
//     areas below).
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
// # Pedestrian areas
//
// A square mapped as a closed way tagged area=yes (highway=pedestrian
// area=yes, or any other way that passes the filter with area=yes) is
// crossed in a straight line, not walked round. Its entrances are its
// outline nodes that the network uses twice or more: shared with another
// walkable way (area ways included) or visited twice by the outline. Every
// pair of entrances that see each other gets a two-node way in
// Extract.Network, after the file's ways: the open segment between them
// crosses no outline edge, passes no outline vertex closer than 2 cm (about
// twice the rounding of OSM coordinates, so that a side drawn straight
// through several nodes is not "crossed" along itself), is not itself an
// outline edge, and has its midpoint inside the outline; the test runs in a
// local metric projection (geo.Projection). A crossing has the flags of its
// area way (FlagArea included) and the area way's id negated, so it never
// collides with an OSM id and names its area; all crossings of an area share
// that id. An area with more than 40 entrances joins each entrance only to
// its 8 nearest visible ones, which bounds the pairs to test; no area of the
// Monaco and Porto extracts has that many. Extract.AreaCrossings counts the
// crossings; Options.NoAreaCrossing turns them off. Out of scope: areas
// mapped as multipolygon relations (highway=pedestrian type=multipolygon,
// whose member ways are not themselves walkable) and obstacles inside an
// area (fountains, kiosks, trees), which the crossings go through. An area
// way cut by nodes missing from the file is not crossed.
//
// Routers differ here: OSRM's foot profile walks an area's outline only,
// Valhalla and OSMnx drop area=yes pedestrian ways altogether. Both make
// answers near squares too long, since a pedestrian crosses a square
// straight; Porto's centre has over 1,000 area ways, about half of which
// get crossings. The NetworkX reference the project is checked against
// (../shared/reference; comparisons in testdata/reference) walks outlines
// and does not cross, so walkshed's distances near squares are expected to
// be shorter than the reference's; read with Options.NoAreaCrossing to
// compare like with like.
//
// # Features, buildings and areas
//
// Features are nodes, ways and multipolygon relations with a shop, amenity,
// craft, healthcare or office tag, or leisure=fitness_centre,
// fitness_station or sports_centre (the fitness tier of standards such as
// mofcom-2021; other leisure places are not read), and named places
// (IsPlace), which reports use to name grids. A way or relation is placed at its best
// entrance node (entrance=main, then other entrances, then
// entrance=emergency|exit), else at a point inside its area (the centroid
// when inside, else the middle of the widest inside interval on the
// horizontal line through the centroid), else, for an open way, at its
// middle.
//
// Buildings are closed ways and type=multipolygon relations tagged
// building=* (not building=no), with footprint area in square metres in a
// local projection, holes subtracted, and the facts the resident estimate
// (data/population) reads: building:levels (with the raw value when it is
// unreadable), height, building:use, building:flats, the non-home uses its
// own tags name (Use: office, shop, amenity, craft, healthcare, tourism,
// historic, government, religion, education and a few others), the service
// points mapped as nodes inside the footprint (Building.POIs), and the
// smallest land-use area containing it (Building.Site: landuse=* areas, and
// amenity=* areas that are not buildings, such as school grounds).
// Residential land use (Extract.ResidentialLanduse) is landuse=residential
// on closed ways and multipolygon relations.
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
