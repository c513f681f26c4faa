// order_test.go pins how a file's date order is settled at the boundary: a first or second
// field of 12 could be a month, so it decides nothing; only 13 and above do.

package exportfile_test

import (
	"errors"
	"testing"
	"time"

	"cohesion/pipeline/exportfile"
)

func TestOrderVoteAtTwelve(t *testing.T) {
	for _, tc := range []struct {
		dates []string
		want  string // the first date as read, time.DateTime
		order exportfile.DateOrder
		err   error
	}{
		{[]string{"12/03/2026 06:00 PM"}, "2026-12-03 18:00:00", exportfile.MonthFirst, nil},
		{[]string{"03/12/2026 06:00 PM"}, "2026-03-12 18:00:00", exportfile.MonthFirst, nil},
		{[]string{"12/12/2026 06:00 PM"}, "2026-12-12 18:00:00", exportfile.MonthFirst, nil},
		{[]string{"13/03/2026 06:00 PM"}, "2026-03-13 18:00:00", exportfile.DayFirst, nil},
		{[]string{"03/13/2026 06:00 PM"}, "2026-03-13 18:00:00", exportfile.MonthFirst, nil},
		// The first date settles nothing; the second's 13 says month-first.
		{[]string{"12/05/2026 06:00 PM", "12/13/2026 06:00 PM"}, "2026-12-05 18:00:00", exportfile.MonthFirst, nil},
		{[]string{"12/05/2026 18:00", "13/12/2026 18:00"}, "2026-05-12 18:00:00", exportfile.DayFirst, nil},
		{[]string{"03/12/2026 18:00", "13/05/2026 18:00"}, "2026-12-03 18:00:00", exportfile.DayFirst, nil},
		{[]string{"13/05/2026 18:00", "05/13/2026 18:00"}, "", 0, exportfile.ErrMixedDateOrder},
	} {
		var vote exportfile.OrderVote
		var stamps []exportfile.Stamp
		var err error
		for line, d := range tc.dates {
			var st exportfile.Stamp
			if st, err = exportfile.ParseStamp(d, exportfile.Layout{}); err == nil {
				err = vote.See(st, line+1)
			}
			if err != nil {
				break
			}
			stamps = append(stamps, st)
		}
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("%q: error %v, want %v", tc.dates, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.dates, err)
			continue
		}
		order := vote.Order()
		if got := stamps[0].Time(order).Format(time.DateTime); order != tc.order || got != tc.want {
			t.Errorf("%q: %s, first date %s; want %s, %s", tc.dates, order, got, tc.order, tc.want)
		}
	}
}

// TestOrderVoteGuessed pins when the order is only the month-first default: nothing in the file
// decided it and reading it the other way round would give other days.
func TestOrderVoteGuessed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		dates  []string
		forced exportfile.DateOrder
		clock  bool // ClockClues, as Teams sets it
		want   bool
	}{
		{"ambiguous", []string{"05/03/2026 06:00:12 PM", "05/03/2026 07:30:00 PM"}, exportfile.DateAuto, false, true},
		{"ambiguous with a 24-hour clock, no clock clues", []string{"05/03/2026 18:00:12"}, exportfile.DateAuto, false, true},
		{"a day above 12 says day-first", []string{"05/03/2026 06:00 PM", "13/03/2026 06:00 PM"}, exportfile.DateAuto, false, false},
		{"a day above 12 says month-first", []string{"05/03/2026 06:00 PM", "05/13/2026 06:00 PM"}, exportfile.DateAuto, false, false},
		{"dotted is day-first", []string{"05.03.2026 18:00:12"}, exportfile.DateAuto, false, false},
		{"forced month-first", []string{"05/03/2026 06:00:12 PM"}, exportfile.MonthFirst, false, false},
		{"forced day-first", []string{"05/03/2026 06:00:12 PM"}, exportfile.DayFirst, false, false},
		{"the clock says day-first", []string{"05/03/2026, 18:00:12"}, exportfile.DateAuto, true, false},
		{"a lower-case pm says day-first", []string{"5/3/26, 6:00:12 pm"}, exportfile.DateAuto, true, false},
		{"an upper-case PM decides nothing", []string{"5/3/26, 6:00:12 PM"}, exportfile.DateAuto, true, true},
		{"clock clues on one date of two decide nothing", []string{"05/03/2026, 18:00:12", "05/03/2026, 6:30:00 PM"}, exportfile.DateAuto, true, true},
		{"day equals month: either order reads the same", []string{"03/03/2026 06:00 PM", "03/03/2026 07:30 PM"}, exportfile.DateAuto, false, false},
		{"year-first only", []string{"2026-03-05 18:00:12"}, exportfile.DateAuto, false, false},
		{"year-first beside a slashed date", []string{"2026-05-03 18:00:12", "05/03/2026 06:00 PM"}, exportfile.DateAuto, false, false},
		{"no dates", nil, exportfile.DateAuto, false, false},
	} {
		vote := exportfile.OrderVote{Forced: tc.forced, ClockClues: tc.clock}
		layout := exportfile.Layout{ShortYears: true, DottedDayFirst: true, Comma: exportfile.CommaOrSpace}
		for line, d := range tc.dates {
			st, err := exportfile.ParseStamp(d, layout)
			if err == nil {
				err = vote.See(st, line+1)
			}
			if err != nil {
				t.Fatalf("%s: %q: %v", tc.name, d, err)
			}
		}
		if got := vote.Guessed(); got != tc.want {
			t.Errorf("%s: Guessed() = %v, want %v (order %s)", tc.name, got, tc.want, vote.Order())
		}
	}
}
