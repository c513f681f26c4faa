// These examples show a caller reading rows and printing a positioned error.

package zoom_test

import (
	"fmt"

	"cohesion/pipeline/zoom"
)

func ExampleParse() {
	data := []byte("\ufeffName (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,In Waiting Room,\r\n" +
		"Robin Lee (Robin L.),robin.lee@example.org,03/05/2026 05:57:30 PM,03/05/2026 05:58:12 PM,1,No,Yes,\r\n" +
		"Robin Lee (Robin L.),robin.lee@example.org,03/05/2026 05:58:12 PM,03/05/2026 07:34:40 PM,97,No,No,\r\n" +
		"Jordan's iPhone,,03/05/2026 06:03:44 PM,03/05/2026 07:12:09 PM,69,Yes,No,\r\n")
	rep, err := zoom.Parse(data, zoom.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Layout)
	for _, p := range rep.Participants {
		if p.WaitingRoom {
			continue // waiting in the lobby is not attendance
		}
		fmt.Printf("line %d: %s (was %q) %s-%s %d min guest=%v\n", p.Line, p.Name, p.OriginalName,
			p.Join.Format("15:04"), p.Leave.Format("15:04"), p.Minutes, p.Guest)
	}
	// Output:
	// classic
	// line 3: Robin Lee (was "Robin L.") 17:58-19:34 97 min guest=false
	// line 4: Jordan's iPhone (was "") 18:03-19:12 69 min guest=true
}

func ExampleParseError() {
	data := []byte("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n" +
		"Alice Smith,alice@example.org,02/30/2026 06:00:00 PM,02/26/2026 07:30:00 PM,90\n")
	_, err := zoom.Parse(data, zoom.Options{})
	fmt.Println(err)
	// Output:
	// line 2, column 3: impossible date "02/30/2026 06:00:00 PM"
}
