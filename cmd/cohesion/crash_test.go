package main

import (
	"context"
	"crypto/md5"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"cohesion/pipeline/demo"
)

// TestCrashChild is the child of TestCrashConsistency: it runs the command line that
// COHESION_CRASH_ARGS gives (one argument per line) until it ends or is killed.
func TestCrashChild(t *testing.T) {
	args := os.Getenv("COHESION_CRASH_ARGS")
	if args == "" {
		t.Skip("run by TestCrashConsistency")
	}
	os.Exit(mainCode(context.Background(), strings.Split(args, "\n"), os.Stdout, os.Stderr))
}

// crashRun starts the command line in a child process and kills it with SIGKILL after the
// given delay, or lets it finish if it finishes first; it reports whether the kill came first.
func crashRun(t *testing.T, after time.Duration, args ...string) bool {
	t.Helper()
	child := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	child.Env = append(os.Environ(), "COHESION_CRASH_ARGS="+strings.Join(args, "\n"))
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s ended with %v before it was killed", strings.Join(args, " "), err)
		}
		return false
	case <-time.After(after):
		child.Process.Signal(syscall.SIGKILL)
		<-done
		return true
	}
}

// tableDigest is a line per table: its name, row count and a digest of its rows in any order,
// doubles to 12 significant digits (run's parallel sums differ in the last bits from run to run).
func tableDigest(t *testing.T, path string, tables func(*sql.DB) []string) string {
	t.Helper()
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, table := range tables(db) {
		rows, err := db.Query("select * from " + table)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			cells := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range cells {
				ptrs[i] = &cells[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var line strings.Builder
			for i, c := range cells {
				switch {
				case cols[i] == "loaded_at":
				case c == nil:
					line.WriteString("NULL")
				default:
					if f, ok := c.(float64); ok {
						line.WriteString(strconv.FormatFloat(f, 'g', 12, 64))
					} else {
						fmt.Fprintf(&line, "%v", c)
					}
				}
				line.WriteByte('|')
			}
			lines = append(lines, line.String())
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		slices.Sort(lines)
		sum := md5.Sum([]byte(strings.Join(lines, "\n")))
		fmt.Fprintf(&b, "%s %x %d\n", table, sum[:4], len(lines))
	}
	return b.String()
}

// rawTables are what a load writes: the ledger and the raw rows.
func rawTables(*sql.DB) []string {
	return []string{"raw_files", "raw_meetings", "raw_presence", "raw_schedule", "raw_roster", "raw_responses", "raw_answers"}
}

// martTables are the tables run builds (the marts users and reports read).
func martTables(db *sql.DB) []string {
	rows, err := db.Query(`select table_name from duckdb_tables()
		where table_name not like 'raw\_%' escape '\' and table_name not in ('meta', 'load_log', 'run_settings')
		order by 1`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			names = append(names, name)
		}
	}
	return names
}

// ledgerAgrees checks what a killed load may leave: every raw row belongs to a file in the
// ledger, and every file in the ledger has all the rows it says it loaded.
func ledgerAgrees(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables int
	if err := db.QueryRow(`select count(*) from duckdb_tables() where table_name in ('raw_files',
		'raw_presence', 'raw_meetings', 'raw_schedule', 'raw_roster', 'raw_responses', 'raw_answers', 'raw_marks', 'raw_codebook')`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables < 9 { // killed while the database was being made: nothing can have loaded
		var files int
		if db.QueryRow(`select count(*) from raw_files`).Scan(&files) == nil && files > 0 {
			t.Errorf("after the kill: %d files in the ledger of a database with %d of its 9 raw tables", files, tables)
		}
		return
	}
	var orphans, short int
	err = db.QueryRow(`
		with raw as (
		    select file_id from raw_presence union all select file_id from raw_meetings
		    union all select file_id from raw_schedule union all select file_id from raw_roster
		    union all select file_id from raw_responses union all select file_id from raw_answers
		    union all select file_id from raw_marks union all select file_id from raw_codebook
		), counted as (select file_id, count(*) as n from raw group by file_id)
		select (select count(*) from counted c anti join raw_files f using (file_id)),
		       (select count(*) from raw_files f anti join counted c using (file_id) where f.rows > 0)`).Scan(&orphans, &short)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if orphans > 0 || short > 0 {
		t.Errorf("after the kill: %d files with rows and no ledger entry, %d ledger entries without their rows", orphans, short)
	}
}

// TestCrashConsistency kills load and run with SIGKILL at seeded random points of a demo
// program: each time, the ledger and the raw rows agree, and the next load (or run) leaves the
// database as an uninterrupted one does.
func TestCrashConsistency(t *testing.T) {
	if os.Getenv("COHESION_CRASH_ARGS") != "" {
		return
	}
	kills := 20
	if testing.Short() {
		kills = 4
	}
	dir := t.TempDir()
	program := filepath.Join(dir, "program")
	if _, err := demo.Generate(program, demo.Config{Cohorts: 8, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("COHESION_KEY", "crash-test")

	// The uninterrupted load and run, timed, to spread the kills over their whole length.
	clean := filepath.Join(dir, "clean.duckdb")
	began := time.Now()
	if crashRun(t, time.Hour, "load", "--db", clean, program) {
		t.Fatal("the clean load was killed")
	}
	loadTime := time.Since(began)
	wantRaw := tableDigest(t, clean, rawTables)
	began = time.Now()
	if crashRun(t, time.Hour, "run", "--db", clean) {
		t.Fatal("the clean run was killed")
	}
	runTime := time.Since(began)
	wantMarts := tableDigest(t, clean, martTables)
	if n := strings.Count(wantMarts, "\n"); n < 20 {
		t.Fatalf("run built only %d tables", n)
	}

	rng := rand.New(rand.NewPCG(2026, 12))
	killed := 0
	for i := range kills {
		db := filepath.Join(dir, "load"+strconv.Itoa(i)+".duckdb")
		if crashRun(t, time.Duration(rng.Int64N(int64(loadTime))), "load", "--db", db, program) {
			killed++
			if _, err := os.Stat(db); err == nil {
				ledgerAgrees(t, db)
			}
		}
		if crashRun(t, time.Hour, "load", "--db", db, program) {
			t.Fatal("the second load was killed")
		}
		if got := tableDigest(t, db, rawTables); got != wantRaw {
			t.Errorf("load killed (kill %d): a second load left\n%s\nan uninterrupted one\n%s", i, got, wantRaw)
		}
	}
	runKills := kills / 2
	for i := range runKills {
		db := filepath.Join(dir, "run"+strconv.Itoa(i)+".duckdb")
		copyFile(t, filepath.Join(dir, "load0.duckdb"), db)
		if crashRun(t, time.Duration(rng.Int64N(int64(runTime))), "run", "--db", db) {
			killed++
		}
		if crashRun(t, time.Hour, "run", "--db", db) {
			t.Fatal("the second run was killed")
		}
		if got := tableDigest(t, db, martTables); got != wantMarts {
			t.Errorf("run killed (kill %d): a second run left\n%s\nan uninterrupted one\n%s", i, got, wantMarts)
		}
	}
	t.Logf("%d of %d loads and runs killed before they ended (load %v, run %v uninterrupted)", killed, kills+runKills, loadTime.Round(time.Millisecond), runTime.Round(time.Millisecond))
	if killed < (kills+runKills)/2 {
		t.Errorf("only %d of %d kills landed before the command ended: the test did not test", killed, kills+runKills)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
