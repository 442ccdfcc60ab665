// Package taxonomy defines service categories as rules on OpenStreetMap
// tags, and decides which categories an OSM feature belongs to.
//
// # Rule language
//
// A category has an ordered list of rules. A rule is one or more conditions
// joined by "&", all of which must hold:
//
//	key=value        the feature's value for key is value
//	key=v1|v2|v3     the value is one of v1, v2, v3
//	key=*            the feature has key, with any value except "no"
//	k1=v1&k2=v2      both conditions hold (e.g. shop=bicycle&service:bicycle:repair=yes)
//	!rule            exclusion: a feature the rule matches is not in the category
//
// A feature is in a category when at least one inclusion rule matches and no
// exclusion rule does; the order of rules does not matter. Values compare
// exactly (OSM values are case-sensitive); a feature value that is a
// semicolon list ("pharmacy;clinic") matches when any of its items does.
// Spaces around operators are ignored. Keys may not contain white space or
// any of "!=&|*"; values may not contain "!=&|*;" ("*" stands alone).
// Rules are printed in a canonical spelling without spaces
// (Category.RuleStrings), which is also what Taxonomy.Fingerprint hashes.
//
// # Default taxonomy
//
// Default returns the categories of default.json, following DESIGN.md:
//
//   - grocery: shop=supermarket|convenience|greengrocer|grocery|general,
//     amenity=marketplace. shop=grocery is deprecated but still in use;
//     shop=general is the village general store. Bakeries, butchers and
//     kiosks are left out as specialised shops; extend the category to count
//     them.
//   - clinic: amenity=clinic|doctors|dentist|hospital and healthcare=*,
//     except healthcare=pharmacy and amenity=pharmacy.
//   - pharmacy: amenity=pharmacy, healthcare=pharmacy. shop=chemist is a
//     drugstore that does not dispense medicines, so it is not included.
//   - barber: shop=hairdresser|barber.
//   - housekeeping: shop=laundry|dry_cleaning, amenity=laundry (a common
//     though unofficial spelling of a laundrette), craft=cleaning.
//   - agency: office=estate_agent|employment_agency, shop=estate_agent.
//   - repair: shop=repair and shop=*_repair for electronics, phones,
//     computers, appliances, shoes, watches and bicycles;
//     craft=electronics_repair|shoe_repair|watchmaker|clockmaker|bicycle_repair;
//     bicycle shops tagged service:bicycle:repair=yes. Self-service bicycle
//     repair stations (amenity=bicycle_repair_station) are not a service
//     with a person and are left out.
//   - craftsman: craft=key_cutter|locksmith|tailor|dressmaker|shoemaker|
//     sharpener|knife_sharpening|umbrella_repair and
//     shop=locksmith|key_cutter|tailor.
//
// # Taxonomy files
//
// A file given with --taxonomy is JSON:
//
//	{"mode": "extend",
//	 "categories": [
//	   {"name": "grocery", "rules": ["shop=bakery|butcher"]},
//	   {"name": "library", "description": "Public libraries", "rules": ["amenity=library"]}]}
//
// "mode" is required. "extend" keeps the base categories, adds the rules of
// a category of the same name to it (rules already there are skipped, a
// non-empty description replaces the old one) and appends new categories
// after the base ones. "replace" uses only the file's categories. Category
// names are lowercase letters, digits, "_" and "-", starting with a letter,
// and unique within the file; every category needs at least one rule, and
// must end up with at least one inclusion rule. Unknown JSON fields are
// errors, so typos do not pass silently. Errors are *ParseError values that
// name the file and, for JSON errors, the line and column.
//
// A Taxonomy and its Categories are immutable and safe for concurrent use.
package taxonomy
