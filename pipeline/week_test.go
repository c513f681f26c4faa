// week_test.go follows one cohort through four weeks of loads, the way a facilitator's data
// really changes: a cut-off download, a re-export, a roster edited (a late joiner, a dropout and a
// no-show taken off, an alias added), a check-in sent twice, a codebook after its form. Each
// week's marts are asserted; at the end, the same files loaded at once in another order agree.
package pipeline_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cohesion/pipeline"
)

const weekSchedule = "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
	"tue,intro,1,2026-11-03 18:00,90,555 111 2222,America/Chicago,Fay Host\n" +
	"tue,intro,2,2026-11-10 18:00,90,555 111 2222,America/Chicago,Fay Host\n" +
	"tue,intro,3,2026-11-17 18:00,90,555 111 2222,America/Chicago,Fay Host\n" +
	"tue,intro,4,2026-11-24 18:00,90,555 111 2222,America/Chicago,Fay Host\n"

const (
	weekRosterV1 = "cohort,name,email,aliases,from_session\n" +
		"tue,Ann Lee,ann@example.org,,\n" +
		"tue,Bo Diaz,bo@example.org,,\n" +
		"tue,Cy Park,cy@example.org,,\n" +
		"tue,Dee Moss,dee@example.org,,\n"
	// Week 3: Eli joins from session 3, Bo (who stopped coming) and Dee (who never came) are taken
	// off, and Cy's nickname from the check-ins is added as an alias.
	weekRosterV2 = "cohort,name,email,aliases,from_session\n" +
		"tue,Ann Lee,ann@example.org,,\n" +
		"tue,Cy Park,cy@example.org,Cyrus,\n" +
		"tue,Eli Ford,eli@example.org,,3\n"
)

// weekZoom writes a classic Zoom participants report of session n (date 2026-11-DD) with the
// block's participant count and one row per "name,email,join,leave" (HH:MM, 24-hour).
func weekZoom(day, count int, rows ...string) string {
	clock := func(hm string) string {
		var h, m int
		fmt.Sscanf(hm, "%d:%d", &h, &m)
		ampm := "AM"
		if h >= 12 {
			ampm = "PM"
		}
		if h > 12 {
			h -= 12
		}
		return fmt.Sprintf("11/%02d/2026 %02d:%02d:00 %s", day, h, m, ampm)
	}
	var b strings.Builder
	b.WriteString("\ufeffMeeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\r\n")
	fmt.Fprintf(&b, "555 111 2222,Tuesday group,%s,%s,fay@practice.example,95,%d,\r\n\r\n", clock("17:55"), clock("19:30"), count)
	b.WriteString("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room,\r\n")
	fmt.Fprintf(&b, "Fay Host,fay@practice.example,%s,%s,95,No,,No,\r\n", clock("17:55"), clock("19:30"))
	for _, r := range rows {
		f := strings.Split(r, ",")
		fmt.Fprintf(&b, "%s,%s,%s,%s,0,No,,No,\r\n", f[0], f[1], clock(f[2]), clock(f[3]))
	}
	return b.String()
}

// weekCheckin is a Google Forms export of the session 2 check-in: Ann sent it twice (the later
// one counts, contacts included); "Connection score" maps to nothing until the codebook says.
const weekCheckin = `"Timestamp","Email Address","Connection score","Which group members did you connect with since the last session?","Anything else?"
"2026/11/10 8:00:00 PM GMT-6","ann@example.org","5","Bo Diaz","Not sure this is for me."
"2026/11/10 8:05:00 PM GMT-6","bo@example.org","6","Ann Lee",""
"2026/11/10 9:00:00 PM GMT-6","ann@example.org","7","Bo Diaz, Cyrus","Better now."
`

const weekCodebook = "column,instrument,item\nConnection score,checkin,connected\n"

type week struct {
	files map[string]string // path under the program folder → content
	check func(t *testing.T, db *pipeline.DB, res []pipeline.FileResult)
}

func TestFacilitatorWeeks(t *testing.T) {
	dir := t.TempDir()
	db := openTemp(t)
	member := `(select name from pii_people p where p.participant_id = a.participant_id)`
	attendance := func(session int) string {
		return fmt.Sprintf(`select %s, a.status, a.minutes_present from attendance a where a.session = %d order by 1`, member, session)
	}
	weeks := []week{
		{ // Week 1: schedule, roster and the first session's report.
			files: map[string]string{"schedule.csv": weekSchedule, "roster.csv": weekRosterV1,
				"zoom/s1.csv": weekZoom(3, 4, "Ann Lee,ann@example.org,18:00,19:30", "Bo Diaz,bo@example.org,18:00,19:30", "Cy Park,cy@example.org,18:12,19:30")},
			check: func(t *testing.T, db *pipeline.DB, res []pipeline.FileResult) {
				equalRows(t, "week 1 attendance", rowsOf(t, db.SQL, attendance(1)), []string{
					"Ann Lee|present|90", "Bo Diaz|present|90", "Cy Park|late|78", "Dee Moss|absent|0"})
				equalRows(t, "week 1 sessions in Chicago", rowsOf(t, db.SQL, `select session, strftime(starts_local, '%a %Y-%m-%d %H:%M'), held from sessions`),
					[]string{"1|Tue 2026-11-03 18:00|true", "2|Tue 2026-11-10 18:00|false", "3|Tue 2026-11-17 18:00|false", "4|Tue 2026-11-24 18:00|false"})
			},
		},
		{ // Week 2: a download cut off (refused), one taken while the meeting ran, the full one,
			// and the check-in.
			files: map[string]string{
				"zoom/s2 cut.csv":   weekZoom(10, 5, "Ann Lee,ann@example.org,18:00,19:30"),
				"zoom/s2 early.csv": weekZoom(10, 3, "Ann Lee,ann@example.org,18:00,18:40", "Bo Diaz,bo@example.org,18:00,18:40"),
				"zoom/s2.csv":       weekZoom(10, 3, "Ann Lee,ann@example.org,18:00,19:30", "Bo Diaz,bo@example.org,18:00,19:05"),
				"checkin-s2.csv":    weekCheckin,
			},
			check: func(t *testing.T, db *pipeline.DB, res []pipeline.FileResult) {
				for _, r := range res {
					cut := strings.HasSuffix(r.Path, "s2 cut.csv")
					if cut != (r.Err != nil) {
						t.Errorf("%s", r)
					}
					if cut && r.Err != nil && !strings.Contains(r.Err.Error(), "the meeting block counts 5 participants but the table names only 2") {
						t.Errorf("cut-off download: %v", r.Err)
					}
				}
				equalRows(t, "week 2 attendance", rowsOf(t, db.SQL, attendance(2)), []string{
					"Ann Lee|present|90", "Bo Diaz|left_early|65", "Cy Park|absent|0", "Dee Moss|absent|0"})
				equalRows(t, "week 2 ties", rowsOf(t, db.SQL, `select session, `+strings.ReplaceAll(member, "a.", "t.")+`,
					(select name from pii_people p where p.participant_id = t.named_participant_id) from support_ties t order by all`),
					[]string{"2|Ann Lee|Bo Diaz", "2|Bo Diaz|Ann Lee"})
				equalRows(t, "week 2 unmatched contacts", rowsOf(t, db.SQL, `select cohort, session, name from unmatched_contacts`), []string{"tue|2|Cyrus"})
				equalRows(t, "week 2 connected, no codebook yet", rowsOf(t, db.SQL, `select count(*) from cohesion_member where instrument = 'checkin'`), []string{"0"})
				// Free text is kept from every form; "Connection score" is free text until the codebook.
				equalRows(t, "week 2 comments", rowsOf(t, db.SQL, `select session, question, comment from comments order by all`), []string{
					"2|Anything else?|Better now.", "2|Anything else?|Not sure this is for me.",
					"2|Connection score|5", "2|Connection score|6", "2|Connection score|7"})
			},
		},
		{ // Week 3: the roster edited, the codebook, the third session.
			files: map[string]string{"roster.csv": weekRosterV2, "codebook.csv": weekCodebook,
				"zoom/s3.csv": weekZoom(17, 3, "Ann Lee,ann@example.org,18:00,19:30", "Cy Park,cy@example.org,18:00,19:30", "Eli Ford,eli@example.org,18:00,19:00")},
			check: func(t *testing.T, db *pipeline.DB, res []pipeline.FileResult) {
				for _, r := range res {
					if strings.HasSuffix(r.Path, "roster.csv") && !strings.Contains(r.Note, "no longer lists tue: Bo Diaz, tue: Dee Moss") {
						t.Errorf("roster note %q", r.Note)
					}
				}
				equalRows(t, "week 3: session 1 without Dee (never came), Bo kept, Eli not yet enrolled", rowsOf(t, db.SQL, attendance(1)), []string{
					"Ann Lee|present|90", "Bo Diaz|present|90", "Cy Park|late|78"})
				equalRows(t, "week 3 attendance", rowsOf(t, db.SQL, attendance(3)), []string{
					"Ann Lee|present|90", "Bo Diaz|absent|0", "Cy Park|present|90", "Eli Ford|left_early|60"})
				equalRows(t, "week 3: Ann's later check-in counts", rowsOf(t, db.SQL, `select `+member+`, a.score from cohesion_member a
					where a.instrument = 'checkin' order by 1`), []string{"Ann Lee|7", "Bo Diaz|6"})
				equalRows(t, "week 3 ties, Cyrus now Cy's alias", rowsOf(t, db.SQL, `select count(*) from support_ties`), []string{"3"})
				equalRows(t, "week 3 unmatched contacts", rowsOf(t, db.SQL, `select count(*) from unmatched_contacts`), []string{"0"})
			},
		},
		{ // Week 4: the last session, and a re-export of session 3 with Eli's real leave time.
			files: map[string]string{
				"zoom/s4.csv":     weekZoom(24, 3, "Ann Lee,ann@example.org,18:00,19:30", "Cy Park,cy@example.org,18:00,19:30", "Eli Ford,eli@example.org,18:00,19:30"),
				"zoom/s3 (2).csv": weekZoom(17, 3, "Ann Lee,ann@example.org,18:00,19:30", "Cy Park,cy@example.org,18:00,19:30", "Eli Ford,eli@example.org,18:55,19:30"),
			},
			check: func(t *testing.T, db *pipeline.DB, res []pipeline.FileResult) {
				equalRows(t, "week 4: session 3 from both exports", rowsOf(t, db.SQL, attendance(3)), []string{
					"Ann Lee|present|90", "Bo Diaz|absent|0", "Cy Park|present|90", "Eli Ford|present|90"})
				equalRows(t, "week 4 retention", rowsOf(t, db.SQL, `select `+member+`, a.sessions_planned, a.sessions_attended, a.outcome, a.dropout_after
					from retention a order by 1`), []string{
					"Ann Lee|4|4|completed|<nil>", "Bo Diaz|4|2|dropped_out|2", "Cy Park|4|3|completed|<nil>", "Eli Ford|2|2|completed|<nil>"})
				// Kaplan–Meier with Eli entering at session 3: at risk 3, 3, 3, 3; Bo's dropout at 2.
				equalRows(t, "week 4 curve", rowsOf(t, db.SQL, `select session, n_at_risk, n_dropped, n_censored, round(survival, 6)
					from retention_curve order by session`), []string{"1|3|0|0|1", "2|3|1|0|0.666667", "3|3|0|0|0.666667", "4|3|0|3|0.666667"})
			},
		},
	}
	var all []string
	for i, w := range weeks {
		var paths []string
		for name, content := range w.files {
			p := filepath.Join(dir, name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
			if !strings.HasSuffix(name, "cut.csv") && (i < 2 || name != "roster.csv") {
				all = append(all, p)
			}
		}
		res := load(t, db, paths...)
		build(t, db)
		t.Run(fmt.Sprintf("week %d", i+1), func(t *testing.T) { w.check(t, db, res) })
	}
	// The folder as it stands, loaded at once into a new database: the same marts, except that
	// Bo is on no roster version it has ever seen.
	fresh := loadBatches(t, [][]string{all})
	for _, m := range []string{"sessions", "unmatched_exports"} {
		equalRows(t, "loaded at once: "+m, martDump(t, fresh)[m], martDump(t, db)[m])
	}
}

// TestRosterRoles: a known guest and a co-facilitator on the roster are recognised in the export:
// neither is a member (no attendance row) nor listed as unmatched.
func TestRosterRoles(t *testing.T) {
	db := openTemp(t)
	dir := t.TempDir()
	loadAndBuild(t, db, dir, map[string]string{
		"schedule.csv": weekSchedule,
		"roster.csv": "cohort,name,email,aliases,from_session,role\n" +
			"tue,Ann Lee,ann@example.org,,,\n" +
			"tue,Jordan Lee,,,,guest\n" +
			"tue,Sam Co,sam@practice.example,,,Co-Facilitator\n",
		"s1.csv": weekZoom(3, 4, "Ann Lee,ann@example.org,18:00,19:30", "Jordan Lee,,18:00,19:30", "Sam Co,sam@practice.example,18:00,19:30", "Pat Stranger,,18:00,18:30"),
	})
	equalRows(t, "attendance", rowsOf(t, db.SQL, `select (select name from pii_people p where p.participant_id = a.participant_id), status from attendance a`),
		[]string{"Ann Lee|present"})
	equalRows(t, "unmatched", rowsOf(t, db.SQL, `select name from unmatched_names`), []string{"Pat Stranger"})
	if r := load(t, db, writeTemp(t, "bad-role.csv", "cohort,name,email,role\ntue,Kim,kim@example.org,visitor\n")); r[0].Err == nil ||
		!strings.Contains(r[0].Err.Error(), `line 2, column 25: role "visitor" is not one of member, guest, co-facilitator, observer`) {
		t.Errorf("bad role: %v", r[0].Err)
	}
}

func writeTemp(t *testing.T, name, content string) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLatestCheckinWinsAcrossFiles: a member's later submission counts even when the file that
// holds it was loaded first (two downloads of a form, in either order).
func TestLatestCheckinWinsAcrossFiles(t *testing.T) {
	form := func(at, value string) string {
		return `"Timestamp","Email Address","How connected do you feel to the group right now? (0-10)"` + "\r\n" +
			`"2026/11/03 ` + at + ` PM GMT-6","ann@example.org","` + value + `"` + "\r\n"
	}
	for _, order := range [][]string{{"later.csv", "earlier.csv"}, {"earlier.csv", "later.csv"}} {
		db := openTemp(t)
		dir := t.TempDir()
		files := map[string]string{
			"schedule.csv": weekSchedule, "roster.csv": weekRosterV1,
			"s1.csv":      weekZoom(3, 2, "Ann Lee,ann@example.org,18:00,19:30"),
			"later.csv":   form("9:00:00", "7"),
			"earlier.csv": form("8:00:00", "5"),
		}
		var paths []string
		for name, content := range files {
			p := filepath.Join(dir, name)
			os.WriteFile(p, []byte(content), 0o644)
			if name != "later.csv" && name != "earlier.csv" {
				paths = append(paths, p)
			}
		}
		load(t, db, paths...)
		for _, f := range order {
			load(t, db, filepath.Join(dir, f))
		}
		build(t, db)
		equalRows(t, "connected, "+order[0]+" loaded first", rowsOf(t, db.SQL, `select score from cohesion_member where instrument = 'checkin'`), []string{"7"})
	}
}
