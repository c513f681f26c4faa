// These examples show a caller reading rows, with and without a dated file
// name, and printing a positioned error.

package meet_test

import (
	"fmt"

	"cohesion/pipeline/meet"
)

func ExampleParse() {
	data := []byte("First name,Last name,Email,Duration,Time joined,Time exited\r\n" +
		"Robin,Lee,robin.lee@example.org,1 hr 28 min,6:01 PM,7:34 PM\r\n" +
		"Jordan,,,45 min,11:50 PM,12:35 AM\r\n")
	rep, err := meet.Parse(data, "2026-03-05 18-00 Codependency intro - Attendance Report.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Date.Format("2006-01-02"), rep.Start.Format("15:04"), rep.Title)
	for _, p := range rep.Participants {
		fmt.Printf("line %d: %s %s - %s, %d min\n", p.Line, p.Name,
			p.Join.Format("2006-01-02 15:04"), p.Leave.Format("2006-01-02 15:04"), p.Minutes)
	}
	// Output:
	// 2026-03-05 18:00 Codependency intro
	// line 2: Robin Lee 2026-03-05 18:01 - 2026-03-05 19:34, 88 min
	// line 3: Jordan 2026-03-05 23:50 - 2026-03-06 00:35, 45 min
}

func ExampleParse_renamed() {
	// A renamed file gives no date: rows are on 0001-01-01, and the caller
	// moves them to the session it matches the file to.
	data := []byte("Name,Email,Duration,Time joined,Time exited\n" +
		"Robin Lee,robin.lee@example.org,1 hr,18:00,19:00\n")
	rep, err := meet.Parse(data, "tuesday group.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	p := rep.Participants[0]
	fmt.Println(rep.Date.IsZero(), p.Join.Format("2006-01-02 15:04"))
	// Output:
	// true 0001-01-01 18:00
}

func ExampleParseError() {
	data := []byte("First name,Last name,Email,Duration,Time joined,Time exited\n" +
		"Robin,Lee,robin.lee@example.org,1 hr 28 min,25:01,7:34 PM\n")
	_, err := meet.Parse(data, "")
	fmt.Println(err)
	// Output:
	// line 2, column 5: impossible time "25:01"
}
