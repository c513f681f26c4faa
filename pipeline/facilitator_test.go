package pipeline

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/facilitator/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseSchedule(t *testing.T) {
	rows, err := ParseSchedule(readFixture(t, "schedule.csv"), "Europe/London", DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	want := []ScheduleRow{
		{Line: 2, Cohort: "intro-a", Program: "intro", Session: 1, StartsLocal: time.Date(2026, 3, 3, 18, 0, 0, 0, time.UTC), Minutes: 90, MeetingID: "81234567890", Timezone: "America/New_York", Facilitator: "Dana Host"},
		{Line: 3, Cohort: "intro-a", Program: "intro", Session: 2, StartsLocal: time.Date(2026, 3, 10, 18, 0, 0, 0, time.UTC), Minutes: 90, MeetingID: "81234567890", Timezone: "America/New_York", Facilitator: "Dana Host"},
		{Line: 4, Cohort: "intro-a", Program: "intro", Session: 3, StartsLocal: time.Date(2026, 3, 17, 18, 0, 0, 0, time.UTC), Minutes: 90, MeetingID: "81234567890", Timezone: "Europe/London", Facilitator: "Dana Host"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got %+v\nwant %+v", rows, want)
	}
}

func TestParseRoster(t *testing.T) {
	rows, err := ParseRoster(readFixture(t, "roster.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := []RosterRow{
		{Line: 2, Cohort: "intro-a", Name: "José Núñez", Email: "jose.nunez@example.org", Aliases: []string{"Joe N", "Pepe"}, FromSession: 1, Role: "member"},
		{Line: 3, Cohort: "intro-a", Name: "Zoë Müller", FromSession: 1, Role: "member"},
		{Line: 4, Cohort: "intro-a", Name: "Lee, Robin", Email: "robin@example.org", FromSession: 1, Role: "member"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got %+v\nwant %+v", rows, want)
	}
}

func TestParseResponses(t *testing.T) {
	rows, err := ParseResponses(readFixture(t, "responses.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := []ResponseRow{
		{Line: 2, Email: "alice@example.org", Cohort: "intro-a", Session: 1, Instrument: "checkin", Item: "connected", Value: "7"},
		{Line: 3, Email: "alice@example.org", Cohort: "intro-a", Session: 1, Instrument: "gcqs", Item: "gcq_1", Value: "4"},
		{Line: 4, Email: "bob@example.org", Cohort: "intro-a", Instrument: "checkin", Item: "contacts", Value: "Alice Smith; Zoë Müller"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got %+v\nwant %+v", rows, want)
	}
}

// TestBrokenFacilitatorFiles checks that each broken file names the line and column at fault.
func TestBrokenFacilitatorFiles(t *testing.T) {
	const head = "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n"
	schedule := func(b []byte) error { _, err := ParseSchedule(b, "UTC", DateAuto); return err }
	roster := func(b []byte) error { _, err := ParseRoster(b); return err }
	responses := func(b []byte) error { _, err := ParseResponses(b); return err }
	tests := []struct {
		name      string
		parse     func([]byte) error
		input     string
		line, col int
		msg       string
	}{
		{"impossible date", schedule, head + "a,intro,1,2026-02-30 18:00,90,,,\n", 2, 11, "not a date"},
		{"bad session", schedule, head + "a,intro,one,2026-02-03 18:00,90,,,\n", 2, 9, "not a session number"},
		{"session twice", schedule, head + "a,intro,1,2026-02-03 18:00,90,,,\na,intro,1,2026-02-10 18:00,90,,,\n", 3, 9, "planned twice (also line 2)"},
		{"bad minutes", schedule, head + "a,intro,1,2026-02-03 18:00,-5,,,\n", 2, 28, "not a session length"},
		{"unknown zone", schedule, head + "a,intro,1,2026-02-03 18:00,90,,Mars/Olympus,\n", 2, 32, "not an IANA time zone"},
		{"daylight-saving gap", schedule, head + "a,intro,1,2026-03-08 02:30,90,,America/New_York,\n", 2, 11, "daylight-saving gap"},
		{"missing column", schedule, "cohort,program,session,minutes\na,intro,1,90\n", 1, 0, `lacks column "starts_at"`},
		{"empty cohort", schedule, head + ",intro,1,2026-02-03 18:00,90,,,\n", 2, 1, "cohort is empty"},
		{"unterminated quote", schedule, head + "a,\"intro,1,2026-02-03 18:00,90,,,\n", 2, 0, "quote"},
		{"roster without cohort", roster, string(readFixture(t, "roster_no_cohort.csv")), 1, 0, `lacks column "cohort"`},
		{"roster bad email", roster, "cohort,name,email\na,Ann,not-an-email\n", 2, 7, "not an email"},
		{"roster duplicate", roster, "cohort,name,email\na,Ann,ann@x.org\na,Ann B,ANN@x.org\n", 3, 3, "listed twice"},
		{"roster nameless", roster, "cohort,name,email\na,,\n", 2, 3, "neither name nor email"},
		{"binary", roster, string(readFixture(t, "binary.csv")), 1, 4, "binary"},
		{"empty", roster, "", 1, 0, "no header"},
		{"responses bad session", responses, "email,cohort,session,instrument,item,value\na@x.org,c,0,gcqs,gcq_1,3\n", 2, 11, "not a session number"},
		{"responses no instrument", responses, "email,cohort,session,instrument,item,value\na@x.org,c,1,,gcq_1,3\n", 2, 13, "instrument is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse([]byte(tt.input))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *ParseError", err)
			}
			if pe.Line != tt.line || (tt.col != 0 && pe.Column != tt.col) || !strings.Contains(pe.Error(), tt.msg) {
				t.Errorf("got line %d column %d %q, want line %d column %d containing %q", pe.Line, pe.Column, pe.Error(), tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestFormatOf(t *testing.T) {
	isZoom := []vendorFormat{{"zoom", func(b []byte) bool { return strings.Contains(string(b), "Join Time") }}}
	tests := map[string]string{
		"schedule.csv":         "schedule",
		"roster.csv":           "roster",
		"responses.csv":        "survey-long",
		"roster_no_cohort.csv": "roster",
	}
	for file, want := range tests {
		got, err := formatOf(readFixture(t, file), nil, isZoom)
		if err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", file, got, err, want)
		}
	}
	if _, err := formatOf([]byte("a,b,c\n1,2,3\n"), nil, isZoom); err == nil || !strings.Contains(err.Error(), "unrecognised export") {
		t.Errorf("unknown header: got %v", err)
	}
	if _, err := formatOf(readFixture(t, "binary.csv"), nil, isZoom); err == nil || !strings.Contains(err.Error(), "binary") {
		t.Errorf("binary: got %v", err)
	}
}

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"  José  NÚÑEZ ": "jose nunez",
		"Zoë\tMüller":    "zoe muller",
		"robin_lee":      "robin lee",
		"":               "",
	} {
		if got := FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParticipantID(t *testing.T) {
	key := []byte("k")
	a := ParticipantID(key, " Ann@X.org ", "Ann")
	if a != ParticipantID(key, "ann@x.org", "Ann Other") {
		t.Error("the same email must give the same participant_id whatever the name")
	}
	if a == ParticipantID([]byte("other"), "ann@x.org", "Ann") {
		t.Error("a different key must give a different participant_id")
	}
	if ParticipantID(key, "", "José Núñez") != ParticipantID(key, "", "jose nunez") {
		t.Error("without email the folded name identifies the person")
	}
	if len(a) != 13 || a[0] != 'p' {
		t.Errorf("participant_id %q: want p + 12 hex digits", a)
	}
}

func FuzzParseSchedule(f *testing.F) {
	f.Add([]byte("cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\na,intro,1,2026-02-03 18:00,90,1 2,UTC,Dana\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseSchedule(data, "UTC", DateAuto)
		if err == nil {
			for _, r := range rows {
				if r.Cohort == "" || r.Session < 1 || r.Minutes < 1 {
					t.Fatalf("accepted invalid row %+v", r)
				}
			}
		}
	})
}

func FuzzParseRoster(f *testing.F) {
	f.Add([]byte("cohort,name,email,aliases\na,José,j@x.org,Joe;Pepe\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseRoster(data)
		if err == nil {
			for _, r := range rows {
				if r.Cohort == "" || (r.Name == "" && r.Email == "") {
					t.Fatalf("accepted invalid row %+v", r)
				}
			}
		}
	})
}

func FuzzParseResponses(f *testing.F) {
	f.Add([]byte("email,cohort,session,instrument,item,value\na@x.org,c,1,gcqs,gcq_1,3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseResponses(data)
		if err == nil {
			for _, r := range rows {
				if r.Email == "" || r.Instrument == "" || r.Item == "" {
					t.Fatalf("accepted invalid row %+v", r)
				}
			}
		}
	})
}

// TestScheduleSpreadsheetDates reads schedule.csv as a spreadsheet re-saves it: M/D/YYYY H:MM,
// with AM/PM or without, the order settled by a day above 12 anywhere in the file, refused with
// the advice when nothing tells, and read as told with --date-order.
func TestScheduleSpreadsheetDates(t *testing.T) {
	head := "cohort,program,session,starts_at,minutes\n"
	for _, tc := range []struct {
		name, rows string
		order      DateOrder
		want       []string // starts_local of each row, or the error
	}{
		{"month first, settled by 1/13", "a,intro,1,1/6/2027 18:00,90\na,intro,2,1/13/2027 6:00 PM,90\n", DateAuto,
			[]string{"2027-01-06 18:00", "2027-01-13 18:00"}},
		{"day first, settled by 13/1", "a,intro,1,6/1/2027 18:00,90\na,intro,2,13/1/2027 18:00,90\n", DateAuto,
			[]string{"2027-01-06 18:00", "2027-01-13 18:00"}},
		{"ambiguous", "a,intro,1,1/5/2027 18:00,90\na,intro,2,1/12/2027 18:00,90\n", DateAuto,
			[]string{`line 2, column 11: starts_at "1/5/2027 18:00" could be month/day or day/month and nothing in the file tells which: load with --date-order mdy or --date-order dmy, or save the dates as YYYY-MM-DD HH:MM`}},
		{"ambiguous, told day first", "a,intro,1,1/5/2027 18:00,90\n", DayFirst, []string{"2027-05-01 18:00"}},
		{"two-digit year, seconds", "a,intro,1,3/3/27 18:30:00,90\n", DateAuto, []string{"2027-03-03 18:30"}},
		{"mixed", "a,intro,1,13/1/2027 18:00,90\na,intro,2,1/14/2027 18:00,90\n", DateAuto,
			[]string{"line 3: starts_at mixes day-first (line 2) and month-first (line 3) dates"}},
		{"year 9999", "a,intro,1,9999-01-05 18:00,90\n", DateAuto, []string{`line 2, column 11: starts_at "9999-01-05 18:00" is not a plausible date (year 9999)`}},
		{"year 0001", "a,intro,1,1/5/0001 18:00,90\n", MonthFirst, []string{`line 2, column 11: starts_at "1/5/0001 18:00" is not a plausible date (year 1)`}},
	} {
		rows, err := ParseSchedule([]byte(head+tc.rows), "UTC", tc.order)
		var got []string
		if err != nil {
			got = []string{err.Error()}
		}
		for _, r := range rows {
			got = append(got, r.StartsLocal.Format("2006-01-02 15:04"))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
