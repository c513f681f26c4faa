// query_test.go drives `cohesion query` on the hand-worked program: named queries and their
// parameters, the read-only guard, and each output format read back and compared with the mart.
package main

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/apache/arrow-go/v18/arrow/ipc"

	"cohesion/pipeline/export"
)

// builtDB loads testdata/program-small through the command line and builds the marts.
func builtDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "c.duckdb")
	t.Setenv("COHESION_KEY", "query-test")
	if code, out, errOut := cli(t, "load", "--db", db, "../../testdata/program-small"); code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := cli(t, "run", "--db", db); code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}
	return db
}

// openDB opens a database file (or "" for a scratch in-memory one) for a test to look at.
func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	dsn := ""
	if path != "" {
		dsn = path + "?access_mode=read_only"
	}
	db, err := sql.Open("duckdb", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// textRows runs a query and returns each row's cells as DuckDB's own text, NULL as "NULL".
func textRows(t *testing.T, db *sql.DB, query string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		cells := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range cells {
			ptrs[i] = &cells[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, c := range cells {
			row[i] = "NULL"
			if c.Valid {
				row[i] = c.String
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestQueryList(t *testing.T) {
	named, err := namedQueries()
	if err != nil {
		t.Fatal(err)
	}
	if len(named) < 3 {
		t.Fatalf("%d named queries, want at least 3", len(named))
	}
	code, out, errOut := cli(t, "query", "--list")
	if code != 0 {
		t.Fatalf("query --list: exit %d\n%s", code, errOut)
	}
	for _, q := range named {
		if q.Description == "" || len(q.Params) == 0 {
			t.Errorf("%s: description %q, params %v; want both", q.Name, q.Description, q.Params)
		}
		if !strings.Contains(out, q.Name) || !strings.Contains(out, q.Description) {
			t.Errorf("--list lacks %s or its description:\n%s", q.Name, out)
		}
		for _, p := range q.Params {
			if !strings.Contains(out, "--param "+p.Name+"=") || !strings.Contains(out, p.Description) {
				t.Errorf("--list lacks %s's parameter %s:\n%s", q.Name, p.Name, out)
			}
		}
	}
}

// TestNamedQueries runs every named query and checks it reads marts only, never names.
func TestNamedQueries(t *testing.T) {
	db := builtDB(t)
	named, err := namedQueries()
	if err != nil {
		t.Fatal(err)
	}
	example := map[string]string{"program": "intro", "cohort": "spring-a"}
	forbidden := regexp.MustCompile(`\b(pii_people|raw_\w+|stg_\w+|int_\w+|meta)\b`)
	for _, q := range named {
		if m := forbidden.FindString(strings.ToLower(q.SQL)); m != "" {
			t.Errorf("%s reads %s; named queries read the marts only", q.Name, m)
		}
		args := []string{"query", q.Name, "--db", db, "--format", "json"}
		for _, p := range q.Params {
			args = append(args, "--param", p.Name+"="+example[p.Name])
		}
		code, out, errOut := cli(t, args...)
		if code != 0 {
			t.Errorf("%s: exit %d\n%s", q.Name, code, errOut)
			continue
		}
		var rows []map[string]any
		if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) == 0 {
			t.Errorf("%s: %d rows, %v\n%s", q.Name, len(rows), err, out)
		}
	}
}

func TestQueryUsageErrors(t *testing.T) {
	db := builtDB(t)
	for _, tc := range []struct {
		args []string
		want string // the stderr names this
	}{
		{[]string{"attendance_by_session"}, "--param program"},
		{[]string{"members_attendance"}, "--param cohort"},
		{[]string{"attendance_by_session", "--param", "program=intro", "--param", "cohort=x"}, "unknown --param cohort"},
		{[]string{"attendance_by_session", "--param", "program"}, "NAME=VALUE"},
		{[]string{"attendance_by_session", "--param", "program=a", "--param", "program=b"}, "twice"},
		{[]string{"--sql", "select * from attendance where cohort = $cohort"}, "--param cohort"},
		{[]string{"--sql", "select 1", "--param", "cohort=x"}, "unknown --param cohort"},
		{[]string{"no_such_query"}, "attendance_by_session"},
		{[]string{}, "--sql"},
		{[]string{"attendance_by_session", "--sql", "select 1"}, "not both"},
		{[]string{"--sql", "select 1", "--format", "xlsx"}, "xlsx"},
		{[]string{"--sql", "select 1", "--format", "parquet"}, "--out"},
	} {
		code, _, errOut := cli(t, append([]string{"query", "--db", db}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("query %s: exit %d, stderr %q; want exit 2 naming %q", strings.Join(tc.args, " "), code, errOut, tc.want)
		}
	}
}

// TestQueryCannotWrite checks that a statement that writes fails, says why, and leaves the
// database file byte for byte as it was.
func TestQueryCannotWrite(t *testing.T) {
	db := builtDB(t)
	before := fileSum(t, db)
	for _, stmt := range []string{
		"delete from attendance",
		"create table x as select 1",
		"insert into attendance select * from attendance",
		"update retention set outcome = 'completed'",
		"drop table sessions",
		"select 1; delete from attendance",
		"copy attendance to 'leak.csv'",
		"attach 'other.duckdb' as other",
	} {
		code, out, errOut := cli(t, "query", "--db", db, "--sql", stmt)
		if code != 1 || out != "" || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 1 and one line", stmt, code, out, errOut)
		}
		if strings.HasPrefix(stmt, "delete") || strings.HasPrefix(stmt, "create") {
			if !strings.Contains(errOut, "the database is opened read-only: query cannot change data") {
				t.Errorf("%q: stderr %q", stmt, errOut)
			}
		}
	}
	// What each refusal names: the statement as written, not as DuckDB files it.
	for stmt, want := range map[string]string{
		"analyze attendance": "(ANALYZE is not a query)",
		"vacuum":             "(VACUUM is not a query)",
		"pivot attendance on status using count(*)":                "a PIVOT must name its columns here",
		"pivot attendance on status in ('present') using count(*)": "",
	} {
		code, _, errOut := cli(t, "query", "--db", db, "--sql", stmt)
		if want == "" {
			if code != 0 {
				t.Errorf("%q: exit %d, stderr %q; a PIVOT naming its columns is one query", stmt, code, errOut)
			}
		} else if !strings.Contains(errOut, want) {
			t.Errorf("%q: stderr %q, want %q", stmt, errOut, want)
		}
	}
	if after := fileSum(t, db); after != before {
		t.Error("the database file changed")
	}
	got := textRows(t, openDB(t, db), `select (select count(*) from attendance),
		(select count(*) from information_schema.tables where table_name = 'x')`)
	if got[0][0] != "15" || got[0][1] != "0" {
		t.Errorf("attendance rows, tables named x = %v; want 15, 0", got[0])
	}
}

// TestQueryConfined runs statements that reach past the database: a download of an extension,
// an export to a folder, a read of a system file. Each is refused in one line, and none leaves
// anything on disk.
func TestQueryConfined(t *testing.T) {
	db := builtDB(t)
	dir := t.TempDir()
	t.Chdir(dir)
	for _, tc := range []struct{ stmt, want string }{
		{"CALL dbgen(sf=0.001)", "query installs and loads no extension (tpch)"},
		{"EXPORT DATABASE 'dumped'", "query reads only the database"},
		{"select * from read_text('/etc/passwd')", "query reads only the database"},
		{"copy (select 1) to 'leak.csv'", "query reads only the database"},
	} {
		code, out, errOut := cli(t, "query", "--db", db, "--sql", tc.stmt)
		if code != 1 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 1 and one line saying %q", tc.stmt, code, out, errOut, tc.want)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 0 {
			t.Errorf("%q left %v in the working folder", tc.stmt, entries)
		}
	}
	home, _ := os.UserHomeDir()
	if _, err := os.Stat(filepath.Join(home, ".duckdb", "extensions")); err == nil {
		entries, _ := filepath.Glob(filepath.Join(home, ".duckdb", "extensions", "*", "*", "tpch*"))
		if len(entries) != 0 {
			t.Errorf("an extension was installed: %v", entries)
		}
	}
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestQueryTable(t *testing.T) {
	db := builtDB(t)
	code, out, errOut := cli(t, "query", "--db", db, "attendance_by_session", "--param", "program=intro")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// The session's start in the cohort's own zone, whatever the computer's.
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "cohort    session  starts_local         timezone ") ||
		!strings.HasPrefix(lines[2], "spring-a        1  2026-03-03T18:00:00  America/New_York") || lines[5] != "(3 rows)" {
		t.Errorf("table:\n%s", out)
	}
}

func TestQueryCSVNeutralisesFormulas(t *testing.T) {
	db := builtDB(t)
	code, out, errOut := cli(t, "query", "--db", db, "--format", "csv", "--sql",
		`select '=HYPERLINK("http://example.com/x","click")' as a, '+1' as b, '-1' as c, '@x' as d,
			chr(9) || 'tab' as e, chr(13) || 'cr' as f, 'plain' as g, -1 as h, -2.5 as i, null as j`)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(records) != 2 {
		t.Fatalf("csv %v:\n%s", err, out)
	}
	want := []string{`'=HYPERLINK("http://example.com/x","click")`, "'+1", "'-1", "'@x", "'\ttab", "'\rcr", "plain", "-1", "-2.5", ""}
	for i, w := range want {
		if records[1][i] != w {
			t.Errorf("column %s: %q, want %q", records[0][i], records[1][i], w)
		}
	}
	code, out, _ = cli(t, "query", "--help")
	if code != 0 || !strings.Contains(out, "formula") {
		t.Errorf("query --help does not explain the formula guard:\n%s", out)
	}
}

func TestQueryJSON(t *testing.T) {
	db := builtDB(t)
	code, out, errOut := cli(t, "query", "--db", db, "--format", "json", "--sql", "select * from sessions order by all")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := textRows(t, openDB(t, db), "select cohort, session, epoch_us(starts_at) from sessions order by all")
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, r := range rows {
		at, err := time.Parse(time.RFC3339, fmt.Sprint(r["starts_at"]))
		if err != nil {
			t.Errorf("row %d: starts_at %v is not RFC 3339", i, r["starts_at"])
		}
		if got := []string{fmt.Sprint(r["cohort"]), fmt.Sprint(r["session"]), fmt.Sprint(at.UnixMicro())}; strings.Join(got, "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %v, want %v", i, got, want[i])
		}
	}
}

// TestQueryArrow reads the Arrow stream back with arrow-go and compares it with the mart.
func TestQueryArrow(t *testing.T) {
	if !export.ArrowAvailable {
		t.Skip("built without the duckdb_arrow tag")
	}
	db := builtDB(t)
	want := textRows(t, openDB(t, db), "select * from attendance where program = $program order by all", sql.Named("program", "intro"))
	stream := filepath.Join(t.TempDir(), "attendance.arrows")
	code, out, errOut := cli(t, "query", "--db", db, "--format", "arrow", "--out", stream,
		"--sql", "select * from attendance where program = $program order by all", "--param", "program=intro")
	if code != 0 || !strings.Contains(out, "wrote 15 rows") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	b, err := os.ReadFile(stream)
	if err != nil {
		t.Fatal(err)
	}
	compareArrow(t, b, []string{"cohort", "program", "session", "participant_id", "status", "minutes_present", "late_minutes", "left_early_minutes"}, want)

	// To standard output, and with no rows: still a stream with the schema.
	code, out, errOut = cli(t, "query", "--db", db, "--format", "arrow", "--sql", "select * from attendance where false")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	compareArrow(t, []byte(out), []string{"cohort", "program", "session", "participant_id", "status", "minutes_present", "late_minutes", "left_early_minutes"}, nil)
}

func compareArrow(t *testing.T, stream []byte, columns []string, want [][]string) {
	t.Helper()
	r, err := ipc.NewReader(bytes.NewReader(stream))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	var names []string
	for _, f := range r.Schema().Fields() {
		names = append(names, f.Name)
	}
	if strings.Join(names, ",") != strings.Join(columns, ",") {
		t.Errorf("schema %v, want %v", names, columns)
	}
	var got [][]string
	for r.Next() {
		batch := r.RecordBatch()
		for i := 0; i < int(batch.NumRows()); i++ {
			row := make([]string, batch.NumCols())
			for j, col := range batch.Columns() {
				row[j] = "NULL"
				if !col.IsNull(i) {
					row[j] = col.ValueStr(i)
				}
			}
			got = append(got, row)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("arrow rows:\n%v\nwant\n%v", got, want)
	}
}

// TestQueryParquet reads the Parquet file back with DuckDB and compares it with the mart.
func TestQueryParquet(t *testing.T) {
	db := builtDB(t)
	file := filepath.Join(t.TempDir(), "it's.parquet")
	code, out, errOut := cli(t, "query", "--db", db, "--format", "parquet", "--out", file,
		"--sql", "select * from retention where cohort = $cohort", "--param", "cohort=spring-a")
	if code != 0 || !strings.Contains(out, "wrote 5 rows") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	scratch := openDB(t, "")
	if _, err := scratch.Exec(fmt.Sprintf("attach '%s' as c (read_only)", db)); err != nil {
		t.Fatal(err)
	}
	got := textRows(t, scratch, "select * from read_parquet($file) order by all", sql.Named("file", file))
	want := textRows(t, scratch, "select * from c.retention where cohort = 'spring-a' order by all")
	if len(want) != 5 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("parquet rows:\n%v\nwant\n%v", got, want)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".*partial*")); len(leftovers) > 0 {
		t.Errorf("partial files left: %v", leftovers)
	}
}

// TestQueryTableShowsEscapes stores terminal escapes in a mart (a window title set with
// ESC]0;...BEL, a screen cleared with ESC[2J) and in a column name: the table spells them out
// and writes no control character but its line ends.
func TestQueryTableShowsEscapes(t *testing.T) {
	db := builtDB(t)
	rw, err := sql.Open("duckdb", db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = rw.Exec(`update sessions set cohort = chr(27) || ']0;owned' || chr(7) || 'Ana' || chr(27) || '[2J' || chr(127) || chr(8238) where session = 2`)
	rw.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, "query", "--db", db, "--sql",
		`select distinct cohort as "`+"\x1b[31m"+`c" from sessions where session = 2`)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, r := range strings.TrimSuffix(out, "\n") {
		if r != '\n' && (unicode.IsControl(r) || r == '\u202e') {
			t.Errorf("control character %U in the table:\n%q", r, out)
			break
		}
	}
	if !strings.Contains(out, `\x1b]0;owned\x07Ana\x1b[2J\x7f\u202e`) || !strings.HasPrefix(out, `\x1b[31mc`) {
		t.Errorf("table:\n%s", out)
	}
}
