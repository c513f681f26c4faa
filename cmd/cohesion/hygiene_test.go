package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFolderHygiene loads a program folder that also holds what real folders hold: a README, a
// notes CSV, an empty file, a PDF and a picture. They are skipped with one summary line and the
// load succeeds; a broken export in the same folder still fails, once, on stderr.
func TestFolderHygiene(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../testdata/program-small")); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"README.txt":  "Downloads for the Tuesday group. Remember to rename Meet files!\n",
		"notes.csv":   "date,what\n2026-03-03,room booked\n",
		"empty.csv":   "",
		"handout.pdf": "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
		"photo.png":   "\x89PNG\r\n\x1a\n",
	} {
		os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
	}
	db := filepath.Join(t.TempDir(), "c.duckdb")
	code, out, errOut := cli(t, "load", "--db", db, dir)
	if code != 0 || errOut != "" {
		t.Fatalf("load: exit %d\n%s\nstderr: %s", code, out, errOut)
	}
	if !strings.Contains(out, "5 files loaded") ||
		!strings.Contains(out, "skipped 5 files that are no export cohesion reads: README.txt, empty.csv, notes.csv, handout.pdf, photo.png (--verbose says why)") {
		t.Errorf("load output:\n%s", out)
	}
	code, out, _ = cli(t, "load", "--db", db, "--verbose", dir)
	if code != 0 || !strings.Contains(out, "skipped "+filepath.Join(dir, "notes.csv")+": not an export cohesion reads (line 1: unrecognised export") ||
		!strings.Contains(out, "already loaded") {
		t.Errorf("load --verbose:\n%s", out)
	}
	broken, _ := os.ReadFile(filepath.Join(dir, "zoom", "participants_81234567890_2.csv"))
	os.WriteFile(filepath.Join(dir, "zoom", "cut.csv"), broken[:len(broken)-30], 0o644)
	code, out, errOut = cli(t, "load", "--db", db, dir)
	if code != 1 || strings.Count(errOut, "cut.csv") != 1 || strings.Contains(out, "cut.csv") || !strings.Contains(errOut, "line ") {
		t.Errorf("a broken export: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	// Named on the command line, a file that is no export is an error.
	if code, _, errOut := cli(t, "load", "--db", db, filepath.Join(dir, "notes.csv")); code != 1 || !strings.Contains(errOut, "unrecognised export") {
		t.Errorf("named notes.csv: exit %d, %s", code, errOut)
	}
	// A path that does not exist fails before any database is made.
	none := filepath.Join(t.TempDir(), "none.duckdb")
	if code, _, errOut := cli(t, "load", "--db", none, "/no/such/path"); code != 1 || !strings.Contains(errOut, "/no/such/path: no such file or folder") {
		t.Errorf("missing path: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(none); err == nil {
		t.Error("a failed load left a new database behind")
	}
}

func TestHelpSubcommand(t *testing.T) {
	code, out, _ := cli(t, "help", "load")
	if code != 0 || !strings.HasPrefix(out, "Usage: cohesion load") || !strings.Contains(out, "--verbose") {
		t.Errorf("help load: exit %d\n%s", code, out)
	}
	if code, _, _ := cli(t, "help", "nosuch"); code != 2 {
		t.Errorf("help nosuch: exit %d, want 2", code)
	}
}
