// This file holds the positioned error type and the error kinds the shared
// readers report.

package exportfile

import (
	"errors"
	"fmt"
)

// ParseError is the error a vendor parser returns for a file it cannot read.
// Line is the 1-based line of the file, or row of a worksheet. Column is the
// 1-based field (cell) number, as a spreadsheet counts columns, not a byte
// offset as in csv.ParseError, because a facilitator fixes these files in a
// spreadsheet. Column is 0 when the problem is not one field's, and Line is 0
// when it is not one row's (a workbook that cannot be opened at all).
type ParseError struct {
	Line, Column int
	Err          error
}

// Error formats the position and cause as "line 7, column 3: bad date ...".
func (e *ParseError) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprint(e.Err)
	case e.Column == 0:
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
}

// Unwrap returns the cause, so errors.Is can match the Err* kinds.
func (e *ParseError) Unwrap() error { return e.Err }

// ErrorAt builds a ParseError at a field; col is the 0-based field index, or
// -1 when the problem is the whole row's.
func ErrorAt(line, col int, err error) *ParseError {
	return &ParseError{Line: line, Column: col + 1, Err: err}
}

// The kinds of problem the shared readers report, for errors.Is. The
// parsers re-export the ones their files can have under the same names.
var (
	// ErrNotText means a CSV export holds NULs or invalid UTF-8: a binary
	// file, a UTF-16 export, or a spreadsheet saved in a legacy code page.
	ErrNotText = errors.New("not a text CSV file")
	// ErrBadDate means a time field is not in any accepted layout.
	ErrBadDate = errors.New("bad date")
	// ErrImpossibleDate means a time field is well formed but names no real
	// instant, such as 02/30/2026 or 13/13/2026 or 25:00.
	ErrImpossibleDate = errors.New("impossible date")
	// ErrMixedDateOrder means one file has both a date only valid day-first
	// and a date only valid month-first.
	ErrMixedDateOrder = errors.New("mixed day-first and month-first dates")
	// ErrBadTime means a clock-only field is not a time like "6:58 PM".
	ErrBadTime = errors.New("bad time")
	// ErrImpossibleTime means a clock time is well formed but out of range,
	// such as 25:00 or 13:10 PM.
	ErrImpossibleTime = errors.New("impossible time")
	// ErrBadDuration means a duration is not like "1h 2m 10s", "1 hr 28 min"
	// or "1:02:10".
	ErrBadDuration = errors.New("bad duration")
	// ErrNameTooLong means a name or email field is over MaxName bytes.
	ErrNameTooLong = errors.New("a name or email too long to be one")
)

// MaxName bounds a name or email field: the longest real ones are a few hundred bytes, and one
// of kilobytes is a damaged or hostile file (printed in every listing of unmatched names).
const MaxName = 4 << 10

// CheckNames refuses the first of the fields cols of rec (0-based; -1 for a column the file
// lacks) that is longer than MaxName, at line and that field.
func CheckNames(rec []string, line int, cols ...int) error {
	for _, c := range cols {
		if c >= 0 && c < len(rec) && len(rec[c]) > MaxName {
			return ErrorAt(line, c, NameTooLong(len(rec[c])))
		}
	}
	return nil
}

// NameTooLong is the error for a name or email field of n bytes, over MaxName.
func NameTooLong(n int) error {
	return fmt.Errorf("%w: %d bytes, over the %d KB any name or email can be (a damaged file?)", ErrNameTooLong, n, MaxName>>10)
}
