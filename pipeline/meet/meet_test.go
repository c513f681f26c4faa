// These tests run Parse and Detect on the byte-exact fixtures in testdata/meet
// and on small in-memory files for the ways an export goes wrong.

package meet_test

import (
	"bytes"
	"fmt"
	"os"
	"testing"
	"time"

	"cohesion/pipeline/exportfile/filetest"
	"cohesion/pipeline/meet"
)

// fixtureDir holds real-shaped exports shared with the loader's tests.
const fixtureDir = "../../testdata/meet"

// dated is the fixture whose name carries Meet's date, time and title.
const dated = "2026-03-05 18-00 Codependency intro - Attendance Report.csv"

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	return filetest.Fixture(t, fixtureDir, name)
}

// wall is a wall-clock time written "2026-03-05 17:58:12", in the UTC
// location Parse uses for "no zone".
func wall(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

func row(line int, name, email, join, leave string, minutes int) meet.Participant {
	return meet.Participant{Line: line, Name: name, Email: email, Join: wall(join), Leave: wall(leave), Minutes: minutes}
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file     string
		fileName string // passed to Parse; the fixture's own name when "-"
		want     meet.Report
	}{
		{
			file: dated, fileName: "-",
			want: meet.Report{
				Date: wall("2026-03-05 00:00:00"), Start: wall("2026-03-05 18:00:00"), Title: "Codependency intro",
				Participants: []meet.Participant{
					row(2, "Dana Host", "dana.host@practice.example", "2026-03-05 17:58:00", "2026-03-05 19:34:00", 96),
					row(3, "Alice Smith", "alice@example.org", "2026-03-05 17:59:00", "2026-03-05 19:30:00", 91),
					// Robin reconnected: Meet sums the time, first join to last exit.
					row(4, "Robin Lee", "robin.lee@example.org", "2026-03-05 18:01:00", "2026-03-05 19:34:00", 88),
					row(5, "José Álvarez", "jose.alvarez@example.org", "2026-03-05 18:00:00", "2026-03-05 19:34:00", 94),
					row(6, "Zoë Müller-Åberg", "zoe.muller@practice.example", "2026-03-05 17:59:00", "2026-03-05 19:34:00", 95),
					row(7, "Jordan", "", "2026-03-05 18:03:00", "2026-03-05 19:12:00", 68),
					row(8, "Lee Park, Jr.", "lee.park@example.org", "2026-03-05 18:10:00", "2026-03-05 19:34:00", 84),
					row(9, "Chris Park", "chris.park@example.org", "2026-03-05 18:15:00", "2026-03-05 19:00:00", 45),
					row(10, "Sam Ortiz", "sam.ortiz@example.org", "2026-03-05 18:30:00", "2026-03-05 19:30:00", 60),
				},
			},
		},
		{
			// Renamed, so no date: the caller moves the rows to the session's
			// day. Exits after midnight land on the next day.
			file: "meet_name_column.csv", fileName: "",
			want: meet.Report{
				Participants: []meet.Participant{
					row(2, "Dana Host", "dana.host@practice.example", "0001-01-01 23:30:05", "0001-01-02 00:45:10", 75),
					row(3, "Alice Smith", "alice@example.org", "0001-01-01 23:31:40", "0001-01-02 00:42:00", 70),
					row(4, "Robin Lee", "robin.lee@example.org", "0001-01-01 00:05:00", "0001-01-01 00:40:30", 35),
					row(5, "Priya Raman", "priya.raman@example.org", "0001-01-01 23:35:00", "0001-01-01 23:55:00", 20),
				},
			},
		},
		{
			// The same rows, with Meet's name: the start time in it puts
			// Robin's join after midnight on the next day.
			file: "2026-03-12 23-30 Late group - Attendance Report.csv", fileName: "-",
			want: meet.Report{
				Date: wall("2026-03-12 00:00:00"), Start: wall("2026-03-12 23:30:00"), Title: "Late group",
				Participants: []meet.Participant{
					row(2, "Dana Host", "dana.host@practice.example", "2026-03-12 23:30:05", "2026-03-13 00:45:10", 75),
					row(3, "Alice Smith", "alice@example.org", "2026-03-12 23:31:40", "2026-03-13 00:42:00", 70),
					row(4, "Robin Lee", "robin.lee@example.org", "2026-03-13 00:05:00", "2026-03-13 00:40:30", 35),
					row(5, "Priya Raman", "priya.raman@example.org", "2026-03-12 23:35:00", "2026-03-12 23:55:00", 20),
				},
			},
		},
		{
			// A Sheet copied by hand: a title row above the header, a BOM,
			// LF, seconds, "p.m.", a narrow no-break space, "< 1 min".
			file: "meet_sheet_copy.csv", fileName: "-",
			want: meet.Report{
				Participants: []meet.Participant{
					row(4, "Dana Host", "dana.host@practice.example", "0001-01-01 17:58:12", "0001-01-01 19:28:40", 90),
					row(5, "Priya Raman", "priya.raman@example.org", "0001-01-01 18:00:20", "0001-01-01 19:29:50", 89),
					row(6, "Morgan Wells", "morgan.wells@example.org", "0001-01-01 18:04:00", "0001-01-01 18:04:00", 0),
					row(7, "Caller 0412", "", "0001-01-01 18:10:00", "0001-01-01 19:00:00", 50),
				},
			},
		},
		{
			// The caller may pass a path; only its base name counts.
			file: "meet_name_column.csv", fileName: "exports/2026-03-19 Late group - Attendance Report (1).csv",
			want: meet.Report{
				Date: wall("2026-03-19 00:00:00"), Title: "Late group",
				Participants: []meet.Participant{
					row(2, "Dana Host", "dana.host@practice.example", "2026-03-19 23:30:05", "2026-03-20 00:45:10", 75),
					row(3, "Alice Smith", "alice@example.org", "2026-03-19 23:31:40", "2026-03-20 00:42:00", 70),
					row(4, "Robin Lee", "robin.lee@example.org", "2026-03-19 00:05:00", "2026-03-19 00:40:30", 35),
					row(5, "Priya Raman", "priya.raman@example.org", "2026-03-19 23:35:00", "2026-03-19 23:55:00", 20),
				},
			},
		},
		{
			// Only the header: a meeting no one attended, zero rows.
			file: "2026-04-09 18-00 Codependency intro - Attendance Report.csv", fileName: "-",
			want: meet.Report{Date: wall("2026-04-09 00:00:00"), Start: wall("2026-04-09 18:00:00"), Title: "Codependency intro"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.fileName, func(t *testing.T) {
			name := tt.fileName
			if name == "-" {
				name = tt.file
			}
			got, err := meet.Parse(readFixture(t, tt.file), name)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			compareReports(t, got, &tt.want)
		})
	}
}

func compareReports(t *testing.T, got, want *meet.Report) {
	t.Helper()
	if !got.Date.Equal(want.Date) || !got.Start.Equal(want.Start) || got.Title != want.Title {
		t.Errorf("date %v start %v title %q, want %v %v %q", got.Date, got.Start, got.Title, want.Date, want.Start, want.Title)
	}
	for i := 0; i < max(len(got.Participants), len(want.Participants)); i++ {
		switch {
		case i >= len(got.Participants):
			t.Errorf("missing row %d: %+v", i, want.Participants[i])
		case i >= len(want.Participants):
			t.Errorf("extra row %d: %+v", i, got.Participants[i])
		case got.Participants[i] != want.Participants[i]:
			t.Errorf("row %d\n got %+v\nwant %+v", i, got.Participants[i], want.Participants[i])
		}
	}
}

// header starts the small in-memory files of the error cases.
const header = "First name,Last name,Email,Duration,Time joined,Time exited\n"

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		data string // used when file is empty
		file string
		kind error
		line int
		col  int
		msg  string // the whole Error() text
	}{
		{
			name: "truncated fixture", file: "broken_truncated.csv",
			kind: meet.ErrTruncated, line: 8, col: 6,
			msg: "line 8, column 6: truncated row: 5 fields, header has 6",
		},
		{
			name: "spreadsheet serial time fixture", file: "broken_bad_time.csv",
			kind: meet.ErrBadTime, line: 3, col: 5,
			msg: `line 3, column 5: bad time "0.749305555555556"`,
		},
		{
			name: "bad duration fixture", file: "broken_bad_duration.csv",
			kind: meet.ErrBadDuration, line: 3, col: 4,
			msg: `line 3, column 4: bad duration "1.5 hr"`,
		},
		{
			name: "empty file", data: "",
			kind: meet.ErrNoHeader, line: 1,
			msg: `line 1: no participant header: the file ends before a "Time joined" header`,
		},
		{
			name: "zoom report",
			data: "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\nAnn,ann@example.org,03/05/2026 06:00:00 PM,03/05/2026 07:00:00 PM,60\n",
			kind: meet.ErrNoHeader, line: 1,
			msg: `line 1: no participant header: found "Name (Original Name),User Email,Join Time,Leave Time,Duratio..." where a "First name,Last name,Email,Duration,Time joined,Time exited" header should be`,
		},
		{
			name: "header too far down",
			data: "a\nb\nc\nd\ne\n" + header,
			kind: meet.ErrNoHeader, line: 1,
			msg: `line 1: no participant header: found "a" where a "First name,Last name,Email,Duration,Time joined,Time exited" header should be`,
		},
		{
			name: "no exit column",
			data: "First name,Last name,Email,Duration,Time joined\nAnn,Lee,ann@example.org,1 hr,6:00 PM\n",
			kind: meet.ErrMissingColumn, line: 1,
			msg: `line 1: missing column "Time exited"`,
		},
		{
			name: "hour out of range", data: header + "Ann,Lee,ann@example.org,1 hr,25:00,19:00\n",
			kind: meet.ErrImpossibleTime, line: 2, col: 5,
			msg: `line 2, column 5: impossible time "25:00"`,
		},
		{
			name: "PM on a 24-hour time", data: header + "Ann,Lee,ann@example.org,1 hr,6:00 PM,13:10 PM\n",
			kind: meet.ErrImpossibleTime, line: 2, col: 6,
			msg: `line 2, column 6: impossible time "13:10 PM"`,
		},
		{
			name: "a date where a time should be", data: header + "Ann,Lee,ann@example.org,1 hr,3/5/2026 6:00 PM,7:00 PM\n",
			kind: meet.ErrBadTime, line: 2, col: 5,
			msg: `line 2, column 5: bad time "3/5/2026 6:00 PM"`,
		},
		{
			name: "bare minutes", data: header + "Ann,Lee,ann@example.org,88,6:00 PM,7:28 PM\n",
			kind: meet.ErrBadDuration, line: 2, col: 4,
			msg: `line 2, column 4: bad duration "88"`,
		},
		{
			name: "no exit and no duration", data: header + "Ann,Lee,ann@example.org,,6:00 PM,\n",
			kind: meet.ErrBadTime, line: 2, col: 6,
			msg: `line 2, column 6: bad time ""`,
		},
		{
			name: "cut inside a quoted name", data: header + "Ann,\"Lee, J",
			kind: meet.ErrTruncated, line: 2, col: 3,
			msg: "line 2, column 3: truncated row: 2 fields, header has 6",
		},
		{
			name: "NUL bytes", data: header + "Ann\x00,Lee\n",
			kind: meet.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: NUL bytes (binary, or UTF-16 text)",
		},
		{
			name: "UTF-16 text", data: "\xff\xfeF\x00i\x00r\x00s\x00t\x00",
			kind: meet.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: NUL bytes (binary, or UTF-16 text)",
		},
		{
			name: "legacy code page", data: header + "Jos\xe9,\xc1lvarez,,1 hr,6:00 PM,7:00 PM\n",
			kind: meet.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: invalid UTF-8 on line 2 (save it as CSV UTF-8)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			if tt.file != "" {
				data = readFixture(t, tt.file)
			}
			_, err := meet.Parse(data, tt.file)
			filetest.WantParseError(t, err, tt.line, tt.col, tt.kind, tt.msg)
		})
	}
}

// TestParseSmall covers shapes too small to need a fixture.
func TestParseSmall(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []meet.Participant
	}{
		{
			// No exit time: the duration says when Ann left. No duration:
			// the times say how long Bea stayed.
			name: "one of exit and duration",
			data: header + "Ann,Lee,ann@example.org,45 min,6:00 PM,\nBea,Ray,bea@example.org,,6:00 PM,7:28:59 PM\n",
			want: []meet.Participant{
				row(2, "Ann Lee", "ann@example.org", "0001-01-01 18:00:00", "0001-01-01 18:45:00", 45),
				row(3, "Bea Ray", "bea@example.org", "0001-01-01 18:00:00", "0001-01-01 19:28:59", 88),
			},
		},
		{
			// Columns in another order, an extra column, a bare quote in a
			// name, and old Mac line ends.
			name: "reordered columns",
			data: "Time exited,Time joined,Name,Notes\r7:00 PM,6:00 PM,Robin \"RJ\" Lee,x\r",
			want: []meet.Participant{
				row(2, `Robin "RJ" Lee`, "", "0001-01-01 18:00:00", "0001-01-01 19:00:00", 60),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := meet.Parse([]byte(tt.data), "")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			compareReports(t, got, &meet.Report{Participants: tt.want})
		})
	}
}

func TestDetect(t *testing.T) {
	// Every fixture, broken ones included, is shaped like a Meet report:
	// Detect routes a file to this parser, and Parse says what is wrong.
	filetest.Detects(t, meet.Detect, true, []string{fixtureDir})
	filetest.Detects(t, meet.Detect, false, []string{"../../testdata/zoom", "../../testdata/teams", "../../testdata/marks"}, ".csv")
	others := map[string]string{
		"schedule":      "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\nA,intro,1,2026-03-05 18:00,90,,Europe/London,Dana\n",
		"roster":        "cohort,name,email,aliases\nA,Alice Smith,alice@example.org,Ali\n",
		"marks":         "cohort,session,name,email,status\nA,1,Alice Smith,alice@example.org,Show\n",
		"forms":         "Timestamp,Email Address,How connected do you feel?\n3/5/2026 20:00:00,alice@example.org,7\n",
		"binary":        "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"invalid utf-8": "First name,Last name,Time joined,Time exited\xff\n",
		"empty":         "",
		"blank rows":    ",,,,\n\n,,\n",
		"too far down":  "a\nb\nc\nd\ne\n" + header,
	}
	for name, data := range others {
		if meet.Detect([]byte(data)) {
			t.Errorf("Detect(%s) = true, want false", name)
		}
	}
}

// TestDetectLongFile checks that a file larger than Detect's look-ahead, with
// a multi-byte character across the cut, is still recognised.
func TestDetectLongFile(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(header)
	for b.Len() < 40<<10 {
		b.WriteString("José,Álvarez,jose@example.org,1 hr,6:00 PM,7:00 PM\n")
	}
	for cut := b.Len() - 8; cut < b.Len(); cut++ {
		if !meet.Detect(b.Bytes()[:cut]) {
			t.Fatalf("Detect(%d bytes) = false", cut)
		}
	}
}

// FuzzParse checks that no input panics and that what Parse accepts keeps
// the promises the loader relies on.
func FuzzParse(f *testing.F) {
	entries, err := os.ReadDir(fixtureDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			f.Add(readFixture(f, e.Name()), e.Name())
		}
	}
	f.Add([]byte(header+"Ann,,,,11:59 PM,12:01 AM\n"), "2026-02-28 23-59 x - Attendance Report.csv")
	f.Add([]byte(header+"Ann,,,< 1 min,12:00 AM,\n"), "2026-02-30.csv")
	f.Fuzz(func(t *testing.T, data []byte, fileName string) {
		rep, err := meet.Parse(data, fileName)
		if filetest.Failed(t, err, 1) {
			return
		}
		for _, p := range rep.Participants {
			if p.Line < 1 || p.Minutes < 0 {
				t.Fatalf("row %+v", p)
			}
			if p.Leave.Before(p.Join) || p.Leave.Sub(p.Join) > 48*time.Hour {
				t.Fatalf("line %d: join %v leave %v", p.Line, p.Join, p.Leave)
			}
			day := rep.Date
			if day.IsZero() {
				day = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			if d := p.Join.Sub(day); d < 0 || d >= 48*time.Hour {
				t.Fatalf("line %d: join %v is not on %v", p.Line, p.Join, day)
			}
		}
		filetest.DetectAgrees(t, data, meet.Detect)
	})
}

// generated builds a report of n participants, the size of a large
// workshop, for benchmarks.
func generated(n int) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	for i := range n {
		fmt.Fprintf(&b, "Member,%d,member%d@example.org,1 hr %d min,6:%02d PM,7:30 PM\r\n", i, i, i%60, i%30)
	}
	return b.Bytes()
}

func BenchmarkParse(b *testing.B) {
	filetest.BenchParse(b, generated(1000), nil, func(d []byte) (*meet.Report, error) { return meet.Parse(d, dated) })
}

// BenchmarkParseSmall is the loader's common case: one ~10-row session file.
func BenchmarkParseSmall(b *testing.B) {
	filetest.BenchParse(b, readFixture(b, dated), meet.Detect, func(d []byte) (*meet.Report, error) { return meet.Parse(d, dated) })
}
