package cox_test

import (
	"fmt"
	"math"

	"cohesion/pipeline/cox"
)

// A member's engagement at each session as a time-varying covariate: one interval per session,
// the event in the interval after which they did not come back.
func ExampleEfron() {
	var data []cox.Interval
	add := func(member string, scores []float64, dropped bool) {
		for k, s := range scores {
			data = append(data, cox.Interval{Start: float64(k), Stop: float64(k + 1), X: []float64{s},
				Event: dropped && k == len(scores)-1, Cluster: member})
		}
	}
	add("a", []float64{4, 4.5, 5, 5}, false)
	add("b", []float64{2, 1.5}, true)
	add("c", []float64{3, 3.5, 2.5}, true)
	add("d", []float64{5, 4, 4.5, 4}, false)
	add("e", []float64{3, 2}, true)
	add("f", []float64{4, 3, 3.5, 3}, false)
	fit, err := cox.Efron(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("hazard ratio per point %.3f, robust se %.3f, %d dropouts\n",
		math.Exp(fit.Coef[0]), math.Sqrt(fit.RobustVar[0][0]), fit.Events)
	// (R: coxph(Surv(start, stop, event) ~ x + cluster(member)) gives 0.0974 and 0.568.)
	// Output: hazard ratio per point 0.097, robust se 0.568, 3 dropouts
}
