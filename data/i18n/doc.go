// Package i18n holds the languages walkshed writes for people — English
// and Simplified Chinese — and the display width of text in a terminal.
//
// # Messages
//
// A Language formats messages through a golang.org/x/text/message
// catalogue: the English text is the key and the English message; the
// Chinese translations are in catalog_zh.go. A key without translation
// prints in English, and Missing lists such keys, so tests can require
// every message of a package to be translated. Numbers are given to
// messages already formatted, as strings (%s), so that every language
// prints them alike (x/text would otherwise group digits by locale).
//
// What is translated: every text meant for people — report titles,
// headers, section titles, table headings, notes, warnings, map labels,
// the resident's card, the command line's table headings and its --help
// (catalog_zh_help.go, looked up whole by Text) — and the display names of
// the default service categories. What is not: the
// column names, keys and status values of the data outputs (CSV, JSON,
// GeoJSON, GeoPackage), which scripts read the same in every language,
// and names from the data (grids, facilities, OSM tags).
//
// Why a resident or facility could not be placed on the walking network
// is a code of package routing (routing.UnroutableCode, below the
// languages) with its distances; data/report prints it in the language
// (report.Unroutable) in the reports for people — table, Markdown, HTML
// and report.json — while the reason columns of the data tables
// (residents.csv, facilities.csv, GeoJSON, GeoPackage) keep routing's
// English text beside their status values.
//
// # Display width
//
// Width, PadRight, PadLeft and Truncate measure text in terminal columns
// with mattn/go-runewidth: a Chinese character takes two columns, a
// combining mark none. Characters of ambiguous width ("–", "…", "×") count
// as one column whatever the locale, so that output does not depend on
// the environment.
package i18n
