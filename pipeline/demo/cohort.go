// cohort.go lays out one cohort (its sessions, members and who comes when), plays its held
// sessions, records their truth and writes the cohort's rows and files.

package demo

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// cohort is one group running one program on a weekly schedule.
type cohort struct {
	label, program string
	planned, held  int
	starts         []time.Time // scheduled start of each planned session, in the zone
	meetingID      string
	host           facilitator
	members        []*person
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
		attended, last, outcome, after := retentionOf(statuses[m], c.planned)
		g.truth.Retention = append(g.truth.Retention, RetentionTruth{
			Cohort: c.label, Program: c.program, Email: p.email, Name: p.name,
			SessionsPlanned: c.planned, SessionsAttended: attended, LastAttended: last,
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
	for _, p := range c.members {
		writeLine(g.roster.w, false, "\n", c.label, p.name, p.email, strings.Join(p.aliases, ";"))
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

// writeCheckins writes checkins/<cohort>.csv: for every session a member attended, their
// "connected" check-in (0-10) and the twelve GCQ-S items (0-6), now and then one left blank.
func (g *generator) writeCheckins(c *cohort, statuses [][]string, moods []mood) error {
	b := &g.buf
	b.Reset()
	writeLine(b, false, "\n", "email", "cohort", "session", "instrument", "item", "value")
	for s := range c.held {
		session := itoa(s + 1)
		growth := 0.12 * float64(s)
		for m, p := range c.members {
			if statuses[m][s] == StatusAbsent {
				continue
			}
			md := moods[m]
			connected := clampRound(md.connected+3*growth+g.rng.NormFloat64(), 0, 10)
			writeLine(b, false, "\n", p.email, c.label, session, "checkin", "connected", itoa(connected))
			skip := 0
			if g.chance(0.04) {
				skip = g.between(1, 12)
			}
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
				v := clampRound(base+g.rng.NormFloat64()*0.8, 0, 6)
				writeLine(b, false, "\n", p.email, c.label, session, "gcqs", "gcq_"+itoa(item), itoa(v))
			}
		}
	}
	return g.writeFile("checkins/"+c.label+".csv", b.Bytes())
}

func clampRound(x float64, lo, hi int) int {
	return min(hi, max(lo, int(math.Round(x))))
}
