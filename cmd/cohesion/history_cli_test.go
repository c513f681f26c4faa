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
