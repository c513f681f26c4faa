// Tests of the cohort report against a hand-written set of marts in testdata/.

package reports

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const testCohort = "spring-2026"

var fixedNow = time.Date(2026, 3, 20, 9, 30, 0, 0, time.UTC)

// openMarts returns an in-memory DuckDB holding the hand-written marts.
func openMarts(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	script, err := os.ReadFile(filepath.Join("testdata", "cohort_marts.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(string(script)); err != nil {
		t.Fatalf("create marts: %v", err)
	}
	return db
}

func loadCohort(t *testing.T, db *sql.DB, cohort string, opt CohortOptions) *CohortData {
	t.Helper()
	d, err := LoadCohort(context.Background(), db, cohort, opt)
	if err != nil {
		t.Fatalf("LoadCohort(%q): %v", cohort, err)
	}
	return d
}

func render(t *testing.T, d *CohortData, opt CohortOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderCohort(&buf, d, opt); err != nil {
		t.Fatalf("RenderCohort: %v", err)
	}
	return buf.String()
}

// withoutLibrary returns the page with its one inlined copy of ECharts removed.
func withoutLibrary(t *testing.T, page string) string {
	t.Helper()
	if n := strings.Count(page, echartsJS); n != 1 {
		t.Fatalf("page inlines echarts.min.js %d times, want once", n)
	}
	return strings.Replace(page, echartsJS, "", 1)
}

// checkGolden compares got with testdata/name, or rewrites it under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gotLines) || i < len(wantLines); i++ {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			t.Errorf("%s line %d:\n got: %s\nwant: %s\n(go test ./reports -update rewrites it)", path, i+1, g, w)
			return
		}
	}
}

func indentJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func TestCohortGolden(t *testing.T) {
	db := openMarts(t)
	d := loadCohort(t, db, testCohort, CohortOptions{Now: fixedNow})
	checkGolden(t, "cohort.golden.json", indentJSON(t, d))

	cc, err := buildCohortCharts(d)
	if err != nil {
		t.Fatal(err)
	}
	if cc.Rate == nil {
		t.Fatal("no attendance rate chart for a cohort with held sessions")
	}
	options := map[string]json.RawMessage{
		"attendance_heatmap": json.RawMessage(cc.Heatmap.Option),
		"attendance_rate":    json.RawMessage(cc.Rate.Option),
	}
	checkGolden(t, "cohort_charts.golden.json", indentJSON(t, options))
}

func TestCohortContents(t *testing.T) {
	db := openMarts(t)
	d := loadCohort(t, db, testCohort, CohortOptions{})

	if d.Program != "intro" {
		t.Errorf("Program = %q, want intro", d.Program)
	}
	if len(d.Sessions) != 4 || d.Sessions[3].Held {
		t.Errorf("Sessions = %+v, want 4 with session 4 not held", d.Sessions)
	}
	for _, c := range d.Cells {
		if c.Session == 4 {
			t.Errorf("cell for unheld session: %+v", c)
		}
		if c.ParticipantID == "p5a5a5a5a5a5a" {
			t.Errorf("cell from another cohort: %+v", c)
		}
	}
	if got, want := len(d.Cells), 15; got != want {
		t.Errorf("%d cells, want %d", got, want)
	}
	wantRates := []float64{0.8, 0.6, 0.6}
	if len(d.Rates) != len(wantRates) {
		t.Fatalf("Rates = %+v", d.Rates)
	}
	for i, r := range d.Rates {
		if r.Rate != wantRates[i] || r.Enrolled != 5 {
			t.Errorf("Rates[%d] = %+v, want rate %v of 5", i, r, wantRates[i])
		}
	}
	if want := "Attendance fell from 80% at session 1 to 60% at session 3."; d.Readings.Rate != want {
		t.Errorf("rate reading = %q, want %q", d.Readings.Rate, want)
	}
	for _, o := range d.Outcomes {
		if o.Count == 0 {
			t.Errorf("outcome %s has no member; the fixture should cover every outcome", o.Outcome)
		}
	}
}

func TestCohortMemberOrder(t *testing.T) {
	db := openMarts(t)
	labels := func(d *CohortData) []string {
		var out []string
		for _, m := range d.Members {
			out = append(out, m.Label)
		}
		return out
	}
	byID := labels(loadCohort(t, db, testCohort, CohortOptions{}))
	wantByID := []string{"p0b1c2d3e4f5a", "p3fa2c1d09b7e", "p4d5e6f7a8b9c", "p7c8d9e0f1a2b", "p9e8d7c6b5a4f"}
	if strings.Join(byID, ",") != strings.Join(wantByID, ",") {
		t.Errorf("pseudonymous order = %v, want %v", byID, wantByID)
	}
	named := loadCohort(t, db, testCohort, CohortOptions{Names: true})
	wantByName := []string{"Ada Quinn", "Bea Ortiz", "Cal Ng", "Dee Park", "Eli Moss"}
	if got := labels(named); strings.Join(got, ",") != strings.Join(wantByName, ",") {
		t.Errorf("named order = %v, want %v", got, wantByName)
	}
	if named.Retention[0].Label != "Ada Quinn" {
		t.Errorf("retention rows not in member order: %+v", named.Retention[0])
	}
}

func TestCohortNotFound(t *testing.T) {
	db := openMarts(t)
	_, err := LoadCohort(context.Background(), db, "winter-2027", CohortOptions{})
	if err == nil {
		t.Fatal("LoadCohort of an unknown cohort succeeded")
	}
	for _, want := range []string{`cohort "winter-2027" not found`, `"autumn-2025"`, `"spring-2026"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestCohortPseudonymous(t *testing.T) {
	db := openMarts(t)
	page := render(t, loadCohort(t, db, testCohort, CohortOptions{}), CohortOptions{Now: fixedNow})

	rows, err := db.Query(`SELECT name, email FROM pii_people`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, email string
		if err := rows.Scan(&name, &email); err != nil {
			t.Fatal(err)
		}
		for _, pii := range []string{name, email} {
			if strings.Contains(page, pii) {
				t.Errorf("pseudonymous page contains %q from pii_people", pii)
			}
		}
	}
	if !strings.Contains(page, "p3fa2c1d09b7e") {
		t.Error("pseudonymous page does not show participant_id")
	}

	named := render(t, loadCohort(t, db, testCohort, CohortOptions{Names: true}), CohortOptions{Names: true, Now: fixedNow})
	if !strings.Contains(named, "Ada Quinn") {
		t.Error("named page does not show member names")
	}
}

func TestCohortHostileText(t *testing.T) {
	const hostile = `</script><img src=x onerror=alert(1)>`
	db := openMarts(t)
	for _, stmt := range []string{
		`UPDATE sessions SET cohort = $1, program = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE attendance SET cohort = $1, program = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE retention SET cohort = $1, program = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE pii_people SET name = $1, email = $1 WHERE participant_id = 'p3fa2c1d09b7e'`,
	} {
		if _, err := db.Exec(stmt, hostile); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	d := loadCohort(t, db, hostile, CohortOptions{Names: true})
	if d.Members[0].Label != hostile {
		t.Fatalf("hostile name not loaded: %+v", d.Members)
	}
	page := render(t, d, CohortOptions{Names: true, Now: fixedNow})

	for _, bad := range []string{"</script><img", "<img src=x"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains unescaped %q", bad)
		}
	}
	if strings.Contains(withoutLibrary(t, page), "<img") {
		t.Error("page outside the inlined library contains an <img element")
	}
	// The label must still be there, inert: escaped in HTML and in the JSON.
	if !strings.Contains(page, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("page does not show the HTML-escaped label")
	}
	if !strings.Contains(page, `\u003c/script\u003e\u003cimg src=x onerror=alert(1)\u003e`) {
		t.Error("chart options do not carry the JSON-escaped label")
	}
	// Every <script> the page opens must close where the page means it to.
	if got, want := strings.Count(page, "<script"), strings.Count(page, "</script>"); got != want {
		t.Errorf("%d <script openings but %d </script> closings", got, want)
	}
}

func TestCohortOffline(t *testing.T) {
	db := openMarts(t)
	page := render(t, loadCohort(t, db, testCohort, CohortOptions{}), CohortOptions{Now: fixedNow})

	if !strings.Contains(page, `t.version="5.4.3"`) {
		t.Error("page does not inline echarts 5.4.3")
	}
	if strings.Index(page, "<script>") > strings.Index(page, "</head>") {
		t.Error("echarts is not inlined in the head")
	}
	// The library's own code builds an <img src= for its save-as-image
	// feature, so the page is searched with the library taken out.
	external := regexp.MustCompile(`(?i)<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=`)
	if m := external.FindString(withoutLibrary(t, page)); m != "" {
		t.Errorf("page loads an external resource: %s", m)
	}
	for _, bad := range []string{`src="http`, `href="http`, "go-echarts-assets", "cdn.jsdelivr"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if n := strings.Count(page, `type="application/json" data-chart=`); n != 2 {
		t.Errorf("%d chart options in the page, want 2", n)
	}
	if !strings.Contains(page, "Generated 2026-03-20 09:30 UTC") {
		t.Error("footer does not show the given time")
	}
	if !strings.Contains(page, "<title>Cohort spring-2026 (intro)</title>") {
		t.Error("page title is not Cohort <cohort> (<program>)")
	}
}

func TestCohortNothingHeld(t *testing.T) {
	db := openMarts(t)
	if _, err := db.Exec(`
		UPDATE sessions SET held = false WHERE cohort = 'spring-2026';
		DELETE FROM attendance WHERE cohort = 'spring-2026'`); err != nil {
		t.Fatal(err)
	}
	d := loadCohort(t, db, testCohort, CohortOptions{})
	if len(d.Cells) != 0 || len(d.Rates) != 0 {
		t.Fatalf("cells or rates for a cohort with nothing held: %+v %+v", d.Cells, d.Rates)
	}
	page := render(t, d, CohortOptions{Now: fixedNow})
	if n := strings.Count(page, `data-chart=`); n != 1 {
		t.Errorf("%d charts, want only the heat map", n)
	}
	if !strings.Contains(page, "No sessions have been held yet.") {
		t.Error("no plain reading for a cohort with nothing held")
	}
}
