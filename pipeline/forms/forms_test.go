// These tests run the parsers and Detect functions on the byte-exact
// fixtures in testdata/forms and on small in-memory files for the ways an
// export goes wrong.

package forms_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cohesion/pipeline/exportfile/filetest"
	"cohesion/pipeline/forms"
)

// fixtureDir holds real-shaped exports shared with the loader's tests.
const fixtureDir = "../../testdata/forms"

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	return filetest.Fixture(t, fixtureDir, name)
}

// wall is a wall-clock time written "2026-03-24 19:35:12", in the UTC
// location the parsers use for "no zone".
func wall(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The GCQ-S labels as the Google Forms grid and the Qualtrics matrix show them.
var (
	googleGCQLabels = []string{"0 - Not at all", "1 - A little bit", "2 - Somewhat", "3 - Moderately", "4 - Quite a bit", "5 - A great deal", "6 - Extremely"}
	wordGCQLabels   = []string{"Not at all", "A little bit", "Somewhat", "Moderately", "Quite a bit", "A great deal", "Extremely"}
)

// The looped question of qualtrics_loop_merge.csv, once per exercise.
const (
	loopBreathing = "Breathing exercise - How helpful was this exercise? (0-10)"
	loopLetter    = "Letter to self - How helpful was this exercise? (0-10)"
)

const qualtricsMatrix = "Thinking about today's session, how well does each statement describe the group? - "

// fixtureCase pins one fixture: the answer count of every response line, one
// whole response answer by answer, and a few answers of other responses.
type fixtureCase struct {
	file      string
	parse     func([]byte) (*forms.Export, error)
	vendor    string
	questions []string
	perLine   map[int]int    // response line -> number of answers
	full      []forms.Answer // every answer of one response, in order
	spot      []forms.Answer // answers that must appear exactly
}

func fixtureCases() []fixtureCase {
	googleGrid := make([]string, len(gcqItems))
	for i, s := range gcqItems {
		googleGrid[i] = fmt.Sprintf("Group Climate [GCQ_%d %s]", i+1, s)
	}
	msGCQ := make([]string, len(gcqItems))
	for i, s := range gcqItems {
		msGCQ[i] = fmt.Sprintf("GCQ-S %d %s", i+1, s)
	}
	qualtricsGCQ := make([]string, len(gcqItems))
	for i, s := range gcqItems {
		qualtricsGCQ[i] = qualtricsMatrix + s
	}
	qNoteQualtrics := qNote + "\nOnly your facilitator sees this."
	cat := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}

	// Alice's 24 March check-in, in the shape each vendor exports it.
	aliceGCQ := []int{4, 3, 1, 5, 2, 0, 1, 3, 2, 0, 4, 2}
	googleAlice := forms.Answer{Line: 3, Email: "alice.smith@example.org", Submitted: wall("2026-03-24 19:35:12"), Zone: "GMT-4"}
	var googleFull []forms.Answer
	add := func(list *[]forms.Answer, base forms.Answer, col int, q, v string) {
		a := base
		a.Column, a.Question, a.Value = col, q, v
		*list = append(*list, a)
	}
	add(&googleFull, googleAlice, 3, qConnected, "8")
	add(&googleFull, googleAlice, 4, qContacts, "Zoë Müller, Robin Lee")
	for i, l := range aliceGCQ {
		add(&googleFull, googleAlice, 5+i, googleGrid[i], googleGCQLabels[l])
	}
	add(&googleFull, googleAlice, 17, qNote, `Thanks, everyone — this week felt "lighter".`)

	qAlice := forms.Answer{Line: 6, Email: "alice.smith@example.org", Name: "Alice Smith",
		Submitted: wall("2026-03-24 19:35:13"), Zone: "America/Denver", Cohort: "intro-a", Session: 3}
	var qualtricsFull []forms.Answer
	addTag := func(col int, tag, q, v string) {
		a := qAlice
		a.Column, a.Tag, a.Question, a.Value = col, tag, q, v
		qualtricsFull = append(qualtricsFull, a)
	}
	addTag(18, "Q1", qConnected, "8")
	for i, l := range aliceGCQ {
		addTag(19+i, fmt.Sprintf("GCQ_%d", i+1), qualtricsGCQ[i], wordGCQLabels[l])
	}
	addTag(31, "Q4", qContacts, "Zoë Müller,Robin Lee")
	addTag(32, "Q5", qNoteQualtrics, "Thanks, everyone.")

	// The legacy export joins the matrix and its statements with "-", and stops at three.
	legacyGCQ := make([]string, 3)
	for i := range legacyGCQ {
		legacyGCQ[i] = strings.TrimSuffix(qualtricsMatrix, " - ") + "-" + gcqItems[i]
	}
	legacyAlice := forms.Answer{Line: 4, Email: "alice.smith@example.org", Name: "Alice Smith",
		Submitted: wall("2026-03-24 19:35:12"), Cohort: "intro-a", Session: 3}
	var legacyFull []forms.Answer
	addLegacy := func(col int, tag, q, v string) {
		a := legacyAlice
		a.Column, a.Tag, a.Question, a.Value = col, tag, q, v
		legacyFull = append(legacyFull, a)
	}
	addLegacy(11, "Q1", qConnected, "8")
	for i, l := range aliceGCQ[:3] {
		addLegacy(12+i, fmt.Sprintf("Q2_%d", i+1), legacyGCQ[i], wordGCQLabels[l])
	}
	addLegacy(15, "Q3", qContacts, "Robin Lee,Zoë Müller")
	addLegacy(16, "Q4", qNoteQualtrics, "Thanks, everyone.")

	msAlice := forms.Answer{Line: 2, Email: "alice.smith@example.org", Name: "Alice Smith", Submitted: wall("2026-03-24 19:35:12")}
	var msFull []forms.Answer
	add(&msFull, msAlice, 6, qConnected, "8")
	add(&msFull, msAlice, 7, qContacts, "Zoë Müller;Robin Lee;")
	for i, l := range aliceGCQ {
		add(&msFull, msAlice, 8+i, msGCQ[i], gcqLabels[l])
	}
	add(&msFull, msAlice, 20, qNote, "Thanks, everyone.")

	priya := forms.Answer{Line: 2, Email: "priya.raman@example.org", Submitted: wall("2026-03-10 18:55:02"), Cohort: "adv-b", Session: 3}
	var dayFirstFull []forms.Answer
	add(&dayFirstFull, priya, 5, qConnected, "7")
	add(&dayFirstFull, priya, 6, qContacts, "Morgan Wells; Alex Kim")
	add(&dayFirstFull, priya, 7, "ORS 1 Individually (personal well-being)", "6")
	add(&dayFirstFull, priya, 8, "ORS 2 Interpersonally (family, close relationships)", "7")
	add(&dayFirstFull, priya, 9, "ORS 3 Socially (work, school, friendships)", "5")
	add(&dayFirstFull, priya, 10, "ORS 4 Overall (general sense of well-being)", "6")

	usRobin := forms.Answer{Line: 3, Name: `Robin "RJ" Lee`, Submitted: wall("2026-03-24 19:40:00")}
	var usFull []forms.Answer
	add(&usFull, usRobin, 3, qConnected, "6")
	add(&usFull, usRobin, 4, qContacts, "Alice Smith")
	add(&usFull, usRobin, 5, qNote, "Running late next week")

	numPriya := forms.Answer{Line: 4, Email: "priya.raman@example.org", Submitted: wall("2026-03-31 19:36:42"), Zone: "Europe/London"}
	var numericFull []forms.Answer
	for i, f := range []struct{ tag, q, v string }{
		{"connected", qConnected, "7"},
		{"contacts", qContacts, "2,3"},
		{"SRS_1", "Group Session Rating Scale - Relationship", "9"},
		{"SRS_2", "Group Session Rating Scale - Goals and Topics", "8.5"},
		{"SRS_3", "Group Session Rating Scale - Approach or Method", "9"},
		{"SRS_4", "Group Session Rating Scale - Overall", "10"},
	} {
		a := numPriya
		a.Column, a.Tag, a.Question, a.Value = 12+i, f.tag, f.q, f.v
		numericFull = append(numericFull, a)
	}

	textRobin := forms.Answer{Line: 3, Email: "robin.lee@example.org", Name: "Robin Lee", Submitted: wall("2026-03-24 19:41:03"), Cohort: "intro-a", Session: 3}
	var textFull []forms.Answer
	add(&textFull, textRobin, 10, qContacts, "Alice Smith;")
	add(&textFull, textRobin, 11, qNote, "Running late next week")

	return []fixtureCase{
		{
			file: "google_checkin.csv", parse: forms.ParseGoogleForms, vendor: forms.VendorGoogleForms,
			questions: cat([]string{qConnected, qContacts}, googleGrid, []string{qNote}),
			// Line 5's answer runs onto line 6, so the next response is on line 7.
			perLine: map[int]int{2: 14, 3: 15, 4: 14, 5: 13, 7: 13},
			full:    googleFull,
			spot: []forms.Answer{
				{Line: 2, Column: 3, Email: "alice.smith@example.org", Submitted: wall("2026-03-05 19:58:40"), Zone: "GMT-5", Question: qConnected, Value: "6"},
				{Line: 5, Column: 4, Email: "zoe.muller@example.org", Submitted: wall("2026-03-24 20:02:47"), Zone: "GMT-4", Question: qContacts, Value: "Alice Smith;Robin Lee"},
				{Line: 5, Column: 17, Email: "zoe.muller@example.org", Submitted: wall("2026-03-24 20:02:47"), Zone: "GMT-4", Question: qNote, Value: "I had a hard week.\nThe breathing exercise helped."},
				// 12:04 AM is four minutes past midnight.
				{Line: 7, Column: 3, Email: "sam.ortiz@example.org", Submitted: wall("2026-03-25 00:04:10"), Zone: "GMT-4", Question: qConnected, Value: "3"},
			},
		},
		{
			// No-break spaces and a left-to-right mark in the header and the cells: "Email Address"
			// is still the email column, the questions read as the other exports write them,
			// and "Ana Silva" is the roster's name. An answer's own text keeps its spaces.
			file: "google_nbsp.csv", parse: forms.ParseGoogleForms, vendor: forms.VendorGoogleForms,
			questions: []string{qConnected, qNote},
			perLine:   map[int]int{2: 1, 3: 2},
			full: []forms.Answer{
				{Line: 2, Column: 4, Email: "ana.silva@example.org", Name: "Ana Silva", Submitted: wall("2026-04-02 19:35:12"), Zone: "GMT-4", Question: qConnected, Value: "7"},
			},
			spot: []forms.Answer{
				{Line: 3, Column: 5, Email: "robin.lee@example.org", Name: "Robin Lee", Submitted: wall("2026-04-02 19:40:03"), Zone: "GMT-4", Question: qNote, Value: "Running late\u00a0next week"},
			},
		},
		{
			// The linked sheet's Timestamp column set to a plain number format: Excel day
			// serials, 46086.7510416667 being 5 March 2026 18:01:30.
			file: "google_sheet_serial.csv", parse: forms.ParseGoogleForms, vendor: forms.VendorGoogleForms,
			questions: []string{qConnected, qContacts, qNote},
			perLine:   map[int]int{2: 2, 3: 3},
			full: []forms.Answer{
				{Line: 2, Column: 3, Name: "Alice Smith", Submitted: wall("2026-03-05 18:01:30"), Question: qConnected, Value: "7"},
				{Line: 2, Column: 4, Name: "Alice Smith", Submitted: wall("2026-03-05 18:01:30"), Question: qContacts, Value: "Robin Lee"},
			},
			spot: []forms.Answer{
				{Line: 3, Column: 5, Name: "Robin Lee", Submitted: wall("2026-03-05 18:09:50"), Question: qNote, Value: "Running late next week"},
			},
		},
		// Only the header rows: a form no one has answered, its questions and zero answers.
		{
			file: "google_header_only.csv", parse: forms.ParseGoogleForms, vendor: forms.VendorGoogleForms,
			questions: []string{qConnected, qNote}, perLine: map[int]int{},
		},
		{
			file: "qualtrics_header_only.csv", parse: forms.ParseQualtrics, vendor: forms.VendorQualtrics,
			questions: []string{qConnected, loopBreathing, loopLetter}, perLine: map[int]int{},
		},
		{
			file: "msforms_header_only.xlsx", parse: forms.ParseMSForms, vendor: forms.VendorMSForms,
			questions: []string{qConnected, qNote}, perLine: map[int]int{},
		},
		{
			// Day-first: 10/03 is read as 10 March because a later row has 17/03.
			file: "google_sheet_dayfirst.csv", parse: forms.ParseGoogleForms, vendor: forms.VendorGoogleForms,
			questions: []string{qConnected, qContacts, "ORS 1 Individually (personal well-being)", "ORS 2 Interpersonally (family, close relationships)",
				"ORS 3 Socially (work, school, friendships)", "ORS 4 Overall (general sense of well-being)"},
			perLine: map[int]int{2: 6, 3: 6, 4: 6, 5: 4},
			full:    dayFirstFull,
			spot: []forms.Answer{
				{Line: 3, Column: 5, Email: "morgan.wells@example.org", Submitted: wall("2026-03-10 19:02:30"), Cohort: "adv-b", Session: 3, Question: qConnected, Value: "5"},
				{Line: 4, Column: 6, Email: "alex.kim@example.org", Submitted: wall("2026-03-17 18:58:11"), Cohort: "adv-b", Session: 4, Question: qContacts, Value: "Priya Raman, Morgan Wells"},
			},
		},
		{
			file: "google_sheet_us.csv", parse: forms.ParseGoogleForms, vendor: forms.VendorGoogleForms,
			questions: []string{qConnected, qContacts, qNote},
			perLine:   map[int]int{2: 2, 3: 3, 4: 1},
			full:      usFull,
			spot: []forms.Answer{
				{Line: 2, Column: 4, Name: "Alice Smith", Submitted: wall("2026-03-24 19:35:12"), Question: qContacts, Value: "Zoë Müller;Robin Lee"},
				{Line: 4, Column: 4, Name: "Zoë Müller", Submitted: wall("2026-03-31 19:33:09"), Question: qContacts, Value: "Alice Smith"},
			},
		},
		{
			// The preview on line 5 is skipped; Zoë's note runs onto line 9.
			file: "qualtrics_checkin.csv", parse: forms.ParseQualtrics, vendor: forms.VendorQualtrics,
			questions: cat([]string{qConnected}, qualtricsGCQ, []string{qContacts, qNoteQualtrics}),
			perLine:   map[int]int{6: 15, 7: 14, 8: 13, 10: 5},
			full:      qualtricsFull,
			spot: []forms.Answer{
				// An anonymous-link response: no recipient, so no email or name.
				{Line: 8, Column: 31, Submitted: wall("2026-03-24 20:02:48"), Zone: "America/Denver", Cohort: "intro-a", Session: 3,
					Question: qContacts, Tag: "Q4", Value: "Alice Smith,Robin Lee"},
				{Line: 8, Column: 32, Submitted: wall("2026-03-24 20:02:48"), Zone: "America/Denver", Cohort: "intro-a", Session: 3,
					Question: qNoteQualtrics, Tag: "Q5", Value: "I had a hard week.\nThe breathing exercise helped."},
				// A partial response, recorded the next day.
				{Line: 10, Column: 22, Email: "sam.ortiz@example.org", Name: "Sam Ortiz", Submitted: wall("2026-03-25 21:10:02"), Zone: "America/Denver",
					Cohort: "intro-a", Session: 3, Question: qualtricsGCQ[3], Tag: "GCQ_4", Value: "Somewhat"},
			},
		},
		{
			// Loop and merge: the looped question's columns are tagged "1_Q13" and "2_Q13",
			// their ImportIds "1_QID13" and "2_QID13". The "Survey Preview" on line 4 is skipped.
			file: "qualtrics_loop_merge.csv", parse: forms.ParseQualtrics, vendor: forms.VendorQualtrics,
			questions: []string{qConnected, loopBreathing, loopLetter},
			perLine:   map[int]int{5: 3, 6: 2},
			full: []forms.Answer{
				{Line: 5, Column: 18, Tag: "Q1", Question: qConnected, Value: "8", Email: "alice.smith@example.org", Name: "Alice Smith",
					Submitted: wall("2026-03-24 19:35:13"), Zone: "America/Denver", Cohort: "intro-a", Session: 3},
				{Line: 5, Column: 19, Tag: "1_Q13", Question: loopBreathing, Value: "7", Email: "alice.smith@example.org", Name: "Alice Smith",
					Submitted: wall("2026-03-24 19:35:13"), Zone: "America/Denver", Cohort: "intro-a", Session: 3},
				{Line: 5, Column: 20, Tag: "2_Q13", Question: loopLetter, Value: "9", Email: "alice.smith@example.org", Name: "Alice Smith",
					Submitted: wall("2026-03-24 19:35:13"), Zone: "America/Denver", Cohort: "intro-a", Session: 3},
			},
			spot: []forms.Answer{
				{Line: 6, Column: 20, Tag: "2_Q13", Question: loopLetter, Value: "4", Email: "robin.lee@example.org", Name: "Robin Lee",
					Submitted: wall("2026-03-24 19:36:52"), Zone: "America/Denver", Cohort: "intro-a", Session: 3},
			},
		},
		{
			// Numeric export; the preview (Status 1) on line 6 is skipped.
			file: "qualtrics_numeric.csv", parse: forms.ParseQualtrics, vendor: forms.VendorQualtrics,
			questions: []string{qConnected, qContacts, "Group Session Rating Scale - Relationship", "Group Session Rating Scale - Goals and Topics",
				"Group Session Rating Scale - Approach or Method", "Group Session Rating Scale - Overall"},
			perLine: map[int]int{4: 6, 5: 6, 7: 5},
			full:    numericFull,
			spot: []forms.Answer{
				{Line: 7, Column: 12, Email: "alex.kim@example.org", Submitted: wall("2026-04-01 08:05:51"), Zone: "Europe/London", Question: qConnected, Tag: "connected", Value: "8"},
			},
		},
		{
			// Legacy layout: V1...V10, no ImportId row, so data starts on line 4; the preview
			// (Status 1) on line 5 is skipped; Zoë's note runs onto line 7; Sam's partial response
			// has no EndDate, so it is submitted at its StartDate. No zone is stated.
			file: "qualtrics_legacy.csv", parse: forms.ParseQualtrics, vendor: forms.VendorQualtrics,
			questions: cat([]string{qConnected}, legacyGCQ, []string{qContacts, qNoteQualtrics}),
			perLine:   map[int]int{4: 6, 6: 6, 8: 2},
			full:      legacyFull,
			spot: []forms.Answer{
				{Line: 6, Column: 16, Email: "zoe.muller@example.org", Name: "Zoë Müller", Submitted: wall("2026-03-24 20:02:47"), Cohort: "intro-a", Session: 3,
					Question: qNoteQualtrics, Tag: "Q4", Value: "I had a hard week.\nThe breathing exercise helped."},
				{Line: 8, Column: 12, Email: "sam.ortiz@example.org", Name: "Sam Ortiz", Submitted: wall("2026-03-25 21:01:44"), Cohort: "intro-a", Session: 3,
					Question: legacyGCQ[0], Tag: "Q2_1", Value: "Somewhat"},
			},
		},
		{
			file: "msforms_checkin.xlsx", parse: forms.ParseMSForms, vendor: forms.VendorMSForms,
			questions: cat([]string{qConnected, qContacts}, msGCQ, []string{qNote}),
			perLine:   map[int]int{2: 15, 3: 14, 4: 13, 5: 13},
			full:      msFull,
			spot: []forms.Answer{
				// "anonymous" is no email.
				{Line: 4, Column: 7, Submitted: wall("2026-03-24 20:02:47"), Question: qContacts, Value: "Alice Smith;Robin Lee;"},
				{Line: 4, Column: 20, Submitted: wall("2026-03-24 20:02:47"), Question: qNote, Value: "I had a hard week.\nThe breathing exercise helped."},
				// Completed after midnight: the completion time, not the start, is Submitted.
				{Line: 5, Column: 6, Email: "sam.ortiz@example.org", Name: "Sam Ortiz", Submitted: wall("2026-03-26 00:01:15"), Question: qConnected, Value: "3"},
			},
		},
		{
			// Every element under the "x:" prefix, a <x:dimension ref="A1"/> that
			// understates the range, and date serials such as 46086.7510416667.
			file: "msforms_prefixed.xlsx", parse: forms.ParseMSForms, vendor: forms.VendorMSForms,
			questions: []string{qConnected, qNote},
			perLine:   map[int]int{2: 2, 3: 1},
			full: []forms.Answer{
				{Line: 2, Column: 6, Email: "alice.smith@example.org", Name: "Alice Smith", Submitted: wall("2026-03-05 18:01:30"), Question: qConnected, Value: "8"},
				{Line: 2, Column: 7, Email: "alice.smith@example.org", Name: "Alice Smith", Submitted: wall("2026-03-05 18:01:30"), Question: qNote, Value: "Thanks, everyone."},
			},
			spot: []forms.Answer{
				{Line: 3, Column: 6, Email: "robin.lee@example.org", Name: "Robin Lee", Submitted: wall("2026-03-05 18:09:50"), Question: qConnected, Value: "6"},
			},
		},
		{
			// Row 4 is empty, so Zoë's response is row 5.
			file: "msforms_text_times.xlsx", parse: forms.ParseMSForms, vendor: forms.VendorMSForms,
			questions: []string{qConnected, qContacts, qNote},
			perLine:   map[int]int{2: 2, 3: 2, 5: 2},
			full:      textFull,
			spot: []forms.Answer{
				{Line: 2, Column: 9, Email: "alice.smith@example.org", Name: "Alice Smith", Submitted: wall("2026-03-24 19:35:12"), Cohort: "intro-a", Session: 3, Question: qConnected, Value: "8"},
				{Line: 5, Column: 10, Email: "zoe.muller@example.org", Name: "Zoë Müller", Submitted: wall("2026-03-31 19:32:18"), Cohort: "intro-a", Session: 4, Question: qContacts, Value: "Alice Smith;Robin Lee;Sam Ortiz;"},
			},
		},
	}
}

func TestParseFixtures(t *testing.T) {
	for _, tt := range fixtureCases() {
		t.Run(tt.file, func(t *testing.T) {
			exp, err := tt.parse(readFixture(t, tt.file))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if exp.Vendor != tt.vendor {
				t.Errorf("vendor %q, want %q", exp.Vendor, tt.vendor)
			}
			if !slices.Equal(exp.Questions, tt.questions) {
				t.Errorf("questions\n got %q\nwant %q", exp.Questions, tt.questions)
			}
			got := map[int]int{}
			byLine := map[int][]forms.Answer{}
			for _, a := range exp.Answers {
				got[a.Line]++
				byLine[a.Line] = append(byLine[a.Line], a)
			}
			if !maps.Equal(got, tt.perLine) {
				t.Errorf("answers per line %v, want %v", got, tt.perLine)
			}
			var full []forms.Answer
			if len(tt.full) > 0 {
				full = byLine[tt.full[0].Line]
			}
			for i := range max(len(full), len(tt.full)) {
				switch {
				case i >= len(full):
					t.Errorf("missing answer %d: %+v", i, tt.full[i])
				case i >= len(tt.full):
					t.Errorf("extra answer %d: %+v", i, full[i])
				case full[i] != tt.full[i]:
					t.Errorf("answer %d\n got %+v\nwant %+v", i, full[i], tt.full[i])
				}
			}
			for _, want := range tt.spot {
				if !slices.Contains(exp.Answers, want) {
					t.Errorf("no answer %+v", want)
					for _, a := range byLine[want.Line] {
						if a.Column == want.Column {
							t.Logf("line %d column %d is %+v", a.Line, a.Column, a)
						}
					}
				}
			}
		})
	}
}

// xlsxBytes builds a workbook in memory whose Sheet1 holds rows from A1.
func xlsxBytes(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		if err := setRow(f, i+1, r...); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipBytes builds a zip holding one text file: a valid zip, not a workbook.
func zipBytes(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, err := z.Create("notes.txt")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("not a workbook"))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The start of the small in-memory files of the error cases.
const (
	googleHeader    = "Timestamp,Email Address,Session," + qConnected + "\n"
	qualtricsHeader = "StartDate,EndDate,Status,RecordedDate,ResponseId,DistributionChannel,UserLanguage,Q1\n" +
		"Start Date,End Date,Response Type,Recorded Date,Response ID,Distribution Channel,User Language,\"How connected do you feel\nto the group right now? (0-10)\"\n" +
		`"{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""endDate"",""timeZone"":""America/Denver""}","{""ImportId"":""status""}",` +
		`"{""ImportId"":""recordedDate"",""timeZone"":""America/Denver""}","{""ImportId"":""_recordId""}","{""ImportId"":""distributionChannel""}","{""ImportId"":""userLanguage""}","{""ImportId"":""QID1""}"` + "\n"
)

func TestParseErrors(t *testing.T) {
	msHeader := []any{"ID", "Start time", "Completion time", "Email", "Name", "Session", qConnected}
	tests := []struct {
		name  string
		parse func([]byte) (*forms.Export, error)
		file  string // read when set, else data
		data  []byte
		kind  error
		line  int
		col   int
		msg   string // the whole Error() text
	}{
		// Google Forms.
		{
			name: "google truncated fixture", parse: forms.ParseGoogleForms, file: "broken_google_truncated.csv",
			kind: forms.ErrTruncated, line: 3, col: 5,
			msg: "line 3, column 5: truncated row: 4 fields, header has 5",
		},
		{
			name: "google impossible date fixture", parse: forms.ParseGoogleForms, file: "broken_google_bad_timestamp.csv",
			kind: forms.ErrImpossibleDate, line: 4, col: 1,
			msg: `line 4, column 1: impossible date "2/30/2026 19:02:47"`,
		},
		{
			name: "google extra fields fixture", parse: forms.ParseGoogleForms, file: "broken_google_extra_fields.csv",
			kind: forms.ErrExtraFields, line: 3, col: 4,
			msg: `line 3, column 4: more fields than the header: "Alice Smith", header has 3 columns`,
		},
		{
			name: "google empty file", parse: forms.ParseGoogleForms, data: []byte(""),
			kind: forms.ErrNoHeader, line: 1,
			msg: `line 1: no header: the file ends before a "Timestamp,Email Address,..." row`,
		},
		{
			name: "google no timestamp column", parse: forms.ParseGoogleForms,
			data: []byte("\n\nEmail Address," + qConnected + "\nalice.smith@example.org,8\n"),
			kind: forms.ErrNoHeader, line: 3,
			msg: `line 3: no header: found "Email Address,How connected do you feel to the group right n..." where a "Timestamp,Email Address,..." row should be`,
		},
		{
			// Found by FuzzGoogleForms: Detect wanted a second column, Parse did not.
			name: "google Timestamp column alone", parse: forms.ParseGoogleForms, data: []byte("TimestAmp"),
			kind: forms.ErrNoHeader, line: 1,
			msg: `line 1: no header: found "TimestAmp" where a "Timestamp,Email Address,..." row should be`,
		},
		{
			name: "google not a date", parse: forms.ParseGoogleForms,
			data: []byte(googleHeader + "yesterday,alice.smith@example.org,3,8\n"),
			kind: forms.ErrBadDate, line: 2, col: 1,
			msg: `line 2, column 1: bad date "yesterday"`,
		},
		{
			name: "google zone out of range", parse: forms.ParseGoogleForms,
			data: []byte(googleHeader + "2026/03/24 7:35:12 PM GMT-25,alice.smith@example.org,3,8\n"),
			kind: forms.ErrBadDate, line: 2, col: 1,
			msg: `line 2, column 1: bad date "2026/03/24 7:35:12 PM GMT-25"`,
		},
		{
			name: "google 13 PM", parse: forms.ParseGoogleForms,
			data: []byte(googleHeader + "2026/03/24 13:35:12 PM GMT-4,alice.smith@example.org,3,8\n"),
			kind: forms.ErrImpossibleDate, line: 2, col: 1,
			msg: `line 2, column 1: impossible date "2026/03/24 13:35:12 PM GMT-4"`,
		},
		{
			name: "google mixed date orders", parse: forms.ParseGoogleForms,
			data: []byte(googleHeader + "3/24/2026 19:35:12,alice.smith@example.org,3,8\n24/3/2026 19:41:03,robin.lee@example.org,3,6\n"),
			kind: forms.ErrMixedDateOrder, line: 3, col: 1,
			msg: `line 3, column 1: mixed day-first and month-first dates: "24/3/2026 19:41:03" is day-first but line 2 has "3/24/2026 19:35:12"`,
		},
		{
			name: "google bad session", parse: forms.ParseGoogleForms,
			data: []byte(googleHeader + "3/24/2026 19:35:12,alice.smith@example.org,the last one,8\n"),
			kind: forms.ErrBadSession, line: 2, col: 3,
			msg: `line 2, column 3: bad session "the last one" (want a session number like 3 or "Session 3")`,
		},
		{
			// A quoted answer spans lines 2-3, so the cut row is on line 4.
			name: "google cut after a multi-line answer", parse: forms.ParseGoogleForms,
			data: []byte("Timestamp,Email Address," + qNote + "," + qConnected + "\n" +
				"3/24/2026 19:35:12,alice.smith@example.org,\"Two\nlines\",8\n3/24/2026 19:41:03,robin.lee@exa"),
			kind: forms.ErrTruncated, line: 4, col: 3,
			msg: "line 4, column 3: truncated row: 2 fields, header has 4",
		},
		{
			name: "google NUL bytes", parse: forms.ParseGoogleForms, data: []byte("Timestamp\x00,Email Address\n"),
			kind: forms.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: NUL bytes (binary, or UTF-16 text)",
		},
		{
			name: "google legacy code page", parse: forms.ParseGoogleForms,
			data: []byte(googleHeader + "3/24/2026 19:35:12,zo\xeb@example.org,3,8\n"),
			kind: forms.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: invalid UTF-8 on line 2 (save it as CSV UTF-8)",
		},

		// Qualtrics.
		{
			name: "qualtrics ImportId row deleted fixture", parse: forms.ParseQualtrics, file: "broken_qualtrics_no_importid.csv",
			kind: forms.ErrNoImportID, line: 3, col: 1,
			msg: `line 3, column 1: no ImportId row: found "2026-03-24 19:31:10" where {"ImportId":...} should be`,
		},
		{
			// Found by FuzzQualtrics: Parse took any StartDate row that
			// Detect, wanting EndDate and ResponseId too, did not.
			name: "qualtrics StartDate alone", parse: forms.ParseQualtrics,
			data: []byte("StArtDAte ,0\n00,\n\"{\"ImportId\":\"0\"}\",\"{\"ImportId\":\"0\"}\",00000000000000000"),
			kind: forms.ErrNoHeader, line: 1,
			msg: `line 1: no header: found "StArtDAte ,0" where a Qualtrics "StartDate,EndDate,..." row should be`,
		},
		{
			name: "qualtrics tag row only", parse: forms.ParseQualtrics,
			data: []byte("StartDate,EndDate,Status,RecordedDate,ResponseId,Q1\n"),
			kind: forms.ErrNoImportID, line: 1,
			msg: "line 1: no ImportId row: the file ends before the third header row",
		},
		{
			name: "qualtrics question row deleted", parse: forms.ParseQualtrics,
			data: []byte("StartDate,EndDate,Status,Q1\n" + `"{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""status""}","{""ImportId"":""QID1""}"` + "\n2026-03-24 19:31:10,2026-03-24 19:35:12,IP Address,8\n"),
			kind: forms.ErrNoHeader, line: 2,
			msg: "line 2: no header: the question-text row is missing, found ImportIds instead",
		},
		{
			name: "qualtrics broken ImportId JSON", parse: forms.ParseQualtrics,
			data: []byte("StartDate,EndDate,Status,Q1\nStart Date,End Date,Response Type,How connected?\n" + `"{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""status""}","{""ImportId"":""QID1"""` + "\n"),
			kind: forms.ErrNoImportID, line: 3, col: 4,
			msg: `line 3, column 4: no ImportId row: found "{\"ImportId\":\"QID1\"" where {"ImportId":...} should be`,
		},
		{
			name: "qualtrics ImportId row short", parse: forms.ParseQualtrics,
			data: []byte("StartDate,EndDate,Status,Q1\nStart Date,End Date,Response Type,How connected?\n" + `"{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""status""}"` + "\n"),
			kind: forms.ErrNoImportID, line: 3, col: 4,
			msg: "line 3, column 4: no ImportId row: 3 ImportIds for 4 columns",
		},
		{
			name: "qualtrics not an export", parse: forms.ParseQualtrics, data: []byte(googleHeader),
			kind: forms.ErrNoHeader, line: 1,
			msg: `line 1: no header: found "Timestamp,Email Address,Session,How connected do you feel to..." where a Qualtrics "StartDate,EndDate,..." row should be`,
		},
		{
			// The question text spans lines 2-3, so the ImportIds are line 4
			// and the first response line 5.
			name: "qualtrics truncated after a multi-line question", parse: forms.ParseQualtrics,
			data: []byte(qualtricsHeader + "2026-03-24 19:31:10,2026-03-24 19:35:12,IP Address,2026-03-24 19:35:13,R_2Vx8kQm1aB3cD4e\n"),
			kind: forms.ErrTruncated, line: 5, col: 6,
			msg: "line 5, column 6: truncated row: 5 fields, header has 8",
		},
		{
			name: "qualtrics bad recorded date", parse: forms.ParseQualtrics,
			data: []byte(qualtricsHeader + "2026-03-24 19:31:10,2026-03-24 19:35:12,IP Address,2026-03-24 25:35:13,R_2Vx8kQm1aB3cD4e,email,EN,8\n"),
			kind: forms.ErrImpossibleDate, line: 5, col: 4,
			msg: `line 5, column 4: impossible date "2026-03-24 25:35:13"`,
		},
		{
			name: "qualtrics UTF-16", parse: forms.ParseQualtrics, data: []byte("\xff\xfeS\x00t\x00a\x00r\x00t\x00"),
			kind: forms.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: NUL bytes (binary, or UTF-16 text)",
		},

		// Microsoft Forms.
		{
			name: "msforms bad date fixture", parse: forms.ParseMSForms, file: "broken_msforms_bad_date.xlsx",
			kind: forms.ErrBadDate, line: 3, col: 3,
			msg: `line 3, column 3: bad date "yesterday 7pm" (cell C3)`,
		},
		{
			name: "msforms title above the header fixture", parse: forms.ParseMSForms, file: "broken_msforms_no_header.xlsx",
			kind: forms.ErrNoHeader, line: 1,
			msg: `line 1: no header: found "Group check-in - week 3 responses" where an "ID, Start time, Completion time, ..." row should be`,
		},
		{
			name: "msforms download cut short fixture", parse: forms.ParseMSForms, file: "broken_msforms_cut.xlsx",
			kind: forms.ErrNotWorkbook,
			msg:  "not a valid .xlsx workbook: zip: not a valid zip file",
		},
		{
			name: "msforms CSV instead of xlsx", parse: forms.ParseMSForms, data: []byte(googleHeader),
			kind: forms.ErrNotWorkbook,
			msg:  "not a valid .xlsx workbook: not a zip file (an .xlsx starts with PK)",
		},
		{
			name: "msforms empty sheet", parse: forms.ParseMSForms, data: xlsxBytes(t),
			kind: forms.ErrNoHeader, line: 1,
			msg: `line 1: no header: the first sheet is empty, no "ID, Start time, Completion time, ..." row`,
		},
		{
			name: "msforms value right of the header", parse: forms.ParseMSForms,
			data: xlsxBytes(t, msHeader, []any{1, "3/24/26 19:33:01", "3/24/26 19:35:12", "alice.smith@example.org", "Alice Smith", 3, 8, nil, "see me"}),
			kind: forms.ErrExtraFields, line: 2, col: 9,
			msg: `line 2, column 9: more fields than the header: "see me" beyond the last header column G1 (cell I2)`,
		},
		{
			name: "msforms bad session", parse: forms.ParseMSForms,
			data: xlsxBytes(t, msHeader, []any{1, "3/24/26 19:33:01", "3/24/26 19:35:12", "alice.smith@example.org", "Alice Smith", "tbd", 8}),
			kind: forms.ErrBadSession, line: 2, col: 6,
			msg: `line 2, column 6: bad session "tbd" (want a session number like 3 or "Session 3") (cell F2)`,
		},
		{
			name: "msforms serial out of range", parse: forms.ParseMSForms,
			data: xlsxBytes(t, msHeader, []any{1, "3/24/26 19:33:01", 99999999.5, "alice.smith@example.org", "Alice Smith", 3, 8}),
			kind: forms.ErrBadDate, line: 2, col: 3,
			msg: `line 2, column 3: bad date "99999999.5" (not a date serial) (cell C2)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data
			if tt.file != "" {
				data = readFixture(t, tt.file)
			}
			_, err := tt.parse(data)
			filetest.WantParseError(t, err, tt.line, tt.col, tt.kind, tt.msg)
		})
	}
}

// TestParseNotAWorkbook checks that a zip that is no workbook, and every
// prefix of a real one, is an error and never a panic.
func TestParseNotAWorkbook(t *testing.T) {
	if _, err := forms.ParseMSForms(zipBytes(t)); !errors.Is(err, forms.ErrNotWorkbook) {
		t.Errorf("zip of a text file: %v, want %v", err, forms.ErrNotWorkbook)
	}
	whole := readFixture(t, "msforms_checkin.xlsx")
	for n := 0; n < len(whole); n += 97 {
		_, err := forms.ParseMSForms(whole[:n])
		var pe *forms.ParseError
		if !errors.As(err, &pe) || !errors.Is(err, forms.ErrNotWorkbook) {
			t.Fatalf("%d of %d bytes: %v, want a ParseError %v", n, len(whole), err, forms.ErrNotWorkbook)
		}
	}
}

func TestDetect(t *testing.T) {
	detectors := map[string]func([]byte) bool{
		forms.VendorGoogleForms: forms.DetectGoogleForms,
		forms.VendorQualtrics:   forms.DetectQualtrics,
		forms.VendorMSForms:     forms.DetectMSForms,
	}
	// Every vendor fixture, broken ones included, is detected as its own
	// vendor and no other, except a sheet whose header is not in row 1:
	// Detect routes a file to its parser, and the parser says what is wrong.
	want := map[string]string{
		"google_checkin.csv":               forms.VendorGoogleForms,
		"google_checkin_crcrlf.csv":        forms.VendorGoogleForms,
		"google_sheet_dayfirst.csv":        forms.VendorGoogleForms,
		"google_sheet_us.csv":              forms.VendorGoogleForms,
		"google_full_name.csv":             forms.VendorGoogleForms,
		"google_nbsp.csv":                  forms.VendorGoogleForms,
		"google_sheet_serial.csv":          forms.VendorGoogleForms,
		"google_header_only.csv":           forms.VendorGoogleForms,
		"qualtrics_header_only.csv":        forms.VendorQualtrics,
		"msforms_header_only.xlsx":         forms.VendorMSForms,
		"broken_google_truncated.csv":      forms.VendorGoogleForms,
		"broken_google_bad_timestamp.csv":  forms.VendorGoogleForms,
		"broken_google_extra_fields.csv":   forms.VendorGoogleForms,
		"qualtrics_checkin.csv":            forms.VendorQualtrics,
		"qualtrics_numeric.csv":            forms.VendorQualtrics,
		"qualtrics_legacy.csv":             forms.VendorQualtrics,
		"qualtrics_loop_merge.csv":         forms.VendorQualtrics,
		"broken_qualtrics_no_importid.csv": forms.VendorQualtrics,
		"msforms_checkin.xlsx":             forms.VendorMSForms,
		"msforms_text_times.xlsx":          forms.VendorMSForms,
		"msforms_prefixed.xlsx":            forms.VendorMSForms,
		"broken_msforms_bad_date.xlsx":     forms.VendorMSForms,
		"broken_msforms_no_header.xlsx":    "",
		"broken_msforms_cut.xlsx":          "",
		"codebook.csv":                     "",
		"broken_codebook_duplicate.csv":    "",
		"broken_codebook_values.csv":       "",
	}
	entries, err := os.ReadDir(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok {
			t.Errorf("fixture %s is not listed in TestDetect", e.Name())
		}
	}
	for file, vendor := range want {
		data := readFixture(t, file)
		for v, detect := range detectors {
			if got := detect(data); got != (v == vendor) {
				t.Errorf("%s detector on %s = %v, want %v", v, file, got, v == vendor)
			}
		}
	}

	// Other exports and the facilitator's own files are no vendor's.
	others := map[string][]byte{
		"schedule":       []byte("cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\nA,intro,1,2026-03-05 18:00,90,812 3456 7890,Europe/London,Dana\n"),
		"roster":         []byte("cohort,name,email,aliases\nA,Alice Smith,alice@example.org,Ali\n"),
		"long form":      []byte("email,cohort,session,instrument,item,value\nalice@example.org,intro-a,1,checkin,connected,7\n"),
		"google meet":    []byte("First name,Last name,Email,Duration,Time joined,Time exited\nAda,Lovelace,ada@example.org,90 min,6:00 PM,7:30 PM\n"),
		"teams legacy":   []byte("Full Name\tUser Action\tTimestamp\nAlice Smith\tJoined\t3/5/2026, 6:00:00 PM\n"),
		"teams utf-16":   []byte("\xff\xfe1\x00.\x00 \x00S\x00u\x00m\x00m\x00a\x00r\x00y\x00\n\x00"),
		"binary":         []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"invalid utf-8":  []byte("Timestamp,Email Address\xff\n"),
		"empty":          {},
		"blank rows":     []byte(",,,,\n\n,,\n"),
		"timestamp only": []byte("Timestamp\n3/24/2026 19:35:12\n"),
		"zip":            zipBytes(t),
		// R's write.csv names unnamed columns V1, V2, ...: not a legacy Qualtrics export.
		"r data frame":                  []byte("V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,V11\n1,2,3,4,5,6,7,8,9,10,11\n"),
		"legacy qualtrics tag row only": []byte("V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1\n"),
		"other xlsx":                    xlsxBytes(t, []any{"cohort", "name", "email"}, []any{"A", "Alice Smith", "alice@example.org"}),
	}
	zoomFiles, err := filepath.Glob("../../testdata/zoom/*.csv")
	if err != nil || len(zoomFiles) == 0 {
		t.Fatalf("no zoom fixtures: %v", err)
	}
	// Zoom and Teams reports re-saved as workbooks are no Microsoft Forms export.
	workbooks, err := filepath.Glob("../../testdata/xlsx/*.xlsx")
	if err != nil || len(workbooks) == 0 {
		t.Fatalf("no workbook fixtures: %v", err)
	}
	for _, f := range append(zoomFiles, workbooks...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		others[filepath.Base(filepath.Dir(f))+" "+filepath.Base(f)] = data
	}
	for name, data := range others {
		for v, detect := range detectors {
			if detect(data) {
				t.Errorf("%s detector on %s = true, want false", v, name)
			}
		}
	}
}

// TestDetectLongFile checks that a file larger than Detect's look-ahead,
// with a multi-byte character across the cut, is still recognised.
func TestDetectLongFile(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(googleHeader)
	for b.Len() < 40<<10 {
		b.WriteString("3/24/2026 19:35:12,zoe.muller@example.org,Session 3,Zoë Müller\n")
	}
	for cut := b.Len() - 8; cut < b.Len(); cut++ {
		if !forms.DetectGoogleForms(b.Bytes()[:cut]) {
			t.Fatalf("DetectGoogleForms(%d bytes) = false", cut)
		}
	}
}

func TestParseErrorFormat(t *testing.T) {
	for _, tt := range []struct {
		err  *forms.ParseError
		want string
	}{
		{&forms.ParseError{Line: 7, Column: 3, Err: forms.ErrBadDate}, "line 7, column 3: bad date"},
		{&forms.ParseError{Line: 1, Err: forms.ErrNoHeader}, "line 1: no header"},
		{&forms.ParseError{Err: forms.ErrNotWorkbook}, "not a valid .xlsx workbook"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %s, want %s", got, tt.want)
		}
	}
}

// TestParseColumnRoles pins which columns are identity, bookkeeping or
// answers on small exports that carry the less common columns.
func TestParseColumnRoles(t *testing.T) {
	t.Run("google", func(t *testing.T) {
		// A quiz's Score, a blank helper column and a name question.
		data := "Timestamp,Email Address,Score,Your name,,Session,GCQ_1\r\n" +
			"2026/03/24 7:35:12 PM GMT+5:30,,3 / 10,Zoë Müller,helper,Week 2,4 - Quite a bit\r\n"
		exp, err := forms.ParseGoogleForms([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		want := []forms.Answer{{Line: 2, Column: 7, Name: "Zoë Müller", Submitted: wall("2026-03-24 19:35:12"), Zone: "GMT+5:30", Session: 2, Question: "GCQ_1", Value: "4 - Quite a bit"}}
		if !slices.Equal(exp.Answers, want) || !slices.Equal(exp.Questions, []string{"GCQ_1"}) {
			t.Errorf("got %+v %q\nwant %+v", exp.Answers, exp.Questions, want)
		}
	})
	t.Run("qualtrics", func(t *testing.T) {
		// No UserLanguage column; display order, page timing and an
		// embedded-data email; the recipient email is empty.
		data := "StartDate,EndDate,Status,RecordedDate,ResponseId,RecipientEmail,Q1,Q1_DO,Q9_Page Submit,Q2,email,Q_RecaptchaScore\n" +
			"Start Date,End Date,Response Type,Recorded Date,Response ID,Recipient Email,How connected?,How connected? - Display Order,Timing - Page Submit,Anything else?,email,Q_RecaptchaScore\n" +
			`"{""ImportId"":""startDate"",""timeZone"":""Europe/London""}","{""ImportId"":""endDate"",""timeZone"":""UTC""}","{""ImportId"":""status""}","{""ImportId"":""recordedDate"",""timeZone"":""Europe/London""}",` +
			`"{""ImportId"":""_recordId""}","{""ImportId"":""recipientEmail""}","{""ImportId"":""QID1""}","{""ImportId"":""QID1_DO""}","{""ImportId"":""QID9_PAGE_SUBMIT""}","{""ImportId"":""QID2_TEXT""}","{""ImportId"":""email""}","{""ImportId"":""Q_RecaptchaScore""}"` + "\n" +
			"2026-03-24 19:31:10,2026-03-24 19:35:12,IP Address,2026-03-24 19:35:13,R_1,,7,1|2|3,12.5,\"No, thanks\",Priya.Raman@example.org,0.9\n"
		exp, err := forms.ParseQualtrics([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		base := forms.Answer{Line: 4, Email: "priya.raman@example.org", Submitted: wall("2026-03-24 19:35:13"), Zone: "Europe/London"}
		a1, a2 := base, base
		a1.Column, a1.Question, a1.Tag, a1.Value = 7, "How connected?", "Q1", "7"
		a2.Column, a2.Question, a2.Tag, a2.Value = 10, "Anything else?", "Q2", "No, thanks"
		if want := []forms.Answer{a1, a2}; !slices.Equal(exp.Answers, want) {
			t.Errorf("got %+v\nwant %+v", exp.Answers, want)
		}
	})
	t.Run("msforms", func(t *testing.T) {
		// A quiz's points and feedback columns, and a re-save without ID.
		data := xlsxBytes(t,
			[]any{"Start time", "Completion time", "Email", "Name", "Total points", "Quiz feedback", qConnected, "Points - " + qConnected, "Feedback - " + qConnected},
			[]any{46105.81, 46105.8161111111, "anonymous", "anonymous", 0, "", 7, 0, ""},
		)
		if !forms.DetectMSForms(data) {
			t.Error("not detected")
		}
		exp, err := forms.ParseMSForms(data)
		if err != nil {
			t.Fatal(err)
		}
		want := []forms.Answer{{Line: 2, Column: 7, Submitted: wall("2026-03-24 19:35:12"), Question: qConnected, Value: "7"}}
		if !slices.Equal(exp.Answers, want) || !slices.Equal(exp.Questions, []string{qConnected}) {
			t.Errorf("got %+v %q\nwant %+v", exp.Answers, exp.Questions, want)
		}
	})
}

// TestGoogleFormsCRCRLF: a CRLF export written again in text mode (each line ends CR CR LF)
// reads as the original, row for row and line for line.
func TestGoogleFormsCRCRLF(t *testing.T) {
	want, err := forms.ParseGoogleForms(readFixture(t, "google_checkin.csv"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := forms.ParseGoogleForms(readFixture(t, "google_checkin_crcrlf.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Answers) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("CR CR LF file: %d answers, want %d, equal %v", len(got.Answers), len(want.Answers), reflect.DeepEqual(got, want))
	}
}
