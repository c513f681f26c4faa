// load.go is `cohesion load`: read export files into the database, each file all or nothing,
// then list what could not be attached.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"cohesion/pipeline"
	"cohesion/pipeline/export"
	"cohesion/pipeline/zoom"
)

func runLoad(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlags("load", "load [--db FILE] [--tz ZONE] [--date-order auto|mdy|dmy] [-q] [-v] PATH...", `  cohesion load program/                  # a folder: every .csv/.tsv/.txt/.xlsx below it
  cohesion load schedule.csv roster.csv   # single files
  cohesion load --date-order dmy zoom/    # exports from a day-first locale
Then 'cohesion run' builds the marts (or use 'cohesion update' for load, run and reports at once).
`, out)
	dbPath := dbFlag(fs)
	lf := addLoadFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("no files or folders to load")
	}
	opt, err := lf.options()
	if err != nil {
		return err
	}
	if err := checkPaths(fs.Args()); err != nil {
		return err
	}
	db, err := pipeline.Open(ctx, pipeline.ResolvePath(*dbPath), pipeline.OpenOptions{})
	if err != nil {
		return err
	}
	defer db.Close()
	loaded, failed, err := loadInto(ctx, db, fs.Args(), opt, *lf.quiet, *lf.verbose, out, errOut)
	if err != nil {
		return err
	}
	if loaded > 0 {
		fmt.Fprintln(out, "\nNext: cohesion run (the marts and reports still show the data as it was)")
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// loadFlags are the flags of load that update takes too.
type loadFlags struct {
	tz, dateOrder  *string
	quiet, verbose *bool
}

func addLoadFlags(fs *pflag.FlagSet) loadFlags {
	return loadFlags{
		tz:        fs.String("tz", "", "timezone for schedule rows without one (default: the system zone)"),
		dateOrder: fs.String("date-order", "auto", "date order of ambiguous export and schedule dates: auto, mdy or dmy"),
		quiet:     fs.BoolP("quiet", "q", false, "print only failures and the summary"),
		verbose:   fs.BoolP("verbose", "v", false, "also list each skipped file and why"),
	}
}

func (f loadFlags) options() (pipeline.LoadOptions, error) {
	opt := pipeline.LoadOptions{DefaultTZ: *f.tz, Key: os.Getenv("COHESION_KEY")}
	switch *f.dateOrder {
	case "auto":
		opt.DateOrder = zoom.DateAuto
	case "mdy":
		opt.DateOrder = zoom.MonthFirst
	case "dmy":
		opt.DateOrder = zoom.DayFirst
	default:
		return opt, usagef("--date-order must be auto, mdy or dmy, not %q", *f.dateOrder)
	}
	if opt.DefaultTZ == "" {
		opt.DefaultTZ = systemZone()
	}
	return opt, nil
}

// checkPaths fails on the first path that does not exist, before any database is opened: a
// mistyped path creates nothing.
func checkPaths(paths []string) error {
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%s: no such file or folder", p)
		}
	}
	return nil
}

// loadInto loads paths into db and prints what happened: each loaded file (unless quiet), each
// failure once on errOut, a summary, and what could not be attached. It returns how many files
// were loaded and how many failed.
func loadInto(ctx context.Context, db *pipeline.DB, paths []string, opt pipeline.LoadOptions, quiet, verbose bool, out, errOut io.Writer) (loaded, failed int, err error) {
	if !quiet {
		opt.Progress = out
	}
	start := time.Now()
	before, err := db.LastFileID(ctx)
	if err != nil {
		return 0, 0, err
	}
	results, err := db.Load(ctx, paths, opt)
	if err != nil {
		return 0, 0, err
	}
	var skipped, rows int
	var notExports []string
	for _, r := range results {
		switch {
		case r.Err != nil:
			failed++
			fmt.Fprintf(errOut, "cohesion load: %s: %v\n", r.Path, r.Err)
		case r.NotExport:
			notExports = append(notExports, r.Path)
			if verbose {
				fmt.Fprintln(out, r.String())
			}
		case r.Skipped != "":
			skipped++
			if verbose {
				fmt.Fprintln(out, r.String())
			}
		default:
			loaded++
			rows += r.Rows
			if !quiet && len(results) <= 256 {
				fmt.Fprintln(out, r.String())
			}
		}
	}
	fmt.Fprintf(out, "%d %s loaded (%d %s), %d already loaded, %d failed, in %.1fs\n",
		loaded, export.Plural(loaded, "file", "files"), rows, export.Plural(rows, "row", "rows"), skipped, failed, time.Since(start).Seconds())
	if len(notExports) > 0 && !verbose {
		shown := notExports[:min(len(notExports), 5)]
		for i, p := range shown {
			shown[i] = filepath.Base(p)
		}
		more := ""
		if len(notExports) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(notExports)-len(shown))
		}
		fmt.Fprintf(out, "skipped %d %s that %s no export cohesion reads: %s%s (--verbose says why)\n", len(notExports),
			export.Plural(len(notExports), "file", "files"), export.Plural(len(notExports), "is", "are"), strings.Join(shown, ", "), more)
	}
	if loaded > 0 {
		// The database file is written (checkpointed) while the listing is worked out.
		written := make(chan error, 1)
		go func() { written <- db.Checkpoint(ctx) }()
		surveys := false
		for _, r := range results {
			surveys = surveys || r.Err == nil && r.Skipped == "" && pipeline.IsSurvey(r.Format)
		}
		err := reportUnmatched(ctx, db, before, surveys, out)
		if werr := <-written; errors.Is(werr, pipeline.ErrDiskFull) {
			return loaded, failed, pipeline.ErrDiskFull
		} else if werr != nil {
			return loaded, failed, fmt.Errorf("writing the database file %s: %w", db.Path, werr)
		}
		if err != nil {
			return loaded, failed, err
		}
	}
	return loaded, failed, nil
}

// reportUnmatched lists the people and exports the newest load (the files after file ID since)
// could not attach, so the facilitator can add aliases or fix the schedule before running the
// models; and, when earlier loads left some too, how many the last run listed.
func reportUnmatched(ctx context.Context, db *pipeline.DB, since int32, surveys bool, out io.Writer) error {
	const most = 20
	u, err := db.Unmatched(ctx, since, surveys, most)
	if err != nil {
		return err
	}
	list := func(lines []string, total int, mart string) {
		for _, l := range lines {
			fmt.Fprintf(out, "  %s\n", l)
		}
		if total > len(lines) {
			fmt.Fprintf(out, "  ... and %d more (after 'cohesion run': cohesion query --sql \"select * from %s\")\n", total-len(lines), mart)
		}
	}
	if u.ExportCount > 0 {
		fmt.Fprintf(out, "\n%d %s no scheduled session (check meeting_id and starts_at in schedule.csv):\n",
			u.ExportCount, export.Plural(u.ExportCount, "attendance export fits", "attendance exports fit"))
		list(u.Exports, u.ExportCount, "unmatched_exports")
	}
	if u.NameCount > 0 {
		fmt.Fprintf(out, "\n%d %s no roster member; if one is a member, add the name to the aliases column of roster.csv:\n",
			u.NameCount, export.Plural(u.NameCount, "name in attendance exports matches", "names in attendance exports match"))
		list(u.Names, u.NameCount, "unmatched_names")
	}
	if u.ContactCount > 0 {
		fmt.Fprintf(out, "\n%d %s no roster member; if one is a member, add the name to the aliases column of roster.csv:\n",
			u.ContactCount, export.Plural(u.ContactCount, "name in check-in contacts matches", "names in check-in contacts match"))
		list(u.Contacts, u.ContactCount, "unmatched_contacts")
	}
	if u.ResponseCount > 0 {
		fmt.Fprintf(out, "\nSurvey answers not counted (they stay in the database; 'cohesion run' lists them in unmatched_responses):\n")
		list(u.Responses, u.ResponseCount, "unmatched_responses")
	}
	if u.AnswersUnlisted > 0 {
		fmt.Fprintf(out, "\n%d survey answers (blank cells of exports included) are too many to match while loading: the models' run ('cohesion run', or the update's) attaches them and keeps those it cannot in unmatched_responses and unmatched_contacts.\n",
			u.AnswersUnlisted)
	}
	if len(u.Stored) > 0 {
		var held []string
		for _, mart := range []string{"unmatched_exports", "unmatched_names", "unmatched_contacts", "unmatched_responses"} {
			if n := u.Stored[mart]; n > 0 {
				held = append(held, fmt.Sprintf("%d in %s", n, mart))
			}
		}
		fmt.Fprintf(out, "\nOver all loads, the last run counted %s.\n", strings.Join(held, ", "))
	}
	return nil
}

// systemZone is the IANA name of the machine's zone, or UTC when it cannot be told.
func systemZone() string {
	if tz := os.Getenv("TZ"); tz != "" {
		return tz
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			return target[i+len("zoneinfo/"):]
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil && len(b) > 1 {
		return string(b[:len(b)-1])
	}
	return "UTC"
}
