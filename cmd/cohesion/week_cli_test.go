package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden stdout files in testdata/")

// golden compares got with testdata/name, after replacing what changes from run to run (the
// temporary folder, timings); -update rewrites the file.
func golden(t *testing.T, name, dir, got string) {
	t.Helper()
	got = strings.ReplaceAll(got, dir, "DIR")
	got = regexp.MustCompile(`in [0-9.]+s`).ReplaceAllString(got, "in Ts")
	got = regexp.MustCompile(`\d+ models built`).ReplaceAllString(got, "N models built") // grows with every model
	got = regexp.MustCompile(`20\d\d-\d\d-\d\d \d\d:\d\d UTC`).ReplaceAllString(got, "YYYY-MM-DD HH:MM UTC")
	path := filepath.Join("testdata", name)
	if *updateGolden {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test ./cmd/cohesion -run %s -update rewrites it):\ngot:\n%s\nwant:\n%s", name, t.Name(), got, want)
	}
}

// TestUpdateAndStatusWeek scripts two weeks of the small program: week 1 brings the schedule, the
// roster and two sessions' exports, week 2 the third session's. The stdout of update and status
// each week is golden.
func TestUpdateAndStatusWeek(t *testing.T) {
	t.Setenv("COHESION_KEY", "week-test")
	t.Setenv("SOURCE_DATE_EPOCH", "1773878400") // 2026-03-19 00:00 UTC: after session 3, before any later one
	dir := t.TempDir()
	downloads := filepath.Join(dir, "downloads")
	os.MkdirAll(downloads, 0o755)
	copyFile := func(from string) {
		data, err := os.ReadFile(filepath.Join("../../testdata/program-small", from))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(downloads, filepath.Base(from)), data, 0o644)
	}
	db := filepath.Join(dir, "c.duckdb")
	reportsDir := filepath.Join(dir, "reports")
	os.MkdirAll(reportsDir, 0o755)
	for week, files := range [][]string{
		{"schedule.csv", "roster.csv", "zoom/participants_81234567890_1.csv", "zoom/participants_81234567890_2.csv"},
		{"zoom/participants_81234567890_3.csv"},
	} {
		for _, f := range files {
			copyFile(f)
		}
		code, out, errOut := cli(t, "update", "--db", db, "--out-dir", reportsDir, downloads)
		if code != 0 || errOut != "" {
			t.Fatalf("week %d update: exit %d\n%s%s", week+1, code, out, errOut)
		}
		golden(t, "update_week"+string(rune('1'+week))+".golden", dir, out)
		code, out, errOut = cli(t, "status", "--db", db)
		if code != 0 {
			t.Fatalf("week %d status: exit %d\n%s%s", week+1, code, out, errOut)
		}
		golden(t, "status_week"+string(rune('1'+week))+".golden", dir, out)
	}
	// A load without a run: status says the marts are out of date.
	os.WriteFile(filepath.Join(downloads, "s3 (1).csv"), []byte(strings.Replace(string(must(os.ReadFile("../../testdata/program-small/zoom/participants_81234567890_3.csv"))), "Zoe M,", "Zoe Mystery,", 1)), 0o644)
	cli(t, "load", "--db", db, downloads)
	_, out, _ := cli(t, "status", "--db", db)
	if !strings.Contains(out, "OUT OF DATE") {
		t.Errorf("status after a load without run:\n%s", out)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// TestCheckGolden: what load would make of each file, as text and as JSON lines, with no
// database made; exit 1 because one file is broken.
func TestCheckGolden(t *testing.T) {
	args := []string{"../../testdata/program-small", "../../testdata/zoom/broken_truncated.csv", "../../testdata/forms/google_checkin.csv", "../../testdata/zoom/meeting_list.csv"}
	code, out, errOut := cli(t, append([]string{"check"}, args...)...)
	if code != 1 || errOut != "" {
		t.Errorf("check: exit %d, stderr %q", code, errOut)
	}
	golden(t, "check.golden", "\x00", out)
	code, out, _ = cli(t, append([]string{"check", "--format", "json"}, args...)...)
	if code != 1 {
		t.Errorf("check --format json: exit %d", code)
	}
	golden(t, "check_json.golden", "\x00", out)
	if _, err := os.Stat("cohesion.duckdb"); err == nil {
		t.Error("check made a database")
	}
	if code, _, _ := cli(t, "check", "../../testdata/program-small"); code != 0 {
		t.Errorf("check of readable files: exit %d", code)
	}
}
