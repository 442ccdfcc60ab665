// Package isochrone draws walking isochrones: the area a walker reaches from
// one or more points within each of several budgets.
//
// One bounded search runs to the largest budget. For each budget, every
// reached edge contributes the part of it within reach (an edge reached
// from both ends contributes both parts; the last edge is cut at the
// remaining distance), and so does the start edge around each start point.
// Those pieces are covered exactly by H3 cells (geo/hex, default resolution 11,
// cells of about 25 m) and the cell set is outlined into a MultiPolygon with
// holes. Because the reached pieces of a smaller budget are a subset of a
// larger budget's, contours nest by construction, and every reached network
// point lies in a cell of its contour.
//
// Walks start with the door leg: a start point off the street spends its
// distance to the street first, at the profile's speed.
package isochrone
