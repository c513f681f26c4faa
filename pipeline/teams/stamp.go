// This file reads Teams' wall-clock times and durations by hand, because the
// day/month order of a report is only known once every date in it is seen,
// and Teams writes them in the organiser's locale.

package teams

import (
	"fmt"
	"strings"
	"time"
)

// DateOrder says how to read the first two fields of a slashed date such as
// 3/5/26. Year-first dates (2026-03-05) are never ambiguous.
type DateOrder int

const (
	// DateAuto decides per file: a first field above 12 (or a dotted date,
	// 05.03.2026, which only day-first locales write) means day-first, a
	// second field above 12 means month-first, both in one file is an
	// error, and a file where every date could be either is read
	// month-first, as the en-US default "3/5/26, 6:00:15 PM" is.
	DateAuto DateOrder = iota
	// MonthFirst reads M/D/Y whatever the file holds.
	MonthFirst
	// DayFirst reads D/M/Y whatever the file holds.
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
	raw                        string
	f1, f2, year               int
	hour, minute, sec          int
	yearFirst, dotted, present bool
}

// spaceLike maps the no-break spaces that newer locale data puts before
// "PM" (U+202F) or between fields (U+00A0, U+2009) to a plain space.
func spaceLike(r rune) rune {
	switch r {
	case '\u00a0', '\u202f', '\u2007', '\u2009':
		return ' '
	}
	return r
}

// parseStamp accepts "3/5/26, 6:00:15 PM" (en-US), "05/03/2026, 18:00:15"
// (en-GB), "05.03.26, 18:00:15" (de), "2026-03-05 18:00:15" and "2026/3/5
// 18:00" (ISO and East Asian locales): one- or two-digit fields, two- or
// four-digit years, an optional comma after the date, 12- or 24-hour clocks
// ("pm", "p.m." too) and optional seconds. It checks ranges that do not
// depend on date order.
func parseStamp(raw string) (stamp, error) {
	s := strings.Map(spaceLike, raw)
	st := stamp{raw: raw, present: true}
	bad := func() (stamp, error) { return stamp{}, fmt.Errorf("%w %q", ErrBadDate, raw) }
	p := 0
	num := func(minW, maxW int) (int, int, bool) {
		v, w := 0, 0
		for p < len(s) && w < maxW && s[p] >= '0' && s[p] <= '9' {
			v = v*10 + int(s[p]-'0')
			p++
			w++
		}
		// A digit right after maxW digits means the field is too long.
		if w < minW || (p < len(s) && s[p] >= '0' && s[p] <= '9') {
			return 0, w, false
		}
		return v, w, true
	}
	sep := func(want byte) bool {
		if p < len(s) && s[p] == want {
			p++
			return true
		}
		return false
	}
	isDateSep := func(c byte) bool { return c == '/' || c == '.' || c == '-' }

	a, w, ok := num(1, 4)
	if !ok || w == 3 || p >= len(s) || !isDateSep(s[p]) {
		return bad()
	}
	ds := s[p]
	p++
	if w == 4 {
		st.year, st.yearFirst = a, true
		if st.f1, _, ok = num(1, 2); !ok || !sep(ds) {
			return bad()
		}
		if st.f2, _, ok = num(1, 2); !ok {
			return bad()
		}
	} else {
		st.f1, st.dotted = a, ds == '.'
		if st.f2, _, ok = num(1, 2); !ok || !sep(ds) {
			return bad()
		}
		if st.year, w, ok = num(2, 4); !ok || w == 3 {
			return bad()
		}
		if w == 2 {
			// Two-digit years are this century's: reports start in 2017.
			st.year += 2000
		}
	}

	// Date and time are split by 'T', or by a comma and/or spaces.
	if !sep('T') {
		n := p
		sep(',')
		for p < len(s) && s[p] == ' ' {
			p++
		}
		if p == n {
			return bad()
		}
	}
	if st.hour, _, ok = num(1, 2); !ok || !sep(':') {
		return bad()
	}
	if st.minute, _, ok = num(2, 2); !ok {
		return bad()
	}
	if sep(':') {
		if st.sec, _, ok = num(2, 2); !ok {
			return bad()
		}
	}
	for p < len(s) && s[p] == ' ' {
		p++
	}
	pm, twelveHour := false, false
	if p < len(s) {
		switch strings.ToLower(s[p:]) {
		case "am", "a.m.", "a. m.":
			twelveHour = true
		case "pm", "p.m.", "p. m.":
			twelveHour, pm = true, true
		default:
			return bad()
		}
	}

	impossible := func() (stamp, error) { return stamp{}, fmt.Errorf("%w %q", ErrImpossibleDate, raw) }
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
	case st.f1 > 12 || st.dotted:
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

// parseDuration reads Teams' "1h 2m 10s", "45m 3s", "12s", "2h" and "0s",
// the spelled-out "1 hr 2 min" some locales and re-saves give, and
// "1:02:10". Units must come largest first, each at most once, so a typo
// such as "3s 2h" is reported rather than summed.
func parseDuration(raw string) (time.Duration, error) {
	s := strings.ToLower(strings.TrimSpace(strings.Map(spaceLike, raw)))
	bad := func() (time.Duration, error) { return 0, fmt.Errorf("%w %q", ErrBadDuration, raw) }
	p := 0
	num := func(maxW int) (int, int) {
		v, w := 0, 0
		for p < len(s) && s[p] >= '0' && s[p] <= '9' {
			if w == maxW {
				return 0, -1
			}
			v = v*10 + int(s[p]-'0')
			p++
			w++
		}
		return v, w
	}
	if strings.IndexByte(s, ':') >= 0 {
		h, w := num(4)
		if w < 1 || p >= len(s) || s[p] != ':' {
			return bad()
		}
		p++
		m, w := num(2)
		if w != 2 || m > 59 || p >= len(s) || s[p] != ':' {
			return bad()
		}
		p++
		sec, w := num(2)
		if w != 2 || sec > 59 || p != len(s) {
			return bad()
		}
		return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, nil
	}
	var total time.Duration
	last := -1 // rank of the previous unit: 0 hours, 1 minutes, 2 seconds
	for p < len(s) {
		n, w := num(6)
		if w < 1 {
			return bad()
		}
		for p < len(s) && s[p] == ' ' {
			p++
		}
		u := p
		for p < len(s) && s[p] >= 'a' && s[p] <= 'z' {
			p++
		}
		rank, unit := -1, time.Duration(0)
		switch s[u:p] {
		case "h", "hr", "hrs", "hour", "hours":
			rank, unit = 0, time.Hour
		case "m", "min", "mins", "minute", "minutes":
			rank, unit = 1, time.Minute
		case "s", "sec", "secs", "second", "seconds":
			rank, unit = 2, time.Second
		}
		if rank <= last {
			return bad()
		}
		last = rank
		total += time.Duration(n) * unit
		for p < len(s) && s[p] == ' ' {
			p++
		}
	}
	if last < 0 {
		return bad()
	}
	return total, nil
}
