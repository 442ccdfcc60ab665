package report

import (
	"bufio"
	"io"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// Cards are residents' cards: for each resident or address, the nearest
// facilities of every category within the budget, for a community to hand
// to new residents.
type Cards struct {
	// Header describes the run (inputs, OSM data, budget, profile).
	Header Header
	// Categories are the categories on every card, in order; K the most
	// facilities per category.
	Categories []string
	K          int
	// Cards are one per resident, in input order.
	Cards []Card
	// Lang is the language of the printed cards' texts (WriteCardsHTML);
	// "" means English. cards.csv keeps English column names.
	Lang i18n.Language
}

// Card is one resident's card.
type Card struct {
	Resident access.Resident
	// Unroutable says why the address could not be placed on the network;
	// the card then lists no facility. Empty otherwise.
	Unroutable string
	// Why is the reason as a code (routing.ErrUnroutable's error), so
	// that the printed card says it in the cards' language; when nil, the
	// card prints Unroutable as it is.
	Why *routing.UnroutableError
	// Nearest holds, per category (Cards.Categories order), up to K
	// facilities within the budget, nearest first; empty when none is.
	Nearest [][]CardEntry
	// Streets are the street lines crossing the card's map (CardMapBound
	// of the home and the nearest facility of each category); the HTML
	// writer clips them to that frame. May be empty.
	Streets []orb.LineString
}

// CardEntry is one facility on a card.
type CardEntry struct {
	Facility access.Facility
	// Address is the facility's OSM address (addr:* tags), "" when not
	// tagged; OpeningHours its opening_hours tag.
	Address, OpeningHours string
	// Meters is the walk door to door; Minutes the same at the profile's
	// speed.
	Meters, Minutes float64
}

// WriteCardsCSV writes cards.csv: one line per resident × category ×
// facility, with the columns
//
//	resident,lon,lat,category,rank,facility,name,address,opening_hours,minutes,meters,status
//
// status is "ok", "none within BUDGET" (the facility cells empty) or
// "unroutable: REASON" (one line for the resident, category empty), so that
// every resident given appears. Minutes have one decimal, metres none.
func WriteCardsCSV(w io.Writer, c *Cards) error {
	b := bufio.NewWriter(w)
	writeRecord(b, []string{"resident", "lon", "lat", "category", "rank", "facility", "name", "address", "opening_hours", "minutes", "meters", "status"})
	for _, card := range c.Cards {
		r := card.Resident
		lon, lat := csvCoord(r.Point.Lon()), csvCoord(r.Point.Lat())
		if card.Unroutable != "" {
			writeRecord(b, []string{r.ID, lon, lat, "", "", "", "", "", "", "", "", "unroutable: " + oneLine(card.Unroutable)})
			continue
		}
		for ci, cat := range c.Categories {
			var es []CardEntry
			if ci < len(card.Nearest) {
				es = card.Nearest[ci]
			}
			if len(es) == 0 {
				writeRecord(b, []string{r.ID, lon, lat, cat, "", "", "", "", "", "", "", "none within " + c.Header.Budget})
				continue
			}
			for k, e := range es {
				writeRecord(b, []string{r.ID, lon, lat, cat, strconv.Itoa(k + 1), e.Facility.ID, e.Facility.Name, e.Address, e.OpeningHours,
					minutes(e.Minutes), meters(e.Meters), "ok"})
			}
		}
	}
	return b.Flush()
}
