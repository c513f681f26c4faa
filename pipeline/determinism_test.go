package pipeline_test

// determinism_test.go holds the program-level statistics to the same digits whatever order their
// input rows arrive in, which is what makes a run's doubles the same from one run to the next:
// a parallel aggregate adds its partial results in the order the threads finish, as a single
// thread adds its rows in the order it reads them.

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"cohesion/pipeline"
	"cohesion/pipeline/demo"
	"cohesion/queries"
)

// The models held to it, in build order, and the models and tables they read from upstream.
var (
	orderFreeModels = []string{"retention_starters", "int_retention_curves", "dropout_intervals",
		"cohesion_dropout", "scale_reliability", "expected_response", "retention_logrank", "cohesion_icc", "check_on"}
	orderFreeInputs = []string{"cohesion_member", "item_scores", "instrument_items", "instruments",
		"attendance", "sessions", "retention", "outcome_change"}
)

// TestStatisticsIndependentOfRowOrder builds a demo program of 40 cohorts beside the practice
// (enough rows for sums of doubles to come out differently in another order), then builds the statistical models
// again over copies of their inputs with the rows shuffled (twice, in two orders) and requires
// every value to be the same to the last bit.
func TestStatisticsIndependentOfRowOrder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "program")
	if _, err := demo.Generate(dir, demo.Config{Seed: 3, Cohorts: 40}); err != nil {
		t.Fatal(err)
	}
	db := openTemp(t)
	for _, r := range load(t, db, dir, practiceDir) {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
	}
	build(t, db)
	models, _, err := pipeline.ReadModels(queries.Models)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]pipeline.Model{}
	for _, m := range models {
		byName[m.Name] = m
	}
	ctx := context.Background()
	for _, order := range []string{"hash(t)", "hash(t::varchar) desc"} {
		conn, err := db.SQL.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		exec := func(query string) {
			t.Helper()
			if _, err := conn.ExecContext(ctx, query); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		}
		if err := pipeline.BuildTemp(ctx, conn, nil, pipeline.DefaultSettings, pipeline.TempTables); err != nil {
			t.Fatal(err)
		}
		// Temporary tables of the same names come first when a model reads them; the stored ones
		// are named in full, as "main" alone finds a temporary table too.
		var database string
		if err := conn.QueryRowContext(ctx, "select current_database()").Scan(&database); err != nil {
			t.Fatal(err)
		}
		stored := func(name string) string { return fmt.Sprintf(`"%s".main.%s`, database, name) }
		for _, name := range orderFreeInputs {
			exec(fmt.Sprintf("create or replace temp table %s as select * from %s as t order by %s", name, stored(name), order))
		}
		for _, name := range orderFreeModels {
			exec(fmt.Sprintf("create or replace temp table %s as (\n%s\n)", name, byName[name].SQL))
			want := exactRows(t, conn, stored(name))
			got := exactRows(t, conn, "temp."+name)
			if len(want) == 0 {
				t.Errorf("%s: no rows to compare", name)
			}
			equalRows(t, fmt.Sprintf("%s over inputs in order %s", name, order), got, want)
		}
		conn.Close()
	}
}

// exactRows renders every row of table, doubles by their bits, sorted.
func exactRows(t *testing.T, conn *sql.Conn, table string) []string {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), "select * from "+table+" order by all")
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	return rowTexts(t, rows, func(v any) string {
		if f, ok := v.(float64); ok {
			return fmt.Sprintf("%v(%x)", f, math.Float64bits(f))
		}
		return fmt.Sprint(v)
	})
}
