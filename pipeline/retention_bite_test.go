package pipeline_test

// retention_bite_test.go checks, by hand-worked numbers, what the other retention tests leave
// open: the Kaplan–Meier curves under the dropout rules where a completer can miss the final
// session, and how continuation rounds the days between two cohorts.

import (
	"testing"

	"cohesion/pipeline"
)

// TestRetentionCurveUnderDropoutRules builds retention_curve and retention_curve_cohort from the
// attendance of TestDropoutRules under the two rules that let a completer miss the final session
// (f|missed6 under both, f|left4 under min-attended:3). A completer is censored at the cohort's
// final planned session (6), not at their last attended one (5 or 4): they were followed to the
// end. Worked by hand: survival is the product of (1 − d/n) over the sessions with dropouts;
// the limits are survfit's log-log ones, S^exp(∓1.96·se/log S) with se² = Σ d/(n(n − d)),
// e.g. under min-attended:3 for cohort f at session 6, se² = 1/(5·4) + 1/(4·3) = 0.13333 and
// S = 0.8·3/4 = 0.6 gives 0.1257 and 0.8818. Censoring completers at their last attended
// session would leave 2 at risk there and survival 0.4.
func TestRetentionCurveUnderDropoutRules(t *testing.T) {
	patterns := map[[2]string]string{
		{"f", "all"}:       "111111",
		{"f", "missed6"}:   "111110",
		{"f", "left2"}:     "110000",
		{"f", "left4"}:     "111100",
		{"f", "twice"}:     "100001",
		{"f", "never"}:     "000000",
		{"r", "gone"}:      "1100",
		{"r", "one_miss"}:  "1110",
		{"r", "returning"}: "1001",
	}
	for _, tc := range []struct {
		rule            string
		settings        pipeline.Settings
		cohort, program []string // session|at risk|dropped|censored|survival|ci_low|ci_high
	}{
		{
			// f: left2 drops out after 2, twice after 6 (one session short of 3); all, missed6
			// and left4 complete, censored at 6. r runs on: gone, one_miss and returning are
			// censored at 2, 3 and 4.
			rule:     "min-attended:3",
			settings: pipeline.Settings{LateAfterMinutes: 10, LeftEarlyBeforeMinutes: 10, DropoutRule: "min-attended", DropoutN: 3},
			cohort: []string{
				"1|5|0|0|1|<nil>|<nil>",
				"2|5|1|0|0.8|0.2038|0.9692",
				"3|4|0|0|0.8|0.2038|0.9692",
				"4|4|0|0|0.8|0.2038|0.9692",
				"5|4|0|0|0.8|0.2038|0.9692",
				"6|4|1|3|0.6|0.1257|0.8818",
			},
			// 7/8 at 2 (se² = 1/56), then 4 at risk at 6, one drops: 7/8·3/4 = 0.65625
			// (se² = 1/56 + 1/12).
			program: []string{
				"1|8|0|0|1|<nil>|<nil>",
				"2|8|1|1|0.875|0.387|0.9814",
				"3|6|0|1|0.875|0.387|0.9814",
				"4|5|0|1|0.875|0.387|0.9814",
				"5|4|0|0|0.875|0.387|0.9814",
				"6|4|1|3|0.65625|0.1571|0.9086",
			},
		},
		{
			// f: left2 drops out after 2, left4 after 4; all, missed6 (one miss) and twice
			// complete, censored at 6. r: gone drops out after 2 (two misses in a row).
			rule:     "consecutive:2",
			settings: pipeline.Settings{LateAfterMinutes: 10, LeftEarlyBeforeMinutes: 10, DropoutRule: "consecutive", DropoutN: 2},
			cohort: []string{
				"1|5|0|0|1|<nil>|<nil>",
				"2|5|1|0|0.8|0.2038|0.9692",
				"3|4|0|0|0.8|0.2038|0.9692",
				"4|4|1|0|0.6|0.1257|0.8818",
				"5|3|0|0|0.6|0.1257|0.8818",
				"6|3|0|3|0.6|0.1257|0.8818",
			},
			// 6/8 at 2 (se² = 2/48), 4/5 at 4 (se² + 1/20).
			program: []string{
				"1|8|0|0|1|<nil>|<nil>",
				"2|8|2|0|0.75|0.3148|0.9309",
				"3|6|0|1|0.75|0.3148|0.9309",
				"4|5|1|1|0.6|0.1955|0.8523",
				"5|3|0|0|0.6|0.1955|0.8523",
				"6|3|0|3|0.6|0.1955|0.8523",
			},
		},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			db := openTemp(t)
			buildOver(t, db, tc.settings, []string{"sessions", "attendance", "stg_roster"}, func(exec func(string, ...any)) {
				createSessions(exec, plan{cohort: "f", program: "p", sessions: upTo(6)},
					plan{cohort: "r", program: "p", sessions: upTo(6), notHeld: []int{5, 6}})
				createAttendance(exec, map[string][]int{"f": upTo(6), "r": upTo(4)}, patterns)
			}, "retention_curve", "retention_curve_cohort")
			curve := func(table, where string) []string {
				return rowsOf(t, db.SQL, `select session, n_at_risk, n_dropped, n_censored, round(survival, 6),
					round(ci_low, 4), round(ci_high, 4) from `+table+` where `+where+` order by session`)
			}
			equalRows(t, "retention_curve_cohort f", curve("retention_curve_cohort", "cohort = 'f'"), tc.cohort)
			equalRows(t, "retention_curve p", curve("retention_curve", "program = 'p'"), tc.program)
		})
	}
}

// TestContinuationRoundsDays: days between are rounded to the nearest whole day, not cut down or
// up. intro-1's last session ends Tuesday 27 January 2026 at 19:30 UTC. p1 first comes to
// advanced on 10 February at 18:00, 13 days 22.5 hours later: 14 days. p2 first comes to an early
// group on 3 February at 07:00, 6 days 11.5 hours later: 6 days.
func TestContinuationRoundsDays(t *testing.T) {
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"sessions", "attendance", "stg_roster"}, func(exec func(string, ...any)) {
		createSessions(exec,
			plan{cohort: "intro-1", program: "intro", sessions: upTo(4), first: "2026-01-06"},
			plan{cohort: "adv-1", program: "advanced", sessions: upTo(2), first: "2026-02-10"})
		for s, day := range []string{"2026-02-03", "2026-02-10"} {
			exec(`insert into sessions values ('early-1', 'early', ?, ?::timestamptz, ?::timestamptz + interval 90 minute, true)`,
				s+1, day+" 07:00:00+00", day+" 07:00:00+00")
		}
		createAttendance(exec, map[string][]int{"intro-1": upTo(4), "adv-1": upTo(2), "early-1": upTo(2)},
			map[[2]string]string{
				{"intro-1", "p1"}: "1111", {"adv-1", "p1"}: "11",
				{"intro-1", "p2"}: "1111", {"early-1", "p2"}: "11",
			})
	}, "continuation")
	equalRows(t, "continuation from intro", rowsOf(t, db.SQL, `select to_program, n_completed, n_continued, median_days_between
		from continuation where from_program = 'intro' order by to_program`), []string{
		"advanced|2|1|14",
		"early|2|1|6",
	})
}
