// This file holds the positioned error type and the error kinds Parse reports.

package meet

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
	// ErrNoHeader means no "Time joined" header was found at the top.
	ErrNoHeader = errors.New("no participant header")
	// ErrMissingColumn means the header lacks a column Parse needs.
	ErrMissingColumn = errors.New("missing column")
	// ErrTruncated means a row has fewer fields than its header, as when a
	// file was cut off mid-row.
	ErrTruncated = errors.New("truncated row")
	// ErrBadTime means a time field is not a clock time like "6:58 PM".
	ErrBadTime = exportfile.ErrBadTime
	// ErrImpossibleTime means a clock time is well formed but out of range,
	// such as 25:00 or 13:10 PM.
	ErrImpossibleTime = exportfile.ErrImpossibleTime
	// ErrBadDuration means the duration is not like "1 hr 28 min".
	ErrBadDuration = exportfile.ErrBadDuration
)
