// Tests of the quarter report against hand-written marts in testdata/quarter_marts.sql.

package reports

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

var (
	testQuarter = Quarter{Year: 2026, Q: 3}
	quarterNow  = time.Date(2026, 10, 2, 8, 0, 0, 0, time.UTC)
	quarterOpt  = QuarterOptions{MinCell: DefaultMinCell, Now: quarterNow}
)

// openQuarterMarts returns an in-memory DuckDB holding the quarter fixture's marts.
func openQuarterMarts(t *testing.T) *sql.DB {
	return openMartsScript(t, "quarter_marts.sql")
}

func loadQuarter(t *testing.T, db *sql.DB, q Quarter, opt QuarterOptions) *QuarterData {
	t.Helper()
	d, err := LoadQuarter(context.Background(), db, q, opt)
	if err != nil {
		t.Fatalf("LoadQuarter(%s): %v", q, err)
	}
	return d
}

func renderQuarter(t *testing.T, d *QuarterData, opt QuarterOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderQuarter(&buf, d, opt); err != nil {
		t.Fatalf("RenderQuarter: %v", err)
	}
	return buf.String()
}

// cellText writes a table's counts one row a string: the number, or P / S when suppressed.
func cellText(ft QuarterTable) []string {
	var out []string
	for _, r := range ft.Rows {
		var parts []string
		for _, c := range r.Counts {
			switch {
			case c.N != nil:
				parts = append(parts, c.String())
			case c.Suppressed == "primary":
				parts = append(parts, "P")
			default:
				parts = append(parts, "S")
			}
		}
		out = append(out, r.Label+": "+strings.Join(parts, " "))
	}
	return out
}

func TestParseQuarter(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Quarter
		ok   bool
	}{
		{"2026Q3", Quarter{2026, 3}, true},
		{"2026q1", Quarter{2026, 1}, true},
		{" 1999Q4 ", Quarter{1999, 4}, true},
		{"2026Q5", Quarter{}, false},
		{"2026Q0", Quarter{}, false},
		{"2026-Q3", Quarter{}, false},
		{"26Q3", Quarter{}, false},
		{"2026Q", Quarter{}, false},
		{"Q3 2026", Quarter{}, false},
		{"", Quarter{}, false},
	} {
		got, err := ParseQuarter(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseQuarter(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	if got := (Quarter{2026, 1}).Previous(); got != (Quarter{2025, 4}) {
		t.Errorf("2026Q1.Previous() = %v", got)
	}
	start, end := Quarter{2026, 4}.Bounds()
	if start.Format(time.RFC3339) != "2026-10-01T00:00:00Z" || end.Format(time.RFC3339) != "2027-01-01T00:00:00Z" {
		t.Errorf("2026Q4 bounds %v to %v", start, end)
	}
}

func TestQuarterGolden(t *testing.T) {
	db := openQuarterMarts(t)
	d := loadQuarter(t, db, testQuarter, quarterOpt)
	checkGolden(t, "quarter.golden.json", indentJSON(t, d))
}

func TestQuarterContents(t *testing.T) {
	db := openQuarterMarts(t)
	d := loadQuarter(t, db, testQuarter, quarterOpt)

	var cohorts []string
	for _, c := range d.Cohorts {
		cohorts = append(cohorts, c.Cohort)
	}
	// intro-2026-10 starts in Q4 and intro-2026-04 in Q2; advanced-2026-09 is still running.
	if got, want := strings.Join(cohorts, ","), "intro-2026-07,intro-2026-08,advanced-2026-09"; got != want {
		t.Errorf("cohorts %s, want %s", got, want)
	}
	wantHeadline := map[string][2]string{
		"Cohorts started":                  {"3", "2"},
		"Members who started":              {"53", "suppressed"},
		"Attendance rate":                  {"74% of 286 places", "suppressed"},
		"Completion rate":                  {"70% of 40 finishing", "suppressed"},
		"Dropout rate":                     {"30% of 40 finishing", "suppressed"},
		"Continuation to the next program": {"39% of 28 completers", "suppressed"},
		"Reliable improvement":             {"49% of 37 measured", "suppressed"},
	}
	if len(d.Headline) != len(wantHeadline) {
		t.Errorf("%d headline rows, want %d", len(d.Headline), len(wantHeadline))
	}
	for _, h := range d.Headline {
		want, ok := wantHeadline[h.Measure]
		if !ok || h.Current.Text != want[0] || h.Previous.Text != want[1] {
			t.Errorf("headline %q = %q / %q, want %q", h.Measure, h.Current.Text, h.Previous.Text, want)
		}
	}
	if want := []string{
		"advanced: 0 0 13 13",
		"intro: 28 12 0 40",
		"All programs: 28 12 13 53",
	}; strings.Join(cellText(d.Programs), "; ") != strings.Join(want, "; ") {
		t.Errorf("programs %q, want %q", cellText(d.Programs), want)
	}
	// Continuation: 11 of intro-2026-07's 15 completers went on; intro-2026-08 ended too late.
	if want := []string{"intro → advanced: 11 17 28", "All programs: 11 17 28"}; strings.Join(cellText(*d.Continuation), "; ") != strings.Join(want, "; ") {
		t.Errorf("continuation %q, want %q", cellText(*d.Continuation), want)
	}
	// 10 of intro-2026-07 (a07-03 deteriorated on GAD-7, a07-12 improved on it only) and 8 of
	// intro-2026-08 reliably improved, of 21 + 16 measured.
	if want := []string{"intro: 18 19 37", "All programs: 18 19 37"}; strings.Join(cellText(*d.Improvement), "; ") != strings.Join(want, "; ") {
		t.Errorf("improvement %q, want %q", cellText(*d.Improvement), want)
	}
	// Cohesion: the mean of the session means of engagement only; advanced-2026-09 never had
	// 11 members scored.
	if len(d.Cohesion) != 3 || d.Cohesion[0].Mean == nil || !d.Cohesion[2].Suppressed || d.Cohesion[2].Mean != nil || d.Cohesion[2].Members != nil {
		t.Fatalf("cohesion %+v", d.Cohesion)
	}
	if got := *d.Cohesion[0].Mean; got < 3.6166 || got > 3.6167 {
		t.Errorf("intro-2026-07 engagement %v, want 3.6167", got)
	}
	// Retention curves: advanced has 5 at risk from session 3.
	for _, c := range d.Survival {
		for _, p := range c.Points {
			hidden := c.Program == "advanced" && p.Session >= 3
			if p.Suppressed != hidden || hidden && (p.Survival != nil || p.CILow != nil) {
				t.Errorf("%s session %d: %+v, want suppressed %v", c.Program, p.Session, p, hidden)
			}
		}
	}
	if len(d.Missing) != 0 {
		t.Errorf("missing marts %v", d.Missing)
	}
}

// TestQuarterSecondarySuppression checks the attendance table: only 3 people were ever absent
// on Monday evening, so that count is hidden; then its row, its column and the Tuesday row
// each need a complement, which makes a rectangle of four hidden counts.
func TestQuarterSecondarySuppression(t *testing.T) {
	db := openQuarterMarts(t)
	d := loadQuarter(t, db, testQuarter, quarterOpt)
	want := []string{
		"Monday evening: S P 28",
		"Tuesday evening: S S 132",
		"Thursday morning: 87 39 126",
		"All sessions: 212 74 286",
	}
	if got := cellText(d.Slots); strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("slots %q, want %q", got, want)
	}
	for i, r := range d.Slots.Rows {
		if hidden := i < 2; r.Rates[0].Suppressed != hidden || hidden && r.Rates[0].Rate != nil {
			t.Errorf("%s rate %+v, want suppressed %v", r.Label, r.Rates[0], hidden)
		}
	}
	// The hidden numbers are what the fixture says, and none can be worked out: Monday's
	// attended + absent = 28 and Tuesday's = 132 with 33 absences between them leave one
	// unknown free.
	start, end := testQuarter.Bounds()
	raw, err := loadQuarterSlots(context.Background(), db, []any{start.Unix(), end.Unix()})
	if err != nil {
		t.Fatal(err)
	}
	if raw.counts[0][qcAbsent] != 4 || raw.people[0][qcAbsent] != 3 || raw.counts[1][qcAbsent] != 31 {
		t.Errorf("raw slots %v people %v", raw.counts, raw.people)
	}
	for _, n := range d.Suppression {
		if n.Table == d.Slots.Key && (n.Primary != 1 || n.Secondary != 3 || n.Rates != 2) {
			t.Errorf("slots suppression note %+v, want 1 primary, 3 secondary, 2 rates", n)
		}
	}
}

// TestQuarterPrevious checks the previous quarter's column against its own report's tables.
func TestQuarterPrevious(t *testing.T) {
	db := openQuarterMarts(t)
	q2 := loadQuarter(t, db, testQuarter.Previous(), quarterOpt)
	// advanced-2026-05 has 6 members; intro-2026-04 has 2 dropouts.
	want := []string{
		"advanced: P P 0 P",
		"intro: S P 0 16",
		"All programs: 19 P 0 S",
	}
	if got := cellText(q2.Programs); strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("2026Q2 programs %q, want %q", got, want)
	}
	// intro completed is hidden in the programs table, so also where continuation repeats it.
	if got := cellText(*q2.Continuation); strings.Join(got, "; ") != "intro → advanced: P 12 S; All programs: P 12 S" {
		t.Errorf("2026Q2 continuation %q: intro completed should be hidden as in programs", got)
	}
	d := loadQuarter(t, db, testQuarter, quarterOpt)
	for i, h := range d.Headline[1:] {
		if h.Previous.Text != q2.Headline[i+1].Current.Text {
			t.Errorf("%s: previous %q, but 2026Q2's own report shows %q", h.Measure, h.Previous.Text, q2.Headline[i+1].Current.Text)
		}
	}
}

func TestQuarterMinCellZero(t *testing.T) {
	db := openQuarterMarts(t)
	opt := quarterOpt
	opt.MinCell = 0
	d := loadQuarter(t, db, testQuarter, opt)
	if got := cellText(d.Slots)[0]; got != "Monday evening: 24 4 28" {
		t.Errorf("slots with suppression off: %q", got)
	}
	for _, n := range d.Suppression {
		if n.Primary+n.Secondary+n.Rates != 0 {
			t.Errorf("%s: %+v suppressed with min-cell 0", n.Table, n)
		}
	}
	if d.Cohesion[2].Suppressed || d.Cohesion[2].Mean == nil {
		t.Errorf("advanced cohesion not shown: %+v", d.Cohesion[2])
	}
	page := renderQuarter(t, d, opt)
	if !strings.Contains(page, "suppression was turned off") && !strings.Contains(page, "Suppression was turned off") {
		t.Error("page does not warn that suppression is off")
	}
}

// TestQuarterZone checks that quarter boundaries, weekdays and times are each cohort's own local
// ones, and that the computer's zone changes nothing.
func TestQuarterZone(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	saved := time.Local
	time.Local = tokyo // a machine far from every cohort
	defer func() { time.Local = saved }()
	db := openQuarterMarts(t)
	// 02:00 UTC on 1 July is 22:00 on 30 June in New York: that cohort began in 2026Q2.
	if _, err := db.Exec(`
		INSERT INTO sessions VALUES
			('boundary', 'intro', 1, '2026-07-01 02:00:00+00', '2026-07-01 03:30:00+00', false,
			 'America/New_York', '2026-06-30 22:00:00')`); err != nil {
		t.Fatal(err)
	}
	in := func(d *QuarterData) bool {
		for _, c := range d.Cohorts {
			if c.Cohort == "boundary" {
				return true
			}
		}
		return false
	}
	if in(loadQuarter(t, db, testQuarter, quarterOpt)) || !in(loadQuarter(t, db, testQuarter.Previous(), quarterOpt)) {
		t.Error("the boundary cohort's first session is on 30 June in its own zone: it starts in 2026Q2")
	}
	// Every cohort in New York: 18:00 UTC is 14:00 there in summer, Tuesday afternoon.
	if _, err := db.Exec(`UPDATE sessions SET timezone = 'America/New_York',
		starts_local = timezone('America/New_York', starts_at)`); err != nil {
		t.Fatal(err)
	}
	d := loadQuarter(t, db, testQuarter, quarterOpt)
	var labels []string
	for _, r := range d.Slots.Rows {
		labels = append(labels, r.Label)
	}
	if got, want := strings.Join(labels, ","), "Monday afternoon,Tuesday afternoon,Thursday morning,All sessions"; got != want {
		t.Errorf("slots in New York: %s, want %s", got, want)
	}
}

func TestQuarterMissingMarts(t *testing.T) {
	db := openQuarterMarts(t)
	if _, err := db.Exec(`
		DROP TABLE outcome_change; DROP TABLE cohesion_group;
		DROP TABLE continuation; DROP TABLE retention_curve;
		DROP TABLE retention_logrank; DROP TABLE cohesion_dropout`); err != nil {
		t.Fatal(err)
	}
	d := loadQuarter(t, db, testQuarter, quarterOpt)
	if got := strings.Join(d.Missing, ","); got != "retention_curve,cohesion_group,continuation,outcome_change,retention_logrank,cohesion_dropout" {
		t.Errorf("missing %s", got)
	}
	if d.Improvement != nil || d.Continuation != nil || d.Cohesion != nil || d.Survival != nil || d.Logrank != nil || d.Dropout != nil {
		t.Error("parts shown for missing marts")
	}
	for _, h := range d.Headline[5:] {
		if h.Current.Text != "not available" {
			t.Errorf("%s = %q, want not available", h.Measure, h.Current.Text)
		}
	}
	page := renderQuarter(t, d, quarterOpt)
	if n := strings.Count(page, `data-chart=`); n != 1 {
		t.Errorf("%d charts, want only attendance by weekday", n)
	}
	if !strings.Contains(page, "The outcome_change mart is missing") {
		t.Error("page does not say reliable improvement is unavailable")
	}

	if _, err := db.Exec(`DROP TABLE attendance`); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadQuarter(context.Background(), db, testQuarter, quarterOpt); err == nil || !strings.Contains(err.Error(), "attendance mart is missing") {
		t.Errorf("without attendance: %v", err)
	}
}

// TestQuarterAllSuppressed checks that a chart with nothing left to draw is left out while its
// table still says what was suppressed.
func TestQuarterAllSuppressed(t *testing.T) {
	db := openQuarterMarts(t)
	opt := quarterOpt
	opt.MinCell = 100
	d := loadQuarter(t, db, testQuarter, opt)
	page := renderQuarter(t, d, opt)
	if n := strings.Count(page, `data-chart=`); n != 0 {
		t.Errorf("%d charts of suppressed figures, want none", n)
	}
	for _, want := range []string{"Retention curve: intro", "<th scope=\"row\">advanced-2026-09</th>", "Attendance places at held sessions"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if !strings.Contains(page, "Every cohort&#39;s cohesion is suppressed") {
		t.Error("no reading for an all-suppressed cohesion chart")
	}
}

func TestQuarterEmpty(t *testing.T) {
	db := openQuarterMarts(t)
	d := loadQuarter(t, db, Quarter{2030, 1}, quarterOpt)
	if len(d.Cohorts) != 0 || d.Headline[0].Current.Text != "0" {
		t.Errorf("cohorts %v headline %+v", d.Cohorts, d.Headline[0])
	}
	page := renderQuarter(t, d, quarterOpt)
	if !strings.Contains(page, "No cohort had its first session in 2030Q1") {
		t.Error("empty quarter has no plain reading")
	}
}

// TestQuarterReadsNoPII replaces pii_people with a view that fails when read.
func TestQuarterReadsNoPII(t *testing.T) {
	db := openQuarterMarts(t)
	var pii []string
	rows, err := db.Query(`SELECT participant_id, name, email FROM pii_people`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, name, email string
		if err := rows.Scan(&id, &name, &email); err != nil {
			t.Fatal(err)
		}
		pii = append(pii, id, name, email)
	}
	rows.Close()
	if _, err := db.Exec(`DROP TABLE pii_people;
		CREATE VIEW pii_people AS SELECT error('pii_people was read') AS participant_id`); err != nil {
		t.Fatal(err)
	}
	page := renderQuarter(t, loadQuarter(t, db, testQuarter, quarterOpt), quarterOpt)
	for _, s := range pii {
		if strings.Contains(page, s) {
			t.Errorf("page contains %q", s)
		}
	}
}

func TestQuarterHostileText(t *testing.T) {
	const hostile = `</script><img src=x onerror=alert(1)>`
	db := openQuarterMarts(t)
	hostileMarts(t, db, hostile)
	d := loadQuarter(t, db, testQuarter, quarterOpt)
	if d.Cohorts[0].Cohort != hostile || d.Cohesion[0].Cohort != hostile || d.Survival[0].Program != hostile {
		t.Fatalf("hostile labels not loaded: %+v %+v", d.Cohorts[0], d.Survival[0].Program)
	}
	page := renderQuarter(t, d, quarterOpt)
	for _, bad := range []string{"</script><img", "<img src=x"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains unescaped %q", bad)
		}
	}
	if strings.Contains(withoutLibrary(t, page), "<img") {
		t.Error("page outside the inlined library contains an <img element")
	}
	if !strings.Contains(page, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("page does not show the HTML-escaped label")
	}
	if n := strings.Count(page, `\u003c/script\u003e\u003cimg src=x onerror=alert(1)\u003e`); n < 2 {
		t.Errorf("chart options carry the JSON-escaped label %d times, want it in the curve and cohesion charts", n)
	}
	if got, want := strings.Count(page, "<script"), strings.Count(page, "</script>"); got != want {
		t.Errorf("%d <script openings but %d </script> closings", got, want)
	}
}

// hostileMarts renames intro-2026-07 and the advanced program everywhere to label.
func hostileMarts(t *testing.T, db *sql.DB, label string) {
	t.Helper()
	for _, stmt := range []string{
		`UPDATE sessions SET cohort = $1 WHERE cohort = 'intro-2026-07'`,
		`UPDATE attendance SET cohort = $1 WHERE cohort = 'intro-2026-07'`,
		`UPDATE retention SET cohort = $1 WHERE cohort = 'intro-2026-07'`,
		`UPDATE cohesion_group SET cohort = $1 WHERE cohort = 'intro-2026-07'`,
		`UPDATE outcome_change SET cohort = $1 WHERE cohort = 'intro-2026-07'`,
		`UPDATE sessions SET program = $1 WHERE program = 'advanced'`,
		`UPDATE attendance SET program = $1 WHERE program = 'advanced'`,
		`UPDATE retention SET program = $1 WHERE program = 'advanced'`,
		`UPDATE retention_curve SET program = $1 WHERE program = 'advanced'`,
		`UPDATE continuation SET from_program = $1 WHERE from_program = 'advanced'`,
		`UPDATE continuation SET to_program = $1 WHERE to_program = 'advanced'`,
	} {
		if _, err := db.Exec(stmt, label); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

func TestQuarterOffline(t *testing.T) {
	db := openQuarterMarts(t)
	page := renderQuarter(t, loadQuarter(t, db, testQuarter, quarterOpt), quarterOpt)
	if strings.Index(page, "<script>") > strings.Index(page, "</head>") {
		t.Error("echarts is not inlined in the head")
	}
	external := regexp.MustCompile(`(?i)<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=`)
	if m := external.FindString(withoutLibrary(t, page)); m != "" {
		t.Errorf("page loads an external resource: %s", m)
	}
	for _, bad := range []string{`src="http`, `href="http`, "go-echarts-assets", "cdn.jsdelivr", "@import", "url("} {
		if strings.Contains(withoutLibrary(t, page), bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if n := strings.Count(page, `type="application/json" data-chart=`); n != 3 {
		t.Errorf("%d chart options in the page, want 3", n)
	}
	for _, want := range []string{
		"<title>Quarterly report 2026Q3</title>",
		"@page { size: auto; margin: 15mm; }",
		"Generated 2026-10-02 08:00 UTC",
		"What was suppressed, and why",
		"Any count describing 1 to 10 people is suppressed.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestQuarterChartsHideSuppressed checks that no chart draws a suppressed figure.
func TestQuarterChartsHideSuppressed(t *testing.T) {
	db := openQuarterMarts(t)
	d := loadQuarter(t, db, testQuarter, quarterOpt)
	qc, err := buildQuarterCharts(d)
	if err != nil {
		t.Fatal(err)
	}
	type series struct {
		Name string `json:"name"`
		Data []struct {
			Value any `json:"value"`
		} `json:"data"`
	}
	values := func(c *chartOption) [][]any {
		var o struct {
			Series []series `json:"series"`
		}
		if err := json.Unmarshal([]byte(c.Option), &o); err != nil {
			t.Fatal(err)
		}
		var out [][]any
		for _, s := range o.Series {
			var v []any
			for _, p := range s.Data {
				v = append(v, p.Value)
			}
			out = append(out, v)
		}
		return out
	}
	// advanced is the first program: its three series are the lower bound, the band's width
	// and the estimate; sessions 3 and 4 have 5 at risk.
	for i, s := range values(qc.Survival)[:3] {
		if s[2] != "-" || s[3] != "-" || s[1] == "-" {
			t.Errorf("advanced series %d = %v, want sessions 3 and 4 left out", i, s)
		}
	}
	if got := values(qc.Cohesion)[0]; got[2] != "-" || got[0] == "-" {
		t.Errorf("cohesion bars %v, want advanced-2026-09 left out", got)
	}
	if got := values(qc.Slots)[0]; got[0] != "-" || got[1] != "-" || got[2] != 69.0 {
		t.Errorf("attendance bars %v, want Monday and Tuesday left out", got)
	}
}

func TestQuarterDrawsInBrowser(t *testing.T) {
	db := openQuarterMarts(t)
	d := loadQuarter(t, db, testQuarter, quarterOpt)
	dom, log := renderInBrowser(t, renderQuarter(t, d, quarterOpt))
	checkChartsDrew(t, dom, log, 3)
}

func TestQuarterHostileTextInertInBrowser(t *testing.T) {
	const hostile = `</script><img src=x onerror=alert(1)>`
	db := openQuarterMarts(t)
	hostileMarts(t, db, hostile)
	dom, log := renderInBrowser(t, renderQuarter(t, loadQuarter(t, db, testQuarter, quarterOpt), quarterOpt))
	checkChartsDrew(t, dom, log, 3)
	if strings.Contains(scriptBlock.ReplaceAllString(dom, ""), "<img") {
		t.Error("hostile text became an <img> element in the page")
	}
}
