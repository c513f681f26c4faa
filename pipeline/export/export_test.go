// export_test.go checks that an export's bytes depend on the data alone, not on the order its rows
// are stored in, and the rules that decide which columns leave the database.
package export

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cohesion/pipeline"
)

// martDB writes a database holding a 150,000-row attendance-like mart, its rows stored in the
// given order, plus the pii_people and load_log tables an export reads.
func martDB(t *testing.T, order string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Exec(`
		create table pii_people as select 'p1' as participant_id, 'Ann Example' as name, 'ann@example.org' as email;
		create table load_log as select '/home/someone/roster.csv' as file, repeat('0', 64) as sha256,
			'roster' as format, 1 as rows, 0 as rejected, timestamptz '2026-01-01 00:00:00+00' as loaded_at;
		create table attendance as
			select
				'cohort-' || (i % 997) as cohort,
				['intro', 'advanced', 'it''s/odd'][1 + i % 3] as program,
				(i % 12)::integer + 1 as session,
				printf('p%012x', i * 7919 % 150000) as participant_id,
				['present', 'late', 'absent'][1 + i % 3] as status,
				(i % 91)::integer as minutes_present,
				(i % 13) / 7.0 as ratio,
				timestamptz '2026-01-01 00:00:00+00' + to_minutes(i) as starts_at
			from range(150000) as r(i)
			order by ` + order)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// runExport exports the database at dbPath to dir, from a DuckDB instance set to use threads.
func runExport(t *testing.T, dbPath, dir string, threads int) *Manifest {
	t.Helper()
	db, err := sql.Open("duckdb", fmt.Sprintf("%s?access_mode=read_only&threads=%d", dbPath, threads))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	models := []pipeline.Model{{Name: "attendance", SQL: "select 1"}, {Name: "pii_people", SQL: "select 2"}}
	m, err := Export(context.Background(), db, models, Options{Dir: dir, ToolVersion: "test", Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestExportSameBytes exports two databases holding the same rows stored in different orders,
// from DuckDB instances with different thread counts: the files must be identical, byte for byte.
func TestExportSameBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 300,000 rows")
	}
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	ma := runExport(t, martDB(t, "i"), a, 4)
	mb := runExport(t, martDB(t, "hash(i)"), b, 1)
	if len(ma.Tables) != 1 || ma.Tables[0].Rows != 150000 || len(ma.Tables[0].Files) != 3 {
		t.Fatalf("tables %+v", ma.Tables)
	}
	for i, f := range ma.Tables[0].Files {
		x, errA := os.ReadFile(filepath.Join(a, f.Path))
		y, errB := os.ReadFile(filepath.Join(b, mb.Tables[0].Files[i].Path))
		if errA != nil || errB != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs (%v, %v)", f.Path, errA, errB)
		}
	}
	if !strings.Contains(ma.Tables[0].Files[2].Path, "program=it%27s%2Fodd/") {
		t.Errorf("partition paths %+v", ma.Tables[0].Files)
	}
	if len(ma.Inputs) != 1 || ma.Inputs[0].SHA256 != strings.Repeat("0", 64) || ma.Inputs[0].Format != "roster" {
		t.Errorf("inputs %+v, want the roster by checksum and format", ma.Inputs)
	}
}

func TestDropReason(t *testing.T) {
	for _, tc := range []struct {
		name, dbType string
		freeText     bool
		drop         bool
	}{
		{"name", "VARCHAR", false, true},
		{"Email", "VARCHAR", true, true},
		{"member_names", "VARCHAR[]", true, true},
		{"topic", "VARCHAR", false, true},
		{"topic", "VARCHAR", true, false},
		{"answer_text", "VARCHAR", false, true},
		{"n_names", "BIGINT", false, false},
		{"cohort", "VARCHAR", false, false},
		{"participant_id", "VARCHAR", false, false},
	} {
		if got := dropReason(tc.name, tc.dbType, tc.freeText) != ""; got != tc.drop {
			t.Errorf("dropReason(%s %s, free text %v) drops %v, want %v", tc.name, tc.dbType, tc.freeText, got, tc.drop)
		}
	}
}

func TestParseNamed(t *testing.T) {
	q, err := parseNamed("by_cohort", "-- by_cohort: rows per cohort\n-- param cohort: cohort name\n-- param since: a date\n-- more words\nselect $cohort, $since\n")
	if err != nil || q.Description != "rows per cohort" || strings.Join(q.ParamNames(), ",") != "cohort,since" {
		t.Errorf("parsed %+v, %v", q, err)
	}
	for _, bad := range []string{
		"select 1",
		"-- other_name: rows\nselect 1",
		"-- param x: y\nselect $x",
		"-- by_cohort: rows\n-- param x: one\n-- param x: two\nselect $x",
	} {
		if _, err := parseNamed("by_cohort", bad); err == nil {
			t.Errorf("%q parsed without error", bad)
		}
	}
}

// TestExportGuardsManifest plants a roster name in the run settings, which only the manifest
// carries: the export stops, naming where, not the value, and writes nothing.
func TestExportGuardsManifest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Exec(`
		create table pii_people as select 'p1' as participant_id, 'Ann Example' as name, 'ann@example.org' as email;
		create table load_log as select 'x.csv' as file, repeat('0', 64) as sha256,
			'roster' as format, 1 as rows, 0 as rejected, timestamptz '2026-01-01 00:00:00+00' as loaded_at;
		create table run_settings as select 10 as late_after_minutes, 'run by ANN EXAMPLE' as note;
		create table sessions as select 'c1' as cohort, 1 as session`)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "export")
	models := []pipeline.Model{{Name: "sessions", SQL: "select 1"}}
	_, err = Export(context.Background(), db, models, Options{Dir: dir, ToolVersion: "test"})
	if err == nil || !strings.Contains(err.Error(), "manifest.run_settings.note") || strings.Contains(strings.ToLower(err.Error()), "ann") {
		t.Errorf("export: %v; want it stopped at manifest.run_settings.note", err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a stopped export wrote its directory")
	}
}

func TestContainsWord(t *testing.T) {
	for _, tc := range []struct {
		s, word string
		want    bool
	}{
		{"elif hernández - elif.hernandez24@example.net.csv", "elif hernández", true},
		{"elif hernández - elif.hernandez24@example.net.csv", "elif.hernandez24@example.net", true},
		{"development", "dev", false},
		{"dev-2", "dev", true},
		{"zoëlle", "zoë", false},
	} {
		if got := containsWord(tc.s, tc.word); got != tc.want {
			t.Errorf("containsWord(%q, %q) = %v", tc.s, tc.word, got)
		}
	}
}

// smallDB writes a database with a partitioned mart of the given programs, for the tests of
// what replacing a previous export touches.
func smallDB(t *testing.T, programs ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", filepath.Join(t.TempDir(), "c.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	_, err = db.Exec(`
		create table pii_people as select 'p1' as participant_id, 'Ann Example' as name, 'ann@example.org' as email;
		create table load_log as select 'x.csv' as file, repeat('0', 64) as sha256,
			'roster' as format, 1 as rows, 0 as rejected, timestamptz '2026-01-01 00:00:00+00' as loaded_at;
		create table sessions as select unnest(?::varchar[]) as program, 1 as session`, programs)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestReplaceKeepsWhatItDidNotWrite re-exports over a previous export holding an empty folder
// of the user's, and a file put there after the export checked its directory: both stay, and
// of the previous export's files only the ones the new one does not write are gone, with the
// folder they leave empty.
func TestReplaceKeepsWhatItDidNotWrite(t *testing.T) {
	ctx := context.Background()
	models := []pipeline.Model{{Name: "sessions", SQL: "select 1"}}
	dir := filepath.Join(t.TempDir(), "export")
	if _, err := Export(ctx, smallDB(t, "intro", "old"), models, Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "sessions", "mine")
	if err := os.Mkdir(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(ctx, smallDB(t, "intro"), models, Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("the user's empty folder is gone: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "sessions", "program=old")); err == nil {
		t.Error("the old partition's folder is still there")
	}
	if _, err := os.Stat(filepath.Join(dir, "sessions", "program=intro", "data_0.parquet")); err != nil {
		t.Error(err)
	}

	// A file written into the directory after checkTarget, while the new export is built.
	previous, err := checkTarget(dir)
	if err != nil || previous == nil {
		t.Fatalf("checkTarget: %v, %v", previous, err)
	}
	late := filepath.Join(dir, "sessions", "program=intro", "notes.txt")
	os.WriteFile(late, []byte("mine"), 0o644)
	staging, err := stagingDir(dir, "partial")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(staging)
	os.WriteFile(filepath.Join(staging, ManifestFile), []byte(`{"kind": "cohesion export", "tables": []}`), 0o644)
	if err := replaceDir(staging, dir, previous); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(late); err != nil || string(b) != "mine" {
		t.Errorf("the file written during the export: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "sessions", "program=intro", "data_0.parquet")); err == nil {
		t.Error("a file of the previous export that the new one does not write is still there")
	}
}
