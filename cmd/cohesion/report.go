// report.go is `cohesion report`: self-contained HTML reports read from the marts.
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"cohesion/pipeline"
	"cohesion/reports"
)

func runReport(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlags("report", `report cohort COHORT [--db FILE] [--out FILE] [--names] [--norm-min N]
       cohesion report quarter YYYYQn [--db FILE] [--out FILE] [--min-cell N]`,
		`  cohesion report cohort intro-2026-01                 # writes cohort-intro-2026-01.html
  cohesion report cohort intro-2026-01 --names --out /tmp/intro.html
  cohesion report quarter 2026Q3                       # writes quarter-2026Q3.html, small cells suppressed
  cohesion report quarter 2026Q3 --min-cell 6
Dates, weekdays and times are each cohort's own local ones, whatever the computer's zone.
`, out)
	dbPath := dbFlag(fs)
	outPath := fs.StringP("out", "o", "", "HTML file to write (default cohort-COHORT.html or quarter-YYYYQn.html)")
	names := fs.Bool("names", false, "cohort: show members' names instead of pseudonyms (the facilitator's own copy only)")
	normMin := fs.Int("norm-min", reports.DefaultNormMin, "cohort: earlier members an expected-response cell needs before a member's chart draws it")
	minCell := fs.Int("min-cell", reports.DefaultMinCell, "quarter: suppress any figure describing fewer than N people (0 turns suppression off)")
	fs.String("tz", "", "no longer used: each cohort's own time zone is")
	fs.MarkDeprecated("tz", "each cohort's own time zone places it in a quarter and gives its weekdays and times")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("which report? cohort COHORT or quarter YYYYQn")
	}
	switch fs.Arg(0) {
	case "cohort":
		return runCohortReport(ctx, fs, *dbPath, *outPath, *names, *normMin, out)
	case "quarter":
		return runQuarterReport(ctx, fs, *dbPath, *outPath, *minCell, out, errOut)
	}
	return usagef("unknown report %q (reports: cohort, quarter)", fs.Arg(0))
}

func runCohortReport(ctx context.Context, fs *pflag.FlagSet, dbPath, outPath string, names bool, normMin int, out io.Writer) error {
	for _, f := range []string{"min-cell"} {
		if fs.Changed(f) {
			return usagef("--%s is for the quarter report", f)
		}
	}
	if fs.NArg() != 2 {
		return usagef("report cohort takes one cohort name")
	}
	if normMin < 1 {
		return usagef("--norm-min must be 1 or more")
	}
	cohort := fs.Arg(1)
	path := outPath
	if path == "" {
		path = "cohort-" + safeFileName(cohort) + ".html"
	}
	db, err := openMarts(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := reports.CohortOptions{Names: names, NormMin: normMin}
	if _, err := writeCohortReportData(ctx, db, cohort, path, opt); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s\n", path)
	return nil
}

// runQuarterReport writes the practice's quarterly report. It never shows names, so --names
// is refused rather than ignored.
func runQuarterReport(ctx context.Context, fs *pflag.FlagSet, dbPath, outPath string, minCell int, out, errOut io.Writer) error {
	if fs.Changed("names") {
		return usagef("--names is for the cohort report; the quarter report never shows names")
	}
	if fs.Changed("norm-min") {
		return usagef("--norm-min is for the cohort report")
	}
	if fs.NArg() != 2 {
		return usagef("report quarter takes one quarter, such as 2026Q3")
	}
	q, err := reports.ParseQuarter(fs.Arg(1))
	if err != nil {
		return usageError{err.Error()}
	}
	if minCell < 0 {
		return usagef("--min-cell %d: want 0 (no suppression) or more", minCell)
	}
	path := outPath
	if path == "" {
		path = "quarter-" + q.String() + ".html"
	}
	db, err := openMarts(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := reports.QuarterOptions{MinCell: minCell, Now: clock()}
	data, err := reports.LoadQuarter(ctx, db.SQL, q, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.RenderQuarter(&buf, data, opt); err != nil {
		return err
	}
	if err := writeWhole(path, buf.Bytes()); err != nil {
		return err
	}
	if len(data.Cohorts) == 0 {
		fmt.Fprintf(errOut, "cohesion report: no cohort had its first session in %s (dates in %s)\n", q, data.Zone)
	}
	if minCell == 0 {
		fmt.Fprintln(errOut, "cohesion report: suppression is off; the page may identify members")
	}
	fmt.Fprintf(out, "wrote %s\n", path)
	return nil
}

func writeCohortReport(ctx context.Context, db *pipeline.DB, cohort, path string, names bool) error {
	_, err := writeCohortReportData(ctx, db, cohort, path, reports.CohortOptions{Names: names})
	return err
}

// writeCohortReportData writes the cohort's report and returns what it shows.
func writeCohortReportData(ctx context.Context, db *pipeline.DB, cohort, path string, opt reports.CohortOptions) (*reports.CohortData, error) {
	opt.Now = clock()
	data, err := reports.LoadCohort(ctx, db.SQL, cohort, opt)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := reports.RenderCohort(&buf, data, opt); err != nil {
		return nil, err
	}
	return data, writeWhole(path, buf.Bytes())
}

// writeWhole writes the whole page or nothing: a half-written report would look like a real one.
func writeWhole(path string, page []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, page, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// safeFileName keeps letters, digits, '-', '_' and '.' of a cohort label for a default file name.
func safeFileName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			b[i] = '_'
		}
	}
	return string(b)
}

// reportTime is the time a report says it was generated: now, or SOURCE_DATE_EPOCH (Unix
// seconds) when set, so that the same marts give byte-identical pages.
func clock() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	return time.Now()
}
