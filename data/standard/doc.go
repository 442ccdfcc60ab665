// Package standard reads planning standards that give each service
// category its own walking budget ("convenience stores within 5 minutes,
// pharmacies within 8, supermarkets within 15"), for an audit to report
// the share within each category's tier and the "compliant" share: every
// category within its tier (see access.Tier).
//
// # Presets
//
// Two standards are embedded, each citing its source in its own fields:
//
//   - gb50180-2018: GB 50180-2018, Standard for urban residential area
//     planning and design (Ministry of Housing and Urban-Rural
//     Development, 2018): 5-, 10- and 15-minute life circles at 300, 500
//     and 800–1000 m (held to 1000 m).
//   - mofcom-2021: the Ministry of Commerce's 2021 guide to urban
//     15-minute convenient living circles (城市一刻钟便民生活圈建设指南),
//     as its published summary gives the tiers: convenience stores within
//     5 minutes; breakfast and fast food, pharmacies, laundries,
//     hairdressers and fresh-food markets within 8; supermarkets, repair,
//     community services and fitness within 15.
//
// Neither document's own text was at hand when the presets were written;
// their "note" fields say what they follow, and should be checked against
// the documents.
//
// # Standard files
//
// A standard file is JSON:
//
//	{"name": "my-city-2030",
//	 "title": "Neighbourhood plan 2030, section 4",
//	 "issuer": "City council", "date": "2025", "note": "…",
//	 "taxonomy": {"mode": "extend", "categories": [
//	   {"name": "convenience", "rules": ["shop=convenience"]},
//	   {"name": "supermarket", "rules": ["shop=supermarket"]}]},
//	 "tiers": [
//	   {"category": "convenience", "minutes": 5},
//	   {"category": "supermarket", "minutes": 15},
//	   {"category": "pharmacy", "meters": 500}]}
//
// "name", "title" and "tiers" are required. "taxonomy" is optional and
// has the form of a taxonomy file (see data/taxonomy): it is applied to
// the base taxonomy, so a standard can, for instance, hold convenience
// stores apart from supermarkets. Each tier names a category of the
// resulting taxonomy once, with "minutes" or "meters". Gaps are errors: a
// tier without a budget, a category the taxonomy does not know, and a
// category the file's taxonomy defines but no tier budgets. Unknown fields
// are errors, and JSON errors carry the line and column.
package standard
