// history_test.go checks that the marts are a function of the set of files loaded: not of the
// order they were loaded in, the batches, or what was loaded and taken back.
package pipeline_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"cohesion/pipeline"
	"cohesion/pipeline/demo"
	"cohesion/queries"
)

// historyProgram writes a program of many kinds of file into one folder and returns their paths:
// a generated program (Zoom exports and check-ins of three cohorts), the small hand-worked
// program with a corrected and a unique-users re-export of its third session, and the cohesion
// fixture's long-form answers.
func historyProgram(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	if _, err := demo.Generate(filepath.Join(dir, "demo"), demo.Config{Seed: 7, Cohorts: 3}); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "demo", "truth.json"))
	for _, d := range []string{"program-small", "cohesion"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS("../testdata/"+d)); err != nil {
			t.Fatal(err)
		}
	}
	orig, _ := os.ReadFile("../testdata/program-small/zoom/participants_81234567890_3.csv")
	os.WriteFile(filepath.Join(dir, "program-small", "zoom", "participants (2).csv"),
		[]byte(strings.Replace(string(orig), "03/17/2026 07:25:00 PM,82", "03/17/2026 07:30:00 PM,87", 1)), 0o644)
	os.WriteFile(filepath.Join(dir, "program-small", "zoom", "participants (10).csv"), []byte("\ufeffMeeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\r\n"+
		"812 3456 7890,Codependency intro,03/17/2026 05:59:00 PM,03/17/2026 07:30:30 PM,host@practice.example,92,4,\r\n\r\n"+
		"Name (Original Name),User Email,Total Duration (Minutes),Guest,\r\n"+
		"Dana Host,host@practice.example,92,No,\r\n"+
		"Alice Smith,alice@example.org,95,No,\r\n"+
		"Zoe M,,60,Yes,\r\n"), 0o644)
	var files []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return err
	})
	sort.Strings(files)
	return files
}

// martDump is every mart's rows as text, sorted: what two databases must agree on. load_log is
// left out (it says when each file was loaded).
func martDump(t *testing.T, db *pipeline.DB) map[string][]string {
	t.Helper()
	models, _, err := pipeline.ReadModels(queries.Models)
	if err != nil {
		t.Fatal(err)
	}
	dump := map[string][]string{}
	for _, m := range models {
		if m.Materialized != pipeline.Table || m.Name == "load_log" {
			continue
		}
		rows := rowsOf(t, db.SQL, "select * from "+m.Name+" order by all")
		for i, r := range rows {
			rows[i] = roundFloats(r)
		}
		dump[m.Name] = rows
	}
	return dump
}

// roundFloats writes the fractional numbers of a row to 10 significant digits: DuckDB sums a
// group's values in whatever order its threads meet them, so the last bit of a mean may differ
// between two builds of the same rows.
func roundFloats(row string) string {
	fields := strings.Split(row, "|")
	for i, f := range fields {
		if strings.ContainsAny(f, ".e") {
			if x, err := strconv.ParseFloat(f, 64); err == nil {
				fields[i] = strconv.FormatFloat(x, 'g', 10, 64)
			}
		}
	}
	return strings.Join(fields, "|")
}

func sameMarts(t *testing.T, what string, got, want map[string][]string) {
	t.Helper()
	for name, rows := range want {
		if strings.Join(got[name], "\n") != strings.Join(rows, "\n") {
			t.Errorf("%s: %s differs from the reference load", what, name)
			equalRows(t, what+": "+name, got[name], rows)
		}
	}
}

// loadBatches loads the files in the given batches, one Load each, and builds the models.
func loadBatches(t *testing.T, batches [][]string) *pipeline.DB {
	t.Helper()
	db := openTemp(t)
	for _, b := range batches {
		for _, r := range load(t, db, b...) {
			if r.Err != nil {
				t.Fatalf("%s", r)
			}
		}
	}
	build(t, db)
	return db
}

// TestMartsIndependentOfLoadOrder loads one program all at once, one file per load in reverse
// order, and in shuffled batches of random sizes: every mart is the same.
func TestMartsIndependentOfLoadOrder(t *testing.T) {
	files := historyProgram(t)
	reference := martDump(t, loadBatches(t, [][]string{files}))
	for _, m := range []string{"attendance", "support_ties", "cohesion_member", "retention", "unmatched_names"} {
		if len(reference[m]) == 0 {
			t.Fatalf("the program gives no %s rows: the comparison would prove nothing", m)
		}
	}
	var reversed [][]string
	for i := len(files) - 1; i >= 0; i-- {
		reversed = append(reversed, []string{files[i]})
	}
	sameMarts(t, "one file per load, in reverse", martDump(t, loadBatches(t, reversed)), reference)
	for seed := uint64(1); seed <= 2; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		shuffled := append([]string(nil), files...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		var batches [][]string
		for len(shuffled) > 0 {
			n := min(len(shuffled), 1+rng.IntN(8))
			batches = append(batches, shuffled[:n])
			shuffled = shuffled[n:]
		}
		sameMarts(t, fmt.Sprintf("shuffled batches (seed %d)", seed), martDump(t, loadBatches(t, batches)), reference)
	}
}

// TestUnloadRestores loads an extra export and a new roster version, takes them back, and gets
// the marts of the files that remain; loading the export again works.
func TestUnloadRestores(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../testdata/program-small")); err != nil {
		t.Fatal(err)
	}
	db := loadBatches(t, [][]string{{dir}})
	before := martDump(t, db)
	orig, _ := os.ReadFile("../testdata/program-small/zoom/participants_81234567890_3.csv")
	extra := filepath.Join(t.TempDir(), "s3-fixed.csv")
	os.WriteFile(extra, []byte(strings.Replace(string(orig), "Zoe M,", "Zoe Mystery,", 1)), 0o644)
	roster := filepath.Join(dir, "roster.csv")
	rosterV1, _ := os.ReadFile(roster)
	os.WriteFile(roster, append(rosterV1, []byte("spring-a,Late Joiner,late@example.org,,3\n")...), 0o644)
	if r := load(t, db, extra, roster); r[0].Err != nil || r[1].Err != nil || r[0].Skipped+r[1].Skipped != "" {
		t.Fatalf("%s\n%s", r[0], r[1])
	}
	build(t, db)
	if got := rowsOf(t, db.SQL, "select count(*) from unmatched_names"); got[0] == "0" {
		t.Fatal("the extra export changed nothing: the test would prove nothing")
	}
	done, err := db.Unload(t.Context(), []string{extra, roster})
	if err != nil || len(done) != 2 || len(done[1].Restored) != 1 {
		t.Fatalf("unload: %+v, %v", done, err)
	}
	build(t, db)
	sameMarts(t, "after unload", martDump(t, db), before)
	if _, err := db.Unload(t.Context(), []string{extra}); err == nil || !strings.Contains(err.Error(), "no loaded file has this content") {
		t.Errorf("unloading it twice: %v", err)
	}
	if r := load(t, db, extra); r[0].Err != nil || r[0].Skipped != "" {
		t.Errorf("loading it again: %s", r[0])
	}
}
