// This file holds the positioned error type and the error kinds the parsers report.

package forms

import (
	"errors"

	"cohesion/pipeline/exportfile"
)

// ParseError is the error every parser in this package returns for a file it
// cannot read. Line is the 1-based physical line of a CSV file (a quoted
// answer with a newline counts as two lines) or the 1-based row of a
// worksheet; Column is the 1-based field or spreadsheet column, as a
// spreadsheet counts columns, not a byte offset as in csv.ParseError. Column
// is 0 when the problem is not one field's, and Line is 0 when it is not one
// row's (a workbook that cannot be opened at all).
type ParseError = exportfile.ParseError

// The kinds of problem the parsers report, for errors.Is. The message of a
// ParseError starts with one of these and adds the offending text.
var (
	// ErrNotText means a CSV export holds NULs or invalid UTF-8: a binary
	// file, a UTF-16 export, or a spreadsheet saved in a legacy code page.
	ErrNotText = exportfile.ErrNotText
	// ErrNotWorkbook means a Microsoft Forms export is not a readable .xlsx
	// workbook (not a zip, cut short, or a damaged part inside).
	ErrNotWorkbook = errors.New("not a valid .xlsx workbook")
	// ErrNoHeader means the header the format starts with is missing: no
	// Timestamp column, no Qualtrics tag row, no "ID, Start time, ..." row,
	// or no "column,instrument,item" row in a codebook.
	ErrNoHeader = errors.New("no header")
	// ErrNoImportID means a Qualtrics export lacks its third header row, the
	// ImportId JSON of each column, or a cell of it is not such JSON.
	ErrNoImportID = errors.New("no ImportId row")
	// ErrTruncated means a row has fewer fields than its header, as when a
	// file was cut off mid-row.
	ErrTruncated = errors.New("truncated row")
	// ErrExtraFields means a row has values beyond the last header column,
	// as when a row was pasted one cell to the right or the header was cut.
	ErrExtraFields = errors.New("more fields than the header")
	// ErrBadDate means a time field is not in any accepted layout.
	ErrBadDate = exportfile.ErrBadDate
	// ErrImpossibleDate means a time field is well formed but names no real
	// instant, such as 02/30/2026 or 25:00.
	ErrImpossibleDate = exportfile.ErrImpossibleDate
	// ErrMixedDateOrder means one file has both a date only valid day-first
	// and a date only valid month-first.
	ErrMixedDateOrder = exportfile.ErrMixedDateOrder
	// ErrBadSession means a session column holds something other than a
	// session number (3, "Session 3" or "Week 3").
	ErrBadSession = errors.New("bad session")
	// ErrMissingColumn means a codebook header lacks a required column.
	ErrMissingColumn = errors.New("missing column")
	// ErrEmptyField means a codebook row leaves a required field empty.
	ErrEmptyField = errors.New("empty field")
	// ErrDuplicateColumn means a codebook maps the same survey column twice.
	ErrDuplicateColumn = errors.New("column mapped twice")
	// ErrBadValues means a codebook values field is not "label=number;...".
	ErrBadValues = errors.New("bad values")
)
