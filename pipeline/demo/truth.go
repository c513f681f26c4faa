// truth.go holds the project's attendance and retention definitions, applied here to the
// intervals the generator wrote so the truth never depends on how a file is read back.

package demo

import (
	"math"
	"slices"
)

// Attendance statuses and retention outcomes, spelled as the marts spell them.
const (
	// StatusPresent is a member who came within ten minutes of the start and stayed to within
	// ten minutes of the end.
	StatusPresent = "present"
	// StatusLate is a member whose first join was more than ten minutes after the start.
	StatusLate = "late"
	// StatusLeftEarly is a member on time whose last leave was more than ten minutes before the end.
	StatusLeftEarly = "left_early"
	// StatusAbsent is a member with no time in the session window outside the waiting room.
	StatusAbsent = "absent"

	// OutcomeCompleted is a member of a finished cohort who attended its final session.
	OutcomeCompleted = "completed"
	// OutcomeDroppedOut is a member of a finished cohort who attended, but not the final session.
	OutcomeDroppedOut = "dropped_out"
	// OutcomeNeverStarted is a member who attended no held session.
	OutcomeNeverStarted = "never_started"
	// OutcomeOngoing is a member of a cohort still running who has attended at least once.
	OutcomeOngoing = "ongoing"
)

// graceSeconds is how far past the start a first join, or before the end a last leave, may be
// and still count as on time.
const graceSeconds = 10 * 60

// span is a join/leave interval in seconds from the scheduled start.
type span struct{ join, leave int }

// attendanceOf applies the attendance rule to one member's non-waiting-room intervals in a
// session window of window seconds: intervals are clipped to the window, overlapping and
// touching ones merged, and minutes rounded half away from zero.
func attendanceOf(intervals []span, window int) (status string, present, late, leftEarly int) {
	clipped := make([]span, 0, len(intervals))
	for _, iv := range intervals {
		iv.join = max(iv.join, 0)
		iv.leave = min(iv.leave, window)
		if iv.leave > iv.join {
			clipped = append(clipped, iv)
		}
	}
	if len(clipped) == 0 {
		return StatusAbsent, 0, 0, 0
	}
	slices.SortFunc(clipped, func(a, b span) int { return a.join - b.join })
	merged := clipped[:1]
	for _, iv := range clipped[1:] {
		last := &merged[len(merged)-1]
		if iv.join <= last.leave {
			last.leave = max(last.leave, iv.leave)
		} else {
			merged = append(merged, iv)
		}
	}
	total := 0
	for _, iv := range merged {
		total += iv.leave - iv.join
	}
	first, end := merged[0].join, merged[len(merged)-1].leave
	present = roundMinutes(total)
	late = max(0, roundMinutes(first))
	leftEarly = max(0, roundMinutes(window-end))
	switch {
	case first > graceSeconds:
		status = StatusLate
	case end < window-graceSeconds:
		status = StatusLeftEarly
	default:
		status = StatusPresent
	}
	return status, present, late, leftEarly
}

// roundMinutes turns seconds into whole minutes, halves away from zero.
func roundMinutes(seconds int) int { return int(math.Round(float64(seconds) / 60)) }

// retentionOf applies the no-return rule to a member's statuses at the held sessions (in
// session order) of a cohort with planned sessions; it is finished when all are held.
func retentionOf(statuses []string, planned int) (attended, last int, outcome string, dropoutAfter int) {
	for i, st := range statuses {
		if st != StatusAbsent {
			attended++
			last = i + 1
		}
	}
	switch {
	case attended == 0:
		outcome = OutcomeNeverStarted
	case len(statuses) < planned:
		outcome = OutcomeOngoing
	case last == planned:
		outcome = OutcomeCompleted
	default:
		outcome, dropoutAfter = OutcomeDroppedOut, last
	}
	return attended, last, outcome, dropoutAfter
}
