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
