// This file reads the clock part of a time field and the durations of
// meeting reports, which vendors write in the organiser's locale.

package exportfile

import (
	"fmt"
	"strings"
	"time"
)

// scanner walks a field byte by byte.
type scanner struct {
	s string
	p int
}

// num reads minW to maxW digits and returns their value and count; a digit
// right after maxW digits means the field is too long.
func (sc *scanner) num(minW, maxW int) (v, w int, ok bool) {
	for sc.p < len(sc.s) && w < maxW && isDigit(sc.s[sc.p]) {
		v = v*10 + int(sc.s[sc.p]-'0')
		sc.p++
		w++
	}
	if w < minW || sc.p < len(sc.s) && isDigit(sc.s[sc.p]) {
		return 0, w, false
	}
	return v, w, true
}

// sep takes the byte want if it is next.
func (sc *scanner) sep(want byte) bool {
	if sc.p < len(sc.s) && sc.s[sc.p] == want {
		sc.p++
		return true
	}
	return false
}

// spaces skips spaces and says how many there were.
func (sc *scanner) spaces() int {
	n := sc.p
	for sc.p < len(sc.s) && sc.s[sc.p] == ' ' {
		sc.p++
	}
	return sc.p - n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// clock is a time of day as written, before its ranges are checked.
type clock struct {
	hour, minute, sec int
	twelveHour, pm    bool
	lowerMeridiem     bool // "pm", "a.m.": as day-first locales write it; en-US writes "PM"
	zone              string
}

// readClock reads "h:mm", "h:mm:ss", a meridiem and, where the layout
// allows, a fraction and a zone. It stops at the first byte it cannot read,
// which the caller reports unless it ends the field.
func (l Layout) readClock(sc *scanner) (c clock, ok bool) {
	if c.hour, _, ok = sc.num(1, 2); !ok || !sc.sep(':') {
		return c, false
	}
	if c.minute, _, ok = sc.num(2, 2); !ok {
		return c, false
	}
	if sc.sep(':') {
		if c.sec, _, ok = sc.num(2, 2); !ok {
			return c, false
		}
		if l.Fraction && sc.sep('.') {
			if _, _, ok = sc.num(1, 9); !ok {
				return c, false
			}
		}
	}
	sc.spaces()
	if pm, n := l.meridiem(sc.s[sc.p:]); n > 0 {
		c.twelveHour, c.pm, c.lowerMeridiem = true, pm, sc.s[sc.p] == 'a' || sc.s[sc.p] == 'p'
		sc.p += n
		if l.Zone {
			sc.spaces()
		}
	}
	if l.Zone && sc.p < len(sc.s) {
		n, ok := zoneSuffix(sc.s[sc.p:])
		if !ok {
			return c, false
		}
		c.zone = sc.s[sc.p : sc.p+n]
		sc.p += n
	}
	return c, true
}

// settle checks the clock's ranges and turns a 12-hour time into 24-hour.
func (c *clock) settle() bool {
	if c.twelveHour {
		if c.hour < 1 || c.hour > 12 {
			return false
		}
		// 12 AM is midnight and 12 PM is noon.
		c.hour %= 12
		if c.pm {
			c.hour += 12
		}
	} else if c.hour > 23 {
		return false
	}
	return c.minute <= 59 && c.sec <= 59
}

// meridiem reads "AM" or "PM" in any case at the start of s, and "a.m." or
// "a. m." where the layout allows, and reports whether it is PM and how many
// bytes it took (0 if none). It must end the field or be followed by a space.
func (l Layout) meridiem(s string) (pm bool, n int) {
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
	case l.DottedMeridiem && len(s) >= 4 && s[1] == '.' && lower(s[2]) == 'm' && s[3] == '.':
		n = 4
	case l.SpacedMeridiem && len(s) >= 5 && s[1] == '.' && s[2] == ' ' && lower(s[3]) == 'm' && s[4] == '.':
		n = 5
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
		for p < len(s) && w < max && isDigit(s[p]) {
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

// ParseClock reads a clock-only time such as "6:58 PM", "18:58" or
// "6:58:12 PM" as Layout l describes, as the time since midnight. Errors
// wrap ErrBadTime or ErrImpossibleTime and quote raw.
func ParseClock(raw string, l Layout) (time.Duration, error) {
	sc := scanner{s: l.spaces(raw)}
	c, ok := l.readClock(&sc)
	if !ok || sc.p != len(sc.s) {
		return 0, fmt.Errorf("%w %q", ErrBadTime, raw)
	}
	if !c.settle() {
		return 0, fmt.Errorf("%w %q", ErrImpossibleTime, raw)
	}
	return time.Duration(c.hour)*time.Hour + time.Duration(c.minute)*time.Minute + time.Duration(c.sec)*time.Second, nil
}

// ParseDuration reads the durations of meeting reports: "1h 2m 10s", "45m
// 3s", "12s", "0s", the spelled-out "1 hr 28 min" or "2 hours 1 minute" some
// locales and re-saves give, the German, Spanish, Portuguese and French units
// ("59 Min. 0 Sek.", "1 hora 2 minutos"), and "1:02:10", in any case. Units must come
// largest first, each at most once, so that a typo such as "3s 2h" is
// reported rather than summed. Errors wrap ErrBadDuration and quote raw.
func ParseDuration(raw string, l Layout) (time.Duration, error) {
	s := strings.ToLower(strings.TrimSpace(l.spaces(raw)))
	less := false
	if l.LessThan && strings.HasPrefix(s, "<") {
		less, s = true, strings.TrimSpace(s[1:])
	}
	d, ok := duration(s)
	if !ok {
		return 0, fmt.Errorf("%w %q", ErrBadDuration, raw)
	}
	if less {
		return 0, nil
	}
	return d, nil
}

// duration reads a trimmed, lower-cased duration.
func duration(s string) (time.Duration, bool) {
	p := 0
	num := func(maxW int) (int, int) {
		v, w := 0, 0
		for p < len(s) && isDigit(s[p]) {
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
			return 0, false
		}
		p++
		m, w := num(2)
		if w != 2 || m > 59 || p >= len(s) || s[p] != ':' {
			return 0, false
		}
		p++
		sec, w := num(2)
		if w != 2 || sec > 59 || p != len(s) {
			return 0, false
		}
		return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, true
	}
	var total time.Duration
	last := -1 // rank of the previous unit: 0 hours, 1 minutes, 2 seconds
	for p < len(s) {
		n, w := num(6)
		if w < 1 {
			return 0, false
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
		case "h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "hora", "horas", "heure", "heures":
			rank, unit = 0, time.Hour
		case "m", "min", "mins", "minute", "minutes", "minuten", "minuto", "minutos":
			rank, unit = 1, time.Minute
		case "s", "sec", "secs", "second", "seconds", "sek", "sekunde", "sekunden", "seg", "segundo", "segundos", "seconde", "secondes":
			rank, unit = 2, time.Second
		}
		if rank <= last {
			return 0, false
		}
		// German reports abbreviate with a dot: "1 Std. 2 Min. 10 Sek.".
		if p < len(s) && s[p] == '.' {
			p++
		}
		last = rank
		total += time.Duration(n) * unit
		for p < len(s) && s[p] == ' ' {
			p++
		}
	}
	if last < 0 {
		return 0, false
	}
	return total, true
}
