// The cohort report's "each member's course" section: per member, small charts on one scale per
// measure of each outcome measure they answered, against its clinical cutoff and the band of
// reliable change around their first score, with their session ratings and connected score.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// MemberCourse is one member's course through the cohort, measure by measure.
type MemberCourse struct {
	ParticipantID string `json:"participant_id"`
	Label         string `json:"label"`
	// Measures are the outcome measures the member answered, then their session rating (GSRS)
	// and connected score, each session by session.
	Measures []CourseMeasure `json:"measures"`
}

// CourseMeasure is one member's totals on one instrument, with what the chart reads them by.
type CourseMeasure struct {
	Instrument string `json:"instrument"`
	Title      string `json:"title"`
	// Outcome is true for an outcome measure (a cutoff and a reliable change value).
	Outcome bool `json:"outcome"`
	// HigherIsBetter is the direction of improvement; nil when the instrument has none.
	HigherIsBetter *bool `json:"higher_is_better"`
	// Line is the clinical cutoff of an outcome measure, or a session rating's alert threshold.
	Line *float64 `json:"line"`
	// ReliableChange is the smallest reliable change at 95%; the band is first score ± it.
	ReliableChange *float64      `json:"reliable_change"`
	ScoreMin       float64       `json:"score_min"`
	ScoreMax       float64       `json:"score_max"`
	Scores         []CourseScore `json:"scores"`
	// Expected is expected_response's cells for the member's cohort, instrument and intake
	// band, by session: the practice's earlier members' change from intake.
	Expected []CourseExpected `json:"expected,omitempty"`
}

// CourseExpected is one session's expected change from intake among earlier members with an
// intake like the member's: n of them, and the 10th, 50th and 90th percentiles.
type CourseExpected struct {
	Session int     `json:"session"`
	N       int     `json:"n"`
	P10     float64 `json:"p10"`
	P50     float64 `json:"p50"`
	P90     float64 `json:"p90"`
}

// DefaultNormMin is how many earlier members must stand behind an expected-response cell before
// the report draws it (the cohort report's --norm-min).
const DefaultNormMin = 30

// normMin is the options' minimum, DefaultNormMin when unset.
func (o CohortOptions) normMin() int {
	if o.NormMin > 0 {
		return o.NormMin
	}
	return DefaultNormMin
}

// CourseScore is a member's total at one session.
type CourseScore struct {
	Session int     `json:"session"`
	Score   float64 `json:"score"`
}

// courseOrder lists the instruments in the order a member's row shows them: outcome measures
// first, then the session rating and the connected score.
const courseOrder = `CASE m.instrument WHEN 'ors' THEN 1 WHEN 'core10' THEN 2 WHEN 'phq9' THEN 3
	WHEN 'gad7' THEN 4 WHEN 'gsrs' THEN 5 WHEN 'checkin' THEN 6 ELSE 7 END`

// loadCourses reads each member's totals on the outcome measures, session ratings (instruments
// with an alert threshold) and the check-in's connected score from cohesion_member, with each
// instrument's scale, cutoff and reliable change from instruments.
func loadCourses(ctx context.Context, db *sql.DB, d *CohortData, order map[string]int, labels map[string]string) error {
	rows, err := db.QueryContext(ctx, `
		SELECT m.participant_id, m.instrument, coalesce(nullif(trim(i.title), ''), m.instrument),
			coalesce(i.is_outcome, false), i.higher_is_better,
			CASE WHEN i.is_outcome THEN i.clinical_cutoff ELSE i.alert_below END,
			CASE WHEN i.is_outcome THEN i.reliable_change END,
			i.score_min, i.score_max, m.session, m.score
		FROM cohesion_member AS m
		JOIN instruments AS i USING (instrument)
		WHERE m.cohort = ? AND m.participant_id IS NOT NULL AND m.session IS NOT NULL AND m.score IS NOT NULL
			AND ((i.is_outcome AND m.scale = 'total')
				OR (i.alert_below IS NOT NULL AND m.scale = 'total')
				OR (m.instrument = 'checkin' AND m.scale = 'connected'))
		ORDER BY m.participant_id, `+courseOrder+`, m.instrument, m.session`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read member courses: %w", d.Cohort, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var m CourseMeasure
		var better sql.NullBool
		var line, rc, lo, hi sql.NullFloat64
		var s CourseScore
		if err := rows.Scan(&id, &m.Instrument, &m.Title, &m.Outcome, &better, &line, &rc, &lo, &hi,
			&s.Session, &s.Score); err != nil {
			return fmt.Errorf("cohort %q: read member courses: %w", d.Cohort, err)
		}
		if n := len(d.Courses); n == 0 || d.Courses[n-1].ParticipantID != id {
			label := labels[id]
			if label == "" {
				label = id
			}
			d.Courses = append(d.Courses, MemberCourse{ParticipantID: id, Label: label})
		}
		c := &d.Courses[len(d.Courses)-1]
		if n := len(c.Measures); n == 0 || c.Measures[n-1].Instrument != m.Instrument {
			if better.Valid {
				m.HigherIsBetter = &better.Bool
			}
			m.Line, m.ReliableChange = nullableFloat(line), nullableFloat(rc)
			m.ScoreMin, m.ScoreMax = lo.Float64, hi.Float64
			c.Measures = append(c.Measures, m)
		}
		cm := &c.Measures[len(c.Measures)-1]
		cm.Scores = append(cm.Scores, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read member courses: %w", d.Cohort, err)
	}
	sortByMember(d.Courses, order, func(c MemberCourse) string { return c.ParticipantID })
	return nil
}

// loadExpected reads expected_response's cells for each member's outcome measures: those of
// the member's cohort, instrument and the intake band their first score falls in.
func loadExpected(ctx context.Context, db *sql.DB, d *CohortData) error {
	rows, err := db.QueryContext(ctx, `
		WITH intakes AS (
			SELECT participant_id, instrument, arg_min(score, session) AS intake
			FROM cohesion_member
			WHERE cohort = ? AND scale = 'total'
				AND participant_id IS NOT NULL AND session IS NOT NULL AND score IS NOT NULL
			GROUP BY participant_id, instrument
		)
		SELECT i.participant_id, i.instrument, e.session, e.n, e.p10, e.p50, e.p90
		FROM intakes AS i
		JOIN expected_response AS e
			ON e.cohort = ? AND e.instrument = i.instrument
			AND (e.intake_low IS NULL OR i.intake > e.intake_low)
			AND (e.intake_high IS NULL OR i.intake <= e.intake_high)
		WHERE e.session IS NOT NULL AND e.n IS NOT NULL
			AND e.p10 IS NOT NULL AND e.p50 IS NOT NULL AND e.p90 IS NOT NULL
		ORDER BY i.participant_id, i.instrument, e.session`, d.Cohort, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read expected_response: %w", d.Cohort, err)
	}
	defer rows.Close()
	type key struct{ id, instrument string }
	cells := map[key][]CourseExpected{}
	for rows.Next() {
		var k key
		var e CourseExpected
		if err := rows.Scan(&k.id, &k.instrument, &e.Session, &e.N, &e.P10, &e.P50, &e.P90); err != nil {
			return fmt.Errorf("cohort %q: read expected_response: %w", d.Cohort, err)
		}
		cells[k] = append(cells[k], e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read expected_response: %w", d.Cohort, err)
	}
	for i := range d.Courses {
		for j := range d.Courses[i].Measures {
			m := &d.Courses[i].Measures[j]
			if m.Outcome {
				m.Expected = cells[key{d.Courses[i].ParticipantID, m.Instrument}]
			}
		}
	}
	return nil
}

// coursesReading says how many members have an outcome measure scored, and how many of them
// sit outside the band of reliable change around their first score at their latest.
func coursesReading(d *CohortData, present map[string]bool, normMin int) string {
	if !present["cohesion_member"] || !present["instruments"] {
		return missingMartReading("cohesion_member", "instruments")
	}
	members, outside, most := 0, 0, 0
	for _, c := range d.Courses {
		scored, out := false, false
		for _, m := range c.Measures {
			if !m.Outcome || len(m.Scores) == 0 {
				continue
			}
			scored = true
			for _, e := range m.Expected {
				most = max(most, e.N)
			}
			first, latest := m.Scores[0].Score, m.Scores[len(m.Scores)-1].Score
			if m.ReliableChange != nil && math.Abs(latest-first) >= *m.ReliableChange-1e-9 {
				out = true
			}
		}
		if scored {
			members++
		}
		if out {
			outside++
		}
	}
	if members == 0 {
		return "No member of this cohort has an outcome measure scored yet."
	}
	reading := fmt.Sprintf("%d of %d members have an outcome measure scored; %d of them have moved by a reliable change "+
		"from their first score on at least one.", members, len(d.Members), outside)
	switch {
	case !present["expected_response"]:
		reading += " " + missingMartReading("expected_response")
	case most < normMin:
		reading += fmt.Sprintf(" Expected response: not enough history yet (%d of %d earlier members).", most, normMin)
	default:
		reading += fmt.Sprintf(" The expected band is drawn where at least %d earlier members with a like intake stand behind it.", normMin)
	}
	return reading
}

// courseChart draws one member's totals on one measure, on the instrument's whole scale so
// that every member's chart of it reads alike: the scores by session, the cutoff or alert
// threshold as a dashed line, and the band of reliable change around the first score.
func courseChart(d *CohortData, label string, m CourseMeasure, color string, normMin int) *charts.Line {
	var extra []int
	for _, s := range m.Scores {
		extra = append(extra, s.Session)
	}
	sessions := chartSessions(d, extra)
	bySession := map[int]float64{}
	for _, s := range m.Scores {
		bySession[s.Session] = s.Score
	}
	expected := map[int]CourseExpected{}
	for _, e := range m.Expected {
		if e.N >= normMin {
			expected[e.Session] = e
		}
	}
	expLow, expHigh := make([]*float64, len(sessions)), make([]*float64, len(sessions))
	labels := make([]string, len(sessions))
	data := make([]opts.LineData, len(sessions))
	low, high := make([]*float64, len(sessions)), make([]*float64, len(sessions))
	for i, session := range sessions {
		labels[i] = fmt.Sprint(session)
		if m.ReliableChange != nil && len(m.Scores) > 0 {
			first := m.Scores[0].Score
			lo, hi := math.Max(first-*m.ReliableChange, m.ScoreMin), math.Min(first+*m.ReliableChange, m.ScoreMax)
			low[i], high[i] = &lo, &hi
		}
		if e, ok := expected[session]; ok && len(m.Scores) > 0 {
			lo, hi := m.Scores[0].Score+e.P10, m.Scores[0].Score+e.P90
			expLow[i], expHigh[i] = &lo, &hi
		}
		score, ok := bySession[session]
		if !ok {
			data[i] = lineItem("", nil, 1, 1)
			continue
		}
		data[i] = lineItem(fmt.Sprintf("%s, %s, session %d: %s", label, m.Title, session, compactScore(score)), &score, 1, 1)
	}
	line := newLineChart(nil, "30",
		opts.YAxis{Name: m.Title, Min: m.ScoreMin, Max: m.ScoreMax},
		opts.XAxis{Name: "Session", NameLocation: "middle", NameGap: 26})
	line.SetXAxis(labels)
	if m.ReliableChange != nil {
		addBand(line, "Reliable change around the first score", "reliable", color, low, high, 1, 1, nil)
	}
	if len(expected) > 0 {
		addBand(line, "Expected: 10th to 90th percentile of earlier members", "expected", okabeOrange, expLow, expHigh, 1, 1, nil)
	}
	series := []charts.SeriesOpts{
		charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(true), Symbol: "circle", SymbolSize: 7}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
	}
	if m.Line != nil {
		name := m.Title + " clinical cutoff"
		if !m.Outcome {
			name = m.Title + " alert threshold"
		}
		series = append(series, dashedLevel(name, *m.Line, color)...)
	}
	line.AddSeries(m.Title, data, series...)
	return line
}

// courseColors are the colours of each instrument's member charts.
var courseColors = map[string]string{
	"ors": okabePurple, "core10": okabeBlue, "phq9": okabeVermillion, "gad7": okabeOrange,
	"gsrs": okabeGreen, "checkin": okabeBlue,
}

// courseRow is one member's row of the section: a chart per measure and a table of their
// scores by session, a column per measure.
type courseRow struct {
	Label    string
	Measures []CourseMeasure
	Charts   []chartOption
	Rows     []courseTableRow
}

// courseTableRow is one session of a member's table: each measure's score, nil where none.
type courseTableRow struct {
	Session int
	Scores  []*float64
}

func courseRows(d *CohortData, normMin int) ([]courseRow, error) {
	rows := make([]courseRow, len(d.Courses))
	for i, c := range d.Courses {
		rows[i] = courseRow{Label: c.Label, Measures: c.Measures}
		var sessions []int
		for j, m := range c.Measures {
			color, ok := courseColors[m.Instrument]
			if !ok {
				color = scaleColors[j%len(scaleColors)]
			}
			option, err := encodeOption(courseChart(d, c.Label, m, color, normMin))
			if err != nil {
				return nil, fmt.Errorf("course chart of member %d, %s: %w", i+1, m.Instrument, err)
			}
			rows[i].Charts = append(rows[i].Charts, chartOption{
				ID: fmt.Sprintf("chart-course-%d-%d", i+1, j+1),
				Label: fmt.Sprintf("Line chart of one member's %s total at each session, on the measure's whole scale, "+
					"with its cutoff, the band of reliable change around the first score and, with enough history, the band earlier members' changes suggest. The table beside gives the same figures.", m.Title),
				Height: 200,
				Option: jsOption(option),
			})
			for _, s := range m.Scores {
				sessions = append(sessions, s.Session)
			}
		}
		for _, session := range chartSessions(&CohortData{}, sessions) {
			row := courseTableRow{Session: session, Scores: make([]*float64, len(c.Measures))}
			for j, m := range c.Measures {
				for k := range m.Scores {
					if m.Scores[k].Session == session {
						row.Scores[j] = &m.Scores[k].Score
					}
				}
			}
			rows[i].Rows = append(rows[i].Rows, row)
		}
	}
	return rows, nil
}
