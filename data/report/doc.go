// Package report renders the outputs of a coverage audit (access.Audit): a
// terminal table, CSV files, JSON, GeoJSON, Markdown, a GeoPackage for
// QGIS and a self-contained
// HTML page with inline SVG maps (see WriteHTML): an overview over the
// street network (Audit.Network), a map per category, and a small script of
// the package's own (assets/report.js) for pan, zoom and layer toggles. Its
// labels are in one table (htmlText), ready for a message catalogue. The
// other reports (Emergency, Volunteers, Incidents, Siting, Comparison)
// write their HTML in the same look (page_look.go): the same stylesheet,
// script and map component, over their Graph when they carry one.
//
// Two other pages share that look (stylesheet, map symbols, scale bar,
// north arrow, attribution, script, language): the residents' printed
// cards (WriteCardsHTML; each card's small map is clipped to its frame,
// its streets joined end to end with orb/clip and simplified with
// orb/simplify) and the isochrone page (WriteIsochronesHTML, which reuses
// the report's map template with one layer per budget). Their labels are
// in cardsText and isoText.
//
// Every writer takes an *Audit: the access.Result together with the inputs
// it indexes (residents, facilities, zones) and a Header describing the run.
// Write dispatches on a format name (see Formats) and WriteAll writes every
// output into a directory.
//
// # Determinism
//
// Writers are pure functions of the Audit: the same Audit gives the same
// bytes. Nothing reads the clock (Header.Generated is printed as given), no
// map is iterated, and numbers have fixed formats:
//
//   - minutes: one decimal ("12.3");
//   - metres: no decimal ("812");
//   - shares: percent of the residents' weight with one decimal ("66.7"),
//     where "100.0" and "0.0" are kept for exactly everyone and exactly
//     no-one (a share just below 100 % prints as "99.9");
//   - weights (people): up to three decimals, trailing zeros dropped
//     ("2.5", "3");
//   - density: people per km² of a grid, no decimal in the tables, one in
//     grids.csv and JSON;
//   - coordinates: seven decimals (about 1 cm).
//
// Percentiles of walking minutes (access.Stats Median and P90) are +Inf when
// they lie beyond the budget and NaN when a row has no routable resident.
// The table, Markdown and HTML outputs print them as ">15" (the budget in
// minutes) and "–". grids.csv, JSON and GeoPackage have no infinity: they
// leave the value empty (null) and add a "<name>_beyond_budget" flag that
// tells the two cases apart. residents.csv writes a resident's minutes
// beyond the budget as the budget itself (a lower bound) with a
// "<category>_beyond_budget" flag of "true".
//
// # Languages
//
// Audit.Lang (and the Lang of Emergency, Volunteers, Incidents, Siting and
// Comparison) chooses the language of every text for people (data/i18n):
// English, or Simplified Chinese for titles, header labels, section
// titles, intros, table headings, notes, yes/no, ledgers, map labels and
// the default categories' names, in the text, Markdown and HTML pages and
// the GeoPackage's report_header. Column names, JSON keys and status values stay English in the
// data outputs, so scripts read them the same way. Text tables align
// columns by display width (a Chinese character takes two columns) and
// wrap Chinese text between characters.
//
// # Points and people
//
// A resident is a point standing for some people (its weight): an
// estimated home holds many. The tables say "points" and "people" (and
// "estimated people" when some resident is estimated), never "residents"
// for buildings; grids.csv has the columns points and people, and the
// density of each grid (people_per_km2, from the zone's area on the
// sphere). residents.csv gives every point's weight and, for estimated
// homes, the OSM building.
//
// # Attribution and header
//
// Every output carries the line "© OpenStreetMap contributors (ODbL)"
// (Attribution) and the run's header: inputs, OSM data timestamp, budget,
// profile and speed, k, taxonomy, grids and walkshed version — except the
// CSV files, which are plain tables whose first line is the column header,
// so that spreadsheets, QGIS and csv readers take them as they are; their
// provenance is in the report files written beside them (WriteAll).
// Fields are quoted as encoding/csv quotes them. Residents
// outside every grid have an empty grid in residents.csv; grids.csv names
// them "outside any grid" like the other outputs.
// GeoJSON carries them as foreign members of the FeatureCollection, JSON as
// fields of the document.
//
// # GeoJSON
//
// gaps.geojson, the network export (WriteNetworkGeoJSON) and isochrones
// (WriteIsochronesGeoJSON) share one encoder, written here rather than
// taken from paulmach/orb's geojson types (orb being the geometry library
// walkshed builds on) for speed: encoding every feature with json.Marshal
// of an orb/geojson FeatureOf, coordinates rounded to seven decimals on a
// copy (orb.Round rounds in place), took 144–183 ms and allocated 20 MB for
// the Porto network (16,910 LineStrings), against 27–36 ms and 70 kB, and
// 1.1–1.4 ms against 0.25–0.57 ms for the Porto 5, 10 and 15-minute
// isochrones (BenchmarkGeoJSON, on a shared two-core machine). Package
// initialisation did not decide: orb/geojson and the mongo-driver bson
// package it imports are linked and initialised anyway, through
// paulmach/osm (0.1–0.5 ms at process start, GODEBUG=inittrace=1).
//
// # Files
//
// WriteAll writes report.txt (WriteTable), residents.csv
// (WriteResidentsCSV), grids.csv (WriteGridsCSV), facilities.csv
// (WriteFacilitiesCSV), report.json (WriteJSON), gaps.geojson
// (WriteGeoJSON), facilities.geojson (WriteFacilitiesGeoJSON), report.md
// (WriteMarkdown), report.html (WriteHTML) and audit.gpkg
// (WriteGeoPackage). Each file is written to a temporary file in the directory and
// renamed, so an error never leaves a partial file behind.
//
// All functions are safe for concurrent use as long as the Audit is not
// modified meanwhile; they only read it.
package report
