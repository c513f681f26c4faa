// These tests run Parse and Detect on the byte-exact fixtures in
// testdata/teams and on small in-memory files for the ways a report goes wrong.

package teams_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"cohesion/pipeline/exportfile/filetest"
	"cohesion/pipeline/teams"
)

// fixtureDir holds real-shaped exports shared with the loader's tests.
const fixtureDir = "../../testdata/teams"

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	return filetest.Fixture(t, fixtureDir, name)
}

// utf16le encodes s the way Teams writes a report: a BOM, then UTF-16LE.
func utf16le(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
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

// march5 is the en-GB and en-IN fixtures' report: 5 March, whatever their dates' order.
var march5 = teams.Report{
	Layout: teams.LayoutCurrent,
	Meeting: teams.Meeting{
		Title: "Codependency intro - week 1",
		Start: wall("2026-03-05 18:30:00"), End: wall("2026-03-05 20:05:10"),
	},
	Participants: []teams.Participant{
		row(17, "Dana Host", "dana.host@practice.example", "Organizer", "2026-03-05 18:30:00", "2026-03-05 20:05:10"),
		row(18, "Alice Smith", "alice@example.org", "Attendee", "2026-03-05 18:31:15", "2026-03-05 19:59:59"),
		row(19, "Zoë Müller-Åberg", "zoe.muller@practice.example", "Presenter", "2026-03-05 18:35:00", "2026-03-05 19:10:00"),
		row(20, "Zoë Müller-Åberg", "zoe.muller@practice.example", "Presenter", "2026-03-05 19:12:30", "2026-03-05 20:05:10"),
	},
}

// row builds an expected interval.
func row(line int, name, email, role, join, leave string) teams.Participant {
	return teams.Participant{
		Line: line, Name: name, Email: email, Role: role,
		Join: wall(join), Leave: wall(leave), Organizer: role == "Organizer",
	}
}

// legacyRow builds an expected interval of the legacy list, which has no
// email or role.
func legacyRow(line int, name, join, leave string, organizer bool) teams.Participant {
	return teams.Participant{Line: line, Name: name, Join: wall(join), Leave: wall(leave), Organizer: organizer}
}

// organizer marks an expected row as the organiser's, for roles written in another language.
func organizer(p teams.Participant) teams.Participant { p.Organizer = true; return p }

var week1 = teams.Meeting{
	Title: "Codependency intro - week 1",
	Start: wall("2026-03-05 17:58:12"),
	End:   wall("2026-03-05 19:34:40"),
}

// currentUS is current_us.csv as Teams wrote it, and its big-endian copy.
var currentUS = teams.Report{
	Layout: teams.LayoutCurrent, Meeting: week1,
	Participants: []teams.Participant{
		row(22, "Dana Host", "dana.host@practice.example", "Organizer", "2026-03-05 17:58:12", "2026-03-05 19:34:40"),
		row(23, "Alice Smith", "alice@example.org", "Attendee", "2026-03-05 17:59:01", "2026-03-05 19:30:00"),
		row(24, "Robin Lee", "robin.lee@example.org", "Attendee", "2026-03-05 18:01:30", "2026-03-05 18:40:10"),
		row(25, "Robin Lee", "robin.lee@example.org", "Attendee", "2026-03-05 18:42:05", "2026-03-05 19:34:40"),
		row(26, "José Álvarez", "jose.alvarez@example.org", "Attendee", "2026-03-05 18:00:31", "2026-03-05 19:34:40"),
		row(27, "Zoë Müller-Åberg", "zoe.muller@practice.example", "Presenter", "2026-03-05 17:59:40", "2026-03-05 19:34:40"),
		row(28, "Chris Park", "chris.park@example.org", "Attendee", "2026-03-05 18:05:00", "2026-03-05 18:05:12"),
		row(29, "Chris Park", "chris.park@example.org", "Attendee", "2026-03-05 18:06:30", "2026-03-05 19:34:40"),
		row(30, "Jordan Lee", "", "Attendee", "2026-03-05 18:03:44", "2026-03-05 19:12:09"),
		row(31, "Park, Lee", "lee.park@example.org", "Attendee", "2026-03-05 18:10:00", "2026-03-05 19:34:40"),
	},
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file string
		opt  teams.Options
		want teams.Report
	}{
		{file: "current_us.csv", want: currentUS},
		// The same report written as UTF-16BE, with the BOM FE FF.
		{file: "current_us_utf16be.csv", want: currentUS},
		{
			// A report with guests from other tenants: their UPN
			// ("ann_example.org#EXT#@...") is no address, a member's is. The
			// summary's keys end in a left-to-right mark, a name has a no-break
			// space, and durations are written "1h 54m", "1h 2m 3s" and "14s".
			file: "current_guest_upn.csv",
			want: teams.Report{
				Layout: teams.LayoutCurrent,
				Meeting: teams.Meeting{
					Title: "Codependency intro - week 5",
					Start: wall("2026-04-02 17:58:00"), End: wall("2026-04-02 19:52:00"),
				},
				Participants: []teams.Participant{
					row(11, "Dana Host", "dana.host@practice.example", "Organizer", "2026-04-02 17:58:00", "2026-04-02 19:52:00"),
					row(12, "Ana Silva", "ana.silva@practice.example", "Attendee", "2026-04-02 18:00:00", "2026-04-02 19:02:03"),
					row(13, "Ann Example", "", "Attendee", "2026-04-02 18:01:00", "2026-04-02 19:30:00"),
					row(14, "Chris Park", "chris.park@example.org", "Attendee", "2026-04-02 18:05:00", "2026-04-02 18:05:14"),
					row(15, "Robin Lee", "", "Attendee", "2026-04-02 18:10:00", "2026-04-02 19:52:00"),
				},
			},
		},
		{
			// A report in Spanish: section titles, summary labels, columns, roles and the guest
			// marker, with es-ES dates ("17/3/26, 18:00:05").
			file: "lang_es.csv",
			want: teams.Report{
				Layout: teams.LayoutCurrent,
				Meeting: teams.Meeting{
					Title: "Codependencia - semana 3",
					Start: wall("2026-03-17 18:00:05"), End: wall("2026-03-17 19:32:10"),
				},
				Participants: []teams.Participant{
					organizer(row(17, "Dana Host", "dana.host@practice.example", "Organizador", "2026-03-17 18:00:05", "2026-03-17 19:32:10")),
					row(18, "Lucía Gómez", "lucia.gomez@example.org", "Asistente", "2026-03-17 18:01:00", "2026-03-17 18:30:00"),
					row(19, "Lucía Gómez", "lucia.gomez@example.org", "Asistente", "2026-03-17 18:41:00", "2026-03-17 19:32:10"),
					row(20, "Javier Ruiz", "", "Asistente", "2026-03-17 18:10:00", "2026-03-17 19:00:00"),
				},
			},
		},
		{
			file: "lang_pt.csv",
			want: teams.Report{
				Layout: teams.LayoutCurrent,
				Meeting: teams.Meeting{
					Title: "Codependência - semana 4",
					Start: wall("2026-03-24 18:00:30"), End: wall("2026-03-24 19:30:00"),
				},
				Participants: []teams.Participant{
					organizer(row(16, "Dana Host", "dana.host@practice.example", "Organizador", "2026-03-24 18:00:30", "2026-03-24 19:30:00")),
					row(17, "João Silva", "joao.silva@example.org", "Participante", "2026-03-24 18:01:00", "2026-03-24 19:30:00"),
					row(18, "Ana Costa", "", "Participante", "2026-03-24 18:10:00", "2026-03-24 19:00:00"),
				},
			},
		},
		{
			// German: dotted dates that could be either order (the dots say day-first) and
			// durations like "59 Min. 0 Sek.".
			file: "lang_de.csv",
			want: teams.Report{
				Layout: teams.LayoutCurrent,
				Meeting: teams.Meeting{
					Title: "Co-Abhängigkeit - Woche 1",
					Start: wall("2026-03-05 17:58:12"), End: wall("2026-03-05 19:34:40"),
				},
				Participants: []teams.Participant{
					organizer(row(17, "Dana Host", "dana.host@practice.example", "Organisator", "2026-03-05 17:58:12", "2026-03-05 19:34:40")),
					row(18, "Jürgen Weiß", "juergen.weiss@example.org", "Referent", "2026-03-05 17:59:00", "2026-03-05 18:58:00"),
					row(19, "Jürgen Weiß", "juergen.weiss@example.org", "Referent", "2026-03-05 19:00:00", "2026-03-05 19:34:40"),
					row(20, "Jana Vogel", "", "Teilnehmer", "2026-03-05 18:03:44", "2026-03-05 19:12:09"),
				},
			},
		},
		{
			file: "lang_fr.csv",
			want: teams.Report{
				Layout: teams.LayoutCurrent,
				Meeting: teams.Meeting{
					Title: "Codépendance - semaine 2",
					Start: wall("2026-03-19 17:59:00"), End: wall("2026-03-19 19:30:30"),
				},
				Participants: []teams.Participant{
					organizer(row(16, "Dana Host", "dana.host@practice.example", "Organisateur", "2026-03-19 17:59:00", "2026-03-19 19:30:30")),
					row(17, "Hélène Dubois", "helene.dubois@example.org", "Participant", "2026-03-19 18:00:12", "2026-03-19 19:30:30"),
					row(18, "Marc Petit", "", "Participant", "2026-03-19 18:15:00", "2026-03-19 18:20:00"),
				},
			},
		},
		{
			// No activities section: one row per person from "2. Participants".
			file: "current_participants_only.csv",
			want: teams.Report{
				Layout: teams.LayoutCurrent,
				Meeting: teams.Meeting{
					Title: "Codependency intro - week 2",
					Start: wall("2026-03-12 17:58:12"), End: wall("2026-03-12 19:34:40"),
				},
				Participants: []teams.Participant{
					row(11, "Dana Host", "dana.host@practice.example", "Organizer", "2026-03-12 17:58:12", "2026-03-12 19:34:40"),
					row(12, "Alice Smith", "alice@example.org", "Attendee", "2026-03-12 17:59:01", "2026-03-12 19:30:00"),
					row(13, "Robin Lee", "robin.lee@example.org", "Attendee", "2026-03-12 18:01:30", "2026-03-12 19:34:40"),
				},
			},
		},
		{
			// en-GB: day-first, 24-hour, sentence-case headers, past midnight.
			// Only 13/03 shows the order; 12/03 before it must follow.
			file: "current_dayfirst.csv",
			want: teams.Report{
				Layout: teams.LayoutCurrent,
				Meeting: teams.Meeting{
					Title: "Late group - week 2",
					Start: wall("2026-03-12 22:30:00"), End: wall("2026-03-13 00:05:10"),
				},
				Participants: []teams.Participant{
					row(17, "Dana Host", "dana.host@practice.example", "Organizer", "2026-03-12 22:30:00", "2026-03-13 00:05:10"),
					row(18, "Alice Smith", "alice@example.org", "Attendee", "2026-03-12 22:31:15", "2026-03-12 23:59:59"),
					row(19, "Zoë Müller-Åberg", "zoe.muller@practice.example", "Presenter", "2026-03-12 22:35:00", "2026-03-12 23:10:00"),
					row(20, "Zoë Müller-Åberg", "zoe.muller@practice.example", "Presenter", "2026-03-12 23:12:30", "2026-03-13 00:05:10"),
				},
			},
		},
		// en-GB again, but no day above 12 tells the order: the 24-hour clock does (en-US
		// writes "6:30:00 PM"). 5 March, not 3 May.
		{file: "current_en_gb_ambiguous.csv", want: march5},
		// en-IN: day-first, two-digit years, lower-case "pm": 5 March again.
		{file: "current_en_in.csv", want: march5},
		{
			// A spreadsheet re-save: UTF-8 with BOM, LF, tab-padded cells.
			file: "current_utf8_resave.csv",
			want: teams.Report{
				Layout: teams.LayoutCurrent, Meeting: week1,
				Participants: []teams.Participant{
					row(18, "Dana Host", "dana.host@practice.example", "Organizer", "2026-03-05 17:58:12", "2026-03-05 19:34:40"),
					row(19, "Alice Smith", "alice@example.org", "Attendee", "2026-03-05 17:59:01", "2026-03-05 19:30:00"),
					row(20, "Robin Lee", "robin.lee@example.org", "Attendee", "2026-03-05 18:01:30", "2026-03-05 18:40:10"),
					row(21, "Robin Lee", "robin.lee@example.org", "Attendee", "2026-03-05 18:42:05", "2026-03-05 19:34:40"),
					row(22, "José Álvarez", "jose.alvarez@example.org", "Attendee", "2026-03-05 18:00:31", "2026-03-05 19:34:40"),
				},
			},
		},
		{
			// A re-save as CSV: commas, and quotes around cells holding one.
			file: "current_comma_resave.csv",
			want: teams.Report{
				Layout: teams.LayoutCurrent, Meeting: week1,
				Participants: []teams.Participant{
					row(17, "Jordan Lee", "", "Attendee", "2026-03-05 18:03:44", "2026-03-05 19:12:09"),
					row(18, "Park, Lee", "lee.park@example.org", "Attendee", "2026-03-05 18:10:00", "2026-03-05 19:34:40"),
					row(19, "Dana Host", "dana.host@practice.example", "Organizer", "2026-03-05 17:58:12", "2026-03-05 19:34:40"),
				},
			},
		},
		{
			file: "report2021.csv",
			want: teams.Report{
				Layout: teams.Layout2021,
				Meeting: teams.Meeting{
					ID:    "19:meeting_ZmFrZS1tZWV0aW5nLWlk@thread.v2",
					Title: "Codependency advanced - week 3",
					Start: wall("2021-03-17 18:00:05"), End: wall("2021-03-17 19:32:10"),
				},
				Participants: []teams.Participant{
					row(9, "Dana Host", "dana.host@practice.example", "Organizer", "2021-03-17 18:00:05", "2021-03-17 19:32:10"),
					row(10, "Priya Raman", "priya.raman@example.org", "Attendee", "2021-03-17 18:00:20", "2021-03-17 19:32:10"),
					row(11, "Morgan Wells", "morgan.wells@example.org", "Attendee", "2021-03-17 18:04:00", "2021-03-17 18:51:30"),
					row(12, "Morgan Wells", "morgan.wells@example.org", "Attendee", "2021-03-17 18:52:10", "2021-03-17 19:32:10"),
					row(13, "Caller 0412", "", "Attendee", "2021-03-17 18:10:00", "2021-03-17 19:00:00"),
					row(14, "Zoë Müller-Åberg", "zoe.muller@practice.example", "Presenter", "2021-03-17 17:59:40", "2021-03-17 19:32:10"),
				},
			},
		},
		{
			// The organiser saved the list without leaving: their join, and
			// Robin's rejoin, last to the last timestamp.
			file: "legacy.csv",
			want: teams.Report{
				Layout:  teams.LayoutLegacy,
				Meeting: teams.Meeting{Start: wall("2020-03-05 17:58:12"), End: wall("2020-03-05 19:34:00")},
				Participants: []teams.Participant{
					legacyRow(2, "Dana Host", "2020-03-05 17:58:12", "2020-03-05 19:34:00", true),
					legacyRow(3, "Alice Smith", "2020-03-05 17:58:12", "2020-03-05 19:30:00", false),
					legacyRow(4, "Zoë Müller-Åberg", "2020-03-05 17:58:12", "2020-03-05 19:00:00", false),
					legacyRow(5, "José Álvarez", "2020-03-05 18:00:31", "2020-03-05 19:34:00", false),
					legacyRow(6, "Robin Lee", "2020-03-05 18:01:30", "2020-03-05 18:40:10", false),
					legacyRow(7, "Jordan Lee", "2020-03-05 18:03:44", "2020-03-05 19:12:09", false),
					legacyRow(9, "Robin Lee", "2020-03-05 18:42:05", "2020-03-05 19:34:00", false),
				},
			},
		},
		{
			// Sorted by name in a spreadsheet, day-first, UTF-8. Robin joined
			// on two devices and left from both; Sam's only event is a Left.
			file: "legacy_dayfirst_utf8.csv",
			want: teams.Report{
				Layout:  teams.LayoutLegacy,
				Meeting: teams.Meeting{Start: wall("2020-03-19 18:00:00"), End: wall("2020-03-19 19:30:00")},
				Participants: []teams.Participant{
					legacyRow(2, "Alice Smith", "2020-03-19 18:00:00", "2020-03-19 19:30:00", false),
					legacyRow(4, "Dana Host", "2020-03-19 18:00:00", "2020-03-19 19:30:00", true),
					legacyRow(5, "Robin Lee", "2020-03-19 18:05:00", "2020-03-19 19:20:00", false),
					legacyRow(9, "Sam Ortiz", "2020-03-19 18:00:00", "2020-03-19 18:30:00", false),
				},
			},
		},
		// Only the headers: a meeting no one attended, zero rows, and the
		// summary's times for a current report.
		{file: "legacy_header_only.csv", want: teams.Report{Layout: teams.LayoutLegacy}},
		{
			file: "current_header_only.csv",
			want: teams.Report{
				Layout: teams.LayoutCurrent,
				Meeting: teams.Meeting{
					Title: "Codependency intro - week 6",
					Start: wall("2026-04-09 18:00:00"), End: wall("2026-04-09 18:02:10"),
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.file, tt.opt.DateOrder), func(t *testing.T) {
			got, err := teams.Parse(readFixture(t, tt.file), tt.opt)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			compareReports(t, got, &tt.want)
		})
	}
}

func compareReports(t *testing.T, got, want *teams.Report) {
	t.Helper()
	if got.Layout != want.Layout {
		t.Errorf("layout %q, want %q", got.Layout, want.Layout)
	}
	if got.Meeting != want.Meeting {
		t.Errorf("meeting\n got %+v\nwant %+v", got.Meeting, want.Meeting)
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

// TestFixtureBytes pins the encoding of the fixtures that stand for files
// Teams wrote itself, so that an editor re-saving one is noticed.
func TestFixtureBytes(t *testing.T) {
	for _, name := range []string{"current_us.csv", "current_participants_only.csv", "current_dayfirst.csv", "report2021.csv", "legacy.csv",
		"lang_es.csv", "lang_pt.csv", "lang_de.csv", "lang_fr.csv", "current_guest_upn.csv"} {
		data := readFixture(t, name)
		if !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || len(data)%2 != 0 {
			t.Errorf("%s: not UTF-16LE with a BOM", name)
			continue
		}
		if !bytes.Contains(data, []byte("\r\x00\n\x00")) || !bytes.Contains(data, []byte("\t\x00")) {
			t.Errorf("%s: want CRLF line ends and tabs", name)
		}
	}
	if be := readFixture(t, "current_us_utf16be.csv"); !bytes.HasPrefix(be, []byte{0xFE, 0xFF, 0x00, '1'}) || !bytes.Contains(be, []byte("\x00\r\x00\n")) || !bytes.Contains(be, []byte("\x00\t")) {
		t.Error("current_us_utf16be.csv: not UTF-16BE with a BOM, CRLF line ends and tabs")
	}
}

// A small current report, for the error cases.
const (
	summary = "1. Summary\r\nMeeting title\tWeek 1\r\nStart time\t3/5/26, 6:00:00 PM\r\nEnd time\t3/5/26, 7:30:00 PM\r\n\r\n"
	actHead = "3. In-Meeting Activities\r\nName\tJoin Time\tLeave Time\tDuration\tEmail\tRole\r\n"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		data string // used when file is empty; encoded as UTF-16LE unless raw
		raw  bool
		file string
		opt  teams.Options
		kind error
		line int
		col  int
		msg  string // the whole Error() text
	}{
		{
			// A section titled in German must hold its table, as an English one must.
			name: "German participants section without its header",
			data: "1. Zusammenfassung\r\nBesprechungstitel\tWoche 1\r\n\r\n2. Teilnehmer\r\nDana Host\t05.03.26, 17:58:12\r\n",
			kind: teams.ErrNoHeader, line: 5,
			msg: `line 5: no attendance table: found "Dana Host | 05.03.26, 17:58:12" where a "Name" header should be`,
		},
		{
			name: "truncated fixture", file: "broken_truncated.csv",
			kind: teams.ErrTruncated, line: 25, col: 5,
			msg: "line 25, column 5: truncated row: 4 fields, header has 6",
		},
		{
			name: "odd-length UTF-16 fixture", file: "broken_odd_length.csv",
			kind: teams.ErrBadUTF16, line: 25,
			msg: "line 25: damaged UTF-16 text: odd number of bytes (the file was cut off)",
		},
		{
			name: "spreadsheet serial date fixture", file: "broken_bad_date.csv",
			kind: teams.ErrBadDate, line: 24, col: 2,
			msg: `line 24, column 2: bad date "46086.7510416667"`,
		},
		{
			name: "bad duration fixture", file: "broken_bad_duration.csv",
			kind: teams.ErrBadDuration, line: 25, col: 4,
			msg: `line 25, column 4: bad duration "0:52"`,
		},
		{
			name: "unknown legacy action fixture", file: "broken_legacy_action.csv",
			kind: teams.ErrBadAction, line: 9, col: 2,
			msg: `line 9, column 2: unknown user action "Rejoined" (want Joined, Joined before or Left)`,
		},
		{
			name: "day-first file forced month-first", file: "current_dayfirst.csv",
			opt:  teams.Options{DateOrder: teams.MonthFirst},
			kind: teams.ErrImpossibleDate, line: 5, col: 2,
			msg: `line 5, column 2: impossible date "13/03/2026, 00:05:10"`,
		},
		{
			name: "empty file", data: "", raw: true,
			kind: teams.ErrNoHeader, line: 1,
			msg: "line 1: no attendance table: the file is empty",
		},
		{
			name: "only a BOM", data: "",
			kind: teams.ErrNoHeader, line: 1,
			msg: "line 1: no attendance table: the file is empty",
		},
		{
			name: "binary", data: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", raw: true,
			kind: teams.ErrNotText, line: 3,
			msg: "line 3: not a text file: NUL bytes (a binary file?)",
		},
		{
			name: "NUL character in UTF-16", data: "Full Name\tUser Action\tTimestamp\r\nA\x00",
			kind: teams.ErrNotText, line: 2,
			msg: "line 2: not a text file: NUL character (a binary file?)",
		},
		{
			name: "legacy code page",
			data: "Full Name\tUser Action\tTimestamp\r\nJos\xe9\tJoined\t3/5/2020, 6:00:00 PM\r\n", raw: true,
			kind: teams.ErrNotText, line: 2,
			msg: "line 2: not a text file: invalid UTF-8 (save it as Unicode or UTF-8 text)",
		},
		{
			name: "unpaired surrogate", raw: true,
			data: string(append(utf16le("Full Name\tUser Action\tTimestamp\r\nAnn "), 0x00, 0xD8, 'x', 0)),
			kind: teams.ErrBadUTF16, line: 2,
			msg: "line 2: damaged UTF-16 text: unpaired surrogate U+D800",
		},
		{
			name: "google meet", data: "First name,Last name,Email,Duration,Time joined,Time exited\r\n",
			kind: teams.ErrNoHeader, line: 1,
			msg: `line 1: no attendance table: found "First name | Last name | Email | Duration | Time joined | Ti..." where "1. Summary", "Meeting Summary" or a "Full Name" header should be`,
		},
		{
			name: "summary only", data: summary,
			kind: teams.ErrNoHeader, line: 5,
			msg: `line 5: no attendance table: the file ends before a "2. Participants" or "3. In-Meeting Activities" table`,
		},
		{
			name: "section without its header",
			data: summary + "2. Participants\r\nAnn Lee\t3/5/26, 6:00:00 PM\t3/5/26, 7:00:00 PM\r\n",
			kind: teams.ErrNoHeader, line: 7,
			msg: `line 7: no attendance table: found "Ann Lee | 3/5/26, 6:00:00 PM | 3/5/26, 7:00:00 PM" where a "Name" header should be`,
		},
		{
			name: "header without its leave column",
			data: summary + "2. Participants\r\nName\tFirst Join\tEmail\r\n",
			kind: teams.ErrMissingColumn, line: 7,
			msg: `line 7: missing column "Last Leave"`,
		},
		{
			name: "2021 report without its table",
			data: "Meeting Summary\r\nMeeting Title\tWeek 1\r\n",
			kind: teams.ErrNoHeader, line: 2,
			msg: `line 2: no attendance table: the file ends before a "Full Name" header`,
		},
		{
			name: "legacy list without timestamps",
			data: "Full Name\tUser Action\r\nAnn\tJoined\r\n",
			kind: teams.ErrMissingColumn, line: 1,
			msg: `line 1: missing column "Timestamp"`,
		},
		{
			name: "legacy row cut short",
			data: "Full Name\tUser Action\tTimestamp\r\nAnn\tJoined",
			kind: teams.ErrTruncated, line: 2, col: 3,
			msg: "line 2, column 3: truncated row: 2 fields, header has 3",
		},
		{
			name: "legacy bad timestamp",
			data: "Full Name\tUser Action\tTimestamp\r\nAnn\tJoined\t3/5/2020 at 6 PM\r\n",
			kind: teams.ErrBadDate, line: 2, col: 3,
			msg: `line 2, column 3: bad date "3/5/2020 at 6 PM"`,
		},
		{
			name: "bad summary time",
			data: "1. Summary\r\nStart time\tThursday\r\n",
			kind: teams.ErrBadDate, line: 2, col: 2,
			msg: `line 2, column 2: bad date "Thursday"`,
		},
		{
			name: "bad meeting duration",
			data: "1. Summary\r\nMeeting duration\t1h 30m 5\r\n",
			kind: teams.ErrBadDuration, line: 2, col: 2,
			msg: `line 2, column 2: bad duration "1h 30m 5"`,
		},
		{
			name: "units out of order",
			data: summary + actHead + "Ann\t3/5/26, 6:00:00 PM\t3/5/26, 7:00:00 PM\t5s 1h\tann@example.org\tAttendee\r\n",
			kind: teams.ErrBadDuration, line: 8, col: 4,
			msg: `line 8, column 4: bad duration "5s 1h"`,
		},
		{
			name: "impossible date",
			data: summary + actHead + "Ann\t2/30/26, 6:00:00 PM\t3/5/26, 7:00:00 PM\t1h\tann@example.org\tAttendee\r\n",
			kind: teams.ErrImpossibleDate, line: 8, col: 2,
			msg: `line 8, column 2: impossible date "2/30/26, 6:00:00 PM"`,
		},
		{
			name: "thirteen o'clock PM",
			data: summary + actHead + "Ann\t3/5/26, 13:00:00 PM\t3/5/26, 7:00:00 PM\t1h\tann@example.org\tAttendee\r\n",
			kind: teams.ErrImpossibleDate, line: 8, col: 2,
			msg: `line 8, column 2: impossible date "3/5/26, 13:00:00 PM"`,
		},
		{
			name: "mixed date orders",
			data: summary + actHead +
				"Ann\t3/13/26, 6:00:00 PM\t3/13/26, 7:00:00 PM\t1h\tann@example.org\tAttendee\r\n" +
				"Bea\t13/3/26, 6:00:00 PM\t13/3/26, 7:00:00 PM\t1h\tbea@example.org\tAttendee\r\n",
			kind: teams.ErrMixedDateOrder, line: 9, col: 2,
			msg: `line 9, column 2: mixed day-first and month-first dates: "13/3/26, 6:00:00 PM" is day-first but line 8 has "3/13/26, 6:00:00 PM"`,
		},
		{
			name: "no leave time and no duration",
			data: summary + actHead + "Ann\t3/5/26, 6:00:00 PM\t\t\tann@example.org\tAttendee\r\n",
			kind: teams.ErrBadDate, line: 8, col: 3,
			msg: `line 8, column 3: bad date ""`,
		},
		{
			// The leave-before-join on line 8 is found after reading stops
			// at line 9, yet it is reported as the first problem.
			name: "earliest problem wins",
			data: summary + actHead +
				"Ann\t3/5/26, 7:00:00 PM\t3/5/26, 6:00:00 PM\t1h\tann@example.org\tAttendee\r\n" +
				"Bea\t3/5/26, 6:00:00 PM\t3/5/26, 7:00:00 PM\tan hour\tbea@example.org\tAttendee\r\n",
			kind: teams.ErrLeaveBeforeJoin, line: 8, col: 3,
			msg: `line 8, column 3: leave time before join time: "3/5/26, 6:00:00 PM" before "3/5/26, 7:00:00 PM"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var data []byte
			switch {
			case tt.file != "":
				data = readFixture(t, tt.file)
			case tt.raw:
				data = []byte(tt.data)
			default:
				data = utf16le(tt.data)
			}
			_, err := teams.Parse(data, tt.opt)
			filetest.WantParseError(t, err, tt.line, tt.col, tt.kind, tt.msg)
		})
	}
}

// TestParseSmall covers shapes too small to need a fixture.
func TestParseSmall(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want teams.Report
	}{
		{
			// The leave time is missing; the duration says when Ann left.
			// Her guest UPN is no address, Bea's UPN is.
			name: "duration instead of leave time",
			data: utf16le("2. Participants\r\nName\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\r\n" +
				"Ann (Guest)\t3/5/26, 6:00:00 PM\t\t45m 3s\t\tann_example.org#EXT#@tenant.onmicrosoft.com\tAttendee\r\n" +
				"Bea\t3/5/26, 6:00:00 PM\t3/5/26, 7:00:00 PM\t1h\t\tbea@example.org\tCo-organizer\r\n"),
			want: teams.Report{Layout: teams.LayoutCurrent, Participants: []teams.Participant{
				{Line: 3, Name: "Ann", Role: "Attendee", Join: wall("2026-03-05 18:00:00"), Leave: wall("2026-03-05 18:45:03")},
				{Line: 4, Name: "Bea", Email: "bea@example.org", Role: "Co-organizer", Join: wall("2026-03-05 18:00:00"), Leave: wall("2026-03-05 19:00:00")},
			}},
		},
		{
			// A summary with a duration but no end time; a fourth section
			// this parser does not know is skipped; an empty activities
			// section falls back to the participants.
			name: "end from duration, unknown section",
			data: utf16le("1. Summary\r\nStart time\t3/5/26, 6:00:00 PM\r\nMeeting duration\t1h 30m\r\n\r\n" +
				"2. Participants\r\nName\tFirst Join\tLast Leave\r\nAnn\t3/5/26, 6:00:00 PM\t3/5/26, 7:00:00 PM\r\n\r\n" +
				"3. In-Meeting Activities\r\nName\tJoin Time\tLeave Time\r\n\r\n4. Registration\r\nName\tEmail\r\nAnn\tann@example.org\r\n"),
			want: teams.Report{
				Layout:  teams.LayoutCurrent,
				Meeting: teams.Meeting{Start: wall("2026-03-05 18:00:00"), End: wall("2026-03-05 19:30:00")},
				Participants: []teams.Participant{
					{Line: 7, Name: "Ann", Join: wall("2026-03-05 18:00:00"), Leave: wall("2026-03-05 19:00:00")},
				},
			},
		},
		{
			// Other locales: a narrow no-break space before "p.m.", dotted
			// day-first dates, ISO dates; old Mac line ends.
			name: "locale spellings",
			data: []byte("Full Name\tUser Action\tTimestamp\r" +
				"Ann\tJoined\t2026-03-05 18:00\r" +
				"Bea\tJoined\t05.03.26, 18:10:00\r" +
				"Ann\tLeft\t5/3/2026, 7:00:00\u202fp.m.\r"),
			want: teams.Report{
				Layout:  teams.LayoutLegacy,
				Meeting: teams.Meeting{Start: wall("2026-03-05 18:00:00"), End: wall("2026-03-05 19:00:00")},
				Participants: []teams.Participant{
					legacyRow(2, "Ann", "2026-03-05 18:00:00", "2026-03-05 19:00:00", true),
					legacyRow(3, "Bea", "2026-03-05 18:10:00", "2026-03-05 19:00:00", false),
				},
			},
		},
		{
			name: "big-endian UTF-16 without a BOM",
			data: func() []byte {
				le := utf16le("Full Name\tUser Action\tTimestamp\nAnn\tJoined\t3/5/26, 6:00 PM\n")[2:]
				for i := 0; i+1 < len(le); i += 2 {
					le[i], le[i+1] = le[i+1], le[i]
				}
				return le
			}(),
			want: teams.Report{
				Layout:  teams.LayoutLegacy,
				Meeting: teams.Meeting{Start: wall("2026-03-05 18:00:00"), End: wall("2026-03-05 18:00:00")},
				Participants: []teams.Participant{
					legacyRow(2, "Ann", "2026-03-05 18:00:00", "2026-03-05 18:00:00", true),
				},
			},
		},
		{
			name: "empty legacy list",
			data: utf16le("Full Name\tUser Action\tTimestamp\r\n"),
			want: teams.Report{Layout: teams.LayoutLegacy},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := teams.Parse(tt.data, teams.Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			compareReports(t, got, &tt.want)
		})
	}
}

func TestDetect(t *testing.T) {
	// Every fixture, broken ones included, is shaped like a Teams report:
	// Detect routes a file to this parser, and Parse says what is wrong.
	filetest.Detects(t, teams.Detect, true, []string{fixtureDir})
	// Other formats' fixtures must not be taken for Teams reports.
	filetest.Detects(t, teams.Detect, false, []string{"../../testdata/zoom", "../../testdata/meet", "../../testdata/marks", "../../testdata/forms"}, ".csv")
	// A report cut before its first table is still known by its title, in any of the languages.
	for _, title := range []string{"1. Summary", "1. Resumen", "1. Resumo", "1. Zusammenfassung", "1. Résumé"} {
		if !teams.Detect(utf16le(title + "\r\nX\t1\r\n")) {
			t.Errorf("Detect(%q and a summary row) = false", title)
		}
	}
	others := map[string][]byte{
		"schedule":       []byte("cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\nA,intro,1,2026-03-05 18:00,90,,Europe/London,Dana\n"),
		"roster":         []byte("cohort,name,email,aliases\nA,Alice Smith,alice@example.org,Ali\n"),
		"roster utf-16":  utf16le("cohort,name,email,aliases\r\nA,Alice Smith,alice@example.org,Ali\r\n"),
		"marks":          []byte("cohort,session,name,email,status\nA,1,Alice Smith,alice@example.org,Show\n"),
		"forms":          []byte("Timestamp,Email Address,How connected do you feel?\n3/5/2026 20:00:00,alice@example.org,7\n"),
		"numbered notes": []byte("1. Introductions\n2. Check-in round\n"),
		"binary":         []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"invalid utf-8":  []byte("Full Name\tUser Action\tTimestamp\xff\n"),
		"odd utf-16":     {0xFF, 0xFE, 0x00},
		"empty":          {},
		"blank rows":     []byte("\t\t\n\n\t\n"),
	}
	for name, data := range others {
		if teams.Detect(data) {
			t.Errorf("Detect(%s) = true, want false", name)
		}
	}
}

// TestDetectLongFile checks that a file larger than Detect's look-ahead, with
// a character cut at the end of it, is still recognised.
func TestDetectLongFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("Full Name\tUser Action\tTimestamp\r\n")
	for b.Len() < 20<<10 {
		b.WriteString("Zoë Müller-Åberg 😀\tJoined\t3/5/2020, 6:00:00 PM\r\n")
	}
	data := utf16le(b.String())
	for cut := len(data) - 8; cut < len(data); cut++ {
		if !teams.Detect(data[:cut]) {
			t.Fatalf("Detect(%d bytes) = false", cut)
		}
	}
	if _, err := teams.Parse(data, teams.Options{}); err != nil {
		t.Fatal(err)
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
			f.Add(readFixture(f, e.Name()), uint8(0))
		}
	}
	f.Add([]byte(summary+actHead+"Ann\t12/03/26, 23:00\t13/03/26, 01:00\t2h\t\tOrganizer\n"), uint8(2))
	f.Add(utf16le("1. Zusammenfassung\r\nBesprechungsdauer\t1 Std. 2 Min.\r\n\r\n3. Aktivitäten in der Besprechung\r\n"+
		"Name\tBeitreten\tVerlassen\tDauer\tE-Mail\tRolle\r\nAnn (Gast)\t05.03.26, 18:00:00\t\t59 Min. 0 Sek.\t\tOrganisator\r\n"), uint8(0))
	f.Add([]byte("Full Name,User Action,Timestamp\nAnn,Left,\"3/5/26, 6:00 PM\"\nAnn,Joined before,\"3/5/26, 5:00 PM\"\n"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, order uint8) {
		rep, err := teams.Parse(data, teams.Options{DateOrder: teams.DateOrder(order % 3)})
		if filetest.Failed(t, err, 1) {
			return
		}
		switch rep.Layout {
		case teams.LayoutCurrent, teams.Layout2021, teams.LayoutLegacy:
		default:
			t.Fatalf("layout %q", rep.Layout)
		}
		for _, p := range rep.Participants {
			if p.Line < 1 {
				t.Fatalf("row at line %d: %+v", p.Line, p)
			}
			if p.Leave.Before(p.Join) {
				t.Fatalf("line %d: leave %v before join %v", p.Line, p.Leave, p.Join)
			}
			if p.Join.Location() != time.UTC || p.Leave.Location() != time.UTC {
				t.Fatalf("line %d: times not in the no-zone location", p.Line)
			}
		}
		filetest.DetectAgrees(t, data, teams.Detect)
	})
}

// generated builds a current report of n joins, the size of a large
// workshop, for benchmarks.
func generated(n int) []byte {
	var b strings.Builder
	b.WriteString(summary + "2. Participants\r\nName\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\r\n")
	for i := range n {
		fmt.Fprintf(&b, "Member %d\t3/5/26, 6:%02d:%02d PM\t3/5/26, 7:30:00 PM\t1h 2m 10s\tmember%d@example.org\tmember%d@example.org\tAttendee\r\n", i, i%60, i%60, i, i)
	}
	b.WriteString("\r\n" + actHead)
	for i := range n {
		fmt.Fprintf(&b, "Member %d\t3/5/26, 6:%02d:%02d PM\t3/5/26, 7:30:00 PM\t1h 2m 10s\tmember%d@example.org\tAttendee\r\n", i, i%60, i%60, i)
	}
	return utf16le(b.String())
}

func BenchmarkParse(b *testing.B) {
	filetest.BenchParse(b, generated(1000), nil, func(d []byte) (*teams.Report, error) { return teams.Parse(d, teams.Options{}) })
}

// BenchmarkParseSmall is the loader's common case: one ~10-row session file.
func BenchmarkParseSmall(b *testing.B) {
	filetest.BenchParse(b, readFixture(b, "current_us.csv"), teams.Detect, func(d []byte) (*teams.Report, error) { return teams.Parse(d, teams.Options{}) })
}

// TestClockCluesYieldToDateOrder: --date-order mdy reads the en-GB file's 05/03 as 3 May,
// whatever its clock says; a month-first date in a file of 24-hour times still decides.
func TestClockCluesYieldToDateOrder(t *testing.T) {
	got, err := teams.Parse(readFixture(t, "current_en_gb_ambiguous.csv"), teams.Options{DateOrder: teams.MonthFirst})
	if err != nil {
		t.Fatal(err)
	}
	if want := wall("2026-05-03 18:30:00"); !got.Meeting.Start.Equal(want) {
		t.Errorf("forced month-first: start %v, want %v", got.Meeting.Start, want)
	}
	raw := readFixture(t, "current_en_gb_ambiguous.csv")[2:] // after the BOM
	units := make([]uint16, len(raw)/2)
	for i := range units {
		units[i] = uint16(raw[2*i]) | uint16(raw[2*i+1])<<8
	}
	text := string(utf16.Decode(units))
	// Alice's leave, read month-first only: 25 March; the whole file follows it.
	text = strings.Replace(text, "05/03/2026, 19:59:59", "05/25/2026, 19:59:59", 1)
	got, err = teams.Parse(utf16le(text), teams.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := wall("2026-05-03 18:30:00"); !got.Meeting.Start.Equal(want) {
		t.Errorf("with a month-first date: start %v, want %v", got.Meeting.Start, want)
	}
}

// TestFrenchApostrophe: a French report may write "Heure d’arrivée" with the typographic
// apostrophe.
func TestFrenchApostrophe(t *testing.T) {
	data := utf16le("1. Résumé\r\nTitre de la réunion\tSemaine 2\r\n\r\n3. Activités de la réunion\r\n" +
		"Nom\tHeure d’arrivée\tHeure de départ\tDurée\tE-mail\tRôle\r\n" +
		"Dana Host\t19/03/2026 18:00:00\t19/03/2026 19:00:00\t1 h\t\tOrganisateur\r\n")
	got, err := teams.Parse(data, teams.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := organizer(row(6, "Dana Host", "", "Organisateur", "2026-03-19 18:00:00", "2026-03-19 19:00:00"))
	if got.Meeting.Title != "Semaine 2" || len(got.Participants) != 1 || got.Participants[0] != want {
		t.Errorf("got %+v", got)
	}
}

// TestParseDateOrderGuessed pins which reports are read month-first only by default: every
// date reads either way round and neither a date nor the clock (a 24-hour clock, a lower-case
// am/pm) says which. The loader keeps that, so that the schedule decides at run.
func TestParseDateOrderGuessed(t *testing.T) {
	for _, tt := range []struct {
		file string
		opt  teams.Options
		want bool
	}{
		{"current_us.csv", teams.Options{}, true}, // "3/5/26, 5:58:12 PM": en-US, or not
		{"current_us.csv", teams.Options{DateOrder: teams.MonthFirst}, false},
		{"current_participants_only.csv", teams.Options{}, true},
		{"legacy.csv", teams.Options{}, true},
		{"current_en_gb_ambiguous.csv", teams.Options{}, false}, // the 24-hour clock decides
		{"current_en_in.csv", teams.Options{}, false},           // the lower-case pm decides
		{"current_dayfirst.csv", teams.Options{}, false},        // a day above 12 decides
		{"lang_de.csv", teams.Options{}, false},                 // dotted dates are day-first
		{"report2021.csv", teams.Options{}, false},
	} {
		t.Run(fmt.Sprintf("%s/%v", tt.file, tt.opt.DateOrder), func(t *testing.T) {
			rep, err := teams.Parse(readFixture(t, tt.file), tt.opt)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if rep.DateOrderGuessed != tt.want {
				t.Errorf("DateOrderGuessed = %v, want %v", rep.DateOrderGuessed, tt.want)
			}
		})
	}
}
