// This file holds the positioned error type and the error kinds Parse reports.

package marks

import (
	"errors"
	"fmt"
)

// ParseError is the error Parse returns for a file it cannot read. Line is
// 1-based. Column is the 1-based field (cell) number, as a spreadsheet counts
// columns, not a byte offset as in csv.ParseError, because these files are
// kept in a spreadsheet; it is 0 when the problem is not one field's.
type ParseError struct {
	Line, Column int
	Err          error
}

// Error formats the position and cause as "line 7, column 5: unknown status ...".
func (e *ParseError) Error() string {
	if e.Column == 0 {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
}

// Unwrap returns the cause, so errors.Is can match the Err* kinds below.
func (e *ParseError) Unwrap() error { return e.Err }

// The kinds of problem Parse reports, for errors.Is. The message of a
// ParseError starts with one of these and adds the offending text.
var (
	// ErrNotText means the bytes contain NULs or invalid UTF-8: a binary
	// file, a UTF-16 export, or a spreadsheet saved in a legacy code page.
	ErrNotText = errors.New("not a text CSV file")
	// ErrNoHeader means the first row is not a cohort/session/status header.
	ErrNoHeader = errors.New("no attendance header")
	// ErrMissingColumn means the header lacks a column Parse needs.
	ErrMissingColumn = errors.New("missing column")
	// ErrTruncated means a row has fewer fields than the columns Parse
	// reads, as when a file was cut off mid-row.
	ErrTruncated = errors.New("truncated row")
	// ErrMissingValue means a row lacks its cohort, or both email and name.
	ErrMissingValue = errors.New("missing value")
	// ErrBadSession means the session is not a positive whole number.
	ErrBadSession = errors.New("bad session number")
	// ErrUnknownStatus means the status is none of the accepted spellings.
	ErrUnknownStatus = errors.New("unknown status")
)

// errAt builds a ParseError; col is the 0-based field index, or -1 when the
// problem is the whole row's.
func errAt(line, col int, err error) *ParseError {
	return &ParseError{Line: line, Column: col + 1, Err: err}
}
