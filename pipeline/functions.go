// functions.go gives the SQL models the statistics DuckDB lacks, as SQL functions computed in
// Go (packages stats and cox): F quantiles for the ICC intervals, chi-square and normal tail
// probabilities for p-values, the log-rank test's quadratic form, and the Cox model fit.
package pipeline

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"cohesion/pipeline/cox"
	"cohesion/pipeline/stats"
)

// RegisterFunctions makes the models' statistical functions callable on conn (and, as DuckDB
// keeps them in its system catalog, on every connection of the database while it is open):
//
//	qf(p, df1, df2)                              R's qf: the p quantile of F(df1, df2)
//	pchisq_upper(q, df)                          R's pchisq(q, df, lower.tail = FALSE)
//	pnorm_upper(z)                               R's pnorm(z, lower.tail = FALSE)
//	logrank_chisq(observed, expected,            survdiff's chi-square from each group's O and E,
//	              at_risk, events)               its numbers at risk at each event time (a list
//	                                             per group) and the events at each time
//	cox_efron(start, stop, event, x,             coxph(Surv(start, stop, event) ~ x +
//	          stratum, cluster)                  strata(stratum) + cluster(cluster), ties = "efron")
//	                                             over intervals given as one list per column, the
//	                                             i-th of each list one interval: {coef, se,
//	                                             robust_se, note}
//
//	day_first(t)                                 t with day and month swapped (a SQL macro)
//
// Each returns null for a null argument and where R would give NaN or no test. Registering
// again replaces the functions, so Build may call it on every run.
func RegisterFunctions(ctx context.Context, conn *sql.Conn) error {
	double, err := duckdb.NewTypeInfo(duckdb.TYPE_DOUBLE)
	if err != nil {
		return err
	}
	doubles, err := duckdb.NewListInfo(double)
	if err != nil {
		return err
	}
	matrix, err := duckdb.NewListInfo(doubles)
	if err != nil {
		return err
	}
	fit, err := coxFitType()
	if err != nil {
		return err
	}
	texts, err := listOf(duckdb.TYPE_VARCHAR)
	if err != nil {
		return err
	}
	booleans, err := listOf(duckdb.TYPE_BOOLEAN)
	if err != nil {
		return err
	}
	functions := map[string]*sqlFunction{
		"qf": {inputs: []duckdb.TypeInfo{double, double, double}, result: double, row: func(v []driver.Value) (any, error) {
			return finite(stats.FQuantile(v[0].(float64), v[1].(float64), v[2].(float64))), nil
		}},
		"pchisq_upper": {inputs: []duckdb.TypeInfo{double, double}, result: double, row: func(v []driver.Value) (any, error) {
			return finite(stats.ChiSquareUpper(v[0].(float64), v[1].(float64))), nil
		}},
		"pnorm_upper": {inputs: []duckdb.TypeInfo{double}, result: double, row: func(v []driver.Value) (any, error) {
			return finite(stats.NormalUpper(v[0].(float64))), nil
		}},
		"logrank_chisq": {inputs: []duckdb.TypeInfo{doubles, doubles, matrix, doubles}, result: double, row: logrankChisq},
		"cox_efron": {inputs: []duckdb.TypeInfo{doubles, doubles, booleans, doubles, texts, texts},
			result: fit, row: coxEfron},
	}
	for name, f := range functions {
		if err := duckdb.RegisterScalarUDF(conn, name, f); err != nil {
			return fmt.Errorf("registering SQL function %s: %w", name, err)
		}
	}
	// day_first(t) is the timestamp t read with day and month swapped, as a file written day-first
	// reads; null when t's day is above 12, which is no month. A macro, not a Go function: the
	// engine inlines it into the placement models' scans.
	if _, err := conn.ExecContext(ctx, `create or replace temp macro day_first(t) as
		case when day(t) <= 12 then make_date(year(t), day(t), month(t)) + t::time end`); err != nil {
		return fmt.Errorf("registering SQL macro day_first: %w", err)
	}
	return nil
}

// sqlFunction is one scalar SQL function: its argument and result types and its row function.
type sqlFunction struct {
	inputs []duckdb.TypeInfo
	result duckdb.TypeInfo
	row    duckdb.RowExecutorFn
}

func (f *sqlFunction) Config() duckdb.ScalarFuncConfig {
	return duckdb.ScalarFuncConfig{InputTypeInfos: f.inputs, ResultTypeInfo: f.result}
}

func (f *sqlFunction) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: f.row}
}

// finite is x, or nil (SQL null) for NaN and infinities.
func finite(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

func logrankChisq(v []driver.Value) (any, error) {
	observed, err := floats(v[0])
	if err != nil {
		return nil, fmt.Errorf("logrank_chisq observed: %w", err)
	}
	expected, err := floats(v[1])
	if err != nil {
		return nil, fmt.Errorf("logrank_chisq expected: %w", err)
	}
	rows, ok := v[2].([]any)
	if !ok {
		return nil, fmt.Errorf("logrank_chisq at_risk: not a list of lists")
	}
	atRisk := make([][]float64, len(rows))
	for i, r := range rows {
		if atRisk[i], err = floats(r); err != nil {
			return nil, fmt.Errorf("logrank_chisq at_risk row %d: %w", i+1, err)
		}
	}
	events, err := floats(v[3])
	if err != nil {
		return nil, fmt.Errorf("logrank_chisq events: %w", err)
	}
	for i, row := range atRisk {
		if len(row) != len(events) {
			return nil, fmt.Errorf("logrank_chisq: each group needs one number at risk per event time (%d), group %d has %d", len(events), i+1, len(row))
		}
	}
	chisq, _, ok := stats.LogRankChiSquareAtRisk(observed, expected, atRisk, events)
	if !ok {
		return nil, nil
	}
	return chisq, nil
}

// floats reads a SQL list of doubles; a null element is an error (the models never pass one).
func floats(v any) ([]float64, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("not a list")
	}
	out := make([]float64, len(list))
	for i, x := range list {
		f, ok := x.(float64)
		if !ok {
			return nil, fmt.Errorf("element %d is %v, not a number", i+1, x)
		}
		out[i] = f
	}
	return out, nil
}

// listOf is the type of a SQL list of t.
func listOf(t duckdb.Type) (duckdb.TypeInfo, error) {
	info, err := duckdb.NewTypeInfo(t)
	if err != nil {
		return nil, err
	}
	return duckdb.NewListInfo(info)
}

// coxFitType is cox_efron's result.
func coxFitType() (duckdb.TypeInfo, error) {
	var err error
	field := func(t duckdb.Type, name string) duckdb.StructEntry {
		if err != nil {
			return nil
		}
		var info duckdb.TypeInfo
		if info, err = duckdb.NewTypeInfo(t); err != nil {
			return nil
		}
		var e duckdb.StructEntry
		e, err = duckdb.NewStructEntry(info, name)
		return e
	}
	result := []duckdb.StructEntry{field(duckdb.TYPE_DOUBLE, "coef"), field(duckdb.TYPE_DOUBLE, "se"),
		field(duckdb.TYPE_DOUBLE, "robust_se"), field(duckdb.TYPE_VARCHAR, "note")}
	if err != nil {
		return nil, err
	}
	return duckdb.NewStructInfo(result[0], result[1:]...)
}

// coxEfron fits the Cox model of one covariate to a list of intervals. When no estimate can be
// given, coef and the standard errors are null and note says why: "no dropouts", "score does
// not vary" or "perfect separation" (at every event the subject with it had the lowest, or
// every time the highest, score at risk: the estimate runs off to infinity). With a single
// cluster the estimate stands, robust_se is null and note is "one cohort".
//
// The intervals come as one list per column rather than a list of structs: the driver hands a
// struct to Go as a map, and a map per interval made the fit's input cost more than the fit.
func coxEfron(v []driver.Value) (any, error) {
	var columns [6][]any
	for i, name := range []string{"start", "stop", "event", "x", "stratum", "cluster"} {
		list, ok := v[i].([]any)
		if !ok {
			return nil, fmt.Errorf("cox_efron %s: not a list", name)
		}
		if i > 0 && len(list) != len(columns[0]) {
			return nil, fmt.Errorf("cox_efron %s: %d values for %d intervals", name, len(list), len(columns[0]))
		}
		columns[i] = list
	}
	data := make([]cox.Interval, len(columns[0]))
	xs := make([]float64, len(data))
	for i := range data {
		start, ok1 := columns[0][i].(float64)
		stop, ok2 := columns[1][i].(float64)
		event, ok3 := columns[2][i].(bool)
		x, ok4 := columns[3][i].(float64)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, fmt.Errorf("cox_efron interval %d: start, stop, event and x must not be null", i+1)
		}
		stratum, _ := columns[4][i].(string)
		cluster, _ := columns[5][i].(string)
		xs[i] = x
		data[i] = cox.Interval{Start: start, Stop: stop, Event: event, X: xs[i : i+1 : i+1], Stratum: stratum, Cluster: cluster}
	}
	none := func(note string) map[string]any {
		return map[string]any{"coef": nil, "se": nil, "robust_se": nil, "note": note}
	}
	fit, err := cox.Efron(data)
	switch {
	case errors.Is(err, cox.ErrNoEvents):
		return none("no dropouts"), nil
	case errors.Is(err, cox.ErrSingular):
		return none("score does not vary"), nil
	case err != nil:
		return nil, fmt.Errorf("cox_efron: %w", err)
	case fit.Infinite[0]:
		return none("perfect separation"), nil
	}
	result := map[string]any{"coef": fit.Coef[0], "se": math.Sqrt(fit.Var[0][0]),
		"robust_se": math.Sqrt(fit.RobustVar[0][0]), "note": nil}
	clusters := map[string]bool{}
	for _, d := range data {
		clusters[d.Cluster] = true
	}
	if len(clusters) < 2 {
		// One cluster's summed score residual is the score itself, 0 at the estimate: the
		// sandwich says nothing, so there is no robust interval to give.
		result["robust_se"] = nil
		result["note"] = "one cohort"
	}
	return result, nil
}
