// Command cohesion loads group-therapy attendance and survey exports into an embedded DuckDB
// database, builds attendance, retention and cohesion models, and renders HTML reports.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/pflag"

	"cohesion/pipeline"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// command is one subcommand: its own flag set, parsed inside Run.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, out, errOut io.Writer) error
}

var commands = []command{
	{"update", "the week in one step: load, run, rewrite the reports of cohorts that changed", runUpdate},
	{"load", "load export files or program folders into the database", runLoad},
	{"check", "what load would make of each file, without a database: format, rows, errors", runCheck},
	{"unload", "take loaded files back (by path or sha256), all or none", runUnload},
	{"run", "build every model in dependency order, then run the data tests", runRun},
	{"status", "where things stand: per cohort, sessions held, the next one, what is missing", runStatus},
	{"report", "write an HTML report: report cohort COHORT, report quarter 2026Q3", runReport},
	{"query", "run a named query or SQL read-only; table, CSV, JSON, Parquet or Arrow out", runQuery},
	{"export", "write every mart, pseudonymised, as Parquet with a manifest", runExport},
	{"demo", "generate a realistic program, load it, run the models, write a report", runDemo},
}

const usageText = `cohesion: attendance, retention and group cohesion for group-therapy programs

Usage:
  cohesion <command> [flags] [arguments]

Commands:
%s
Run 'cohesion help <command>' (or 'cohesion <command> --help') for its flags and examples;
'cohesion --version' prints the version.

Quick start:
  cohesion demo --out demo             # a generated program, loaded, modelled and reported
  cohesion update program/             # each week: load the folder, run, rewrite changed reports
  cohesion status                      # where each cohort stands
  cohesion load program/ && cohesion run && cohesion report cohort intro-2026-01   # step by step
`

func usage(w io.Writer) {
	var b strings.Builder
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, usageText, b.String())
}

// usageError is a mistake in how the command was called: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(mainCode(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// mainCode runs the command line and returns the exit code: 0 ok, 1 failure, 2 usage error.
func mainCode(ctx context.Context, args []string, out, errOut io.Writer) int {
	if len(args) == 0 {
		usage(errOut)
		return 2
	}
	switch args[0] {
	case "-h", "--help", "help":
		if len(args) > 1 && args[0] == "help" { // help SUBCOMMAND is SUBCOMMAND --help
			return mainCode(ctx, []string{args[1], "--help"}, out, errOut)
		}
		usage(out)
		return 0
	case "--version", "version":
		fmt.Fprintln(out, "cohesion", version)
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], out, errOut)
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, pflag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(errOut, "cohesion %s: %v\nRun 'cohesion %s --help' for usage.\n", c.name, err, c.name)
			return 2
		case errors.Is(err, errReported):
			return 1
		default:
			fmt.Fprintf(errOut, "cohesion %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(errOut, "cohesion: unknown command %q\n\n", args[0])
	usage(errOut)
	return 2
}

// errReported means the command already printed its failures; main only sets the exit code.
var errReported = errors.New("failures reported above")

// newFlags makes a subcommand's flag set with a usage text that shows examples.
func newFlags(name, synopsis, examples string, out io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(out)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: cohesion %s\n\nFlags:\n%s\nExamples:\n%s", synopsis, fs.FlagUsages(), examples)
	}
	return fs
}

// parseFlags parses args, turning flag mistakes into usage errors.
func parseFlags(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func dbFlag(fs *pflag.FlagSet) *string {
	return fs.String("db", "", "database file (default $COHESION_DB, else cohesion.duckdb)")
}

// openMarts opens the database read-only for a command that shows marts, and refuses when they
// are not built yet or are out of date (files loaded or unloaded after the last run).
func openMarts(ctx context.Context, dbPath string) (*pipeline.DB, error) {
	db, err := pipeline.Open(ctx, pipeline.ResolvePath(dbPath), pipeline.OpenOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	if err := db.Fresh(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
