package pipeline_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"cohesion/pipeline/demo"
)

// TestDemoTruth generates a program, loads it, builds the models and checks that the marts
// recover exactly the attendance, retention and unmatched names the generator planted.
func TestDemoTruth(t *testing.T) {
	for _, cfg := range []demo.Config{{Seed: 1, Cohorts: 6}, {Seed: 42, Cohorts: 30}} {
		t.Run(fmt.Sprintf("seed%d_cohorts%d", cfg.Seed, cfg.Cohorts), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "program")
			truth, err := demo.Generate(dir, cfg)
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

			var want []string
			for _, a := range truth.Attendance {
				want = append(want, fmt.Sprintf("%s|%d|%s|%s|%d|%d|%d", a.Cohort, a.Session, a.Email, a.Status, a.MinutesPresent, a.LateMinutes, a.LeftEarlyMinutes))
			}
			sort.Strings(want)
			equalRows(t, "attendance", rowsOf(t, db.SQL, `
				select a.cohort, a.session, p.email, a.status, a.minutes_present, a.late_minutes, a.left_early_minutes
				from attendance a join pii_people p using (participant_id)
				order by all`), want)

			want = nil
			for _, r := range truth.Retention {
				want = append(want, fmt.Sprintf("%s|%s|%s|%d|%d|%d|%s|%d", r.Cohort, r.Program, r.Email, r.SessionsPlanned, r.SessionsAttended, r.LastAttended, r.Outcome, r.DropoutAfter))
			}
			sort.Strings(want)
			equalRows(t, "retention", rowsOf(t, db.SQL, `
				select r.cohort, r.program, p.email, r.sessions_planned, r.sessions_attended,
					coalesce(r.last_attended, 0), r.outcome, coalesce(r.dropout_after, 0)
				from retention r join pii_people p using (participant_id)
				order by all`), want)

			want = nil
			for _, u := range truth.Unmatched {
				want = append(want, fmt.Sprintf("%s|%d|%s|%s", u.Cohort, u.Session, u.Name, u.Email))
			}
			sort.Strings(want)
			want = dedupe(want)
			equalRows(t, "unmatched_names", rowsOf(t, db.SQL, `
				select distinct cohort, session, name, coalesce(email, '') from unmatched_names order by all`), want)

			want = nil
			for _, tie := range truth.Ties {
				want = append(want, fmt.Sprintf("%s|%d|%s|%s", tie.Cohort, tie.Session, tie.Email, tie.NamedEmail))
			}
			sort.Strings(want)
			if len(want) == 0 {
				t.Fatal("the generator planted no support ties")
			}
			equalRows(t, "support_ties", rowsOf(t, db.SQL, `
				select t.cohort, t.session, a.email, b.email
				from support_ties t join pii_people a using (participant_id)
				join pii_people b on b.participant_id = t.named_participant_id
				order by all`), want)

			want = nil
			for _, o := range truth.Outcomes {
				want = append(want, fmt.Sprintf("%s|%s|%s|%d|%d", o.Cohort, o.Email, o.Instrument, o.Baseline, o.Final))
			}
			sort.Strings(want)
			if len(want) == 0 {
				t.Fatal("the generator planted no outcome measures")
			}
			equalRows(t, "outcome_change", rowsOf(t, db.SQL, `
				select o.cohort, p.email, o.instrument, o.baseline::integer, o.final::integer
				from outcome_change o join pii_people p using (participant_id)
				order by all`), want)
			// check_on's attendance and deterioration reasons, worked out here from what was
			// planted: absent at the cohort's last held session, and a fall of 5 or more on the
			// ORS or a rise of 8 or more on the CORE-10 (its reliable change at 95% is 7.15).
			lastHeld := map[string]int{}
			for _, a := range truth.Attendance {
				lastHeld[a.Cohort] = max(lastHeld[a.Cohort], a.Session)
			}
			want = nil
			for _, a := range truth.Attendance {
				if a.Session == lastHeld[a.Cohort] && a.Status == demo.StatusAbsent {
					want = append(want, fmt.Sprintf("%s|%d|%s|missed_last_session", a.Cohort, a.Session, a.Email))
				}
			}
			for _, o := range truth.Outcomes {
				if (o.Instrument == "ors" && o.Final-o.Baseline <= -5) || (o.Instrument == "core10" && o.Final-o.Baseline >= 8) {
					want = append(want, fmt.Sprintf("%s|%s|%s|reliable_deterioration", o.Cohort, "-", o.Email))
				}
			}
			sort.Strings(want)
			if len(want) == 0 {
				t.Fatal("the generator planted nobody to check on")
			}
			checkOn := rowsOf(t, db.SQL, `
				select c.cohort, case when c.reason = 'missed_last_session' then c.session::varchar else '-' end,
					p.email, c.reason
				from check_on c join pii_people p using (participant_id)
				where c.reason in ('missed_last_session', 'reliable_deterioration')`)
			sort.Strings(checkOn)
			equalRows(t, "check_on", checkOn, want)

			if got := rowsOf(t, db.SQL, `select count(*) > 0 from comments`); got[0] != "true" {
				t.Error("the generated check-ins' free text is not in comments")
			}

			outcomes := rowsOf(t, db.SQL, `select distinct outcome from retention order by all`)
			if len(outcomes) != 4 {
				t.Errorf("demo should plant all four outcomes, got %v", outcomes)
			}
		})
	}
}

func dedupe(sorted []string) []string {
	var out []string
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}
