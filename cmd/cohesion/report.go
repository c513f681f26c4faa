// report.go is `cohesion report`: self-contained HTML reports read from the marts.
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"cohesion/pipeline"
	"cohesion/reports"
)

func runReport(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlags("report", "report cohort COHORT [--db FILE] [--out FILE] [--names]", `  cohesion report cohort intro-2026-01                 # writes cohort-intro-2026-01.html
  cohesion report cohort intro-2026-01 --names --out /tmp/intro.html
`, out)
	dbPath := dbFlag(fs)
	outPath := fs.StringP("out", "o", "", "HTML file to write (default cohort-COHORT.html)")
	names := fs.Bool("names", false, "show members' names instead of pseudonyms (the facilitator's own copy only)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("which report? cohort COHORT")
	}
	if fs.Arg(0) != "cohort" {
		return usagef("unknown report %q (reports: cohort)", fs.Arg(0))
	}
	if fs.NArg() != 2 {
		return usagef("report cohort takes one cohort name")
	}
	cohort := fs.Arg(1)
	path := *outPath
	if path == "" {
		path = "cohort-" + safeFileName(cohort) + ".html"
	}
	db, err := pipeline.Open(ctx, pipeline.ResolvePath(*dbPath), pipeline.OpenOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := writeCohortReport(ctx, db, cohort, path, *names); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s\n", path)
	return nil
}

func writeCohortReport(ctx context.Context, db *pipeline.DB, cohort, path string, names bool) error {
	opt := reports.CohortOptions{Names: names, Now: time.Now()}
	data, err := reports.LoadCohort(ctx, db.SQL, cohort, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.RenderCohort(&buf, data, opt); err != nil {
		return err
	}
	// Write the whole page or nothing: a half-written report would look like a real one.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
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
