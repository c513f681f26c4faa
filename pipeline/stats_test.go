package pipeline_test

// stats_test.go checks the research statistics on the generated practice
// (testdata/stats/practice) against the values R computed from the same files with the
// reference packages (testdata/stats/practice.R, practice.json), to 1e-6. R is not needed here.

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"cohesion/pipeline"
	"cohesion/queries"
)

// practiceReference is testdata/stats/practice.json; a null is a nil pointer.
type practiceReference struct {
	Rwg []struct {
		Instrument, Scale, Cohort string
		Session                   int
		Rwg                       *float64
		RwgN                      int `json:"rwg_n"`
	}
	ICC []struct {
		Instrument, Scale string
		NGroups           int `json:"n_groups"`
		NMembers          int `json:"n_members"`
		ICC1, ICC2        float64
		ICC1Low           float64 `json:"icc1_ci_low"`
		ICC1High          float64 `json:"icc1_ci_high"`
		ICC2Low           float64 `json:"icc2_ci_low"`
		ICC2High          float64 `json:"icc2_ci_high"`
		ICC1MeanGroupSize float64 `json:"icc1_mean_group_size"`
	}
	Alpha []struct {
		Instrument, Scale string
		NForms            int `json:"n_forms"`
		NItems            int `json:"n_items"`
		Alpha             float64
	}
	Logrank []struct {
		Scope     string
		NGroups   int `json:"n_groups"`
		Chisq, DF *float64
		PValue    *float64 `json:"p_value"`
	}
	Cox []struct {
		Instrument, Scale string
		NMembers          int `json:"n_members"`
		NEvents           int `json:"n_events"`
		Coef              float64
		HazardRatio       float64 `json:"hazard_ratio"`
		RobustSE          float64 `json:"robust_se"`
		CILow             float64 `json:"ci_low"`
		CIHigh            float64 `json:"ci_high"`
		PValue            float64 `json:"p_value"`
	}
}

func readPracticeReference(t *testing.T) practiceReference {
	t.Helper()
	b, err := os.ReadFile("../testdata/stats/practice.json")
	if err != nil {
		t.Fatal(err)
	}
	var r practiceReference
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// deviation keeps the largest absolute difference from R of one mart's values and reports
// every value further than 1e-6, or null on one side only.
type deviation struct {
	t     *testing.T
	mart  string
	worst float64
	n     int
}

func (d *deviation) check(what string, got, want *float64) {
	d.t.Helper()
	d.n++
	switch {
	case got == nil && want == nil:
		return
	case got == nil || want == nil:
		d.t.Errorf("%s %s: got %v, R %v", d.mart, what, deref(got), deref(want))
		return
	}
	diff := math.Abs(*got - *want)
	if math.IsNaN(diff) || diff > 1e-6 {
		d.t.Errorf("%s %s: got %.10g, R %.10g", d.mart, what, *got, *want)
	}
	if diff > d.worst {
		d.worst = diff
	}
}

func (d *deviation) report() {
	d.t.Helper()
	if d.n == 0 {
		d.t.Errorf("%s: nothing compared with R", d.mart)
	}
	d.t.Logf("%s: %d values, largest absolute difference from R %.3g", d.mart, d.n, d.worst)
}

func deref(p *float64) any {
	if p == nil {
		return "null"
	}
	return *p
}

func ptr(x float64) *float64 { return &x }

// TestStatsAgainstR loads the practice, runs every model and compares rwg, the ICCs and their
// intervals, Cronbach's alpha, the log-rank tests and the Cox models of dropout with R's.
func TestStatsAgainstR(t *testing.T) {
	ref := readPracticeReference(t)
	db := openTemp(t)
	for _, r := range load(t, db, practiceDir) {
		if r.Err != nil || r.Skipped != "" {
			t.Fatalf("%s", r)
		}
	}
	build(t, db)

	rwg := map[string]*float64{}
	rwgN := map[string]float64{}
	for _, row := range queryFloats(t, db.SQL, `select concat_ws('|', instrument, scale, cohort, session), rwg, rwg_n from cohesion_group`) {
		if !math.IsNaN(row.values[0]) {
			rwg[row.key] = ptr(row.values[0])
		}
		rwgN[row.key] = row.values[1]
	}
	d := deviation{t: t, mart: "cohesion_group.rwg (multilevel::rwg.j, rwg)"}
	for _, r := range ref.Rwg {
		key := fmt.Sprintf("%s|%s|%s|%d", r.Instrument, r.Scale, r.Cohort, r.Session)
		d.check(key, rwg[key], r.Rwg)
		if rwgN[key] != float64(r.RwgN) {
			t.Errorf("rwg_n %s: %v, R's gsize %d", key, rwgN[key], r.RwgN)
		}
		delete(rwg, key)
	}
	for key, v := range rwg {
		t.Errorf("cohesion_group %s: rwg %v where R has no group", key, *v)
	}
	d.report()

	icc := map[string][]float64{}
	for _, row := range queryFloats(t, db.SQL, `select instrument || '|' || scale, n_groups, n_members, icc1, icc2,
		icc1_ci_low, icc1_ci_high, icc2_ci_low, icc2_ci_high from cohesion_icc`) {
		icc[row.key] = row.values
	}
	d = deviation{t: t, mart: "cohesion_icc"}
	for _, r := range ref.ICC {
		key := r.Instrument + "|" + r.Scale
		got, ok := icc[key]
		if !ok {
			t.Errorf("cohesion_icc has no %s", key)
			continue
		}
		if got[0] != float64(r.NGroups) || got[1] != float64(r.NMembers) {
			t.Errorf("cohesion_icc %s: %v groups, %v members; R %d, %d", key, got[0], got[1], r.NGroups, r.NMembers)
		}
		for i, want := range []float64{r.ICC1, r.ICC2, r.ICC1Low, r.ICC1High, r.ICC2Low, r.ICC2High} {
			d.check(fmt.Sprintf("%s column %d", key, i+3), ptr(got[i+2]), ptr(want))
		}
		// k0 is not N/G: with attendance making groups unequal, multilevel::ICC1 differs.
		if math.Abs(got[2]-r.ICC1MeanGroupSize) < 1e-9 {
			t.Errorf("cohesion_icc %s: ICC(1) %v equals multilevel::ICC1's N/G value; the k0 choice is not in force", key, got[2])
		}
	}
	if len(icc) != len(ref.ICC) {
		t.Errorf("cohesion_icc has %d scales, R %d", len(icc), len(ref.ICC))
	}
	d.report()

	alpha := map[string][]float64{}
	for _, row := range queryFloats(t, db.SQL, `select instrument || '|' || scale, n_forms, n_items, alpha from scale_reliability`) {
		alpha[row.key] = row.values
	}
	d = deviation{t: t, mart: "scale_reliability (psych::alpha raw_alpha)"}
	for _, r := range ref.Alpha {
		key := r.Instrument + "|" + r.Scale
		got, ok := alpha[key]
		if !ok {
			t.Errorf("scale_reliability has no %s", key)
			continue
		}
		if got[0] != float64(r.NForms) || got[1] != float64(r.NItems) {
			t.Errorf("scale_reliability %s: %v forms, %v items; R %d, %d", key, got[0], got[1], r.NForms, r.NItems)
		}
		d.check(key, ptr(got[2]), ptr(r.Alpha))
	}
	if len(alpha) != len(ref.Alpha) {
		t.Errorf("scale_reliability has %d scales, R %d", len(alpha), len(ref.Alpha))
	}
	d.report()

	logrank := map[string][]float64{}
	for _, row := range queryFloats(t, db.SQL, `select scope, n_groups, chisq, df, p_value from retention_logrank`) {
		logrank[row.key] = row.values
	}
	d = deviation{t: t, mart: "retention_logrank (survival::survdiff)"}
	for _, r := range ref.Logrank {
		got, ok := logrank[r.Scope]
		if !ok {
			t.Errorf("retention_logrank has no scope %s", r.Scope)
			continue
		}
		if got[0] != float64(r.NGroups) {
			t.Errorf("retention_logrank %s: %v groups, R %d", r.Scope, got[0], r.NGroups)
		}
		for i, want := range []*float64{r.Chisq, r.DF, r.PValue} {
			var g *float64
			if !math.IsNaN(got[i+1]) {
				g = ptr(got[i+1])
			}
			d.check(fmt.Sprintf("%s column %d", r.Scope, i+2), g, want)
		}
	}
	if len(logrank) != len(ref.Logrank) {
		t.Errorf("retention_logrank has %d scopes, R %d", len(logrank), len(ref.Logrank))
	}
	d.report()

	dropout := map[string][]float64{}
	for _, row := range queryFloats(t, db.SQL, `select instrument || '|' || scale, n_members, n_events, coef,
		hazard_ratio, robust_se, ci_low, ci_high, p_value, (note is not null)::int from cohesion_dropout`) {
		dropout[row.key] = row.values
	}
	d = deviation{t: t, mart: "cohesion_dropout (survival::coxph)"}
	for _, r := range ref.Cox {
		key := r.Instrument + "|" + r.Scale
		got, ok := dropout[key]
		if !ok {
			t.Errorf("cohesion_dropout has no %s", key)
			continue
		}
		if got[0] != float64(r.NMembers) || got[1] != float64(r.NEvents) || got[8] != 0 {
			t.Errorf("cohesion_dropout %s: %v members, %v dropouts, note %v; R %d, %d", key, got[0], got[1], got[8], r.NMembers, r.NEvents)
		}
		for i, want := range []float64{r.Coef, r.HazardRatio, r.RobustSE, r.CILow, r.CIHigh, r.PValue} {
			d.check(fmt.Sprintf("%s column %d", key, i+5), ptr(got[i+2]), ptr(want))
		}
	}
	if len(dropout) != len(ref.Cox) {
		t.Errorf("cohesion_dropout has %d scales, R %d (PHQ-9, scored at session 1 only, is not followed)", len(dropout), len(ref.Cox))
	}
	d.report()
	// The planted effect: lower engagement raises the hazard, and the interval says so.
	if e := dropout["gcqs|engagement"]; len(e) == 0 || !(e[6] < 1) {
		t.Errorf("cohesion_dropout engagement: %v; the practice plants a hazard ratio below 1", e)
	}
}

// createModel creates one model's table from its own SQL, for a hand-made test whose given
// tables sit downstream of it (instrument_items, which item_scores reads).
func createModel(t *testing.T, exec func(string, ...any), name string) {
	t.Helper()
	models, _, err := pipeline.ReadModels(queries.Models)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range models {
		if m.Name == name {
			exec(fmt.Sprintf("create table %s as (%s)", name, m.SQL))
			return
		}
	}
	t.Fatalf("no model %s", name)
}

// TestScaleReliabilityByHand works alpha out on hand-made item answers:
//
//	GCQ-S avoidance (items 3, 5, 9), three complete forms: 1 2 3, 2 2 4, 3 5 5; a fourth with
//	item 5 blank is left out. Item variances 1, 3, 1 (Σ 5); sums 6, 8, 13, variance 13;
//	alpha = 3/2 · (1 − 5/13) = 12/13 = 0.923077.
//	GCQ-S conflict: one complete form, so alpha is null (n_forms 1).
//	ORS: two forms whose totals are both 10, so the sums do not vary: null.
//	The check-in's connected has one item: no row.
func TestScaleReliabilityByHand(t *testing.T) {
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"item_scores"}, func(exec func(string, ...any)) {
		createModel(t, exec, "instrument_items")
		exec(`create table item_scores as select * from (values
			('c', 1, 'p1', 'gcqs', 'avoidance', 'gcq_3', 1.0), ('c', 1, 'p1', 'gcqs', 'avoidance', 'gcq_5', 2.0),
			('c', 1, 'p1', 'gcqs', 'avoidance', 'gcq_9', 3.0),
			('c', 1, 'p2', 'gcqs', 'avoidance', 'gcq_3', 2.0), ('c', 1, 'p2', 'gcqs', 'avoidance', 'gcq_5', 2.0),
			('c', 1, 'p2', 'gcqs', 'avoidance', 'gcq_9', 4.0),
			('c', 2, 'p1', 'gcqs', 'avoidance', 'gcq_3', 3.0), ('c', 2, 'p1', 'gcqs', 'avoidance', 'gcq_5', 5.0),
			('c', 2, 'p1', 'gcqs', 'avoidance', 'gcq_9', 5.0),
			('c', 2, 'p2', 'gcqs', 'avoidance', 'gcq_3', 4.0), ('c', 2, 'p2', 'gcqs', 'avoidance', 'gcq_9', 6.0),
			('c', 1, 'p1', 'gcqs', 'conflict', 'gcq_6', 1.0), ('c', 1, 'p1', 'gcqs', 'conflict', 'gcq_7', 1.0),
			('c', 1, 'p1', 'gcqs', 'conflict', 'gcq_10', 2.0), ('c', 1, 'p1', 'gcqs', 'conflict', 'gcq_12', 0.0),
			('c', 1, 'p1', 'ors', 'total', 'ors_1', 1.0), ('c', 1, 'p1', 'ors', 'total', 'ors_2', 2.0),
			('c', 1, 'p1', 'ors', 'total', 'ors_3', 3.0), ('c', 1, 'p1', 'ors', 'total', 'ors_4', 4.0),
			('c', 1, 'p2', 'ors', 'total', 'ors_1', 4.0), ('c', 1, 'p2', 'ors', 'total', 'ors_2', 3.0),
			('c', 1, 'p2', 'ors', 'total', 'ors_3', 2.0), ('c', 1, 'p2', 'ors', 'total', 'ors_4', 1.0),
			('c', 1, 'p1', 'checkin', 'connected', 'connected', 7.0), ('c', 1, 'p2', 'checkin', 'connected', 'connected', 3.0)
		) t(cohort, session, participant_id, instrument, scale, item, value)`)
	}, "scale_reliability")
	equalRows(t, "scale_reliability", rowsOf(t, db.SQL, `select instrument, scale, n_forms, n_items, round(alpha, 6)
		from scale_reliability`), []string{
		"gcqs|avoidance|3|3|0.923077",
		"gcqs|conflict|1|4|<nil>",
		"ors|total|2|4|<nil>",
	})
}

// TestCohesionDropoutEdgeCases builds cohesion_dropout over hand-made retention and scores:
// cohorts a and b of program p, four sessions each; a2 drops out after session 1, a3 after 2,
// b2 after 3, the other five complete.
//
//	engagement, scored once (session 1) by all eight: a GCQ-S scale is followed however often it
//	  was answered, its score carried forward; the dropouts are not the extremes, so it is fitted.
//	avoidance: at each dropout the member leaving has the lowest score still at risk (a2 1, a3 2,
//	  b2 3, the rest 4 to 6): perfect separation, said so, no ratio.
//	conflict, scored only by completers: no dropouts among those followed.
//	connected, scored in cohort a only: one cohort, so an estimate without an interval.
//	ORS, scored at session 1 only: not a GCQ-S scale, and one session: not followed.
func TestCohesionDropoutEdgeCases(t *testing.T) {
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"retention", "sessions", "cohesion_member"}, func(exec func(string, ...any)) {
		createSessions(exec, plan{cohort: "a", program: "p", sessions: upTo(4)}, plan{cohort: "b", program: "p", sessions: upTo(4)})
		exits := map[string]int{"a1": 4, "a2": 1, "a3": 2, "a4": 4, "b1": 4, "b2": 3, "b3": 4, "b4": 4}
		var members []member
		for _, id := range []string{"a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4"} {
			m := member{cohort: id[:1], program: "p", id: id, planned: 4, attended: exits[id], last: exits[id], outcome: "completed"}
			if exits[id] < 4 {
				m.outcome = "dropped_out"
			}
			members = append(members, m)
		}
		createRetention(exec, members...)
		exec(`create table cohesion_member (cohort varchar, session integer, participant_id varchar,
			instrument varchar, scale varchar, score double, items_answered integer)`)
		add := func(instrument, scale string, session int, scores map[string]float64) {
			for id, score := range scores {
				exec(`insert into cohesion_member values (?, ?, ?, ?, ?, ?, 1)`, id[:1], session, id, instrument, scale, score)
			}
		}
		add("gcqs", "engagement", 1, map[string]float64{"a1": 5, "a2": 2, "a3": 4.5, "a4": 3, "b1": 4, "b2": 3.5, "b3": 5, "b4": 2.5})
		add("gcqs", "avoidance", 1, map[string]float64{"a1": 4, "a2": 1, "a3": 2, "a4": 4.5, "b1": 5, "b2": 3, "b3": 5.5, "b4": 6})
		add("gcqs", "conflict", 1, map[string]float64{"a1": 1, "a4": 2, "b1": 1.5, "b3": 3, "b4": 0.5})
		add("gcqs", "conflict", 2, map[string]float64{"a1": 2, "a4": 2, "b1": 1, "b3": 2.5, "b4": 1})
		add("checkin", "connected", 1, map[string]float64{"a1": 7, "a2": 3, "a3": 6, "a4": 6})
		add("checkin", "connected", 2, map[string]float64{"a1": 8, "a3": 9, "a4": 7})
		add("ors", "total", 1, map[string]float64{"a1": 20, "a2": 12, "b1": 30})
	}, "cohesion_dropout")
	equalRows(t, "cohesion_dropout", rowsOf(t, db.SQL, `select instrument, scale, n_members, n_events,
		coef is not null, robust_se is not null, ci_low is not null, p_value is not null, coalesce(split_part(note, ':', 1), '')
		from cohesion_dropout`), []string{
		"checkin|connected|4|2|true|false|false|false|one cohort",
		"gcqs|avoidance|8|3|false|false|false|false|perfect separation",
		"gcqs|conflict|5|0|false|false|false|false|no dropouts",
		"gcqs|engagement|8|3|true|true|true|true|",
	})
	// The counting-process rows: one per session from the first score to the exit, the score
	// carried forward, the event in the dropout's last interval.
	equalRows(t, "dropout_intervals", rowsOf(t, db.SQL, `select participant_id, session, start, stop, event, score
		from dropout_intervals where scale = 'connected' order by participant_id, session`), []string{
		"a1|1|0|1|false|7", "a1|2|1|2|false|8", "a1|3|2|3|false|8", "a1|4|3|4|false|8",
		"a2|1|0|1|true|3",
		"a3|1|0|1|false|6", "a3|2|1|2|true|9",
		"a4|1|0|1|false|6", "a4|2|1|2|false|7", "a4|3|2|3|false|7", "a4|4|3|4|false|7",
	})
	// Where there is a ratio, it is exp(coef) and the interval is built from the robust se.
	equalRows(t, "consistent columns", rowsOf(t, db.SQL, `select scale from cohesion_dropout
		where abs(hazard_ratio - exp(coef)) > 1e-12
			or abs(ln(ci_high / ci_low) - 2 * 1.959963984540054 * robust_se) > 1e-9`), nil)
}
