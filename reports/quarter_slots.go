// The quarter report's attendance by time slot section.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// The time slots sessions are grouped into, by their local starting hour.
var quarterSlotNames = []string{"morning", "afternoon", "evening"}

func quarterSlotOf(t time.Time) int {
	switch h := t.Hour(); {
	case h < 12:
		return 0
	case h < 17:
		return 1
	}
	return 2
}

// loadQuarterSlots counts attendance places of the quarter's held sessions by local weekday and time
// slot: the weekday and hour of each session's local start, in its cohort's own zone.
func loadQuarterSlots(ctx context.Context, db *sql.DB, args []any) (quarterRawTable, error) {
	var t quarterRawTable
	rows, err := db.QueryContext(ctx, `
		WITH `+quarterCohortsCTE+`
		SELECT s.cohort, s.session, s.starts_local, a.participant_id,
			coalesce(a.status <> 'absent', false) AS attended
		FROM attendance AS a
		JOIN sessions AS s USING (cohort, session)
		WHERE s.held
			AND a.cohort IN (SELECT cohort FROM quarter_cohorts)
			AND a.participant_id IS NOT NULL
			AND s.starts_local IS NOT NULL`, args...)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	type sessionKey struct {
		cohort  string
		session int
	}
	type bucket struct {
		sessions                  map[sessionKey]bool
		attended, absent          int
		attendees, absentees, all map[string]bool
	}
	newBucket := func() *bucket {
		return &bucket{sessions: map[sessionKey]bool{}, attendees: map[string]bool{}, absentees: map[string]bool{}, all: map[string]bool{}}
	}
	buckets := map[int]*bucket{}
	total := newBucket()
	for rows.Next() {
		var k sessionKey
		var startsAt time.Time
		var id string
		var attended bool
		if err := rows.Scan(&k.cohort, &k.session, &startsAt, &id, &attended); err != nil {
			return t, err
		}
		local := startsAt // wall time: its weekday and hour are the cohort's
		// Monday first: 0 is Monday, 6 Sunday.
		day := (int(local.Weekday()) + 6) % 7
		key := day*len(quarterSlotNames) + quarterSlotOf(local)
		b := buckets[key]
		if b == nil {
			b = newBucket()
			buckets[key] = b
		}
		for _, b := range []*bucket{b, total} {
			b.sessions[k] = true
			b.all[id] = true
			if attended {
				b.attended++
				b.attendees[id] = true
			} else {
				b.absent++
				b.absentees[id] = true
			}
		}
	}
	if err := rows.Err(); err != nil {
		return t, err
	}
	keys := make([]int, 0, len(buckets))
	for k := range buckets {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	add := func(label string, b *bucket) {
		t.add(label, []string{strconv.Itoa(len(b.sessions))},
			[]int{b.attended, b.absent, b.attended + b.absent},
			[]int{len(b.attendees), len(b.absentees), len(b.all)})
	}
	for _, k := range keys {
		day := time.Weekday((k/len(quarterSlotNames) + 1) % 7)
		add(day.String()+" "+quarterSlotNames[k%len(quarterSlotNames)], buckets[k])
	}
	add("All sessions", total)
	return t, nil
}

func quarterSlotsReading(t QuarterTable) string {
	var lo, hi *QuarterRow
	body := t.Rows[:len(t.Rows)-1]
	for i := range body {
		r := &body[i]
		if r.Rates[0].Rate == nil {
			continue
		}
		if lo == nil || *r.Rates[0].Rate < *lo.Rates[0].Rate {
			lo = r
		}
		if hi == nil || *r.Rates[0].Rate > *hi.Rates[0].Rate {
			hi = r
		}
	}
	total := quarterTotalRow(t)
	switch {
	case len(body) == 0:
		return "No session of this quarter's cohorts has been held yet."
	case hi == nil:
		return "Attendance for each weekday and time is suppressed because the counts describe too few people."
	case hi == lo:
		return fmt.Sprintf("Attendance on %s was %s, the only weekday and time that can be shown.", hi.Label, hi.Rates[0])
	}
	s := fmt.Sprintf("Attendance was highest on %s (%s) and lowest on %s (%s)", hi.Label, hi.Rates[0], lo.Label, lo.Rates[0])
	if total.Rates[0].Rate != nil {
		s += fmt.Sprintf(", against %s over all sessions", total.Rates[0])
	}
	return s + "."
}

func quarterSlotsChart(t QuarterTable) *charts.Bar {
	body := t.Rows[:len(t.Rows)-1]
	labels := make([]string, len(body))
	data := make([]opts.BarData, len(body))
	for i, r := range body {
		labels[i] = strings.Replace(r.Label, " ", "\n", 1)
		data[i] = opts.BarData{Name: r.Label + ": " + r.Rates[0].String(), Value: quarterPct(r.Rates[0].Rate)}
	}
	return attendanceRateBars(labels, data, quarterPalette[0],
		opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}"}, "36")
}
