// These tests run Parse and Detect on the byte-exact fixtures in testdata/zoom
// and on small in-memory files for the ways an export goes wrong.

package zoom_test

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"cohesion/pipeline/exportfile/filetest"
	"cohesion/pipeline/zoom"
)

// fixtureDir holds real-shaped exports shared with the loader's tests.
const fixtureDir = "../../testdata/zoom"

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

// row builds an expected interval row; flags are set by the caller.
func row(line int, name, original, email, join, leave string, minutes int) zoom.Participant {
	return zoom.Participant{
		Line: line, Name: name, OriginalName: original, Email: email,
		Join: wall(join), Leave: wall(leave), Minutes: minutes,
	}
}

// total builds an expected row of a unique-users report.
func total(line int, name, original, email string, minutes int, guest bool) zoom.Participant {
	return zoom.Participant{Line: line, Name: name, OriginalName: original, Email: email, Minutes: minutes, Guest: guest}
}

func guest(p zoom.Participant) zoom.Participant   { p.Guest = true; return p }
func waiting(p zoom.Participant) zoom.Participant { p.WaitingRoom = true; return p }
func host(p zoom.Participant) zoom.Participant    { p.Host = true; return p }

var week1 = zoom.Meeting{
	ID:           "81234567890",
	Topic:        "Codependency intro - week 1",
	Host:         "host@practice.example",
	HostEmail:    "host@practice.example",
	Start:        wall("2026-03-05 17:58:12"),
	End:          wall("2026-03-05 19:34:40"),
	Participants: 9,
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file string
		opt  zoom.Options
		want zoom.Report
	}{
		{
			file: "classic_block.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic, HasMeetingBlock: true, Meeting: week1,
				Participants: []zoom.Participant{
					row(5, "Dana Host", "", "host@practice.example", "2026-03-05 17:58:12", "2026-03-05 19:34:40", 97),
					row(6, "Alice Smith", "", "alice@example.org", "2026-03-05 17:59:01", "2026-03-05 19:30:00", 91),
					row(7, "Robin Lee", "Robin L.", "robin.lee@example.org", "2026-03-05 18:01:30", "2026-03-05 18:40:10", 39),
					row(8, "Robin Lee", "Robin L.", "robin.lee@example.org", "2026-03-05 18:42:05", "2026-03-05 19:34:40", 53),
					row(9, "Sam (Tuesday group) Ortiz", "", "sam.ortiz@example.org", "2026-03-05 18:00:00", "2026-03-05 19:34:40", 95),
					guest(row(10, "Jordan's iPhone", "", "", "2026-03-05 18:03:44", "2026-03-05 19:12:09", 69)),
					waiting(row(11, "Chris Park", "", "chris.park@example.org", "2026-03-05 17:57:30", "2026-03-05 17:58:12", 1)),
					row(12, "Chris Park", "", "chris.park@example.org", "2026-03-05 17:58:12", "2026-03-05 19:34:40", 97),
					row(13, "Park, Lee", "", "lee.park@example.org", "2026-03-05 18:10:00", "2026-03-05 19:34:40", 85),
					row(14, "José Álvarez", "José", "jose.alvarez@example.org", "2026-03-05 18:00:31", "2026-03-05 19:34:40", 95),
				},
			},
		},
		{
			file: "classic_noblock.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic,
				Participants: []zoom.Participant{
					row(2, "Dana Host", "", "host@practice.example", "2026-03-12 17:55:40", "2026-03-12 19:31:02", 96),
					row(3, "Alice Smith", "", "alice@example.org", "2026-03-12 18:02:13", "2026-03-12 19:31:02", 89),
					row(4, "Taylor Nguyen", "Tay", "tay.n@example.org", "2026-03-12 18:00:09", "2026-03-12 18:58:45", 59),
					guest(row(5, "Guest 1234", "", "", "2026-03-12 18:15:00", "2026-03-12 18:20:00", 5)),
				},
			},
		},
		{
			// Every date here has both fields at most 12, so only the
			// option can make it day-first: 3 December, not 12 March.
			file: "classic_noblock.csv",
			opt:  zoom.Options{DateOrder: zoom.DayFirst},
			want: zoom.Report{
				Layout: zoom.LayoutClassic,
				Participants: []zoom.Participant{
					row(2, "Dana Host", "", "host@practice.example", "2026-12-03 17:55:40", "2026-12-03 19:31:02", 96),
					row(3, "Alice Smith", "", "alice@example.org", "2026-12-03 18:02:13", "2026-12-03 19:31:02", 89),
					row(4, "Taylor Nguyen", "Tay", "tay.n@example.org", "2026-12-03 18:00:09", "2026-12-03 18:58:45", 59),
					guest(row(5, "Guest 1234", "", "", "2026-12-03 18:15:00", "2026-12-03 18:20:00", 5)),
				},
			},
		},
		{
			file: "classic_oldcols.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic,
				Participants: []zoom.Participant{
					row(2, "Dana Host", "", "host@practice.example", "2026-03-19 17:59:00", "2026-03-19 19:30:30", 92),
					row(3, "Alice Smith", "", "alice@example.org", "2026-03-19 18:00:12", "2026-03-19 19:30:30", 91),
					row(4, "Robin Lee", "", "robin.lee@example.org", "2026-03-19 12:05:00", "2026-03-19 12:40:59", 36),
				},
			},
		},
		{
			// Before renames (2020) the table's name column was "User Name", which the meeting block
			// above it also has, for the host.
			file: "classic_username.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic, HasMeetingBlock: true,
				Meeting: zoom.Meeting{
					ID: "81234567890", Topic: "Codependency intro - week 1",
					Host: "Dana Host", HostEmail: "host@practice.example",
					Start: wall("2019-12-05 17:58:12"), End: wall("2019-12-05 19:34:40"),
					Participants: 4,
				},
				Participants: []zoom.Participant{
					row(5, "Dana Host", "", "host@practice.example", "2019-12-05 17:58:12", "2019-12-05 19:34:40", 97),
					row(6, "Alice Smith", "", "alice@example.org", "2019-12-05 17:59:01", "2019-12-05 19:30:00", 91),
					row(7, "Robin Lee", "", "robin.lee@example.org", "2019-12-05 18:01:30", "2019-12-05 18:40:10", 39),
					row(8, "Jordan's iPhone", "", "", "2019-12-05 18:03:44", "2019-12-05 19:12:09", 69),
				},
			},
		},
		{
			// The same without the email column, and a space after every comma.
			file: "classic_username_noemail.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic,
				Participants: []zoom.Participant{
					row(2, "Dana Host", "", "", "2019-12-12 17:55:40", "2019-12-12 19:31:02", 96),
					row(3, "Alice Smith", "", "", "2019-12-12 18:02:13", "2019-12-12 19:31:02", 89),
					row(4, "Taylor Nguyen", "", "", "2019-12-12 18:00:09", "2019-12-12 18:58:45", 59),
				},
			},
		},
		{
			// A Spanish account: the block and the table in Spanish, day-first dates, "Sí".
			file: "lang_es.csv",
			want: zoom.Report{
				Layout: zoom.LayoutSentence, HasMeetingBlock: true,
				Meeting: zoom.Meeting{
					ID: "84511223344", Topic: "Codependencia - semana 3", Host: "Dana Host",
					Start: wall("2026-03-17 18:00:05"), End: wall("2026-03-17 19:32:10"),
					Participants: 5,
				},
				Participants: []zoom.Participant{
					row(5, "Dana Host", "", "host@practice.example", "2026-03-17 18:00:05", "2026-03-17 19:32:10", 92),
					waiting(row(6, "Lucía Gómez", "Lucía G", "lucia.gomez@example.org", "2026-03-17 17:59:40", "2026-03-17 18:00:20", 1)),
					row(7, "Lucía Gómez", "Lucía G", "lucia.gomez@example.org", "2026-03-17 18:00:20", "2026-03-17 19:32:10", 92),
					guest(row(8, "Móvil de Javier", "", "", "2026-03-17 18:10:00", "2026-03-17 19:00:00", 50)),
				},
			},
		},
		{
			file: "lang_es_unique.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassicUnique,
				Participants: []zoom.Participant{
					total(2, "Dana Host", "", "host@practice.example", 92, false),
					total(3, "Lucía Gómez", "Lucía G", "lucia.gomez@example.org", 93, false),
					total(4, "Móvil de Javier", "", "", 50, true),
				},
			},
		},
		{
			file: "lang_pt.csv",
			want: zoom.Report{
				Layout: zoom.LayoutSentence,
				Participants: []zoom.Participant{
					row(2, "Dana Host", "", "host@practice.example", "2026-03-24 18:00:30", "2026-03-24 19:30:00", 90),
					row(3, "João Silva", "", "joao.silva@example.org", "2026-03-24 18:01:00", "2026-03-24 19:30:00", 89),
					guest(row(4, "Convidado 0412", "", "", "2026-03-24 18:10:00", "2026-03-24 19:00:00", 50)),
				},
			},
		},
		{
			// German: every date could be either order, and the dots make them day-first.
			file: "lang_de.csv",
			want: zoom.Report{
				Layout: zoom.LayoutSentence, HasMeetingBlock: true,
				Meeting: zoom.Meeting{
					ID: "81234567890", Topic: "Co-Abhängigkeit - Woche 1", Host: "Dana Host",
					Start: wall("2026-03-05 17:58:12"), End: wall("2026-03-05 19:34:40"),
					Participants: 4,
				},
				Participants: []zoom.Participant{
					row(5, "Dana Host", "", "host@practice.example", "2026-03-05 17:58:12", "2026-03-05 19:34:40", 97),
					waiting(row(6, "Jürgen Weiß", "", "juergen.weiss@example.org", "2026-03-05 17:57:30", "2026-03-05 17:58:12", 1)),
					row(7, "Jürgen Weiß", "", "juergen.weiss@example.org", "2026-03-05 17:58:12", "2026-03-05 19:34:40", 97),
					guest(row(8, "iPhone von Jana", "", "", "2026-03-05 18:03:44", "2026-03-05 19:12:09", 69)),
				},
			},
		},
		{
			// French, classic: "Heure d’arrivée" with a typographic apostrophe, and two-digit years.
			file: "lang_fr.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic, HasMeetingBlock: true,
				Meeting: zoom.Meeting{
					ID: "81234567890", Topic: "Codépendance - semaine 2",
					Host: "host@practice.example", HostEmail: "host@practice.example",
					Start: wall("2026-03-19 17:59:00"), End: wall("2026-03-19 19:30:30"),
					Participants: 3,
				},
				Participants: []zoom.Participant{
					row(5, "Dana Host", "", "host@practice.example", "2026-03-19 17:59:00", "2026-03-19 19:30:30", 92),
					row(6, "Hélène Dubois", "Hélène", "helene.dubois@example.org", "2026-03-19 18:00:12", "2026-03-19 19:30:30", 91),
					guest(row(7, "Invité 1234", "", "", "2026-03-19 18:15:00", "2026-03-19 18:20:00", 5)),
				},
			},
		},
		{
			// A webinar's attendee report: hosts, panelists and attendees in their own sections;
			// a registrant who never came (Attended = No) has no times and no row.
			file: "webinar_attendee.csv",
			want: zoom.Report{
				Layout: zoom.LayoutWebinar, HasMeetingBlock: true,
				Meeting: zoom.Meeting{
					ID: "81234567890", Topic: "Codependency open evening",
					Host: "Dana Host", HostEmail: "host@practice.example",
					Start: wall("2026-03-05 17:58:12"), End: wall("2026-03-05 19:35:12"),
				},
				Participants: []zoom.Participant{
					host(row(7, "Dana Host", "", "host@practice.example", "2026-03-05 17:58:12", "2026-03-05 19:34:40", 97)),
					row(10, "Priya Raman", "Priya R", "priya.raman@example.org", "2026-03-05 17:59:40", "2026-03-05 19:34:40", 96),
					row(13, "Alice Smith", "", "alice@example.org", "2026-03-05 18:00:12", "2026-03-05 19:30:00", 90),
					row(14, "Robin Lee", "Robin L.", "robin.lee@example.org", "2026-03-05 18:01:30", "2026-03-05 18:40:10", 39),
					row(15, "Robin Lee", "Robin L.", "robin.lee@example.org", "2026-03-05 18:42:05", "2026-03-05 19:34:40", 53),
					guest(row(17, "Park, Lee", "", "lee.park@example.org", "2026-03-05 18:10:00", "2026-03-05 19:34:40", 85)),
				},
			},
		},
		{
			file: "sentence_block.csv",
			want: zoom.Report{
				Layout: zoom.LayoutSentence, HasMeetingBlock: true,
				Meeting: zoom.Meeting{
					ID: "84511223344", Topic: "Codependency advanced - week 3", Host: "Dana Host",
					Start: wall("2026-03-17 18:00:05"), End: wall("2026-03-17 19:32:10"),
					Participants: 6,
				},
				Participants: []zoom.Participant{
					row(5, "Dana Host", "", "host@practice.example", "2026-03-17 18:00:05", "2026-03-17 19:32:10", 92),
					waiting(row(6, "Priya Raman", "Priya R", "priya.raman@example.org", "2026-03-17 17:59:40", "2026-03-17 18:00:20", 1)),
					row(7, "Priya Raman", "Priya R", "priya.raman@example.org", "2026-03-17 18:00:20", "2026-03-17 19:32:10", 92),
					row(8, "Morgan Wells", "", "morgan.wells@example.org", "2026-03-17 18:04:00", "2026-03-17 18:51:30", 48),
					row(9, "Morgan Wells", "", "morgan.wells@example.org", "2026-03-17 18:52:10", "2026-03-17 19:32:10", 40),
					guest(row(10, "Caller 0412", "", "", "2026-03-17 18:10:00", "2026-03-17 19:00:00", 50)),
				},
			},
		},
		{
			file: "sentence_noblock.csv",
			want: zoom.Report{
				Layout: zoom.LayoutSentence,
				Participants: []zoom.Participant{
					row(2, "Priya Raman", "", "priya.raman@example.org", "2026-03-24 18:01:00", "2026-03-24 19:30:00", 89),
					row(3, "Morgan Wells", "MW", "morgan.wells@example.org", "2026-03-24 18:00:30", "2026-03-24 19:30:00", 90),
					row(4, `Alex "Lex" Kim`, "", "alex.kim@example.org", "2026-03-24 18:02:00", "2026-03-24 19:29:00", 87),
				},
			},
		},
		{
			file: "classic_unique.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassicUnique, HasMeetingBlock: true,
				Meeting: zoom.Meeting{
					ID: "81234567890", Topic: "Codependency intro - week 2",
					Host: "host@practice.example", HostEmail: "host@practice.example",
					Start: wall("2026-03-12 17:59:00"), End: wall("2026-03-12 19:30:30"),
					Participants: 4,
				},
				Participants: []zoom.Participant{
					total(5, "Dana Host", "", "host@practice.example", 92, false),
					total(6, "Robin Lee", "Robin L.", "robin.lee@example.org", 88, false),
					total(7, "Alice Smith", "", "alice@example.org", 90, false),
					total(8, "Jordan's iPhone", "", "", 40, true),
				},
			},
		},
		{
			file: "sentence_unique.csv",
			want: zoom.Report{
				Layout: zoom.LayoutSentenceUnique,
				Participants: []zoom.Participant{
					total(2, "Dana Host", "", "host@practice.example", 92, false),
					total(3, "Priya Raman", "Priya R", "priya.raman@example.org", 93, false),
					total(4, "Caller 0412", "", "", 50, true),
				},
			},
		},
		{
			// A spreadsheet re-save: no BOM, LF, padded blank rows, an
			// inserted empty column, and dates rewritten as "3/5/2026 17:58".
			file: "excel_resave.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic, HasMeetingBlock: true,
				Meeting: zoom.Meeting{
					ID: "81234567890", Topic: "Codependency intro - week 1",
					Host: "host@practice.example", HostEmail: "host@practice.example",
					Start: wall("2026-03-05 17:58:00"), End: wall("2026-03-05 19:34:00"),
					Participants: 9,
				},
				Participants: []zoom.Participant{
					row(5, "Dana Host", "", "host@practice.example", "2026-03-05 17:58:00", "2026-03-05 19:34:00", 97),
					row(6, "Alice Smith", "", "alice@example.org", "2026-03-05 17:59:00", "2026-03-05 19:30:00", 91),
					row(7, "Robin Lee", "Robin L.", "robin.lee@example.org", "2026-03-05 18:01:00", "2026-03-05 18:40:00", 39),
					guest(row(8, "Jordan's iPhone", "", "", "2026-03-05 18:03:00", "2026-03-05 19:12:00", 69)),
				},
			},
		},
		{
			// A spreadsheet re-save with two-digit years and no seconds.
			file: "excel_short_year.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic, HasMeetingBlock: true,
				Meeting: zoom.Meeting{
					ID: "81234567890", Topic: "Codependency intro - week 1",
					Host: "host@practice.example", HostEmail: "host@practice.example",
					Start: wall("2023-10-03 08:42:00"), End: wall("2023-10-03 10:01:00"),
					Participants: 3,
				},
				Participants: []zoom.Participant{
					row(5, "Dana Host", "", "host@practice.example", "2023-10-03 08:42:00", "2023-10-03 10:01:00", 80),
					row(6, "Alice Smith", "", "alice@example.org", "2023-10-03 08:44:00", "2023-10-03 10:00:00", 77),
					guest(row(7, "Caller 0412", "", "", "2023-10-03 08:50:00", "2023-10-03 09:15:00", 26)),
				},
			},
		},
		{
			// Day-first and 24-hour; the meeting runs past midnight.
			file: "dayfirst_24h.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic, HasMeetingBlock: true,
				Meeting: zoom.Meeting{
					ID: "81234567890", Topic: "Late group - week 2",
					Host: "host@practice.example", HostEmail: "host@practice.example",
					Start: wall("2026-03-12 22:30:00"), End: wall("2026-03-13 00:05:10"),
					Participants: 3,
				},
				Participants: []zoom.Participant{
					row(5, "Dana Host", "", "host@practice.example", "2026-03-12 22:30:00", "2026-03-13 00:05:10", 96),
					row(6, "Alice Smith", "", "alice@example.org", "2026-03-12 22:31:15", "2026-03-12 23:59:59", 89),
					row(7, "Robin Lee", "", "robin.lee@example.org", "2026-03-12 22:35:00", "2026-03-13 00:05:10", 91),
				},
			},
		},
		{
			// Only the last leave time shows the file is day-first; the
			// ambiguous dates before it must be read the same way.
			file: "dayfirst_late_evidence.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic,
				Participants: []zoom.Participant{
					row(2, "Dana Host", "", "host@practice.example", "2026-03-12 22:30:00", "2026-03-12 23:50:00", 80),
					row(3, "Alice Smith", "", "alice@example.org", "2026-03-12 22:31:15", "2026-03-12 23:59:59", 89),
					row(4, "Robin Lee", "", "robin.lee@example.org", "2026-03-12 22:35:00", "2026-03-13 00:05:10", 91),
				},
			},
		},
		{
			file: "iso_dates.csv",
			want: zoom.Report{
				Layout: zoom.LayoutSentence,
				Participants: []zoom.Participant{
					row(2, "Priya Raman", "", "priya.raman@example.org", "2026-03-31 18:00:02", "2026-03-31 19:30:00", 90),
					row(3, "Morgan Wells", "", "morgan.wells@example.org", "2026-03-31 18:05:00", "2026-03-31 19:30:00", 85),
				},
			},
		},
		{
			file: "empty_table.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic, HasMeetingBlock: true,
				Meeting: zoom.Meeting{
					ID: "81234567890", Topic: "Codependency intro - week 4",
					Host: "host@practice.example", HostEmail: "host@practice.example",
					Start: wall("2026-03-26 18:00:00"), End: wall("2026-03-26 18:03:00"),
				},
			},
		},
		{
			// Only the table's header: a meeting no one attended, zero rows.
			file: "header_only.csv",
			want: zoom.Report{Layout: zoom.LayoutClassic},
		},
		{
			// Old Mac line endings: bare CR.
			file: "excel_mac_cr.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic,
				Participants: []zoom.Participant{
					row(2, "Dana Host", "", "host@practice.example", "2026-03-26 18:00:00", "2026-03-26 19:30:00", 90),
					row(3, "Alice Smith", "", "alice@example.org", "2026-03-26 18:01:00", "2026-03-26 19:30:00", 89),
				},
			},
		},
		{
			// The host's name ends in "(Host)", a co-host's in "(Co-host)"; a
			// phone renamed "Ann Lee" keeps its device name as the original,
			// and "Ann's iPad" is a name as written.
			file: "classic_host_devices.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic,
				Participants: []zoom.Participant{
					host(row(2, "Dana Host", "", "host@practice.example", "2026-04-02 17:58:00", "2026-04-02 19:30:00", 92)),
					guest(row(3, "Ann Lee", "iPhone", "", "2026-04-02 18:00:10", "2026-04-02 19:30:00", 90)),
					guest(row(4, "Ann's iPad", "", "", "2026-04-02 18:20:00", "2026-04-02 18:25:00", 5)),
					row(5, "Priya Raman", "Priya R", "priya.raman@example.org", "2026-04-02 17:59:30", "2026-04-02 19:30:00", 91),
				},
			},
		},
		{
			// A bare quote inside an unquoted name is kept as written.
			file: "bare_quote.csv",
			want: zoom.Report{
				Layout: zoom.LayoutClassic,
				Participants: []zoom.Participant{
					row(2, `Robin "RJ" Lee`, "", "robin.lee@example.org", "2026-03-05 18:01:30", "2026-03-05 18:40:10", 39),
					row(3, "Alice Smith", "", "alice@example.org", "2026-03-05 17:59:01", "2026-03-05 19:30:00", 91),
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.file, tt.opt.DateOrder), func(t *testing.T) {
			got, err := zoom.Parse(readFixture(t, tt.file), tt.opt)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			compareReports(t, got, &tt.want)
		})
	}
}

func compareReports(t *testing.T, got, want *zoom.Report) {
	t.Helper()
	if got.Layout != want.Layout || got.HasMeetingBlock != want.HasMeetingBlock {
		t.Errorf("layout %q block %v, want %q block %v", got.Layout, got.HasMeetingBlock, want.Layout, want.HasMeetingBlock)
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

// classicHeader starts the small in-memory files of the error cases.
const classicHeader = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,In Waiting Room,\n"

// webinarBlock and webinarHeader start the small webinar reports of the error cases.
const (
	webinarBlock = "Attendee Report\r\n" +
		"Topic,Webinar ID,Actual Start Time,Actual Duration (minutes)\r\n" +
		"Open evening,812 3456 7890,03/05/2026 05:58:12 PM,97\r\n"
	webinarHeader = "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name\r\n"
)

// TestParseWebinarTitles reads the panelist report and the older titles as the attendee report.
func TestParseWebinarTitles(t *testing.T) {
	body := strings.TrimPrefix(webinarBlock, "Attendee Report\r\n") + "Panelist Details\r\n" + webinarHeader +
		"Yes,Priya Raman,priya.raman@example.org,03/05/2026 05:59:40 PM,03/05/2026 07:34:40 PM,96,No,United Kingdom\r\n"
	for _, title := range []string{"Attendee Report", "Webinar Attendee Report", "Panelist Report", "Webinar Panelist Report,,,"} {
		data := []byte("\ufeff" + title + "\r\n" + body)
		if !zoom.Detect(data) {
			t.Errorf("%s: not detected", title)
		}
		got, err := zoom.Parse(data, zoom.Options{})
		if err != nil {
			t.Errorf("%s: %v", title, err)
			continue
		}
		if got.Layout != zoom.LayoutWebinar || len(got.Participants) != 1 || got.Participants[0].Name != "Priya Raman" {
			t.Errorf("%s: layout %q, rows %+v", title, got.Layout, got.Participants)
		}
	}
	// A lone "Attendee Report" cell further down a meeting report is not a title.
	if zoom.Detect([]byte("Report,Attendee\r\n")) {
		t.Error(`Detect("Report,Attendee") = true`)
	}
}

// TestParseRoleMarkers: a name ending in the host's or a co-host's role, in English or the
// account's language, keeps the name and marks the host, rather than reading the role as a
// rename.
func TestParseRoleMarkers(t *testing.T) {
	data := []byte("Nombre (nombre original),Correo electrónico,Hora de entrada,Hora de salida,Duración (minutos),Invitado,En sala de espera\r\n" +
		"Dana Host (Anfitrión),host@practice.example,17/03/2026 06:00:05 PM,17/03/2026 07:32:10 PM,92,No,No\r\n" +
		"Lucía Gómez (Lucía G) (Coanfitrión),lucia.gomez@example.org,17/03/2026 06:01:00 PM,17/03/2026 07:32:10 PM,91,No,No\r\n")
	got, err := zoom.Parse(data, zoom.Options{})
	if err != nil {
		t.Fatal(err)
	}
	compareReports(t, got, &zoom.Report{
		Layout: zoom.LayoutSentence,
		Participants: []zoom.Participant{
			host(row(2, "Dana Host", "", "host@practice.example", "2026-03-17 18:00:05", "2026-03-17 19:32:10", 92)),
			row(3, "Lucía Gómez", "Lucía G", "lucia.gomez@example.org", "2026-03-17 18:01:00", "2026-03-17 19:32:10", 91),
		},
	})
}

// TestParseHostWithEmail reads the 2025 block's Host "Name (email)" as the host's name and email,
// so the host is recognised in the participant rows (here joined from a tablet, by email).
func TestParseHostWithEmail(t *testing.T) {
	got, err := zoom.Parse(readFixture(t, "sentence_block_host_email.csv"), zoom.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Meeting.Host != "Dana Host" || got.Meeting.HostEmail != "host@practice.example" {
		t.Errorf("host %q, email %q", got.Meeting.Host, got.Meeting.HostEmail)
	}
	if p := got.Participants[0]; p.Name != "Dana's iPad" || p.Email != got.Meeting.HostEmail {
		t.Errorf("first row %q <%s>, want the host's tablet with the block's host email", p.Name, p.Email)
	}
}

func TestParseHostColumns(t *testing.T) {
	// A block that names the host and the host's email in separate columns.
	data := []byte("Topic,ID,Host name,Host email,Duration (minutes),Start time,End time,Participants\n" +
		"Week 3,845-1122-3344,Dana Host,host@practice.example,92,03/17/2026 06:00:05 PM,,2\n\n" +
		"Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,In waiting room\n")
	got, err := zoom.Parse(data, zoom.Options{})
	if err != nil {
		t.Fatal(err)
	}
	compareReports(t, got, &zoom.Report{
		Layout: zoom.LayoutSentence, HasMeetingBlock: true,
		Meeting: zoom.Meeting{
			ID: "84511223344", Topic: "Week 3", Host: "Dana Host", HostEmail: "host@practice.example",
			Start:        wall("2026-03-17 18:00:05"),
			Participants: 2,
		},
	})
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		data string // used when file is empty
		file string
		opt  zoom.Options
		kind error
		line int
		col  int
		msg  string // the whole Error() text
	}{
		{
			// The section's header is missing: the error names the row found in its place.
			name: "webinar section without its header", file: "broken_webinar_section.csv",
			kind: zoom.ErrNoHeader, line: 9,
			msg: `line 9: no participant header: found "Yes,Alice Smith,Alice,Smith,alice@example.org,Leeds,United K..." where the "Attendee Details" header should be`,
		},
		{
			name: "webinar report without its block",
			data: "Attendee Report\r\nReport Generated:,03/05/2026 08:01 PM\r\nHost Details\r\n" + webinarHeader,
			kind: zoom.ErrNoHeader, line: 3,
			msg: `line 3: no participant header: found "Host Details" where a "Topic,Webinar ID,Actual Start Time" row should be`,
		},
		{
			name: "webinar row neither attended nor not",
			data: webinarBlock + "Attendee Details\r\n" + webinarHeader +
				"Yes,Alice Smith,alice@example.org,03/05/2026 06:00:12 PM,03/05/2026 07:30:00 PM,90,No,United Kingdom\r\n" +
				"Maybe,Robin Lee,robin.lee@example.org,03/05/2026 06:01:30 PM,03/05/2026 06:40:10 PM,39,No,United Kingdom\r\n",
			kind: zoom.ErrBadYesNo, line: 7, col: 1,
			msg: `line 7, column 1: bad Yes/No value "Maybe"`,
		},
		{
			name: "webinar attendee row cut off",
			data: webinarBlock + "Attendee Details\r\n" + webinarHeader + "Yes,Alice Smith,alice@example.org,03/05/2026 06:00:12 PM\r\n",
			kind: zoom.ErrTruncated, line: 6, col: 5,
			msg: "line 6, column 5: truncated row: 4 fields, header has 8",
		},
		{
			name: "webinar section header without times",
			data: webinarBlock + "Attendee Details\r\nAttended,User Name (Original Name),Email,Time in Session (minutes)\r\n",
			kind: zoom.ErrMissingColumn, line: 5,
			msg: `line 5: missing column "Join Time"`,
		},
		{
			name: "webinar section title without its table",
			data: webinarBlock + "Attendee Details\r\n",
			kind: zoom.ErrNoHeader, line: 4,
			msg: `line 4: no participant header: the file ends before the "Attendee Details" header`,
		},
		{
			name: "webinar block without sections",
			data: webinarBlock,
			kind: zoom.ErrNoHeader, line: 3,
			msg: `line 3: no participant header: the file ends before an "Attendee Details" section`,
		},
		{
			name: "truncated fixture", file: "broken_truncated.csv",
			kind: zoom.ErrTruncated, line: 6, col: 4,
			msg: "line 6, column 4: truncated row: 3 fields, header has 8",
		},
		{
			name: "impossible date fixture", file: "broken_impossible_date.csv",
			kind: zoom.ErrImpossibleDate, line: 7, col: 3,
			msg: `line 7, column 3: impossible date "02/30/2026 06:00:00 PM"`,
		},
		{
			name: "block without table fixture", file: "broken_no_header.csv",
			kind: zoom.ErrNoHeader, line: 3, col: 0,
			msg: `line 3: no participant header: the file ends before a "Name (Original Name)" row`,
		},
		{
			name: "one-digit year fixture", file: "broken_short_year.csv",
			kind: zoom.ErrBadDate, line: 2, col: 4,
			msg: `line 2, column 4: bad date "10/03/2 10:01"`,
		},
		{
			name: "leave before join fixture", file: "broken_leave_before_join.csv",
			kind: zoom.ErrLeaveBeforeJoin, line: 3, col: 4,
			msg: `line 3, column 4: leave time before join time: "03/24/2026 06:00:30 PM" before "03/24/2026 07:30:00 PM"`,
		},
		{
			// A leave time mistyped a week later would stretch the export over another session.
			name: "stay longer than a day",
			data: classicHeader + "Alice Smith,alice@example.org,03/05/2026 06:00:00 PM,03/12/2026 07:30:00 PM,90,No,No,\n",
			kind: zoom.ErrImplausibleSpan, line: 2, col: 4,
			msg: `line 2, column 4: implausible time: left "03/12/2026 07:30:00 PM", more than a day after joining "03/05/2026 06:00:00 PM"`,
		},
		{
			name: "join years from the meeting's start",
			data: "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\n" +
				"812 3456 7890,Week 1,03/05/2026 05:58:12 PM,03/05/2026 07:34:40 PM,host@practice.example,97,1,\n\n" +
				classicHeader + "Alice Smith,alice@example.org,03/05/9999 06:00:00 PM,03/05/9999 07:30:00 PM,90,No,No,\n",
			kind: zoom.ErrImplausibleSpan, line: 5, col: 3,
			msg: `line 5, column 3: implausible time: joined "03/05/9999 06:00:00 PM", more than a day from the meeting's start 03/05/2026 05:58 PM`,
		},
		{
			name: "empty file", data: "",
			kind: zoom.ErrNoHeader, line: 1,
			msg: `line 1: no participant header: the file ends before a "Name (Original Name)" row`,
		},
		{
			name: "google meet", data: "First name,Last name,Email,Duration,Time joined,Time exited\nAda,Lovelace,ada@example.org,90 min,6:00 PM,7:30 PM\n",
			kind: zoom.ErrNoHeader, line: 1,
			msg: `line 1: no participant header: found "First name,Last name,Email,Duration,Time joined,Time exited" where a "Name (Original Name)" row should be`,
		},
		{
			name: "junk between block and table",
			data: "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\n" +
				"812 3456 7890,Week 1,03/05/2026 05:58:12 PM,03/05/2026 07:34:40 PM,host@practice.example,97,9,\n" +
				"\nsomething else\n" + classicHeader,
			kind: zoom.ErrNoHeader, line: 4,
			msg: `line 4: no participant header: found "something else" where a "Name (Original Name)" row should be`,
		},
		{
			name: "block without its row",
			data: "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\n\n" + classicHeader,
			kind: zoom.ErrBadMeetingBlock, line: 3,
			msg: "line 3: bad meeting block: no row under its header",
		},
		{
			name: "meeting ID mangled by a spreadsheet",
			data: "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n" +
				"8.12346E+10,Week 1,03/05/2026 05:58:12 PM,03/05/2026 07:34:40 PM,host@practice.example,97,9\n\n" + classicHeader,
			kind: zoom.ErrBadMeetingID, line: 2, col: 1,
			msg: `line 2, column 1: bad meeting ID "8.12346E+10"`,
		},
		{
			name: "truncated meeting block",
			data: "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n" +
				"812 3456 7890,Week 1,03/05/2026 05:58:12 PM\n\n" + classicHeader,
			kind: zoom.ErrTruncated, line: 2, col: 4,
			msg: "line 2, column 4: truncated row: 3 fields, header has 7",
		},
		{
			name: "thirteenth month and day",
			data: classicHeader + "Ann,ann@example.org,13/13/2026 06:00:00 PM,03/05/2026 07:00:00 PM,60,No,No,\n",
			kind: zoom.ErrImpossibleDate, line: 2, col: 3,
			msg: `line 2, column 3: impossible date "13/13/2026 06:00:00 PM"`,
		},
		{
			name: "hour out of range",
			data: classicHeader + "Ann,ann@example.org,03/05/2026 25:00:00,03/05/2026 19:00:00,60,No,No,\n",
			kind: zoom.ErrImpossibleDate, line: 2, col: 3,
			msg: `line 2, column 3: impossible date "03/05/2026 25:00:00"`,
		},
		{
			name: "not a date",
			data: classicHeader + "Ann,ann@example.org,yesterday,03/05/2026 07:00:00 PM,60,No,No,\n",
			kind: zoom.ErrBadDate, line: 2, col: 3,
			msg: `line 2, column 3: bad date "yesterday"`,
		},
		{
			name: "empty leave time",
			data: classicHeader + "Ann,ann@example.org,03/05/2026 06:00:00 PM,,60,No,No,\n",
			kind: zoom.ErrBadDate, line: 2, col: 4,
			msg: `line 2, column 4: bad date ""`,
		},
		{
			name: "mixed date orders",
			data: classicHeader +
				"Ann,ann@example.org,03/17/2026 06:00:00 PM,03/17/2026 07:00:00 PM,60,No,No,\n" +
				"Bea,bea@example.org,17/03/2026 06:00:00 PM,17/03/2026 07:00:00 PM,60,No,No,\n",
			kind: zoom.ErrMixedDateOrder, line: 3, col: 3,
			msg: `line 3, column 3: mixed day-first and month-first dates: "17/03/2026 06:00:00 PM" is day-first but line 2 has "03/17/2026 06:00:00 PM"`,
		},
		{
			name: "forced month-first",
			data: classicHeader + "Bea,bea@example.org,17/03/2026 18:00:00,17/03/2026 19:00:00,60,No,No,\n",
			opt:  zoom.Options{DateOrder: zoom.MonthFirst},
			kind: zoom.ErrImpossibleDate, line: 2, col: 3,
			msg: `line 2, column 3: impossible date "17/03/2026 18:00:00"`,
		},
		{
			name: "non-numeric duration",
			data: classicHeader + "Ann,ann@example.org,03/05/2026 06:00:00 PM,03/05/2026 07:00:00 PM,sixty,No,No,\n",
			kind: zoom.ErrBadDuration, line: 2, col: 5,
			msg: `line 2, column 5: bad duration "sixty"`,
		},
		{
			name: "negative duration",
			data: classicHeader + "Ann,ann@example.org,03/05/2026 06:00:00 PM,03/05/2026 07:00:00 PM,-5,No,No,\n",
			kind: zoom.ErrBadDuration, line: 2, col: 5,
			msg: `line 2, column 5: bad duration "-5"`,
		},
		{
			name: "bad waiting room flag",
			data: classicHeader + "Ann,ann@example.org,03/05/2026 06:00:00 PM,03/05/2026 07:00:00 PM,60,No,N\n",
			kind: zoom.ErrBadYesNo, line: 2, col: 7,
			msg: `line 2, column 7: bad Yes/No value "N"`,
		},
		{
			name: "join without leave column",
			data: "Name (Original Name),User Email,Join Time,Duration (Minutes),Guest\nAnn,ann@example.org,03/05/2026 06:00:00 PM,60,No\n",
			kind: zoom.ErrMissingColumn, line: 1,
			msg: `line 1: missing column "Leave Time"`,
		},
		{
			name: "cut inside a quoted date",
			data: classicHeader + "Ann,ann@example.org,\"03/05/2026 06:0",
			kind: zoom.ErrTruncated, line: 2, col: 4,
			msg: "line 2, column 4: truncated row: 3 fields, header has 7",
		},
		{
			// The leave-before-join on line 2 is found after the first
			// pass stops at line 3, yet it is reported as the first problem.
			name: "earliest problem wins",
			data: classicHeader +
				"Ann,ann@example.org,03/05/2026 07:00:00 PM,03/05/2026 06:00:00 PM,60,No,No,\n" +
				"Bea,bea@example.org,03/05/2026 06:00:00 PM,03/05/2026 07:00:00 PM,x,No,No,\n",
			kind: zoom.ErrLeaveBeforeJoin, line: 2, col: 4,
			msg: `line 2, column 4: leave time before join time: "03/05/2026 06:00:00 PM" before "03/05/2026 07:00:00 PM"`,
		},
		{
			name: "NUL bytes", data: "Name (Original Name),User Email\x00,Join Time\n",
			kind: zoom.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: NUL bytes (binary, or UTF-16 text)",
		},
		{
			name: "UTF-16 export", data: "\xff\xfeN\x00a\x00m\x00e\x00",
			kind: zoom.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: NUL bytes (binary, or UTF-16 text)",
		},
		{
			name: "legacy code page",
			data: classicHeader + "Jos\xe9 \xc1lvarez,jose@example.org,03/05/2026 06:00:00 PM,03/05/2026 07:00:00 PM,60,No,No,\n",
			kind: zoom.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: invalid UTF-8 on line 2 (save it as CSV UTF-8)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			if tt.file != "" {
				data = readFixture(t, tt.file)
			}
			_, err := zoom.Parse(data, tt.opt)
			filetest.WantParseError(t, err, tt.line, tt.col, tt.kind, tt.msg)
		})
	}
}

func TestDetect(t *testing.T) {
	// Every fixture, broken ones included, is shaped like a Zoom export:
	// Detect routes a file to this parser, and Parse says what is wrong.
	filetest.Detects(t, zoom.Detect, true, []string{fixtureDir}, ".csv")
	others := map[string]string{
		"schedule":      "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\nA,intro,1,2026-03-05 18:00,90,812 3456 7890,Europe/London,Dana\n",
		"roster":        "cohort,name,email,aliases\nA,Alice Smith,alice@example.org,Ali\n",
		"google meet":   "First name,Last name,Email,Duration,Time joined,Time exited\nAda,Lovelace,ada@example.org,90 min,6:00 PM,7:30 PM\n",
		"teams utf-16":  "\xff\xfe1\x00.\x00 \x00S\x00u\x00m\x00m\x00a\x00r\x00y\x00\n\x00",
		"binary":        "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"invalid utf-8": "Name (Original Name),User Email,Join Time\xff\n",
		"empty":         "",
		"blank rows":    ",,,,\n\n,,\n",
		"forms":         "Timestamp,Email Address,How connected do you feel?\n3/5/2026 20:00:00,alice@example.org,7\n",
	}
	for name, data := range others {
		if zoom.Detect([]byte(data)) {
			t.Errorf("Detect(%s) = true, want false", name)
		}
	}
}

// TestDetectLongFile checks that a file larger than Detect's look-ahead, with
// a multi-byte character across the cut, is still recognised.
func TestDetectLongFile(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(classicHeader)
	for b.Len() < 40<<10 {
		b.WriteString("José Álvarez,jose@example.org,03/05/2026 06:00:00 PM,03/05/2026 07:00:00 PM,60,No,No,\n")
	}
	for cut := b.Len() - 8; cut < b.Len(); cut++ {
		if !zoom.Detect(b.Bytes()[:cut]) {
			t.Fatalf("Detect(%d bytes) = false", cut)
		}
	}
	if _, err := zoom.Parse(b.Bytes(), zoom.Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestParseErrorFormat(t *testing.T) {
	err := &zoom.ParseError{Line: 7, Column: 3, Err: fmt.Errorf("%w %q", zoom.ErrImpossibleDate, "02/30/2026 06:00:00 PM")}
	if got, want := err.Error(), `line 7, column 3: impossible date "02/30/2026 06:00:00 PM"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	err = &zoom.ParseError{Line: 1, Err: zoom.ErrNoHeader}
	if got, want := err.Error(), "line 1: no participant header"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// FuzzParse checks that no input panics and that what Parse accepts keeps
// the promises the loader relies on.
func FuzzParse(f *testing.F) {
	for _, fx := range filetest.Fixtures(f, fixtureDir, ".csv") {
		f.Add(fx.Data, uint8(0))
	}
	f.Add([]byte(classicHeader+"Ann,,12/03/2026 23:00:00,13/03/2026 01:00:00,120,No,No,\n"), uint8(2))
	f.Add([]byte(classicHeader+"A (B (C)),,2026-03-05 18:00:00,2026-03-05 19:00,60,Yes,yes\n"), uint8(1))
	f.Add([]byte(webinarBlock+"Host Details\r\n"+webinarHeader+"Yes,Dana,,05.03.2026 17:58:12,05.03.2026 19:00:00,62,Nein,\r\nAttendee Details\r\nOther Attended\r\n"), uint8(0))
	f.Add([]byte("User Name, Join Time, Leave Time, Duration (Minutes)\nAnn, 12/03/2019 11:00:00 PM, 13/03/2019 01:00:00 AM, 120\n"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, order uint8) {
		rep, err := zoom.Parse(data, zoom.Options{DateOrder: zoom.DateOrder(order % 3)})
		if filetest.Failed(t, err, 1) {
			return
		}
		for _, p := range rep.Participants {
			if p.Line < 1 {
				t.Fatalf("row at line %d: %+v", p.Line, p)
			}
			if p.Leave.Before(p.Join) {
				t.Fatalf("line %d: leave %v before join %v", p.Line, p.Leave, p.Join)
			}
			if p.Minutes < 0 {
				t.Fatalf("line %d: %d minutes", p.Line, p.Minutes)
			}
		}
		filetest.DetectAgrees(t, data, zoom.Detect)
	})
}

// generated builds a classic export of n participant rows, the size of a
// large workshop, for benchmarks.
func generated(n int) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeffMeeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\r\n")
	b.WriteString("812 3456 7890,Codependency intro - week 1,03/05/2026 05:58:12 PM,03/05/2026 07:34:40 PM,host@practice.example,97,1000,\r\n\r\n")
	b.WriteString("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room,\r\n")
	for i := range n {
		m := i % 60
		fmt.Fprintf(&b, "Member %d (M%d),member%d@example.org,03/05/2026 06:%02d:%02d PM,03/05/2026 07:%02d:00 PM,%d,No,,No,\r\n",
			i, i, i, m, i%60, m, 60)
	}
	return b.Bytes()
}

func BenchmarkParse(b *testing.B) {
	filetest.BenchParse(b, generated(1000), nil, func(d []byte) (*zoom.Report, error) { return zoom.Parse(d, zoom.Options{}) })
}

// BenchmarkParseSmall is the loader's common case: one ~10-row session file.
func BenchmarkParseSmall(b *testing.B) {
	filetest.BenchParse(b, readFixture(b, "classic_block.csv"), zoom.Detect, func(d []byte) (*zoom.Report, error) { return zoom.Parse(d, zoom.Options{}) })
}

// TestSemicolonResave: a report saved again by a spreadsheet in a comma-decimal locale
// (fields separated by ';', as de-DE, fr-FR or es-ES Excel writes CSV) reads as the original.
func TestSemicolonResave(t *testing.T) {
	if !zoom.Detect(readFixture(t, "excel_semicolon.csv")) {
		t.Fatal("the ';' re-save is not detected as a Zoom report")
	}
	want, err := zoom.Parse(readFixture(t, "dayfirst_24h.csv"), zoom.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := zoom.Parse(readFixture(t, "excel_semicolon.csv"), zoom.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Participants) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("';' re-save:\n got %+v\nwant %+v", got, want)
	}
}

// TestParseDateOrderGuessed pins which files are read month-first only by default: every date
// of them reads either way round, and nothing in the file (a day above 12, a dotted date) says
// which. The loader keeps that, so that the schedule decides at run.
func TestParseDateOrderGuessed(t *testing.T) {
	for _, tt := range []struct {
		file  string
		opt   zoom.Options
		want  bool
		start string // the meeting's start as read
	}{
		// Written day-first by an en-GB account, 5 March: read 3 May, and said to be a guess.
		{"dayfirst_ambiguous.csv", zoom.Options{}, true, "2026-05-03 18:00:12"},
		{"dayfirst_ambiguous.csv", zoom.Options{DateOrder: zoom.DayFirst}, false, "2026-03-05 18:00:12"},
		{"dayfirst_ambiguous.csv", zoom.Options{DateOrder: zoom.MonthFirst}, false, "2026-05-03 18:00:12"},
		{"classic_block.csv", zoom.Options{}, true, "2026-03-05 17:58:12"},
		{"webinar_attendee.csv", zoom.Options{}, true, "2026-03-05 17:58:12"},
		// A day above 12 anywhere decides, even on the last row.
		{"dayfirst_late_evidence.csv", zoom.Options{}, false, ""},
		{"dayfirst_24h.csv", zoom.Options{}, false, "2026-03-12 22:30:00"},
		{"lang_de.csv", zoom.Options{}, false, ""}, // dotted dates are day-first
		{"iso_dates.csv", zoom.Options{}, false, ""},
	} {
		t.Run(fmt.Sprintf("%s/%v", tt.file, tt.opt.DateOrder), func(t *testing.T) {
			rep, err := zoom.Parse(readFixture(t, tt.file), tt.opt)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if rep.DateOrderGuessed != tt.want {
				t.Errorf("DateOrderGuessed = %v, want %v", rep.DateOrderGuessed, tt.want)
			}
			if tt.start != "" && !rep.Meeting.Start.Equal(wall(tt.start)) {
				t.Errorf("meeting start %s, want %s", rep.Meeting.Start.Format(time.DateTime), tt.start)
			}
		})
	}
}
