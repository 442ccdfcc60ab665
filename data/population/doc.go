// Package population says how many people live where, for the audit's
// weights: it estimates residents from OpenStreetMap buildings, spreads
// counts a planner brings (people per H3 cell, per grid) over homes or
// streets, and splits people into groups. Every step keeps its ledger, so
// that the people given in are always the people placed plus the people
// listed as not placed.
//
// # The estimate, rule by rule
//
// EstimateHomes decides for every OSM building (osmload.Building) whether
// people live in it and how many, by these rules, in this order; Stats
// counts the buildings each rule decided and Stats.Lines says so in the
// report header.
//
//  1. A residential building value is a home: residential, apartments,
//     house, detached, semidetached_house, terrace, dormitory, bungalow,
//     farm (a farmhouse), cabin, static_caravan, houseboat, stilt_house,
//     trullo. Other tags on it do not change that: the mapper said people
//     live there.
//  2. Any other value than yes is not a home: office, commercial, retail,
//     industrial, church, school, hotel, garage, roof, ...
//  3. building=yes with building:flats > 0 or building:use=residential
//     (apartments, house, ...) is a home: it is declared one.
//  4. building=yes with a tag of another use is not a home: office, shop,
//     amenity, craft, healthcare, tourism, historic, government, religion,
//     education, leisure, man_made, military, power, public_transport,
//     railway, aeroway, emergency, or a building:use other than
//     residential. An office, a bank, a courthouse or a castle inside
//     residential land use is not a home.
//  5. building=yes is a home when the smallest land-use area around it is
//     landuse=residential. In any other land use (landuse=commercial,
//     retail, industrial, cemetery, ...; amenity areas such as school
//     grounds, hospital sites, car parks) it is not: the smallest area
//     wins, so a school's grounds inside a residential area make its
//     buildings schools.
//  6. building=yes outside every land-use area is not a home. Where land
//     use is not mapped this leaves homes out; the report says how many
//     building=yes stand outside land use.
//  7. A footprint under Options.MinArea (30 m²) holds no one.
//
// How many people a home holds: footprint area × levels ÷
// Options.FloorAreaPerPerson.
//
//   - Levels are building:levels when it is a number (decimal comma
//     allowed); else height ÷ 3 m (LevelHeightM), rounded, at least 1;
//     else the default of the kind: Options.HouseLevels (2) for houses
//     (house, detached, semidetached_house, terrace, bungalow, farm, cabin,
//     ...), Options.OtherLevels (4) for other homes. An unreadable
//     building:levels ("many", "3-5") gives the default and is counted.
//   - Implausible levels are capped and counted: at MaxHouseLevels (6) for
//     houses (a building=house with building:levels=21 is a tagging
//     error), at MaxLevels (100) for any home.
//   - Mixed use is counted in part: a home with shops or services on its
//     ground floor — a shop, office, amenity, craft or healthcare tag on
//     the building, or such a point mapped as a node inside its footprint
//     (street furniture such as benches and post boxes aside) — counts its
//     levels minus one, and half a level when it has only one.
//
// Each home becomes one resident at a point inside its footprint, weighing
// the people it holds, marked Estimated, with the building's OSM id as ID
// and Building.
//
// Why 60 m² of floor per person (DefaultFloorAreaPerPerson): footprint ×
// levels is gross floor area, walls, stairs and corridors included, of
// which living space is about three quarters; European households have
// about 35–50 m² of living space per person; and a share of dwellings
// (second homes, vacant flats; 10–30 % in tourist places) houses no
// resident. That makes about 55–65 m² of gross floor per resident. With the
// former 35 m² the estimate of Monaco (2026 data) was 75,400 people for
// 38,367 counted in 2023, and of Andorra (2021 data) 137,200 for about
// 79,000; with 60 m² they are 44,000 and 80,000 (testdata/population/
// estimates.md). Those two places checked the value; they are not an
// independent test of it. Where local statistics give the gross floor area
// per resident, use them (--floor-area-per-person); Chinese cities, for
// one, have much less.
//
// The estimate cannot see homes OSM does not map. Where buildings are
// sparse (Delaware's 2016 data has 8,263 buildings for about 950,000
// people) it is far too low; the header then warns, and counts given with
// a population file or per grid should replace it.
package population
