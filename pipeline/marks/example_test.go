// These examples show a caller reading marks and printing a positioned error.

package marks_test

import (
	"fmt"

	"cohesion/pipeline/marks"
)

func ExampleParse() {
	data := []byte("Client,Email,Cohort,Session,Status\n" +
		"Robin Lee,robin.lee@example.org,intro-2026a,3,No-Show\n" +
		"Alice Smith,alice@example.org,intro-2026a,3,Late Canceled\n" +
		"Sam Ortiz,sam.ortiz@example.org,intro-2026a,4,\n")
	ms, err := marks.Parse(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range ms {
		fmt.Printf("line %d: %s session %d %s (%q)\n", m.Line, m.Email, m.Session, m.Status, m.Raw)
	}
	// Output:
	// line 2: robin.lee@example.org session 3 absent ("No-Show")
	// line 3: alice@example.org session 3 late_cancel ("Late Canceled")
}

func ExampleParseError() {
	data := []byte("cohort,session,email,status\n" +
		"intro-2026a,3,robin.lee@example.org,Excused\n")
	_, err := marks.Parse(data)
	fmt.Println(err)
	// Output:
	// line 2, column 4: unknown status "Excused" (want Show, Present, Attended, Yes, Late, No Show, Absent, No, DNA, Late Canceled, Canceled, Clinician Canceled or Therapist Cancelled)
}
