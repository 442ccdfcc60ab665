// Package geo holds the small amount of geodesy walkshed needs: great-circle
// distances in metres, a local equirectangular projection for metric work on a
// city-sized area, projection of a point onto a polyline, and validation of
// longitude/latitude input.
//
// All points are orb.Point values in (longitude, latitude) order, degrees,
// WGS 84. All lengths are metres: float64 results, and parameters of type
// Meters where a bare float64 could be mistaken for another unit. The Earth
// is a sphere of radius EarthRadius, the IUGG mean radius, which is also what
// the independent reference implementation and OSRM use, so lengths agree to
// the millimetre.
package geo
