// demo.go is `cohesion demo`: generate a realistic program, load it, build the models and write
// a cohort report, so a new user sees the whole tool with one command.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"cohesion/pipeline"
	"cohesion/pipeline/demo"
)

// demoMarker marks a folder as made by demo, so a second run may safely replace it.
const demoMarker = ".cohesion-demo"

func runDemo(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlags("demo", "demo [--out DIR] [--seed N] [--cohorts N]", `  cohesion demo                         # into ./demo
  cohesion demo --out /tmp/d --cohorts 40 --seed 7
`, out)
	dir := fs.StringP("out", "o", "demo", "folder to write the program, database and report into")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same program")
	cohorts := fs.Int("cohorts", 6, "number of cohorts to generate (intro and advanced)")
	names := fs.Bool("names", false, "show generated names in the report instead of pseudonyms")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("demo takes no arguments, got %q", fs.Args())
	}
	if *cohorts < 1 || *cohorts > 100000 {
		return usagef("--cohorts must be between 1 and 100000")
	}
	if err := prepareDemoDir(*dir); err != nil {
		return err
	}
	program := filepath.Join(*dir, "program")
	truth, err := demo.Generate(program, demo.Config{Seed: *seed, Cohorts: *cohorts})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "generated %d cohorts (%d files) in %s\n", *cohorts, truth.Files, program)

	db, err := pipeline.Open(ctx, filepath.Join(*dir, "cohesion.duckdb"), pipeline.OpenOptions{})
	if err != nil {
		return err
	}
	defer db.Close()
	results, err := db.Load(ctx, []string{program}, pipeline.LoadOptions{DefaultTZ: "America/New_York", Key: os.Getenv("COHESION_KEY")})
	if err != nil {
		return err
	}
	rows := 0
	for _, r := range results {
		if r.Err != nil {
			return fmt.Errorf("%s: %w", r.Path, r.Err)
		}
		rows += r.Rows
	}
	fmt.Fprintf(out, "loaded %d files (%d rows) into %s\n", len(results), rows, db.Path)
	if err := buildAndTest(ctx, db, pipeline.DefaultSettings, buildOptions{}, out, errOut); err != nil {
		return err
	}
	cohort, err := firstFinishedCohort(ctx, db)
	if err != nil {
		return err
	}
	report := filepath.Join(*dir, "cohort-"+safeFileName(cohort)+".html")
	if err := writeCohortReport(ctx, db, cohort, report, *names); err != nil {
		return err
	}
	abs, _ := filepath.Abs(report)
	fmt.Fprintf(out, "\nOpen the cohort report: file://%s\n", abs)
	fmt.Fprintf(out, "Explore further:\n  cohesion report cohort COHORT --db %[1]s\n  cohesion report quarter 2026Q1 --db %[1]s --min-cell 5\n  cohesion query --list --db %[1]s\n", db.Path)
	return nil
}

// prepareDemoDir empties a folder an earlier demo made, and refuses to touch any other
// non-empty folder.
func prepareDemoDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, demoMarker), nil, 0o644)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, demoMarker)); err != nil {
			return fmt.Errorf("%s is not empty and was not made by demo; choose another --out", dir)
		}
		for _, e := range entries {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return os.WriteFile(filepath.Join(dir, demoMarker), nil, 0o644)
}

func firstFinishedCohort(ctx context.Context, db *pipeline.DB) (string, error) {
	var cohort string
	err := db.SQL.QueryRowContext(ctx, `select cohort from sessions group by cohort
		order by bool_and(held) desc, min(starts_at), cohort limit 1`).Scan(&cohort)
	if err != nil {
		return "", fmt.Errorf("no cohort to report on: %w", err)
	}
	return cohort, nil
}
