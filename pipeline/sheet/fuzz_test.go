// These fuzz targets check that no workbook panics the reader and that the CSV a sheet is
// written as reads back as the sheet's rows, each at the line Row maps to its row.

package sheet_test

import (
	"encoding/csv"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"cohesion/pipeline/exportfile/filetest"
	"cohesion/pipeline/sheet"
)

// checkCSV reads sh.CSV(1) back and holds it to the sheet: every row is one record with the
// row's cells (less the carriage returns a CRLF file cannot keep inside a cell) padded to the
// sheet's width, and the line it starts on maps back to its row.
func checkCSV(t *testing.T, sh *sheet.Sheet) {
	t.Helper()
	r := csv.NewReader(strings.NewReader(string(sh.CSV(1))))
	r.FieldsPerRecord = sh.Width()
	for i, row := range sh.Rows {
		if sh.Width() <= 1 && len(row) == 0 {
			continue // one empty field is an empty line, which a CSV reader skips
		}
		rec, err := r.Read()
		if err != nil {
			t.Fatalf("row %d %q: reading it back: %v", i+1, row, err)
		}
		want := make([]string, sh.Width())
		for j, c := range row {
			want[j] = strings.ReplaceAll(c, "\r", "")
		}
		if !slices.Equal(rec, want) {
			t.Fatalf("row %d is %q, read back as %q", i+1, want, rec)
		}
		if line, _ := r.FieldPos(0); sh.Row(line) != i+1 {
			t.Fatalf("row %d starts on line %d, which Row maps to row %d", i+1, line, sh.Row(line))
		}
	}
	if rec, err := r.Read(); err != io.EOF {
		t.Fatalf("after the last row: %q, %v", rec, err)
	}
}

func FuzzSheet(f *testing.F) {
	for _, dir := range []string{xlsxDir, "../../testdata/forms"} {
		for _, fx := range filetest.Fixtures(f, dir, ".xlsx") {
			f.Add(fx.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sh, err := sheet.Read(data)
		if err != nil {
			if !errors.Is(err, sheet.ErrDamaged) {
				t.Fatalf("error %v is not ErrDamaged", err)
			}
			return
		}
		checkCSV(t, sh)
	})
}

// FuzzSheetCells fuzzes the cells of a workbook rather than its zip bytes, which mutation
// rarely leaves readable: header and rows are tab-separated cells, rows split on newlines, a
// cell that reads as a number is written as one. Text cells read back as written.
func FuzzSheetCells(f *testing.F) {
	f.Add("Name (Original Name)\tUser Email\tJoin Time\tDuration (Minutes)",
		"Robin Lee (Robin L.)\trobin.lee@example.org\t03/05/2026 06:01:30 PM\t39\n\n\"Park, Lee\"\t\t46086.75\t1.5")
	f.Add("1. Summary", "Meeting title\tCodependency intro\n\n2. Participants\nName\tFirst Join\nJosé Álvarez\t3/5/26, 6:00:31 PM")
	f.Fuzz(func(t *testing.T, header, body string) {
		rows := [][]any{cellsOf(header)}
		for i, line := range strings.Split(body, "\n") {
			if i == 20 {
				break
			}
			rows = append(rows, cellsOf(line))
		}
		file := excelize.NewFile()
		defer file.Close()
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := file.SetSheetRow("Sheet1", cell, &r); err != nil {
				t.Skip(err) // text excelize will not write, such as a cell over 32767 characters
			}
		}
		buf, err := file.WriteToBuffer()
		if err != nil {
			t.Skip(err)
		}
		sh, err := sheet.Read(buf.Bytes())
		if err != nil {
			t.Fatalf("a workbook excelize wrote: %v", err)
		}
		checkCSV(t, sh)
		for i, r := range rows {
			for j, c := range r {
				s, ok := c.(string)
				if !ok || !plain(s) {
					continue
				}
				if i >= len(sh.Rows) || j >= len(sh.Rows[i]) || sh.Rows[i][j] != s {
					t.Fatalf("cell %s holds %q, read as %q", sheet.CellName(j+1, i+1), s, sh.Rows[i])
				}
			}
		}
	})
}

// plain reports whether excelize keeps a text cell as it is: valid UTF-8 without control
// characters, and not blank (a blank cell at the end of a row is not kept).
func plain(s string) bool {
	if !utf8.ValidString(s) || strings.TrimSpace(s) == "" {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError || r >= 0xfffe {
			return false
		}
	}
	return true
}

func cellsOf(line string) []any {
	var cells []any
	for i, c := range strings.Split(line, "\t") {
		if i == 30 {
			break
		}
		if n, err := strconv.ParseFloat(c, 64); err == nil && !math.IsNaN(n) && !math.IsInf(n, 0) {
			cells = append(cells, n)
			continue
		}
		cells = append(cells, c)
	}
	return cells
}
