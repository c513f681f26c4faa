// These fuzz targets check that no input panics any parser and that what a
// parser accepts keeps the promises the loader relies on; the benchmarks
// time each parser on a large program's export and on a session's.

package forms_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cohesion/pipeline/exportfile/filetest"
	"cohesion/pipeline/forms"
)

// seedFixtures adds every fixture whose name has one of the suffixes.
func seedFixtures(f *testing.F, suffixes ...string) {
	for _, fx := range filetest.Fixtures(f, fixtureDir, suffixes...) {
		f.Add(fx.Data)
	}
}

// checkResult holds a parser's result to its promises: errors are
// positioned *ParseErrors; answers have a position, a question of the
// export, a value, and a normalised email; and Detect agrees.
func checkResult(t *testing.T, data []byte, exp *forms.Export, err error, minLine int, detect func([]byte) bool) {
	t.Helper()
	if filetest.Failed(t, err, minLine) {
		return
	}
	last := 0
	for _, a := range exp.Answers {
		if a.Line < 1 || a.Column < 1 || a.Line < last {
			t.Fatalf("answer at line %d column %d after line %d: %+v", a.Line, a.Column, last, a)
		}
		last = a.Line
		if strings.TrimSpace(a.Value) == "" {
			t.Fatalf("line %d: empty answer kept: %+v", a.Line, a)
		}
		if !slices.Contains(exp.Questions, a.Question) {
			t.Fatalf("line %d: question %q is not among the export's questions", a.Line, a.Question)
		}
		if a.Email != strings.ToLower(a.Email) || a.Email != "" && !strings.Contains(a.Email, "@") {
			t.Fatalf("line %d: email %q not normalised", a.Line, a.Email)
		}
		if a.Session < 0 || !a.Submitted.IsZero() && a.Submitted.Location() != time.UTC {
			t.Fatalf("line %d: session %d, submitted %v", a.Line, a.Session, a.Submitted)
		}
	}
	filetest.DetectAgrees(t, data, detect)
}

func FuzzGoogleForms(f *testing.F) {
	seedFixtures(f, ".csv")
	f.Add([]byte(googleHeader + "2026/03/24 12:00:00 AM GMT+5:30,A@B.C,Week 3,\"7\"\n"))
	f.Add([]byte("Timestamp,Score,Name,Session\n24/03/26 19:35,1,anonymous,3.0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		exp, err := forms.ParseGoogleForms(data)
		checkResult(t, data, exp, err, 1, forms.DetectGoogleForms)
		checkStreamed(t, forms.VendorGoogleForms, data, exp, err)
	})
}

func FuzzQualtrics(f *testing.F) {
	seedFixtures(f, ".csv")
	f.Add([]byte(qualtricsHeader + "2026-03-24 19:31:10,2026-03-24 19:35:12,IP Address,2026-03-24 19:35:13,R_1,email,EN,8\n"))
	// The legacy layout (qualtrics_legacy.csv is seeded too): no ImportId row, a preview.
	f.Add([]byte("V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1,session,LocationLatitude\n" +
		"ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,Finished,How connected?,session,LocationLatitude\n" +
		"R_1,Default Response Set,A B,,A@B.C,,0,3/24/2026 19:31:10,,0,8,Week 3,1.5\nR_2,Default Response Set,,,,,1,,,1,5,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		exp, err := forms.ParseQualtrics(data)
		checkResult(t, data, exp, err, 1, forms.DetectQualtrics)
		checkStreamed(t, forms.VendorQualtrics, data, exp, err)
	})
}

func FuzzMSForms(f *testing.F) {
	seedFixtures(f, ".xlsx")
	f.Fuzz(func(t *testing.T, data []byte) {
		exp, err := forms.ParseMSForms(data)
		// A workbook that cannot be opened has no row: Line 0.
		checkResult(t, data, exp, err, 0, forms.DetectMSForms)
	})
}

// FuzzMSFormsCells fuzzes the cells of a workbook rather than its zip
// bytes, which mutation rarely leaves a readable zip: header and rows are
// tab-separated cells, rows split on newlines, and a cell that reads as a
// number is written as one, as a date serial is.
func FuzzMSFormsCells(f *testing.F) {
	f.Add("ID\tStart time\tCompletion time\tEmail\tName\tSession\t"+qConnected,
		"1\t3/24/26 19:33:01\t46105.8161111111\tAlice.Smith@Example.org\tAlice Smith\tWeek 3\t8\n\n2\t\t24/3/26 7:41 PM\tanonymous\t\t\tQuite a bit (4)")
	f.Add("Id\tStart time\tCompletion time\tEmail\tName\tLast modified time\tCohort\t"+qContacts,
		"1\t3/24/26 19:33:01\t3/24/26 19:35:12\tx@y.z\tZoë Müller\t\tintro-a\tAlice Smith;Robin Lee;")
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
			if err := setRow(file, i+1, r...); err != nil {
				t.Skip(err) // text excelize will not write, such as a cell over 32767 characters
			}
		}
		buf, err := file.WriteToBuffer()
		if err != nil {
			t.Skip(err)
		}
		data := buf.Bytes()
		exp, err := forms.ParseMSForms(data)
		checkResult(t, data, exp, err, 0, forms.DetectMSForms)
	})
}

// cellsOf splits a fuzzed row on tabs, at most 30 cells, numbers as numbers.
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

func FuzzCodebook(f *testing.F) {
	seedFixtures(f, "codebook.csv", "codebook_duplicate.csv", "codebook_values.csv")
	f.Add([]byte("Values,Item,Column,Instrument\n\"a=1;b = -2.5;\",x,\"y\",Z\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := forms.ParseCodebook(data)
		if err != nil {
			var pe *forms.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.Column < 0 {
				t.Fatalf("error %T %v is not a positioned *ParseError", err, err)
			}
			return
		}
		seen := map[string]bool{}
		for _, e := range entries {
			key := strings.TrimSpace(e.Column)
			if e.Line < 2 || key == "" || e.Instrument == "" || e.Item == "" || seen[key] {
				t.Fatalf("entry %+v (seen before: %v)", e, seen[key])
			}
			seen[key] = true
			for label, n := range e.Values {
				if got, ok := forms.NumericValue(label, e.Values); !ok || got == "" {
					t.Fatalf("label %q -> %q does not score: %q, %v", label, n, got, ok)
				}
			}
		}
	})
}

// generatedGoogle builds a Google Forms download of n check-ins: a large
// program's term of weekly check-ins with the GCQ-S grid.
func generatedGoogle(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`"Timestamp","Email Address","Cohort","Session","` + qConnected + `","` + qContacts + `"`)
	for i, s := range gcqItems {
		fmt.Fprintf(&b, `,"Group Climate [GCQ_%d %s]"`, i+1, strings.ReplaceAll(s, `"`, `""`))
	}
	b.WriteString(`,"` + qNote + `"` + "\n")
	for i := range n {
		fmt.Fprintf(&b, `"2026/03/%02d %d:%02d:%02d PM GMT-4","member%d@example.org","intro-%c","%d","%d","Member %d, Member %d"`,
			1+i%28, 1+i%11, i%60, (i*7)%60, i, 'a'+i%4, 1+i%12, i%11, i+1, i+2)
		for j := range gcqItems {
			fmt.Fprintf(&b, `,"%s"`, googleGCQLabels[(i+j)%7])
		}
		fmt.Fprintf(&b, `,"Week %d, thanks"`+"\n", i)
	}
	return b.Bytes()
}

// generatedQualtrics builds a Qualtrics choice-text export of n responses.
func generatedQualtrics(n int) []byte {
	var b bytes.Buffer
	b.WriteString("StartDate,EndDate,Status,RecordedDate,ResponseId,RecipientEmail,UserLanguage,Q1")
	for i := range gcqItems {
		fmt.Fprintf(&b, ",GCQ_%d", i+1)
	}
	b.WriteString(",Q4\nStart Date,End Date,Response Type,Recorded Date,Response ID,Recipient Email,User Language," + qConnected)
	for _, s := range gcqItems {
		fmt.Fprintf(&b, ",\"%s%s\"", qualtricsMatrix, s)
	}
	b.WriteString("," + qContacts + "\n")
	b.WriteString(`"{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""endDate"",""timeZone"":""America/Denver""}","{""ImportId"":""status""}","{""ImportId"":""recordedDate"",""timeZone"":""America/Denver""}","{""ImportId"":""_recordId""}","{""ImportId"":""recipientEmail""}","{""ImportId"":""userLanguage""}","{""ImportId"":""QID1""}"`)
	for i := range gcqItems {
		fmt.Fprintf(&b, `,"{""ImportId"":""QID2_%d""}"`, i+1)
	}
	b.WriteString(`,"{""ImportId"":""QID4""}"` + "\n")
	for i := range n {
		ts := fmt.Sprintf("2026-03-%02d %02d:%02d:%02d", 1+i%28, 17+i%6, i%60, (i*7)%60)
		fmt.Fprintf(&b, "%s,%s,IP Address,%s,R_%015d,member%d@example.org,EN,%d", ts, ts, ts, i, i, i%11)
		for j := range gcqItems {
			fmt.Fprintf(&b, ",%s", wordGCQLabels[(i+j)%7])
		}
		fmt.Fprintf(&b, ",\"Member %d,Member %d\"\n", i+1, i+2)
	}
	return b.Bytes()
}

// generatedMSForms builds a Microsoft Forms export of n responses.
func generatedMSForms(b *testing.B, n int) []byte {
	f := excelize.NewFile()
	defer f.Close()
	head := []any{"ID", "Start time", "Completion time", "Email", "Name", qConnected, qContacts}
	for i, s := range gcqItems {
		head = append(head, fmt.Sprintf("GCQ-S %d %s", i+1, s))
	}
	if err := setRow(f, 1, head...); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		row := []any{i + 1, 46105.8 + float64(i)/1000, 46105.81 + float64(i)/1000, fmt.Sprintf("member%d@example.org", i), fmt.Sprintf("Member %d", i),
			i % 11, fmt.Sprintf("Member %d;Member %d;", i+1, i+2)}
		for j := range gcqItems {
			row = append(row, gcqLabels[(i+j)%7])
		}
		if err := setRow(f, i+2, row...); err != nil {
			b.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkGoogleForms(b *testing.B) {
	filetest.BenchParse(b, generatedGoogle(1000), forms.DetectGoogleForms, forms.ParseGoogleForms)
}

// BenchmarkGoogleFormsSmall is the loader's common case: one session's check-ins.
func BenchmarkGoogleFormsSmall(b *testing.B) {
	filetest.BenchParse(b, readFixture(b, "google_checkin.csv"), forms.DetectGoogleForms, forms.ParseGoogleForms)
}

func BenchmarkQualtrics(b *testing.B) {
	filetest.BenchParse(b, generatedQualtrics(1000), forms.DetectQualtrics, forms.ParseQualtrics)
}

func BenchmarkQualtricsSmall(b *testing.B) {
	filetest.BenchParse(b, readFixture(b, "qualtrics_checkin.csv"), forms.DetectQualtrics, forms.ParseQualtrics)
}

func BenchmarkMSForms(b *testing.B) {
	filetest.BenchParse(b, generatedMSForms(b, 1000), forms.DetectMSForms, forms.ParseMSForms)
}

func BenchmarkMSFormsSmall(b *testing.B) {
	filetest.BenchParse(b, readFixture(b, "msforms_checkin.xlsx"), forms.DetectMSForms, forms.ParseMSForms)
}

func BenchmarkCodebook(b *testing.B) {
	filetest.BenchParse(b, readFixture(b, "codebook.csv"), nil, forms.ParseCodebook)
}
