// This file reads the wall-clock times of exports by hand, because the
// day/month order of a file is only known once every date in it has been seen.

package exportfile

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// DateOrder says how to read the first two fields of a slashed date such as
// 03/05/2026. Year-first dates (2026-03-05) are never ambiguous.
type DateOrder int

const (
	// DateAuto decides per file: a first field above 12 (or a dotted date,
	// 05.03.2026, where the Layout says only day-first locales write them)
	// means day-first, a second field above 12 means month-first, both in
	// one file is an error, and a file where every date could be either is
	// read month-first, which is the vendors' default (OrderVote.Guessed
	// says so).
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

// Layout says which written forms of times and durations one vendor's files
// may hold beyond the plainest, which the zero Layout reads: a slashed date
// with '/', '.' or '-' and a four-digit year ("3/5/2026", "05.03.2026") or a
// year-first date with '-' or '/' ("2026-03-05"); then 'T' or spaces; then a
// 12- or 24-hour clock with optional seconds ("5:58 PM", "17:58:12", "AM"
// and "PM" in any case). Each vendor's habits are switched on for its own
// files only, so that another vendor's typo is not read as a time.
type Layout struct {
	// LocaleSpaces reads the no-break spaces that newer locale data puts
	// before "PM" (U+202F) or between fields (U+00A0, U+2007, U+2009) as
	// plain spaces.
	LocaleSpaces bool
	// ShortYears accepts a two-digit year after day and month ("3/5/26"),
	// read as this century's.
	ShortYears bool
	// DottedYearFirst accepts '.' between the fields of a year-first date
	// ("2026.03.05").
	DottedYearFirst bool
	// DottedDayFirst makes a dotted date ("05.03.26") count as day-first
	// when DateAuto settles the order, as only day-first locales write them.
	DottedDayFirst bool
	// Comma says whether a comma may end the date, as in a locale string.
	Comma Comma
	// DottedMeridiem accepts "a.m." and "p.m." (any case) as well as AM/PM.
	DottedMeridiem bool
	// SpacedMeridiem accepts "a. m." and "p. m." (any case).
	SpacedMeridiem bool
	// Fraction accepts a fraction after the seconds ("19:35:12.000"), which
	// is dropped.
	Fraction bool
	// Zone accepts a zone after the clock, "Z", or "GMT" or "UTC" alone or
	// with an offset ("GMT-4", "UTC+05:30", "GMT+0530"), kept as written in
	// Stamp.Zone.
	Zone bool
	// Serial, when set, reads a plain decimal number as a spreadsheet date
	// serial (46105.8165), as a date cell holds it; Serial turns it into a
	// wall-clock time, with the workbook's epoch.
	Serial func(serial float64) (time.Time, error)
	// LessThan reads a duration written "< 1 min" as zero.
	LessThan bool
}

// Comma says whether a comma may stand between a date and its time.
type Comma int

const (
	// NoComma splits date and time by 'T' or spaces only.
	NoComma Comma = iota
	// CommaThenSpace also accepts a comma before the spaces, as a browser's
	// locale string pasted into a sheet has it ("3/24/2026, 7:41:03 PM").
	CommaThenSpace
	// CommaOrSpace also accepts a comma with no space after it
	// ("3/5/26,6:00 PM").
	CommaOrSpace
)

// Stamp is one time field split into numbers, kept until the file's date
// order is settled. The zero Stamp stands for an absent field.
type Stamp struct {
	raw  string
	zone string
	// For slashed dates f1 and f2 are the first two fields in written
	// order; for year-first dates they are month and day.
	f1, f2, year               int
	hour, minute, sec          int
	yearFirst, dotted, present bool
	// dayFirstClock: a slashed date with a 24-hour clock or a lower-case meridiem, as the
	// day-first English locales (en-GB, en-IN, en-AU) write them; en-US writes "6:01 PM".
	dayFirstClock bool
}

// Raw is the field as written.
func (st Stamp) Raw() string { return st.raw }

// Zone is the zone as written ("GMT-4"), or "" when the field states none.
func (st Stamp) Zone() string { return st.zone }

// Present reports whether the field was there, unlike the zero Stamp.
func (st Stamp) Present() bool { return st.present }

// ParseStamp reads a date and time as Layout l describes and checks the
// ranges that do not depend on date order; OrderVote.See checks the rest.
// Errors wrap ErrBadDate or ErrImpossibleDate and quote raw.
func ParseStamp(raw string, l Layout) (Stamp, error) {
	if l.Serial != nil && isDecimal(raw) {
		return l.serialStamp(raw)
	}
	sc := scanner{s: l.spaces(raw)}
	st := Stamp{raw: raw, present: true}
	bad := func() (Stamp, error) { return Stamp{}, fmt.Errorf("%w %q", ErrBadDate, raw) }

	a, w, ok := sc.num(1, 4)
	if !ok || w == 3 || sc.p >= len(sc.s) {
		return bad()
	}
	ds := sc.s[sc.p]
	if w == 4 {
		if ds != '-' && ds != '/' && (ds != '.' || !l.DottedYearFirst) {
			return bad()
		}
		sc.p++
		st.year, st.yearFirst = a, true
		if st.f1, _, ok = sc.num(1, 2); !ok || !sc.sep(ds) {
			return bad()
		}
		if st.f2, _, ok = sc.num(1, 2); !ok {
			return bad()
		}
	} else {
		if ds != '/' && ds != '.' && ds != '-' {
			return bad()
		}
		sc.p++
		st.f1, st.dotted = a, ds == '.' && l.DottedDayFirst
		if st.f2, _, ok = sc.num(1, 2); !ok || !sc.sep(ds) {
			return bad()
		}
		minYear := 4
		if l.ShortYears {
			minYear = 2
		}
		if st.year, w, ok = sc.num(minYear, 4); !ok || w == 3 {
			return bad()
		}
		if w == 2 {
			// Two-digit years are this century's: no export is older.
			st.year += 2000
		}
	}

	if !sc.sep('T') {
		comma := l.Comma != NoComma && sc.sep(',')
		if sc.spaces() == 0 && (!comma || l.Comma != CommaOrSpace) {
			return bad()
		}
	}
	c, ok := l.readClock(&sc)
	if !ok || sc.p != len(sc.s) {
		return bad()
	}
	if !c.settle() || st.year < 1 || st.f1 < 1 || st.f2 < 1 ||
		!st.yearFirst && st.f1 > 12 && st.f2 > 12 {
		return Stamp{}, fmt.Errorf("%w %q", ErrImpossibleDate, raw)
	}
	st.hour, st.minute, st.sec, st.zone = c.hour, c.minute, c.sec, c.zone
	st.dayFirstClock = !st.yearFirst && (!c.twelveHour || c.lowerMeridiem)
	return st, nil
}

// maxSerial is 9999-12-31, the last day a spreadsheet can show.
const maxSerial = 2958465

// serialStamp reads a spreadsheet date serial, to the nearest second.
func (l Layout) serialStamp(v string) (Stamp, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 1 || f > maxSerial || math.IsNaN(f) {
		return Stamp{}, fmt.Errorf("%w %q (not a date serial)", ErrBadDate, v)
	}
	t, err := l.Serial(f)
	if err != nil {
		return Stamp{}, fmt.Errorf("%w %q (not a date serial)", ErrBadDate, v)
	}
	t = t.Round(time.Second)
	if t.Year() < 2000 {
		// A small number ("7", "1.5") is no response time: a form answer typed in the column.
		return Stamp{}, fmt.Errorf("%w %q (a date serial of %d, no response time)", ErrBadDate, v, t.Year())
	}
	return Stamp{
		raw: v, present: true, yearFirst: true,
		year: t.Year(), f1: int(t.Month()), f2: t.Day(),
		hour: t.Hour(), minute: t.Minute(), sec: t.Second(),
	}, nil
}

// isDecimal reports whether s is a plain non-negative decimal number, the
// only shape a date serial takes in a worksheet.
func isDecimal(s string) bool {
	dot, digits := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// check reports whether st is a real date when read in order o.
func (st Stamp) check(o DateOrder) error {
	month, day := st.monthDay(o)
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, st.year) {
		return fmt.Errorf("%w %q", ErrImpossibleDate, st.raw)
	}
	return nil
}

func (st Stamp) monthDay(o DateOrder) (month, day int) {
	if st.yearFirst || o != DayFirst {
		return st.f1, st.f2
	}
	return st.f2, st.f1
}

// Time returns the wall-clock instant in order o, with time.UTC standing for
// "no zone"; the zero Stamp (an absent field) gives the zero time. st must
// have passed OrderVote.See, and o be the vote's Order.
func (st Stamp) Time(o DateOrder) time.Time {
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

// OrderVote settles a file's date order as its dates are read, so that a
// conflict is reported at the second of the two dates that disagree. The
// zero OrderVote decides per file (DateAuto).
type OrderVote struct {
	// Forced, unless DateAuto, is the order every date is read in.
	Forced DateOrder
	// ClockClues lets the clock decide a file whose dates fit either order: when every slashed
	// date of it has a 24-hour clock or a lower-case am/pm, it is day-first (for vendors whose
	// month-first locale always writes "PM", as Teams does).
	ClockClues                   bool
	slashed, dayFirstClocks      int
	yearFirst, readsEitherWay    bool // a year-first date seen; a slashed date whose two orders differ
	sawDayFirst, sawMonthFirst   bool
	dayFirstRaw, monthFirstRaw   string // the first date that showed each order
	dayFirstLine, monthFirstLine int
}

// See checks st, read on the given line, against the order known so far and
// records what it shows. Errors wrap ErrImpossibleDate or ErrMixedDateOrder.
func (v *OrderVote) See(st Stamp, line int) error {
	if !st.present {
		return nil
	}
	if v.Forced != DateAuto || st.yearFirst {
		v.yearFirst = v.yearFirst || st.yearFirst
		return st.check(v.Forced)
	}
	v.slashed++
	v.readsEitherWay = v.readsEitherWay || st.f1 != st.f2
	if st.dayFirstClock {
		v.dayFirstClocks++
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

// Order is the file's date order once every date has been seen.
func (v *OrderVote) Order() DateOrder {
	if v.Forced != DateAuto {
		return v.Forced
	}
	if v.sawDayFirst {
		return DayFirst
	}
	if !v.sawMonthFirst && v.ClockClues && v.slashed > 0 && v.dayFirstClocks == v.slashed {
		return DayFirst
	}
	return MonthFirst
}

// Guessed reports whether Order is only the default: the order was not forced, no date of the
// file has a field above 12 (or is dotted), its clock did not decide (ClockClues), and some
// slashed date reads as another day the other way round (03/05/2026 does, 03/03/2026 does not).
// A file that also holds a year-first date is not a guess either: its dates could not all be
// read the other way round together. Whoever knows when the meeting was (a schedule) may then
// read the file the other way round.
func (v *OrderVote) Guessed() bool {
	return v.Forced == DateAuto && v.readsEitherWay && !v.yearFirst &&
		!v.sawDayFirst && !v.sawMonthFirst && v.Order() == MonthFirst
}

// spaces maps locale spaces to plain ones when the layout says so.
func (l Layout) spaces(raw string) string {
	if !l.LocaleSpaces {
		return raw
	}
	return strings.Map(spaceLike, raw)
}

// spaceLike maps the no-break spaces of newer locale data to a plain space.
func spaceLike(r rune) rune {
	switch r {
	case '\u00a0', '\u202f', '\u2007', '\u2009':
		return ' '
	}
	return r
}
