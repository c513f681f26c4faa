// The quarter report's headline figures, each against the quarter before.

package reports

import (
	"fmt"
	"math"
	"strconv"
)

// QuarterHeadline is one headline measure for the quarter and the one before.
type QuarterHeadline struct {
	Measure  string        `json:"measure"`
	Current  QuarterFigure `json:"current"`
	Previous QuarterFigure `json:"previous"`
	// Change is this quarter less the previous one, in people or percentage points; empty
	// when either is not shown.
	Change string `json:"change"`
}

func quarterHeadlines(cur *quarterFigures, curShown quarterShown, prev *quarterFigures, prevShown quarterShown, marts map[string]bool) []QuarterHeadline {
	count := func(c QuarterCount) QuarterFigure {
		if c.Hidden() {
			return QuarterFigure{Text: "suppressed", Suppressed: true}
		}
		v := float64(*c.N)
		return QuarterFigure{Text: c.String(), Value: &v}
	}
	share := func(s QuarterShare, base QuarterCount, unit string) QuarterFigure {
		switch {
		case s.Suppressed:
			return QuarterFigure{Text: "suppressed", Suppressed: true, share: true}
		case s.Rate == nil:
			return QuarterFigure{Text: "none to count", share: true}
		}
		v := *s.Rate
		text := percent(v)
		if !base.Hidden() {
			text += " of " + base.String() + " " + unit
		}
		return QuarterFigure{Text: text, Value: &v, share: true}
	}
	finishing := func(t QuarterTable) QuarterCount {
		row := quarterTotalRow(t)
		c, d := row.Counts[qcCompleted], row.Counts[qcDropped]
		if c.Hidden() || d.Hidden() {
			return QuarterCount{}
		}
		n := *c.N + *d.N
		return QuarterCount{N: &n}
	}
	unavailable := QuarterFigure{Text: "not available"}
	var rows []QuarterHeadline
	add := func(measure string, c, p QuarterFigure) {
		rows = append(rows, QuarterHeadline{Measure: measure, Current: c, Previous: p, Change: quarterChange(c, p)})
	}
	cohorts := func(f *quarterFigures) QuarterFigure {
		v := float64(len(f.cohorts))
		return QuarterFigure{Text: strconv.Itoa(len(f.cohorts)), Value: &v}
	}
	add("Cohorts started", cohorts(cur), cohorts(prev))
	add("Members who started", count(quarterTotalRow(curShown.programs).Counts[qcStarted]), count(quarterTotalRow(prevShown.programs).Counts[qcStarted]))
	attendance := func(s quarterShown) QuarterFigure {
		row := quarterTotalRow(s.slots)
		return share(row.Rates[0], row.Counts[qcPlaces], "places")
	}
	add("Attendance rate", attendance(curShown), attendance(prevShown))
	outcome := func(s quarterShown, k int) QuarterFigure {
		row := quarterTotalRow(s.programs)
		return share(row.Rates[k], finishing(s.programs), "finishing")
	}
	add("Completion rate", outcome(curShown, 0), outcome(prevShown, 0))
	add("Dropout rate", outcome(curShown, 1), outcome(prevShown, 1))
	ofAll := func(t QuarterTable, unit string) QuarterFigure {
		row := quarterTotalRow(t)
		return share(row.Rates[0], row.Counts[qcAll], unit)
	}
	if marts["continuation"] {
		add("Continuation to the next program", ofAll(curShown.continuation, "completers"), ofAll(prevShown.continuation, "completers"))
	} else {
		add("Continuation to the next program", unavailable, unavailable)
	}
	if marts["outcome_change"] {
		add("Reliable improvement", ofAll(curShown.improvement, "measured"), ofAll(prevShown.improvement, "measured"))
	} else {
		add("Reliable improvement", unavailable, unavailable)
	}
	return rows
}

// change writes this quarter less the previous one, rounded as the page shows them.
func quarterChange(cur, prev QuarterFigure) string {
	if cur.Value == nil || prev.Value == nil {
		return ""
	}
	if cur.share {
		d := math.Round(*cur.Value*100) - math.Round(*prev.Value*100)
		switch {
		case d == 0:
			return "no change"
		case d == 1 || d == -1:
			return quarterSigned(d) + " point"
		}
		return quarterSigned(d) + " points"
	}
	d := *cur.Value - *prev.Value
	if d == 0 {
		return "no change"
	}
	return quarterSigned(d)
}

func quarterSigned(d float64) string {
	if d < 0 {
		return "−" + strconv.FormatFloat(-d, 'f', 0, 64)
	}
	return "+" + strconv.FormatFloat(d, 'f', 0, 64)
}

func quarterHeadlineReading(d *QuarterData) string {
	n := len(d.Cohorts)
	if n == 0 {
		return fmt.Sprintf("No cohort had its first session in %s, so there is nothing to report for it.", d.Quarter)
	}
	s := fmt.Sprintf("%s started in %s", quarterPlural(n, "cohort", "cohorts"), d.Quarter)
	if started := d.Headline[1].Current; started.Value != nil {
		s += fmt.Sprintf(", with %s members starting a group", started.Text)
	}
	if att := d.Headline[2].Current; att.Value != nil {
		s += fmt.Sprintf(", and attendance was %s", percent(*att.Value))
		if prev := d.Headline[2].Previous; prev.Value != nil {
			s += fmt.Sprintf(" against %s in %s", percent(*prev.Value), d.Previous)
		}
	}
	return s + "."
}
