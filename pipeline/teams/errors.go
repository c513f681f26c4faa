// This file holds the positioned error type and the error kinds Parse reports.

package teams

import (
	"errors"

	"cohesion/pipeline/exportfile"
)

// ParseError is the error Parse returns for a report it cannot read. Line is
// the 1-based line of the decoded text, which is the row number a spreadsheet
// shows. Column is the 1-based field (cell) number, as a spreadsheet counts
// columns, because a facilitator fixes these files in a spreadsheet; it is 0
// when the problem is not one field's.
type ParseError = exportfile.ParseError

// The kinds of problem Parse reports, for errors.Is. The message of a
// ParseError starts with one of these and adds the offending text.
var (
	// ErrNotText means the bytes are not text: NUL characters, or bytes
	// that are neither UTF-16 nor UTF-8 (a legacy code page).
	ErrNotText = errors.New("not a text file")
	// ErrBadUTF16 means UTF-16 text is damaged: an odd number of bytes, as
	// when a copy was cut off, or half of a surrogate pair.
	ErrBadUTF16 = errors.New("damaged UTF-16 text")
	// ErrNoHeader means the report's section titles or table headers are
	// not where a Teams attendance report has them.
	ErrNoHeader = errors.New("no attendance table")
	// ErrMissingColumn means a table header lacks a column Parse needs.
	ErrMissingColumn = errors.New("missing column")
	// ErrTruncated means a row has fewer fields than its table needs, as
	// when a file was cut off mid-row.
	ErrTruncated = errors.New("truncated row")
	// ErrBadDate means a time field is not in any accepted layout.
	ErrBadDate = exportfile.ErrBadDate
	// ErrImpossibleDate means a time field is well formed but names no real
	// instant, such as 2/30/26 or 13/13/2026 or 25:00.
	ErrImpossibleDate = exportfile.ErrImpossibleDate
	// ErrMixedDateOrder means one file has both a date only valid day-first
	// and a date only valid month-first.
	ErrMixedDateOrder = exportfile.ErrMixedDateOrder
	// ErrBadDuration means a duration is not like "1h 2m 10s".
	ErrBadDuration = exportfile.ErrBadDuration
	// ErrLeaveBeforeJoin means a row's leave time is earlier than its join time.
	ErrLeaveBeforeJoin = errors.New("leave time before join time")
	// ErrBadAction means a legacy list's User Action is not Joined, Joined
	// before or Left.
	ErrBadAction = errors.New("unknown user action")
)
