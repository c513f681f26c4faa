// Tests of expected_response and check_on's not_on_track reason on a generated history of
// finished cohorts, against percentiles worked out here.

package pipeline_test

import (
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"cohesion/pipeline"
	"cohesion/queries"
)

// quantile7 is R's quantile(x, p, type = 7): h = (n − 1)p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
func quantile7(x []float64, p float64) float64 {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	h := float64(len(s)-1) * p
	lo := math.Floor(h)
	if int(lo)+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[int(lo)] + (h-lo)*(s[int(lo)+1]-s[int(lo)])
}

// history is a generated practice: six finished intro cohorts of 20 members before the target
// cohort, one intro cohort that ended after the target began and an advanced cohort (neither
// may count), and the target cohort itself. ORS totals at sessions 1 to 3.
type history struct {
	plans  []plan
	scores map[string]map[int]float64 // "cohort|participant" → session → ORS total
}

func generatedHistory() history {
	h := history{scores: map[string]map[int]float64{}}
	add := func(cohort, id string, totals ...float64) {
		m := map[int]float64{}
		for i, v := range totals {
			m[i+1] = v
		}
		h.scores[cohort+"|"+id] = m
	}
	for k := 0; k < 6; k++ {
		cohort := fmt.Sprintf("intro-%02d", k+1)
		h.plans = append(h.plans, plan{cohort: cohort, program: "intro", sessions: upTo(3),
			first: fmt.Sprintf("2025-%02d-06", k+1)})
		for j := 0; j < 20; j++ {
			i := k*20 + j
			intake := float64(5 + i*7%30)
			add(cohort, fmt.Sprintf("p%03d", i), intake, intake+float64(i*13%21-5), intake+float64(i*11%17-3)+0.5)
		}
	}
	// Who joins the target cohort again: their earlier change is extreme, so counting it would
	// move the high percentiles.
	add("intro-01", "again", 20, 40, 40)
	// An intro cohort still running when the target began, and another program: extreme too.
	h.plans = append(h.plans, plan{cohort: "intro-late", program: "intro", sessions: upTo(3), first: "2025-12-29"})
	h.plans = append(h.plans, plan{cohort: "adv-01", program: "advanced", sessions: upTo(3), first: "2025-03-06"})
	for j := 0; j < 10; j++ {
		add("intro-late", fmt.Sprintf("late%d", j), 20, 0, 0)
		add("adv-01", fmt.Sprintf("adv%d", j), 20, 0, 0)
	}
	h.plans = append(h.plans, plan{cohort: "target", program: "intro", sessions: upTo(4), notHeld: []int{4}, first: "2026-01-06"})
	add("target", "again", 20, 22)    // on track: an ordinary change
	add("target", "behind", 20, 1)    // not on track: far below p10 of the middle band
	add("target", "ahead", 20, 35)    // well above p90: not a reason
	add("target", "single", 20)       // no change yet
	add("target", "fell3", 30, 30, 2) // not on track at their latest session, 3
	return h
}

// buildExpected builds expected_response and check_on over the history's sessions and ORS totals.
func buildExpected(t *testing.T, h history, s pipeline.Settings) *pipeline.DB {
	t.Helper()
	db := openTemp(t)
	buildOver(t, db, s,
		[]string{"sessions", "attendance", "retention", "cohesion_member", "outcome_change"},
		func(exec func(string, ...any)) {
			createSessions(exec, h.plans...)
			// instruments (and instrument_items) as the models build them: upstream of
			// cohesion_member, so buildOver leaves them out.
			for _, name := range []string{"instrument_items", "instruments"} {
				text, err := fs.ReadFile(queries.Models, name+".sql")
				if err != nil {
					t.Fatal(err)
				}
				exec("create table " + name + " as (\n" + string(text) + "\n)")
			}
			exec(`create table attendance (cohort varchar, program varchar, session integer, participant_id varchar,
				status varchar, minutes_present integer, late_minutes integer, left_early_minutes integer)`)
			exec(`create table outcome_change (cohort varchar, participant_id varchar, instrument varchar,
				baseline double, final double, change double, rci double, reliable_change varchar,
				clinically_significant boolean)`)
			exec(`create table retention (cohort varchar, program varchar, participant_id varchar)`)
			exec(`create table cohesion_member (cohort varchar, session integer, participant_id varchar,
				instrument varchar, scale varchar, score double, items_answered integer)`)
			for key, totals := range h.scores {
				cohort, id, _ := strings.Cut(key, "|")
				exec(`insert into retention values (?, 'intro', ?)`, cohort, id)
				for session, v := range totals {
					exec(`insert into cohesion_member values (?, ?, ?, 'ors', 'total', ?, 4)`, cohort, session, id, v)
				}
			}
		},
		"expected_response", "check_on")

	return db
}

func TestExpectedResponse(t *testing.T) {
	h := generatedHistory()
	db := buildExpected(t, h, pipeline.DefaultSettings)

	// The target's reference members: the six earlier intro cohorts, without "again".
	var intakes []float64
	type ref struct{ intake, change2, change3 float64 }
	var refs []ref
	for key, totals := range h.scores {
		cohort, id, _ := strings.Cut(key, "|")
		if !strings.HasPrefix(cohort, "intro-0") || id == "again" {
			continue
		}
		intakes = append(intakes, totals[1])
		refs = append(refs, ref{totals[1], totals[2] - totals[1], totals[3] - totals[1]})
	}
	if len(refs) != 120 {
		t.Fatalf("%d reference members, want 120", len(refs))
	}
	q1, q2 := quantile7(intakes, 1.0/3), quantile7(intakes, 2.0/3)
	band := func(intake float64) int {
		switch {
		case intake <= q1:
			return 1
		case intake <= q2:
			return 2
		}
		return 3
	}
	var want []string
	for b := 1; b <= 3; b++ {
		for session := 2; session <= 3; session++ {
			var changes []float64
			for _, r := range refs {
				if band(r.intake) == b {
					changes = append(changes, map[int]float64{2: r.change2, 3: r.change3}[session])
				}
			}
			want = append(want, fmt.Sprintf("%d|%d|%d|%.6f|%.6f|%.6f", b, session, len(changes),
				quantile7(changes, 0.1), quantile7(changes, 0.5), quantile7(changes, 0.9)))
		}
	}
	got := rowsOf(t, db.SQL, `
		select intake_band, session, n, printf('%.6f', p10), printf('%.6f', p50), printf('%.6f', p90)
		from expected_response where cohort = 'target' and instrument = 'ors'
		order by intake_band, session`)
	equalRows(t, "expected_response for the target cohort", got, want)
	if got := rowsOf(t, db.SQL, `select count(*) from expected_response where cohort in ('intro-01', 'adv-01')`); got[0] != "0" {
		t.Errorf("the first cohort of each program has %s expected_response rows, want none (no earlier cohort)", got[0])
	}
	bounds := rowsOf(t, db.SQL, `select distinct printf('%.6f', coalesce(intake_low, -1)), printf('%.6f', coalesce(intake_high, -1))
		from expected_response where cohort = 'target' order by 1`)
	wantBounds := []string{"-1.000000|" + strconv.FormatFloat(q1, 'f', 6, 64),
		strconv.FormatFloat(q1, 'f', 6, 64) + "|" + strconv.FormatFloat(q2, 'f', 6, 64),
		strconv.FormatFloat(q2, 'f', 6, 64) + "|-1.000000"}
	sort.Strings(wantBounds)
	equalRows(t, "intake band bounds", bounds, wantBounds)

	equalRows(t, "not on track", rowsOf(t, db.SQL, `
		select participant_id, session from check_on where reason = 'not_on_track' and cohort = 'target' order by all`),
		[]string{"behind|2", "fell3|3"})

	// run --norm-min 200: no cell has that many earlier members, so no one is off track.
	strict := pipeline.DefaultSettings
	strict.NormMin = 200
	db = buildExpected(t, h, strict)
	equalRows(t, "not on track with --norm-min 200", rowsOf(t, db.SQL, `
		select participant_id, session from check_on where reason = 'not_on_track' order by all`), nil)
}

// TestExpectedResponseWindow: of 30 earlier finished cohorts, the 24 that ended last are the
// reference; the six oldest are not.
func TestExpectedResponseWindow(t *testing.T) {
	h := history{scores: map[string]map[int]float64{}}
	for k := 1; k <= 30; k++ {
		cohort := fmt.Sprintf("intro-%02d", k)
		h.plans = append(h.plans, plan{cohort: cohort, program: "intro", sessions: upTo(2),
			first: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 14*k).Format(time.DateOnly)})
		h.scores[cohort+"|m"] = map[int]float64{1: 20, 2: 20 + float64(k)} // the change tells the cohort
	}
	h.plans = append(h.plans, plan{cohort: "target", program: "intro", sessions: upTo(2), notHeld: []int{2}, first: "2026-06-02"})
	h.scores["target|t"] = map[int]float64{1: 20}
	db := buildExpected(t, h, pipeline.DefaultSettings)
	equalRows(t, "the target's reference", rowsOf(t, db.SQL, `
		select sum(n), printf('%.1f', min(p10)), printf('%.1f', max(p90))
		from expected_response where cohort = 'target' and session = 2`),
		// all intakes are 20: one band holds every member, changes 7 to 30
		[]string{fmt.Sprintf("24|%.1f|%.1f", quantile7(seq(7, 30), 0.1), quantile7(seq(7, 30), 0.9))})
}

func seq(from, to int) []float64 {
	var x []float64
	for i := from; i <= to; i++ {
		x = append(x, float64(i))
	}
	return x
}
