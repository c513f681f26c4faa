// history_cli_test.go drives the commands that keep history straight: unload, and the free text
// that only the facilitator's named copy of the cohort report shows.
package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommentsOnlyWithNames(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.duckdb")
	form := filepath.Join(dir, "checkin.csv")
	os.WriteFile(form, []byte(`"Timestamp","Email Address","How connected do you feel to the group right now? (0-10)","Anything else?"
"2026/03/10 7:58:40 PM GMT-4","ana@example.org","6","Not sure this is for me."
`), 0o644)
	t.Setenv("COHESION_KEY", "comments-test")
	if code, out, errOut := cli(t, "load", "--db", db, "../../testdata/cohesion", form); code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := cli(t, "run", "--db", db); code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}
	for _, named := range []bool{true, false} {
		page := filepath.Join(dir, "alpha.html")
		args := []string{"report", "cohort", "alpha", "--db", db, "--out", page}
		if named {
			args = append(args, "--names")
		}
		if code, out, errOut := cli(t, args...); code != 0 {
			t.Fatalf("report: exit %d\n%s%s", code, out, errOut)
		}
		html, _ := os.ReadFile(page)
		if got := strings.Contains(string(html), "Not sure this is for me."); got != named {
			t.Errorf("--names %v: the comment shown %v", named, got)
		}
	}
}

func TestUnloadCommand(t *testing.T) {
	db := builtDB(t)
	file := "../../testdata/program-small/zoom/participants_81234567890_2.csv"
	code, out, errOut := cli(t, "unload", "--db", db, file)
	if code != 0 || !strings.Contains(out, "unloaded "+file+" (zoom-classic, ") || !strings.Contains(out, "1 file taken back; run 'cohesion run'") {
		t.Fatalf("unload: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := cli(t, "run", "--db", db); code != 0 || !strings.Contains(out, "spring-a session 2") {
		t.Errorf("run after unload should list session 2 as a missing export: exit %d\n%s%s", code, out, errOut)
	}
	// Nothing matches now: an error, and nothing else changes.
	if code, _, errOut := cli(t, "unload", "--db", db, file, "deadbeefdeadbeef"); code != 1 || !strings.Contains(errOut, "no loaded file has this content") {
		t.Errorf("unload of a file not loaded: exit %d, %s", code, errOut)
	}
	if code, out, _ := cli(t, "load", "--db", db, file); code != 0 || !strings.Contains(out, "placed in spring-a session 2") {
		t.Errorf("loading it again: exit %d\n%s", code, out)
	}
	none := filepath.Join(t.TempDir(), "none.duckdb")
	if code, _, _ := cli(t, "unload", "--db", none, file); code != 1 {
		t.Errorf("unload on a missing database: exit %d", code)
	}
	if _, err := os.Stat(none); err == nil {
		t.Error("unload created a database")
	}
}

// TestNoStaleOutput: files loaded after the last run make report, query and export refuse, with
// one line saying to run; run on a database with nothing loaded says so.
func TestNoStaleOutput(t *testing.T) {
	db := builtDB(t)
	extra := filepath.Join(t.TempDir(), "s3.csv")
	orig, _ := os.ReadFile("../../testdata/program-small/zoom/participants_81234567890_3.csv")
	os.WriteFile(extra, []byte(strings.Replace(string(orig), "Zoe M,", "Zoe Mystery,", 1)), 0o644)
	if code, out, errOut := cli(t, "load", "--db", db, extra); code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	for _, args := range [][]string{
		{"report", "cohort", "spring-a", "--out", filepath.Join(t.TempDir(), "c.html")},
		{"report", "quarter", "2026Q1", "--out", filepath.Join(t.TempDir(), "q.html")},
		{"query", "--sql", "from attendance"},
		{"export", "--out", filepath.Join(t.TempDir(), "export")},
	} {
		code, out, errOut := cli(t, append(args, "--db", db)...)
		if code != 1 || !strings.Contains(errOut, "after the last 'cohesion run': run 'cohesion run'") || strings.Count(errOut, "\n") != 1 || out != "" {
			t.Errorf("cohesion %s after a load: exit %d\nstdout %q\nstderr %q", args[0], code, out, errOut)
		}
	}
	if code, _, errOut := cli(t, "run", "--db", db); code != 0 {
		t.Fatalf("run: %s", errOut)
	}
	if code, _, errOut := cli(t, "query", "--sql", "select 1", "--db", db); code != 0 {
		t.Errorf("query after run: exit %d, %s", code, errOut)
	}
	// Taking the file back makes the marts out of date again.
	cli(t, "unload", "--db", db, extra)
	if code, _, _ := cli(t, "query", "--sql", "select 1", "--db", db); code != 1 {
		t.Errorf("query after unload: exit %d, want 1", code)
	}

	empty := filepath.Join(t.TempDir(), "empty.duckdb")
	cli(t, "load", "--db", empty, filepath.Join(t.TempDir(), "notes.md"))
	if code, _, errOut := cli(t, "run", "--db", empty); code != 1 || !strings.Contains(errOut, "nothing is loaded") && !strings.Contains(errOut, "does not exist") {
		t.Errorf("run on an empty database: exit %d, %s", code, errOut)
	}
	loaded := filepath.Join(t.TempDir(), "loaded.duckdb")
	cli(t, "load", "--db", loaded, "../../testdata/program-small")
	if code, _, errOut := cli(t, "report", "cohort", "spring-a", "--db", loaded); code != 1 || !strings.Contains(errOut, "the marts are not built yet: run 'cohesion run' first") {
		t.Errorf("report before run: exit %d, %s", code, errOut)
	}
	fresh := filepath.Join(t.TempDir(), "new.duckdb")
	if code, _, errOut := cli(t, "report", "cohort", "x", "--db", fresh); code != 1 || !strings.Contains(errOut, "does not exist") {
		t.Errorf("report before any load: exit %d, %s", code, errOut)
	}
}
