// Package stats holds the few statistical steps the SQL models cannot take in DuckDB itself:
// quantiles and tail probabilities of the F, chi-square and normal distributions, and the
// log-rank test's chi-square, a quadratic form in a variance matrix. The models call them as
// SQL functions (see pipeline.RegisterFunctions); each is written to agree with R's own.
package stats

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// FQuantile is the p quantile of the F distribution with df1 and df2 degrees of freedom, as
// R's qf(p, df1, df2); NaN when p is outside [0, 1] or a degree of freedom is not positive.
func FQuantile(p, df1, df2 float64) float64 {
	if !(p >= 0 && p <= 1) || !(df1 > 0) || !(df2 > 0) || math.IsInf(df1, 0) || math.IsInf(df2, 0) {
		return math.NaN()
	}
	return distuv.F{D1: df1, D2: df2}.Quantile(p)
}

// ChiSquareUpper is the upper tail P(X > x) of the chi-square distribution with df degrees of
// freedom, as R's pchisq(x, df, lower.tail = FALSE); NaN when df is not positive.
func ChiSquareUpper(x, df float64) float64 {
	if math.IsNaN(x) || !(df > 0) || math.IsInf(df, 0) {
		return math.NaN()
	}
	return distuv.ChiSquared{K: df}.Survival(x)
}

// NormalUpper is the upper tail P(Z > z) of the standard normal distribution, as R's
// pnorm(z, lower.tail = FALSE), computed with erfc so that small tails keep their digits.
func NormalUpper(z float64) float64 {
	return 0.5 * math.Erfc(z/math.Sqrt2)
}

// LogRankVariance is the variance matrix of the log-rank test's observed − expected events,
// as survdiff computes it, from the number at risk atRisk[g][t] of each group g at each event
// time t and the number of events there, events[t]:
//
//	V_gh = Σ_t d_t(n_t − d_t) / (n_t²(n_t − 1)) · n_gt·(δ_gh·n_t − n_ht)
//
// with n_t = Σ_g n_gt; times with a single member at risk add nothing. It returns nil when the
// rows of atRisk do not all have one count per event time.
func LogRankVariance(atRisk [][]float64, events []float64) [][]float64 {
	groups, times := len(atRisk), len(events)
	total := make([]float64, times)
	for _, row := range atRisk {
		if len(row) != times {
			return nil
		}
		for t, n := range row {
			total[t] += n
		}
	}
	v := make([][]float64, groups)
	for g := range v {
		v[g] = make([]float64, groups)
	}
	for t, d := range events {
		n := total[t]
		if n <= 1 {
			continue
		}
		w := d * (n - d) / (n * n * (n - 1))
		for g := 0; g < groups; g++ {
			ng := atRisk[g][t]
			if ng == 0 {
				continue
			}
			v[g][g] += w * ng * n
			for h := 0; h < groups; h++ {
				v[g][h] -= w * ng * atRisk[h][t]
			}
		}
	}
	return v
}

// LogRankChiSquare is the log-rank chi-square as R's survdiff computes it from each group's
// observed and expected events and the variance matrix of observed − expected: groups with no
// expected events are left out, then the first remaining one (the statistic does not depend on
// which), and chisq = uᵀ V⁻¹ u over the rest, with df their number. ok is false, and chisq and
// df zero, when fewer than two groups expect events (survdiff's "no test") or V is singular.
func LogRankChiSquare(observed, expected []float64, variance [][]float64) (chisq float64, df int, ok bool) {
	if len(observed) != len(expected) || len(variance) != len(expected) {
		return 0, 0, false
	}
	for _, row := range variance {
		if len(row) != len(expected) {
			return 0, 0, false
		}
	}
	keep := testedGroups(expected)
	if keep == nil {
		return 0, 0, false
	}
	n := len(keep)
	u := mat.NewVecDense(n, nil)
	v := mat.NewSymDense(n, nil)
	for i, g := range keep {
		u.SetVec(i, observed[g]-expected[g])
		for j, h := range keep {
			if j >= i {
				v.SetSym(i, j, variance[g][h])
			}
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(v) {
		return 0, 0, false
	}
	var w mat.VecDense
	if err := chol.SolveVecTo(&w, u); err != nil {
		return 0, 0, false
	}
	return mat.Dot(u, &w), n, true
}

// testedGroups are the groups the log-rank statistic is made of: those expecting events, less
// the first (the statistic's degrees of freedom); nil when fewer than two expect any.
func testedGroups(expected []float64) []int {
	var keep []int
	for g, e := range expected {
		if e > 0 {
			keep = append(keep, g)
		}
	}
	if len(keep) < 2 {
		return nil
	}
	return keep[1:]
}

// LogRankChiSquareAtRisk is LogRankChiSquare(observed, expected, LogRankVariance(atRisk,
// events)) without the G × G matrix, for tests between many groups (a program's cohorts). The
// variance over the groups kept is V = D − U·W·Uᵀ, with D_g = Σ_t w_t·n_t·n_gt, U_gt = n_gt and
// w_t = d_t(n_t − d_t)/(n_t²(n_t − 1)): a diagonal less a matrix of rank the number of event times
// T. By the Woodbury identity uᵀV⁻¹u = uᵀD⁻¹u + bᵀM⁻¹b with b = UᵀD⁻¹u and M = W⁻¹ − UᵀD⁻¹U, a
// T × T system: O(G·T²) where the matrix took O(G²·T) and its Cholesky O(G³). (V is positive
// definite exactly when M is.) Where D has a zero (a group at risk only when everyone at risk
// had the event) or M does not factor, it falls back to the matrix. ok is false as for
// LogRankChiSquare, and when the rows of atRisk do not all have one count per event time.
func LogRankChiSquareAtRisk(observed, expected []float64, atRisk [][]float64, events []float64) (chisq float64, df int, ok bool) {
	groups, times := len(atRisk), len(events)
	if len(observed) != groups || len(expected) != groups {
		return 0, 0, false
	}
	total := make([]float64, times)
	for _, row := range atRisk {
		if len(row) != times {
			return 0, 0, false
		}
		for t, n := range row {
			total[t] += n
		}
	}
	keep := testedGroups(expected)
	if keep == nil {
		return 0, 0, false
	}
	dense := func() (float64, int, bool) {
		return LogRankChiSquare(observed, expected, LogRankVariance(atRisk, events))
	}
	// The event times that add to the variance (w_t > 0).
	var used []int
	w := make([]float64, times)
	for t, d := range events {
		n := total[t]
		if n <= 1 {
			continue
		}
		if w[t] = d * (n - d) / (n * n * (n - 1)); w[t] > 0 {
			used = append(used, t)
		}
	}
	k := len(used)
	diag := make([]float64, len(keep))
	for i, g := range keep {
		for _, t := range used {
			diag[i] += w[t] * total[t] * atRisk[g][t]
		}
		if !(diag[i] > 0) {
			return dense()
		}
	}
	var quadratic float64
	b := make([]float64, k)
	m := mat.NewSymDense(k, nil)
	for a := 0; a < k; a++ {
		m.SetSym(a, a, 1/w[used[a]])
	}
	for i, g := range keep {
		u := observed[g] - expected[g]
		quadratic += u * u / diag[i]
		for a, t := range used {
			b[a] += atRisk[g][t] * u / diag[i]
			for c := a; c < k; c++ {
				m.SetSym(a, c, m.At(a, c)-atRisk[g][t]*atRisk[g][used[c]]/diag[i])
			}
		}
	}
	if k > 0 {
		var chol mat.Cholesky
		if !chol.Factorize(m) {
			return dense()
		}
		var x mat.VecDense
		bv := mat.NewVecDense(k, b)
		if err := chol.SolveVecTo(&x, bv); err != nil {
			return dense()
		}
		quadratic += mat.Dot(bv, &x)
	}
	return quadratic, len(keep), true
}
