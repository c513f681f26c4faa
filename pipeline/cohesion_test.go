package pipeline_test

import (
	"database/sql"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"cohesion/pipeline"
	"cohesion/pipeline/demo"
)

// The fixture testdata/cohesion is a small program: cohort alpha (Ana Silva, Ben Okafor, Chloé
// Dubois alias "Clo D", Dev Patel; facilitator Dana Host; sessions 3, 10 and 17 March 2026, Dev
// absent from session 2), cohort beta (Eve Adams, Finn Berg, Gia Costa, Hal Dunn; sessions 4 and
// 11 March, Gia and Hal absent from session 2) and cohort gamma (Ana again, Ivy Chen; one session
// on 24 March with no attendance export yet, so not held). Long-form answers are in
// responses/alpha.csv, responses/beta.csv, responses/corrections.csv (loaded after alpha.csv, it
// corrects one answer) and responses/problems.csv (answers no mart can count).

// loadCohesion loads the fixture into a fresh database and builds every model, data tests included.
func loadCohesion(t *testing.T) *pipeline.DB {
	t.Helper()
	db := openTemp(t)
	for _, r := range load(t, db, "../testdata/cohesion") {
		if r.Err != nil || r.Skipped != "" {
			t.Fatalf("%s", r)
		}
	}
	build(t, db)
	return db
}

// TestInstrumentScoring checks cohesion_member against hand-scored forms.
func TestInstrumentScoring(t *testing.T) {
	db := loadCohesion(t)

	// GCQ-S at alpha session 1 (items 1..12; Engagement 1,2,4,8,11; Avoidance 3,5,9; Conflict 6,7,10,12):
	//   Ana   5 4 2 6 1 0 1 3 2 0 5 1: engagement (5+4+6+3+5)/5 = 4.6, avoidance (2+1+2)/3 = 1.6667,
	//         conflict (0+1+0+1)/4 = 0.5.
	//   Ben   4 n/a 3 4 - 2 - 5 3 1 4 -: 4 items missing ("n/a" is not a number, so missing): a valid
	//         form. Engagement (4+4+5+4)/4 = 4.25 from 4 items, avoidance (3+3)/2 = 3, conflict (2+1)/2 = 1.5.
	//   Chloé - 5 - 5 2 - 1 5 - 1 4 -: 5 items missing, more than 4: invalid, no scores at all.
	//   Dev   3 3 - 2 7 4 3 3 - 5 2 4: item 5 is out of range (missing), so 3, 5 and 9 are missing:
	//         avoidance has no items and no row; engagement (3+3+2+3+2)/5 = 2.6, conflict (4+3+5+4)/4 = 4.
	equalRows(t, "GCQ-S scores", rowsOf(t, db.SQL, `
		select p.name, m.scale, round(m.score, 4), m.items_answered
		from cohesion_member m join pii_people p using (participant_id)
		where m.instrument = 'gcqs' and m.cohort = 'alpha'
		order by p.name, m.scale`), []string{
		"Ana Silva|avoidance|1.6667|3",
		"Ana Silva|conflict|0.5|4",
		"Ana Silva|engagement|4.6|5",
		"Ben Okafor|avoidance|3|2",
		"Ben Okafor|conflict|1.5|2",
		"Ben Okafor|engagement|4.25|4",
		"Dev Patel|conflict|4|4",
		"Dev Patel|engagement|2.6|5",
	})

	// Totals. GSRS: Ana 9+9+8+10 = 36; Ben answered 3 of 4 items, so no total.
	// CORE-10: Eve at session 1 answered 9 items, each 2 (items 2 and 3 reverse keyed: 4 − 2 = 2),
	// sum 18 prorated 18 × 10/9 = 20; at session 2 she answered 1 3 3 1 0 0 1 1 1 0, items 2 and 3
	// scoring 4 − 3 = 1 each: 1+1+1+1+0+0+1+1+1+0 = 7. Finn missed 2 items at session 1 (invalid),
	// then answered 1 to everything: 8 × 1 + 2 × (4 − 1) = 14.
	// ORS (visual-analogue, decimals kept): Eve 4+5+4+5 = 18, 7.5+6.5+6+7 = 27; Hal 5.1+4.8+5.1+5 = 20,
	// 6.1+6.2+6.4+6.3 = 25. PHQ-9: Dev missed an item at session 2, so only session 1 is scored.
	equalRows(t, "totals", rowsOf(t, db.SQL, `
		select p.name, m.instrument, m.session, round(m.score, 4), m.items_answered
		from cohesion_member m join pii_people p using (participant_id)
		where m.scale = 'total'
		order by p.name, m.instrument, m.session`), []string{
		"Ana Silva|gsrs|1|36|4",
		"Ana Silva|phq9|1|16|9",
		"Ana Silva|phq9|2|12|9",
		"Ana Silva|phq9|3|8|9",
		"Ben Okafor|phq9|1|12|9",
		"Ben Okafor|phq9|3|18|9",
		"Chloé Dubois|phq9|1|22|9",
		"Chloé Dubois|phq9|3|12|9",
		"Dev Patel|phq9|1|15|9",
		"Eve Adams|core10|1|20|9",
		"Eve Adams|core10|2|7|10",
		"Eve Adams|ors|1|18|4",
		"Eve Adams|ors|2|27|4",
		"Finn Berg|core10|2|14|10",
		"Finn Berg|ors|1|30|4",
		"Finn Berg|ors|2|24|4",
		"Gia Costa|gad7|1|9|7",
		"Gia Costa|gad7|2|14|7",
		"Gia Costa|ors|1|20|4",
		"Gia Costa|ors|2|24|4",
		"Hal Dunn|ors|1|20|4",
		"Hal Dunn|ors|2|25|4",
	})

	equalRows(t, "connected", rowsOf(t, db.SQL, `
		select p.name, m.score
		from cohesion_member m join pii_people p using (participant_id)
		where m.instrument = 'checkin' and m.cohort = 'alpha' and m.session = 1
		order by p.name`), []string{
		"Ana Silva|6",
		"Ben Okafor|7",
		"Chloé Dubois|8",
		"Dev Patel|7",
	})
}

// TestCorrectedLongForm corrects an answer in the long form the way a facilitator does: edit the
// file and load it again from the same place (the new version replaces the old). A second file
// that gives the same answer another value is refused, naming both lines: the long form has no
// submission time to say which is newer.
func TestCorrectedLongForm(t *testing.T) {
	db := openTemp(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../testdata/cohesion")); err != nil {
		t.Fatal(err)
	}
	alpha := filepath.Join(dir, "responses", "alpha.csv")
	orig, _ := os.ReadFile(alpha)
	os.WriteFile(alpha, []byte(strings.Replace(string(orig), "ana@example.org,alpha,1,checkin,connected,6", "ana@example.org,alpha,1,checkin,connected,2", 1)), 0o644)
	load(t, db, dir)
	ana := `select m.score from cohesion_member m join pii_people p using (participant_id)
		where p.name = 'Ana Silva' and m.instrument = 'checkin' and m.cohort = 'alpha' and m.session = 1`
	build(t, db)
	equalRows(t, "as first written", rowsOf(t, db.SQL, ana), []string{"2"})
	os.WriteFile(alpha, orig, 0o644)
	if r := load(t, db, alpha); r[0].Err != nil || !strings.Contains(r[0].Note, "replaces the version") {
		t.Fatalf("corrected file: %s", r[0])
	}
	build(t, db)
	equalRows(t, "corrected", rowsOf(t, db.SQL, ana), []string{"6"})
	other := filepath.Join(t.TempDir(), "more.csv")
	os.WriteFile(other, []byte("email,cohort,session,instrument,item,value\nana@example.org,alpha,1,checkin,connected,3\n"), 0o644)
	r := load(t, db, other)
	if r[0].Err == nil || !strings.Contains(r[0].Err.Error(), "line 2: the answer to checkin connected of ana@example.org for cohort alpha session 1 is 6 in "+alpha+" (line 2)") {
		t.Errorf("contradicting answer: %v", r[0].Err)
	}
	// So is one of a file without a cohort column: an earlier answer without a cohort contradicts it.
	noCohort := filepath.Join(t.TempDir(), "nocohort.csv")
	os.WriteFile(noCohort, []byte("email,instrument,item,value\ndev@example.org,checkin,connected,4\n"), 0o644)
	problems := filepath.Join(dir, "responses", "problems.csv")
	if r := load(t, db, noCohort); r[0].Err == nil || !strings.Contains(r[0].Err.Error(),
		"line 2: the answer to checkin connected of dev@example.org for cohort ? session ? is 5 in "+problems+" (line 5)") {
		t.Errorf("contradicting answer without a cohort: %v", r[0].Err)
	}

	// Every answer no mart counts is listed with its reason, none dropped.
	equalRows(t, "unmatched_responses", rowsOf(t, db.SQL, `
		select regexp_replace(file, '.*/', ''), email, cohort, session, instrument, reason
		from unmatched_responses`), []string{
		`alpha.csv|ben@example.org|alpha|1|gcqs|not a number: gcq_2 = "n/a"`,
		`alpha.csv|dev@example.org|alpha|1|gcqs|out of range: gcq_5 = 7 (valid: 0 to 6, whole numbers)`,
		`problems.csv|ana@example.org|beta|1|checkin|not on the roster of cohort beta`,
		`problems.csv|ana@example.org|<nil>|1|checkin|enrolled in several cohorts with session 1: the cohort column is needed`,
		`problems.csv|ben@example.org|alpha|9|checkin|no session 9 scheduled for the cohort`,
		`problems.csv|dev@example.org|<nil>|<nil>|checkin|no session column and no submission time`,
		`problems.csv|eve@example.org|beta|1|ors|unknown item ors_5`,
		`problems.csv|eve@example.org|beta|1|wellbeing|unknown instrument`,
		`problems.csv|gia@example.org|beta|2|phq9|out of range: phq9_1 = 2.5 (valid: 0 to 3, whole numbers)`,
		`problems.csv|stranger@example.org|alpha|1|checkin|not on the roster`,
	})

	// Marts carry pseudonyms only (stg_responses keeps the contacts answers' text, as stg_roster
	// keeps names: staging is never exported).
	for _, mart := range []string{"cohesion_member", "cohesion_group", "outcome_change", "support_network", "groupness"} {
		for _, row := range rowsOf(t, db.SQL, "select t::varchar from "+mart+" t") {
			for _, pii := range []string{"Ana", "ana@", "Okafor", "Clo D"} {
				if strings.Contains(row, pii) {
					t.Errorf("%s leaks a roster name or email: %s", mart, row)
				}
			}
		}
	}
}

// TestCohesionAgreement checks cohesion_group and cohesion_icc against worked examples, then
// against an independent computation of the same formulas over every scale of the fixture.
func TestCohesionAgreement(t *testing.T) {
	db := loadCohesion(t)

	// The check-in's "connected" (0-10, one item, null variance (11² − 1)/12 = 10) at alpha's three
	// sessions, a balanced 3 groups × 4 members:
	//   session 1: 6 7 8 7    mean 7, SS within 1+0+1+0 = 2, s² = 2/3, rwg = 1 − (2/3)/10 = 0.9333
	//   session 2: 4 5 3 4    mean 4, SS within 2,             s² = 2/3, rwg = 0.9333
	//   session 3: 7 9 10 10  mean 9, SS within 4+0+1+1 = 6,   s² = 2,   rwg = 1 − 2/10 = 0.8
	// Grand mean 20/3. SSB = 4·((7 − 20/3)² + (4 − 20/3)² + (9 − 20/3)²) = 4·(1/9 + 64/9 + 49/9) = 152/3,
	// MSB = SSB/(3 − 1) = 76/3; MSW = (2 + 2 + 6)/(12 − 3) = 10/9; k = 4 (k0 = (12 − 48/12)/2 = 4).
	//   ICC(1) = (76/3 − 10/9) / (76/3 + 3·10/9) = (218/9)/(258/9) = 109/129 = 0.844961
	//   ICC(2) = (76/3 − 10/9) / (76/3) = 218/228 = 109/114 = 0.956140
	//
	// GCQ-S engagement: alpha session 1 scores 4.6, 4.25, 2.6 (Chloé's form is invalid): mean 3.816667,
	// sample sd √(2.281667/2) = 1.068098. rwg(j) is listwise: Ben left item 2 blank, so only Ana
	// (5 4 6 3 5) and Dev (3 3 2 3 2) count: item variances 2, 0.5, 8, 0, 4.5, mean s̄² = 3; with
	// σ² = 4 and J = 5, s̄²/σ² = 3/4 and rwg(j) = 5·(1/4) / (5·(1/4) + 3/4) = 0.625 from rwg_n = 2.
	// Pairwise, each item over whoever answered it: item 1 (5,4,3) 1; item 2 (4,3) 0.5; item 4
	// (6,4,2) 4; item 8 (3,5,3) 4/3; item 11 (5,4,2) 7/3; s̄² = 11/6, ratio 11/24, rwg_pairwise =
	// 5·(13/24) / (5·(13/24) + 11/24) = 65/76 = 0.855263. Beta session 1: 6 6 5 5 on every
	// engagement item: mean 5.5, sd √(1/3) = 0.57735, s̄² = 1/3, ratio 1/12, rwg(j) = 5·(11/12) /
	// (5·(11/12) + 1/12) = 55/56 = 0.982143 either way.
	// GCQ-S conflict at alpha session 1 disagrees more than uniform answers would (listwise, Ana and
	// Dev: item variances 8, 2, 12.5, 4.5; pairwise 4, 2, 7, 4.5: mean 4.375 > 4), so both are 0.
	// Engagement's ICC, unbalanced (groups of 3 and 4): N = 7, G = 2, k0 = 7 − (9 + 16)/7 = 24/7;
	// SSB = (3·4/7)·(5.5 − 3.816667)² = 4.857619, MSB = 4.857619; MSW = (2.281667 + 1)/(7 − 2) = 0.656333;
	//   ICC(1) = (4.857619 − 0.656333) / (4.857619 + (24/7 − 1)·0.656333) = 0.651203
	//   ICC(2) = (4.857619 − 0.656333) / 4.857619 = 0.864886
	equalRows(t, "cohesion_group", rowsOf(t, db.SQL, `
		select cohort, session, scale, n, round(mean, 6), round(sd, 6), round(rwg, 6), rwg_n, round(rwg_pairwise, 6)
		from cohesion_group
		where (instrument, scale) in (('checkin', 'connected'), ('gcqs', 'engagement'), ('gcqs', 'conflict'))
		order by all`), []string{
		"alpha|1|conflict|3|2|1.802776|0|2|0",
		"alpha|1|connected|4|7|0.816497|0.933333|4|0.933333",
		"alpha|1|engagement|3|3.816667|1.068098|0.625|2|0.855263",
		"alpha|2|connected|4|4|0.816497|0.933333|4|0.933333",
		"alpha|3|connected|4|9|1.414214|0.8|4|0.8",
		"beta|1|conflict|4|0.5|0.57735|0.977778|4|0.977778",
		"beta|1|engagement|4|5.5|0.57735|0.982143|4|0.982143",
	})
	// The 95% intervals (R: qf(.975, 2, 9) = 5.714705, qf(.975, 9, 2) = 39.386883): connected's
	// F = MSB/MSW = 22.8, FL = 22.8/5.714705 = 3.989707, FU = 22.8 · 39.386883 = 898.0209; ICC(1)
	// from (FL − 1)/(FL + 3) = 0.427730 to (FU − 1)/(FU + 3) = 0.995561, ICC(2) from 1 − 1/FL =
	// 0.749355 to 1 − 1/FU = 0.998886. Engagement's, on 1 and 5 degrees of freedom, span
	// nearly everything: two groups say little.
	equalRows(t, "cohesion_icc", rowsOf(t, db.SQL, `
		select instrument, scale, n_groups, n_members, round(icc1, 6), round(icc2, 6),
			round(icc1_ci_low, 6), round(icc1_ci_high, 6), round(icc2_ci_low, 6), round(icc2_ci_high, 6)
		from cohesion_icc
		where (instrument, scale) in (('checkin', 'connected'), ('gcqs', 'engagement'), ('gsrs', 'total'))
		order by all`), []string{
		"checkin|connected|3|12|0.844961|0.95614|0.42773|0.995561|0.749355|0.998886",
		"gcqs|engagement|2|7|0.651203|0.864886|-0.082193|0.999498|-0.352085|0.999853",
		"gsrs|total|1|1|<nil>|<nil>|<nil>|<nil>|<nil>|<nil>", // one group: no between-group variance to speak of
	})

	checkAgreement(t, db.SQL)
}

// nullVariance is the rwg null variance of each instrument's items and scaleItems the number of
// items of each scale, written out here rather than read from the models, to check them.
var (
	nullVariance = map[string]float64{
		"gcqs": (7*7 - 1) / 12.0, "checkin": (11*11 - 1) / 12.0, "core10": (5*5 - 1) / 12.0,
		"phq9": (4*4 - 1) / 12.0, "gad7": (4*4 - 1) / 12.0, "ors": 100 / 12.0, "gsrs": 100 / 12.0,
	}
	scaleItems = map[string]int{
		"gcqs/engagement": 5, "gcqs/avoidance": 3, "gcqs/conflict": 4, "checkin/connected": 1,
		"core10/total": 10, "phq9/total": 9, "gad7/total": 7, "ors/total": 4, "gsrs/total": 4,
	}
)

// checkAgreement recomputes, in Go, rwg(j) for every group from the item answers and ICC(1)/ICC(2)
// for every scale from the member scores, and compares them with cohesion_group and cohesion_icc.
func checkAgreement(t *testing.T, db *sql.DB) {
	t.Helper()
	// rwg(j) from item_scores: per group and scale, the mean of the items' sample variances,
	// listwise (members who answered every item of the scale) and pairwise (whoever answered each).
	type scaleAtGroup struct{ cohort, session, instrument, scale string }
	answers := map[scaleAtGroup]map[string]map[string]float64{} // participant -> item -> value
	rows, err := db.Query(`select cohort, session::varchar, instrument, scale, participant_id, item, value from item_scores`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var g scaleAtGroup
		var member, item string
		var value float64
		if err := rows.Scan(&g.cohort, &g.session, &g.instrument, &g.scale, &member, &item, &value); err != nil {
			t.Fatal(err)
		}
		if answers[g] == nil {
			answers[g] = map[string]map[string]float64{}
		}
		if answers[g][member] == nil {
			answers[g][member] = map[string]float64{}
		}
		answers[g][member][item] = value
	}
	rows.Close()
	rwgOf := func(byItem map[string][]float64, instrument string, j float64) (float64, bool) {
		var sum float64
		var n int
		for _, values := range byItem {
			if len(values) > 1 {
				sum += sampleVariance(values)
				n++
			}
		}
		if n == 0 {
			return 0, false
		}
		ratio := sum / float64(n) / nullVariance[instrument]
		if ratio >= 1 {
			return 0, true
		}
		return j * (1 - ratio) / (j*(1-ratio) + ratio), true
	}
	wantRwg, wantPairwise, wantN := map[string]float64{}, map[string]float64{}, map[string]float64{}
	for g, members := range answers {
		j := scaleItems[g.instrument+"/"+g.scale]
		pairwise, listwise := map[string][]float64{}, map[string][]float64{}
		complete := 0
		for _, items := range members {
			for item, v := range items {
				pairwise[item] = append(pairwise[item], v)
				if len(items) == j {
					listwise[item] = append(listwise[item], v)
				}
			}
			if len(items) == j {
				complete++
			}
		}
		key := strings.Join([]string{g.cohort, g.session, g.instrument, g.scale}, "|")
		wantN[key] = float64(complete)
		if r, ok := rwgOf(pairwise, g.instrument, float64(j)); ok && len(members) > 1 {
			wantPairwise[key] = r
		}
		if r, ok := rwgOf(listwise, g.instrument, float64(j)); ok && complete > 1 {
			wantRwg[key] = r
		}
	}
	checked := 0
	groupRows := queryFloats(t, db, `
		select concat_ws('|', cohort, session, instrument, scale), rwg, rwg_n, rwg_pairwise from cohesion_group`)
	for _, row := range groupRows {
		for i, want := range []map[string]float64{wantRwg, nil, wantPairwise} {
			if want == nil {
				if row.values[i] != wantN[row.key] {
					t.Errorf("rwg_n %s: got %v, want %v", row.key, row.values[i], wantN[row.key])
				}
				continue
			}
			w, ok := want[row.key]
			if !ok {
				w = math.NaN()
			}
			if !sameFloat(row.values[i], w) {
				t.Errorf("rwg %s (column %d): got %v, want %v", row.key, i, row.values[i], w)
			}
		}
		if !math.IsNaN(row.values[0]) {
			checked++
		}
	}
	if checked == 0 {
		t.Error("no rwg was checked")
	}

	// ICC(1) and ICC(2) from cohesion_member by one-way ANOVA, groups = cohort × session.
	groups := map[string]map[string][]float64{} // instrument|scale -> cohort|session -> scores
	memberRows := queryFloats(t, db, `
		select instrument || '|' || scale || '#' || cohort || '|' || session, score from cohesion_member`)
	for _, row := range memberRows {
		scale, group, _ := strings.Cut(row.key, "#")
		if groups[scale] == nil {
			groups[scale] = map[string][]float64{}
		}
		groups[scale][group] = append(groups[scale][group], row.values[0])
	}
	icc := queryFloats(t, db, `select instrument || '|' || scale, n_groups, n_members, icc1, icc2 from cohesion_icc`)
	if len(icc) != len(groups) {
		t.Errorf("cohesion_icc has %d scales, cohesion_member %d", len(icc), len(groups))
	}
	for _, row := range icc {
		icc1, icc2, g, n := anovaICC(groups[row.key])
		if row.values[0] != float64(g) || row.values[1] != float64(n) {
			t.Errorf("icc %s: %v groups and %v members, want %d and %d", row.key, row.values[0], row.values[1], g, n)
		}
		if !sameFloat(row.values[2], icc1) || !sameFloat(row.values[3], icc2) {
			t.Errorf("icc %s: got ICC(1) %v, ICC(2) %v; want %v, %v", row.key, row.values[2], row.values[3], icc1, icc2)
		}
	}
}

// anovaICC is ICC(1) and ICC(2) of a one-way ANOVA over groups, with k0 for unequal sizes; NaN
// where undefined.
func anovaICC(groups map[string][]float64) (icc1, icc2 float64, g, n int) {
	var total, sumSq float64
	for _, scores := range groups {
		for _, x := range scores {
			total += x
		}
		n += len(scores)
		sumSq += float64(len(scores) * len(scores))
	}
	g = len(groups)
	grand := total / float64(n)
	var ssb, ssw float64
	for _, scores := range groups {
		m := meanOf(scores)
		ssb += float64(len(scores)) * (m - grand) * (m - grand)
		for _, x := range scores {
			ssw += (x - m) * (x - m)
		}
	}
	if g < 2 || n <= g {
		return math.NaN(), math.NaN(), g, n
	}
	msb, msw := ssb/float64(g-1), ssw/float64(n-g)
	k0 := (float64(n) - sumSq/float64(n)) / float64(g-1)
	return (msb - msw) / (msb + (k0-1)*msw), (msb - msw) / msb, g, n
}

// TestOutcomeChange checks reliable and clinically significant change in both directions: ORS
// (higher is better; cutoff 25, reliable change 5), PHQ-9 (higher is worse; cutoff 10, RC 6),
// CORE-10 (cutoff 11; RC 6 at 90%, 6 · 1.959964/1.644854 = 7.149441 at 95%) and GAD-7 (the
// IAPT caseness 8, RC 4). rci = change · 1.959964 / RC, the 95% RC.
//
//	Ana   PHQ-9 16 → (12) → 8: −8, reliably improved, from clinical (≥ 10) to not: significant.
//	Ben   PHQ-9 12 → 18: +6, exactly RC: deteriorated.
//	Chloé PHQ-9 22 → 12: −10, improved but still ≥ 10: not clinically significant.
//	Dev   PHQ-9 15 at session 1 only (session 2's form misses an item): no row.
//	Eve   ORS 18 → 27: +9, improved, from under 25 to over: significant. CORE-10 20 (prorated) → 7:
//	      −13, improved (|−13| ≥ 7.149441: rci −3.5638, where the 90% value's 1.96/6 gave −4.2467),
//	      from ≥ 11 to under: significant.
//	Finn  ORS 30 → 24: −6, deteriorated; 30 was not in the clinical range, so clinical
//	      significance does not apply (null, not false). CORE-10 scored once: no row.
//	Gia   ORS 20 → 24: +4, less than RC: no_change, not significant. GAD-7 9 → 14: +5 ≥ 4:
//	      deteriorated; 9 is a case under the IAPT caseness of 8, so significance is false.
//	Hal   ORS 20 → 25 (decimal items summing to whole numbers): +5, exactly RC: improved, and 25
//	      is no longer under the cutoff: significant.
func TestOutcomeChange(t *testing.T) {
	db := loadCohesion(t)
	equalRows(t, "outcome_change", rowsOf(t, db.SQL, `
		select p.name, o.cohort, o.instrument, round(o.baseline, 6), round(o.final, 6), round(o.change, 6),
			round(o.rci, 4), o.reliable_change, o.clinically_significant
		from outcome_change o join pii_people p using (participant_id)
		order by p.name, o.instrument`), []string{
		"Ana Silva|alpha|phq9|16|8|-8|-2.6133|improved|true",
		"Ben Okafor|alpha|phq9|12|18|6|1.96|deteriorated|false",
		"Chloé Dubois|alpha|phq9|22|12|-10|-3.2666|improved|false",
		"Eve Adams|beta|core10|20|7|-13|-3.5638|improved|true",
		"Eve Adams|beta|ors|18|27|9|3.5279|improved|true",
		"Finn Berg|beta|ors|30|24|-6|-2.352|deteriorated|<nil>",
		"Gia Costa|beta|gad7|9|14|5|2.45|deteriorated|false",
		"Gia Costa|beta|ors|20|24|4|1.568|no_change|false",
		"Hal Dunn|beta|ors|20|25|5|1.96|improved|true",
	})
	// Every constant names its source, and the one 90% value is converted to 95%.
	equalRows(t, "instruments", rowsOf(t, db.SQL, `
		select instrument, clinical_cutoff, round(reliable_change, 6), reliable_change_published,
			reliable_change_confidence, clinical_cutoff_source is not null and reliable_change_source is not null
		from instruments where is_outcome order by instrument`), []string{
		"core10|11|7.149441|6|0.9|true",
		"gad7|8|4|4|0.95|true",
		"ors|25|5|5|0.95|true",
		"phq9|10|6|6|0.95|true",
	})
}

// TestSupportNetwork checks the network of alpha's check-in contacts, drawn by hand:
//
//	session 1: Ana   "Ben Okafor; Clo D; Dana Host; ben okafor"  → Ben, Chloé (by alias); the
//	                 facilitator is ignored and Ben named twice is one tie
//	           Ben   "ana silva, Zed Stranger"                   → Ana (case folded); stranger ignored
//	           Chloé "Ana Silva, Chloé Dubois; DEV  PATEL"       → Ana, Dev (spaces folded); herself ignored
//	           Dev   "Ben Okafor"                                → Ben
//	  6 ties among 4 members: density 6 / (4·3) = 0.5. Pairs with a tie: Ana–Ben (mutual),
//	  Ana–Chloé (mutual), Chloé–Dev, Dev–Ben: reciprocity 2/4 = 0.5.
//	session 2: Ana "Ben Okafor": 1 tie, density 1/12, reciprocity 0/1 = 0.
//	session 3 and beta: nobody answered contacts, so no row (unknown, not empty).
func TestSupportNetwork(t *testing.T) {
	db := loadCohesion(t)
	equalRows(t, "support_network", rowsOf(t, db.SQL, `
		select cohort, session, n_members, n_ties, round(density, 6), reciprocity from support_network`), []string{
		"alpha|1|4|6|0.5|0.5",
		"alpha|2|4|1|0.083333|0",
	})
}

// TestGroupness checks the z-scores, standardised among the cohorts of one program at one
// session number, from hand-made marts. Program p, session 1, five cohorts of four members:
//
//	attendance rate p1..p5: 0.5, 0.75, 0.75, 1, 1. Mean 0.8, sample sd √(0.175/4) = 0.209165:
//	  z = −0.3/0.209165 = −1.434274, −0.239046 (twice), 0.956183 (twice).
//	GCQ-S engagement mean p1..p5: 2, 3, 4, 5, 6: mean 4, sd √(10/4) = 1.581139: z = −1.264911,
//	  −0.632456, 0, 0.632456, 1.264911.
//	density at p1..p3 only: three cohorts, fewer than the five a z-score needs: null.
//	groupness = the mean of the z-scores present, e.g. p1 (−1.434274 − 1.264911)/2 = −1.349593.
//
// Session 2 was held by four cohorts only, and program q's one cohort is not pooled with p: their
// z-scores are null, and so is groupness.
func TestGroupness(t *testing.T) {
	db := openTemp(t)
	buildOver(t, db, pipeline.DefaultSettings, []string{"sessions", "attendance", "cohesion_group", "support_network"}, func(exec func(string, ...any)) {
		createSessions(exec, plan{cohort: "p1", program: "p", sessions: upTo(2)}, plan{cohort: "p2", program: "p", sessions: upTo(2)},
			plan{cohort: "p3", program: "p", sessions: upTo(2)}, plan{cohort: "p4", program: "p", sessions: upTo(2)},
			plan{cohort: "p5", program: "p", sessions: upTo(2), notHeld: []int{2}}, plan{cohort: "q1", program: "q", sessions: upTo(1)})
		createAttendance(exec, map[string][]int{"p1": upTo(2), "p2": upTo(2), "p3": upTo(2), "p4": upTo(2), "p5": upTo(1), "q1": upTo(1)},
			map[[2]string]string{
				{"p1", "a"}: "11", {"p1", "b"}: "11", {"p1", "c"}: "01", {"p1", "d"}: "01",
				{"p2", "a"}: "11", {"p2", "b"}: "11", {"p2", "c"}: "11", {"p2", "d"}: "01",
				{"p3", "a"}: "11", {"p3", "b"}: "11", {"p3", "c"}: "11", {"p3", "d"}: "01",
				{"p4", "a"}: "11", {"p4", "b"}: "11", {"p4", "c"}: "11", {"p4", "d"}: "11",
				{"p5", "a"}: "1", {"p5", "b"}: "1", {"p5", "c"}: "1", {"p5", "d"}: "1",
				{"q1", "a"}: "1", {"q1", "b"}: "0",
			})
		exec(`create table cohesion_group as select * from (values
			('p1', 1, 'gcqs', 'engagement', 4, 2.0), ('p2', 1, 'gcqs', 'engagement', 4, 3.0),
			('p3', 1, 'gcqs', 'engagement', 4, 4.0), ('p4', 1, 'gcqs', 'engagement', 4, 5.0),
			('p5', 1, 'gcqs', 'engagement', 4, 6.0), ('p1', 2, 'gcqs', 'engagement', 4, 5.0),
			('q1', 1, 'gcqs', 'engagement', 1, 4.0)
		) t(cohort, session, instrument, scale, n, mean)`)
		exec(`create table support_network as select * from (values
			('p1', 1, 0.5), ('p2', 1, 0.25), ('p3', 1, 0.75)
		) t(cohort, session, density)`)
	}, "groupness")
	equalRows(t, "groupness", rowsOf(t, db.SQL, `
		select cohort, session, attendance_rate, engagement_mean, density,
			round(attendance_z, 6), round(engagement_z, 6), density_z, round(groupness, 6)
		from groupness`), []string{
		"p1|1|0.5|2|0.5|-1.434274|-1.264911|<nil>|-1.349593",
		"p1|2|1|5|<nil>|<nil>|<nil>|<nil>|<nil>",
		"p2|1|0.75|3|0.25|-0.239046|-0.632456|<nil>|-0.435751",
		"p2|2|1|<nil>|<nil>|<nil>|<nil>|<nil>|<nil>",
		"p3|1|0.75|4|0.75|-0.239046|0|<nil>|-0.119523",
		"p3|2|1|<nil>|<nil>|<nil>|<nil>|<nil>|<nil>",
		"p4|1|1|5|<nil>|0.956183|0.632456|<nil>|0.794319",
		"p4|2|1|<nil>|<nil>|<nil>|<nil>|<nil>|<nil>",
		"p5|1|1|6|<nil>|0.956183|1.264911|<nil>|1.110547",
		"q1|1|0.5|4|<nil>|<nil>|<nil>|<nil>|<nil>",
	})
}

// TestResponsesAttachedByTime adds answers with a submission time and no session (as survey
// exports give them) and checks the session each is attached to: the member's held session on
// the same local day (America/New_York), else the latest held one before.
func TestResponsesAttachedByTime(t *testing.T) {
	db := openTemp(t)
	load(t, db, "../testdata/cohesion")
	// The long form has no submission time, so these rows go straight into the raw tables, as a
	// survey loader would write them.
	if _, err := db.SQL.Exec(`
		insert into raw_files (file_id, file, sha256, format, rows, rejected, loaded_at)
			values (1000, 'timed.csv', 'timed', 'survey-test', 15, 0, now());

		insert into raw_responses (file_id, line, email, name, cohort, session, instrument, item, value, submitted_local, zone) values
			(1000, 2, 'ana@example.org', null, null, null, 'checkin', 'connected', '5', '2026-03-10 09:00', null),
			(1000, 3, 'ana@example.org', null, null, null, 'checkin', 'connected', '5', '2026-03-13 20:00', null),
			(1000, 4, 'ana@example.org', null, null, null, 'checkin', 'connected', '5', '2026-03-02 10:00', null),
			(1000, 5, 'ana@example.org', null, null, null, 'checkin', 'connected', '5', '2026-03-10 03:00', 'Europe/Berlin'),
			(1000, 6, 'ana@example.org', null, null, null, 'checkin', 'connected', '5', '2026-03-17 05:00', 'GMT+9'),
			(1000, 7, 'ana@example.org', null, null, null, 'checkin', 'connected', '5', '2026-03-17 05:00', 'Mars/Olympus'),
			(1000, 8, 'ana@example.org', null, null, 1, 'checkin', 'connected', '5', '2026-03-24 19:00', null),
			(1000, 9, 'ana@example.org', null, null, null, 'checkin', 'connected', '5', '2026-03-25 10:00', null),
			(1000, 10, 'eve@example.org', null, 'beta', null, 'checkin', 'connected', '5', '2026-03-12 08:00', null),
			(1000, 11, null, 'Clo  D', 'alpha', 1, 'checkin', 'connected', '5', null, null),
			(1000, 12, null, 'Nobody Here', 'alpha', 1, 'checkin', 'connected', '5', null, null),
			(1000, 13, 'ana@example.org', null, null, null, 'checkin', 'connected', '5', '2026-03-18 02:00', 'UTC'),
			(1000, 14, 'ana@example.org', null, null, null, 'checkin', 'connected', '5', '2026-03-10 02:00', 'utc+05:30'),
			(1000, 15, 'ana@example.org', null, null, null, 'checkin', 'connected', '5', '2026-03-10 02:00', '+25:00'),
			(1000, 16, 'ana@example.org', null, null, 1, 'checkin', 'connected', '5', '2026-03-20 10:00', null)`); err != nil {
		t.Fatal(err)
	}
	build(t, db)
	// Sessions: alpha 3, 10, 17 March 18:00; beta 4, 11 March; gamma 24 March (not held). New York
	// moved to daylight time on 8 March: UTC−4 from then, Berlin still UTC+1.
	//   2  10 Mar 09:00          same day as alpha 2 (before it starts)
	//   3  13 Mar 20:00          latest before: alpha 2
	//   5  10 Mar 03:00 Berlin = 9 Mar 22:00 New York: latest before is alpha 1 (not alpha 2's day)
	//   6  17 Mar 05:00 GMT+9  = 16 Mar 16:00 New York: alpha 2 (not alpha 3's day)
	//   8  session 1, no cohort: Ana has a session 1 in alpha and gamma; the time picks gamma's day
	//   9  25 Mar 10:00          gamma 1 is not held: latest held session before is alpha 3
	//   10 beta, 12 Mar 08:00    latest before: beta 2
	//   11 name "Clo  D", no email: Chloé's alias (spacing folded), explicit alpha session 1
	//   13 18 Mar 02:00 UTC    = 17 Mar 22:00 New York: same day as alpha 3
	//   14 10 Mar 02:00 utc+05:30 = 9 Mar 20:30 UTC = 9 Mar 16:30 New York: alpha 1
	//   16 session 1, no cohort, 20 Mar: neither session's day; alpha 1 was before it, gamma 1
	//      (nearer) after: the one before wins
	// The attachment of every form (stg_responses then keeps the latest form per session).
	equalRows(t, "attached", rowsOf(t, db.SQL, `
		select r.line, p.name, r.cohort, r.session, r.attached_by
		from int_responses_attached r join pii_people p using (participant_id)
		where r.file_id = 1000 and r.reason is null order by r.line`), []string{
		"2|Ana Silva|alpha|2|same day",
		"3|Ana Silva|alpha|2|latest before",
		"5|Ana Silva|alpha|1|latest before",
		"6|Ana Silva|alpha|2|latest before",
		"8|Ana Silva|gamma|1|session column",
		"9|Ana Silva|alpha|3|latest before",
		"10|Eve Adams|beta|2|latest before",
		"11|Chloé Dubois|alpha|1|session column",
		"13|Ana Silva|alpha|3|same day",
		"14|Ana Silva|alpha|1|latest before",
		"16|Ana Silva|alpha|1|session column",
	})
	//   4  2 Mar 10:00: before any session of hers
	//   7  a zone that is neither an IANA name nor an offset, nor is 15's +25:00
	//   12 a name on no roster
	equalRows(t, "left out", rowsOf(t, db.SQL, `
		select email, cohort, session, reason from unmatched_responses where file = 'timed.csv'`), []string{
		"ana@example.org|<nil>|<nil>|no held session of the cohort on the day or before the submission",
		"ana@example.org|<nil>|<nil>|unknown time zone \"+25:00\"",
		"ana@example.org|<nil>|<nil>|unknown time zone \"Mars/Olympus\"",
		"<nil>|alpha|1|not on the roster (name \"Nobody Here\")",
	})
}

// TestDemoCohesion builds the generated demo program (check-ins with GCQ-S and "connected" at
// every attended session, now and then an item left blank) and checks that every answer is
// scored, the data tests pass, and agreement and ICCs match the independent computation.
func TestDemoCohesion(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "program")
	if _, err := demo.Generate(dir, demo.Config{Seed: 1, Cohorts: 6}); err != nil {
		t.Fatal(err)
	}
	db := openTemp(t)
	for _, r := range load(t, db, dir) {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
	}
	build(t, db)
	if got := rowsOf(t, db.SQL, `select count(*) from unmatched_responses`); got[0] != "0" {
		t.Errorf("demo: %s unmatched responses: %v", got[0], rowsOf(t, db.SQL, `select * from unmatched_responses limit 5`))
	}
	// The demo writes a check-in and a session rating for every attended session: one connected
	// score and one GSRS each, and three GCQ-S scales (at most one item is ever left blank).
	equalRows(t, "scores per attended session", rowsOf(t, db.SQL, `
		with attended as (select count(*) as n from attendance where status <> 'absent')
		select instrument, scale, count(*) = any_value(attended.n)
		from cohesion_member, attended group by all order by all`), []string{
		"checkin|connected|true",
		"core10|total|false",
		"gcqs|avoidance|true",
		"gcqs|conflict|true",
		"gcqs|engagement|true",
		"gsrs|total|true",
		"ors|total|false",
	})
	for _, row := range rowsOf(t, db.SQL, `select instrument, scale, n_groups, icc1, icc2 from cohesion_icc`) {
		if strings.Contains(row, "<nil>") {
			t.Errorf("demo ICC undefined: %s", row)
		}
	}
	// Every held session has a groupness row; its z-scores exist where five or more cohorts of
	// the program held that session.
	equalRows(t, "groupness covers held sessions", rowsOf(t, db.SQL, `
		select count(*), count(attendance_z), count(engagement_z), count(density_z)
		from groupness`), rowsOf(t, db.SQL, `
		select count(*), count(*) filter (where peers >= 5), count(*) filter (where peers >= 5), count(*) filter (where peers >= 5)
		from (select count(*) over (partition by program, session) as peers from sessions where held)`))
	checkAgreement(t, db.SQL)
}

// floatRow is a text key and the float columns after it (NaN for null).
type floatRow struct {
	key    string
	values []float64
}

func queryFloats(t *testing.T, db *sql.DB, query string) []floatRow {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []floatRow
	for rows.Next() {
		r := floatRow{values: make([]float64, len(cols)-1)}
		nulls := make([]sql.NullFloat64, len(cols)-1)
		dest := []any{&r.key}
		for i := range nulls {
			dest = append(dest, &nulls[i])
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		for i, v := range nulls {
			r.values[i] = math.NaN()
			if v.Valid {
				r.values[i] = v.Float64
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

func meanOf(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func sampleVariance(xs []float64) float64 {
	m := meanOf(xs)
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return ss / float64(len(xs)-1)
}

// sameFloat is equality to 1e-9, NaN standing for null on both sides.
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}
