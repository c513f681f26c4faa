// Package sheet reads the first worksheet of an .xlsx workbook as the text Excel shows in its
// cells, and writes it out as the CSV file Excel would save, so that an export someone opened in
// Excel and saved as a workbook goes through the same detection and parser as the CSV it was.
//
// Like the parsers it serves, it is a pure function of bytes.
package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"cohesion/pipeline/exportfile"
)

// zipMagic starts every .xlsx file: a workbook is a zip of XML parts.
var zipMagic = []byte("PK\x03\x04")

// partLimit bounds the unzipped size of a workbook and of each part: an attendance export is
// kilobytes; the bound keeps a zip bomb from exhausting memory, and being the per-part limit
// too it keeps excelize from spilling parts to temporary files.
const partLimit = 64 << 20

// ErrDamaged means a file is a workbook that cannot be read: a zip cut short, or a part inside
// it that is not what a workbook holds.
var ErrDamaged = errors.New("damaged spreadsheet")

// IsWorkbook reports whether data is an .xlsx workbook, whole or damaged (content only, never
// the file name): a zip that holds xl/workbook.xml, or a zip that cannot be opened whose local
// headers name the parts of a workbook ("[Content_Types].xml", "xl/..."), as a download cut off
// leaves it. Another zip is no workbook.
func IsWorkbook(data []byte) bool {
	if !bytes.HasPrefix(data, zipMagic) {
		return false
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return bytes.Contains(data, []byte("[Content_Types].xml")) || bytes.Contains(data, []byte("xl/"))
	}
	for _, f := range z.File {
		if f.Name == "xl/workbook.xml" {
			return true
		}
	}
	return false
}

// Sheet is one worksheet's cells as Excel shows them: a date as its number format writes it
// ("03/05/2026 06:00:12 PM"), a number as "97".
type Sheet struct {
	Name string
	// Rows holds row n of the worksheet at Rows[n-1], blank rows included, each without its
	// trailing empty cells.
	Rows [][]string
}

// Read reads the first worksheet of a workbook. Errors wrap ErrDamaged. excelize is not
// hardened against hostile input, so a panic inside it is an error too.
func Read(data []byte) (sh *Sheet, err error) {
	defer func() {
		if p := recover(); p != nil {
			sh, err = nil, fmt.Errorf("%w: %v", ErrDamaged, p)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: partLimit, UnzipXMLSizeLimit: partLimit,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: the workbook has no worksheet", ErrDamaged)
	}
	// GetRows formats each cell by its number format, as Excel shows it and saves it to CSV;
	// the raw value of a date cell is a serial number no parser would read as the export did.
	rows, err := f.GetRows(names[0])
	if err != nil {
		return nil, fmt.Errorf("%w: sheet %q: %v", ErrDamaged, names[0], err)
	}
	for i, r := range rows {
		rows[i] = r[:exportfile.Width(r)]
	}
	return &Sheet{Name: names[0], Rows: rows}, nil
}

// Blank reports whether the sheet has no cell with text in it.
func (s *Sheet) Blank() bool {
	for _, r := range s.Rows {
		if !exportfile.IsBlank(r) {
			return false
		}
	}
	return true
}

// Width is the number of columns of the sheet's widest row.
func (s *Sheet) Width() int {
	w := 0
	for _, r := range s.Rows {
		w = max(w, len(r))
	}
	return w
}

// CSV is the sheet saved as a CSV file as Excel saves it: every row padded with empty fields to
// the widest row (a response whose last answers are empty is not a cut-off row), rows from row
// `from` on (1-based) and the rows above it written as empty lines, so that line n of the text
// is row n of the sheet as long as no cell holds a line break (see Row).
func (s *Sheet) CSV(from int) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true // as Excel saves it
	width := s.Width()
	padded := make([]string, width)
	for i, r := range s.Rows {
		if i+1 < from {
			w.Write(nil)
			continue
		}
		clear(padded[copy(padded, r):])
		w.Write(padded) // writing to a bytes.Buffer does not fail
	}
	w.Flush()
	return b.Bytes()
}

// Row is the sheet row that line `line` of CSV(from) belongs to: a cell with a line break in it
// spans several lines of the text.
func (s *Sheet) Row(line int) int {
	at := 1
	for i, r := range s.Rows {
		n := 1
		for _, c := range r {
			n += strings.Count(c, "\n")
		}
		if line < at+n {
			return i + 1
		}
		at += n
	}
	return line - at + len(s.Rows) + 1
}

// CellName is the spreadsheet name of a cell ("D7") from its 1-based column and row.
func CellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row, col)
	}
	return name
}
