package pipeline_test

// retention_test.go checks the retention marts: the dropout rules, the Kaplan–Meier curves
// (against R's output for the aml data and an independent Go implementation), the cohort
// retention and never-started tables, and continuation from one program to another. Most tests
// build only the models downstream of hand-made upstream tables, so each case is a few rows.

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"cohesion/pipeline"
	"cohesion/pipeline/demo"
	"cohesion/queries"
)

// buildOver creates hand-made stand-ins for the given models (tables made by setup), then
// builds only the models targets need that are not upstream of the given ones.
func buildOver(t *testing.T, db *pipeline.DB, s pipeline.Settings, given []string, setup func(exec func(string, ...any)), targets ...string) {
	t.Helper()
	ctx := context.Background()
	models, _, err := pipeline.ReadModels(queries.Models)
	if err != nil {
		t.Fatal(err)
	}
	upstream := map[string]bool{}
	for _, m := range pipeline.Closure(models, given...) {
		upstream[m.Name] = true
	}
	var todo []pipeline.Model
	for _, m := range pipeline.Closure(models, targets...) {
		if !upstream[m.Name] {
			todo = append(todo, m)
		}
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	setup(func(query string, args ...any) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	})
	if err := pipeline.Build(ctx, conn, pipeline.KeepAll(todo), s, nil); err != nil {
		t.Fatal(err)
	}
}

// plan is a hand-made cohort's schedule: its program, the session numbers in schedule.csv,
// which of them were held, and the date of session 1 (one session a week, 18:00–19:30 UTC).
type plan struct {
	cohort, program string
	sessions        []int
	notHeld         []int
	first           string // YYYY-MM-DD; default 2026-01-06
}

func upTo(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i + 1
	}
	return s
}

// createSessions makes a `sessions` table for the plans.
func createSessions(exec func(string, ...any), plans ...plan) {
	exec(`create table sessions (cohort varchar, program varchar, session integer,
		starts_at timestamptz, ends_at timestamptz, held boolean)`)
	for _, p := range plans {
		first := p.first
		if first == "" {
			first = "2026-01-06"
		}
		day, _ := time.Parse("2006-01-02", first)
		for _, s := range p.sessions {
			held := true
			for _, n := range p.notHeld {
				held = held && n != s
			}
			start := day.AddDate(0, 0, 7*(s-1)).Add(18 * time.Hour)
			exec(`insert into sessions values (?, ?, ?, ?, ?, ?)`, p.cohort, p.program, s, start, start.Add(90*time.Minute), held)
		}
	}
}

// member is one enrolled member of a hand-made cohort, as the retention mart has them.
type member struct {
	cohort, program, id string
	planned             int
	attended, last      int // last = 0: none
	outcome             string
}

// createRetention makes a `retention` table; dropout_after is last_attended for dropouts.
func createRetention(exec func(string, ...any), members ...member) {
	exec(`create table retention (cohort varchar, program varchar, participant_id varchar,
		sessions_planned integer, sessions_attended integer, last_attended integer,
		outcome varchar, dropout_after integer, from_session integer default 1)`)
	for _, m := range members {
		var last, after any
		if m.last > 0 {
			last = m.last
		}
		if m.outcome == "dropped_out" {
			after = m.last
		}
		exec(`insert into retention (cohort, program, participant_id, sessions_planned, sessions_attended,
			last_attended, outcome, dropout_after) values (?, ?, ?, ?, ?, ?, ?, ?)`, m.cohort, m.program, m.id, m.planned, m.attended, last, m.outcome, after)
	}
}

// createAttendance makes `attendance` and `stg_roster` tables from one pattern per member over
// the held sessions of their cohort, in order: '1' attended, '0' absent.
func createAttendance(exec func(string, ...any), held map[string][]int, patterns map[[2]string]string) {
	exec(`create table attendance (cohort varchar, program varchar, session integer, participant_id varchar,
		status varchar, minutes_present integer, late_minutes integer, left_early_minutes integer)`)
	exec(`create table stg_roster (cohort varchar, participant_id varchar, from_session integer default 1)`)
	for key, pattern := range patterns {
		cohort, id := key[0], key[1]
		exec(`insert into stg_roster (cohort, participant_id) values (?, ?)`, cohort, id)
		for i, c := range pattern {
			status, minutes := "absent", 0
			if c == '1' {
				status, minutes = "present", 90
			}
			exec(`insert into attendance values (?, (select any_value(program) from sessions where cohort = ?), ?, ?, ?, ?, 0, 0)`,
				cohort, cohort, held[cohort][i], id, status, minutes)
		}
	}
}

// kmRow is the Kaplan–Meier estimate at one session: stdErr is the standard error of the
// survival estimate (what R's summary() prints), low and high the 95% log-log limits; NaN
// where R gives NA.
type kmRow struct {
	session, atRisk, dropped, censored int
	survival, stdErr, low, high        float64
}

// exit is one starter for Kaplan–Meier: the session they leave observation at, and whether
// that is a dropout (else they are censored there).
type exit struct {
	session int
	dropped bool
}

// kaplanMeier is written from the textbook definitions (Kaplan & Meier; Greenwood; Kalbfleisch
// & Prentice's log(−log S) interval, as R's survfit computes it), independently of the SQL,
// for sessions 1..last.
func kaplanMeier(exits []exit, last int) []kmRow {
	z := 1.959963984540054 // qnorm(0.975), as R uses
	survival, greenwood := 1.0, 0.0
	var rows []kmRow
	for k := 1; k <= last; k++ {
		r := kmRow{session: k}
		for _, e := range exits {
			if e.session >= k {
				r.atRisk++
			}
			if e.session == k && e.dropped {
				r.dropped++
			} else if e.session == k {
				r.censored++
			}
		}
		if r.dropped > 0 {
			n, d := float64(r.atRisk), float64(r.dropped)
			survival *= 1 - d/n
			if n > d {
				greenwood += d / (n * (n - d))
			}
		}
		r.survival, r.stdErr, r.low, r.high = survival, math.NaN(), math.NaN(), math.NaN()
		switch {
		case survival == 1:
			r.stdErr = 0
		case survival > 0:
			seLog := math.Sqrt(greenwood)
			// log(−log S) ± z·se/|log S|, mapped back: the larger −log S gives the lower limit.
			r.stdErr = survival * seLog
			r.low = math.Exp(-math.Exp(math.Log(-math.Log(survival)) + z*seLog/-math.Log(survival)))
			r.high = math.Exp(-math.Exp(math.Log(-math.Log(survival)) - z*seLog/-math.Log(survival)))
		}
		rows = append(rows, r)
	}
	return rows
}

// curveRows reads a curve from the database (where is a condition on retention_curve or
// retention_curve_cohort) as kmRows, with stdErr recovered from the lower limit.
func curveRows(t *testing.T, db *pipeline.DB, table, where string, args ...any) []kmRow {
	t.Helper()
	rows, err := db.SQL.Query(fmt.Sprintf(`select session, n_at_risk, n_dropped, n_censored, survival, ci_low, ci_high
		from %s where %s order by session`, table, where), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []kmRow
	for rows.Next() {
		var r kmRow
		var low, high *float64
		if err := rows.Scan(&r.session, &r.atRisk, &r.dropped, &r.censored, &r.survival, &low, &high); err != nil {
			t.Fatal(err)
		}
		r.stdErr, r.low, r.high = math.NaN(), math.NaN(), math.NaN()
		if r.survival == 1 {
			r.stdErr = 0
		}
		if low != nil && high != nil {
			r.low, r.high = *low, *high
			// low = S^exp(z·se/−log S), so se = −log S · log(log low / log S) / z.
			seLog := -math.Log(r.survival) * math.Log(math.Log(r.low)/math.Log(r.survival)) / 1.959963984540054
			r.stdErr = r.survival * seLog
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// near says whether two estimates agree to tol, NaN (R's NA) agreeing only with NaN.
func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

// sameCurve reports every session where got and want differ in a count or by more than tol.
func sameCurve(t *testing.T, what string, got, want []kmRow, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d sessions, want %d", what, len(got), len(want))
		return
	}
	for i, g := range got {
		w := want[i]
		if g.session != w.session || g.atRisk != w.atRisk || g.dropped != w.dropped || g.censored != w.censored ||
			!near(g.survival, w.survival, tol) || !near(g.stdErr, w.stdErr, tol) || !near(g.low, w.low, tol) || !near(g.high, w.high, tol) {
			t.Errorf("%s session %d:\n got  %+v\n want %+v", what, w.session, g, w)
		}
	}
}

// amlExits is the aml data (Embury et al.; R's survival::aml) by group.
var amlExits = map[string][]exit{
	"Maintained": {{9, true}, {13, true}, {13, false}, {18, true}, {23, true}, {28, false},
		{31, true}, {34, true}, {45, false}, {48, true}, {161, false}},
	"Nonmaintained": {{5, true}, {5, true}, {8, true}, {8, true}, {12, true}, {16, false},
		{23, true}, {27, true}, {30, true}, {33, true}, {43, true}, {45, true}},
}

// readAML reads R's summary() rows for the aml data from testdata/survival/aml.csv.
func readAML(t *testing.T) map[string][]kmRow {
	t.Helper()
	f, err := os.Open("../testdata/survival/aml.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	num := func(s string) float64 {
		if s == "NA" {
			return math.NaN()
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	out := map[string][]kmRow{}
	for _, r := range records[1:] {
		out[r[0]] = append(out[r[0]], kmRow{
			session: int(num(r[1])), atRisk: int(num(r[2])), dropped: int(num(r[3])),
			survival: num(r[4]), stdErr: num(r[5]), low: num(r[6]), high: num(r[7]),
		})
	}
	return out
}

// eventRows keeps the sessions with a dropout, as R's summary() prints them, without the
// censored count (summary() does not print it).
func eventRows(rows []kmRow) []kmRow {
	var out []kmRow
	for _, r := range rows {
		if r.dropped > 0 {
			r.censored = 0
			out = append(out, r)
		}
	}
	return out
}

// amlMembers turns the aml data into retention rows: each group a program with one cohort whose
// last planned session is the group's longest time; a dropout after session t is an event at
// t, the member followed longest is a completer (censored at the last session) and the other
// censored members are ongoing (censored at their last attended session).
func amlMembers() ([]member, []plan) {
	var members []member
	var plans []plan
	for group, exits := range amlExits {
		last := 0
		for _, e := range exits {
			last = max(last, e.session)
		}
		plans = append(plans, plan{cohort: "aml-" + group, program: group, sessions: upTo(last)})
		for i, e := range exits {
			m := member{cohort: "aml-" + group, program: group, id: fmt.Sprintf("%s-%02d", group, i), planned: last, attended: e.session, last: e.session}
			switch {
			case e.dropped:
				m.outcome = "dropped_out"
			case e.session == last:
				m.outcome = "completed"
			default:
				m.outcome = "ongoing"
			}
			members = append(members, m)
		}
	}
	return members, plans
}

// TestKaplanMeierAML checks retention_curve against R's survfit output for the aml data to four
// decimals (survival, std.err, log-log limits), and against the Go Kaplan–Meier at every
// session to 1e-9; the Go Kaplan–Meier is itself checked against R's output.
func TestKaplanMeierAML(t *testing.T) {
	published := readAML(t)
	members, plans := amlMembers()
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"retention", "sessions"}, func(exec func(string, ...any)) {
		createSessions(exec, plans...)
		createRetention(exec, members...)
	}, "retention_curve", "retention_curve_cohort")
	for group, exits := range amlExits {
		last := 0
		for _, e := range exits {
			last = max(last, e.session)
		}
		want := kaplanMeier(exits, last)
		sameCurve(t, group+": Go Kaplan–Meier against R", eventRows(want), published[group], 1e-4)
		got := curveRows(t, db, "retention_curve", "program = ?", group)
		sameCurve(t, group+": retention_curve against R", eventRows(got), published[group], 1e-4)
		sameCurve(t, group+": retention_curve against Go", got, want, 1e-9)
		sameCurve(t, group+": retention_curve_cohort against Go", curveRows(t, db, "retention_curve_cohort", "cohort = ?", "aml-"+group), want, 1e-9)
		for _, r := range got {
			if !math.IsNaN(r.low) && !(r.low <= r.survival && r.survival <= r.high) {
				t.Errorf("%s session %d: %v not within [%v, %v]", group, r.session, r.survival, r.low, r.high)
			}
		}
	}
}

// curveText renders a program's curve for exact expectations, rounded to four decimals.
func curveText(t *testing.T, db *pipeline.DB, program string) []string {
	t.Helper()
	return rowsOf(t, db.SQL, fmt.Sprintf(`select session, n_at_risk, n_dropped, n_censored, round(survival, 4),
		round(ci_low, 4), round(ci_high, 4) from retention_curve where program = '%s' order by session`, program))
}

// TestKaplanMeierTies has dropouts and censorings at the same session: members censored at
// session k are still at risk at k, as in R (a dropout at k is counted before a censoring at k).
func TestKaplanMeierTies(t *testing.T) {
	exits := []exit{{1, true}, {2, true}, {2, true}, {2, false}, {2, false}, {3, true}, {4, true}, {4, false}}
	var members []member
	for i, e := range exits {
		m := member{cohort: "ties", program: "ties", id: fmt.Sprint(i), planned: 4, attended: e.session, last: e.session, outcome: "dropped_out"}
		if !e.dropped {
			m.outcome = "ongoing"
			if e.session == 4 {
				m.outcome = "completed"
			}
		}
		members = append(members, m)
	}
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"retention", "sessions"}, func(exec func(string, ...any)) {
		createSessions(exec, plan{cohort: "ties", program: "ties", sessions: upTo(4)})
		createRetention(exec, members...)
	}, "retention_curve")
	// By hand: 7/8; then 7 at risk (the 2 censored at session 2 included), 2 drop: 7/8·5/7 = 0.625;
	// then 3 at risk: 0.625·2/3; then 2 at risk, 1 drops: ·1/2. Excluding the tied censorings
	// from the risk set would give 7/8·3/5 = 0.525 at session 2.
	got := curveText(t, db, "ties")
	want := []string{
		fmt.Sprintf("1|8|1|0|0.875|%s", limits(exits, 4, 1)),
		fmt.Sprintf("2|7|2|2|0.625|%s", limits(exits, 4, 2)),
		fmt.Sprintf("3|3|1|0|0.4167|%s", limits(exits, 4, 3)),
		fmt.Sprintf("4|2|1|1|0.2083|%s", limits(exits, 4, 4)),
	}
	equalRows(t, "tied curve", got, want)
}

// limits renders the Go Kaplan–Meier's limits at a session as curveText does.
func limits(exits []exit, last, session int) string {
	r := kaplanMeier(exits, last)[session-1]
	text := func(v float64) string {
		if math.IsNaN(v) {
			return "<nil>"
		}
		return fmt.Sprint(math.Round(v*1e4) / 1e4)
	}
	return text(r.low) + "|" + text(r.high)
}

// TestRetentionCurveEdgeCases covers small and degenerate cohorts. The limits are null wherever
// survival is 1 or 0, as R gives NA there.
func TestRetentionCurveEdgeCases(t *testing.T) {
	one := func(id, outcome string, last int) member {
		return member{cohort: "c", program: "p", id: id, planned: 4, attended: last, last: last, outcome: outcome}
	}
	for _, tc := range []struct {
		name    string
		members []member
		want    []string
	}{
		{"one member who completes", []member{one("a", "completed", 4)}, []string{
			"1|1|0|0|1|<nil>|<nil>", "2|1|0|0|1|<nil>|<nil>", "3|1|0|0|1|<nil>|<nil>", "4|1|0|1|1|<nil>|<nil>",
		}},
		{"one member who drops out", []member{one("a", "dropped_out", 2)}, []string{
			"1|1|0|0|1|<nil>|<nil>", "2|1|1|0|0|<nil>|<nil>", "3|0|0|0|0|<nil>|<nil>", "4|0|0|0|0|<nil>|<nil>",
		}},
		{"all censored", []member{one("a", "completed", 4), one("b", "ongoing", 2), one("c", "ongoing", 3)}, []string{
			"1|3|0|0|1|<nil>|<nil>", "2|3|0|1|1|<nil>|<nil>", "3|2|0|1|1|<nil>|<nil>", "4|1|0|1|1|<nil>|<nil>",
		}},
		{"everyone drops out at the same session", []member{one("a", "dropped_out", 2), one("b", "dropped_out", 2), one("c", "dropped_out", 2)}, []string{
			"1|3|0|0|1|<nil>|<nil>", "2|3|3|0|0|<nil>|<nil>", "3|0|0|0|0|<nil>|<nil>", "4|0|0|0|0|<nil>|<nil>",
		}},
		{"never started members are left out", []member{one("a", "completed", 4), one("b", "never_started", 0)}, []string{
			"1|1|0|0|1|<nil>|<nil>", "2|1|0|0|1|<nil>|<nil>", "3|1|0|0|1|<nil>|<nil>", "4|1|0|1|1|<nil>|<nil>",
		}},
		{"no starters, no curve", []member{one("a", "never_started", 0)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTemp(t)
			buildOver(t, db, pipeline.DefaultSettings, []string{"retention", "sessions"}, func(exec func(string, ...any)) {
				createSessions(exec, plan{cohort: "c", program: "p", sessions: upTo(4)})
				createRetention(exec, tc.members...)
			}, "retention_curve", "retention_curve_cohort")
			equalRows(t, "retention_curve", curveText(t, db, "p"), tc.want)
			equalRows(t, "retention_curve_cohort", rowsOf(t, db.SQL, `select session, n_at_risk, n_dropped, n_censored,
				round(survival, 4), round(ci_low, 4), round(ci_high, 4) from retention_curve_cohort where cohort = 'c' order by session`), tc.want)
		})
	}
}

// TestCancelledSession: a planned session that was never held keeps its cohort unfinished, so
// under no-return its starters stay ongoing (censored at their last attended session, no
// dropouts). Removing the cancelled session from schedule.csv, as a facilitator should, makes
// the cohort finished: its gap in the numbering is kept, the curve carries across it, and
// completers are censored at the last planned session.
func TestCancelledSession(t *testing.T) {
	patterns := map[[2]string]string{
		{"c", "a"}: "111", // sessions 1, 2 and 4 of those held
		{"c", "b"}: "100",
		{"c", "d"}: "110",
	}
	for _, tc := range []struct {
		name      string
		plan      plan
		retention []string
		curve     []string
	}{
		{"cancelled session still in the schedule", plan{cohort: "c", program: "p", sessions: upTo(4), notHeld: []int{3}},
			[]string{"a|4|3|4|ongoing|<nil>", "b|4|1|1|ongoing|<nil>", "d|4|2|2|ongoing|<nil>"},
			[]string{"1|3|0|1|1", "2|2|0|1|1", "3|1|0|0|1", "4|1|0|1|1"}},
		{"cancelled session removed from the schedule", plan{cohort: "c", program: "p", sessions: []int{1, 2, 4}},
			[]string{"a|3|3|4|completed|<nil>", "b|3|1|1|dropped_out|1", "d|3|2|2|dropped_out|2"},
			[]string{"1|3|1|0|0.6667", "2|2|1|0|0.3333", "3|1|0|0|0.3333", "4|1|0|1|0.3333"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTemp(t)
			buildOver(t, db, pipeline.DefaultSettings, []string{"sessions", "attendance", "stg_roster"}, func(exec func(string, ...any)) {
				createSessions(exec, tc.plan)
				createAttendance(exec, map[string][]int{"c": {1, 2, 4}}, patterns)
			}, "retention", "retention_curve")
			equalRows(t, "retention", rowsOf(t, db.SQL, `select participant_id, sessions_planned, sessions_attended,
				last_attended, outcome, dropout_after from retention order by all`), tc.retention)
			equalRows(t, "retention_curve", rowsOf(t, db.SQL, `select session, n_at_risk, n_dropped, n_censored,
				round(survival, 4) from retention_curve order by session`), tc.curve)
		})
	}
}

// TestLateStarter: a member who first comes to session 2 is a starter, at risk from session 1
// (being absent at 1 and coming back is being retained beyond 1) and counted as still
// attending at session 1 in cohort_retention.
func TestLateStarter(t *testing.T) {
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"sessions", "attendance", "stg_roster"}, func(exec func(string, ...any)) {
		createSessions(exec, plan{cohort: "c", program: "p", sessions: upTo(4)})
		createAttendance(exec, map[string][]int{"c": upTo(4)}, map[[2]string]string{
			{"c", "late"}: "0111",
			{"c", "drop"}: "1100",
			{"c", "full"}: "1111",
		})
	}, "retention", "retention_curve", "cohort_retention")
	equalRows(t, "retention", rowsOf(t, db.SQL, `select participant_id, sessions_attended, last_attended, outcome
		from retention order by all`), []string{"drop|2|2|dropped_out", "full|4|4|completed", "late|3|4|completed"})
	equalRows(t, "retention_curve", rowsOf(t, db.SQL, `select session, n_at_risk, n_dropped, n_censored,
		round(survival, 4) from retention_curve order by session`), []string{
		"1|3|0|0|1", "2|3|1|0|0.6667", "3|2|0|0|0.6667", "4|2|0|2|0.6667",
	})
	equalRows(t, "cohort_retention", rowsOf(t, db.SQL, `select session, n_starters, n_still_attending, round(share, 4)
		from cohort_retention order by session`), []string{"1|3|3|1", "2|3|3|1", "3|3|2|0.6667", "4|3|2|0.6667"})
}

// TestDropoutRules builds retention from one hand-made attendance table under each rule. The
// finished cohort f (six sessions) and the running cohort r (six planned, four held) are laid
// out so that no-return, consecutive:2 and min-attended:3 all disagree somewhere. The finished
// cohort s has only two sessions, fewer than min-attended:3 asks for: its members who came to
// both completed under every rule.
func TestDropoutRules(t *testing.T) {
	patterns := map[[2]string]string{
		{"f", "all"}:       "111111", // came to everything
		{"f", "missed6"}:   "111110", // missed only the final session
		{"f", "left2"}:     "110000", // gone after session 2
		{"f", "left4"}:     "111100", // gone after session 4: two misses
		{"f", "twice"}:     "100001", // came to the first and the last only
		{"f", "never"}:     "000000",
		{"r", "gone"}:      "1100", // two trailing misses while the cohort runs
		{"r", "one_miss"}:  "1110",
		{"r", "returning"}: "1001",
		{"s", "both"}:      "11",
		{"s", "first"}:     "10",
	}
	want := map[string][]string{
		"no-return": {
			"f|all|completed|<nil>", "f|left2|dropped_out|2", "f|left4|dropped_out|4", "f|missed6|dropped_out|5",
			"f|never|never_started|<nil>", "f|twice|completed|<nil>",
			"r|gone|ongoing|<nil>", "r|one_miss|ongoing|<nil>", "r|returning|ongoing|<nil>",
			"s|both|completed|<nil>", "s|first|dropped_out|1",
		},
		"consecutive:2": {
			"f|all|completed|<nil>", "f|left2|dropped_out|2", "f|left4|dropped_out|4", "f|missed6|completed|<nil>",
			"f|never|never_started|<nil>", "f|twice|completed|<nil>",
			"r|gone|dropped_out|2", "r|one_miss|ongoing|<nil>", "r|returning|ongoing|<nil>",
			"s|both|completed|<nil>", "s|first|completed|<nil>",
		},
		"min-attended:3": {
			"f|all|completed|<nil>", "f|left2|dropped_out|2", "f|left4|completed|<nil>", "f|missed6|completed|<nil>",
			"f|never|never_started|<nil>", "f|twice|dropped_out|6",
			"r|gone|ongoing|<nil>", "r|one_miss|ongoing|<nil>", "r|returning|ongoing|<nil>",
			"s|both|completed|<nil>", "s|first|dropped_out|1",
		},
	}
	for _, tc := range []struct {
		rule     string
		settings pipeline.Settings
	}{
		{"no-return", pipeline.DefaultSettings},
		{"consecutive:2", pipeline.Settings{LateAfterMinutes: 10, LeftEarlyBeforeMinutes: 10, DropoutRule: "consecutive", DropoutN: 2}},
		{"min-attended:3", pipeline.Settings{LateAfterMinutes: 10, LeftEarlyBeforeMinutes: 10, DropoutRule: "min-attended", DropoutN: 3}},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			db := openTemp(t)
			buildOver(t, db, tc.settings, []string{"sessions", "attendance", "stg_roster"}, func(exec func(string, ...any)) {
				createSessions(exec, plan{cohort: "f", program: "p", sessions: upTo(6)},
					plan{cohort: "r", program: "p", sessions: upTo(6), notHeld: []int{5, 6}},
					plan{cohort: "s", program: "p", sessions: upTo(2)})
				createAttendance(exec, map[string][]int{"f": upTo(6), "r": upTo(4), "s": upTo(2)}, patterns)
			}, "retention", "retention_curve")
			equalRows(t, "retention", rowsOf(t, db.SQL, `select cohort, participant_id, outcome, dropout_after
				from retention order by all`), want[tc.rule])
			equalRows(t, "run_settings", rowsOf(t, db.SQL, `select dropout_rule from run_settings`), []string{tc.rule})
			// The data tests' invariants hold under every rule: dropout_after is the last session attended.
			equalRows(t, "invalid retention rows", rowsOf(t, db.SQL, `select cohort, participant_id from retention
				where (outcome = 'dropped_out') <> (dropout_after is not null) or dropout_after <> last_attended`), nil)
		})
	}
}

// TestBuildRefusesUnknownDropoutRule: Build checks the rule before any SQL sees it.
func TestBuildRefusesUnknownDropoutRule(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, s := range []pipeline.Settings{
		{DropoutRule: "consecutive"},
		{DropoutRule: "min-attended", DropoutN: -1},
		{DropoutRule: "no-show", DropoutN: 2},
		{DropoutRule: "no-return'; drop table raw_files; --"},
	} {
		if err := pipeline.Build(ctx, conn, nil, s, nil); err == nil {
			t.Errorf("Build with dropout rule %q %d: no error", s.DropoutRule, s.DropoutN)
		}
	}
}

// TestNeverStarted counts per cohort and per program, leaving out a cohort nothing was held of.
func TestNeverStarted(t *testing.T) {
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"retention", "sessions"}, func(exec func(string, ...any)) {
		createSessions(exec, plan{cohort: "a1", program: "a", sessions: upTo(4)},
			plan{cohort: "a2", program: "a", sessions: upTo(4), notHeld: []int{4}},
			plan{cohort: "a3", program: "a", sessions: upTo(4), notHeld: upTo(4)},
			plan{cohort: "b1", program: "b", sessions: upTo(2)})
		createRetention(exec,
			member{cohort: "a1", program: "a", id: "1", planned: 4, attended: 4, last: 4, outcome: "completed"},
			member{cohort: "a1", program: "a", id: "2", planned: 4, outcome: "never_started"},
			member{cohort: "a2", program: "a", id: "3", planned: 4, attended: 1, last: 1, outcome: "ongoing"},
			member{cohort: "a2", program: "a", id: "4", planned: 4, attended: 1, last: 3, outcome: "ongoing"},
			member{cohort: "a2", program: "a", id: "5", planned: 4, outcome: "never_started"},
			member{cohort: "a3", program: "a", id: "6", planned: 4, outcome: "never_started"},
			member{cohort: "b1", program: "b", id: "7", planned: 2, attended: 2, last: 2, outcome: "completed"})
	}, "never_started", "cohort_retention")
	equalRows(t, "never_started", rowsOf(t, db.SQL, `select cohort, program, n_enrolled, n_never_started, round(rate, 4)
		from never_started`), []string{
		"a1|a|2|1|0.5", "a2|a|3|1|0.3333", "<nil>|a|5|2|0.4",
		"b1|b|1|0|0", "<nil>|b|1|0|0",
	})
	equalRows(t, "cohort_retention", rowsOf(t, db.SQL, `select cohort, session, n_starters, n_still_attending, round(share, 4)
		from cohort_retention`), []string{
		"a1|1|1|1|1", "a1|2|1|1|1", "a1|3|1|1|1", "a1|4|1|1|1",
		"a2|1|2|2|1", "a2|2|2|1|0.5", "a2|3|2|1|0.5",
		"b1|1|1|1|1", "b1|2|1|1|1",
	})
}

// TestContinuation: who completed one program and later started another, with the gap.
func TestContinuation(t *testing.T) {
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"sessions", "attendance", "stg_roster"}, func(exec func(string, ...any)) {
		createSessions(exec,
			plan{cohort: "intro-1", program: "intro", sessions: upTo(4), first: "2026-01-06"},   // last session ends 27 Jan 19:30
			plan{cohort: "intro-2", program: "intro", sessions: upTo(4), first: "2026-02-03"},   // ends 24 Feb 19:30
			plan{cohort: "adv-0", program: "advanced", sessions: upTo(4), first: "2026-01-20"},  // starts before intro-1 ends
			plan{cohort: "adv-1", program: "advanced", sessions: upTo(4), first: "2026-03-10"},  // after both intros
			plan{cohort: "alumni-1", program: "alumni", sessions: upTo(2), first: "2026-05-05"}, // after adv-1 (ends 31 Mar)
		)
		createAttendance(exec, map[string][]int{"intro-1": upTo(4), "intro-2": upTo(4), "adv-0": upTo(4), "adv-1": upTo(4), "alumni-1": upTo(2)},
			map[[2]string]string{
				{"intro-1", "p1"}: "1111", {"adv-1", "p1"}: "1111", {"alumni-1", "p1"}: "11", // continues twice
				{"intro-1", "p2"}: "1111", {"adv-1", "p2"}: "0000", // enrolled in advanced, never came
				{"intro-1", "p3"}: "1111", {"adv-0", "p3"}: "1111", // advanced overlapped intro: not later
				{"intro-1", "p4"}: "1100", {"adv-1", "p4"}: "1111", // did not complete intro
				{"intro-2", "p5"}: "1111", {"adv-1", "p5"}: "0111", // first came to advanced session 2
				{"intro-1", "p6"}: "1111", {"intro-2", "p6"}: "1111", {"adv-1", "p6"}: "1111", // repeated intro: gap from the later one
			})
	}, "continuation")
	// Gaps to the first attended session (18:00) from the completed cohort's end (19:30), rounded:
	// p1 27 Jan → 10 Mar: 42; p5 24 Feb → 17 Mar: 21; p6 24 Feb → 10 Mar: 14. Median 21.
	equalRows(t, "continuation", rowsOf(t, db.SQL, `select from_program, to_program, n_completed, n_continued,
		round(rate, 4), median_days_between from continuation`), []string{
		"advanced|alumni|5|1|0.2|35",
		"advanced|intro|5|0|0|<nil>",
		"alumni|advanced|1|0|0|<nil>",
		"alumni|intro|1|0|0|<nil>",
		"intro|advanced|5|3|0.6|21",
		"intro|alumni|5|1|0.2|98",
	})
}

// TestDemoRetentionMarts builds the demo program and checks retention_curve and
// retention_curve_cohort against the Go Kaplan–Meier on the retention mart, and
// cohort_retention, never_started and continuation against counts made in Go from the
// planted truth and the sessions mart.
func TestDemoRetentionMarts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "program")
	truth, err := demo.Generate(dir, demo.Config{Seed: 1, Cohorts: 30})
	if err != nil {
		t.Fatal(err)
	}
	db := openTemp(t)
	for _, r := range load(t, db, dir) {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
	}
	build(t, db)

	// Kaplan–Meier from the retention mart, by program and by cohort.
	rows, err := db.SQL.Query(`select r.cohort, r.program, r.outcome, r.last_attended, r.dropout_after, f.final_session
		from retention r join (select cohort, max(session) as final_session from sessions group by cohort) f using (cohort)`)
	if err != nil {
		t.Fatal(err)
	}
	byProgram, byCohort := map[string][]exit{}, map[string][]exit{}
	lastOfProgram, lastOfCohort := map[string]int{}, map[string]int{}
	for rows.Next() {
		var cohort, program, outcome string
		var last, after *int
		var final int
		if err := rows.Scan(&cohort, &program, &outcome, &last, &after, &final); err != nil {
			t.Fatal(err)
		}
		lastOfProgram[program] = max(lastOfProgram[program], final)
		lastOfCohort[cohort] = final
		var e exit
		switch outcome {
		case "never_started":
			continue
		case "dropped_out":
			e = exit{*after, true}
		case "completed":
			e = exit{final, false}
		default:
			e = exit{*last, false}
		}
		byProgram[program] = append(byProgram[program], e)
		byCohort[cohort] = append(byCohort[cohort], e)
	}
	rows.Close()
	if len(byProgram) != 2 || len(byCohort) != 30 {
		t.Fatalf("demo has %d programs and %d cohorts with starters, want 2 and 30", len(byProgram), len(byCohort))
	}
	for program, exits := range byProgram {
		got := curveRows(t, db, "retention_curve", "program = ?", program)
		sameCurve(t, "retention_curve "+program, got, kaplanMeier(exits, lastOfProgram[program]), 1e-9)
		if got[len(got)-1].survival >= 1 {
			t.Errorf("%s: the demo plants dropouts, but survival stays 1", program)
		}
	}
	for cohort, exits := range byCohort {
		sameCurve(t, "retention_curve_cohort "+cohort, curveRows(t, db, "retention_curve_cohort", "cohort = ?", cohort),
			kaplanMeier(exits, lastOfCohort[cohort]), 1e-9)
	}

	// cohort_retention and never_started from the planted truth.
	held := map[string]int{}
	for _, a := range truth.Attendance {
		held[a.Cohort] = max(held[a.Cohort], a.Session)
	}
	var wantShares, wantNever []string
	enrolled, never := map[string]int{}, map[string]int{}
	byCohortTruth := map[string][]demo.RetentionTruth{}
	for _, r := range truth.Retention {
		byCohortTruth[r.Cohort] = append(byCohortTruth[r.Cohort], r)
	}
	for cohort, members := range byCohortTruth {
		n, nNever := 0, 0
		for _, m := range members {
			if m.Outcome == demo.OutcomeNeverStarted {
				nNever++
			} else {
				n++
			}
		}
		for s := 1; s <= held[cohort]; s++ {
			still := 0
			for _, m := range members {
				if m.Outcome != demo.OutcomeNeverStarted && m.LastAttended >= s {
					still++
				}
			}
			wantShares = append(wantShares, fmt.Sprintf("%s|%d|%d|%d", cohort, s, n, still))
		}
		program := members[0].Program
		wantNever = append(wantNever, fmt.Sprintf("%s|%s|%d|%d", cohort, program, len(members), nNever))
		enrolled[program] += len(members)
		never[program] += nNever
	}
	for program := range enrolled {
		wantNever = append(wantNever, fmt.Sprintf("<nil>|%s|%d|%d", program, enrolled[program], never[program]))
	}
	sort.Strings(wantShares)
	sort.Strings(wantNever)
	equalRows(t, "cohort_retention", rowsOf(t, db.SQL, `select cohort, session, n_starters, n_still_attending
		from cohort_retention order by all`), wantShares)
	gotNever := rowsOf(t, db.SQL, `select cohort, program, n_enrolled, n_never_started from never_started`)
	sort.Strings(gotNever)
	equalRows(t, "never_started", gotNever, wantNever)
	equalRows(t, "cohort_retention shares that are not n_still_attending / n_starters", rowsOf(t, db.SQL,
		`select cohort, session from cohort_retention where share is distinct from n_still_attending / n_starters`), nil)
	equalRows(t, "never_started rates that are not n_never_started / n_enrolled", rowsOf(t, db.SQL,
		`select cohort, program from never_started where rate is distinct from n_never_started / n_enrolled`), nil)

	// continuation: intro completers (the generator sends some on to advanced cohorts) who came to
	// an advanced cohort that began after their intro cohort ended.
	span := map[string][2]time.Time{}
	rows, err = db.SQL.Query(`select cohort, min(starts_at), max(ends_at) from sessions group by cohort`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var cohort string
		var first, end time.Time
		if err := rows.Scan(&cohort, &first, &end); err != nil {
			t.Fatal(err)
		}
		span[cohort] = [2]time.Time{first, end}
	}
	rows.Close()
	completed, continued := map[string]bool{}, map[string]bool{}
	for _, c := range truth.Retention {
		if c.Program != "intro" || c.Outcome != demo.OutcomeCompleted {
			continue
		}
		completed[c.Email] = true
		for _, a := range truth.Retention {
			if a.Email == c.Email && a.Program == "advanced" && a.SessionsAttended > 0 && span[a.Cohort][0].After(span[c.Cohort][1]) {
				continued[c.Email] = true
			}
		}
	}
	if len(continued) == 0 {
		t.Fatal("the demo should plant intro completers who continue to advanced")
	}
	equalRows(t, "continuation intro → advanced", rowsOf(t, db.SQL, `select n_completed, n_continued from continuation
		where from_program = 'intro' and to_program = 'advanced'`), []string{fmt.Sprintf("%d|%d", len(completed), len(continued))})
}

// TestDoseResponse groups hand-made outcome changes by sessions attended. The four-session cell
// has five members, enough to show its mean and rates; the two-session cell has two, so it shows
// only its n.
func TestDoseResponse(t *testing.T) {
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"outcome_change", "retention"}, func(exec func(string, ...any)) {
		exec(`create table retention as select * from (values
			('a', 'intro', 'p1', 4, 4, 4, 'completed', null::integer),
			('a', 'intro', 'p2', 4, 4, 4, 'completed', null),
			('a', 'intro', 'p3', 4, 2, 2, 'dropped_out', 2),
			('b', 'intro', 'p4', 4, 2, 4, 'completed', null),
			('b', 'intro', 'p5', 4, 4, 4, 'completed', null),
			('b', 'intro', 'p6', 4, 4, 4, 'completed', null),
			('b', 'intro', 'p7', 4, 4, 4, 'completed', null)
		) t(cohort, program, participant_id, sessions_planned, sessions_attended, last_attended, outcome, dropout_after)`)
		exec(`create table outcome_change as select * from (values
			('a', 'p1', 'phq9', 15.0, 7.0, -8.0, -2.61, 'improved', true),
			('a', 'p2', 'phq9', 12.0, 10.0, -2.0, -0.65, 'no_change', false),
			('a', 'p3', 'phq9', 11.0, 18.0, 7.0, 2.29, 'deteriorated', false),
			('b', 'p4', 'phq9', 9.0, 8.0, -1.0, -0.33, 'no_change', null),
			('b', 'p5', 'phq9', 14.0, 6.0, -8.0, -2.61, 'improved', true),
			('b', 'p6', 'phq9', 13.0, 14.0, 1.0, 0.33, 'no_change', false),
			('b', 'p7', 'phq9', 16.0, 9.0, -7.0, -2.29, 'improved', true)
		) t(cohort, participant_id, instrument, baseline, final, change, rci, reliable_change, clinically_significant)`)
	}, "dose_response")
	// Four sessions: p1, p2, p5, p6, p7: changes −8, −2, −8, 1, −7, mean −4.8; 3 of 5 improved.
	equalRows(t, "dose_response", rowsOf(t, db.SQL, `select * from dose_response`), []string{
		"intro|phq9|2|2|<nil>|<nil>|<nil>",
		"intro|phq9|4|5|-4.8|0.6|0",
	})
}

// TestRetentionLogrankByHand works the log-rank test out on hand-made retention. Program p:
// cohort a has dropouts after sessions 1 and 2 and two completers, cohort b four completers
// (four sessions). At session 1, 8 at risk (4 in a), 1 dropout; at session 2, 7 (3 in a), 1.
//
//	O_a = 2, E_a = 4/8 + 3/7 = 0.928571, V_aa = 1·7/(8²·7)·4·4 + 1·6/(7²·6)·3·4 = 0.494898,
//	chisq = (2 − 0.928571)²/0.494898 = 2.319588 on 1 df, p = 0.127754 (R's survdiff agrees).
//
// Program solo has one cohort and program calm no dropouts: no test for either (nulls), as
// survdiff has none. Between the three programs (solo's dropout after session 2 of 3, calm's
// four completers at 2): chisq 1.265954 on 2 df, p 0.531009, as survdiff gives.
func TestRetentionLogrankByHand(t *testing.T) {
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"retention", "sessions"}, func(exec func(string, ...any)) {
		createSessions(exec, plan{cohort: "a", program: "p", sessions: upTo(4)}, plan{cohort: "b", program: "p", sessions: upTo(4)},
			plan{cohort: "s1", program: "solo", sessions: upTo(3)},
			plan{cohort: "c1", program: "calm", sessions: upTo(2)}, plan{cohort: "c2", program: "calm", sessions: upTo(2)})
		var members []member
		add := func(cohort, program string, planned int, outcomes ...int) {
			for i, last := range outcomes {
				m := member{cohort: cohort, program: program, id: fmt.Sprintf("%s%d", cohort, i), planned: planned, attended: last, last: last, outcome: "completed"}
				if last < planned {
					m.outcome = "dropped_out"
				}
				members = append(members, m)
			}
		}
		add("a", "p", 4, 1, 2, 4, 4)
		add("b", "p", 4, 4, 4, 4, 4)
		add("s1", "solo", 3, 2, 3, 3)
		add("c1", "calm", 2, 2, 2)
		add("c2", "calm", 2, 2, 2)
		members = append(members, member{cohort: "b", program: "p", id: "never", planned: 4, outcome: "never_started"})
		createRetention(exec, members...)
	}, "retention_logrank")
	equalRows(t, "retention_logrank", rowsOf(t, db.SQL, `select scope, n_groups, round(chisq, 6), df, round(p_value, 6)
		from retention_logrank`), []string{
		"programs|3|1.265954|2|0.531009",
		"calm|2|<nil>|<nil>|<nil>",
		"p|2|2.319588|1|0.127754",
		"solo|1|<nil>|<nil>|<nil>",
	})
}
