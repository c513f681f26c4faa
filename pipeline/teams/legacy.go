// This file pairs the legacy list's Joined and Left events into intervals.

package teams

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"cohesion/pipeline/exportfile"
)

// The legacy list's User Action values.
const (
	actionJoined = iota
	actionJoinedBefore
	actionLeft
)

// event is one row of the legacy list.
type event struct {
	line   int
	name   string
	action int
	st     exportfile.Stamp
	at     time.Time // set once the date order is known
}

// legacy reads "Full Name, User Action, Timestamp" rows and pairs them. The
// list was saved by the organiser during the meeting, so it starts when the
// organiser joined and ends when it was saved: "Joined before" means present
// at the first timestamp in the file, and a join with no Left lasts to the
// last timestamp.
func (p *parser) legacy(i int) (*Report, error) {
	r := p.rows[i]
	norm := exportfile.NormHeader(r.cells)
	c, err := locate(r, norm, legacyTable)
	if err != nil {
		return nil, err
	}
	events := make([]event, 0, len(p.rows)-i)
	for i++; i < len(p.rows); i++ {
		r := p.rows[i]
		if r.blank() {
			continue
		}
		if len(r.cells) < c.need {
			return nil, exportfile.ErrorAt(r.line, len(r.cells), fmt.Errorf("%w: %d fields, header has %d", ErrTruncated, len(r.cells), c.width))
		}
		if err := exportfile.CheckNames(r.cells, r.line, c.name); err != nil {
			return nil, err
		}
		e := event{line: r.line, name: cleanName(exportfile.CleanText(r.cell(c.name)))}
		switch a := r.cell(c.action); {
		case strings.EqualFold(a, "joined"):
			e.action = actionJoined
		case strings.EqualFold(a, "joined before"):
			e.action = actionJoinedBefore
		case strings.EqualFold(a, "left"):
			e.action = actionLeft
		default:
			return nil, exportfile.ErrorAt(r.line, c.action, fmt.Errorf("%w %q (want Joined, Joined before or Left)", ErrBadAction, a))
		}
		if e.st, err = exportfile.ParseStamp(r.cell(c.stamp), stamps); err != nil {
			return nil, exportfile.ErrorAt(r.line, c.stamp, err)
		}
		if err = p.vote.See(e.st, r.line); err != nil {
			return nil, exportfile.ErrorAt(r.line, c.stamp, err)
		}
		events = append(events, e)
	}

	rep := &Report{Layout: LayoutLegacy}
	if len(events) == 0 {
		return rep, nil
	}
	order := p.vote.Order()
	start, end := events[0].st.Time(order), events[0].st.Time(order)
	for k := range events {
		e := &events[k]
		e.at = e.st.Time(order)
		if e.at.Before(start) {
			start = e.at
		}
		if e.at.After(end) {
			end = e.at
		}
	}
	rep.Meeting = Meeting{Start: start, End: end}
	organizer, found := "", false
	for k := range events {
		e := &events[k]
		if e.action == actionJoinedBefore {
			e.at = start
		}
		if !found && e.action == actionJoined && e.at.Equal(start) {
			organizer, found = e.name, true
		}
	}

	// Each person's events in time order (file order for ties, since rows
	// sorted by name in a spreadsheet lose the original order).
	byName := make(map[string][]int)
	var names []string
	for k := range events {
		n := events[k].name
		if _, ok := byName[n]; !ok {
			names = append(names, n)
		}
		byName[n] = append(byName[n], k)
	}
	for _, n := range names {
		idx := byName[n]
		slices.SortStableFunc(idx, func(a, b int) int { return events[a].at.Compare(events[b].at) })
		rep.Participants = appendIntervals(rep.Participants, events, idx, start, end, found && n == organizer)
	}
	slices.SortFunc(rep.Participants, func(a, b Participant) int { return a.Line - b.Line })
	return rep, nil
}

// appendIntervals pairs one person's events, idx in time order: each join
// with the next Left. A join while already present (a second device, or a
// rejoin whose Left was never logged) continues the interval. A Left with
// nothing open extends the person's last interval, as when the second device
// leaves, or, if it is their first event, means present since the list began.
func appendIntervals(out []Participant, events []event, idx []int, start, end time.Time, organizer bool) []Participant {
	open, last := false, -1 // last is the index in out of this person's latest interval
	var cur Participant
	for _, k := range idx {
		e := events[k]
		switch {
		case e.action != actionLeft:
			if !open {
				cur = Participant{Line: e.line, Name: e.name, Join: e.at, Organizer: organizer}
				open = true
			}
		case open:
			cur.Leave = e.at
			out = append(out, cur)
			open, last = false, len(out)-1
		case last >= 0:
			out[last].Leave = e.at
		default:
			out = append(out, Participant{Line: e.line, Name: e.name, Join: start, Leave: e.at, Organizer: organizer})
			last = len(out) - 1
		}
	}
	if open {
		cur.Leave = end
		out = append(out, cur)
	}
	return out
}
