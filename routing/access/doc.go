// Package access answers the questions walkshed exists for: how far, in
// walking minutes, each resident is from the services of each category
// (coverage, nearest-k and gap analysis), summarised per zone and per
// resident group; the same classified against several budgets or a
// standard's budget per category (Tier); and where new facilities would
// cover the most residents not yet covered (Site, a lazy greedy maximal
// covering whose guarantees site_greedy.go states).
//
// This file set starts with the domain types shared by the readers (data/...)
// and the analyses: Facility, Resident and Zone. They are plain values with
// no behaviour. All points are orb.Point values in (longitude, latitude)
// order, degrees, WGS 84; readers validate them with geo.ValidatePoint before
// they reach this package.
package access
