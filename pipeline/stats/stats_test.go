package stats_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"cohesion/pipeline/stats"
)

// reference is testdata/stats/functions.json, written by functions.R.
type reference struct {
	Quantiles []struct{ P, DF1, DF2, QF float64 }
	Chisq     []struct{ Q, DF, Upper float64 }
	Normal    []struct{ Z, Upper float64 }
	Logrank   map[string]struct {
		AtRisk             [][]float64 `json:"at_risk"`
		Events             []float64
		Observed, Expected []float64
		Variance           [][]float64
		Chisq              float64
		DF                 int
		PValue             float64 `json:"p_value"`
	}
}

func readReference(t *testing.T) reference {
	t.Helper()
	b, err := os.ReadFile("../../testdata/stats/functions.json")
	if err != nil {
		t.Fatal(err)
	}
	var r reference
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Quantiles) == 0 || len(r.Chisq) == 0 || len(r.Normal) == 0 || len(r.Logrank) != 2 {
		t.Fatalf("functions.json is incomplete: %d quantiles, %d chisq, %d normal, %d log-rank",
			len(r.Quantiles), len(r.Chisq), len(r.Normal), len(r.Logrank))
	}
	return r
}

// closeTo is agreement to 1e-9 relative (absolute below 1), tighter than the 1e-6 the marts need.
func closeTo(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

// TestAgainstR compares each function with the values R printed (functions.R).
func TestAgainstR(t *testing.T) {
	r := readReference(t)
	worst := 0.0
	for _, q := range r.Quantiles {
		got := stats.FQuantile(q.P, q.DF1, q.DF2)
		worst = max(worst, math.Abs(got-q.QF))
		if !closeTo(got, q.QF) {
			t.Errorf("FQuantile(%v, %v, %v) = %.15g, R's qf %.15g", q.P, q.DF1, q.DF2, got, q.QF)
		}
	}
	for _, c := range r.Chisq {
		got := stats.ChiSquareUpper(c.Q, c.DF)
		worst = max(worst, math.Abs(got-c.Upper))
		if !closeTo(got, c.Upper) {
			t.Errorf("ChiSquareUpper(%v, %v) = %.15g, R's pchisq %.15g", c.Q, c.DF, got, c.Upper)
		}
	}
	for _, n := range r.Normal {
		got := stats.NormalUpper(n.Z)
		worst = max(worst, math.Abs(got-n.Upper))
		if math.Abs(got-n.Upper) > 1e-9*n.Upper {
			t.Errorf("NormalUpper(%v) = %.15g, R's pnorm %.15g", n.Z, got, n.Upper)
		}
	}
	for name, l := range r.Logrank {
		chisq, df, ok := stats.LogRankChiSquare(l.Observed, l.Expected, l.Variance)
		worst = max(worst, math.Abs(chisq-l.Chisq))
		if !ok || df != l.DF || !closeTo(chisq, l.Chisq) {
			t.Errorf("%s: LogRankChiSquare = %.15g on %d df (ok %v), survdiff %.15g on %d", name, chisq, df, ok, l.Chisq, l.DF)
		}
		v := stats.LogRankVariance(l.AtRisk, l.Events)
		for g := range l.Variance {
			for h := range l.Variance[g] {
				worst = max(worst, math.Abs(v[g][h]-l.Variance[g][h]))
				if !closeTo(v[g][h], l.Variance[g][h]) {
					t.Errorf("%s: LogRankVariance[%d][%d] = %.15g, survdiff %.15g", name, g, h, v[g][h], l.Variance[g][h])
				}
			}
		}
		// The same test from the numbers at risk, without the matrix.
		low, lowDF, lowOK := stats.LogRankChiSquareAtRisk(l.Observed, l.Expected, l.AtRisk, l.Events)
		worst = max(worst, math.Abs(low-l.Chisq))
		if !lowOK || lowDF != l.DF || !closeTo(low, l.Chisq) {
			t.Errorf("%s: LogRankChiSquareAtRisk = %.15g on %d df (ok %v), survdiff %.15g on %d", name, low, lowDF, lowOK, l.Chisq, l.DF)
		}
		if p := stats.ChiSquareUpper(chisq, float64(df)); !closeTo(p, l.PValue) {
			t.Errorf("%s: p %.15g, R %.15g", name, p, l.PValue)
		}
	}
	t.Logf("largest absolute difference from R: %.3g", worst)
}

// TestLogRankChiSquareEdges: no test below two groups with expected events, groups with none
// left out, and a singular variance refused rather than inverted.
func TestLogRankChiSquareEdges(t *testing.T) {
	for _, tc := range []struct {
		name               string
		observed, expected []float64
		variance           [][]float64
		ok                 bool
		df                 int
	}{
		{"one group", []float64{3}, []float64{3}, [][]float64{{0}}, false, 0},
		{"no events", []float64{0, 0}, []float64{0, 0}, [][]float64{{0, 0}, {0, 0}}, false, 0},
		{"a group with no expected events", []float64{2, 1, 0}, []float64{1.5, 1.5, 0},
			[][]float64{{0.7, -0.7, 0}, {-0.7, 0.7, 0}, {0, 0, 0}}, true, 1},
		{"singular", []float64{2, 1}, []float64{1.5, 1.5}, [][]float64{{0, 0}, {0, 0}}, false, 0},
		{"ragged", []float64{2, 1}, []float64{1.5, 1.5}, [][]float64{{0.7}, {-0.7, 0.7}}, false, 0},
	} {
		chisq, df, ok := stats.LogRankChiSquare(tc.observed, tc.expected, tc.variance)
		if ok != tc.ok || df != tc.df {
			t.Errorf("%s: chisq %v df %d ok %v, want df %d ok %v", tc.name, chisq, df, ok, tc.df, tc.ok)
		}
		if tc.ok && !closeTo(chisq, 0.25/0.7) {
			t.Errorf("%s: chisq %v, want (O − E)²/V = 0.25/0.7", tc.name, chisq)
		}
	}
}

// TestLogRankVarianceRagged: counts that do not line up with the event times give no matrix.
func TestLogRankVarianceRagged(t *testing.T) {
	if v := stats.LogRankVariance([][]float64{{3, 2}, {4}}, []float64{1, 1}); v != nil {
		t.Errorf("ragged at-risk counts: %v, want nil", v)
	}
}

// TestDomain: arguments outside a distribution's domain give NaN, which the SQL functions
// turn into null, never a panic.
func TestDomain(t *testing.T) {
	for name, v := range map[string]float64{
		"qf p > 1":      stats.FQuantile(1.5, 2, 3),
		"qf df1 = 0":    stats.FQuantile(0.5, 0, 3),
		"qf df2 < 0":    stats.FQuantile(0.5, 2, -1),
		"qf NaN":        stats.FQuantile(math.NaN(), 2, 3),
		"pchisq df = 0": stats.ChiSquareUpper(1, 0),
		"pchisq NaN":    stats.ChiSquareUpper(math.NaN(), 1),
	} {
		if !math.IsNaN(v) {
			t.Errorf("%s = %v, want NaN", name, v)
		}
	}
}

// TestLogRankChiSquareAtRiskAgrees compares the low-rank chi-square with the one from the full
// variance matrix: many groups at few event times, as a program's cohorts are; groups that
// expect nothing; a group at risk only where everyone at risk had the event (D has a zero, so
// the matrix decides); and one event time's whole risk set in a single group (no test).
func TestLogRankChiSquareAtRiskAgrees(t *testing.T) {
	rng := uint64(7)
	next := func(n int) float64 {
		rng = rng*6364136223846793005 + 1442695040888963407
		return float64((rng >> 33) % uint64(n))
	}
	type testCase struct {
		name               string
		atRisk             [][]float64
		events             []float64
		observed, expected []float64
	}
	random := func(groups, times int) testCase {
		c := testCase{name: "random", events: make([]float64, times)}
		total := make([]float64, times)
		for g := 0; g < groups; g++ {
			row := make([]float64, times)
			n := 5 + next(10)
			for t := range row {
				row[t] = n
				total[t] += n
				n = max(0, n-next(3))
			}
			c.atRisk = append(c.atRisk, row)
		}
		for t := range c.events {
			c.events[t] = 1 + next(1+int(total[t]/4))
		}
		for _, row := range c.atRisk {
			var o, e float64
			for t, n := range row {
				e += c.events[t] * n / total[t]
				o += math.Min(n, next(2))
			}
			c.observed, c.expected = append(c.observed, o), append(c.expected, e)
		}
		return c
	}
	cases := []testCase{random(300, 12), random(40, 3), random(3, 16)}
	cases = append(cases, testCase{name: "a group at risk only where all had the event",
		atRisk: [][]float64{{3, 0}, {2, 0}, {0, 2}}, events: []float64{2, 2},
		observed: []float64{1, 1, 2}, expected: []float64{1.2, 0.8, 2}})
	cases = append(cases, testCase{name: "no expected events but one group's",
		atRisk: [][]float64{{3}, {0}}, events: []float64{1}, observed: []float64{1, 0}, expected: []float64{1, 0}})
	for _, c := range cases {
		want, wantDF, wantOK := stats.LogRankChiSquare(c.observed, c.expected, stats.LogRankVariance(c.atRisk, c.events))
		got, df, ok := stats.LogRankChiSquareAtRisk(c.observed, c.expected, c.atRisk, c.events)
		if ok != wantOK || df != wantDF || math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: %.15g on %d df (ok %v), from the matrix %.15g on %d (ok %v)", c.name, got, df, ok, want, wantDF, wantOK)
		}
		t.Logf("%s: %.15g on %d df (ok %v)", c.name, got, df, ok)
	}
	if _, _, ok := stats.LogRankChiSquareAtRisk([]float64{1, 1}, []float64{1, 1}, [][]float64{{3, 2}, {4}}, []float64{1, 1}); ok {
		t.Errorf("ragged at-risk counts: ok, want no test")
	}
}
