// This file writes the workbook fixtures in testdata/xlsx with excelize from the CSV fixtures
// they re-save, because a workbook cannot be written by hand; run it with
//
//	go test ./pipeline/sheet -run TestGenerateXLSX -update
//
// and commit the files it writes, so the other tests read fixed bytes.

package sheet_test

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"
)

var update = flag.Bool("update", false, "rewrite the generated .xlsx fixtures in testdata/xlsx")

const xlsxDir = "../../testdata/xlsx"

// resave is how Excel opens a CSV export: a cell that reads as a date in the file's layout
// becomes a date serial shown with numFmt, a whole number becomes a number, anything else
// stays text.
type resave struct {
	source string // the CSV fixture, under testdata
	layout string // time.Parse layout of the export's dates
	numFmt string // the number format the date cells get
	comma  rune
	above  []string // rows typed above the export (a title)
}

var workbooks = map[string]resave{
	// The date cells keep the export's own text: a custom format as a careful re-save keeps it.
	"zoom_classic_block.xlsx": {source: "zoom/classic_block.csv", layout: "01/02/2006 03:04:05 PM", numFmt: "mm/dd/yyyy hh:mm:ss AM/PM", comma: ','},
	"teams_current_us.xlsx":   {source: "teams/current_us.csv", layout: "1/2/06, 3:04:05 PM", numFmt: "m/d/yy, h:mm:ss AM/PM", comma: '\t'},
	// A Google Forms response sheet downloaded from Google Sheets as .xlsx.
	"google_sheet_us.xlsx": {source: "forms/google_sheet_us.csv", layout: "1/2/2006 15:04:05", numFmt: "m/d/yyyy h:mm:ss", comma: ','},
	// Excel's own default for a date it reads, which shows no seconds.
	"zoom_excel_default_dates.xlsx": {source: "zoom/classic_block.csv", layout: "01/02/2006 03:04:05 PM", numFmt: "m/d/yyyy h:mm", comma: ','},
	// A title typed above the report before it was saved.
	"broken_zoom_title_row.xlsx": {source: "zoom/classic_block.csv", layout: "01/02/2006 03:04:05 PM", numFmt: "mm/dd/yyyy hh:mm:ss AM/PM", comma: ',',
		above: []string{"Codependency intro - attendance week 1", ""}},
}

func TestGenerateXLSX(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the .xlsx fixtures")
	}
	if err := os.MkdirAll(xlsxDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, r := range workbooks {
		lines, err := sourceLines(filepath.Join("../../testdata", r.source), r.comma)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var rows [][]string
		for _, a := range r.above {
			rows = append(rows, []string{a})
		}
		buf, err := resaved(append(rows, lines...), r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		write(t, name, buf)
	}
	// A workbook download cut off half way.
	whole, err := os.ReadFile(filepath.Join(xlsxDir, "zoom_classic_block.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, "broken_zoom_cut.xlsx", whole[:len(whole)/2])
	// A workbook that is no export: a facilitator's budget.
	buf, err := resaved([][]string{{"Item", "Amount"}, {"Room hire", "120"}, {"Tea", "8"}}, resave{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, "not_export_budget.xlsx", buf)
}

func write(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(xlsxDir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// sourceLines reads a CSV fixture line by line (UTF-16 decoded, BOM dropped), one row per
// physical line, so that a blank line stays a blank row and rows stay lines.
func sourceLines(path string, comma rune) ([][]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		if data, err = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data); err != nil {
			return nil, err
		}
	}
	text := strings.TrimPrefix(strings.ReplaceAll(string(data), "\r\n", "\n"), "\ufeff")
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if line == "" {
			rows = append(rows, nil)
			continue
		}
		r := csv.NewReader(strings.NewReader(line))
		r.Comma, r.LazyQuotes, r.FieldsPerRecord = comma, true, -1
		rec, err := r.Read()
		if err != nil {
			return nil, err
		}
		rows = append(rows, rec)
	}
	return rows, nil
}

// resaved is rows as Excel holds them after opening the CSV, saved as a workbook.
func resaved(rows [][]string, r resave) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	var dateStyle int
	if r.numFmt != "" {
		var err error
		if dateStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &r.numFmt}); err != nil {
			return nil, err
		}
	}
	for i, row := range rows {
		for j, v := range row {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return nil, err
			}
			if v == "" {
				continue
			}
			if tm, err := time.Parse(r.layout, v); r.layout != "" && err == nil {
				if err := f.SetCellValue(sheet, cell, tm); err != nil {
					return nil, err
				}
				if err := f.SetCellStyle(sheet, cell, cell, dateStyle); err != nil {
					return nil, err
				}
				continue
			}
			var value any = v
			if n, err := strconv.Atoi(v); err == nil {
				value = n
			}
			if err := f.SetCellValue(sheet, cell, value); err != nil {
				return nil, err
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
