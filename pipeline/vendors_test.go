package pipeline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The roster and schedule that the vendor fixtures in testdata/teams, testdata/meet and
// testdata/marks were written for.
const (
	vendorsRoster = "cohort,name,email,aliases\n" +
		"c1,Alice Smith,alice@example.org,\n" +
		"c1,Robin Lee,robin.lee@example.org,\n" +
		"c1,José Álvarez,jose.alvarez@example.org,\n" +
		"c1,Zoë Müller-Åberg,zoe.muller@practice.example,\n" +
		"c1,Chris Park,chris.park@example.org,\n" +
		"c1,Lee Park,lee.park@example.org,\"Park, Lee\"\n" +
		"c1,Sam Ortiz,sam.ortiz@example.org,\n" +
		"advanced-2026,Dana Client,dana.client@example.org,\n" +
		"advanced-2026,Morgan Wells,morgan.wells@example.org,\n" +
		"advanced-2026,Priya Raman,priya.raman@example.org,\n" +
		"advanced-2026,Zoë Müller-Åberg,zoe.muller@example.org,\n" +
		"advanced-2026,Chris Park,chris.park@example.org,\n" +
		"adv21,Priya Raman,priya.raman@example.org,\n" +
		"adv21,Morgan Wells,morgan.wells@example.org,\n" +
		"adv21,Zoë Müller-Åberg,zoe.muller@practice.example,\n" +
		"adv26,Priya Raman,priya.raman@example.org,\n" +
		"adv26,Morgan Wells,morgan.wells@example.org,\n" +
		"adv26,Zoë Müller-Åberg,zoe.muller@practice.example,\n" +
		"c20,Alice Smith,alice@example.org,\n" +
		"c20,Zoë Müller-Åberg,zoe.muller@practice.example,\n" +
		"c20,José Álvarez,jose.alvarez@example.org,\n" +
		"c20,Robin Lee,robin.lee@example.org,\n"
	vendorsSchedule = "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
		"c1,intro,1,2026-03-05 18:00,90,,America/New_York,Dana Host\n" +
		"c1,intro,2,2026-03-12 18:00,90,,America/New_York,Dana Host\n" +
		"advanced-2026,advanced,4,2026-03-05 18:00,90,,America/New_York,Dr. Host\n" +
		"adv21,advanced,3,2021-03-17 18:00,90,,America/New_York,Dana Host\n" +
		"adv26,advanced,3,2026-03-17 18:00,90,845 1122 3344,America/New_York,Dana Host\n" +
		"c20,intro,1,2020-03-05 18:00,90,,America/New_York,Dana Host\n"
)

// TestVendorExports loads one export of each vendor for the same session (and two re-saved from
// Excel as workbooks) and checks the attendance rows worked out by hand from the fixture.
func TestVendorExports(t *testing.T) {
	tests := []struct {
		name, fixture string
		want          []string
		unmatched     []string
	}{
		{"teams current", "teams/current_us.csv", []string{
			// Robin reconnects (38m40s + 47m55s); Chris's 12-second blip counts; Lee Park joins
			// exactly 10 minutes late, which is not more than 10.
			"c1|1|Alice Smith|present|90|0|0",
			"c1|1|Chris Park|present|84|5|0",
			"c1|1|José Álvarez|present|89|1|0",
			"c1|1|Lee Park|present|80|10|0",
			"c1|1|Robin Lee|present|87|2|0",
			"c1|1|Sam Ortiz|absent|0|0|0",
			"c1|1|Zoë Müller-Åberg|present|90|0|0",
		}, []string{"c1|1|Jordan Lee|<nil>"}},
		{"teams current re-saved from Excel as .xlsx", "xlsx/teams_current_us.xlsx", []string{
			"c1|1|Alice Smith|present|90|0|0",
			"c1|1|Chris Park|present|84|5|0",
			"c1|1|José Álvarez|present|89|1|0",
			"c1|1|Lee Park|present|80|10|0",
			"c1|1|Robin Lee|present|87|2|0",
			"c1|1|Sam Ortiz|absent|0|0|0",
			"c1|1|Zoë Müller-Åberg|present|90|0|0",
		}, []string{"c1|1|Jordan Lee|<nil>"}},
		{"zoom classic re-saved from Excel as .xlsx", "xlsx/zoom_classic_block.xlsx", []string{
			// As testdata/zoom/classic_block.csv loads: Chris's waiting-room minute is not counted.
			"c1|1|Alice Smith|present|90|0|0",
			"c1|1|Chris Park|present|90|0|0",
			"c1|1|José Álvarez|present|89|1|0",
			"c1|1|Lee Park|present|80|10|0",
			"c1|1|Robin Lee|present|87|2|0",
			"c1|1|Sam Ortiz|present|90|0|0",
			"c1|1|Zoë Müller-Åberg|absent|0|0|0",
		}, []string{"c1|1|Jordan's iPhone|<nil>"}},
		{"google meet", "meet/2026-03-05 18-00 Codependency intro - Attendance Report.csv", []string{
			"c1|1|Alice Smith|present|90|0|0",
			"c1|1|Chris Park|late|45|15|30",
			"c1|1|José Álvarez|present|90|0|0",
			"c1|1|Lee Park|present|80|10|0", // "Lee Park, Jr." matched by email
			"c1|1|Robin Lee|present|89|1|0",
			"c1|1|Sam Ortiz|late|60|30|0",
			"c1|1|Zoë Müller-Åberg|present|90|0|0",
		}, []string{"c1|1|Jordan|<nil>"}},
		{"teams 2021 post-meeting report", "teams/report2021.csv", []string{
			// Morgan reconnects: 47m30s + 37m50s.
			"adv21|3|Morgan Wells|present|85|4|0",
			"adv21|3|Priya Raman|present|90|0|0",
			"adv21|3|Zoë Müller-Åberg|present|90|0|0",
		}, []string{"adv21|3|Caller 0412|<nil>"}},
		{"teams legacy join/leave list", "teams/legacy.csv", []string{
			// "Joined before" is present from the organiser's join; Robin's last join has no
			// Left and lasts to the end of the meeting (19:34, clipped to 19:30).
			"c20|1|Alice Smith|present|90|0|0",
			"c20|1|José Álvarez|present|89|1|0",
			"c20|1|Robin Lee|present|87|2|0",
			"c20|1|Zoë Müller-Åberg|left_early|60|0|30",
		}, []string{"c20|1|Jordan Lee|<nil>"}},
		{"zoom sentence-case layout", "zoom/sentence_block.csv", []string{
			// Priya's waiting-room minute before the start is not counted; she is matched by
			// email though renamed.
			"adv26|3|Morgan Wells|present|85|4|0",
			"adv26|3|Priya Raman|present|90|0|0",
			"adv26|3|Zoë Müller-Åberg|absent|0|0|0",
		}, []string{"adv26|3|Caller 0412|<nil>"}},
		{"zoom webinar attendee report", "zoom/webinar_attendee.csv", []string{
			// The host's row is the facilitator's; the panelist is a participant (not on this
			// roster); Robin reconnects (38m40s + 47m55s); "Park, Lee" is a guest matched by email.
			"c1|1|Alice Smith|present|90|0|0",
			"c1|1|Chris Park|absent|0|0|0",
			"c1|1|José Álvarez|absent|0|0|0",
			"c1|1|Lee Park|present|80|10|0",
			"c1|1|Robin Lee|present|87|2|0",
			"c1|1|Sam Ortiz|absent|0|0|0",
			"c1|1|Zoë Müller-Åberg|absent|0|0|0",
		}, []string{"c1|1|Priya Raman|priya.raman@example.org"}},
		{"practice-system marks", "marks/marks_practice_export.csv", []string{
			"advanced-2026|4|Chris Park|absent|<nil>|<nil>|<nil>", // clinician cancelled
			"advanced-2026|4|Dana Client|present|<nil>|<nil>|<nil>",
			"advanced-2026|4|Morgan Wells|absent|<nil>|<nil>|<nil>",
			"advanced-2026|4|Priya Raman|absent|<nil>|<nil>|<nil>", // late cancel
			"advanced-2026|4|Zoë Müller-Åberg|absent|<nil>|<nil>|<nil>",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "roster.csv"), []byte(vendorsRoster), 0o644)
			os.WriteFile(filepath.Join(dir, "schedule.csv"), []byte(vendorsSchedule), 0o644)
			data, err := os.ReadFile(filepath.Join("../testdata", tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, filepath.Base(tt.fixture)), data, 0o644)
			db := openTemp(t)
			for _, r := range load(t, db, dir) {
				if r.Err != nil {
					t.Fatalf("%s", r)
				}
			}
			build(t, db)
			equalRows(t, "attendance", rowsOf(t, db.SQL, `
				select a.cohort, a.session, p.name, a.status, a.minutes_present, a.late_minutes, a.left_early_minutes
				from attendance a join pii_people p using (participant_id) order by all`), tt.want)
			equalRows(t, "unmatched_names", rowsOf(t, db.SQL, `select cohort, session, name, email from unmatched_names order by all`), tt.unmatched)
		})
	}
}

// TestMeetWithoutDate: a renamed Google Meet report has no date, and says how to fix that.
func TestMeetWithoutDate(t *testing.T) {
	dir := t.TempDir()
	data, _ := os.ReadFile("../testdata/meet/2026-03-05 18-00 Codependency intro - Attendance Report.csv")
	os.WriteFile(filepath.Join(dir, "attendance.csv"), data, 0o644)
	res := load(t, openTemp(t), dir)
	if res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "this file's name has no date") {
		t.Fatalf("got %s, want an error asking for the date", res[0])
	}
}
