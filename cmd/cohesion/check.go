// check.go is `cohesion check`: why won't my file load? What load would make of each file, with
// no database and no schedule.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"cohesion/pipeline"
	"cohesion/pipeline/export"
)

func runCheck(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlags("check", "check [--format text|json] [--date-order auto|mdy|dmy] PATH...", `  cohesion check downloads/participants_81234567890.csv
  cohesion check --format json downloads/ | jq .
Nothing is written: no database is opened or made. Exit 0 when every file is readable.
`, out)
	format := fs.String("format", "text", "text, or json: one object per line")
	lf := addLoadFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("which files? give files or folders to check")
	}
	if *format != "text" && *format != "json" {
		return usagef("--format must be text or json, not %q", *format)
	}
	opt, err := lf.options()
	if err != nil {
		return err
	}
	if err := checkPaths(fs.Args()); err != nil {
		return err
	}
	results, err := pipeline.Check(fs.Args(), opt)
	if err != nil {
		return err
	}
	failed := 0
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for _, r := range results {
		if r.Err != nil {
			failed++
		}
		if *format == "json" {
			enc.Encode(checkJSON(r))
			continue
		}
		switch {
		case r.Err != nil:
			fmt.Fprintf(out, "%s: %v\n", r.File, r.Err)
		case r.Skipped != "":
			fmt.Fprintf(out, "%s: skipped, %s\n", r.File, r.Skipped)
		default:
			line := fmt.Sprintf("%s: %s, %d %s", r.File, r.Format, r.Rows, export.Plural(r.Rows, "row", "rows"))
			if r.NotCounted > 0 {
				line += fmt.Sprintf(" (%d not counted: waiting room)", r.NotCounted)
			}
			if !r.Start.IsZero() {
				span := ", meeting from "
				if r.Meetings > 1 {
					span = fmt.Sprintf(", %d meetings from ", r.Meetings)
				}
				line += span + r.Start.Format("2006-01-02 15:04")
				if !r.End.IsZero() {
					line += " to " + r.End.Format("2006-01-02 15:04")
				}
			}
			if r.DatesEitherWay {
				line += " (dates read month-first; either order fits, the schedule decides at run)"
			}
			fmt.Fprintln(out, line)
		}
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// checkLine is one file in check's JSON output.
type checkLine struct {
	File         string  `json:"file"`
	Format       string  `json:"format"`
	Rows         int     `json:"rows"`
	NotCounted   int     `json:"not_counted"`
	MeetingStart *string `json:"meeting_start"`
	MeetingEnd   *string `json:"meeting_end"`
	// DatesEitherWay is left out unless true, so that the other files' lines stay as they were.
	DatesEitherWay bool `json:"dates_either_way,omitempty"`
	// Meetings is left out unless the file holds several (a Zoom meeting list).
	Meetings int        `json:"meetings,omitempty"`
	Skipped  string     `json:"skipped,omitempty"`
	Error    *checkFail `json:"error"`
}

type checkFail struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

func checkJSON(r pipeline.Checked) checkLine {
	l := checkLine{File: r.File, Format: r.Format, Rows: r.Rows, NotCounted: r.NotCounted, Skipped: r.Skipped, DatesEitherWay: r.DatesEitherWay}
	if r.Meetings > 1 {
		l.Meetings = r.Meetings
	}
	stamp := func(t time.Time) *string {
		if t.IsZero() {
			return nil
		}
		s := t.Format("2006-01-02T15:04:05")
		return &s
	}
	l.MeetingStart, l.MeetingEnd = stamp(r.Start), stamp(r.End)
	if r.Err != nil {
		l.Error = &checkFail{Message: r.Err.Error()}
		var pe *pipeline.ParseError
		if errors.As(r.Err, &pe) {
			l.Error.Line, l.Error.Column, l.Error.Message = pe.Line, pe.Column, fmt.Sprint(pe.Err)
		}
	}
	return l
}
