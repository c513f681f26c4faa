// export_test.go drives `cohesion export`: the Parquet read back and compared with the marts,
// no name or email anywhere in the files, the same bytes twice, and what it refuses to do.
package main

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cohesion/pipeline/export"
)

func exportTo(t *testing.T, db, dir string, extra ...string) *export.Manifest {
	t.Helper()
	code, out, errOut := cli(t, append([]string{"export", "--db", db, "--out", dir}, extra...)...)
	if code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, out, errOut)
	}
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m export.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

// TestExportMatchesMarts reads every exported table back with DuckDB (hive partitioning on)
// and compares it with its mart, and checks what the manifest records.
func TestExportMatchesMarts(t *testing.T) {
	db := builtDB(t)
	dir := filepath.Join(t.TempDir(), "export")
	m := exportTo(t, db, dir)

	scratch := openDB(t, "")
	if _, err := scratch.Exec(fmt.Sprintf("attach '%s' as c (read_only)", db)); err != nil {
		t.Fatal(err)
	}
	exported := map[string]bool{}
	for _, table := range m.Tables {
		exported[table.Name] = true
		cols := strings.Join(table.Columns, ", ")
		source := fmt.Sprintf("read_parquet('%s')", filepath.Join(dir, table.Name+".parquet"))
		if table.PartitionedBy != "" {
			source = fmt.Sprintf("read_parquet('%s', hive_partitioning = true, hive_types_autocast = false)", filepath.Join(dir, table.Name, "*", "*.parquet"))
		}
		got := textRows(t, scratch, fmt.Sprintf("select %s from %s order by all", cols, source))
		want := textRows(t, scratch, fmt.Sprintf("select %s from c.%s order by all", cols, table.Name))
		if fmt.Sprint(got) != fmt.Sprint(want) || int64(len(want)) != table.Rows {
			t.Errorf("%s: %d rows read back, %d in the mart, manifest says %d", table.Name, len(got), len(want), table.Rows)
		}
	}
	for _, must := range []string{"sessions", "attendance", "retention"} {
		if !exported[must] {
			t.Errorf("%s not exported", must)
		}
	}
	for _, never := range []string{"pii_people", "load_log", "stg_roster", "int_presence", "unmatched_names", "raw_roster", "meta"} {
		if exported[never] {
			t.Errorf("%s exported", never)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "attendance", "program=intro", "data_0.parquet")); err != nil {
		t.Errorf("attendance is not partitioned by program: %v", err)
	}

	if m.Kind != export.ManifestKind || m.ToolVersion != version || !strings.HasPrefix(m.DuckDBVersion, "v1.") || m.ExportedAt.IsZero() {
		t.Errorf("manifest header: %+v", m)
	}
	if len(m.Inputs) != 5 {
		t.Errorf("%d inputs, want the 5 files loaded", len(m.Inputs))
	}
	for _, in := range m.Inputs {
		if len(in.SHA256) != 64 || in.Format == "" || in.Rows == 0 {
			t.Errorf("input %+v: want a sha256, a format and rows", in)
		}
	}
	settings, ok := m.RunSettings.(map[string]any)
	if !ok || settings["late_after_minutes"] != 10.0 {
		t.Errorf("run_settings %v", m.RunSettings)
	}
	models := map[string]string{}
	for _, model := range m.Models {
		models[model.Name] = model.SQLSHA256
	}
	if len(models["attendance"]) != 64 || len(models["pii_people"]) != 64 {
		t.Errorf("model hashes %v", models)
	}
}

// TestExportHasNoNames looks for every roster name, alias and email, in any case, in every
// byte the export wrote.
func TestExportHasNoNames(t *testing.T) {
	db := builtDB(t)
	dir := filepath.Join(t.TempDir(), "export")
	exportTo(t, db, dir)
	f, err := os.Open("../../testdata/program-small/roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	roster, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var needles []string
	for _, r := range roster[1:] {
		needles = append(needles, r[1], r[2])
		needles = append(needles, strings.Split(r[1], " ")...)
		needles = append(needles, strings.Split(r[3], ";")...)
	}
	files := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ToLower(b)
		for _, n := range needles {
			if n = strings.ToLower(strings.TrimSpace(n)); n != "" && bytes.Contains(b, []byte(n)) {
				t.Errorf("%s contains %q", p, n)
			}
		}
		return nil
	})
	if files < 4 {
		t.Errorf("only %d files exported", files)
	}
}

// TestExportDeterministic exports the same database twice and compares the bytes.
func TestExportDeterministic(t *testing.T) {
	db := builtDB(t)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	ma, mb := exportTo(t, db, a), exportTo(t, db, b)
	parquet := 0
	for i, ta := range ma.Tables {
		tb := mb.Tables[i]
		if fmt.Sprint(ta.Files) != fmt.Sprint(tb.Files) {
			t.Errorf("%s: files %v then %v", ta.Name, ta.Files, tb.Files)
		}
		for _, f := range ta.Files {
			x, errA := os.ReadFile(filepath.Join(a, f.Path))
			y, errB := os.ReadFile(filepath.Join(b, f.Path))
			if errA != nil || errB != nil || !bytes.Equal(x, y) {
				t.Errorf("%s differs between two exports (%v, %v)", f.Path, errA, errB)
			}
			parquet++
		}
	}
	if parquet == 0 {
		t.Fatal("no parquet files compared")
	}
}

// TestExportTarget checks the directory rules: a stray file blocks the export and survives, a
// previous export is replaced, and a failed export leaves the previous one as it was.
func TestExportTarget(t *testing.T) {
	db := builtDB(t)
	dir := filepath.Join(t.TempDir(), "export")
	os.MkdirAll(dir, 0o755)
	stray := filepath.Join(dir, "notes.txt")
	os.WriteFile(stray, []byte("mine"), 0o644)
	code, _, errOut := cli(t, "export", "--db", db, "--out", dir)
	if code != 1 || !strings.Contains(errOut, "not empty") {
		t.Errorf("non-empty dir: exit %d, stderr %q", code, errOut)
	}
	if b, err := os.ReadFile(stray); err != nil || string(b) != "mine" {
		t.Error("the stray file was touched")
	}
	os.Remove(stray)

	first := exportTo(t, db, dir)
	mine := filepath.Join(dir, "attendance", "mine")
	os.Mkdir(mine, 0o755)          // an empty folder of the user's: not the export's to delete
	second := exportTo(t, db, dir) // replaces the first
	if !second.ExportedAt.After(first.ExportedAt) {
		t.Error("the second export did not replace the first")
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("re-exporting removed a folder the export did not make: %v", err)
	}
	os.Remove(mine)
	os.WriteFile(stray, []byte("mine"), 0o644)
	code, _, errOut = cli(t, "export", "--db", db, "--out", dir)
	if code != 1 || !strings.Contains(errOut, "notes.txt") {
		t.Errorf("previous export plus a stray file: exit %d, stderr %q", code, errOut)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("left beside the export: %v", entries)
	}
	if code, _, _ := cli(t, "export", "--db", db); code != 2 {
		t.Errorf("export without --out: exit %d, want 2", code)
	}
}

// TestExportColumnsAndNames plants a free-text column, a name column and a roster name in the
// marts: the first two are left out (the free text kept with --free-text), the last stops the
// export before anything is written.
func TestExportColumnsAndNames(t *testing.T) {
	db := builtDB(t)
	rw, err := sql.Open("duckdb", db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = rw.Exec(`alter table attendance add column facilitator_comment varchar default 'went well';
		alter table attendance add column member_name varchar default 'someone'`)
	rw.Close()
	if err != nil {
		t.Fatal(err)
	}
	columns := func(m *export.Manifest) string {
		for _, table := range m.Tables {
			if table.Name == "attendance" {
				return strings.Join(table.Columns, ",")
			}
		}
		return ""
	}
	m := exportTo(t, db, filepath.Join(t.TempDir(), "plain"))
	if c := columns(m); strings.Contains(c, "comment") || strings.Contains(c, "name") {
		t.Errorf("attendance columns %s", c)
	}
	m = exportTo(t, db, filepath.Join(t.TempDir(), "free"), "--free-text")
	if c := columns(m); !strings.Contains(c, "facilitator_comment") || strings.Contains(c, "member_name") {
		t.Errorf("with --free-text, attendance columns %s", c)
	}

	rw, err = sql.Open("duckdb", db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = rw.Exec(`update sessions set cohort = ' ALICE SMITH ' where session = 2`)
	rw.Close()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "named")
	code, _, errOut := cli(t, "export", "--db", db, "--out", dir)
	if code != 1 || !strings.Contains(errOut, "sessions.cohort") || strings.Contains(strings.ToLower(errOut), "alice") {
		t.Errorf("exit %d, stderr %q; want exit 1 naming sessions.cohort, not the value", code, errOut)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a stopped export wrote its directory")
	}
}

// TestExportNamedFileAndTies loads a check-in file named after a member, with her email: the
// manifest knows it by checksum alone, and support_ties keeps both ends of every tie (pseudonyms,
// though one column's name holds "name").
func TestExportNamedFileAndTies(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.duckdb")
	form := filepath.Join(dir, "Ana Silva - ana@example.org.csv")
	os.WriteFile(form, []byte(`"Timestamp","Email Address","How connected do you feel to the group right now? (0-10)"
"2026/03/10 7:58:40 PM GMT-4","ana@example.org","6"
`), 0o644)
	t.Setenv("COHESION_KEY", "export-test")
	if code, out, errOut := cli(t, "load", "--db", db, "../../testdata/cohesion", form); code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := cli(t, "run", "--db", db); code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}
	out := filepath.Join(dir, "export")
	exportTo(t, db, out)
	manifest, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"ana silva", "ana@example.org", ".csv"} {
		if bytes.Contains(bytes.ToLower(manifest), []byte(n)) {
			t.Errorf("manifest.json contains %q", n)
		}
	}

	scratch := openDB(t, "")
	ties := textRows(t, scratch, fmt.Sprintf(`select count(*), count(*) filter (
			regexp_full_match(participant_id, 'p[0-9a-f]{12}') and regexp_full_match(named_participant_id, 'p[0-9a-f]{12}'))
		from read_parquet('%s')`, filepath.Join(out, "support_ties.parquet")))
	marts := openDB(t, db)
	want := textRows(t, marts, "select count(*) from support_ties")[0][0]
	if ties[0][0] != want || ties[0][1] != want || want == "0" {
		t.Errorf("support_ties: %v rows, %v with two pseudonym ends; want the mart's %v", ties[0][0], ties[0][1], want)
	}
	roster := textRows(t, marts, "select lower(name), lower(email) from pii_people")
	b, err := os.ReadFile(filepath.Join(out, "support_ties.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roster {
		for _, n := range r {
			if bytes.Contains(bytes.ToLower(b), []byte(n)) {
				t.Errorf("support_ties.parquet contains %q", n)
			}
		}
	}
}
