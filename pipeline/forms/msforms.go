// This file reads the Microsoft Forms Excel export (.xlsx), whose first sheet
// holds one response per row under "ID, Start time, Completion time, ...".

package forms

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
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
	found := false
	err := eachRow(data, nil, func(_ int, cells []string) (bool, error) {
		found = IsMSFormsHeader(cells)
		return true, nil
	})
	return err == nil && found
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

// eachRow reads the first sheet of a workbook row by row, as excelize streams
// it, calling each with every non-empty row (its number and its cells, raw: a
// date is its serial number, not the text its number format shows; the slice
// is each's only until it returns) until each says stop; opened, if not nil,
// is first told whether the workbook counts dates from 1904. excelize is not
// hardened against hostile input, so a panic inside it is turned into
// ErrNotWorkbook rather than ending the loader.
func eachRow(data []byte, opened func(date1904 bool), each func(row int, cells []string) (stop bool, err error)) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &ParseError{Err: fmt.Errorf("%w: %v", ErrNotWorkbook, p)}
		}
	}()
	notWorkbook := func(err error) error {
		return &ParseError{Err: fmt.Errorf("%w: %v", ErrNotWorkbook, err)}
	}
	if !bytes.HasPrefix(data, zipMagic) {
		return &ParseError{Err: fmt.Errorf("%w: not a zip file (an .xlsx starts with PK)", ErrNotWorkbook)}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: workbookLimit, UnzipXMLSizeLimit: workbookLimit,
	})
	if err != nil {
		return notWorkbook(err)
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) == 0 {
		return &ParseError{Err: fmt.Errorf("%w: no worksheet", ErrNotWorkbook)}
	}
	if opened != nil {
		props, err := f.GetWorkbookProps()
		opened(err == nil && props.Date1904 != nil && *props.Date1904)
	}
	rows, err := f.Rows(names[0])
	if err != nil {
		return notWorkbook(err)
	}
	defer rows.Close()
	raw := excelize.Options{RawCellValue: true}
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(raw)
		if err != nil {
			return &ParseError{Line: n, Err: fmt.Errorf("%w: %v", ErrNotWorkbook, err)}
		}
		if exportfile.IsBlank(cells) {
			continue
		}
		if stop, err := each(n, cells); err != nil || stop {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return notWorkbook(err)
	}
	return nil
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
	exp := &Export{Vendor: VendorMSForms}
	var responses []response
	questions, order, err := scanMSForms(data, func(answers []Answer, when exportfile.Stamp) error {
		responses = append(responses, response{first: len(exp.Answers), n: len(answers), when: when})
		exp.Answers = append(exp.Answers, answers...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	exp.Questions = questions
	settle(exp.Answers, responses, order)
	return exp, nil
}

// ScanMSForms reads a Microsoft Forms Excel export row by row, as ScanCSV reads
// a CSV export: each gets the answers of every response in sheet order (the
// slice is reused by the next call; each may be nil). A first read passes order
// nil, its answers without their Submitted time, and the Scan it returns has
// the file's date order, decided over all its times, for a second read (order
// &scan.Order) that gives every answer its time. The answers and errors are
// ParseMSForms'; no more than a row of the sheet is held at once.
func ScanMSForms(data []byte, order *exportfile.DateOrder, each func([]Answer) error) (*Scan, error) {
	n := 0
	questions, found, err := scanMSForms(data, timed(order, each, &n))
	if err != nil {
		return nil, err
	}
	return &Scan{Vendor: VendorMSForms, Questions: questions, Answers: n, Order: found}, nil
}

// scanMSForms reads the export's header row and then each response's row,
// calling each with its answers (reused by the next call) and the stamp of its
// submission. It returns the questions and the file's date order.
func scanMSForms(data []byte, each func(answers []Answer, when exportfile.Stamp) error) (questions []string, order exportfile.DateOrder, err error) {
	var head []string
	headRow, w := 0, 0
	var ids identityColumns
	var answerCols []int
	start, done := -1, -1
	var times exportfile.Layout
	var vote exportfile.OrderVote
	var answers []Answer
	row := func(n int, cells []string) error {
		for i := w; i < len(cells); i++ {
			if strings.TrimSpace(cells[i]) != "" {
				return cellErr(n, i, fmt.Errorf("%w: %q beyond the last header column %s", ErrExtraFields, exportfile.Excerpt(cells[i]), cellName(w-1, headRow)))
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
				var err error
				if st, err = exportfile.ParseStamp(v, times); err != nil {
					return cellErr(n, c, err)
				}
				if err = vote.See(st, n); err != nil {
					return cellErr(n, c, err)
				}
				break
			}
		}
		who, err := ids.read(cells, n)
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) {
				pe.Err = fmt.Errorf("%w (cell %s)", pe.Err, cellName(pe.Column-1, n))
			}
			return err
		}
		answers = answers[:0]
		for _, i := range answerCols {
			if get(i) == "" {
				continue
			}
			answers = append(answers, Answer{
				Line: n, Column: i + 1,
				Email: who.email, Name: who.name,
				Cohort: who.cohort, Session: who.session,
				Question: head[i], Value: cells[i],
			})
		}
		return each(answers, st)
	}
	err = eachRow(data, func(date1904 bool) { times = sheetStamps(date1904) }, func(n int, cells []string) (bool, error) {
		if head != nil {
			return false, row(n, cells)
		}
		if !IsMSFormsHeader(cells) {
			return true, &ParseError{Line: n, Err: fmt.Errorf(`%w: found %q where an "ID, Start time, Completion time, ..." row should be`, ErrNoHeader, exportfile.Excerpt(strings.Join(cells, ", ")))}
		}
		head, headRow = slices.Clone(cells), n
		cleanHeader(head)
		w = exportfile.Width(head)
		for i := 0; i < w; i++ {
			h := head[i]
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
				questions = append(questions, h)
			}
		}
		return false, nil
	})
	if err != nil {
		return nil, 0, err
	}
	if head == nil {
		return nil, 0, &ParseError{Line: 1, Err: fmt.Errorf(`%w: the first sheet is empty, no "ID, Start time, Completion time, ..." row`, ErrNoHeader)}
	}
	return questions, vote.Order(), nil
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
