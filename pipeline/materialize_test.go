package pipeline_test

import (
	"strings"
	"testing"

	"cohesion/pipeline"
	"cohesion/queries"
)

// TestStepsAreNotStored builds the models as a run does (the ephemeral and view steps only for
// the run's own connection) and with every step kept: the marts are the same, the run stores no
// step, and a run after one that kept them removes the stored steps it left.
func TestStepsAreNotStored(t *testing.T) {
	models, _, err := pipeline.ReadModels(queries.Models)
	if err != nil {
		t.Fatal(err)
	}
	var steps int
	for _, m := range models {
		if m.Materialized != pipeline.Table {
			steps++
		}
		if strings.HasPrefix(m.Name, "int_") || strings.HasPrefix(m.Name, "stg_") {
			if m.Materialized == pipeline.Table {
				t.Errorf("%s is an intermediate model stored as a table: its header should say materialized: ephemeral or view", m.Name)
			}
		} else if m.Materialized != pipeline.Table {
			t.Errorf("mart %s is %s: reports and queries read marts, so they must be stored", m.Name, m.Materialized)
		}
	}
	if steps == 0 {
		t.Fatal("no model is a step of the run: the test would prove nothing")
	}
	files := historyProgram(t)

	kept := loadBatches(t, [][]string{files}) // build keeps every step
	reference := martDump(t, kept)

	runLike := func(db *pipeline.DB) { t.Helper(); buildAs(t, db, false) }
	stored := func(db *pipeline.DB) []string {
		return rowsOf(t, db.SQL, `select table_name from duckdb_tables()
			where schema_name = 'main' and (table_name like 'int\_%' escape '\' or table_name like 'stg\_%' escape '\')
			order by all`)
	}
	if len(stored(kept)) == 0 {
		t.Fatal("the kept build stored no step")
	}
	runLike(kept) // over the steps a kept build left
	if s := stored(kept); len(s) > 0 {
		t.Errorf("a run left stored steps: %v", s)
	}
	sameMarts(t, "a run after a kept build", martDump(t, kept), reference)

	fresh := openTemp(t)
	for _, r := range load(t, fresh, files...) {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
	}
	runLike(fresh)
	if s := stored(fresh); len(s) > 0 {
		t.Errorf("a run stored steps: %v", s)
	}
	sameMarts(t, "a run", martDump(t, fresh), reference)
}
