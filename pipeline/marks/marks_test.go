// These tests run Parse and Detect on the byte-exact fixtures in
// testdata/marks and on small in-memory files for the ways a sheet goes wrong.

package marks_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"cohesion/pipeline/exportfile/filetest"
	"cohesion/pipeline/marks"
)

// fixtureDir holds real-shaped files shared with the loader's tests.
const fixtureDir = "../../testdata/marks"

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	return filetest.Fixture(t, fixtureDir, name)
}

func TestParseFixtures(t *testing.T) {
	const intro = "intro-2026a"
	tests := []struct {
		file string
		want []marks.Mark
	}{
		{
			// Kept by hand: a BOM, CRLF, a blank row, a quoted name with a
			// comma, a trailing space, spellings of every kind, and session
			// 3 not yet marked.
			file: "marks_manual.csv",
			want: []marks.Mark{
				{2, intro, 1, "alice@example.org", "Alice Smith", marks.Present, "Present"},
				{3, intro, 1, "robin.lee@example.org", "Robin Lee", marks.Late, "Late"},
				{4, intro, 1, "jose.alvarez@example.org", "José Álvarez", marks.Present, "present"},
				{5, intro, 1, "", "Park, Lee", marks.Absent, "absent"},
				{6, intro, 1, "sam.ortiz@example.org", "Sam Ortiz", marks.Absent, "DNA"},
				{8, intro, 2, "alice@example.org", "Alice Smith", marks.Present, "Yes"},
				{9, intro, 2, "robin.lee@example.org", "Robin Lee", marks.Absent, "No-Show"},
				{10, intro, 2, "jose.alvarez@example.org", "José Álvarez", marks.Absent, "no show"},
				{11, intro, 2, "", "Park, Lee", marks.Present, "Attended"},
				{12, intro, 2, "sam.ortiz@example.org", "Sam Ortiz", marks.Absent, "NO"},
			},
		},
		{
			// A practice-management export: appointment statuses, and
			// columns this parser does not read ("Client" is not "name").
			file: "marks_practice_export.csv",
			want: []marks.Mark{
				{2, "advanced-2026", 4, "dana.client@example.org", "", marks.Present, "Show"},
				{3, "advanced-2026", 4, "morgan.wells@example.org", "", marks.Absent, "No Show"},
				{4, "advanced-2026", 4, "priya.raman@example.org", "", marks.LateCancel, "Late Canceled"},
				{5, "advanced-2026", 4, "zoe.muller@example.org", "", marks.Cancelled, "Canceled"},
				{6, "advanced-2026", 4, "chris.park@example.org", "", marks.ClinicianCancelled, "Clinician Canceled"},
			},
		},
		{
			// A spreadsheet in a locale that saves CSV with semicolons.
			file: "marks_semicolon.csv",
			want: []marks.Mark{
				{2, "Gruppe Mittwoch", 1, "", "Jürgen Weiß", marks.Present, "Attended"},
				{3, "Gruppe Mittwoch", 1, "", "Anaïs Lefèvre", marks.LateCancel, "Late Cancelled"},
				{4, "Gruppe Mittwoch", 1, "", "Søren Ødegård", marks.Cancelled, "Cancelled"},
				{5, "Gruppe Mittwoch", 1, "", "Ana Núñez", marks.ClinicianCancelled, "Therapist Cancelled"},
				{6, "Gruppe Mittwoch", 2, "", "Jürgen Weiß", marks.LateCancel, "late_cancel"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := marks.Parse(readFixture(t, tt.file))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			compareMarks(t, got, tt.want)
		})
	}
}

func compareMarks(t *testing.T, got, want []marks.Mark) {
	t.Helper()
	for i := 0; i < max(len(got), len(want)); i++ {
		switch {
		case i >= len(got):
			t.Errorf("missing row %d: %+v", i, want[i])
		case i >= len(want):
			t.Errorf("extra row %d: %+v", i, got[i])
		case got[i] != want[i]:
			t.Errorf("row %d\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestStatuses(t *testing.T) {
	tests := map[string]string{
		"Show": marks.Present, "Present": marks.Present, "Attended": marks.Present, "Yes": marks.Present,
		"Late":    marks.Late,
		"No Show": marks.Absent, "No-Show": marks.Absent, "no_show": marks.Absent, "NOSHOW": marks.Absent,
		"Absent": marks.Absent, "No": marks.Absent, "DNA": marks.Absent,
		"Late Canceled": marks.LateCancel, "Late Cancelled": marks.LateCancel, "late-cancelled": marks.LateCancel,
		"Canceled": marks.Cancelled, "Cancelled": marks.Cancelled,
		"Clinician Canceled": marks.ClinicianCancelled, "Clinician Cancelled": marks.ClinicianCancelled,
		"Therapist Cancelled": marks.ClinicianCancelled, "clinician_cancelled": marks.ClinicianCancelled,
	}
	for raw, want := range tests {
		got, err := marks.Parse([]byte("cohort,session,email,status\nA,1,a@example.org," + raw + "\n"))
		if err != nil {
			t.Errorf("%q: %v", raw, err)
			continue
		}
		if len(got) != 1 || got[0].Status != want || got[0].Raw != raw {
			t.Errorf("%q = %+v, want status %s", raw, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	const want = "Show, Present, Attended, Yes, Late, No Show, Absent, No, DNA, Late Canceled, Canceled, Clinician Canceled or Therapist Cancelled"
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
			name: "unknown status fixture", file: "broken_unknown_status.csv",
			kind: marks.ErrUnknownStatus, line: 3, col: 4,
			msg: `line 3, column 4: unknown status "Excused" (want ` + want + ")",
		},
		{
			name: "bad session fixture", file: "broken_bad_session.csv",
			kind: marks.ErrBadSession, line: 3, col: 2,
			msg: `line 3, column 2: bad session number "Week 2"`,
		},
		{
			name: "truncated fixture", file: "broken_truncated.csv",
			kind: marks.ErrTruncated, line: 3, col: 5,
			msg: "line 3, column 5: truncated row: 4 fields, the columns read need 5",
		},
		{
			name: "empty file", data: "",
			kind: marks.ErrNoHeader, line: 1,
			msg: "line 1: no attendance header: the file is empty",
		},
		{
			name: "not a marks file", data: "\n\nFirst name,Last name,Email,Duration,Time joined,Time exited\n",
			kind: marks.ErrNoHeader, line: 3,
			msg: `line 3: no attendance header: found "First name,Last name,Email,Duration,Time joined,Time exited" where a "cohort,session,email,name,status" header should be`,
		},
		{
			name: "roster", data: "cohort,name,email,aliases\nA,Alice Smith,alice@example.org,Ali\n",
			kind: marks.ErrMissingColumn, line: 1,
			msg: `line 1: missing column "session"`,
		},
		{
			name: "schedule", data: "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n",
			kind: marks.ErrMissingColumn, line: 1,
			msg: `line 1: missing column "status"`,
		},
		{
			name: "no cohort column", data: "session,email,status\n1,a@example.org,Show\n",
			kind: marks.ErrMissingColumn, line: 1,
			msg: `line 1: missing column "cohort"`,
		},
		{
			name: "no one to mark", data: "cohort,session,status,client id\nA,1,Show,123\n",
			kind: marks.ErrMissingColumn, line: 1,
			msg: `line 1: missing column "email or name"`,
		},
		{
			name: "no cohort", data: "cohort,session,email,status\n ,1,a@example.org,Show\n",
			kind: marks.ErrMissingValue, line: 2, col: 1,
			msg: "line 2, column 1: missing value: no cohort",
		},
		{
			name: "no email or name", data: "cohort,session,name,email,status\nA,1,,,Show\n",
			kind: marks.ErrMissingValue, line: 2, col: 4,
			msg: "line 2, column 4: missing value: no email or name",
		},
		{
			name: "session zero", data: "cohort,session,email,status\nA,0,a@example.org,Show\n",
			kind: marks.ErrBadSession, line: 2, col: 2,
			msg: `line 2, column 2: bad session number "0"`,
		},
		{
			name: "negative session", data: "cohort,session,email,status\nA,-1,a@example.org,Show\n",
			kind: marks.ErrBadSession, line: 2, col: 2,
			msg: `line 2, column 2: bad session number "-1"`,
		},
		{
			name: "cut inside a quoted name", data: "cohort,session,name,status\nA,1,\"Park, L",
			kind: marks.ErrTruncated, line: 2, col: 4,
			msg: "line 2, column 4: truncated row: 3 fields, the columns read need 4",
		},
		{
			name: "binary", data: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
			kind: marks.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: NUL bytes (binary, or UTF-16 text)",
		},
		{
			name: "UTF-16 text", data: "\xff\xfec\x00o\x00h\x00",
			kind: marks.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: NUL bytes (binary, or UTF-16 text)",
		},
		{
			name: "legacy code page", data: "cohort,session,name,status\nA,1,Jos\xe9,Show\n",
			kind: marks.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: invalid UTF-8 on line 2 (save it as CSV UTF-8)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			if tt.file != "" {
				data = readFixture(t, tt.file)
			}
			_, err := marks.Parse(data)
			filetest.WantParseError(t, err, tt.line, tt.col, tt.kind, tt.msg)
		})
	}
}

// TestParseSmall covers shapes too small to need a fixture.
func TestParseSmall(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []marks.Mark
	}{
		{
			name: "header only", data: "cohort,session,email,status\r\n",
		},
		{
			// Header in capitals with spaces, tabs between fields, a bare
			// quote in a name, old Mac line ends.
			name: "tabs and capitals",
			data: " COHORT \t Session\tName\tStatus \rA\t2\tRobin \"RJ\" Lee\tshow\r",
			want: []marks.Mark{{2, "A", 2, "", `Robin "RJ" Lee`, marks.Present, "show"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := marks.Parse([]byte(tt.data))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			compareMarks(t, got, tt.want)
		})
	}
}

func TestDetect(t *testing.T) {
	filetest.Detects(t, marks.Detect, true, []string{fixtureDir})
	filetest.Detects(t, marks.Detect, false, []string{"../../testdata/zoom", "../../testdata/teams", "../../testdata/meet"}, ".csv")
	others := map[string]string{
		"schedule":      "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\nA,intro,1,2026-03-05 18:00,90,,Europe/London,Dana\n",
		"roster":        "cohort,name,email,aliases\nA,Alice Smith,alice@example.org,Ali\n",
		"survey long":   "email,cohort,session,instrument,item,value\na@example.org,A,1,GCQ,1,3\n",
		"no one":        "cohort,session,status\nA,1,Show\n",
		"binary":        "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"invalid utf-8": "cohort,session,email,status\xff\n",
		"empty":         "",
		"blank rows":    ",,,,\n\n,,\n",
	}
	for name, data := range others {
		if marks.Detect([]byte(data)) {
			t.Errorf("Detect(%s) = true, want false", name)
		}
	}
}

// FuzzParse checks that no input panics and that what Parse accepts keeps
// the promises the loader relies on.
func FuzzParse(f *testing.F) {
	for _, fx := range filetest.Fixtures(f, fixtureDir) {
		f.Add(fx.Data)
	}
	f.Add([]byte("cohort;session;email;name;status\nA;1;;\"x\"\"y\";No_Show\n"))
	statuses := []string{marks.Present, marks.Late, marks.Absent, marks.LateCancel, marks.Cancelled, marks.ClinicianCancelled}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := marks.Parse(data)
		if filetest.Failed(t, err, 1) {
			return
		}
		for _, m := range got {
			if m.Line < 1 || m.Session < 1 || m.Cohort == "" || (m.Email == "" && m.Name == "") || m.Raw == "" {
				t.Fatalf("mark %+v", m)
			}
			if !slices.Contains(statuses, m.Status) {
				t.Fatalf("mark %+v: status %q", m, m.Status)
			}
		}
		filetest.DetectAgrees(t, data, marks.Detect)
	})
}

// generated builds a year of marks for a large practice, for benchmarks.
func generated(n int) []byte {
	var b bytes.Buffer
	b.WriteString("cohort,session,name,email,status,notes\r\n")
	spellings := []string{"Show", "No Show", "Late", "Late Canceled", "Canceled", "Clinician Canceled"}
	for i := range n {
		fmt.Fprintf(&b, "cohort-%d,%d,Member %d,member%d@example.org,%s,\r\n", i%50, i%12+1, i, i, spellings[i%len(spellings)])
	}
	return b.Bytes()
}

func BenchmarkParse(b *testing.B) {
	filetest.BenchParse(b, generated(10000), nil, marks.Parse)
}
