// Package cox fits the Cox proportional hazards model to counting-process data as R's
// survival::coxph does with ties = "efron": Newton–Raphson on the Efron partial likelihood,
// strata with their own baseline hazard, and the robust (sandwich) variance of clustered data
// from the score residuals summed by cluster, as coxph(... + cluster(id)) reports it.
//
// Each interval (Start, Stop] of a subject is at risk at every event time t of its stratum with
// Start < t ≤ Stop, so a covariate may change from one interval to the next. The work is
// proportional to the number of (interval, event time) pairs at risk: one per interval for
// intervals one session long, as here.
package cox

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// Interval is one counting-process record: the subject is at risk on (Start, Stop] with
// covariates X, and Event says whether the event happened at Stop.
type Interval struct {
	Start, Stop float64
	Event       bool
	X           []float64
	// Stratum names the interval's stratum: each has its own baseline hazard ("" is one too).
	Stratum string
	// Cluster names the group whose intervals are correlated (a subject, or a cohort); the robust
	// variance sums the score residuals within it. Give each interval its own to get the
	// unclustered sandwich variance.
	Cluster string
}

// Fit is a fitted model. Coef, Var and RobustVar are in the order of the covariates in X.
type Fit struct {
	Coef []float64
	// Var is the model-based variance, the inverse of the information at Coef (coxph's
	// naive.var); RobustVar the sandwich variance D'D of the dfbeta residuals D summed by
	// cluster (coxph's var when the formula has cluster()).
	Var, RobustVar [][]float64
	// LogLik is the log partial likelihood at 0 and at Coef, as coxph's loglik.
	LogLik [2]float64
	// Score is the first derivative of the log partial likelihood at Coef.
	Score      []float64
	Events     int
	Iterations int
	// Evaluations counts the evaluations of the likelihood: one per iteration and one per
	// halving of a step, after the first at 0.
	Evaluations int
	// Infinite marks a coefficient whose estimate ran off towards ±infinity: the likelihood
	// keeps rising (perfect separation: at every event time the subject with the event had the
	// most extreme covariate of those at risk). Its Coef, Var and RobustVar mean nothing.
	Infinite []bool
}

// Errors Efron returns for data no model can be fitted to.
var (
	ErrNoEvents = errors.New("no events")
	ErrSingular = errors.New("the information matrix is singular: a covariate does not vary among those at risk")
)

// Settings of the Newton–Raphson iterations. R stops at a relative change of the log likelihood
// below 1e-9; Efron goes on until the steps are below stepTolerance, so its estimates are the
// maximum itself (within about 1e-8 of R's), and treats a log likelihood that stops changing
// while the steps do not as a coefficient running off to infinity.
const (
	maxIterations = 30
	stepTolerance = 1e-10
	// infiniteTolerance is coxph.control's toler.inf, sqrt(eps): a coefficient is infinite when
	// the next step |U·V| would still exceed it times (1 + |coef|).
	infiniteTolerance = 3.1622776601683795e-05
)

// Efron fits the model to data. It returns ErrNoEvents when no interval ends in an event and
// ErrSingular when the covariates do not vary among those at risk. The fit is a function of the
// intervals, not of their order: the same intervals in any order give the same digits.
func Efron(data []Interval) (*Fit, error) {
	m, err := newModel(data)
	if err != nil {
		return nil, err
	}
	p := m.p
	beta := make([]float64, p)
	cur := m.evaluate(beta)
	fit := &Fit{Events: m.events, Infinite: make([]bool, p)}
	fit.LogLik[0] = cur.loglik
	flat := 0 // iterations in a row in which the log likelihood did not move
	for fit.Iterations < maxIterations {
		step, err := solve(cur.information, cur.score)
		if err != nil {
			return nil, err
		}
		next := make([]float64, p)
		for j := range next {
			next[j] = beta[j] + step[j]
		}
		trial := m.evaluate(next)
		fit.Evaluations++
		// As coxph does, halve a step that lowers the likelihood, by more than rounding: at the
		// maximum a step of almost nothing may lower it in the last digits, and coxph counts that
		// as converged, not as a step to halve (halving it thirty times cost seven evaluations of
		// the likelihood in eight).
		for halvings := 0; trial.loglik < cur.loglik-noise(cur.loglik) && halvings < 30; halvings++ {
			for j := range next {
				next[j] = (next[j] + beta[j]) / 2
			}
			trial = m.evaluate(next)
			fit.Evaluations++
		}
		fit.Iterations++
		largest := 0.0
		for j := range next {
			largest = max(largest, math.Abs(next[j]-beta[j])/(1+math.Abs(beta[j])))
		}
		if math.Abs(trial.loglik-cur.loglik) <= noise(trial.loglik) {
			flat++
		} else {
			flat = 0
		}
		beta, cur = next, trial
		if largest <= stepTolerance || flat >= 3 {
			break
		}
	}
	fit.Coef = beta
	fit.LogLik[1] = cur.loglik
	fit.Score = cur.score
	v, err := inverse(cur.information)
	if err != nil {
		return nil, err
	}
	fit.Var = v
	for j := 0; j < p; j++ {
		var next float64
		for k := 0; k < p; k++ {
			next += cur.score[k] * v[k][j]
		}
		fit.Infinite[j] = math.IsNaN(next) || math.Abs(next) > infiniteTolerance*(1+math.Abs(beta[j]))
	}
	fit.RobustVar = m.robustVariance(beta, v)
	return fit, nil
}

// noise is how far a log likelihood near l may move by rounding alone.
func noise(l float64) float64 {
	return 1e-12 * max(1, math.Abs(l))
}

// canonical puts data in an order the intervals themselves fix: by stratum, then cluster (by
// name), then start, stop, event and covariates. The fit adds its sums in the order of the data,
// so an order that came with the data (a database's, say, which need not be the same twice)
// would change the last digits; intervals alike in all of these are interchangeable. The
// intervals are first dealt into their stratum and cluster (a counting sort over the groups in
// name order), so that only each cluster's few intervals are sorted, as records without pointers
// (copying the intervals themselves cost more than the sort).
func canonical(data []Interval) (points []point, strata, clusters int) {
	type group struct{ stratum, cluster string }
	rank := map[group]int32{}
	var groups []group
	of := make([]int32, len(data)) // each interval's group, as first seen
	for i := range data {
		g := group{data[i].Stratum, data[i].Cluster}
		if i > 0 && g == groups[of[i-1]] {
			// a cluster's intervals mostly come together: no lookup for the next of them
			of[i] = of[i-1]
			continue
		}
		r, ok := rank[g]
		if !ok {
			r = int32(len(groups))
			rank[g] = r
			groups = append(groups, g)
		}
		of[i] = r
	}
	named := make([]int32, len(groups))
	for r := range named {
		named[r] = int32(r)
	}
	slices.SortFunc(named, func(a, b int32) int {
		return cmp.Or(cmp.Compare(groups[a].stratum, groups[b].stratum), cmp.Compare(groups[a].cluster, groups[b].cluster))
	})
	// Strata and clusters numbered in name order (a cluster may span strata).
	clusterNames := make([]string, 0, len(groups))
	for _, g := range groups {
		clusterNames = append(clusterNames, g.cluster)
	}
	slices.Sort(clusterNames)
	clusterNames = slices.Compact(clusterNames)
	stratumOf, clusterOf := make([]int32, len(groups)), make([]int32, len(groups))
	for k, r := range named {
		if k > 0 && groups[r].stratum != groups[named[k-1]].stratum {
			strata++
		}
		stratumOf[r] = int32(strata)
		c, _ := slices.BinarySearch(clusterNames, groups[r].cluster)
		clusterOf[r] = int32(c)
	}
	// next[r]: where group r's next interval goes, from the group's start in name order.
	next, ends := make([]int, len(groups)), make([]int, len(groups))
	for _, r := range of {
		next[r]++
	}
	at := 0
	for _, r := range named {
		at, next[r] = at+next[r], at
		ends[r] = at
	}
	points = make([]point, len(data))
	for i, d := range data {
		r := of[i]
		points[next[r]] = point{start: d.Start, stop: d.Stop, x: d.X[0], event: d.Event,
			stratum: stratumOf[r], cluster: clusterOf[r], i: int32(i)}
		next[r]++
	}
	from := 0
	for _, r := range named {
		slices.SortFunc(points[from:ends[r]], func(a, b point) int {
			if c := a.compare(&b); c != 0 {
				return c
			}
			return slices.Compare(data[a.i].X, data[b.i].X)
		})
		from = ends[r]
	}
	return points, strata + 1, len(clusterNames)
}

// point is an interval as the fit reads it, its stratum and cluster numbered: start, stop, event
// and the first covariate (the rest are data[i].X's) kept together for the sort.
type point struct {
	start, stop, x   float64
	event            bool
	stratum, cluster int32
	i                int32
}

// compare orders two intervals of one stratum and cluster by start, stop, event (none first)
// and first covariate, none of them NaN.
func (a *point) compare(b *point) int {
	switch {
	case a.start != b.start:
		return cmp.Compare(a.start, b.start)
	case a.stop != b.stop:
		return cmp.Compare(a.stop, b.stop)
	case a.event != b.event:
		if a.event {
			return 1
		}
		return -1
	}
	return cmp.Compare(a.x, b.x)
}

// model is the data arranged for the likelihood: covariates centred (as coxph centres them,
// for numerical stability; the estimates do not change), intervals grouped by stratum, and each
// stratum's event times.
type model struct {
	p, events int
	strata    []stratum
	x         [][]float64 // centred covariates, by interval in canonical order
	points    []point     // the intervals in that order
	clusters  int         // clusters, numbered in name order
}

type stratum struct {
	members    []int     // intervals of the stratum
	eventTimes []float64 // distinct event times, ascending
	// atRisk[e] lists the intervals at risk at eventTimes[e] (Start < t ≤ Stop) and deaths[e]
	// those of them ending in an event there, each in the order of members: found once here,
	// so that each of the fit's evaluations visits only them.
	atRisk, deaths [][]int
}

func newModel(data []Interval) (*model, error) {
	if len(data) == 0 {
		return nil, ErrNoEvents
	}
	p := len(data[0].X)
	if p == 0 {
		return nil, fmt.Errorf("no covariates")
	}
	m := &model{p: p, x: make([][]float64, len(data))}
	for i, d := range data {
		if len(d.X) != p {
			return nil, fmt.Errorf("interval %d has %d covariates, the first %d", i+1, len(d.X), p)
		}
		if !(d.Start < d.Stop) || math.IsNaN(d.Start) || math.IsInf(d.Stop, 0) {
			return nil, fmt.Errorf("interval %d: (%v, %v] is not an interval", i+1, d.Start, d.Stop)
		}
		for j, x := range d.X {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("interval %d: covariate %d is %v", i+1, j+1, x)
			}
		}
		if d.Event {
			m.events++
		}
	}
	// Checked in the order given (so that a message's interval number is the caller's), then put
	// in the one order every sum below follows.
	points, strata, clusters := canonical(data)
	m.points, m.clusters = points, clusters
	means := make([]float64, p)
	for _, pt := range points {
		for j, x := range data[pt.i].X {
			means[j] += x / float64(len(data))
		}
	}
	if m.events == 0 {
		return nil, ErrNoEvents
	}
	// One block for all the centred covariates: the evaluations read them in turn.
	centred := make([]float64, len(data)*p)
	m.strata = make([]stratum, strata)
	for k, pt := range points {
		m.x[k] = centred[k*p : (k+1)*p : (k+1)*p]
		for j, x := range data[pt.i].X {
			m.x[k][j] = x - means[j]
		}
		m.strata[pt.stratum].members = append(m.strata[pt.stratum].members, k)
	}
	for s := range m.strata {
		st := &m.strata[s]
		seen := map[float64]bool{}
		for _, k := range st.members {
			if pt := &points[k]; pt.event && !seen[pt.stop] {
				seen[pt.stop] = true
				st.eventTimes = append(st.eventTimes, pt.stop)
			}
		}
		sort.Float64s(st.eventTimes)
		times := st.eventTimes
		st.atRisk, st.deaths = make([][]int, len(times)), make([][]int, len(times))
		for _, k := range st.members {
			pt := &points[k]
			// The event times in (start, stop]: from the first at or above start, while ≤ stop.
			for e := sort.SearchFloat64s(times, pt.start); e < len(times) && times[e] <= pt.stop; e++ {
				if times[e] > pt.start {
					st.atRisk[e] = append(st.atRisk[e], k)
					if pt.event && pt.stop == times[e] {
						st.deaths[e] = append(st.deaths[e], k)
					}
				}
			}
		}
	}
	return m, nil
}

// riskSet is what one event time contributes: the sums over those at risk (S0, S1, S2) and over
// those with the event there (E0, E1, E2), of r = exp(β·x), r·x and r·x·xᵀ, and d events.
type riskSet struct {
	atRisk, deaths []int
	s0, e0         float64
	s1, e1         []float64
	s2, e2         [][]float64
}

// eachRiskSet calls f with every event time's risk set, at the relative risks r.
func (m *model) eachRiskSet(r []float64, f func(rs *riskSet)) {
	p := m.p
	rs := &riskSet{s1: make([]float64, p), e1: make([]float64, p), s2: square(p), e2: square(p)}
	for _, st := range m.strata {
		for e := range st.eventTimes {
			rs.atRisk, rs.deaths = st.atRisk[e], st.deaths[e]
			rs.s0, rs.s1, rs.s2 = m.sums(r, rs.atRisk, rs.s1, rs.s2)
			rs.e0, rs.e1, rs.e2 = m.sums(r, rs.deaths, rs.e1, rs.e2)
			f(rs)
		}
	}
}

// sums returns Σ r, Σ r·x and Σ r·x·xᵀ over the intervals of set, in s1 and s2.
func (m *model) sums(r []float64, set []int, s1 []float64, s2 [][]float64) (float64, []float64, [][]float64) {
	var s0 float64
	clear(s1)
	for j := range s2 {
		clear(s2[j])
	}
	if m.p == 1 {
		// One covariate, the models' case: the same sums without the loops.
		var a, b float64
		for _, i := range set {
			x := m.x[i][0]
			s0 += r[i]
			a += r[i] * x
			b += r[i] * x * x
		}
		s1[0], s2[0][0] = a, b
		return s0, s1, s2
	}
	for _, i := range set {
		x := m.x[i]
		s0 += r[i]
		for j := range x {
			s1[j] += r[i] * x[j]
			for k := range x {
				s2[j][k] += r[i] * x[j] * x[k]
			}
		}
	}
	return s0, s1, s2
}

// evaluation is the log partial likelihood and its first and second derivatives at one β.
type evaluation struct {
	loglik      float64
	score       []float64
	information [][]float64
}

// relativeRisks is exp(β·x) of every interval.
func (m *model) relativeRisks(beta []float64) []float64 {
	r := make([]float64, len(m.x))
	for i, x := range m.x {
		var eta float64
		for j := range x {
			eta += beta[j] * x[j]
		}
		r[i] = math.Exp(eta)
	}
	return r
}

// evaluate computes the Efron log partial likelihood: at an event time with d events, the k-th
// of them (k = 0..d−1) sees the risk set with the events' weight reduced by k/d:
//
//	log L = Σ_t [ Σ_D β·x − Σ_k log(S0 − (k/d)·E0) ]
//
// with the score Σ_t [Σ_D x − Σ_k x̄_k], x̄_k = (S1 − (k/d)E1)/(S0 − (k/d)E0), and the information
// Σ_t Σ_k [(S2 − (k/d)E2)/(S0 − (k/d)E0) − x̄_k x̄_kᵀ].
func (m *model) evaluate(beta []float64) evaluation {
	p := m.p
	ev := evaluation{score: make([]float64, p), information: square(p)}
	r := m.relativeRisks(beta)
	mean := make([]float64, p)
	m.eachRiskSet(r, func(rs *riskSet) {
		d := float64(len(rs.deaths))
		for _, i := range rs.deaths {
			ev.loglik += math.Log(r[i])
			for j := 0; j < p; j++ {
				ev.score[j] += m.x[i][j]
			}
		}
		for k := 0; k < len(rs.deaths); k++ {
			f := float64(k) / d
			den := rs.s0 - f*rs.e0
			ev.loglik -= math.Log(den)
			for j := 0; j < p; j++ {
				mean[j] = (rs.s1[j] - f*rs.e1[j]) / den
				ev.score[j] -= mean[j]
			}
			for j := 0; j < p; j++ {
				for l := 0; l < p; l++ {
					ev.information[j][l] += (rs.s2[j][l]-f*rs.e2[j][l])/den - mean[j]*mean[l]
				}
			}
		}
	})
	return ev
}

// robustVariance is the sandwich variance at β: each interval's score residual (Efron's
// weighting: an interval with the event at t counts in the k-th risk set with weight 1 − k/d),
// times the model variance v (the dfbeta residual), summed by cluster, D'D.
func (m *model) robustVariance(beta []float64, v [][]float64) [][]float64 {
	p := m.p
	r := m.relativeRisks(beta)
	resid := make([][]float64, len(m.x))
	for i := range resid {
		resid[i] = make([]float64, p)
	}
	hazMean, eHazMean, meanOfMeans := make([]float64, p), make([]float64, p), make([]float64, p)
	dead := make([]bool, len(m.x)) // the intervals with the event at the risk set's time
	m.eachRiskSet(r, func(rs *riskSet) {
		d := float64(len(rs.deaths))
		var haz, eHaz float64
		clear(hazMean)
		clear(eHazMean)
		clear(meanOfMeans)
		for k := 0; k < len(rs.deaths); k++ {
			f := float64(k) / d
			den := rs.s0 - f*rs.e0
			haz += 1 / den
			eHaz += (1 - f) / den
			for j := 0; j < p; j++ {
				mean := (rs.s1[j] - f*rs.e1[j]) / den
				hazMean[j] += mean / den
				eHazMean[j] += (1 - f) * mean / den
				meanOfMeans[j] += mean / d
			}
		}
		for _, i := range rs.deaths {
			dead[i] = true
		}
		for _, i := range rs.atRisk {
			x := m.x[i]
			for j := 0; j < p; j++ {
				if dead[i] {
					resid[i][j] += x[j] - meanOfMeans[j] - r[i]*(x[j]*eHaz-eHazMean[j])
				} else {
					resid[i][j] -= r[i] * (x[j]*haz - hazMean[j])
				}
			}
		}
		for _, i := range rs.deaths {
			dead[i] = false
		}
	})
	// Summed by cluster, the clusters in name order.
	byCluster := make([]float64, m.clusters*p)
	for k, pt := range m.points {
		sum := byCluster[int(pt.cluster)*p : int(pt.cluster+1)*p]
		for j := 0; j < p; j++ {
			for l := 0; l < p; l++ {
				sum[j] += resid[k][l] * v[l][j]
			}
		}
	}
	rv := square(p)
	for c := 0; c < m.clusters; c++ {
		dfbeta := byCluster[c*p : (c+1)*p]
		for j := 0; j < p; j++ {
			for k := 0; k < p; k++ {
				rv[j][k] += dfbeta[j] * dfbeta[k]
			}
		}
	}
	return rv
}

func square(p int) [][]float64 {
	s := make([][]float64, p)
	for i := range s {
		s[i] = make([]float64, p)
	}
	return s
}

func symmetric(a [][]float64) *mat.SymDense {
	p := len(a)
	s := mat.NewSymDense(p, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			s.SetSym(i, j, (a[i][j]+a[j][i])/2)
		}
	}
	return s
}

// solve returns a⁻¹b for the positive definite information a, or ErrSingular.
func solve(a [][]float64, b []float64) ([]float64, error) {
	var chol mat.Cholesky
	if !chol.Factorize(symmetric(a)) {
		return nil, ErrSingular
	}
	var x mat.VecDense
	if err := chol.SolveVecTo(&x, mat.NewVecDense(len(b), append([]float64(nil), b...))); err != nil {
		return nil, ErrSingular
	}
	return x.RawVector().Data, nil
}

// inverse returns a⁻¹ for the positive definite information a, or ErrSingular.
func inverse(a [][]float64) ([][]float64, error) {
	var chol mat.Cholesky
	if !chol.Factorize(symmetric(a)) {
		return nil, ErrSingular
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return nil, ErrSingular
	}
	p := len(a)
	out := square(p)
	for i := 0; i < p; i++ {
		for j := 0; j < p; j++ {
			out[i][j] = inv.At(i, j)
		}
	}
	return out, nil
}
