// This file writes the Microsoft Forms .xlsx fixtures with excelize, because
// a workbook cannot be written by hand; run it with -update and commit the
// files it writes, so the other tests read fixed bytes.

package forms_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
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

func ptr[T any](v T) *T { return &v }
