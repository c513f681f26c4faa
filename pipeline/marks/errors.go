// This file holds the positioned error type and the error kinds Parse reports.

package marks

import (
	"errors"

	"cohesion/pipeline/exportfile"
)

// ParseError is the error Parse returns for a file it cannot read: the
// 1-based line and field (cell) to fix, as a spreadsheet counts them, and the
// cause; see exportfile.ParseError.
type ParseError = exportfile.ParseError

// The kinds of problem Parse reports, for errors.Is. The message of a
// ParseError starts with one of these and adds the offending text.
var (
	// ErrNotText means the bytes contain NULs or invalid UTF-8: a binary
	// file, a UTF-16 export, or a spreadsheet saved in a legacy code page.
	ErrNotText = exportfile.ErrNotText
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
