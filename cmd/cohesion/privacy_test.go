package main

import (
	"encoding/csv"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cohesion/pipeline/demo"
	"cohesion/pipeline/exportfile/filetest"
)

// jsonEscape matches the \uXXXX escapes Go's JSON writes (for <, >, & and non-ASCII).
var jsonEscape = regexp.MustCompile(`\\u[0-9a-fA-F]{4}`)

// unescapeJSON turns the \uXXXX escapes of JSON text back into the characters.
func unescapeJSON(s string) string {
	s = jsonEscape.ReplaceAllStringFunc(s, func(e string) string {
		n, _ := strconv.ParseUint(e[2:], 16, 32)
		return string(rune(n))
	})
	return strings.ReplaceAll(s, `\/`, `/`)
}

// personalScan finds the roster's names, emails and aliases in text, in any letter case, as
// written and HTML- and JSON-unescaped.
type personalScan struct{ needles []string }

func rosterNeedles(t *testing.T, path string) personalScan {
	t.Helper()
	rows := filetest.CSV(t, path)
	var s personalScan
	for _, r := range rows[1:] {
		for _, n := range append([]string{r[1], r[2]}, strings.Split(r[3], ";")...) {
			if n = strings.ToLower(strings.TrimSpace(n)); len(n) >= 4 {
				s.needles = append(s.needles, n)
			}
		}
	}
	if len(s.needles) < 20 {
		t.Fatalf("only %d names to look for", len(s.needles))
	}
	return s
}

// found returns the first needle in text, or "".
func (s personalScan) found(text string) string {
	lower := strings.ToLower(text)
	for _, form := range []string{lower, strings.ToLower(html.UnescapeString(text)), strings.ToLower(unescapeJSON(text)),
		strings.ToLower(html.UnescapeString(unescapeJSON(text)))} {
		for _, n := range s.needles {
			if strings.Contains(form, n) {
				return n
			}
		}
	}
	return ""
}

// TestNothingPersonalLeaks: no roster name, email or alias appears in any byte the
// pseudonymous outputs write: run's, update's and export's stdout, the export's files (Parquet
// read back, the manifest as written), the quarterly report, the cohort report without --names,
// and every named query. A check-in file named after a member (as facilitators do) is loaded
// too. The facilitator's --names report is the positive control: it does show them.
func TestNothingPersonalLeaks(t *testing.T) {
	dir := t.TempDir()
	program := filepath.Join(dir, "program")
	if _, err := demo.Generate(program, demo.Config{Cohorts: 6, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	scan := rosterNeedles(t, filepath.Join(program, "roster.csv"))
	rows, _ := csv.NewReader(strings.NewReader(mustRead(t, filepath.Join(program, "roster.csv")))).ReadAll()
	var member []string // cohort, name, email, ...: one whose cohort has a long-form check-in file
	for _, r := range rows[1:] {
		checkin := filepath.Join(program, "checkins", r[0]+".csv")
		if _, err := os.Stat(checkin); err == nil {
			member = r
			if err := os.Rename(checkin, filepath.Join(program, "checkins", r[1]+" - "+r[2]+".csv")); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if member == nil {
		t.Fatal("no cohort with a check-in file")
	}
	// The week held back: one cohort's last Zoom export, loaded by update.
	exports, _ := filepath.Glob(filepath.Join(program, "zoom", "*.csv"))
	week := filepath.Join(dir, "week")
	os.Mkdir(week, 0o755)
	last := exports[len(exports)-1]
	if err := os.Rename(last, filepath.Join(week, filepath.Base(last))); err != nil {
		t.Fatal(err)
	}

	t.Setenv("COHESION_KEY", "privacy-test")
	db := filepath.Join(dir, "c.duckdb")
	var scanned int
	library := mustRead(t, "../../reports/assets/echarts.min.js") // inlined in every report; its code is no one's name
	check := func(what, text string) {
		t.Helper()
		text = strings.ReplaceAll(text, library, "")
		scanned += len(text)
		if n := scan.found(text); n != "" {
			t.Errorf("%s shows %q", what, n)
		}
	}
	do := func(args ...string) string {
		t.Helper()
		code, out, errOut := cli(t, args...)
		if code != 0 {
			t.Fatalf("cohesion %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return out
	}
	do("load", "--db", db, program) // the facilitator's own listing: not scanned
	check("run's stdout", do("run", "--db", db))
	reports := filepath.Join(dir, "reports")
	check("update's stdout", do("update", "--db", db, "--out-dir", reports, week))
	files, _ := filepath.Glob(filepath.Join(reports, "*.html"))
	if len(files) == 0 {
		t.Fatal("update wrote no report")
	}
	for _, f := range files {
		check(filepath.Base(f), mustRead(t, f))
	}

	out := filepath.Join(dir, "export")
	check("export's stdout", do("export", "--db", db, "--out", out))
	parquet := 0
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".parquet") {
			parquet++
			for _, row := range textRows(t, openDB(t, ""), "select * from read_parquet(?)", p) {
				check(p, strings.Join(row, "\t"))
			}
			return nil
		}
		check(p, mustRead(t, p))
		return nil
	})
	if parquet < 5 {
		t.Errorf("only %d Parquet files read back", parquet)
	}

	for _, q := range []string{"2026Q1", "2026Q2"} {
		for _, minCell := range []string{"11", "0"} {
			f := filepath.Join(dir, q+"-"+minCell+".html")
			do("report", "quarter", q, "--db", db, "--out", f, "--min-cell", minCell)
			check(filepath.Base(f), mustRead(t, f))
		}
	}
	cohorts := textRows(t, openDB(t, db), "select distinct cohort, program from sessions order by 1")
	for _, c := range cohorts {
		f := filepath.Join(dir, "cohort-"+c[0]+".html")
		do("report", "cohort", c[0], "--db", db, "--out", f)
		check(filepath.Base(f), mustRead(t, f))
	}
	named, err := namedQueries()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range named {
		for _, c := range cohorts {
			var args []string
			for _, p := range q.Params {
				switch p.Name {
				case "cohort":
					args = append(args, "--param", "cohort="+c[0])
				case "program":
					args = append(args, "--param", "program="+c[1])
				default:
					t.Fatalf("named query %s takes %s: give the test a value", q.Name, p.Name)
				}
			}
			for _, format := range []string{"table", "csv", "json"} {
				check("query "+q.Name, do(append([]string{"query", q.Name, "--db", db, "--format", format}, args...)...))
			}
		}
	}

	// The positive control: the facilitator's own copy names the members, and the scan sees it.
	own := filepath.Join(dir, "own.html")
	do("report", "cohort", member[0], "--db", db, "--out", own, "--names")
	if scan.found(mustRead(t, own)) == "" {
		t.Error("the --names report shows no roster name: the scan cannot see names")
	}
	t.Logf("scanned %d KB of output for %d names, emails and aliases", scanned>>10, len(scan.needles))
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
