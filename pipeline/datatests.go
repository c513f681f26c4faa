// datatests.go runs the data tests after a build, as cheaply as the build was: after an
// incremental run, a test of the cohort-partitioned marts looks at the rebuilt cohorts only.
package pipeline

import (
	"context"
	"database/sql"
	"fmt"
)

// TestRun is what RunTests did.
type TestRun struct {
	Results []TestResult
	Scoped  []string // run over the rebuilt cohorts only
	Skipped []string // read a step built for some cohorts only: run on a full build
}

// metaTestsPassed is the meta key saying whether every data test of the last run passed.
const metaTestsPassed = "tests_passed"

// RunTests runs the data tests after a build that did inc, and records whether they all passed.
//
// After a full build every test runs whole. After an incremental one, a test whose header says
// `-- partition: cohort` (each row it returns concerns one cohort, and comes from that cohort's
// rows alone) runs over the rebuilt cohorts' rows only, the tables it reads seen through views of
// those cohorts (and of the rows of no cohort): the other cohorts' rows are the ones the last run
// tested. That holds when the last run's tests all passed (inc.TestsPassed) and the test reads
// only tables the run rebuilt by cohort or fingerprinted by cohort (stored ones, which a view can stand in for), and
// tables without a cohort column that every cohort shares (any change to them rebuilds
// everything). Otherwise it runs whole. A test reading a step the run built for some cohorts
// only is skipped, as it would see the others as missing.
func RunTests(ctx context.Context, conn *sql.Conn, models []Model, tests []DataTest, inc Incremental) (TestRun, error) {
	var run TestRun
	p, err := planIncremental(models)
	if err != nil {
		return run, err
	}
	partial := PartialSteps(models)
	passed := !inc.Full && inc.TestsPassed
	byName := map[string]Model{}
	for _, m := range models {
		byName[m.Name] = m
	}
	inputs := map[string]bool{}
	for _, n := range p.inputs {
		inputs[n] = true
	}
	stored, err := storedPrefix(ctx, conn)
	if err != nil {
		return run, err
	}
	failed := false
	for _, t := range tests {
		if !inc.Full && Reads(t.SQL, partial) {
			run.Skipped = append(run.Skipped, t.Name)
			continue
		}
		var shadows []string
		scoped := false
		if !inc.Full && passed && t.Partition == ByCohort {
			if shadows, scoped, err = testShadows(ctx, conn, t, byName, p, inputs); err != nil {
				return run, err
			}
		}
		var r []TestResult
		if scoped {
			run.Scoped = append(run.Scoped, t.Name)
			r, err = testScoped(ctx, conn, t, shadows, byName, stored, inc.Cohorts)
		} else {
			r, err = Test(ctx, conn, []DataTest{t})
		}
		if err != nil {
			return run, err
		}
		failed = failed || r[0].Failures > 0
		run.Results = append(run.Results, r[0])
	}
	// What the next run may rely on: a run whose tests passed vouches for every cohort's rows
	// (those it did not retest passed before, or it retested them all).
	verdict := "true"
	if failed {
		verdict = "false"
	}
	if _, err := conn.ExecContext(ctx, `insert or replace into meta values (?, ?)`, metaTestsPassed, verdict); err != nil {
		return run, err
	}
	return run, nil
}

// testShadows lists the tables test t reads that have a cohort column, to be seen through views
// of the rebuilt cohorts; ok is false when t cannot be run so (it reads a temporary step or a
// model that is neither rebuilt by cohort nor fingerprinted by cohort, with a cohort column).
func testShadows(ctx context.Context, conn *sql.Conn, t DataTest, byName map[string]Model, p plan, inputs map[string]bool) ([]string, bool, error) {
	var shadows []string
	for _, id := range identifiers(t.SQL) {
		m, isModel := byName[id]
		if !isModel || contains(shadows, id) {
			continue
		}
		if !p.scoped[id] && !inputs[id] || p.extended[id] {
			// a program-level model, or one rebuilt beyond the changed cohorts: its rows of
			// any cohort may have changed
			return nil, false, nil
		}
		var n int
		if err := conn.QueryRowContext(ctx, `select count(*) from (describe `+id+`) where column_name = 'cohort'`).Scan(&n); err != nil {
			return nil, false, fmt.Errorf("data test %s: %w", t.Name, err)
		}
		switch {
		case n == 0 && !p.scoped[id]:
			// shared by every cohort: a change to it rebuilds everything
		case n == 0, p.scoped[id] && (m.Materialized != Table || m.PartitionColumn != "cohort"):
			return nil, false, nil // no view can stand in for it by cohort
		case m.Materialized == View:
			return nil, false, nil
		default:
			shadows = append(shadows, id)
		}
	}
	return shadows, len(shadows) > 0, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// testScoped runs t with each of shadows seen through a view of the cohorts' rows (and those of
// no cohort).
func testScoped(ctx context.Context, conn *sql.Conn, t DataTest, shadows []string, byName map[string]Model, stored string, cohorts []string) ([]TestResult, error) {
	list := sqlList(cohorts)
	var undo []string
	defer func() {
		for i := len(undo) - 1; i >= 0; i-- {
			conn.ExecContext(context.WithoutCancel(ctx), undo[i])
		}
	}()
	for _, d := range shadows {
		from := stored + d
		if byName[d].Materialized == Ephemeral {
			// a temporary table: renamed for the while, so that the view can take its name
			from = "temp.main." + d + "__whole"
			if _, err := conn.ExecContext(ctx, fmt.Sprintf("alter table temp.main.%[1]s rename to %[1]s__whole", d)); err != nil {
				return nil, fmt.Errorf("data test %s: %w", t.Name, err)
			}
			undo = append(undo, fmt.Sprintf("alter table temp.main.%[1]s__whole rename to %[1]s", d))
		}
		q := fmt.Sprintf("create temp view %s as select * from %s where cohort is null or cohort in (%s)", d, from, list)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("data test %s: %w", t.Name, err)
		}
		undo = append(undo, "drop view if exists temp.main."+d)
	}
	return Test(ctx, conn, []DataTest{t})
}
