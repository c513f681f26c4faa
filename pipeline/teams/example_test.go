// These examples show a caller reading intervals and printing a positioned error.

package teams_test

import (
	"fmt"

	"cohesion/pipeline/teams"
)

func ExampleParse() {
	// Teams writes UTF-16; a re-saved UTF-8 copy reads the same.
	data := []byte("1. Summary\r\n" +
		"Meeting title\tCodependency intro - week 1\r\n" +
		"Start time\t3/5/26, 5:58:12 PM\r\n" +
		"\r\n" +
		"3. In-Meeting Activities\r\n" +
		"Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\r\n" +
		"Dana Host\t3/5/26, 5:58:12 PM\t3/5/26, 7:34:40 PM\t1h 36m 28s\tdana@practice.example\tOrganizer\r\n" +
		"Robin Lee\t3/5/26, 6:01:30 PM\t3/5/26, 6:40:10 PM\t38m 40s\trobin@example.org\tAttendee\r\n" +
		"Robin Lee\t3/5/26, 6:42:05 PM\t3/5/26, 7:34:40 PM\t52m 35s\trobin@example.org\tAttendee\r\n" +
		"Jordan Lee (External)\t3/5/26, 6:03:44 PM\t3/5/26, 7:12:09 PM\t1h 8m 25s\t\tAttendee\r\n")
	rep, err := teams.Parse(data, teams.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Layout, rep.Meeting.Title, rep.Meeting.Start.Format("2006-01-02 15:04"))
	for _, p := range rep.Participants {
		fmt.Printf("line %d: %s <%s> %s-%s organizer=%v\n", p.Line, p.Name, p.Email,
			p.Join.Format("15:04"), p.Leave.Format("15:04"), p.Organizer)
	}
	// Output:
	// teams-current Codependency intro - week 1 2026-03-05 17:58
	// line 7: Dana Host <dana@practice.example> 17:58-19:34 organizer=true
	// line 8: Robin Lee <robin@example.org> 18:01-18:40 organizer=false
	// line 9: Robin Lee <robin@example.org> 18:42-19:34 organizer=false
	// line 10: Jordan Lee <> 18:03-19:12 organizer=false
}

func ExampleParseError() {
	data := []byte("Full Name\tUser Action\tTimestamp\n" +
		"Alice Smith\tJoined\t2/30/2020, 6:00:00 PM\n")
	_, err := teams.Parse(data, teams.Options{})
	fmt.Println(err)
	// Output:
	// line 2, column 3: impossible date "2/30/2020, 6:00:00 PM"
}
