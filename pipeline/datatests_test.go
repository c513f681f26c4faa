package pipeline_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cohesion/pipeline"
	"cohesion/queries"
)

// TestDataTestsScoped: after an incremental run, the tests of the cohort-partitioned marts look
// at the rebuilt cohorts only, and still catch a bad row there; after a run whose tests failed,
// every test runs whole again, and catches what the scoped ones could not see.
func TestDataTestsScoped(t *testing.T) {
	ctx := context.Background()
	models, tests, err := pipeline.ReadModels(queries.Models)
	if err != nil {
		t.Fatal(err)
	}
	// A test marked by cohort that reads a model rebuilt beyond the changed cohorts (check_on,
	// as expectations follow their references) must not be scoped: any cohort's rows of it may
	// have changed.
	tests = append(tests, pipeline.DataTest{Name: "check_on_by_cohort", SQL: "select * from check_on where reason is null", Partition: "cohort"},
		// nor one reading a model built whole (groupness compares cohorts)
		pipeline.DataTest{Name: "groupness_by_cohort", SQL: "select * from groupness where cohort is null", Partition: "cohort"})
	files := historyProgram(t)
	var week string
	for _, f := range files {
		if strings.Contains(f, filepath.Join("demo", "zoom")) {
			week = f // one cohort's export, loaded a week later
		}
	}
	db := openTemp(t)
	var first []string
	for _, f := range files {
		if f != week {
			first = append(first, f)
		}
	}
	load(t, db, first...)
	// build runs a build and its tests; plant, when given, changes the marts in between.
	full := false // the next build rebuilds everything
	build := func(plant string) (pipeline.Incremental, pipeline.TestRun) {
		t.Helper()
		conn, err := db.SQL.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		defer pipeline.DropSteps(ctx, conn, models)
		inc, err := pipeline.BuildIncremental(ctx, conn, models, pipeline.DefaultSettings, full, nil)
		if err != nil {
			t.Fatal(err)
		}
		full = false
		if plant != "" {
			if _, err := conn.ExecContext(ctx, plant); err != nil {
				t.Fatal(err)
			}
		}
		run, err := pipeline.RunTests(ctx, conn, models, tests, inc)
		if err != nil {
			t.Fatal(err)
		}
		return inc, run
	}
	failures := func(run pipeline.TestRun) []string {
		var out []string
		for _, r := range run.Results {
			if r.Failures > 0 {
				out = append(out, r.Name)
			}
		}
		return out
	}
	if inc, run := build(""); !inc.Full || len(run.Scoped) > 0 || len(failures(run)) > 0 {
		t.Fatalf("first run: %+v, scoped %v, failed %v; want a full build with every test whole, passing", inc, run.Scoped, failures(run))
	}
	load(t, db, week)
	var changed, other string
	bad := func(cohort string) string {
		return "update attendance set status = 'bogus' where cohort = '" + cohort + "' and participant_id = (select min(participant_id) from attendance where cohort = '" + cohort + "')"
	}
	row := func(q string) string {
		var s string
		if err := db.SQL.QueryRowContext(ctx, q).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	inc, run := build("")
	if inc.Full || len(inc.Cohorts) != 1 {
		t.Fatalf("the week: %+v, want one cohort rebuilt", inc)
	}
	changed = inc.Cohorts[0]
	other = row("select min(cohort) from attendance where cohort <> '" + changed + "'")
	if !slices.Contains(run.Scoped, "attendance_values_valid") || !slices.Contains(run.Scoped, "cohesion_member_one_row_per_key") || !slices.Contains(run.Scoped, "attendance_one_row_per_member_session") {
		t.Errorf("the week's run scoped %v, want the tests of attendance and cohesion_member among them", run.Scoped)
	}
	for _, name := range []string{"check_on_by_cohort", "groupness_by_cohort"} {
		if slices.Contains(run.Scoped, name) {
			t.Errorf("%s was scoped: its model's rows of any cohort may change", name)
		}
	}
	if f := failures(run); len(f) > 0 {
		t.Errorf("the week's run failed %v", f)
	}
	// The same week again: a bad row in the rebuilt cohort is caught by the scoped test.
	if _, err := db.Unload(ctx, []string{week}); err != nil {
		t.Fatal(err)
	}
	build("")
	load(t, db, week)
	if _, run := build(bad(changed)); !slices.Contains(failures(run), "attendance_values_valid") || !slices.Contains(run.Scoped, "attendance_values_valid") {
		t.Errorf("a bad row in the rebuilt cohort %s: scoped %v, failed %v; want attendance_values_valid scoped and failing", changed, run.Scoped, failures(run))
	}
	// After a failing run nothing is vouched for: the next runs the tests whole, and sees a bad
	// row of a cohort no run rebuilt.
	setBad(t, db.SQL, bad(other))
	if inc, run := build(""); inc.Full || len(run.Scoped) > 0 || !slices.Contains(failures(run), "attendance_values_valid") {
		t.Errorf("after a failing run: %+v, scoped %v, failed %v; want every test whole and the bad row of %s found", inc, run.Scoped, failures(run), other)
	}
	// A build whose tests never ran (the process died after the build) vouches for nothing: the
	// next run tests every cohort again. First a full build mends the bad rows and passes.
	full = true
	if _, run := build(""); len(failures(run)) > 0 {
		t.Fatalf("a full build after the bad rows: failed %v", failures(run))
	}
	if _, err := db.Unload(ctx, []string{week}); err != nil {
		t.Fatal(err)
	}
	build("")
	load(t, db, week)
	func() {
		conn, err := db.SQL.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		defer pipeline.DropSteps(ctx, conn, models)
		if _, err := pipeline.BuildIncremental(ctx, conn, models, pipeline.DefaultSettings, false, nil); err != nil {
			t.Fatal(err)
		}
	}()
	if inc, run := build(""); inc.Full || len(run.Scoped) > 0 {
		t.Errorf("after a build left untested: %+v, scoped %v; want every test whole", inc, run.Scoped)
	}
}

func setBad(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatal(err)
	}
}
