// report_quarter_test.go drives `cohesion report quarter` on the hand-worked program: the page is
// written, no name or email from the roster reaches it, and bad arguments are usage errors.
package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportQuarter(t *testing.T) {
	db := builtDB(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "q.html")

	code, out, errOut := cli(t, "report", "quarter", "2026Q1", "--db", db, "--out", page)
	if code != 0 || !strings.Contains(out, "wrote "+page) {
		t.Fatalf("report quarter 2026Q1: exit %d\n%s%s", code, out, errOut)
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>Quarterly report 2026Q1</title>", "spring-a", "America/New_York", "Tuesday evening"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// program-small has 4 starters: at the default minimum of 11 every count is suppressed.
	if !strings.Contains(string(html), `<td class="num suppressed">suppressed</td>`) {
		t.Error("no suppressed cell in a program of four members")
	}
	checkNoRosterPII(t, string(html))

	// With suppression off the figures appear, and still no names.
	code, _, errOut = cli(t, "report", "quarter", "2026q1", "--db", db, "--out", page, "--min-cell", "0")
	if code != 0 || !strings.Contains(errOut, "suppression is off") {
		t.Fatalf("--min-cell 0: exit %d, stderr %q", code, errOut)
	}
	html, err = os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "75% of 4 finishing") {
		t.Error("unsuppressed page does not show the completion rate (3 of 4)")
	}
	checkNoRosterPII(t, string(html))

	// A quarter with no cohort is still a report, with a note.
	code, _, errOut = cli(t, "report", "quarter", "2026Q2", "--db", db, "--out", page)
	if code != 0 || !strings.Contains(errOut, "no cohort had its first session in 2026Q2") {
		t.Errorf("empty quarter: exit %d, stderr %q", code, errOut)
	}

	for _, args := range [][]string{
		{"report", "quarter", "2026Q5", "--db", db, "--out", page},
		{"report", "quarter", "2026-Q1", "--db", db, "--out", page},
		{"report", "quarter", "--db", db},
		{"report", "quarter", "2026Q1", "2026Q2", "--db", db},
		{"report", "quarter", "2026Q1", "--min-cell", "-1", "--db", db},
		{"report", "quarter", "2026Q1", "--names", "--db", db},
		{"report", "cohort", "spring-a", "--min-cell", "5", "--db", db},
	} {
		if code, _, _ := cli(t, args...); code != 2 {
			t.Errorf("cohesion %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "quarter-2026Q5.html")); err == nil {
		t.Error("a bad quarter wrote a page")
	}
}

// checkNoRosterPII fails if any name, part of a name, alias or email from the program's roster
// is in page, leaving out the inlined chart library (whose code is not data).
func checkNoRosterPII(t *testing.T, page string) {
	t.Helper()
	if start, end := strings.Index(page, "<script>"), strings.Index(page, "</script>"); start >= 0 && end > start {
		page = page[:start] + page[end:]
	}
	f, err := os.Open("../../testdata/program-small/roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range records[1:] {
		pii := []string{rec[1], rec[2]}
		pii = append(pii, strings.Split(rec[3], ";")...)
		pii = append(pii, strings.Fields(rec[1])...)
		for _, s := range pii {
			if s = strings.TrimSpace(s); len(s) > 2 && strings.Contains(page, s) {
				t.Errorf("page contains %q from roster.csv", s)
			}
		}
	}
}
