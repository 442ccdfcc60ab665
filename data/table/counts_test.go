package table_test

import (
	"database/sql"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/walkshed/walkshed/data/gpkg"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/geo/hex"
)

// Cells around Monaco: c8 and d8 at resolution 8, c9 inside c8, c6 holding
// both, c5 and c11 of resolutions a population file may not have.
const (
	c5  = "853969a7fffffff"
	c6  = "863969a47ffffff"
	c8  = "883969a403fffff"
	d8  = "883969a41dfffff"
	c9  = "893969a4023ffff"
	c11 = "8b3969a40222fff"
)

func cell(t *testing.T, s string) hex.Cell {
	t.Helper()
	c, err := hex.ParseCell(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestReadCellCountsCSV(t *testing.T) {
	path := writeFile(t, "pop.csv", "\uFEFFH3;Population\n"+c8+";12,5\n\n"+d8+";0\n"+c9+"0;3\n")
	// c9+"0" is not an index: the third line is bad.
	_, _, err := table.ReadCellCounts(path, table.Options{})
	checkErr(t, err, filepath.Dir(path), `pop.csv:5: column H3: "893969a4023ffff0" is not an H3 cell index (want hexadecimal, like 883969a403fffff)`, nil)

	got, bad, err := table.ReadCellCounts(path, table.Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "counts", got, []table.CellCount{{Cell: cell(t, c8), People: 12.5, Line: 2}, {Cell: cell(t, d8), People: 0, Line: 4}})
	deepEqual(t, "ledger", bad, []table.RowError{{Line: 5, ID: c9 + "0", Reason: `column H3: "893969a4023ffff0" is not an H3 cell index (want hexadecimal, like 883969a403fffff)`}})
}

func TestReadCellCountsErrors(t *testing.T) {
	tests := []struct {
		name, content, want string
		kind                error
	}{
		{"resolution 5", "h3,population\n" + c5 + ",1\n", `pop.csv:2: column h3: cell 853969a7fffffff is resolution 5, want 6 to 10`, nil},
		{"resolution 11", "h3,population\n" + c11 + ",1\n", `pop.csv:2: column h3: cell 8b3969a40222fff is resolution 11, want 6 to 10`, nil},
		{"negative", "h3,population\n" + c8 + ",-2\n", `pop.csv:2: column population: -2 is negative`, nil},
		{"not a number", "h3,population\n" + c8 + ",many\n", `pop.csv:2: column population: "many" is not a number`, nil},
		{"infinite", "h3,people\n" + c8 + ",Inf\n", `pop.csv:2: column people: +Inf is not a finite number`, nil},
		{"empty count", "h3,population\n" + c8 + ",\n", `pop.csv:2: column population: missing value`, nil},
		{"missing column", "cell_id,population\n" + c8 + ",1\n", `pop.csv:1: missing column h3 (accepted names: h3, h3_index, cell; header has: cell_id, population)`, table.ErrMissingColumn},
		{"duplicate", "h3,population\n" + c8 + ",1\n" + d8 + ",2\n" + c8 + ",3\n", `pop.csv:4: column h3: duplicate cell 883969a403fffff (first on line 2)`, table.ErrDuplicate},
		{"finer inside coarser", "h3,population\n" + c9 + ",1\n" + c8 + ",2\n", `pop.csv:2: column h3: cell 893969a4023ffff lies inside cell 883969a403fffff (line 3): its people would be counted twice`, table.ErrDuplicate},
		{"header only", "h3,population\n", `pop.csv: no cell counts`, table.ErrEmpty},
		{"fields", "h3,population\n" + c8 + ",1,2\n", `pop.csv:2: record has 3 fields, header has 2`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "pop.csv", tt.content)
			_, bad, err := table.ReadCellCounts(path, table.Options{})
			checkErr(t, err, filepath.Dir(path), tt.want, tt.kind)
			if len(bad) != 0 {
				t.Errorf("ledger %v without SkipBadRows", bad)
			}
		})
	}
}

// TestReadCellCountsMixed: resolutions may mix when no cell is inside
// another; under SkipBadRows a cell inside another goes to the ledger, in
// line order with the other bad rows.
func TestReadCellCountsMixed(t *testing.T) {
	path := writeFile(t, "pop.csv", "h3,population\n"+c9+",1\n"+d8+",x\n"+c6+",2\n")
	got, bad, err := table.ReadCellCounts(path, table.Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "counts", got, []table.CellCount{{Cell: cell(t, c6), People: 2, Line: 4}})
	deepEqual(t, "ledger", bad, []table.RowError{
		{Line: 2, ID: c9, Reason: "column h3: cell 893969a4023ffff lies inside cell 863969a47ffffff (line 4): its people would be counted twice"},
		{Line: 3, ID: d8, Reason: `column population: "x" is not a number`},
	})
	path = writeFile(t, "pop.csv", "h3,population\n"+c9+",1\n"+d8+",3\n")
	if got, _, err := table.ReadCellCounts(path, table.Options{}); err != nil || len(got) != 2 {
		t.Errorf("a res-9 and a res-8 cell apart: %v, %v; want both", got, err)
	}
}

func TestReadGridCounts(t *testing.T) {
	path := writeFile(t, "census.csv", "Grid,population,elderly,Elderly\nLarvotto,100,18,2\n\"Monte-Carlo\",50.5,0,0\n")
	got, bad, err := table.ReadGridCounts(path, table.Options{})
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "ledger", bad, []table.RowError(nil))
	deepEqual(t, "counts", got, table.GridCounts{Groups: []string{"elderly", "Elderly"}, Counts: []table.GridCount{
		{Name: "Larvotto", People: 100, Groups: []float64{18, 2}, Line: 2},
		{Name: "Monte-Carlo", People: 50.5, Groups: []float64{0, 0}, Line: 3},
	}})
}

func TestReadGridCountsErrors(t *testing.T) {
	tests := []struct {
		name, content, want string
		kind                error
	}{
		{"shares over 1", "grid,population,elderly,disabled\nA,100,80,30\n", `census.csv:2: column elderly+disabled: the groups hold 110 people, more than the grid's population 100 (a share over 1)`, nil},
		{"group over population", "grid,population,elderly\nA,10,11\n", `census.csv:2: column elderly: the groups hold 11 people, more than the grid's population 10 (a share over 1)`, nil},
		{"negative group", "grid,population,elderly\nA,10,-1\n", `census.csv:2: column elderly: -1 is negative`, nil},
		{"duplicate grid", "grid,population\nA,1\nB,2\nA,3\n", `census.csv:4: column grid: duplicate grid "A" (first on line 2)`, table.ErrDuplicate},
		{"empty name", "grid,population\n,1\n", `census.csv:2: column grid: empty grid name`, nil},
		{"unnamed column", "grid,population,\nA,1,0\n", `census.csv:1: column 3 has no name; every column besides grid and population names a group`, nil},
		{"group twice", "grid,population,old,old\nA,1,0,0\n", `census.csv:1: group column "old" given twice`, table.ErrDuplicate},
		{"missing population", "grid,elderly\nA,1\n", `census.csv:1: missing column population (accepted names: population, people, count; header has: grid, elderly)`, table.ErrMissingColumn},
		{"no rows", "", `census.csv: no grid counts`, table.ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "census.csv", tt.content)
			_, _, err := table.ReadGridCounts(path, table.Options{})
			checkErr(t, err, filepath.Dir(path), tt.want, tt.kind)
		})
	}
}

// countsRow is one row of a test GeoPackage's population table.
type countsRow struct {
	fid        int
	h3, people any
}

// writeCountsGPKG writes a minimal GeoPackage with the layout of Kontur's
// population files: gpkg_contents listing a features table with fid, geom,
// and the given h3 and population columns.
func writeCountsGPKG(t testing.TB, path, table, h3Col, peopleCol string, rows []countsRow) {
	t.Helper()
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: path}).String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmts := []string{
		`PRAGMA application_id = 1196444487`,
		`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT, description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER)`,
		`INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('` + table + `', 'features', '` + table + `')`,
		`INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('styles', 'attributes', 'styles')`,
		`CREATE TABLE styles (id INTEGER PRIMARY KEY, body TEXT)`,
		`CREATE TABLE "` + table + `" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB, "` + h3Col + `" TEXT, "` + peopleCol + `" REAL)`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	for _, r := range rows {
		if _, err := db.Exec(`INSERT INTO "`+table+`" (fid, "`+h3Col+`", "`+peopleCol+`") VALUES (?, ?, ?)`, r.fid, r.h3, r.people); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadCellCountsGPKG(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kontur.gpkg")
	d8v := int64(613499563526848511) // d8 as an integer index
	writeCountsGPKG(t, path, "population", "H3", "Population", []countsRow{{1, c8, 12.5}, {2, d8v, int64(3)}, {5, c9, -1}, {7, "x", 1}, {9, nil, 2}})
	_, _, err := table.ReadCellCounts(path, table.Options{})
	checkErr(t, err, dir, `kontur.gpkg: layer "population": row 5 ("893969a4023ffff"): column Population: -1 is negative`, nil)

	got, bad, err := table.ReadCellCounts(path, table.Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "counts", got, []table.CellCount{{Cell: cell(t, c8), People: 12.5, Line: 1}, {Cell: cell(t, d8), People: 3, Line: 2}})
	deepEqual(t, "ledger", bad, []table.RowError{
		{Feature: 5, Layer: "population", ID: c9, Reason: "column Population: -1 is negative"},
		{Feature: 7, Layer: "population", ID: "x", Reason: `column H3: "x" is not an H3 cell index (want hexadecimal, like 883969a403fffff)`},
		{Feature: 9, Layer: "population", Reason: "column H3: missing value"},
	})
}

func TestReadCellCountsGPKGErrors(t *testing.T) {
	dir := t.TempDir()
	noPop := filepath.Join(dir, "nopop.gpkg")
	writeCountsGPKG(t, noPop, "cells", "h3", "pop_total", []countsRow{{1, c8, 1}})
	_, _, err := table.ReadCellCounts(noPop, table.Options{})
	checkErr(t, err, dir, "nopop.gpkg: no table with h3 and population columns: table cells has no column population (accepted names: population, people, count; it has: fid, geom, h3, pop_total); table styles has no column h3 (accepted names: h3, h3_index, cell; it has: id, body)", table.ErrMissingColumn)

	plain := filepath.Join(dir, "plain.sqlite")
	db, err := sql.Open("sqlite", plain)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE t (h3 TEXT, population REAL)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, _, err = table.ReadCellCounts(plain, table.Options{})
	checkErr(t, err, dir, "plain.sqlite: not a GeoPackage (application_id 0x0, and no gpkg_contents table)", gpkg.ErrNotGeoPackage)

	dup := filepath.Join(dir, "dup.gpkg")
	writeCountsGPKG(t, dup, "population", "h3", "population", []countsRow{{1, c8, 1}, {2, c8, 2}})
	_, _, err = table.ReadCellCounts(dup, table.Options{})
	checkErr(t, err, dir, `dup.gpkg: layer "population": row 2 ("883969a403fffff"): column h3: duplicate cell 883969a403fffff (first on row 1)`, table.ErrDuplicate)
}

// TestReadCountsNotRegular: a directory (or a pipe) is refused before it is
// read, naming it.
func TestReadCountsNotRegular(t *testing.T) {
	dir := t.TempDir()
	for name, read := range map[string]func(string) error{
		"ReadCellCounts":     func(p string) error { _, _, err := table.ReadCellCounts(p, table.Options{}); return err },
		"ReadCellCountsGPKG": func(p string) error { _, _, err := table.ReadCellCountsGPKG(p, table.Options{}); return err },
		"ReadGridCounts":     func(p string) error { _, _, err := table.ReadGridCounts(p, table.Options{}); return err },
	} {
		if err := read(dir); err == nil || !strings.Contains(err.Error(), dir+" is a directory, not a regular file") {
			t.Errorf("%s(directory) error = %v, want it named as a directory", name, err)
		}
	}
}
