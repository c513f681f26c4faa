package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cohesion/pipeline/demo"
)

// cli runs the command line in-process and returns exit code, stdout and stderr.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := mainCode(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"load"},
		{"load", "--no-such-flag", "x"},
		{"load", "--date-order", "ymd", "x"},
		{"run", "extra"},
		{"report"},
		{"report", "quarterly", "2026Q3"},
		{"report", "cohort"},
		{"demo", "--cohorts", "0"},
	} {
		if code, _, _ := cli(t, args...); code != 2 {
			t.Errorf("cohesion %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}

func TestHelpShowsExamples(t *testing.T) {
	for _, c := range commands {
		code, out, _ := cli(t, c.name, "--help")
		if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "cohesion "+c.name) {
			t.Errorf("%s --help: exit %d, output:\n%s", c.name, code, out)
		}
	}
	code, out, _ := cli(t, "--help")
	for _, c := range commands {
		if code != 0 || !strings.Contains(out, c.name) {
			t.Errorf("--help does not list %s", c.name)
		}
	}
}

var testsPassed = regexp.MustCompile(`models built, (\d+)/(\d+) data tests passed`)

// everyTestPassed reads run's summary line: every data test passed, and there was at least one.
func everyTestPassed(out string) bool {
	m := testsPassed.FindStringSubmatch(out)
	return m != nil && m[1] == m[2] && m[1] != "0"
}

// TestLoadRunReport drives the whole command line on the hand-worked program.
func TestLoadRunReport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.duckdb")
	t.Setenv("COHESION_KEY", "cli-test")
	code, out, errOut := cli(t, "load", "--db", db, "../../testdata/program-small")
	if code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "5 files loaded (25 rows), 0 already loaded, 0 failed") || !strings.Contains(out, `spring-a session 1: "iPhone" (no email)`) ||
		!strings.Contains(out, "\n1 name in attendance exports matches no roster member;") {
		t.Errorf("load output:\n%s", out)
	}
	code, out, _ = cli(t, "load", "--db", db, "../../testdata/program-small")
	if code != 0 || !strings.Contains(out, "0 files loaded (0 rows), 5 already loaded") {
		t.Errorf("second load: exit %d\n%s", code, out)
	}
	code, out, errOut = cli(t, "run", "--db", db)
	if code != 0 || strings.Contains(out, "model attendance") || !everyTestPassed(out) || strings.Count(out, "\n") != 1 {
		t.Fatalf("run: exit %d, want one summary line\n%s%s", code, out, errOut)
	}
	code, out, errOut = cli(t, "run", "--db", db, "--verbose")
	if code != 0 || !strings.Contains(out, "model attendance") || !strings.Contains(out, "test  sessions_unique") || !everyTestPassed(out) {
		t.Fatalf("run --verbose: exit %d\n%s%s", code, out, errOut)
	}
	report := filepath.Join(dir, "r.html")
	code, out, errOut = cli(t, "report", "cohort", "spring-a", "--db", db, "--out", report)
	if code != 0 {
		t.Fatalf("report: exit %d\n%s%s", code, out, errOut)
	}
	page, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte("Alice")) || bytes.Contains(page, []byte(`src="http`)) {
		t.Error("default report shows a name or loads a script from the network")
	}
	if !bytes.Contains(page, []byte("dropout rule <strong>no-return</strong>")) {
		t.Error("the report does not say which dropout rule its retention figures use")
	}
	code, _, errOut = cli(t, "report", "cohort", "no-such-cohort", "--db", db, "--out", report)
	if code != 1 || !strings.Contains(errOut, "spring-a") {
		t.Errorf("unknown cohort: exit %d, stderr %q (want the known cohorts listed)", code, errOut)
	}
}

// TestLoadBadFile checks exit code 1 and one line naming the file and line.
func TestLoadBadFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "roster.csv")
	os.WriteFile(bad, []byte("name,email\nAnn,ann@x.org\n"), 0o644)
	code, _, errOut := cli(t, "load", "--db", filepath.Join(dir, "c.duckdb"), bad)
	want := "cohesion load: " + bad + `: line 1: header lacks column "cohort"`
	if code != 1 || !strings.HasPrefix(errOut, want) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want exit 1 and one line starting %q", code, errOut, want)
	}
}

// TestLoadNoFolder: a --db in a folder that does not exist is one line naming the folder, and
// makes nothing.
func TestLoadNoFolder(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo")
	code, _, errOut := cli(t, "load", "--db", filepath.Join(missing, "c.duckdb"), "../../testdata/facilitator/roster.csv")
	want := "there is no folder " + missing + " to create it in"
	if code != 1 || !strings.Contains(errOut, want) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want exit 1 and one line saying %q", code, errOut, want)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("%s was made", missing)
	}
}

// TestLoadListsTwentyUnmatched loads a generated program with more unmatched names than load
// shows: it lists twenty, counts them all, and says where the rest are.
func TestLoadListsTwentyUnmatched(t *testing.T) {
	dir := t.TempDir()
	if _, err := demo.Generate(filepath.Join(dir, "program"), demo.Config{Seed: 3, Cohorts: 30}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, "load", "--db", filepath.Join(dir, "c.duckdb"), "--quiet", filepath.Join(dir, "program"))
	if code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	m := regexp.MustCompile(`(?s)\n(\d+) names in attendance exports match no roster member[^\n]*\n(.*)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no unmatched names listed:\n%s", out)
	}
	total, _ := strconv.Atoi(m[1])
	listed := regexp.MustCompile(`(?m)^  \S+ session \d+: `).FindAllString(m[2], -1)
	more := fmt.Sprintf(`  ... and %d more (after 'cohesion run': cohesion query --sql "select * from unmatched_names")`, total-20)
	if total <= 20 || len(listed) != 20 || !strings.Contains(m[2], more) {
		t.Errorf("%d names, %d listed, want 20 and the line %q:\n%s", total, len(listed), more, m[2])
	}
}
