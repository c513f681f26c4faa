// Tests of the cohort report against a hand-written set of marts in testdata/.

package reports

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"cohesion/queries"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const testCohort = "spring-2026"

var fixedNow = time.Date(2026, 3, 20, 9, 30, 0, 0, time.UTC)

// openMarts returns an in-memory DuckDB holding the cohort fixture's hand-written marts, and
// the check_on model as a view over them, so a test that changes a mart changes check_on.
func openMarts(t *testing.T) *sql.DB {
	db := openMartsScript(t, "cohort_marts.sql")
	createModelView(t, db, "int_expected_references")
	createModelView(t, db, "outcome_trajectory")
	createModelView(t, db, "expected_response")
	createModelView(t, db, "check_on")
	return db
}

// createModelView creates the model queries/name.sql as a view over the marts in db.
func createModelView(t *testing.T, db *sql.DB, name string) {
	t.Helper()
	text, err := fs.ReadFile(queries.Models, name+".sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE VIEW " + name + " AS (\n" + string(text) + "\n)"); err != nil {
		t.Fatalf("create view %s: %v", name, err)
	}
}

// openMartsScript returns an in-memory DuckDB made by running testdata/script.
func openMartsScript(t *testing.T, script string) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	text, err := os.ReadFile(filepath.Join("testdata", script))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(string(text)); err != nil {
		t.Fatalf("create marts from %s: %v", script, err)
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
	if cc.Curve == nil || len(cc.GCQS) != 3 || cc.Ratings == nil || cc.Network == nil || cc.Ties == nil {
		t.Fatalf("charts missing for a cohort with every mart: %+v", cc)
	}
	options := map[string]json.RawMessage{
		"attendance_heatmap": json.RawMessage(cc.Heatmap.Option),
		"attendance_rate":    json.RawMessage(cc.Rate.Option),
		"retention_curve":    json.RawMessage(cc.Curve.Option),
		"ratings":            json.RawMessage(cc.Ratings.Option),
		"support_network":    json.RawMessage(cc.Network.Option),
		"support_ties":       json.RawMessage(cc.Ties.Option),
	}
	for i, g := range d.GCQS {
		options["gcqs_"+g.Scale] = json.RawMessage(cc.GCQS[i].Option)
	}
	checkGolden(t, "cohort_charts.golden.json", indentJSON(t, options))
}

// TestCohortCourseGolden holds the "each member's course" section to its golden file: each
// member's chart options, keyed by member and instrument.
func TestCohortCourseGolden(t *testing.T) {
	db := openMarts(t)
	d := loadCohort(t, db, testCohort, CohortOptions{Now: fixedNow})
	rows, err := courseRows(d, DefaultNormMin)
	if err != nil {
		t.Fatal(err)
	}
	options := map[string]json.RawMessage{}
	for i, r := range rows {
		for j, m := range r.Measures {
			options[r.Label+" "+m.Instrument] = json.RawMessage(rows[i].Charts[j].Option)
		}
	}
	checkGolden(t, "cohort_course_charts.golden.json", indentJSON(t, options))
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
	if len(d.MissingMarts) != 0 {
		t.Errorf("MissingMarts = %v, want none", d.MissingMarts)
	}
}

func TestCohortMinutesUnknown(t *testing.T) {
	db := openMarts(t)
	d := loadCohort(t, db, testCohort, CohortOptions{})
	for _, c := range d.Cells {
		unknown := c.ParticipantID == "p9e8d7c6b5a4f" && c.Session == 3
		if unknown != (c.MinutesPresent == nil) {
			t.Errorf("cell %s session %d: minutes %v", c.ParticipantID, c.Session, c.MinutesPresent)
		}
	}
	page := render(t, d, CohortOptions{Now: fixedNow})
	if !strings.Contains(page, `<td class="status-present">present, minutes unknown</td>`) {
		t.Error("table does not say minutes unknown for a session recorded as marks")
	}
	if !strings.Contains(page, "p9e8d7c6b5a4f, session 3: present, minutes unknown") {
		t.Error("heat map tooltip does not say minutes unknown")
	}
}

func TestCohortParts(t *testing.T) {
	db := openMarts(t)
	d := loadCohort(t, db, testCohort, CohortOptions{})

	// Retention curve: the cohort's up to its last session held, the program's throughout.
	if len(d.Curve) != 4 {
		t.Fatalf("Curve = %+v, want sessions 1 to 4", d.Curve)
	}
	for _, p := range d.Curve {
		if (p.Cohort == nil) != (p.Session == 4) {
			t.Errorf("session %d: cohort curve %+v, want it up to session 3 only", p.Session, p.Cohort)
		}
		if p.Program == nil || p.Program.AtRisk < 20 {
			t.Errorf("session %d: program curve %+v, want the intro program's", p.Session, p.Program)
		}
	}

	// GCQ-S: three scales in MacKenzie's order, from cohesion_member's gcqs rows only.
	var scales []string
	for _, g := range d.GCQS {
		scales = append(scales, g.Scale)
	}
	if strings.Join(scales, ",") != "engagement,avoidance,conflict" {
		t.Fatalf("GCQ-S scales = %v", scales)
	}
	e := d.GCQS[0].Sessions
	if len(e) != 3 || e[0].N != 4 || e[0].Mean != 4.0 || e[0].Min != 2.8 || e[0].Max != 5.6 {
		t.Errorf("engagement sessions = %+v", e)
	}

	// Ratings: GSRS then ORS, no CORE-10, ORS with its clinical cutoff.
	if len(d.Ratings) != 2 || d.Ratings[0].Instrument != "gsrs" || d.Ratings[1].Instrument != "ors" {
		t.Fatalf("Ratings = %+v", d.Ratings)
	}
	if c := d.Ratings[1].ClinicalCutoff; c == nil || *c != 25 || d.Ratings[0].ClinicalCutoff != nil {
		t.Errorf("cutoffs: GSRS %v, ORS %v; want none and 25", d.Ratings[0].ClinicalCutoff, c)
	}
	if d.Ratings[1].Title != "ORS" || len(d.Ratings[1].Sessions) != 3 {
		t.Errorf("ORS = %+v", d.Ratings[1])
	}

	if len(d.Network) != 2 || d.Network[1].Ties != 7 || d.Network[1].PossibleTies() != 20 {
		t.Errorf("Network = %+v", d.Network)
	}

	// Outcome change: in member order, titled from the instruments mart.
	var changes []string
	for _, c := range d.Changes {
		changes = append(changes, c.ParticipantID+" "+c.Title+" "+c.ReliableChange)
	}
	wantChanges := []string{
		"p0b1c2d3e4f5a ORS deteriorated",
		"p3fa2c1d09b7e ORS improved",
		"p3fa2c1d09b7e PHQ-9 no_change",
		"p4d5e6f7a8b9c CORE-10 improved",
		"p4d5e6f7a8b9c ORS no_change",
		"p9e8d7c6b5a4f GAD-7 no_change",
	}
	if strings.Join(changes, "|") != strings.Join(wantChanges, "|") {
		t.Errorf("Changes =\n%s\nwant\n%s", strings.Join(changes, "\n"), strings.Join(wantChanges, "\n"))
	}

	for name, got := range map[string][2]string{
		"curve": {d.Readings.Curve, "After session 3, the last held, this cohort had kept 75% of its starters, " +
			"against 73% (95% interval 54% to 86%) across the intro program."},
		"gcqs":       {d.Readings.GCQS, "4 of 5 members answered the GCQ-S, at sessions 1, 2 and 3."},
		"engagement": {d.GCQS[0].Reading, "Engagement fell from 4.0 at session 1 to 3.8 at session 3."},
		"avoidance":  {d.GCQS[1].Reading, "Avoidance fell from 1.5 at session 1 to 1.3 at session 3."},
		"conflict":   {d.GCQS[2].Reading, "Conflict rose from 0.9 at session 1 to 1.0 at session 3."},
		"ratings": {d.Readings.Ratings, "The mean GSRS rose from 31.5 at session 1 to 35.2 at session 3 " +
			"and the mean ORS rose from 22.4 at session 1 to 26.3 at session 3."},
		"network": {d.Readings.Network, "At session 3, the latest check-in with contacts answered, members named " +
			"7 of the 20 possible ties (density 35%) and 40% of the pairs with a tie were mutual."},
		"changes": {d.Readings.Changes, "Of 6 outcome changes for 4 members, 2 improved reliably " +
			"(2 of them clinically significantly), 1 deteriorated reliably and 3 showed no reliable change."},
		"check on": {d.Readings.CheckOn, "4 of 5 members to check on: 2 missed the last session held, " +
			"2 for GCQ-S engagement, 1 for a reliable deterioration and 2 for a session rating."},
	} {
		if got[0] != got[1] {
			t.Errorf("%s reading = %q\nwant %q", name, got[0], got[1])
		}
	}
}

// TestCohortCheckOn checks each check-on rule against the fixture, where every rule puts
// someone on the list and Ada meets none.
func TestCohortCheckOn(t *testing.T) {
	db := openMarts(t)
	d := loadCohort(t, db, testCohort, CohortOptions{})
	var got []string
	for _, m := range d.CheckOn {
		for _, r := range m.Reasons {
			got = append(got, m.ParticipantID+" "+r.Rule+": "+r.Text)
		}
	}
	want := []string{
		"p0b1c2d3e4f5a missed_last_session: missed session 3, the last session held",
		"p0b1c2d3e4f5a reliable_deterioration: reliable deterioration on ORS, from 20 to 14 (RCI -2.35)",
		"p0b1c2d3e4f5a session_rating_low: GSRS rating of 35 at session 2, under the alert threshold of 36 (of 40)",
		"p4d5e6f7a8b9c engagement_fell: GCQ-S engagement fell from 5.6 at session 1 to 4.4 at session 3",
		"p4d5e6f7a8b9c session_rating_low: GSRS rating of 32 at session 3, under the alert threshold of 36 (of 40)",
		"p4d5e6f7a8b9c session_rating_fell: GSRS rating fell from 37 at session 2 to 32 at session 3, by 5 (the alert is at 5 or more)",
		"p7c8d9e0f1a2b missed_last_session: missed session 3, the last session held, and has been absent 3 sessions in a row",
		"p9e8d7c6b5a4f engagement_below_group: GCQ-S engagement of 2.4 at session 3 was 1.2 sd below the group mean of 3.8",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("check-on list:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// A fall of exactly one point counts, whatever the floating-point error of the scores.
	if _, err := db.Exec(`UPDATE cohesion_member SET score = 3.6 - 1.0 + 0.0000000000001
		WHERE cohort = 'spring-2026' AND participant_id = 'p3fa2c1d09b7e' AND session = 3 AND scale = 'engagement'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE cohesion_member SET score = 3.6
		WHERE cohort = 'spring-2026' AND participant_id = 'p3fa2c1d09b7e' AND session = 1 AND scale = 'engagement'`); err != nil {
		t.Fatal(err)
	}
	d = loadCohort(t, db, testCohort, CohortOptions{})
	found := false
	for _, m := range d.CheckOn {
		if m.ParticipantID == "p3fa2c1d09b7e" {
			for _, r := range m.Reasons {
				found = found || r.Rule == "engagement_fell"
			}
		}
	}
	if !found {
		t.Errorf("a fall from 3.6 to 2.6 is not on the check-on list: %+v", d.CheckOn)
	}
}

// TestCohortRatingAlerts checks that the session-rating reasons take their thresholds from the
// instruments mart: Ada's GSRS, 40 then 36, meets neither rule at 36 and 5, and both at 37 and 4.
func TestCohortRatingAlerts(t *testing.T) {
	db := openMarts(t)
	ada := func() []string {
		d := loadCohort(t, db, testCohort, CohortOptions{})
		var rules []string
		for _, m := range d.CheckOn {
			if m.ParticipantID == "p3fa2c1d09b7e" {
				for _, r := range m.Reasons {
					rules = append(rules, r.Rule)
				}
			}
		}
		return rules
	}
	if got := ada(); len(got) != 0 {
		t.Errorf("Ada's reasons at a threshold of 36 and a fall of 5 = %v, want none", got)
	}
	if _, err := db.Exec(`UPDATE instruments SET alert_below = 37, alert_drop = 4 WHERE instrument = 'gsrs'`); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(ada(), ","), "session_rating_low,session_rating_fell"; got != want {
		t.Errorf("Ada's reasons at a threshold of 37 and a fall of 4 = %s, want %s", got, want)
	}
}

// openMartsWithHistory is the fixture with a history behind its expectations: 120 members of
// the finished intro cohort autumn-2025 with ORS totals at sessions 1 to 3.
func openMartsWithHistory(t *testing.T) *sql.DB {
	t.Helper()
	db := openMarts(t)
	for _, q := range []string{
		`INSERT INTO sessions (cohort, program, session, starts_at, ends_at, held) VALUES
			('autumn-2025', 'intro', 2, '2025-10-13 10:00:00+00', '2025-10-13 11:30:00+00', true),
			('autumn-2025', 'intro', 3, '2025-10-20 10:00:00+00', '2025-10-20 11:30:00+00', true)`,
		`INSERT INTO cohesion_member
			SELECT 'autumn-2025', s.session, printf('h%03d', i), 'ors', 'total',
				10 + i % 19 + CASE s.session WHEN 1 THEN 0 WHEN 2 THEN i % 7 - 2 ELSE i % 5 END, 4
			FROM range(120) AS r(i), (VALUES (1), (2), (3)) AS s(session)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// TestCohortExpectedBand gives the fixture a history: 120 members of the finished intro cohort
// autumn-2025 with ORS totals at sessions 1 to 3. Bea's change from 20 to 14 by session 2 is
// below what earlier members with a like intake did, so she is not on track and her ORS chart
// draws the expected band; with --norm-min above the history the report says so instead.
func TestCohortExpectedBand(t *testing.T) {
	db := openMartsWithHistory(t)
	d := loadCohort(t, db, testCohort, CohortOptions{})
	var bea *CourseMeasure
	for i, c := range d.Courses {
		for j, m := range c.Measures {
			if c.ParticipantID == "p0b1c2d3e4f5a" && m.Instrument == "ors" {
				bea = &d.Courses[i].Measures[j]
			}
		}
	}
	if bea == nil || len(bea.Expected) == 0 || bea.Expected[0].Session != 2 || bea.Expected[0].N < DefaultNormMin {
		t.Fatalf("Bea's ORS expected cells = %+v, want session 2 with at least %d members", bea, DefaultNormMin)
	}
	if e := bea.Expected[0]; !(-6 < e.P10) {
		t.Fatalf("the planted history's p10 at session 2 is %v, not above Bea's change of -6", e.P10)
	}
	var reasons []string
	for _, m := range d.CheckOn {
		for _, r := range m.Reasons {
			if r.Rule == "not_on_track" {
				reasons = append(reasons, m.ParticipantID+": "+r.Text)
			}
		}
	}
	if len(reasons) != 1 || !strings.HasPrefix(reasons[0], "p0b1c2d3e4f5a: ORS changed by -6 from an intake of 20 by session 2, below the expected 10th percentile") {
		t.Errorf("not on track = %q, want Bea's ORS only", reasons)
	}
	if !strings.Contains(d.Readings.CheckOn, "1 not on track against earlier members") {
		t.Errorf("check-on reading %q does not count the member not on track", d.Readings.CheckOn)
	}
	page := render(t, d, CohortOptions{Now: fixedNow})
	if !strings.Contains(page, "Expected: 10th to 90th percentile of earlier members") {
		t.Error("no member chart draws the expected band")
	}
	if strings.Contains(page, "not enough history yet") {
		t.Error("the page says there is not enough history, with 120 earlier members")
	}

	opt := CohortOptions{Now: fixedNow, NormMin: 1000}
	d = loadCohort(t, db, testCohort, opt)
	if want := fmt.Sprintf("not enough history yet (%d of 1000 earlier members)", bea.Expected[0].N); !strings.Contains(d.Readings.Courses, want) {
		t.Errorf("courses reading %q does not say %q", d.Readings.Courses, want)
	}
	if page := render(t, d, opt); strings.Contains(page, "Expected: 10th to 90th percentile") {
		t.Error("a member chart draws the expected band on too little history")
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
	for _, want := range []string{`cohort "winter-2027" not found; did you mean "autumn-2025" or "spring-2026"? (2 cohorts`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	// Of many cohorts, the three nearest names, never all of them.
	for i := range 100 {
		if _, err := db.Exec(`INSERT INTO sessions (cohort, program, session, held) VALUES (?, 'intro', 1, true)`, fmt.Sprintf("group-%03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	_, err = LoadCohort(context.Background(), db, "group-10", CohortOptions{})
	if err == nil || !strings.Contains(err.Error(), `did you mean "group-010" or "group-000" or "group-001"? (102 cohorts`) {
		t.Errorf("error %v", err)
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
	if checkOn := section(t, named, "check-on"); !strings.Contains(checkOn, "Bea Ortiz") || !strings.Contains(checkOn, "Eli Moss") {
		t.Error("named page's check-on list does not show names")
	}
}

// TestCohortDataPseudonymous checks the loaded data itself, every part, for names and emails.
func TestCohortDataPseudonymous(t *testing.T) {
	db := openMarts(t)
	data := string(indentJSON(t, loadCohort(t, db, testCohort, CohortOptions{})))
	for _, pii := range []string{"Ada", "Bea", "Cal", "Dee", "Eli", "Fay", "@example.org"} {
		if strings.Contains(data, pii) {
			t.Errorf("pseudonymous data contains %q", pii)
		}
	}
}

// section returns the HTML of the page's element with the given id, up to its </section>.
func section(t *testing.T, page, id string) string {
	t.Helper()
	start := strings.Index(page, `id="`+id+`"`)
	if start < 0 {
		t.Fatalf("page has no element with id %q", id)
	}
	end := strings.Index(page[start:], "</section>")
	if end < 0 {
		t.Fatalf("section %q does not end", id)
	}
	return page[start : start+end]
}

// hostile is text that would run script if it reached the page unescaped.
const hostile = `</script><img src=x onerror=alert(1)>`

// hostileMember is given the hostile name: Bea, who is on the check-on list and in the
// outcome-change table as well as in every attendance and retention part.
const hostileMember = "p0b1c2d3e4f5a"

// makeHostile labels the test cohort and its program with hostile text in every mart, and
// gives one member and one instrument a hostile name.
func makeHostile(t *testing.T, db *sql.DB) {
	t.Helper()
	for _, stmt := range []string{
		`UPDATE sessions SET cohort = $1, program = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE attendance SET cohort = $1, program = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE retention SET cohort = $1, program = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE retention_curve_cohort SET cohort = $1, program = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE retention_curve SET program = $1 WHERE program = 'intro'`,
		`UPDATE cohesion_member SET cohort = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE cohesion_group SET cohort = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE support_network SET cohort = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE support_ties SET cohort = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE outcome_change SET cohort = $1 WHERE cohort = 'spring-2026'`,
		`UPDATE instruments SET title = $1 WHERE instrument = 'ors'`,
		`UPDATE pii_people SET name = $1, email = $1 WHERE participant_id = '` + hostileMember + `'`,
	} {
		if _, err := db.Exec(stmt, hostile); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

func TestCohortHostileText(t *testing.T) {
	db := openMarts(t)
	makeHostile(t, db)
	d := loadCohort(t, db, hostile, CohortOptions{Names: true})
	if d.Members[0].Label != hostile {
		t.Fatalf("hostile name not loaded: %+v", d.Members)
	}
	if len(d.CheckOn) == 0 || d.CheckOn[0].Label != hostile || len(d.Changes) == 0 || d.Changes[0].Label != hostile {
		t.Fatalf("hostile member not on the check-on list and in the outcome changes: %+v %+v", d.CheckOn, d.Changes)
	}
	if len(d.Curve) == 0 || d.Curve[0].Program == nil || len(d.GCQS) == 0 || len(d.Ratings) == 0 || len(d.Network) == 0 ||
		d.Ties == nil {
		t.Fatalf("the hostile cohort's later parts did not load: %+v", d)
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
	const escapedHTML = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
	if !strings.Contains(page, escapedHTML) {
		t.Error("page does not show the HTML-escaped label")
	}
	for _, id := range []string{"check-on", "changes-heading", "curve-heading", "ratings-heading", "ties-heading"} {
		if !strings.Contains(section(t, page, id), escapedHTML) {
			t.Errorf("section %s does not show the HTML-escaped label", id)
		}
	}
	const escapedJSON = `\u003c/script\u003e\u003cimg src=x onerror=alert(1)\u003e`
	if !strings.Contains(page, escapedJSON) {
		t.Error("chart options do not carry the JSON-escaped label")
	}
	cc, err := buildCohortCharts(d)
	if err != nil {
		t.Fatal(err)
	}
	for name, option := range map[string]template.JS{
		"heat map": cc.Heatmap.Option, "retention curve": cc.Curve.Option, "ratings": cc.Ratings.Option,
		"support ties": cc.Ties.Option,
	} {
		if !strings.Contains(string(option), escapedJSON) {
			t.Errorf("%s option does not carry the JSON-escaped label", name)
		}
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
	if n := strings.Count(page, `type="application/json" data-chart=`); n != cohortChartCount {
		t.Errorf("%d chart options in the page, want %d", n, cohortChartCount)
	}
	if !strings.Contains(page, "Generated 2026-03-20 09:30 UTC") {
		t.Error("footer does not show the given time")
	}
	if !strings.Contains(page, "<title>Cohort spring-2026 (intro)</title>") {
		t.Error("page title is not Cohort <cohort> (<program>)")
	}
}

// cohortChartCount is how many charts the test cohort's page draws: the attendance heat map
// and rate, the retention curve, three GCQ-S scales, the session ratings, and the network's
// density and reciprocity and its graph, and the members' courses: Ada's ORS, PHQ-9, GSRS and
// connected score, Bea's ORS and GSRS, Dee's ORS, CORE-10 and GSRS and Eli's GAD-7.
const cohortChartCount = 10 + 10

func TestCohortNothingHeld(t *testing.T) {
	db := openMarts(t)
	if _, err := db.Exec(`
		UPDATE sessions SET held = false WHERE cohort = 'spring-2026';
		DELETE FROM attendance WHERE cohort = 'spring-2026';
		DELETE FROM retention_curve_cohort WHERE cohort = 'spring-2026';
		DELETE FROM cohesion_member WHERE cohort = 'spring-2026';
		DELETE FROM cohesion_group WHERE cohort = 'spring-2026';
		DELETE FROM support_network WHERE cohort = 'spring-2026';
		DELETE FROM support_ties WHERE cohort = 'spring-2026';
		DELETE FROM outcome_change WHERE cohort = 'spring-2026'`); err != nil {
		t.Fatal(err)
	}
	d := loadCohort(t, db, testCohort, CohortOptions{})
	if len(d.Cells) != 0 || len(d.Rates) != 0 {
		t.Fatalf("cells or rates for a cohort with nothing held: %+v %+v", d.Cells, d.Rates)
	}
	for _, p := range d.Curve {
		if p.Cohort != nil {
			t.Errorf("cohort curve for a cohort with nothing held: %+v", p)
		}
	}
	page := render(t, d, CohortOptions{Now: fixedNow})
	if n := strings.Count(page, `data-chart=`); n != 2 {
		t.Errorf("%d charts, want the heat map and the program's retention curve", n)
	}
	for _, want := range []string{
		"No sessions have been held yet.",
		"No retention curve for this cohort yet (there is one once a member has started), so the chart shows the intro program&#39;s curve on its own.",
		"No GCQ-S answers loaded for this cohort.",
		"No member meets any of the rules below.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page does not say %q", want)
		}
	}
}

// newMarts are the marts the cohort report reads beyond sessions, attendance, retention and
// pii_people.
var newMarts = []string{
	"cohesion_group", "cohesion_member", "instruments", "outcome_change",
	"retention_curve", "retention_curve_cohort", "support_network", "support_ties",
}

// TestCohortOlderDatabase reports on a database built before the later marts existed.
func TestCohortOlderDatabase(t *testing.T) {
	db := openMarts(t)
	for _, v := range []string{"check_on", "expected_response"} {
		if _, err := db.Exec("DROP VIEW " + v); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range newMarts {
		if _, err := db.Exec("DROP TABLE " + m); err != nil {
			t.Fatal(err)
		}
	}
	d := loadCohort(t, db, testCohort, CohortOptions{})
	if want := append(append([]string{"check_on"}, newMarts...), "expected_response"); strings.Join(d.MissingMarts, ",") != strings.Join(want, ",") {
		t.Errorf("MissingMarts = %v, want %v", d.MissingMarts, want)
	}
	if len(d.Curve)+len(d.GCQS)+len(d.Engagement)+len(d.Ratings)+len(d.Network)+len(d.Changes) != 0 || d.Ties != nil {
		t.Errorf("parts loaded from marts that do not exist: %+v", d)
	}
	// The rules are the check_on model's; without it the report lists nobody and says why.
	if len(d.CheckOn) != 0 {
		t.Errorf("CheckOn = %+v, want none without a check_on mart", d.CheckOn)
	}
	page := render(t, d, CohortOptions{Now: fixedNow})
	if n := strings.Count(page, `data-chart=`); n != 2 {
		t.Errorf("%d charts, want the attendance heat map and rate only", n)
	}
	for _, want := range []string{
		"This database has no check_on mart",
		"This database has no retention_curve_cohort or retention_curve mart",
		"This database has no cohesion_member mart",
		"This database has no cohesion_group mart",
		"This database has no support_network mart",
		"This database has no outcome_change mart",
		"(not checked: this database has no cohesion_member mart)",
		"(not checked: this database has no outcome_change mart)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page does not say %q", want)
		}
	}
}

// TestCohortEmptyMarts reports on a database whose later marts exist but hold nothing, as
// when no survey or check-in has been loaded.
func TestCohortEmptyMarts(t *testing.T) {
	db := openMarts(t)
	for _, m := range newMarts {
		if _, err := db.Exec("DELETE FROM " + m); err != nil {
			t.Fatal(err)
		}
	}
	d := loadCohort(t, db, testCohort, CohortOptions{})
	if len(d.MissingMarts) != 0 {
		t.Errorf("MissingMarts = %v, want none", d.MissingMarts)
	}
	page := render(t, d, CohortOptions{Now: fixedNow})
	if n := strings.Count(page, `data-chart=`); n != 2 {
		t.Errorf("%d charts, want the attendance heat map and rate only", n)
	}
	for _, want := range []string{
		"No retention curve for this cohort yet (there is one once a member has started).",
		"No GCQ-S answers loaded for this cohort.",
		"No GSRS or ORS answers loaded for this cohort.",
		"No check-in contacts answers loaded for this cohort.",
		"No member of this cohort has an outcome measure scored at two sessions yet.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page does not say %q", want)
		}
	}
	if strings.Contains(page, "<table>\n<caption>GCQ-S") {
		t.Error("page shows an empty GCQ-S table")
	}
}

// TestCohortTiesMatchNetwork checks the fixture itself: support_network's totals must be what
// queries/support_network.sql computes from the support_ties rows.
func TestCohortTiesMatchNetwork(t *testing.T) {
	db := openMarts(t)
	rows, err := db.Query(`
		WITH pairs AS (
			SELECT cohort, session, count(*) = 2 AS mutual
			FROM support_ties
			GROUP BY cohort, session, least(participant_id, named_participant_id),
				greatest(participant_id, named_participant_id)
		),
		from_ties AS (
			SELECT cohort, session, count(*) AS n_pairs, count(*) FILTER (WHERE mutual) AS n_mutual,
				sum(CASE WHEN mutual THEN 2 ELSE 1 END) AS n_ties
			FROM pairs
			GROUP BY cohort, session
		)
		SELECT n.cohort, n.session, n.n_ties, coalesce(f.n_ties, 0)::INTEGER,
			n.density, coalesce(f.n_ties, 0) / nullif(n.n_members * (n.n_members - 1), 0),
			n.reciprocity, f.n_mutual / f.n_pairs
		FROM support_network AS n
		LEFT JOIN from_ties AS f USING (cohort, session)
		ORDER BY n.cohort, n.session`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	near := func(a, b sql.NullFloat64) bool {
		return a.Valid == b.Valid && (!a.Valid || a.Float64-b.Float64 < 1e-12 && b.Float64-a.Float64 < 1e-12)
	}
	for rows.Next() {
		var cohort string
		var session, ties, tiesFromRows int
		var density, densityFromRows, reciprocity, reciprocityFromRows sql.NullFloat64
		if err := rows.Scan(&cohort, &session, &ties, &tiesFromRows, &density, &densityFromRows,
			&reciprocity, &reciprocityFromRows); err != nil {
			t.Fatal(err)
		}
		if ties != tiesFromRows || !near(density, densityFromRows) || !near(reciprocity, reciprocityFromRows) {
			t.Errorf("%s session %d: support_network has %d ties, density %v, reciprocity %v; "+
				"support_ties gives %d, %v, %v", cohort, session, ties, density, reciprocity,
				tiesFromRows, densityFromRows, reciprocityFromRows)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// graphOption is the part of the support ties graph's option the tests look at.
type graphOption struct {
	Animation bool `json:"animation"`
	Series    []struct {
		Type       string   `json:"type"`
		Layout     string   `json:"layout"`
		Force      any      `json:"force"`
		EdgeSymbol []string `json:"edgeSymbol"`
		Data       []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"data"`
		Links []struct {
			Source    string `json:"source"`
			Target    string `json:"target"`
			LineStyle struct {
				Color string  `json:"color"`
				Width float64 `json:"width"`
			} `json:"lineStyle"`
		} `json:"links"`
	} `json:"series"`
}

func decodeGraph(t *testing.T, d *CohortData) graphOption {
	t.Helper()
	cc, err := buildCohortCharts(d)
	if err != nil {
		t.Fatal(err)
	}
	if cc.Ties == nil {
		t.Fatal("no support ties graph")
	}
	var g graphOption
	if err := json.Unmarshal([]byte(cc.Ties.Option), &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Series) != 1 {
		t.Fatalf("%d series in the graph, want 1", len(g.Series))
	}
	return g
}

// graphEdges lists a graph's edges as "from -> to" by node name, with "mutual" or "one-way"
// from the edge's style.
func graphEdges(t *testing.T, g graphOption) []string {
	t.Helper()
	s := g.Series[0]
	names := map[string]string{}
	for _, n := range s.Data {
		names[n.ID] = n.Name
	}
	var edges []string
	for _, l := range s.Links {
		kind := "one-way"
		switch {
		case l.LineStyle.Color == mutualTieColor && l.LineStyle.Width == mutualTieWidth:
			kind = "mutual"
		case l.LineStyle.Color != oneWayTieColor || l.LineStyle.Width != oneWayTieWidth:
			t.Errorf("edge %s -> %s has style %+v", l.Source, l.Target, l.LineStyle)
		}
		from, okFrom := names[l.Source]
		to, okTo := names[l.Target]
		if !okFrom || !okTo {
			t.Errorf("edge %s -> %s names a node that is not in the graph", l.Source, l.Target)
		}
		edges = append(edges, from+" -> "+to+" "+kind)
	}
	return edges
}

func TestCohortTies(t *testing.T) {
	db := openMarts(t)
	d := loadCohort(t, db, testCohort, CohortOptions{})
	if d.Ties == nil {
		t.Fatal("no ties loaded for a cohort with support_ties rows")
	}
	if d.Ties.Session != 3 || d.Ties.PossibleTies != 20 || d.Ties.Pairs != 5 || d.Ties.MutualPairs != 2 {
		t.Errorf("Ties = session %d, %d possible, %d pairs, %d mutual; want session 3, 20, 5, 2",
			d.Ties.Session, d.Ties.PossibleTies, d.Ties.Pairs, d.Ties.MutualPairs)
	}
	var ties []string
	for _, tie := range d.Ties.Ties {
		ties = append(ties, fmt.Sprintf("%s -> %s %v", tie.ParticipantID, tie.NamedID, tie.Mutual))
	}
	// Ada p3fa2c1d09b7e, Bea p0b1c2d3e4f5a, Cal p7c8d9e0f1a2b, Dee p4d5e6f7a8b9c, Eli p9e8d7c6b5a4f.
	wantTies := []string{
		"p3fa2c1d09b7e -> p0b1c2d3e4f5a false",
		"p3fa2c1d09b7e -> p4d5e6f7a8b9c true",
		"p3fa2c1d09b7e -> p9e8d7c6b5a4f true",
		"p4d5e6f7a8b9c -> p0b1c2d3e4f5a false",
		"p4d5e6f7a8b9c -> p3fa2c1d09b7e true",
		"p4d5e6f7a8b9c -> p9e8d7c6b5a4f false",
		"p9e8d7c6b5a4f -> p3fa2c1d09b7e true",
	}
	if strings.Join(ties, "\n") != strings.Join(wantTies, "\n") {
		t.Errorf("ties:\n%s\nwant:\n%s", strings.Join(ties, "\n"), strings.Join(wantTies, "\n"))
	}
	if want := "At session 3, 7 of 20 possible ties were named; 2 of the 5 pairs with a tie were mutual."; d.Ties.Reading != want {
		t.Errorf("ties reading = %q, want %q", d.Ties.Reading, want)
	}

	// The graph: every member a node in member order, Cal in no tie included, and one
	// directed edge per tie, drawn on a circle without animation.
	g := decodeGraph(t, d)
	s := g.Series[0]
	if g.Animation || s.Type != "graph" || s.Layout != "circular" || s.Force != nil ||
		strings.Join(s.EdgeSymbol, ",") != "none,arrow" {
		t.Errorf("graph: animation %v, type %q, layout %q, force %v, edge symbols %v",
			g.Animation, s.Type, s.Layout, s.Force, s.EdgeSymbol)
	}
	var nodes []string
	for _, n := range s.Data {
		nodes = append(nodes, n.ID+" "+n.Name)
	}
	wantNodes := []string{
		"member-1 p0b1c2d3e4f5a", "member-2 p3fa2c1d09b7e", "member-3 p4d5e6f7a8b9c",
		"member-4 p7c8d9e0f1a2b", "member-5 p9e8d7c6b5a4f",
	}
	if strings.Join(nodes, ",") != strings.Join(wantNodes, ",") {
		t.Errorf("nodes = %v, want %v", nodes, wantNodes)
	}
	wantEdges := []string{
		"p3fa2c1d09b7e -> p0b1c2d3e4f5a one-way",
		"p3fa2c1d09b7e -> p4d5e6f7a8b9c mutual",
		"p3fa2c1d09b7e -> p9e8d7c6b5a4f mutual",
		"p4d5e6f7a8b9c -> p0b1c2d3e4f5a one-way",
		"p4d5e6f7a8b9c -> p3fa2c1d09b7e mutual",
		"p4d5e6f7a8b9c -> p9e8d7c6b5a4f one-way",
		"p9e8d7c6b5a4f -> p3fa2c1d09b7e mutual",
	}
	if edges := graphEdges(t, g); strings.Join(edges, "\n") != strings.Join(wantEdges, "\n") {
		t.Errorf("edges:\n%s\nwant:\n%s", strings.Join(edges, "\n"), strings.Join(wantEdges, "\n"))
	}

	page := render(t, d, CohortOptions{Now: fixedNow})
	ties3 := section(t, page, "ties-heading")
	for _, want := range []string{
		"Who named whom at session 3",
		"At session 3, 7 of 20 possible ties were named; 2 of the 5 pairs with a tie were mutual.",
		`<tr><th scope="row" class="id">p3fa2c1d09b7e</th><td class="id">p4d5e6f7a8b9c</td><td>yes</td></tr>`,
		`<tr><th scope="row" class="id">p4d5e6f7a8b9c</th><td class="id">p9e8d7c6b5a4f</td><td>no</td></tr>`,
		`In no tie at session 3: <span class="id">p7c8d9e0f1a2b</span>.`,
	} {
		if !strings.Contains(ties3, want) {
			t.Errorf("ties part does not say %q", want)
		}
	}
	if n := strings.Count(ties3, "<tr><th scope=\"row\""); n != 7 {
		t.Errorf("ties table has %d rows, want 7", n)
	}
	if strings.Contains(page, "cannot be drawn") {
		t.Error("page says the network cannot be drawn, though it draws it")
	}
}

// TestCohortTiesNamed draws the graph with names, two members sharing one: each stays a node,
// labelled as the rest of the report labels them.
func TestCohortTiesNamed(t *testing.T) {
	db := openMarts(t)
	if _, err := db.Exec(`UPDATE pii_people SET name = 'Ada Quinn' WHERE participant_id = 'p4d5e6f7a8b9c'`); err != nil {
		t.Fatal(err)
	}
	d := loadCohort(t, db, testCohort, CohortOptions{Names: true})
	g := decodeGraph(t, d)
	var nodes []string
	for _, n := range g.Series[0].Data {
		nodes = append(nodes, n.Name)
	}
	var labels []string
	for _, m := range d.Members {
		labels = append(labels, m.Label)
	}
	if strings.Join(nodes, ",") != strings.Join(labels, ",") || len(nodes) != 5 {
		t.Errorf("nodes = %v, want the member labels %v", nodes, labels)
	}
	ids := map[string]bool{}
	for _, n := range g.Series[0].Data {
		ids[n.ID] = true
	}
	if len(ids) != 5 {
		t.Errorf("%d distinct node ids, want 5: %+v", len(ids), g.Series[0].Data)
	}
	edges := graphEdges(t, g)
	if len(edges) != 7 || !slices.Contains(edges, "Ada Quinn -> Ada Quinn mutual") ||
		!slices.Contains(edges, "Ada Quinn -> Bea Ortiz one-way") || !slices.Contains(edges, "Eli Moss -> Ada Quinn mutual") {
		t.Errorf("edges = %v", edges)
	}
	page := render(t, d, CohortOptions{Names: true, Now: fixedNow})
	if !strings.Contains(section(t, page, "ties-heading"), "In no tie at session 3: Cal Ng.") {
		t.Error("named page does not name Cal as in no tie")
	}
}

// TestCohortTiesMissing reports on a database with support_network but no support_ties, as one
// built before support_ties existed, and on one whose support_ties has no tie for the latest
// check-in: the density and reciprocity stay, the graph is left out and the page says why.
func TestCohortTiesMissing(t *testing.T) {
	for _, c := range []struct {
		name, stmt, note string
		missing          []string
	}{
		{"no mart", "DROP TABLE support_ties",
			"The marts keep only these totals, not who named whom, so the network itself cannot be drawn here.",
			[]string{"support_ties"}},
		{"no tie at the latest check-in", "DELETE FROM support_ties WHERE session = 3",
			"The support_ties mart holds no tie for session 3, so there is no network to draw.", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := openMarts(t)
			if _, err := db.Exec(c.stmt); err != nil {
				t.Fatal(err)
			}
			d := loadCohort(t, db, testCohort, CohortOptions{})
			if d.Ties != nil || len(d.Network) != 2 {
				t.Errorf("Ties = %+v, Network = %+v; want no ties and the two check-ins", d.Ties, d.Network)
			}
			if strings.Join(d.MissingMarts, ",") != strings.Join(c.missing, ",") {
				t.Errorf("MissingMarts = %v, want %v", d.MissingMarts, c.missing)
			}
			page := render(t, d, CohortOptions{Now: fixedNow})
			if n := strings.Count(page, `data-chart=`); n != cohortChartCount-1 {
				t.Errorf("%d charts, want every chart but the graph", n)
			}
			if !strings.Contains(page, c.note) {
				t.Errorf("page does not say %q", c.note)
			}
			if strings.Contains(page, "ties-heading") {
				t.Error("page has a ties part with no ties")
			}
		})
	}
}

// TestCohortMemberNumbers: without names, members are "Member 1" ... in the roster order
// cohort_members gives, not participant_ids; with names, their names.
func TestCohortMemberNumbers(t *testing.T) {
	db := openMarts(t)
	if _, err := db.Exec(`CREATE TABLE cohort_members AS
		SELECT cohort, participant_id, row_number() OVER (ORDER BY participant_id DESC)::integer AS member_no, 1 AS from_session
		FROM retention WHERE cohort = 'spring-2026'`); err != nil {
		t.Fatal(err)
	}
	d, err := LoadCohort(context.Background(), db, "spring-2026", CohortOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := func() error {
		rows, err := db.Query(`SELECT participant_id FROM cohort_members ORDER BY member_no`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			rows.Scan(&id)
			ids = append(ids, id)
		}
		return rows.Err()
	}(); err != nil {
		t.Fatal(err)
	}
	if len(d.Members) != len(ids) || len(ids) == 0 {
		t.Fatalf("%d members, cohort_members has %d", len(d.Members), len(ids))
	}
	for i, m := range d.Members {
		if want := fmt.Sprintf("Member %d", i+1); m.Label != want || m.ParticipantID != ids[i] {
			t.Errorf("member %d: %s %s, want %s %s", i, m.Label, m.ParticipantID, want, ids[i])
		}
	}
	named, err := LoadCohort(context.Background(), db, "spring-2026", CohortOptions{Names: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range named.Members {
		if strings.HasPrefix(m.Label, "Member ") {
			t.Errorf("named copy labels %s %q", m.ParticipantID, m.Label)
		}
	}
}
