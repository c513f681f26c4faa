package pipeline_test

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"cohesion/pipeline"
)

// TestRetentionCurveDelayedEntry checks Kaplan–Meier with members enrolled from a later session
// (roster from_session) against R: testdata/survival/delayed_entry.csv is what
// delayed_entry.R prints, survfit(Surv(from_session - 1, exit, dropped)) with log-log limits.
func TestRetentionCurveDelayedEntry(t *testing.T) {
	members := []struct {
		id         string
		from, exit int
		dropped    bool
	}{
		{"a", 1, 8, false}, {"b", 1, 2, true}, {"c", 1, 3, true}, {"d", 1, 8, false}, {"e", 1, 5, true},
		{"f", 3, 8, false}, {"g", 3, 4, true}, {"h", 4, 8, false}, {"i", 1, 1, true}, {"j", 5, 6, true},
		{"k", 1, 8, false}, {"l", 3, 5, true}, {"m", 2, 2, true}, {"n", 6, 8, false},
	}
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"retention", "sessions"}, func(exec func(string, ...any)) {
		createSessions(exec, plan{cohort: "c", program: "p", sessions: upTo(8)})
		exec(`create table retention (cohort varchar, program varchar, participant_id varchar,
			sessions_planned integer, sessions_attended integer, last_attended integer,
			outcome varchar, dropout_after integer, from_session integer)`)
		for _, m := range members {
			outcome, after := "completed", any(nil)
			if m.dropped {
				outcome, after = "dropped_out", m.exit
			}
			exec(`insert into retention values ('c', 'p', ?, ?, ?, ?, ?, ?, ?)`,
				m.id, 9-m.from, m.exit-m.from+1, m.exit, outcome, after, m.from)
		}
	}, "retention_curve")
	f, err := os.Open("../testdata/survival/delayed_entry.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.SQL.Query(`select session, n_at_risk, n_dropped, survival, ci_low, ci_high
		from retention_curve where program = 'p' order by session`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 1
	for ; rows.Next(); i++ {
		var session, atRisk, dropped int
		var s, lo, hi float64
		if err := rows.Scan(&session, &atRisk, &dropped, &s, &lo, &hi); err != nil {
			t.Fatal(err)
		}
		if i >= len(want) {
			t.Fatalf("extra session %d", session)
		}
		r := want[i]
		num := func(k int) float64 { x, _ := strconv.ParseFloat(r[k], 64); return x }
		if strconv.Itoa(session) != r[0] || strconv.Itoa(atRisk) != r[1] || strconv.Itoa(dropped) != r[2] {
			t.Errorf("session %d: at risk %d, dropped %d; R: %v", session, atRisk, dropped, r)
		}
		for k, got := range []float64{s, lo, hi} {
			if math.Abs(got-num(3+k)) > 1e-6 {
				t.Errorf("session %d: %s %.9f, R %s", session, want[0][3+k], got, r[3+k])
			}
		}
	}
	if i != len(want) {
		t.Errorf("%d sessions, R gives %d", i-1, len(want)-1)
	}
}
