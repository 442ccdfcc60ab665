// Package population estimates where people live when no resident list is
// given: from the OpenStreetMap buildings and residential areas osmload
// reads.
//
// The rule (Estimate) is deliberately simple and stated in full in every
// report (Options.Describe): every residential building type, and
// building=yes inside landuse=residential, holds footprint area × levels ÷
// floor area per person people, as one resident at the building's interior
// point. Levels come from building:levels, or a default by building kind.
// The result is an estimate, marked access.Resident.Estimated; reports say
// so wherever they show it.
//
// The rule's parts are separate functions (residential, levels, people), so
// a better rule can replace one of them without touching the rest.
package population
