// This file reads the clock times and durations of a Meet report by hand,
// because Sheets writes them in the organiser's locale.

package meet

import (
	"fmt"
	"strings"
	"time"
)

// spaceLike maps the no-break spaces that newer locale data puts before
// "PM" (U+202F) or between fields (U+00A0, U+2009) to a plain space.
func spaceLike(r rune) rune {
	switch r {
	case '\u00a0', '\u202f', '\u2007', '\u2009':
		return ' '
	}
	return r
}

// parseClock reads "6:58 PM", "18:58", "6:58:12 PM" or "6:58 p.m." as the
// time since midnight.
func parseClock(raw string) (time.Duration, error) {
	s := strings.Map(spaceLike, raw)
	bad := func() (time.Duration, error) { return 0, fmt.Errorf("%w %q", ErrBadTime, raw) }
	p := 0
	num := func(minW, maxW int) (int, bool) {
		v, w := 0, 0
		for p < len(s) && w < maxW && s[p] >= '0' && s[p] <= '9' {
			v = v*10 + int(s[p]-'0')
			p++
			w++
		}
		return v, w >= minW && !(p < len(s) && s[p] >= '0' && s[p] <= '9')
	}
	hour, ok := num(1, 2)
	if !ok || p >= len(s) || s[p] != ':' {
		return bad()
	}
	p++
	minute, ok := num(2, 2)
	if !ok {
		return bad()
	}
	sec := 0
	if p < len(s) && s[p] == ':' {
		p++
		if sec, ok = num(2, 2); !ok {
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
	if twelveHour {
		if hour < 1 || hour > 12 {
			return 0, fmt.Errorf("%w %q", ErrImpossibleTime, raw)
		}
		// 12 AM is midnight and 12 PM is noon.
		hour %= 12
		if pm {
			hour += 12
		}
	}
	if hour > 23 || minute > 59 || sec > 59 {
		return 0, fmt.Errorf("%w %q", ErrImpossibleTime, raw)
	}
	return time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute + time.Duration(sec)*time.Second, nil
}

// parseMinutes reads Meet's "1 hr 28 min", "45 min" and "1 hr", the short
// "1h 28m" and "1:28:00" of re-saves, and seconds where given, as whole
// minutes (seconds are dropped). A leading "<" ("< 1 min") reads as 0.
// Units must come largest first, each at most once, so a typo is reported
// rather than summed.
func parseMinutes(raw string) (int, error) {
	s := strings.ToLower(strings.TrimSpace(strings.Map(spaceLike, raw)))
	bad := func() (int, error) { return 0, fmt.Errorf("%w %q", ErrBadDuration, raw) }
	less := false
	if strings.HasPrefix(s, "<") {
		less, s = true, strings.TrimSpace(s[1:])
	}
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
	var total time.Duration
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
		total = time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second
	} else {
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
	}
	if less {
		return 0, nil
	}
	return int(total / time.Minute), nil
}
