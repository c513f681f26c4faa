// This file holds the positioned error type and the error kinds Parse reports.

package zoom

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
	// ErrNotText means the bytes contain NULs or invalid UTF-8: a binary file,
	// a UTF-16 export, or a spreadsheet saved in a legacy code page.
	ErrNotText = exportfile.ErrNotText
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
	ErrBadDate = exportfile.ErrBadDate
	// ErrImpossibleDate means a time field is well formed but names no real
	// instant, such as 02/30/2026 or 13/13/2026 or 25:00.
	ErrImpossibleDate = exportfile.ErrImpossibleDate
	// ErrMixedDateOrder means one file has both a date only valid day-first
	// and a date only valid month-first.
	ErrMixedDateOrder = exportfile.ErrMixedDateOrder
	// ErrLeaveBeforeJoin means a row's Leave Time is earlier than its Join Time.
	ErrLeaveBeforeJoin = errors.New("leave time before join time")
	// ErrImplausibleSpan means a row's times cannot be one person's stay in one meeting: longer
	// than a day, or a join more than a day away from the meeting's start (a mistyped date).
	ErrImplausibleSpan = errors.New("implausible time")
	// ErrBadDuration means the duration field is not a whole number of minutes.
	ErrBadDuration = errors.New("bad duration")
	// ErrBadYesNo means a Guest or In Waiting Room field is not Yes, No or empty.
	ErrBadYesNo = errors.New("bad Yes/No value")
	// ErrSeveralMeetings means Parse was given a meeting list holding several meetings.
	ErrSeveralMeetings = errors.New("several meetings")
)
