// This file reads Zoom's wall-clock time fields by hand, because the day/month
// order of a file is only known once every date in it has been seen.

package zoom

import (
	"fmt"
	"time"
)

// DateOrder says how to read the first two fields of a slashed date such as
// 03/05/2026. Year-first dates (2026-03-05) are never ambiguous.
type DateOrder int

const (
	// DateAuto decides per file: a first field above 12 means day-first, a
	// second field above 12 means month-first, both in one file is an error,
	// and a file where every field is 12 or less is read month-first, which
	// is Zoom's default.
	DateAuto DateOrder = iota
	// MonthFirst reads MM/DD/YYYY whatever the file holds.
	MonthFirst
	// DayFirst reads DD/MM/YYYY whatever the file holds.
	DayFirst
)

// String names the order as a flag value would.
func (o DateOrder) String() string {
	switch o {
	case DateAuto:
		return "auto"
	case MonthFirst:
		return "month-first"
	case DayFirst:
		return "day-first"
	}
	return fmt.Sprintf("DateOrder(%d)", int(o))
}

// stamp is one time field split into numbers, kept until the file's date
// order is settled. For slashed dates f1 and f2 are the first two fields in
// written order; for year-first dates they are month and day.
type stamp struct {
	raw                string
	f1, f2, year       int
	hour, minute, sec  int
	yearFirst, present bool
}

// parseStamp accepts "MM/DD/YYYY hh:mm:ss AM", the same with DD/MM, '.' or
// '-' separators, 24-hour clocks, one-digit fields and missing seconds (as a
// spreadsheet re-save writes "3/5/2026 17:59"), and "YYYY-MM-DD HH:MM:SS"
// with a space or 'T'. It checks ranges that do not depend on date order.
func parseStamp(s string) (stamp, error) {
	st := stamp{raw: s, present: true}
	bad := func() (stamp, error) { return stamp{}, fmt.Errorf("%w %q", ErrBadDate, s) }
	p := 0
	num := func(minW, maxW int) (int, bool) {
		v, w := 0, 0
		for p < len(s) && w < maxW && s[p] >= '0' && s[p] <= '9' {
			v = v*10 + int(s[p]-'0')
			p++
			w++
		}
		// A digit right after maxW digits means the field is too long.
		if w < minW || (p < len(s) && s[p] >= '0' && s[p] <= '9') {
			return 0, false
		}
		return v, true
	}
	sep := func(want byte) bool {
		if p < len(s) && s[p] == want {
			p++
			return true
		}
		return false
	}

	start := p
	a, ok := num(1, 4)
	if !ok {
		return bad()
	}
	if p-start == 4 {
		// Year first: YYYY-MM-DD or YYYY/MM/DD.
		if p >= len(s) || (s[p] != '-' && s[p] != '/') {
			return bad()
		}
		ds := s[p]
		p++
		st.year, st.yearFirst = a, true
		if st.f1, ok = num(1, 2); !ok || !sep(ds) {
			return bad()
		}
		if st.f2, ok = num(1, 2); !ok {
			return bad()
		}
	} else {
		if p-start > 2 || p >= len(s) || (s[p] != '/' && s[p] != '.' && s[p] != '-') {
			return bad()
		}
		ds := s[p]
		p++
		st.f1 = a
		if st.f2, ok = num(1, 2); !ok || !sep(ds) {
			return bad()
		}
		if st.year, ok = num(4, 4); !ok {
			return bad()
		}
	}

	// Date and time are split by 'T' or by spaces.
	if !sep('T') {
		n := p
		for p < len(s) && s[p] == ' ' {
			p++
		}
		if p == n {
			return bad()
		}
	}
	if st.hour, ok = num(1, 2); !ok || !sep(':') {
		return bad()
	}
	if st.minute, ok = num(2, 2); !ok {
		return bad()
	}
	if sep(':') {
		if st.sec, ok = num(2, 2); !ok {
			return bad()
		}
	}
	for p < len(s) && s[p] == ' ' {
		p++
	}
	pm, twelveHour := false, false
	if p+2 == len(s) {
		switch {
		case (s[p] == 'A' || s[p] == 'a') && (s[p+1] == 'M' || s[p+1] == 'm'):
			twelveHour = true
		case (s[p] == 'P' || s[p] == 'p') && (s[p+1] == 'M' || s[p+1] == 'm'):
			twelveHour, pm = true, true
		default:
			return bad()
		}
		p += 2
	}
	if p != len(s) {
		return bad()
	}

	impossible := func() (stamp, error) { return stamp{}, fmt.Errorf("%w %q", ErrImpossibleDate, s) }
	if twelveHour {
		if st.hour < 1 || st.hour > 12 {
			return impossible()
		}
		// 12 AM is midnight and 12 PM is noon.
		st.hour %= 12
		if pm {
			st.hour += 12
		}
	} else if st.hour > 23 {
		return impossible()
	}
	if st.minute > 59 || st.sec > 59 || st.year < 1 || st.f1 < 1 || st.f2 < 1 {
		return impossible()
	}
	if !st.yearFirst && st.f1 > 12 && st.f2 > 12 {
		return impossible()
	}
	return st, nil
}

// check reports whether st is a real date when read in order o.
func (st stamp) check(o DateOrder) error {
	month, day := st.monthDay(o)
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, st.year) {
		return fmt.Errorf("%w %q", ErrImpossibleDate, st.raw)
	}
	return nil
}

func (st stamp) monthDay(o DateOrder) (month, day int) {
	if st.yearFirst || o != DayFirst {
		return st.f1, st.f2
	}
	return st.f2, st.f1
}

// time returns the wall-clock instant, with time.UTC standing for "no zone";
// the zero stamp (an absent field) gives the zero time. st must have passed
// check(o).
func (st stamp) time(o DateOrder) time.Time {
	if !st.present {
		return time.Time{}
	}
	month, day := st.monthDay(o)
	return time.Date(st.year, time.Month(month), day, st.hour, st.minute, st.sec, 0, time.UTC)
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// orderVote settles a file's date order as its dates are read, so that a
// conflict is reported at the second of the two dates that disagree.
type orderVote struct {
	forced                       DateOrder
	sawDayFirst, sawMonthFirst   bool
	dayFirstRaw, monthFirstRaw   string // the first date that showed each order
	dayFirstLine, monthFirstLine int
}

// see checks st against the order known so far and records what it shows.
func (v *orderVote) see(st stamp, line int) error {
	if !st.present {
		return nil
	}
	if v.forced != DateAuto || st.yearFirst {
		return st.check(v.forced)
	}
	switch {
	case st.f1 > 12:
		if v.sawMonthFirst {
			return fmt.Errorf("%w: %q is day-first but line %d has %q", ErrMixedDateOrder, st.raw, v.monthFirstLine, v.monthFirstRaw)
		}
		if !v.sawDayFirst {
			v.sawDayFirst, v.dayFirstRaw, v.dayFirstLine = true, st.raw, line
		}
		return st.check(DayFirst)
	case st.f2 > 12:
		if v.sawDayFirst {
			return fmt.Errorf("%w: %q is month-first but line %d has %q", ErrMixedDateOrder, st.raw, v.dayFirstLine, v.dayFirstRaw)
		}
		if !v.sawMonthFirst {
			v.sawMonthFirst, v.monthFirstRaw, v.monthFirstLine = true, st.raw, line
		}
		return st.check(MonthFirst)
	}
	// Both fields are 12 or less, so either order gives a real date.
	return nil
}

// order is the file's date order once every date has been seen.
func (v *orderVote) order() DateOrder {
	if v.forced != DateAuto {
		return v.forced
	}
	if v.sawDayFirst {
		return DayFirst
	}
	return MonthFirst
}
