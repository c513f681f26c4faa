// zoom.go plays one held session as Zoom records it (late joiners, reconnects, device
// switches, the waiting room, guests, renamed users, strangers) and writes the classic
// meeting participants report byte for byte as Zoom does.

package demo

import (
	"bytes"
	"fmt"
	"slices"
	"time"
)

// presence is one row of a participants report: one join/leave interval of one display name.
type presence struct {
	who     int // index of the member in the cohort, or hostRow, or strangerRow
	display string
	email   string
	guest   bool
	waiting bool
	join    int // seconds from the scheduled start
	leave   int
}

const (
	hostRow     = -1
	strangerRow = -2
)

// sessionRows plays session s (0-based) of c: the host first, then everyone else by join time.
func (g *generator) sessionRows(c *cohort, s int, attends [][]bool) []presence {
	var rows []presence
	for m, p := range c.members {
		switch {
		case attends[m][s]:
			rows = g.attendRows(rows, m, p, c.taken)
		case g.chance(0.03):
			// Knocked from the waiting room, was never admitted: rows, but still absent.
			rows = append(rows, presence{who: m, display: p.name, email: p.email, waiting: true,
				join: g.between(-240, -60), leave: g.between(120, 600)})
		}
	}
	if g.chance(0.3) {
		count := 1
		if g.chance(0.2) {
			count = 2
		}
		rows = g.strangerRows(rows, count, c.taken)
	}
	slices.SortStableFunc(rows, func(a, b presence) int { return a.join - b.join })

	first, last := 0, sessionSeconds
	for _, r := range rows {
		first, last = min(first, r.join), max(last, r.leave)
	}
	host := presence{who: hostRow, display: c.host.name, email: c.host.email,
		join: first - g.between(60, 240), leave: last + g.between(10, 90)}
	return append([]presence{host}, rows...)
}

// attendRows appends the rows of a member who comes to the session. Arrival (on time, late,
// through the waiting room), departure (on time, early) and a disruption (none, a reconnect,
// a device switch) are drawn separately, and how Zoom names them (signed in, guest without
// email, renamed, profile name an alias) on top. Times stay at least two minutes clear of the
// ten-minute grace on either side, so the status never hangs on rounding.
func (g *generator) attendRows(rows []presence, m int, p *person, taken keySet) []presence {
	id := presence{who: m, display: p.name, email: p.email}
	switch r := g.rng.Float64(); {
	case r < 0.05: // joined from a link without signing in: only the name identifies them
		id.email, id.guest, id.display = "", true, g.guestName(p)
	case r < 0.09: // renamed themselves in the meeting; Zoom keeps the original in brackets
		id.display = g.newDisplayName(p, taken) + " (" + p.name + ")"
		if g.chance(0.5) {
			id.email, id.guest = "", true
		}
	case r < 0.15: // signed in with a profile name that is one of their aliases
		if len(p.aliases) > 0 {
			id.display = p.aliases[g.rng.IntN(len(p.aliases))]
		}
	}

	join := g.between(-3*60, 5*60)
	switch r := g.rng.Float64(); {
	case r < 0.12:
		join = g.between(15*60, 40*60)
	case r < 0.18:
		waitFrom := g.between(-5*60, -90)
		if g.chance(0.6) {
			join = g.between(-60, -5)
		} else {
			join = g.between(60, 6*60) // admitted after the start: counting the wait would show
		}
		w := id
		w.waiting, w.join, w.leave = true, waitFrom, join
		rows = append(rows, w)
	}
	leave := sessionSeconds + g.between(-5*60, 8*60)
	if g.chance(0.12) {
		leave = sessionSeconds - g.between(15*60, 40*60)
	}

	a, b := id, id
	switch r := g.rng.Float64(); {
	case r < 0.07 && leave-join >= 1800: // dropped and rejoined 1-5 minutes later (or at once)
		gap := g.between(60, 5*60)
		if g.chance(0.1) {
			gap = 0
		}
		mid := g.between(join+600, leave-600-gap)
		a.join, a.leave = join, mid
		b.join, b.leave = mid+gap, leave
		return append(rows, a, b)
	case r < 0.13 && leave-join >= 1800: // moved to another device: it joins before the first leaves
		mid := g.between(join+600, leave-600)
		a.join, a.leave = join, mid+g.between(15, 120)
		b.join, b.leave = mid, leave
		return append(rows, a, b)
	}
	a.join, a.leave = join, leave
	return append(rows, a)
}

// guestName is what a member types when joining without signing in: their roster name, an
// alias, or their name in lower case without accents.
func (g *generator) guestName(p *person) string {
	switch r := g.rng.Float64(); {
	case r < 0.25 && len(p.aliases) > 0:
		return p.aliases[g.rng.IntN(len(p.aliases))]
	case r < 0.5:
		return plainLower(p.name)
	}
	return p.name
}

// newDisplayName is what a member renames themselves to; it never folds to another member's
// name or alias.
func (g *generator) newDisplayName(p *person, taken keySet) string {
	short := p.first
	if nick, ok := nicknames[p.first]; ok {
		short = nick
	}
	options := []string{
		short,
		p.first + "'s iPhone",
		p.first + " " + initial(p.last) + ".",
		short + " 🙂",
		"Mom's iPad",
	}
	for range 8 {
		d := options[g.rng.IntN(len(options))]
		if key := foldKey(d); taken.free(key) || slices.Contains(p.keys, key) {
			return d
		}
	}
	return p.first + "'s laptop"
}

// strangerRows appends count people who are neither members nor the facilitator: unnamed
// devices, numbered guests, and the odd visitor with a name (sometimes an email).
func (g *generator) strangerRows(rows []presence, count int, taken keySet) []presence {
	used := keySet{}
	for range count {
		var name, email string
		for {
			email = ""
			switch g.rng.IntN(3) {
			case 0:
				name = strangerDevices[g.rng.IntN(len(strangerDevices))]
			case 1:
				name = fmt.Sprintf("Guest %04d", g.between(1000, 9999))
			default:
				f, l := firstNames[g.rng.IntN(len(firstNames))], lastNames[g.rng.IntN(len(lastNames))]
				name = f + " " + l
				if g.chance(0.5) {
					email = emailLocal(f) + "." + emailLocal(l) + "@visitor.example"
				}
			}
			if key := foldKey(name); taken.free(key) && used.free(key) {
				used.add(key)
				break
			}
		}
		join := g.between(-2*60, 40*60)
		rows = append(rows, presence{who: strangerRow, display: name, email: email, guest: true,
			join: join, leave: join + g.between(2*60, 50*60)})
	}
	return rows
}

const zoomTime = "01/02/2006 03:04:05 PM"

var topics = map[string]string{
	"intro":    "Codependency intro - week %d",
	"advanced": "Codependency advanced group - week %d",
}

// writeZoom writes zoom/<cohort>_s<N>.csv: UTF-8 BOM, CRLF, a trailing comma on every line,
// and (in four files of five) the meeting block above the participant rows.
func (g *generator) writeZoom(c *cohort, s int, rows []presence) error {
	start := c.starts[s]
	at := func(offset int) string { return start.Add(time.Duration(offset) * time.Second).Format(zoomTime) }
	b := &g.buf
	b.Reset()
	b.WriteString("\ufeff")
	if g.zoomSeq%5 != 4 {
		host := rows[0]
		// Zoom counts people, not rows: a member is one however many rows or names they have.
		seen := make([]bool, len(c.members))
		participants := 0
		for _, r := range rows {
			if r.who < 0 || !seen[r.who] {
				participants++
			}
			if r.who >= 0 {
				seen[r.who] = true
			}
		}
		writeLine(b, true, "\r\n", "Meeting ID", "Topic", "Start Time", "End Time", "User Email",
			"Duration (Minutes)", "Participants")
		writeLine(b, true, "\r\n", c.meetingID, fmt.Sprintf(topics[c.program], s+1), at(host.join),
			at(host.leave), host.email, itoa(ceilMinutes(host.leave-host.join)), itoa(participants))
		b.WriteString("\r\n")
	}
	g.zoomSeq++
	writeLine(b, true, "\r\n", "Name (Original Name)", "User Email", "Join Time", "Leave Time",
		"Duration (Minutes)", "Guest", "Recording Consent", "In Waiting Room")
	for _, r := range rows {
		writeLine(b, true, "\r\n", r.display, r.email, at(r.join), at(r.leave),
			itoa(ceilMinutes(r.leave-r.join)), yesNo(r.guest), "", yesNo(r.waiting))
	}
	if err := g.writeFile(fmt.Sprintf("zoom/%s_s%d.csv", c.label, s+1), b.Bytes()); err != nil {
		return err
	}
	// The first cohort's second session was downloaded twice, the second time re-saved with
	// plain line ends: other bytes, the same meeting. Both load, and count once.
	if c.label == g.firstCohort && s == 1 {
		again := bytes.ReplaceAll(b.Bytes(), []byte("\r\n"), []byte("\n"))
		return g.writeFile(fmt.Sprintf("zoom/%s_s%d (1).csv", c.label, s+1), again)
	}
	return nil
}

// ceilMinutes is Zoom's duration: a started minute counts as a whole one.
func ceilMinutes(seconds int) int { return (seconds + 59) / 60 }

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}
