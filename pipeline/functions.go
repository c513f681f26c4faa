// functions.go gives the SQL models the statistics DuckDB lacks, as SQL functions computed in
// Go (package stats): F quantiles for the ICC intervals, chi-square and normal tail
// probabilities for p-values, and the log-rank test's quadratic form.
package pipeline

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"

	duckdb "github.com/duckdb/duckdb-go/v2"

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
//
//	day_first(t)                                 t with day and month swapped (a SQL macro)
//
// Each returns null for a null argument and where R would give NaN or no test. Registering
// again replaces the functions, so Build may call it on every run. The Cox model's fit is not
// among them: it needs a scale's every interval at once, so a model computes it in Go from a
// query's rows (`-- computed: cox_efron`, computed.go).
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
