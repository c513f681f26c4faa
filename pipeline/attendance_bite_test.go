package pipeline_test

// attendance_bite_test.go holds hand-worked attendance cases that sit on the edges the other
// fixtures miss: a short reconnect inside a longer connection, waiting-room time inside the
// session, and joins and leaves at exactly the late and left-early thresholds.

import (
	"testing"
)

// TestAttendanceEdges builds one 90-minute session (18:00–19:30 in New York, 3 March 2026) from a
// Zoom participants report, byte for byte as Zoom writes it (BOM, CRLF, trailing commas, the
// meeting block), and checks each member's status and minutes, worked out by hand.
func TestAttendanceEdges(t *testing.T) {
	db := openTemp(t)
	loadAndBuild(t, db, t.TempDir(), map[string]string{
		"schedule.csv": "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
			"tue,intro,1,2026-03-03 18:00,90,812 3456 7890,America/New_York,Dana Host\n",
		"roster.csv": "cohort,name,email,aliases\n" +
			"tue,Kim Park,kim@example.org,\n" +
			"tue,Lee Chan,lee@example.org,\n" +
			"tue,Ana Ruiz,ana@example.org,\n" +
			"tue,Sam Ortiz,sam@example.org,\n" +
			"tue,Jo Beck,jo@example.org,\n" +
			"tue,Ray Diaz,ray@example.org,\n" +
			"tue,Eve Lund,eve@example.org,\n",
		"participants_81234567890.csv": "\ufeffMeeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\r\n" +
			"812 3456 7890,Codependency intro,03/03/2026 05:58:12 PM,03/03/2026 07:31:00 PM,host@practice.example,93,8,\r\n" +
			"\r\n" +
			"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room,\r\n" +
			"Dana Host,host@practice.example,03/03/2026 05:58:12 PM,03/03/2026 07:31:00 PM,93,No,,No,\r\n" +
			// Kim's laptop stays on the whole session; her phone joins twice inside it.
			"Kim Park,kim@example.org,03/03/2026 05:59:30 PM,03/03/2026 07:30:00 PM,91,No,,No,\r\n" +
			"Kim Park,kim@example.org,03/03/2026 06:10:00 PM,03/03/2026 06:20:00 PM,10,No,,No,\r\n" +
			"Kim Park,kim@example.org,03/03/2026 06:40:00 PM,03/03/2026 06:50:00 PM,10,No,,No,\r\n" +
			// Lee waits from before the start until the host lets him in at 18:14.
			"Lee Chan,lee@example.org,03/03/2026 05:59:00 PM,03/03/2026 06:14:00 PM,15,No,,Yes,\r\n" +
			"Lee Chan,lee@example.org,03/03/2026 06:14:00 PM,03/03/2026 07:30:00 PM,76,No,,No,\r\n" +
			// Ana drops out at 18:45 and waits 12 minutes to be let back in, in vain.
			"Ana Ruiz,ana@example.org,03/03/2026 06:00:00 PM,03/03/2026 06:45:00 PM,45,No,,No,\r\n" +
			"Ana Ruiz,ana@example.org,03/03/2026 06:46:00 PM,03/03/2026 06:58:00 PM,12,No,,Yes,\r\n" +
			// Sam joins at exactly the late threshold, Jo one second after it.
			"Sam Ortiz,sam@example.org,03/03/2026 06:10:00 PM,03/03/2026 07:30:00 PM,80,No,,No,\r\n" +
			"Jo Beck,jo@example.org,03/03/2026 06:10:01 PM,03/03/2026 07:30:00 PM,80,No,,No,\r\n" +
			// Ray leaves at exactly the left-early threshold, Eve one second before it.
			"Ray Diaz,ray@example.org,03/03/2026 06:00:00 PM,03/03/2026 07:20:00 PM,80,No,,No,\r\n" +
			"Eve Lund,eve@example.org,03/03/2026 06:00:00 PM,03/03/2026 07:19:59 PM,80,No,,No,\r\n",
	})
	rows := func(names ...string) []string {
		t.Helper()
		var in string
		for i, n := range names {
			if i > 0 {
				in += ", "
			}
			in += "'" + n + "'"
		}
		return rowsOf(t, db.SQL, `select p.name, a.status, a.minutes_present, a.late_minutes, a.left_early_minutes
			from attendance as a join pii_people as p using (participant_id)
			where p.name in (`+in+`) order by p.name`)
	}
	t.Run("reconnects inside a longer connection", func(t *testing.T) {
		// 18:00–19:30 contains both phone intervals: 90 minutes. Merging each interval only with
		// the one before it would start a new island at 18:40 (the phone's 18:20 is before it)
		// and count 100 minutes in a 90-minute session.
		equalRows(t, "attendance", rows("Kim Park"), []string{"Kim Park|present|90|0|0"})
	})
	t.Run("waiting room inside the session", func(t *testing.T) {
		// Lee is in the room from 18:14: late (14 minutes after the start), 76 minutes; counting
		// his waiting room would make him present for 90. Ana's 12 minutes in the waiting room
		// after she dropped out are not presence: 45 minutes, left 45 minutes early (counted,
		// 57 minutes and 32).
		equalRows(t, "attendance", rows("Lee Chan", "Ana Ruiz"), []string{
			"Ana Ruiz|left_early|45|0|45",
			"Lee Chan|late|76|14|0",
		})
	})
	t.Run("joins at the late threshold", func(t *testing.T) {
		// --late-after 10 (the default): late means joining more than 10 minutes after the start.
		// Jo's 10 minutes 1 second round to 10 late minutes but are late all the same.
		equalRows(t, "attendance", rows("Sam Ortiz", "Jo Beck"), []string{
			"Jo Beck|late|80|10|0",
			"Sam Ortiz|present|80|10|0",
		})
	})
	t.Run("leaves at the left-early threshold", func(t *testing.T) {
		// --left-early-before 10: leaving more than 10 minutes before the end.
		equalRows(t, "attendance", rows("Ray Diaz", "Eve Lund"), []string{
			"Eve Lund|left_early|80|0|10",
			"Ray Diaz|present|80|0|10",
		})
	})
}
