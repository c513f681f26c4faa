// This file reads the CSV exports into records that remember their physical
// line, shared by the Google Forms, Qualtrics and codebook parsers.

package forms

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"cohesion/pipeline/exportfile"
)

// record is one non-blank CSV record and the physical line it starts on.
type record struct {
	line   int
	fields []string
}

// readRecords reads every non-blank record of a CSV export.
//
// It reads with strict quoting and, if that fails, once more with lazy
// quoting: a bare quote in a free-text answer (I felt "seen") is common in
// hand-edited files, and a file cut inside a quoted answer then shows up as
// the truncated row it is rather than as a quoting error.
func readRecords(data []byte) ([]record, error) {
	return exportfile.ReadCSV(data, func(text []byte, lazy bool) ([]record, error) {
		records := exportfile.NewRecords(text, ',', lazy)
		recs := make([]record, 0, bytes.Count(text, []byte{'\n'})+1)
		for {
			fields, line, err := records.Next()
			if err != nil {
				return nil, err
			}
			if fields == nil {
				return recs, nil
			}
			recs = append(recs, record{line: line, fields: slices.Clone(fields)})
		}
	})
}

// firstRecords returns the first n non-blank records of a file's prefix, for
// the Detect functions: a guess, not a verdict, so quoting is lazy and a
// character cut in half by the prefix does not count as invalid.
func firstRecords(data []byte, n int) [][]string {
	return exportfile.FirstRecords(exportfile.DetectText(data), ',', n)
}

// checkWidth reports a row with fewer fields than the header (cut off) or
// with values beyond it; empty trailing fields are padding, not values.
func checkWidth(rec []string, line, headerWidth int) error {
	if len(rec) < headerWidth {
		return exportfile.ErrorAt(line, len(rec), fmt.Errorf("%w: %d fields, header has %d", ErrTruncated, len(rec), headerWidth))
	}
	for i := headerWidth; i < len(rec); i++ {
		if strings.TrimSpace(rec[i]) != "" {
			return exportfile.ErrorAt(line, i, fmt.Errorf("%w: %q, header has %d columns", ErrExtraFields, exportfile.Excerpt(rec[i]), headerWidth))
		}
	}
	return nil
}
