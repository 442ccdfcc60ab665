package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Facility statuses in facilities.csv and facilities.geojson.
const (
	// FacilityCounted: the facility is of an audited category and was
	// placed on the walking network, so it counts for the residents within
	// the budget of it.
	FacilityCounted = "counted"
	// FacilityOffNetwork: of an audited category but too far from any
	// usable street; it counts for no-one (the reason says why).
	FacilityOffNetwork = "off_network"
	// FacilityNotAudited: its category was left out of the audit
	// (--categories).
	FacilityNotAudited = "not_audited"
)

// facilityRow is one facility as the facility outputs list it.
type facilityRow struct {
	index   int // into Audit.Facilities
	status  string
	reason  string
	nearest int     // residents whose nearest facility of the category it is
	weight  float64 // their weight
}

// facilityRows lists every facility of the audit in input order with its
// status and how many residents it is the nearest one for.
func (p *prepared) facilityRows() []facilityRow {
	fs := p.a.Facilities
	rows := make([]facilityRow, len(fs))
	for i, f := range fs {
		rows[i] = facilityRow{index: i, status: FacilityCounted}
		if !slices.Contains(p.cats, f.Category) {
			rows[i].status = FacilityNotAudited
		}
	}
	for _, is := range p.r.Facilities {
		rows[is.Facility].status = FacilityOffNetwork
		rows[is.Facility].reason = is.Reason
	}
	for i, rr := range p.r.Residents {
		for _, rc := range rr.Reach {
			if len(rc) == 0 {
				continue
			}
			row := &rows[rc[0].Facility]
			row.nearest++
			row.weight += weightOf(p.a.Residents[i])
		}
	}
	return rows
}

// osmID is the OSM element of an OSM facility ("node/123"), "" for the
// facilities of a community directory.
func osmID(source, ref string) string {
	if source == "osm" {
		return ref
	}
	return ""
}

// facilityHead is the header of facilities.csv.
var facilityHead = []string{"id", "osm_id", "source", "ref", "category", "name", "lon", "lat", "status", "reason", "nearest_residents", "nearest_weight"}

// WriteFacilitiesCSV writes facilities.csv: every facility given to the
// audit, in input order, one row per facility and category (an OSM element
// matching two categories is two rows), with the columns
//
//	id,osm_id,source,ref,category,name,lon,lat,status,reason,nearest_residents,nearest_weight
//
// id is the facility's ID as the other outputs name it; osm_id is the OSM
// element ("node/123", "way/45") for facilities from OpenStreetMap and
// empty for a community directory, whose file and row id are source and
// ref. status says whether the facility counted: "counted" (placed on the
// network: it serves every resident within the budget of it),
// "off_network" (too far from a usable street; reason says how far) or
// "not_audited" (its category was left out). nearest_residents and
// nearest_weight count the residents for whom it is the nearest facility
// of its category within the budget.
func WriteFacilitiesCSV(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	writeRecord(b, facilityHead)
	for _, row := range p.facilityRows() {
		f := p.a.Facilities[row.index]
		writeRecord(b, []string{f.ID, osmID(f.Source, f.Ref), f.Source, f.Ref, f.Category, f.Name,
			csvCoord(f.Point.Lon()), csvCoord(f.Point.Lat()), row.status, row.reason,
			strconv.Itoa(row.nearest), weight(row.weight)})
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("report: facilities.csv: %w", err)
	}
	return nil
}

// WriteFacilitiesGeoJSON writes facilities.geojson: a FeatureCollection
// (with the foreign members of WriteGeoJSON) of one Point feature per
// facility and category, in input order, whose properties are the columns
// of WriteFacilitiesCSV without lon and lat; osm_id is null for a
// directory's facilities. A facility whose point is not a valid position
// has a null geometry.
func WriteFacilitiesGeoJSON(w io.Writer, a *Audit) error {
	p, err := prepare(a)
	if err != nil {
		return err
	}
	hdr, err := marshal(p.jsonHeader())
	if err != nil {
		return fmt.Errorf("report: facilities.geojson: %w", err)
	}
	gw := newGeoWriter(w, `"title":`+jsonString(p.title())+`,"attribution":`+jsonString(Attribution)+`,"header":`+hdr+",\n")
	for _, row := range p.facilityRows() {
		f := p.a.Facilities[row.index]
		gw.begin("")
		gw.str("id", f.ID)
		if id := osmID(f.Source, f.Ref); id != "" {
			gw.str("osm_id", id)
		} else {
			gw.raw("osm_id", "null")
		}
		gw.str("source", f.Source)
		gw.str("ref", f.Ref)
		gw.str("category", f.Category)
		gw.str("name", f.Name)
		gw.str("status", row.status)
		gw.str("reason", row.reason)
		gw.int("nearest_residents", int64(row.nearest))
		gw.raw("nearest_weight", weight(row.weight))
		if csvCoord(f.Point.Lon()) != "" && csvCoord(f.Point.Lat()) != "" {
			gw.point(f.Point)
		} else {
			gw.noGeometry()
		}
	}
	if err := gw.close(); err != nil {
		return fmt.Errorf("report: facilities.geojson: %w", err)
	}
	return nil
}
