package reports

import (
	"context"
	"path/filepath"
	"testing"

	"cohesion/pipeline"
	"cohesion/pipeline/demo"
	"cohesion/queries"
)

// TestDemoEverySection builds the demo program the way `make demo` does and checks that the
// report of its first cohort has data in every section, and that the page draws every chart in
// the browser with the network cut off.
func TestDemoEverySection(t *testing.T) {
	dir := t.TempDir()
	if _, err := demo.Generate(filepath.Join(dir, "program"), demo.Config{Seed: 1, Cohorts: 6}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := pipeline.Open(ctx, filepath.Join(dir, "c.duckdb"), pipeline.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	results, err := db.Load(ctx, []string{filepath.Join(dir, "program")}, pipeline.LoadOptions{DefaultTZ: "America/New_York", Key: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
	}
	models, _, err := pipeline.ReadModels(queries.Models)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := pipeline.Build(ctx, conn, models, pipeline.DefaultSettings, nil); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	for _, named := range []bool{false, true} {
		opt := CohortOptions{Names: named, Now: fixedNow}
		d := loadCohort(t, db.SQL, "intro-001", opt)
		for section, n := range map[string]int{
			"check on": len(d.CheckOn), "attendance": len(d.Cells), "retention": len(d.Retention),
			"GCQ-S": len(d.GCQS), "ratings": len(d.Ratings), "network": len(d.Network), "outcome change": len(d.Changes),
			"member courses": len(d.Courses),
		} {
			if n == 0 {
				t.Errorf("names %v: the %s section is empty", named, section)
			}
		}
		if named && len(d.Comments) == 0 {
			t.Error("the named copy shows no comments")
		}
		if len(d.MissingMarts) > 0 {
			t.Errorf("marts missing: %v", d.MissingMarts)
		}
		if !named {
			dom, log := renderInBrowser(t, render(t, d, opt))
			charts := 10
			for _, c := range d.Courses {
				charts += len(c.Measures)
			}
			checkChartsDrew(t, dom, log, charts)
		}
	}
}
