// This file reads the exports' submission times by hand, because the
// day/month order of a file is only known once every date in it has been seen.

package forms

import (
	"fmt"
	"time"
)

// stamp is one time field split into numbers, kept until the file's date
// order is settled. For slashed dates f1 and f2 are the first two fields in
// written order; for year-first dates they are month and day.
type stamp struct {
	raw                string
	f1, f2, year       int
	hour, minute, sec  int
	yearFirst, present bool
	zone               string // "GMT-4" as written, or ""
}

// parseStamp accepts the layouts the three vendors and spreadsheet re-saves
// write:
//
//	2026/03/24 7:35:12 PM GMT-4   Google Forms download
//	3/24/2026 19:35:12            Google Sheets (24/03/2026 in day-first locales)
//	2026-03-24 19:35:12           Qualtrics
//	3/24/26 19:35:12              Microsoft Forms text times
//
// that is: a year-first date with '-' or '/', or a two-field date with '/',
// '.' or '-' and a two- or four-digit year (two digits are 20yy); then 'T',
// spaces or ", "; a 12- or 24-hour clock with optional seconds and fraction
// (dropped); and an optional zone "GMT", "GMT-4", "GMT+05:30", "UTC+1" or
// "Z". It checks ranges that do not depend on date order.
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
	spaces := func() int {
		n := p
		for p < len(s) && s[p] == ' ' {
			p++
		}
		return p - n
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
		ys := p
		if st.year, ok = num(2, 4); !ok || p-ys == 3 {
			return bad()
		}
		if p-ys == 2 {
			st.year += 2000
		}
	}

	// Date and time are split by 'T', by spaces, or by ", " (a browser's
	// locale string pasted into a sheet).
	if !sep('T') {
		sep(',')
		if spaces() == 0 {
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
		if sep('.') {
			if _, ok = num(1, 9); !ok {
				return bad()
			}
		}
	}
	spaces()
	pm, twelveHour := false, false
	if m, n := meridiem(s[p:]); n > 0 {
		twelveHour, pm = true, m
		p += n
		spaces()
	}
	if p < len(s) {
		n, ok := zoneSuffix(s[p:])
		if !ok {
			return bad()
		}
		st.zone = s[p : p+n]
		p += n
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

// meridiem reads "AM", "PM", "a.m." or "p.m." in any case at the start of s
// and reports whether it is PM and how many bytes it took (0 if none).
func meridiem(s string) (pm bool, n int) {
	if len(s) < 2 {
		return false, 0
	}
	lower := func(c byte) byte { return c | 0x20 }
	c := lower(s[0])
	if c != 'a' && c != 'p' {
		return false, 0
	}
	switch {
	case lower(s[1]) == 'm':
		n = 2
	case len(s) >= 4 && s[1] == '.' && lower(s[2]) == 'm' && s[3] == '.':
		n = 4
	default:
		return false, 0
	}
	// "AM" must end the word: "AMT" is not a meridiem.
	if n < len(s) && s[n] != ' ' {
		return false, 0
	}
	return c == 'p', n
}

// zoneSuffix measures a zone written after the clock: "Z", "GMT" or "UTC"
// alone or with an offset "-4", "+05:30", "+0530". Offsets beyond ±14 hours
// are not zones.
func zoneSuffix(s string) (int, bool) {
	if s == "Z" {
		return 1, true
	}
	if len(s) < 3 || (s[:3] != "GMT" && s[:3] != "UTC") {
		return 0, false
	}
	p := 3
	if p == len(s) {
		return p, true
	}
	if s[p] != '+' && s[p] != '-' {
		return 0, false
	}
	p++
	digits := func(max int) (int, int) {
		v, w := 0, 0
		for p < len(s) && w < max && s[p] >= '0' && s[p] <= '9' {
			v = v*10 + int(s[p]-'0')
			p++
			w++
		}
		return v, w
	}
	h, w := digits(2)
	if w == 0 || h > 14 {
		return 0, false
	}
	if p < len(s) && s[p] == ':' {
		p++
	}
	if p < len(s) {
		m, w := digits(2)
		if w != 2 || m > 59 {
			return 0, false
		}
	}
	return p, p == len(s)
}

// dateOrder says how to read the first two fields of a slashed date such as
// 03/05/2026. Year-first dates are never ambiguous.
type dateOrder int

const (
	monthFirst dateOrder = iota
	dayFirst
)

// check reports whether st is a real date when read in order o.
func (st stamp) check(o dateOrder) error {
	month, day := st.monthDay(o)
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, st.year) {
		return fmt.Errorf("%w %q", ErrImpossibleDate, st.raw)
	}
	return nil
}

func (st stamp) monthDay(o dateOrder) (month, day int) {
	if st.yearFirst || o != dayFirst {
		return st.f1, st.f2
	}
	return st.f2, st.f1
}

// time returns the wall-clock instant, with time.UTC standing for "no zone";
// the zero stamp (an absent field) gives the zero time. st must have passed
// check(o).
func (st stamp) time(o dateOrder) time.Time {
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
// conflict is reported at the second of the two dates that disagree. A file
// whose every date has both fields at most 12 is read month-first, the
// vendors' default.
type orderVote struct {
	sawDayFirst, sawMonthFirst   bool
	dayFirstRaw, monthFirstRaw   string // the first date that showed each order
	dayFirstLine, monthFirstLine int
}

// see checks st against the order known so far and records what it shows.
func (v *orderVote) see(st stamp, line int) error {
	if !st.present {
		return nil
	}
	if st.yearFirst {
		return st.check(monthFirst)
	}
	switch {
	case st.f1 > 12:
		if v.sawMonthFirst {
			return fmt.Errorf("%w: %q is day-first but line %d has %q", ErrMixedDateOrder, st.raw, v.monthFirstLine, v.monthFirstRaw)
		}
		if !v.sawDayFirst {
			v.sawDayFirst, v.dayFirstRaw, v.dayFirstLine = true, st.raw, line
		}
		return st.check(dayFirst)
	case st.f2 > 12:
		if v.sawDayFirst {
			return fmt.Errorf("%w: %q is month-first but line %d has %q", ErrMixedDateOrder, st.raw, v.dayFirstLine, v.dayFirstRaw)
		}
		if !v.sawMonthFirst {
			v.sawMonthFirst, v.monthFirstRaw, v.monthFirstLine = true, st.raw, line
		}
		return st.check(monthFirst)
	}
	// Both fields are 12 or less, so either order gives a real date.
	return nil
}

// order is the file's date order once every date has been seen.
func (v *orderVote) order() dateOrder {
	if v.sawDayFirst {
		return dayFirst
	}
	return monthFirst
}
