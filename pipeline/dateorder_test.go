// dateorder_test.go pins how an export whose dates read either way round (05/03/2026, written
// by a day-first account with nothing else in the file to say so) is placed: its times are kept
// as read, month-first, and the schedule decides at run which reading is the meeting's.

package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cohesion/pipeline"
	"cohesion/pipeline/zoom"
)

// eitherWayZoom is a Zoom report from a day-first account: the meeting of 5 March 2026 at 6 PM,
// written 05/03/2026, with no day above 12 and no dotted date anywhere in it.
const eitherWayZoom = "../testdata/zoom/dayfirst_ambiguous.csv"

const eitherWayRoster = "cohort,name,email,aliases\n" +
	"thu,Alice Smith,alice@example.org,\n" +
	"thu,Robin Lee,robin@example.org,\n" +
	"thu,Sam Ortiz,sam@example.org,\n" +
	"thu,Zoë Müller,zoe@example.org,\n"

// scheduleOn is a one-session schedule starting at 18:00 on day (YYYY-MM-DD), with the export's
// meeting ID.
func scheduleOn(day string) string {
	return "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
		"thu,intro,1," + day + " 18:00,90,812 3456 7890,Europe/London,Dana Host\n"
}

// writeFiles writes name-to-content files into a new folder and returns their paths by name.
func writeFiles(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	paths := map[string]string{}
	for name, text := range files {
		paths[name] = filepath.Join(dir, name)
		if err := os.WriteFile(paths[name], []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

const eitherWayAttendance = `select p.name, a.session, a.status, a.minutes_present, a.late_minutes, a.left_early_minutes
	from attendance as a join pii_people as p using (participant_id) order by all`

const eitherWayPresence = `select name, strftime(join_local, '%Y-%m-%d %H:%M:%S'), strftime(leave_local, '%Y-%m-%d %H:%M:%S')
	from int_presence order by join_local, name`

// TestEitherWayDatesScheduleDecides loads the day-first export beside a schedule on 5 March:
// read month-first it would be 3 May, which no session holds, so the swapped reading places it,
// on 5 March, with the presence times attendance is counted from swapped too. The raw tables
// keep the file's times as read, and say they read either way.
func TestEitherWayDatesScheduleDecides(t *testing.T) {
	db := openTemp(t)
	files := writeFiles(t, map[string]string{"schedule.csv": scheduleOn("2026-03-05"), "roster.csv": eitherWayRoster})
	res := load(t, db, eitherWayZoom, files["schedule.csv"], files["roster.csv"])
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
		if strings.Contains(r.Note, "fits no scheduled session") {
			t.Errorf("load says the export fits no session, but its day-first reading does: %s", r)
		}
	}
	if note := noteOf(res, eitherWayZoom); !strings.Contains(note, "placed in thu session 1, its dates read day-first (meeting started 2026-03-05 18:00): only that order fits the schedule") {
		t.Errorf("load's note on the export: %q, want it placed in thu session 1", note)
	}
	equalRows(t, "raw meeting as read", rowsOf(t, db.SQL,
		`select strftime(start_local, '%Y-%m-%d %H:%M:%S'), dates_either_way from raw_meetings`),
		[]string{"2026-05-03 18:00:12|true"})
	build(t, db)
	equalRows(t, "placement", rowsOf(t, db.SQL, `select cohort, session, dates_swapped, strftime(start_local, '%Y-%m-%d %H:%M') from int_meeting_sessions`),
		[]string{"thu|1|true|2026-03-05 18:00"})
	equalRows(t, "sessions", rowsOf(t, db.SQL, `select session, held, strftime(starts_local, '%Y-%m-%d %H:%M') from sessions`),
		[]string{"1|true|2026-03-05 18:00"})
	equalRows(t, "presence read day-first", rowsOf(t, db.SQL, eitherWayPresence), []string{
		"Dana Host|2026-03-05 18:00:12|2026-03-05 19:31:40",
		"Alice Smith|2026-03-05 18:01:05|2026-03-05 19:30:00",
		"Sam Ortiz|2026-03-05 18:02:00|2026-03-05 19:10:00",
		"Robin Lee|2026-03-05 18:14:30|2026-03-05 18:50:10",
		"Robin Lee|2026-03-05 18:52:05|2026-03-05 19:31:40",
	})
	equalRows(t, "attendance", rowsOf(t, db.SQL, eitherWayAttendance), []string{
		"Alice Smith|1|present|89|1|0",
		"Robin Lee|1|late|74|15|0",
		"Sam Ortiz|1|left_early|68|2|20",
		"Zoë Müller|1|absent|0|0|0",
	})
	equalRows(t, "unplaced", rowsOf(t, db.SQL, `select count(*) from unmatched_exports`), []string{"0"})
}

// TestEitherWayDatesMergeNote loads, after the day-first export, another export of the same
// session written month-first: load tells it which exports it is merged with, the earlier ones
// among them though their times as loaded (3 May) are on no day of the session, one of them
// without a meeting start.
func TestEitherWayDatesMergeNote(t *testing.T) {
	db := openTemp(t)
	text, err := os.ReadFile(eitherWayZoom)
	if err != nil {
		t.Fatal(err)
	}
	// The participants table alone, as a report without its meeting block: placed by its
	// first join.
	_, table, _ := strings.Cut(string(text), "\r\n\r\n")
	files := writeFiles(t, map[string]string{"schedule.csv": scheduleOn("2026-03-05"), "roster.csv": eitherWayRoster,
		"noblock.csv": "\ufeff" + table, "monthfirst.csv": strings.ReplaceAll(string(text), "05/03/2026", "03/05/2026")})
	load(t, db, eitherWayZoom, files["noblock.csv"], files["schedule.csv"], files["roster.csv"])
	equalRows(t, "earlier exports as loaded", rowsOf(t, db.SQL, `select count(*), count(start_local) from raw_meetings`), []string{"2|1"})
	res := load(t, db, files["monthfirst.csv"])
	if note := noteOf(res, files["monthfirst.csv"]); !strings.Contains(note, "placed in thu session 1; merged with 2 other exports of it (dayfirst_ambiguous.csv, noblock.csv)") {
		t.Errorf("load's note on the second export: %q, want it merged with the day-first one", note)
	}
}

// TestEitherWayDatesDefaultStands loads the same export beside a schedule on 3 May, the
// month-first reading: the default stands and nothing is swapped. With sessions on both days,
// the month-first reading still wins: the swap is for an export the default cannot place.
func TestEitherWayDatesDefaultStands(t *testing.T) {
	for _, tc := range []struct {
		name, schedule string
	}{
		{"3 May only", scheduleOn("2026-05-03")},
		{"3 May and 5 March", scheduleOn("2026-05-03") + "thu,intro,2,2026-03-05 18:00,90,812 3456 7890,Europe/London,Dana Host\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTemp(t)
			files := writeFiles(t, map[string]string{"schedule.csv": tc.schedule, "roster.csv": eitherWayRoster})
			for _, r := range load(t, db, eitherWayZoom, files["schedule.csv"], files["roster.csv"]) {
				if r.Err != nil {
					t.Fatalf("%s", r)
				}
			}
			build(t, db)
			equalRows(t, "placement", rowsOf(t, db.SQL, `select cohort, session, dates_swapped from int_meeting_sessions`),
				[]string{"thu|1|false"})
			equalRows(t, "presence as read", rowsOf(t, db.SQL, eitherWayPresence), []string{
				"Dana Host|2026-05-03 18:00:12|2026-05-03 19:31:40",
				"Alice Smith|2026-05-03 18:01:05|2026-05-03 19:30:00",
				"Sam Ortiz|2026-05-03 18:02:00|2026-05-03 19:10:00",
				"Robin Lee|2026-05-03 18:14:30|2026-05-03 18:50:10",
				"Robin Lee|2026-05-03 18:52:05|2026-05-03 19:31:40",
			})
			equalRows(t, "attendance", rowsOf(t, db.SQL, eitherWayAttendance), []string{
				"Alice Smith|1|present|89|1|0",
				"Robin Lee|1|late|74|15|0",
				"Sam Ortiz|1|left_early|68|2|20",
				"Zoë Müller|1|absent|0|0|0",
			})
		})
	}
}

// TestEitherWayDatesNeitherLands: with no session on either reading's day the export stays
// unplaced, listed with its times as read, and load says so.
func TestEitherWayDatesNeitherLands(t *testing.T) {
	db := openTemp(t)
	files := writeFiles(t, map[string]string{"schedule.csv": scheduleOn("2026-04-09"), "roster.csv": eitherWayRoster})
	res := load(t, db, files["schedule.csv"], files["roster.csv"], eitherWayZoom)
	if note := noteOf(res, eitherWayZoom); !strings.Contains(note, "fits no scheduled session yet: meeting started 2026-05-03 18:00 (2026-03-05 18:00 if its dates are day-first: either order fits the file), meeting ID 81234567890; kept") {
		t.Errorf("load's note on the export: %q", note)
	}
	build(t, db)
	equalRows(t, "unplaced", rowsOf(t, db.SQL, `select strftime(start_local, '%Y-%m-%d %H:%M') from unmatched_exports`),
		[]string{"2026-05-03 18:00"})
}

// TestEitherWayDatesLoadOrder loads the schedule, the roster and the export in every order, one
// load each, and all at once: placement is a model, so the marts are the same every time, and a
// schedule loaded after the export moves it to 5 March at the next run.
func TestEitherWayDatesLoadOrder(t *testing.T) {
	files := writeFiles(t, map[string]string{"schedule.csv": scheduleOn("2026-03-05"), "roster.csv": eitherWayRoster})
	paths := []string{files["schedule.csv"], files["roster.csv"], eitherWayZoom}
	marts := func(order [][]string) string {
		db := openTemp(t)
		for _, batch := range order {
			for _, r := range load(t, db, batch...) {
				if r.Err != nil {
					t.Fatalf("%s", r)
				}
			}
		}
		build(t, db)
		var b strings.Builder
		for _, q := range []string{
			`select cohort, session, held, strftime(starts_local, '%Y-%m-%d %H:%M') from sessions order by all`,
			`select * from attendance order by all`,
			`select * from retention order by all`,
			`select count(*) from unmatched_exports`,
		} {
			b.WriteString(strings.Join(rowsOf(t, db.SQL, q), "\n") + "\n--\n")
		}
		return b.String()
	}
	want := marts([][]string{paths})
	if !strings.Contains(want, "thu|1|true|2026-03-05 18:00") {
		t.Fatalf("all at once: the export is not placed on 5 March:\n%s", want)
	}
	for _, perm := range [][3]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
		order := [][]string{{paths[perm[0]]}, {paths[perm[1]]}, {paths[perm[2]]}}
		if got := marts(order); got != want {
			t.Errorf("loaded in order %v: marts differ from loading all at once\n got %s\nwant %s", perm, got, want)
		}
	}
}

// TestEitherWayTeams does the same for a Teams report: "3/5/26, 5:58:12 PM" has an upper-case
// PM and a 12-hour clock, so nothing in it says day-first; a schedule on 3 May reads it so.
func TestEitherWayTeams(t *testing.T) {
	db := openTemp(t)
	files := writeFiles(t, map[string]string{
		"schedule.csv": "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
			"tue,intro,1,2026-05-03 18:00,90,,Australia/Sydney,Dana Host\n",
		"roster.csv": "cohort,name,email,aliases\ntue,Alice Smith,alice@example.org,\ntue,Robin Lee,robin.lee@example.org,\n",
	})
	teamsFile := "../testdata/teams/current_us.csv"
	res := load(t, db, teamsFile, files["schedule.csv"], files["roster.csv"])
	if note := noteOf(res, teamsFile); !strings.Contains(note, "placed in tue session 1") {
		t.Errorf("load's note on the export: %q, want it placed in tue session 1", note)
	}
	build(t, db)
	equalRows(t, "placement", rowsOf(t, db.SQL, `select cohort, session, dates_swapped, strftime(start_local, '%Y-%m-%d %H:%M') from int_meeting_sessions`),
		[]string{"tue|1|true|2026-05-03 17:58"})
	equalRows(t, "attendance", rowsOf(t, db.SQL, eitherWayAttendance), []string{
		"Alice Smith|1|present|90|0|0",
		"Robin Lee|1|present|87|2|0",
	})
}

// noteOf is what load noted on the file at path.
func noteOf(res []pipeline.FileResult, path string) string {
	for _, r := range res {
		if filepath.Base(r.Path) == filepath.Base(path) {
			return r.Note
		}
	}
	return ""
}

// TestForcedOrderNotSwapped loads the export with --date-order mdy: the order is the user's, not
// a guess, so the schedule on 5 March does not swap it and it stays unplaced on 3 May.
func TestForcedOrderNotSwapped(t *testing.T) {
	db := openTemp(t)
	files := writeFiles(t, map[string]string{"schedule.csv": scheduleOn("2026-03-05"), "roster.csv": eitherWayRoster})
	_, err := db.Load(context.Background(), []string{files["schedule.csv"], files["roster.csv"], eitherWayZoom},
		pipeline.LoadOptions{DefaultTZ: "America/New_York", Key: "test-key", DateOrder: zoom.MonthFirst})
	if err != nil {
		t.Fatal(err)
	}
	equalRows(t, "raw meeting", rowsOf(t, db.SQL, `select dates_either_way from raw_meetings`), []string{"false"})
	build(t, db)
	equalRows(t, "unplaced", rowsOf(t, db.SQL, `select strftime(start_local, '%Y-%m-%d %H:%M') from unmatched_exports`),
		[]string{"2026-05-03 18:00"})
}

// TestClockDecidesBeforeSchedule: an en-GB Teams report ("05/03/2026, 18:30:00") is day-first by
// its 24-hour clock, 5 March; a schedule on 3 May, where the other reading would land, does not
// override the file's own clue, and the export stays unplaced.
func TestClockDecidesBeforeSchedule(t *testing.T) {
	db := openTemp(t)
	files := writeFiles(t, map[string]string{
		"schedule.csv": "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
			"tue,intro,1,2026-05-03 18:30,90,,Europe/London,Dana Host\n",
		"roster.csv": "cohort,name,email,aliases\ntue,Alice Smith,alice@example.org,\n",
	})
	load(t, db, "../testdata/teams/current_en_gb_ambiguous.csv", files["schedule.csv"], files["roster.csv"])
	build(t, db)
	equalRows(t, "unplaced", rowsOf(t, db.SQL, `select strftime(start_local, '%Y-%m-%d %H:%M') from unmatched_exports`),
		[]string{"2026-03-05 18:30"})
}
