// This file writes the Microsoft Forms .xlsx fixtures, with excelize or, for
// the shapes excelize never writes, part by part; run it with -update and
// commit the files it writes, so the other tests read fixed bytes.

package forms_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cohesion/pipeline/forms"
)

var update = flag.Bool("update", false, "rewrite the generated .xlsx fixtures in testdata/forms")

// The questions the fixtures share with the CSV fixtures.
const (
	qConnected = "How connected do you feel to the group right now? (0-10)"
	qContacts  = "Which group members did you connect with since the last session?"
	qNote      = "Anything you'd like the facilitator to know?"
)

// gcqItems are the 12 GCQ-S statements (MacKenzie, 1983), as the forms show them.
var gcqItems = forms.GCQItems[:]

// gcqLabels are the GCQ-S answer labels as a Microsoft Forms Likert shows them.
var gcqLabels = []string{
	"Not at all (0)", "A little bit (1)", "Somewhat (2)", "Moderately (3)",
	"Quite a bit (4)", "A great deal (5)", "Extremely (6)",
}

func TestGenerateXLSX(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the .xlsx fixtures")
	}
	for name, build := range map[string]func(*excelize.File) error{
		"msforms_checkin.xlsx":          buildMSFormsCheckin,
		"msforms_text_times.xlsx":       buildMSFormsTextTimes,
		"broken_msforms_no_header.xlsx": buildMSFormsNoHeader,
		"broken_msforms_bad_date.xlsx":  buildMSFormsBadDate,
		"msforms_header_only.xlsx":      buildMSFormsHeaderOnly,
	} {
		f := excelize.NewFile()
		if err := build(f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(fixtureDir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	prefixed, err := buildMSFormsPrefixed()
	if err != nil {
		t.Fatalf("msforms_prefixed.xlsx: %v", err)
	}
	if err := os.WriteFile(filepath.Join(fixtureDir, "msforms_prefixed.xlsx"), prefixed, 0o644); err != nil {
		t.Fatal(err)
	}
	// A download cut short: a zip whose central directory is missing.
	whole, err := os.ReadFile(filepath.Join(fixtureDir, "msforms_checkin.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fixtureDir, "broken_msforms_cut.xlsx"), whole[:len(whole)/2], 0o644); err != nil {
		t.Fatal(err)
	}
}

// setRow writes values from column A of row.
func setRow(f *excelize.File, row int, values ...any) error {
	cell, err := excelize.CoordinatesToCellName(1, row)
	if err != nil {
		return err
	}
	return f.SetSheetRow("Sheet1", cell, &values)
}

// setTimes writes wall times as Excel date serials with Microsoft Forms'
// "m/d/yy h:mm:ss" format into columns B and C of row.
func setTimes(f *excelize.File, row, style int, start, done string) error {
	for i, s := range []string{start, done} {
		t, err := time.Parse(time.DateTime, s)
		if err != nil {
			return err
		}
		cell, _ := excelize.CoordinatesToCellName(2+i, row)
		if err := f.SetCellValue("Sheet1", cell, t); err != nil {
			return err
		}
		if err := f.SetCellStyle("Sheet1", cell, cell, style); err != nil {
			return err
		}
	}
	return nil
}

func gcq(levels ...int) []any {
	out := make([]any, len(levels))
	for i, l := range levels {
		if l >= 0 {
			out[i] = gcqLabels[l]
		} else {
			out[i] = ""
		}
	}
	return out
}

// buildMSFormsCheckin is the classic export: ID, Start time, Completion
// time, Email, Name, then a rating, a multi-select, the 12 GCQ-S items as
// columns and a free-text note; times are date serials.
func buildMSFormsCheckin(f *excelize.File) error {
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("m/d/yy h:mm:ss")})
	if err != nil {
		return err
	}
	head := []any{"ID", "Start time", "Completion time", "Email", "Name", qConnected, qContacts}
	for i, s := range gcqItems {
		head = append(head, fmt.Sprintf("GCQ-S %d %s", i+1, s))
	}
	head = append(head, qNote)
	if err := setRow(f, 1, head...); err != nil {
		return err
	}
	rows := []struct {
		start, done, email, name string
		connected                any
		contacts                 string
		gcq                      []any
		note                     string
	}{
		{"2026-03-24 19:33:01", "2026-03-24 19:35:12", "Alice.Smith@Example.org", "Alice Smith", 8, "Zoë Müller;Robin Lee;",
			gcq(4, 3, 1, 5, 2, 0, 1, 3, 2, 0, 4, 2), "Thanks, everyone."},
		{"2026-03-24 19:38:40", "2026-03-24 19:41:03", "robin.lee@example.org", "Robin Lee", 6, "Alice Smith;",
			gcq(3, 3, 2, 4, 3, 1, 1, 2, 3, 0, 3, 3), ""},
		{"2026-03-24 19:58:00", "2026-03-24 20:02:47", "anonymous", "", 9, "Alice Smith;Robin Lee;",
			gcq(5, 4, 0, 5, -1, 0, 0, 4, -1, 0, 5, 1), "I had a hard week.\nThe breathing exercise helped."},
		{"2026-03-25 23:58:30", "2026-03-26 00:01:15", "sam.ortiz@example.org", "Sam Ortiz", 3, "",
			gcq(1, 1, 4, 2, 5, 2, 4, 0, 5, 1, 0, 5), ""},
	}
	for i, r := range rows {
		n := i + 2
		values := []any{i + 1, nil, nil, r.email, r.name, r.connected, r.contacts}
		values = append(values, r.gcq...)
		values = append(values, r.note)
		if err := setRow(f, n, values...); err != nil {
			return err
		}
		if err := setTimes(f, n, style, r.start, r.done); err != nil {
			return err
		}
	}
	return nil
}

// buildMSFormsTextTimes is a newer export as re-saved by hand: "Id", a Last
// modified time column, cohort and session columns, times as text, and an
// empty row left between responses.
func buildMSFormsTextTimes(f *excelize.File) error {
	rows := [][]any{
		{"Id", "Start time", "Completion time", "Email", "Name", "Last modified time", "Cohort", "Session", qConnected, qContacts, qNote},
		{1, "3/24/26 19:33:01", "3/24/26 19:35:12", "alice.smith@example.org", "Alice Smith", "", "intro-a", 3, 8, "Zoë Müller;Robin Lee;", ""},
		{2, "3/24/26 19:38:40", "3/24/26 7:41:03 PM", "ROBIN.LEE@example.org", "Robin Lee", "", "intro-a", "Session 3", "", "Alice Smith;", "Running late next week"},
		{},
		{4, "3/31/26 19:30:00", "3/31/26 19:32:18", "zoe.muller@example.org", "Zoë Müller", "3/31/26 19:40:00", "intro-a", 4, 9, "Alice Smith;Robin Lee;Sam Ortiz;", ""},
	}
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		if err := setRow(f, i+1, r...); err != nil {
			return err
		}
	}
	return nil
}

// buildMSFormsNoHeader is a sheet a facilitator made by hand with a title
// above the header, which is not a Microsoft Forms export.
func buildMSFormsNoHeader(f *excelize.File) error {
	if err := setRow(f, 1, "Group check-in - week 3 responses"); err != nil {
		return err
	}
	if err := setRow(f, 3, "ID", "Start time", "Completion time", "Email", "Name", qConnected); err != nil {
		return err
	}
	return setRow(f, 4, 1, "3/24/26 19:33:01", "3/24/26 19:35:12", "alice.smith@example.org", "Alice Smith", 8)
}

// buildMSFormsBadDate has a completion time typed over by hand.
func buildMSFormsBadDate(f *excelize.File) error {
	rows := [][]any{
		{"ID", "Start time", "Completion time", "Email", "Name", qConnected},
		{1, "3/24/26 19:33:01", "3/24/26 19:35:12", "alice.smith@example.org", "Alice Smith", 8},
		{2, "3/24/26 19:38:40", "yesterday 7pm", "robin.lee@example.org", "Robin Lee", 6},
	}
	for i, r := range rows {
		if err := setRow(f, i+1, r...); err != nil {
			return err
		}
	}
	return nil
}

// buildMSFormsHeaderOnly is the export of a form no one has answered yet:
// the header row alone.
func buildMSFormsHeaderOnly(f *excelize.File) error {
	return setRow(f, 1, "ID", "Start time", "Completion time", "Email", "Name", qConnected, qNote)
}

func ptr[T any](v T) *T { return &v }

// The parts of msforms_prefixed.xlsx, as a writer built on the Open XML SDK
// writes them: every SpreadsheetML element under the "x:" prefix, shared
// strings, and a <x:dimension ref="A1"/> that is never updated, so it
// understates the range. Times are date serials.
const (
	prefixedMain     = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	prefixedRels     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	prefixedXMLDecl  = `<?xml version="1.0" encoding="utf-8"?>`
	prefixedTypesXML = prefixedXMLDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />` +
		`<Default Extension="xml" ContentType="application/xml" />` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" />` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml" />` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml" />` +
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" />` +
		`</Types>`
	prefixedRootRels = prefixedXMLDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml" Id="R1" />` +
		`</Relationships>`
	prefixedWorkbookRels = prefixedXMLDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml" Id="R2" />` +
		`<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml" Id="R3" />` +
		`<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml" Id="R4" />` +
		`</Relationships>`
	prefixedWorkbook = prefixedXMLDecl + `<x:workbook xmlns:r="` + prefixedRels + `" xmlns:x="` + prefixedMain + `">` +
		`<x:sheets><x:sheet name="Sheet1" sheetId="1" r:id="R2" /></x:sheets></x:workbook>`
	// Style 1 is the date-time format the time cells use.
	prefixedStyles = prefixedXMLDecl + `<x:styleSheet xmlns:x="` + prefixedMain + `">` +
		`<x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="m/d/yy h:mm:ss" /></x:numFmts>` +
		`<x:fonts count="1"><x:font><x:sz val="11" /><x:name val="Calibri" /></x:font></x:fonts>` +
		`<x:fills count="1"><x:fill><x:patternFill patternType="none" /></x:fill></x:fills>` +
		`<x:borders count="1"><x:border /></x:borders>` +
		`<x:cellStyleXfs count="1"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0" /></x:cellStyleXfs>` +
		`<x:cellXfs count="2"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" />` +
		`<x:xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" /></x:cellXfs>` +
		`</x:styleSheet>`
)

// prefixedStrings are the shared strings, in index order.
var prefixedStrings = []string{
	"ID", "Start time", "Completion time", "Email", "Name", qConnected, qNote,
	"alice.smith@example.org", "Alice Smith", "robin.lee@example.org", "Robin Lee", "Thanks, everyone.",
}

// buildMSFormsPrefixed writes msforms_prefixed.xlsx part by part, since
// excelize always writes unprefixed elements and a true dimension.
func buildMSFormsPrefixed() ([]byte, error) {
	var sst strings.Builder
	fmt.Fprintf(&sst, `%s<x:sst count="%d" uniqueCount="%d" xmlns:x="%s">`, prefixedXMLDecl, len(prefixedStrings), len(prefixedStrings), prefixedMain)
	for _, s := range prefixedStrings {
		sst.WriteString("<x:si><x:t>")
		if err := xml.EscapeText(&sst, []byte(s)); err != nil {
			return nil, err
		}
		sst.WriteString("</x:t></x:si>")
	}
	sst.WriteString("</x:sst>")

	// A cell is "s7" for shared string 7, "d46086.7510416667" for a date
	// serial, or a plain number.
	rows := [][]string{
		{"s0", "s1", "s2", "s3", "s4", "s5", "s6"},
		{"1", "d46086.7493287037", "d46086.7510416667", "s7", "s8", "8", "s11"},
		{"2", "d46086.7553240741", "d46086.7568287037", "s9", "s10", "6", ""},
	}
	var sheet strings.Builder
	fmt.Fprintf(&sheet, `%s<x:worksheet xmlns:r="%s" xmlns:x="%s"><x:dimension ref="A1" /><x:sheetData>`, prefixedXMLDecl, prefixedRels, prefixedMain)
	for i, row := range rows {
		fmt.Fprintf(&sheet, `<x:row r="%d">`, i+1)
		for j, v := range row {
			ref, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return nil, err
			}
			switch {
			case v == "":
			case v[0] == 's':
				fmt.Fprintf(&sheet, `<x:c r="%s" t="s"><x:v>%s</x:v></x:c>`, ref, v[1:])
			case v[0] == 'd':
				fmt.Fprintf(&sheet, `<x:c r="%s" s="1"><x:v>%s</x:v></x:c>`, ref, v[1:])
			default:
				fmt.Fprintf(&sheet, `<x:c r="%s"><x:v>%s</x:v></x:c>`, ref, v)
			}
		}
		sheet.WriteString("</x:row>")
	}
	sheet.WriteString("</x:sheetData></x:worksheet>")

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", prefixedTypesXML},
		{"_rels/.rels", prefixedRootRels},
		{"xl/workbook.xml", prefixedWorkbook},
		{"xl/_rels/workbook.xml.rels", prefixedWorkbookRels},
		{"xl/styles.xml", prefixedStyles},
		{"xl/sharedStrings.xml", sst.String()},
		{"xl/worksheets/sheet1.xml", sheet.String()},
	} {
		// A fixed time keeps the bytes the same on every run.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: time.Date(2026, 3, 5, 18, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, part.body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
