// This file holds the positioned error type and the error kinds Parse reports.

package zoom

import (
	"errors"
	"fmt"
)

// ParseError is the error Parse returns for a file it cannot read. Line is
// 1-based. Column is the 1-based field (cell) number, as a spreadsheet counts
// columns, not a byte offset as in csv.ParseError, because a facilitator fixes
// these files in a spreadsheet; it is 0 when the problem is not one field's.
type ParseError struct {
	Line, Column int
	Err          error
}

// Error formats the position and cause as "line 7, column 3: impossible date ...".
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
	// ErrNotText means the bytes contain NULs or invalid UTF-8: a binary file,
	// a UTF-16 export, or a spreadsheet saved in a legacy code page.
	ErrNotText = errors.New("not a text CSV file")
	// ErrNoHeader means no "Name (Original Name)" row was found where the
	// participant table should start.
	ErrNoHeader = errors.New("no participant header")
	// ErrMissingColumn means the participant header lacks a column the
	// layout needs (for example Join Time without Leave Time).
	ErrMissingColumn = errors.New("missing column")
	// ErrBadMeetingBlock means the meeting block above the participant table
	// is malformed.
	ErrBadMeetingBlock = errors.New("bad meeting block")
	// ErrBadMeetingID means the meeting ID holds something other than digits,
	// typically an ID a spreadsheet rewrote as 8.12346E+10.
	ErrBadMeetingID = errors.New("bad meeting ID")
	// ErrTruncated means a row has fewer fields than its header, as when a
	// file was cut off mid-row.
	ErrTruncated = errors.New("truncated row")
	// ErrBadDate means a time field is not in any accepted layout.
	ErrBadDate = errors.New("bad date")
	// ErrImpossibleDate means a time field is well formed but names no real
	// instant, such as 02/30/2026 or 13/13/2026 or 25:00.
	ErrImpossibleDate = errors.New("impossible date")
	// ErrMixedDateOrder means one file has both a date only valid day-first
	// and a date only valid month-first.
	ErrMixedDateOrder = errors.New("mixed day-first and month-first dates")
	// ErrLeaveBeforeJoin means a row's Leave Time is earlier than its Join Time.
	ErrLeaveBeforeJoin = errors.New("leave time before join time")
	// ErrBadDuration means the duration field is not a whole number of minutes.
	ErrBadDuration = errors.New("bad duration")
	// ErrBadYesNo means a Guest or In Waiting Room field is not Yes, No or empty.
	ErrBadYesNo = errors.New("bad Yes/No value")
)

// errAt builds a ParseError; col is the 0-based field index, or -1 when the
// problem is the whole row's.
func errAt(line, col int, err error) *ParseError {
	return &ParseError{Line: line, Column: col + 1, Err: err}
}
