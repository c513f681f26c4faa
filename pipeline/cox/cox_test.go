package cox_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"cohesion/pipeline/cox"
)

// rCase is one case of testdata/stats/cox.json, written by cox.R: the data and coxph's fit.
type rCase struct {
	Name string
	Data struct {
		Start, Stop      []float64
		Event            []int
		X                [][]float64
		Stratum, Cluster []string
	}
	Coef         []float64
	Var          [][]float64
	RobustVar    [][]float64 `json:"robust_var"`
	Loglik       []float64
	NEvents      int  `json:"n_events"`
	NotEstimable bool `json:"not_estimable"`
}

func readCases(t *testing.T) []rCase {
	t.Helper()
	b, err := os.ReadFile("../../testdata/stats/cox.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct{ Cases []rCase }
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Cases) < 4 {
		t.Fatalf("cox.json has %d cases", len(ref.Cases))
	}
	return ref.Cases
}

func (c rCase) intervals() []cox.Interval {
	data := make([]cox.Interval, len(c.Data.Start))
	for i := range data {
		data[i] = cox.Interval{Start: c.Data.Start[i], Stop: c.Data.Stop[i], Event: c.Data.Event[i] == 1,
			X: c.Data.X[i], Stratum: c.Data.Stratum[i], Cluster: c.Data.Cluster[i]}
	}
	return data
}

// TestAgainstR fits each case of cox.json and compares with coxph to 1e-6: coefficients,
// model-based and robust variances, and the log likelihood at 0 and at the estimate; the
// separated case must be flagged, not reported.
func TestAgainstR(t *testing.T) {
	worst := 0.0
	compare := func(name, what string, got, want float64) {
		t.Helper()
		d := math.Abs(got - want)
		worst = max(worst, d)
		if !(d <= 1e-6) {
			t.Errorf("%s: %s = %.10g, coxph %.10g", name, what, got, want)
		}
	}
	for _, c := range readCases(t) {
		fit, err := cox.Efron(c.intervals())
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		if fit.Events != c.NEvents {
			t.Errorf("%s: %d events, coxph %d", c.Name, fit.Events, c.NEvents)
		}
		if c.NotEstimable {
			if !fit.Infinite[0] {
				t.Errorf("%s: coxph could not estimate it, but Infinite is false (coef %v)", c.Name, fit.Coef)
			}
			continue
		}
		for j := range c.Coef {
			if fit.Infinite[j] {
				t.Errorf("%s: coefficient %d flagged infinite", c.Name, j+1)
			}
			compare(c.Name, fmt.Sprintf("coef[%d]", j), fit.Coef[j], c.Coef[j])
			for k := range c.Coef {
				compare(c.Name, fmt.Sprintf("var[%d][%d]", j, k), fit.Var[j][k], c.Var[j][k])
				compare(c.Name, fmt.Sprintf("robust var[%d][%d]", j, k), fit.RobustVar[j][k], c.RobustVar[j][k])
			}
		}
		compare(c.Name, "loglik at 0", fit.LogLik[0], c.Loglik[0])
		compare(c.Name, "loglik", fit.LogLik[1], c.Loglik[1])
	}
	t.Logf("largest absolute difference from coxph: %.3g", worst)
}

// planted simulates n subjects followed over sessions 1..8 in two strata, clustered in groups
// of sixteen, with a score that changes each session: within session k the hazard is
// h0(stratum)·exp(beta·(score − 3)), constant, so the event time is exponential there and the
// proportional hazards model holds exactly.
func planted(n int, beta float64, seed uint64) []cox.Interval {
	rng := rand.New(rand.NewPCG(seed, 1))
	var data []cox.Interval
	for i := 0; i < n; i++ {
		stratum := []string{"intro", "advanced"}[i%2]
		base := []float64{0.08, 0.04}[i%2]
		trait := rng.NormFloat64()
		for k := 1; k <= 8; k++ {
			score := 3 + trait + 0.5*rng.NormFloat64()
			wait := rng.ExpFloat64() / (base * math.Exp(beta*(score-3)))
			event := wait < 1
			stop := float64(k)
			if event {
				stop = float64(k-1) + wait
			}
			data = append(data, cox.Interval{Start: float64(k - 1), Stop: stop, Event: event, X: []float64{score},
				Stratum: stratum, Cluster: fmt.Sprintf("%s-%d", stratum, i/16)})
			if event {
				break
			}
		}
	}
	return data
}

// TestPlantedEffect: on simulated data with a known log hazard ratio the estimate is within a
// few standard errors of it, and the robust interval covers it.
func TestPlantedEffect(t *testing.T) {
	const beta = -0.7
	fit, err := cox.Efron(planted(3000, beta, 3))
	if err != nil {
		t.Fatal(err)
	}
	se := math.Sqrt(fit.RobustVar[0][0])
	t.Logf("coef %.4f (planted %.1f), se %.4f, robust se %.4f, %d events, %d iterations",
		fit.Coef[0], beta, math.Sqrt(fit.Var[0][0]), se, fit.Events, fit.Iterations)
	if math.Abs(fit.Coef[0]-beta) > 3*se || se <= 0 || fit.Infinite[0] {
		t.Errorf("coef %v ± %v does not recover the planted %v", fit.Coef[0], se, beta)
	}
	if fit.LogLik[1] <= fit.LogLik[0] {
		t.Errorf("log likelihood %v at the estimate is not above %v at 0", fit.LogLik[1], fit.LogLik[0])
	}
	if math.Abs(fit.Score[0]) > 1e-6 {
		t.Errorf("score %v at the estimate, want 0", fit.Score[0])
	}
	// With no effect at all the estimate is near 0, where the last steps change the likelihood
	// only in its last digits.
	for seed := uint64(1); seed <= 4; seed++ {
		null, err := cox.Efron(planted(2000, 0, seed))
		if err != nil {
			t.Fatal(err)
		}
		if null.Evaluations != null.Iterations {
			t.Errorf("no effect, seed %d: %d evaluations of the likelihood in %d iterations", seed, null.Evaluations, null.Iterations)
		}
	}
	// Newton's steps here never lower the likelihood beyond rounding: none is halved. Halving
	// the last, rounding-sized steps cost dozens of evaluations per fit.
	if fit.Evaluations != fit.Iterations {
		t.Errorf("%d evaluations of the likelihood in %d iterations", fit.Evaluations, fit.Iterations)
	}
}

// TestOrderIndependent: the same intervals in another order give the same fit to the last
// digit, for a database hands them over in no fixed order. Without the canonical order the sums
// (the covariates' means, each risk set's, each cluster's residuals) round differently.
func TestOrderIndependent(t *testing.T) {
	data := planted(3000, -0.7, 5)
	want, err := cox.Efron(data)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	for round := 0; round < 3; round++ {
		shuffled := slices.Clone(data)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got, err := cox.Efron(shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if got.Coef[0] != want.Coef[0] || got.Var[0][0] != want.Var[0][0] ||
			got.RobustVar[0][0] != want.RobustVar[0][0] || got.LogLik != want.LogLik {
			t.Fatalf("shuffled: coef %v var %v robust %v loglik %v; in order: %v %v %v %v", got.Coef[0], got.Var[0][0],
				got.RobustVar[0][0], got.LogLik, want.Coef[0], want.Var[0][0], want.RobustVar[0][0], want.LogLik)
		}
	}
}

// TestEdgeCases: the data no model fits are refused with a reason, never a number.
func TestEdgeCases(t *testing.T) {
	at := func(start, stop float64, event bool, x float64, cluster string) cox.Interval {
		return cox.Interval{Start: start, Stop: stop, Event: event, X: []float64{x}, Cluster: cluster}
	}
	noEvents := []cox.Interval{at(0, 1, false, 1, "a"), at(0, 2, false, 2, "b")}
	if _, err := cox.Efron(noEvents); !errors.Is(err, cox.ErrNoEvents) {
		t.Errorf("no events: %v, want ErrNoEvents", err)
	}
	if _, err := cox.Efron(nil); !errors.Is(err, cox.ErrNoEvents) {
		t.Errorf("no data: %v, want ErrNoEvents", err)
	}
	constant := []cox.Interval{at(0, 1, true, 2, "a"), at(0, 2, false, 2, "b"), at(0, 3, true, 2, "c")}
	if _, err := cox.Efron(constant); !errors.Is(err, cox.ErrSingular) {
		t.Errorf("constant covariate: %v, want ErrSingular", err)
	}
	for name, bad := range map[string][]cox.Interval{
		"empty interval": {at(1, 1, true, 1, "a"), at(0, 2, false, 2, "b")},
		"NaN covariate":  {at(0, 1, true, math.NaN(), "a"), at(0, 2, false, 2, "b")},
		"ragged":         {at(0, 1, true, 1, "a"), {Start: 0, Stop: 2, X: []float64{1, 2}}},
	} {
		if _, err := cox.Efron(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// One cluster: the sandwich of a single summed residual is about 0 at the estimate, where
	// the residuals sum to the score.
	one := planted(200, -0.5, 9)
	for i := range one {
		one[i].Cluster = "all"
	}
	fit, err := cox.Efron(one)
	if err != nil {
		t.Fatal(err)
	}
	if fit.RobustVar[0][0] > 1e-12 {
		t.Errorf("one cluster: robust variance %v, want about 0", fit.RobustVar[0][0])
	}
	// A stratum without events adds nothing: the fit equals the one without it.
	with := append(planted(300, -0.5, 11), cox.Interval{Start: 0, Stop: 5, X: []float64{9}, Stratum: "quiet", Cluster: "q"})
	a, err := cox.Efron(with)
	if err != nil {
		t.Fatal(err)
	}
	b, err := cox.Efron(with[:len(with)-1])
	if err != nil {
		t.Fatal(err)
	}
	// Centring moves with the extra interval, so agreement is to rounding, not bit for bit.
	if math.Abs(a.Coef[0]-b.Coef[0]) > 1e-9 || math.Abs(a.Var[0][0]-b.Var[0][0]) > 1e-9 {
		t.Errorf("a stratum without events changed the fit: %v vs %v", a.Coef, b.Coef)
	}
}

// TestSeparation: when at every event time the subject with the event has the lowest score
// at risk, the estimate runs off and is flagged infinite.
func TestSeparation(t *testing.T) {
	var data []cox.Interval
	for j := 1; j <= 10; j++ {
		exit := min(j, 6)
		for k := 1; k <= exit; k++ {
			data = append(data, cox.Interval{Start: float64(k - 1), Stop: float64(k), Event: j <= 5 && k == exit,
				X: []float64{float64(j)}, Cluster: fmt.Sprint(j % 3)})
		}
	}
	fit, err := cox.Efron(data)
	if err != nil {
		t.Fatal(err)
	}
	if !fit.Infinite[0] || fit.Coef[0] > -10 {
		t.Errorf("separated data: coef %v, infinite %v; want a runaway negative coefficient, flagged", fit.Coef[0], fit.Infinite[0])
	}
}
