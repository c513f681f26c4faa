package pipeline_test

import (
	"strings"
	"testing"
)

// TestMeetingListPlacesEachMeeting: a Zoom meeting list with details is one file in the ledger
// and each of its meetings an export placed on its own: two sessions of spring-a from one file,
// and the staff meeting in it kept in unmatched_exports. Each session's attendance is what its
// rows say (Joe N is José Núñez's alias; his two stays merge).
func TestMeetingListPlacesEachMeeting(t *testing.T) {
	db := openTemp(t)
	res := load(t, db, "../testdata/program-small/schedule.csv", "../testdata/program-small/roster.csv", "../testdata/zoom/meeting_list.csv")
	var list string
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
		if r.Format == "zoom-list" {
			list = r.String()
		}
	}
	for _, want := range []string{"(zoom-list, 7 rows)", "the meeting of 2026-03-03 17:58: placed in spring-a session 1",
		"the meeting of 2026-03-10 17:57: placed in spring-a session 2", "a meeting of the list fits no scheduled session yet: meeting started 2026-03-04 09:00"} {
		if !strings.Contains(list, want) {
			t.Errorf("load said\n%s\nwant %q", list, want)
		}
	}
	build(t, db)
	equalRows(t, "placements", rowsOf(t, db.SQL, `select meeting, cohort, session, meeting_id from int_meeting_sessions order by meeting`),
		[]string{"1|spring-a|1|81234567890", "2|spring-a|2|81234567890", "3|<nil>|<nil>|84511223344"})
	equalRows(t, "rows of each session", rowsOf(t, db.SQL, `select session, list(line order by line) from int_presence group by session order by session`),
		[]string{"1|[2 3 4 5]", "2|[6 7]"})
	equalRows(t, "present", rowsOf(t, db.SQL, `select a.session, p.name, a.minutes_present from attendance a join pii_people p using (participant_id)
		where a.status <> 'absent' order by all`),
		[]string{"1|Alice Smith|90", "1|José Núñez|87", "2|Alice Smith|89"})
	equalRows(t, "unmatched_exports", rowsOf(t, db.SQL, `select meeting_id, strftime(start_local, '%Y-%m-%d %H:%M:%S') from unmatched_exports`),
		[]string{"84511223344|2026-03-04 09:00:03"})
}
