// This file reads the Microsoft Forms Excel export (.xlsx), whose first sheet
// holds one response per row under "ID, Start time, Completion time, ...".

package forms

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"cohesion/pipeline/exportfile"
)

// zipMagic starts every .xlsx file: a workbook is a zip of XML parts.
var zipMagic = []byte("PK\x03\x04")

// workbookLimit bounds the unzipped size of a workbook. A check-in export is
// kilobytes; the bound keeps a zip bomb from exhausting memory, and being
// also the per-part limit it keeps excelize from spilling parts to temporary
// files, so parsing stays a pure function of the bytes.
const workbookLimit = 64 << 20

// DetectMSForms reports whether data looks like a Microsoft Forms Excel
// export (content only, never the file name): an .xlsx workbook whose first
// sheet's first non-empty row is the "ID, Start time, Completion time,
// Email, Name, ..." header.
func DetectMSForms(data []byte) bool {
	if !bytes.HasPrefix(data, zipMagic) {
		return false
	}
	sheet, err := readSheet(data, 1)
	if err != nil || len(sheet.rows) == 0 {
		return false
	}
	return IsMSFormsHeader(sheet.rows[0].cells)
}

// IsMSFormsHeader reports whether a row is the header of a Microsoft Forms
// export, recognised by its first columns. Older exports
// say "ID", newer ones "Id"; some re-saves drop the ID column.
func IsMSFormsHeader(cells []string) bool {
	n := make([]string, 0, 3)
	for _, c := range cells {
		if len(n) == cap(n) {
			break
		}
		n = append(n, fold(c))
	}
	if len(n) > 0 && n[0] == "id" {
		n = n[1:]
	}
	return len(n) >= 2 && n[0] == "start time" && n[1] == "completion time"
}

// sheetRow is one non-empty row of a worksheet with its 1-based row number.
type sheetRow struct {
	row   int
	cells []string
}

// sheet is the rows of a workbook's first worksheet, cell values raw (a
// date is its serial number, not the text its number format shows).
type sheet struct {
	rows     []sheetRow
	cells    int // values in rows, for sizing
	date1904 bool
}

// readSheet opens a workbook and reads up to limit non-empty rows of its
// first sheet (all if limit is 0). excelize is not hardened against hostile
// input, so a panic inside it is turned into ErrNotWorkbook rather than
// ending the loader.
func readSheet(data []byte, limit int) (sh *sheet, err error) {
	defer func() {
		if p := recover(); p != nil {
			sh, err = nil, &ParseError{Err: fmt.Errorf("%w: %v", ErrNotWorkbook, p)}
		}
	}()
	notWorkbook := func(err error) error {
		return &ParseError{Err: fmt.Errorf("%w: %v", ErrNotWorkbook, err)}
	}
	if !bytes.HasPrefix(data, zipMagic) {
		return nil, &ParseError{Err: fmt.Errorf("%w: not a zip file (an .xlsx starts with PK)", ErrNotWorkbook)}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: workbookLimit, UnzipXMLSizeLimit: workbookLimit,
	})
	if err != nil {
		return nil, notWorkbook(err)
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) == 0 {
		return nil, &ParseError{Err: fmt.Errorf("%w: no worksheet", ErrNotWorkbook)}
	}
	sh = &sheet{}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		sh.date1904 = *props.Date1904
	}
	rows, err := f.Rows(names[0])
	if err != nil {
		return nil, notWorkbook(err)
	}
	defer rows.Close()
	raw := excelize.Options{RawCellValue: true}
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(raw)
		if err != nil {
			return nil, &ParseError{Line: n, Err: fmt.Errorf("%w: %v", ErrNotWorkbook, err)}
		}
		if exportfile.IsBlank(cells) {
			continue
		}
		sh.rows = append(sh.rows, sheetRow{row: n, cells: cells})
		sh.cells += len(cells)
		if limit > 0 && len(sh.rows) == limit {
			break
		}
	}
	if err := rows.Error(); err != nil {
		return nil, notWorkbook(err)
	}
	return sh, nil
}

// cellName is the spreadsheet name of a cell ("D7") for error messages.
func cellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row, col+1)
	}
	return name
}

// cellErr builds a ParseError at a cell, naming the cell in the message too,
// since a spreadsheet user finds "D7" faster than "row 7, column 4".
func cellErr(row, col int, err error) *ParseError {
	return exportfile.ErrorAt(row, col, fmt.Errorf("%w (cell %s)", err, cellName(col, row)))
}

// ParseMSForms parses a Microsoft Forms Excel export. Errors are *ParseError
// whose Line is the spreadsheet row and Column the spreadsheet column.
//
// Submitted is the Completion time (else the Start time), read from an Excel
// date serial or from text such as "3/24/26 19:35:12"; Microsoft Forms does
// not state a zone, so Zone is "". Email and Name come from their columns,
// "anonymous" standing for none; Last modified time and a quiz's points and
// feedback columns are skipped; every other column is a question.
func ParseMSForms(data []byte) (*Export, error) {
	sh, err := readSheet(data, 0)
	if err != nil {
		return nil, err
	}
	if len(sh.rows) == 0 {
		return nil, &ParseError{Line: 1, Err: fmt.Errorf(`%w: the first sheet is empty, no "ID, Start time, Completion time, ..." row`, ErrNoHeader)}
	}
	head := sh.rows[0]
	if !IsMSFormsHeader(head.cells) {
		return nil, &ParseError{Line: head.row, Err: fmt.Errorf(`%w: found %q where an "ID, Start time, Completion time, ..." row should be`, ErrNoHeader, exportfile.Excerpt(strings.Join(head.cells, ", ")))}
	}
	cleanHeader(head.cells)
	w := exportfile.Width(head.cells)
	exp := &Export{Vendor: VendorMSForms}
	var ids identityColumns
	var answerCols []int
	start, done := -1, -1
	for i := 0; i < w; i++ {
		h := head.cells[i]
		switch f := fold(h); {
		case f == "start time":
			start = i
		case f == "completion time":
			done = i
		case f == "id", f == "last modified time", f == "total points", f == "quiz feedback",
			strings.HasPrefix(f, "points - "), strings.HasPrefix(f, "feedback - "), f == "":
		case ids.add(headerRole(h), i):
		default:
			answerCols = append(answerCols, i)
			exp.Questions = append(exp.Questions, h)
		}
	}

	rows := sh.rows[1:]
	exp.Answers = make([]Answer, 0, answerCap(len(rows), len(answerCols), sh.cells))
	responses := make([]response, 0, len(rows))
	times := sheetStamps(sh.date1904)
	var vote exportfile.OrderVote
	for _, row := range rows {
		cells := row.cells
		for i := w; i < len(cells); i++ {
			if strings.TrimSpace(cells[i]) != "" {
				return nil, cellErr(row.row, i, fmt.Errorf("%w: %q beyond the last header column %s", ErrExtraFields, exportfile.Excerpt(cells[i]), cellName(w-1, head.row)))
			}
		}
		get := func(i int) string {
			if i >= 0 && i < len(cells) {
				return strings.TrimSpace(cells[i])
			}
			return ""
		}
		var st exportfile.Stamp
		for _, c := range []int{done, start} {
			if v := get(c); v != "" {
				if st, err = exportfile.ParseStamp(v, times); err != nil {
					return nil, cellErr(row.row, c, err)
				}
				if err = vote.See(st, row.row); err != nil {
					return nil, cellErr(row.row, c, err)
				}
				break
			}
		}
		who, err := ids.read(cells, row.row)
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) {
				pe.Err = fmt.Errorf("%w (cell %s)", pe.Err, cellName(pe.Column-1, row.row))
			}
			return nil, err
		}
		r := response{first: len(exp.Answers), when: st}
		for _, i := range answerCols {
			if get(i) == "" {
				continue
			}
			exp.Answers = append(exp.Answers, Answer{
				Line: row.row, Column: i + 1,
				Email: who.email, Name: who.name,
				Cohort: who.cohort, Session: who.session,
				Question: head.cells[i], Value: cells[i],
			})
		}
		r.n = len(exp.Answers) - r.first
		responses = append(responses, r)
	}
	settle(exp.Answers, responses, vote.Order())
	return exp, nil
}

// sheetStamps is how a workbook's time cells hold times: an Excel date serial
// (46105.8165) as a date cell holds it, in the workbook's 1900 or 1904 date
// system, or text as a re-typed or re-saved cell holds it.
func sheetStamps(date1904 bool) exportfile.Layout {
	l := stamps
	l.Serial = func(serial float64) (time.Time, error) {
		return excelize.ExcelDateToTime(serial, date1904)
	}
	return l
}
