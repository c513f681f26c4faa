// run.go is `cohesion run`: build the models, run the data tests, report missing exports.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"cohesion/pipeline"
	"cohesion/queries"
)

func runRun(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlags("run", "run [--db FILE] [--full] [--late-after MIN] [--left-early-before MIN] [--dropout-rule RULE]", `  cohesion run
  cohesion run --late-after 5      # late when joining more than 5 minutes after the start
  cohesion run --dropout-rule consecutive:2    # dropped out after missing 2 held sessions in a row
  cohesion run --dropout-rule min-attended:3   # dropped out when a finished cohort gave fewer than 3
`, out)
	dbPath := dbFlag(fs)
	verbose := fs.BoolP("verbose", "v", false, "print each model with its rows and time, and each data test")
	keep := fs.Bool("keep-intermediate", false, "store every step of the models (int_*, stg_*) as a table too, to query them (slower, larger; builds everything)")
	full := fullFlag(fs)
	settings := addRunFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("run takes no arguments, got %q", fs.Args())
	}
	s, err := settings()
	if err != nil {
		return err
	}
	db, err := pipeline.Open(ctx, pipeline.ResolvePath(*dbPath), pipeline.OpenOptions{MustExist: true})
	if err != nil {
		return err
	}
	defer db.Close()
	if n, err := db.Loaded(ctx); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("nothing is loaded in %s yet: load the program folder first (cohesion load FOLDER)", db.Path)
	}
	return buildAndTest(ctx, db, s, buildOptions{verbose: *verbose, keep: *keep, full: *full}, out, errOut)
}

// buildOptions are how run and update build the models: verbose lists each model and data
// test; keep stores the intermediate steps as tables; full rebuilds every cohort, not only
// those whose inputs changed since the last run.
type buildOptions struct {
	verbose, keep, full bool
}

// fullFlag adds --full (run and update take it).
func fullFlag(fs *pflag.FlagSet) *bool {
	return fs.Bool("full", false, "rebuild every cohort, not only those whose files, roster or schedule changed since the last run (the marts are the same either way)")
}

// addRunFlags adds run's model settings to fs (update takes them too); the function it returns
// reads them once fs is parsed.
func addRunFlags(fs *pflag.FlagSet) func() (pipeline.Settings, error) {
	s := pipeline.DefaultSettings
	late := fs.Int("late-after", s.LateAfterMinutes, "a member joining more than this many minutes after the start is late")
	early := fs.Int("left-early-before", s.LeftEarlyBeforeMinutes, "a member leaving more than this many minutes before the end left early")
	norm := fs.Int("norm-min", s.NormMin, "earlier members an expected-response cell needs before check_on calls a member not on track against it")
	dropoutRule := fs.String("dropout-rule", "no-return", "when a starter has dropped out, `RULE`: no-return (missed the final session of a finished cohort),\n"+
		"consecutive:N (missed N held sessions in a row, never came back), min-attended:K (came to fewer than K of a finished cohort)")
	return func() (pipeline.Settings, error) {
		s.LateAfterMinutes, s.LeftEarlyBeforeMinutes, s.NormMin = *late, *early, *norm
		if s.LateAfterMinutes < 0 || s.LeftEarlyBeforeMinutes < 0 {
			return s, usagef("thresholds must be zero or more minutes")
		}
		if s.NormMin < 1 {
			return s, usagef("--norm-min must be 1 or more members")
		}
		name, count, hasCount := strings.Cut(*dropoutRule, ":")
		switch {
		case name == "no-return" && !hasCount:
			s.DropoutRule, s.DropoutN = name, 0
		case name == "consecutive" || name == "min-attended":
			n, err := strconv.Atoi(count)
			if err != nil || n < 1 {
				return s, usagef("--dropout-rule %q: the number after %s: must be a whole number of sessions, 1 or more", *dropoutRule, name)
			}
			s.DropoutRule, s.DropoutN = name, n
		default:
			return s, usagef("--dropout-rule %q: want no-return, consecutive:N or min-attended:K", *dropoutRule)
		}
		return s, nil
	}
}

// buildAndTest builds every model, runs the data tests, drops the steps of the run (the
// ephemeral and view models) and lists sessions missing an export.
func buildAndTest(ctx context.Context, db *pipeline.DB, s pipeline.Settings, opt buildOptions, out, errOut io.Writer) error {
	models, tests, err := pipeline.ReadModels(queries.Models)
	if err != nil {
		return err
	}
	if opt.keep {
		models = pipeline.KeepAll(models)
	}
	verbose := opt.verbose
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	start := time.Now()
	var each func(pipeline.ModelResult)
	if verbose {
		each = func(r pipeline.ModelResult) {
			rows := fmt.Sprintf("%8d rows", r.Rows)
			if r.Rows < 0 {
				rows = fmt.Sprintf("%13s", "view")
			}
			fmt.Fprintf(out, "  model %-38s %s  %6.0f ms\n", r.Name, rows, float64(r.Duration.Microseconds())/1000)
		}
	}
	defer pipeline.DropSteps(ctx, conn, models)
	// --keep-intermediate stores every step as a table, so each must be whole.
	inc, err := pipeline.BuildIncremental(ctx, conn, models, s, opt.full || opt.keep, each)
	if err != nil {
		return fmt.Errorf("%w (no model was changed)", err)
	}
	// After an incremental build, the tests of the cohort-partitioned marts look at the rebuilt
	// cohorts only, and a test reading a step built for them only waits for a full build.
	tr, err := pipeline.RunTests(ctx, conn, models, tests, inc)
	if err != nil {
		return err
	}
	results := tr.Results
	if verbose {
		for _, name := range tr.Skipped {
			fmt.Fprintf(out, "  test  %-38s on a full build (run --full)\n", name)
		}
	}
	scoped := map[string]bool{}
	for _, name := range tr.Scoped {
		scoped[name] = true
	}
	failed := 0
	for _, r := range results {
		if r.Failures == 0 {
			if verbose {
				what := "pass"
				if scoped[r.Name] {
					what = "pass, the changed cohorts"
				}
				fmt.Fprintf(out, "  test  %-38s %-26s %6.0f ms\n", r.Name, what, float64(r.Duration.Microseconds())/1000)
			}
			continue
		}
		failed++
		fmt.Fprintf(errOut, "cohesion run: data test %s failed: %d rows, e.g. %s\n", r.Name, r.Failures, r.Example)
	}
	how := ""
	if !inc.Full {
		how = " (" + changedCohorts(inc.Cohorts) + "; --full rebuilds all)"
	}
	fmt.Fprintf(out, "%d models built, %d/%d data tests passed, in %.1fs%s\n", len(models), len(results)-failed, len(results), time.Since(start).Seconds(), how)
	if err := reportMissingExports(ctx, conn, clock(), out); err != nil {
		return err
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// reportMissingExports names sessions whose time has passed with no attendance export loaded:
// they are not counted as everyone absent, and the facilitator should download the report.
func reportMissingExports(ctx context.Context, conn *sql.Conn, now time.Time, out io.Writer) error {
	// The start is shown in the cohort's own zone, as the schedule gives it.
	rows, err := conn.QueryContext(ctx, `select cohort, session, strftime(starts_local, '%a %Y-%m-%d %H:%M') || ' ' || timezone
		from sessions
		where not held and ends_at < to_timestamp($1) order by starts_at, cohort`, now.Unix())
	if err != nil {
		return err
	}
	defer rows.Close()
	var missing []string
	for rows.Next() {
		var cohort, start string
		var session int
		if err := rows.Scan(&cohort, &session, &start); err != nil {
			return err
		}
		missing = append(missing, fmt.Sprintf("  %s session %d (%s)", cohort, session, start))
	}
	if len(missing) > 0 {
		fmt.Fprintf(out, "\n%d past %s no attendance export loaded (not counted as absences until one is):\n",
			len(missing), pipeline.Plural(len(missing), "session has", "sessions have"))
		for _, m := range missing {
			fmt.Fprintln(out, m)
		}
	}
	return rows.Err()
}

// changedCohorts says which cohorts an incremental run rebuilt: all of them by name when
// there are a few.
func changedCohorts(cohorts []string) string {
	switch n := len(cohorts); {
	case n == 0:
		return "no cohort changed"
	case n == 1:
		return "only cohort " + cohorts[0] + " changed"
	case n <= 3:
		return fmt.Sprintf("only cohorts %s changed", strings.Join(cohorts, ", "))
	default:
		return fmt.Sprintf("%d cohorts changed, e.g. %s", n, strings.Join(cohorts[:3], ", "))
	}
}
