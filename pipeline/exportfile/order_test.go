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
