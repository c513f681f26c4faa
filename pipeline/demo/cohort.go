// cohort.go lays out one cohort (its sessions, members and who comes when), plays its held
// sessions, records their truth and writes the cohort's rows and files.

package demo

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"time"

	"cohesion/pipeline/forms"
)

// cohort is one group running one program on a weekly schedule.
type cohort struct {
	label, program string
	planned, held  int
	starts         []time.Time // scheduled start of each planned session, in the zone
	meetingID      string
	host           facilitator
	members        []*person
	from           []int // each member's first enrolled session (roster from_session)
	taken          keySet
}

// eveningStarts are the clock times (hhmm) cohorts after the first begin at.
var eveningStarts = []int{1800, 1830, 1900}

// newCohort schedules cohort i one to three weeks after prev (Monday to Thursday, evening) and
// enrols its members.
func (g *generator) newCohort(i int, prev *cohort) *cohort {
	c := &cohort{program: "intro", planned: 4}
	if i%3 == 2 {
		c.program, c.planned = "advanced", 8
	}
	c.label = fmt.Sprintf("%s-%03d", c.program, i+1)
	first := g.cfg.Start
	if prev != nil {
		y, m, d := prev.starts[0].Date()
		day := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
		monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		next := monday.AddDate(0, 0, 7*g.between(1, 3)+g.rng.IntN(4))
		clock := eveningStarts[g.rng.IntN(len(eveningStarts))]
		first = time.Date(next.Year(), next.Month(), next.Day(), clock/100, clock%100, 0, 0, g.loc)
	}
	// Each session is built from the wall clock, not by adding 168 hours, so 18:00 stays 18:00
	// across a daylight-saving change.
	y, m, d := first.Date()
	for s := range c.planned {
		c.starts = append(c.starts, time.Date(y, m, d+7*s, first.Hour(), first.Minute(), 0, 0, g.loc))
	}
	c.held = c.planned
	if i >= g.cfg.Cohorts-g.cfg.Running {
		c.held -= g.between(1, 2)
	}
	c.meetingID = g.newMeetingID()
	c.host = facilitators[(i/2)%len(facilitators)]

	c.taken = keySet{}
	for _, f := range facilitators {
		c.taken.add(foldKey(f.name))
	}
	n := g.between(6, 10)
	if c.program == "advanced" {
		want := int(math.Round(float64(n) / 3))
		c.members = g.pickContinuers(want, c.starts[0], c.taken)
	}
	for len(c.members) < n {
		p := g.newPerson(c.taken)
		c.taken.add(p.keys...)
		c.members = append(c.members, p)
	}
	g.rng.Shuffle(len(c.members), func(a, b int) { c.members[a], c.members[b] = c.members[b], c.members[a] })
	return c
}

// newMeetingID returns a Zoom-style recurring meeting ID ("812 3456 7890") not used before.
func (g *generator) newMeetingID() string {
	for {
		digits := fmt.Sprintf("8%010d", g.rng.Int64N(1e10))
		id := digits[:3] + " " + digits[3:7] + " " + digits[7:]
		if !g.meetings[id] {
			g.meetings[id] = true
			return id
		}
	}
}

// course is how a member means to go through a cohort.
type course int

const (
	completes   course = iota // attends to the end, perhaps missing one middle session
	startsLate                // first comes to session 2 or 3, then to the end
	dropsOut                  // attends sessions 1..k, then never again
	neverStarts               // enrolled, never comes
)

// plan decides which planned sessions each member attends. Every cohort has a dropout; some
// have a second, a member who never starts and a late starter.
func (g *generator) plan(c *cohort) [][]bool {
	courses := make([]course, len(c.members))
	courses[0] = dropsOut
	if g.chance(0.5) {
		courses[1] = dropsOut
	}
	if g.chance(0.4) {
		courses[2] = neverStarts
	}
	if g.chance(0.3) {
		courses[3] = startsLate
	}
	g.rng.Shuffle(len(courses), func(a, b int) { courses[a], courses[b] = courses[b], courses[a] })

	attends := make([][]bool, len(c.members))
	for m, how := range courses {
		a := make([]bool, c.planned)
		switch how {
		case completes:
			for s := range a {
				a[s] = true
			}
			if g.chance(0.3) {
				a[g.between(1, c.planned-2)] = false
			}
		case startsLate:
			for s := g.between(1, 2); s < c.planned; s++ {
				a[s] = true
			}
		case dropsOut:
			for s := range g.between(1, c.planned-1) {
				a[s] = true
			}
		}
		attends[m] = a
	}
	return attends
}

// runCohort plays the cohort's held sessions, records the truth and writes its files and rows.
func (g *generator) runCohort(c *cohort) error {
	attends := g.plan(c)
	// In the first cohort, a member who first comes after session 1 joined the group late: the
	// roster enrols them from that session (from_session), so they are not absent before it.
	c.from = make([]int, len(c.members))
	for m := range c.from {
		c.from[m] = 1
	}
	for m := range c.members {
		if c.label != g.firstCohort || attends[m][0] {
			continue
		}
		for s := 1; s < c.held; s++ {
			if attends[m][s] {
				c.from[m] = s + 1
				break
			}
		}
		if c.from[m] > 1 {
			break // one late joiner is enough
		}
	}
	moods := g.moods(c)
	statuses := make([][]string, len(c.members))
	for s := range c.held {
		rows := g.sessionRows(c, s, attends)
		for m, p := range c.members {
			var mine []span
			for _, r := range rows {
				if r.who == m && !r.waiting {
					mine = append(mine, span{r.join, r.leave})
				}
			}
			status, present, late, early := attendanceOf(mine, sessionSeconds)
			statuses[m] = append(statuses[m], status)
			if s+1 < c.from[m] {
				continue // not enrolled yet: no attendance row
			}
			g.truth.Attendance = append(g.truth.Attendance, AttendanceTruth{
				Cohort: c.label, Session: s + 1, Email: p.email, Name: p.name, Status: status,
				MinutesPresent: present, LateMinutes: late, LeftEarlyMinutes: early,
			})
		}
		for _, r := range rows {
			if r.who == strangerRow {
				g.truth.Unmatched = append(g.truth.Unmatched, UnmatchedTruth{
					Cohort: c.label, Session: s + 1, Name: r.display, Email: r.email,
				})
			}
		}
		if err := g.writeZoom(c, s, rows); err != nil {
			return err
		}
	}
	for m, p := range c.members {
		skip := c.from[m] - 1 // sessions before the member was enrolled
		attended, last, outcome, after := retentionOf(statuses[m][skip:], c.planned-skip)
		if last > 0 {
			last += skip
		}
		if after > 0 {
			after += skip
		}
		g.truth.Retention = append(g.truth.Retention, RetentionTruth{
			Cohort: c.label, Program: c.program, Email: p.email, Name: p.name,
			SessionsPlanned: c.planned - skip, SessionsAttended: attended, LastAttended: last,
			Outcome: outcome, DropoutAfter: after,
		})
		if c.program == "intro" && outcome == OutcomeCompleted {
			g.pool = append(g.pool, continuer{p: p, ended: c.starts[c.planned-1]})
		}
	}
	if err := g.writeCheckins(c, statuses, moods); err != nil {
		return err
	}
	for s, at := range c.starts {
		writeLine(g.schedule.w, false, "\n", c.label, c.program, itoa(s+1), at.Format("2006-01-02 15:04"),
			itoa(sessionMinutes), c.meetingID, g.cfg.Timezone, c.host.name)
	}
	for m, p := range c.members {
		from := ""
		if c.from[m] > 1 {
			from = itoa(c.from[m])
		}
		writeLine(g.roster.w, false, "\n", c.label, p.name, p.email, strings.Join(p.aliases, ";"), from)
	}
	return nil
}

// mood is a member's leaning in a cohort, from which their check-in answers are drawn.
type mood struct{ engaged, avoiding, conflicted, connected float64 }

// moods draws each member's leaning around a cohort-wide one, so groups differ as well as people.
func (g *generator) moods(c *cohort) []mood {
	shift := g.rng.NormFloat64() * 0.5
	out := make([]mood, len(c.members))
	for m := range out {
		out[m] = mood{
			engaged:    4.2 + shift + g.rng.NormFloat64()*0.6,
			avoiding:   2.4 - shift/2 + g.rng.NormFloat64()*0.7,
			conflicted: 1.3 + g.rng.NormFloat64()*0.6,
			connected:  5.0 + 1.5*shift + g.rng.NormFloat64()*1.2,
		}
	}
	return out
}

// gcqScale says which GCQ-S scale each item (1-12) belongs to: engagement, avoidance, conflict.
var gcqScale = [13]byte{0, 'e', 'e', 'a', 'e', 'a', 'c', 'c', 'e', 'a', 'c', 'e', 'c'}

// writeCheckins writes a cohort's check-ins and ratings, drawn from the extra random stream so
// that adding them changed no attendance. For every session a member attended:
//   - the check-in: "connected" (0-10), the members they connected with since the last session
//     (contacts, by roster name) and the twelve GCQ-S items (0-6), now and then one left blank.
//     The first cohort's check-ins are a Google Forms export (with a free-text question some
//     answer); the others' are the long form (checkins/<cohort>.csv);
//   - GSRS (four 0-10 items) in checkins/<cohort>-ratings.csv, with ORS and CORE-10 at the
//     member's first and last attended sessions (their outcome change is planted in the truth).
func (g *generator) writeCheckins(c *cohort, statuses [][]string, moods []mood) error {
	x := g.extra
	google := c.label == g.firstCohort
	b := &g.buf
	b.Reset()
	if google {
		header := []string{"Timestamp", "Email Address", "How connected do you feel to the group right now? (0-10)",
			"Which group members did you connect with since the last session?"}
		for item := 1; item <= 12; item++ {
			header = append(header, fmt.Sprintf("Group Climate [GCQ_%d %s]", item, forms.GCQItems[item-1]))
		}
		header = append(header, "Anything you would like the facilitator to know?")
		writeLine(b, false, "\r\n", header...)
	} else {
		writeLine(b, false, "\n", "email", "cohort", "session", "instrument", "item", "value")
	}
	var ratings bytes.Buffer
	writeLine(&ratings, false, "\n", "email", "cohort", "session", "instrument", "item", "value")
	first, last := make([]int, len(c.members)), make([]int, len(c.members))
	for m := range c.members {
		first[m], last[m] = -1, -1
		for s := range c.held {
			if statuses[m][s] != StatusAbsent {
				if first[m] < 0 {
					first[m] = s
				}
				last[m] = s
			}
		}
	}
	for s := range c.held {
		session := itoa(s + 1)
		growth := 0.12 * float64(s)
		for m, p := range c.members {
			if statuses[m][s] == StatusAbsent {
				continue
			}
			md := moods[m]
			connected := clampRound(md.connected+3*growth+x.NormFloat64(), 0, 10)
			var contacts []string
			for o, q := range c.members {
				if o != m && statuses[o][s] != StatusAbsent && x.Float64() < 0.15+0.04*float64(connected) {
					contacts = append(contacts, q.name)
					g.truth.Ties = append(g.truth.Ties, TieTruth{Cohort: c.label, Session: s + 1, Email: p.email, NamedEmail: q.email})
				}
			}
			skip := 0
			if x.Float64() < 0.04 {
				skip = 1 + x.IntN(12)
			}
			gcq := make([]string, 13)
			for item := 1; item <= 12; item++ {
				if item == skip {
					continue
				}
				base := md.engaged + growth
				switch gcqScale[item] {
				case 'a':
					base = md.avoiding - growth
				case 'c':
					base = md.conflicted
				}
				gcq[item] = itoa(clampRound(base+x.NormFloat64()*0.8, 0, 6))
			}
			if google {
				// Submitted after the session, the same evening, as Google Forms writes the time.
				at := c.starts[s].Add(time.Duration(95+x.IntN(90)) * time.Minute)
				_, off := at.Zone()
				row := []string{at.Format("2006/01/02 3:04:05 PM") + " GMT" + fmt.Sprintf("%+d", off/3600), p.email, itoa(connected), strings.Join(contacts, ", ")}
				row = append(row, gcq[1:]...)
				comment := ""
				if x.Float64() < 0.3 {
					comment = comments[x.IntN(len(comments))]
				}
				writeLine(b, false, "\r\n", append(row, comment)...)
			} else {
				writeLine(b, false, "\n", p.email, c.label, session, "checkin", "connected", itoa(connected))
				if len(contacts) > 0 {
					writeLine(b, false, "\n", p.email, c.label, session, "checkin", "contacts", strings.Join(contacts, "; "))
				}
				for item := 1; item <= 12; item++ {
					if gcq[item] != "" {
						writeLine(b, false, "\n", p.email, c.label, session, "gcqs", "gcq_"+itoa(item), gcq[item])
					}
				}
			}
			for item := 1; item <= 4; item++ {
				writeLine(&ratings, false, "\n", p.email, c.label, session, "gsrs", "gsrs_"+itoa(item), itoa(clampRound(7.5+md.connected/5+x.NormFloat64(), 0, 10)))
			}
			if first[m] == last[m] || (s != first[m] && s != last[m]) {
				continue
			}
			// Outcome measures at the first and last sessions attended; the change is planted.
			ors, core := 0, 0
			for item := 1; item <= 4; item++ {
				v := clampRound(4.5+md.engaged/3+float64(s)*0.6+x.NormFloat64(), 0, 10)
				ors += v
				writeLine(&ratings, false, "\n", p.email, c.label, session, "ors", "ors_"+itoa(item), itoa(v))
			}
			for item := 1; item <= 10; item++ {
				v := clampRound(2.2-float64(s)*0.25+x.NormFloat64()*0.7, 0, 4)
				if item == 2 || item == 3 { // worded positively: reverse keyed
					core += 4 - v
				} else {
					core += v
				}
				writeLine(&ratings, false, "\n", p.email, c.label, session, "core10", "core10_"+itoa(item), itoa(v))
			}
			for _, o := range []struct {
				instrument string
				total      int
			}{{"core10", core}, {"ors", ors}} {
				if s == first[m] {
					g.truth.Outcomes = append(g.truth.Outcomes, OutcomeTruth{Cohort: c.label, Email: p.email, Instrument: o.instrument, Baseline: o.total})
				} else {
					for i := range g.truth.Outcomes {
						t := &g.truth.Outcomes[i]
						if t.Cohort == c.label && t.Email == p.email && t.Instrument == o.instrument {
							t.Final = o.total
						}
					}
				}
			}
		}
	}
	name := "checkins/" + c.label + ".csv"
	if google {
		name = "checkins/" + c.label + " check-in (Responses) - Form Responses 1.csv"
	}
	if err := g.writeFile(name, b.Bytes()); err != nil {
		return err
	}
	return g.writeFile("checkins/"+c.label+"-ratings.csv", ratings.Bytes())
}

// comments are free-text answers members give now and then.
var comments = []string{
	"Not sure this is for me.", "Thank you, this week felt lighter.", "Hard to talk tonight.",
	"I'd like more time for check-ins.", "The breakout helped.", "Feeling better than last week.",
}

func clampRound(x float64, lo, hi int) int {
	return min(hi, max(lo, int(math.Round(x))))
}
