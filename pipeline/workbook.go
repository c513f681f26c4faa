// workbook.go reads an export someone opened in Excel and saved as a workbook (.xlsx): its first
// sheet is turned back into the CSV Excel would save and parsed as that CSV, so a Zoom or Teams
// report keeps its format name and its rows, and an error names the sheet row and cell.
package pipeline

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"cohesion/pipeline/exportfile"
	"cohesion/pipeline/forms"
	"cohesion/pipeline/sheet"
)

// titleRows is how far below row 1 a header is looked for when a sheet is no export: a title or
// a blank row typed above the header is the usual reason.
const titleRows = 10

// parseWorkbook parses a workbook no binary vendor claims (Microsoft Forms reads its own).
func (db *DB) parseWorkbook(path string, data []byte, opt LoadOptions) (*parsed, error) {
	sh, err := sheet.Read(data)
	if err != nil {
		return nil, err // a damaged file is a failure: it was meant to be read
	}
	if sh.Blank() {
		return nil, notExport(errAt(0, 0, "the first sheet %q of the workbook is empty", sh.Name))
	}
	text := sh.CSV(1)
	p, err := db.parse(path, text, opt)
	if err == nil {
		p.note = fmt.Sprintf("read from sheet %q of a spreadsheet", sh.Name)
		return p, nil
	}
	if errors.Is(err, ErrNotExport) {
		if row, format := headerBelow(sh); row > 0 {
			first := strings.Join(sh.Rows[firstFilled(sh)-1], ",")
			return nil, errAt(firstFilled(sh), 0, "no header row in sheet %q: it starts with %q, and a %s header is on row %d: delete the rows above it and save again",
				sh.Name, exportfile.Excerpt(first), format, row)
		}
		return nil, err
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line == 0 {
		return nil, err
	}
	// Rows of the sheet are lines of the CSV unless a cell holds a line break. The error is the
	// parser's own, made for this call: it is moved to the sheet's row in place, so whatever
	// wraps it still reads right.
	pe.Line = sh.Row(pe.Line)
	if pe.Column > 0 {
		pe.Err = fmt.Errorf("%w (cell %s)", pe.Err, sheet.CellName(pe.Column, pe.Line))
	}
	return nil, err
}

// vendorTitles name the vendor formats for a message.
var vendorTitles = map[string]string{
	"zoom": "Zoom participants report", "teams": "Teams attendance report", "meet": "Google Meet attendance report",
	"marks": "practice-system attendance", forms.VendorMSForms: "Microsoft Forms", forms.VendorQualtrics: "Qualtrics",
	forms.VendorGoogleForms: "Google Forms",
}

// headerBelow finds the first row under the sheet's first filled row that starts an export, and
// the export's name, or 0.
func headerBelow(sh *sheet.Sheet) (int, string) {
	first := firstFilled(sh)
	for row := first + 1; row <= min(len(sh.Rows), first+titleRows); row++ {
		switch cells := sh.Rows[row-1]; {
		case exportfile.IsBlank(cells):
			continue
		case forms.IsMSFormsHeader(cells):
			return row, vendorTitles[forms.VendorMSForms]
		}
		text := sh.CSV(row)
		for _, v := range slices.Concat(binaryVendors, textVendors) {
			if v.detect(text) {
				return row, vendorTitles[v.name]
			}
		}
	}
	return 0, ""
}

// firstFilled is the first row of the sheet with text in it (1-based).
func firstFilled(sh *sheet.Sheet) int {
	for i, r := range sh.Rows {
		if !exportfile.IsBlank(r) {
			return i + 1
		}
	}
	return 1
}
