// The cohort report's group climate section: the GCQ-S scales per session with the members' spread.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// GCQSScale is one GCQ-S scale of the group, session by session.
type GCQSScale struct {
	Scale    string         `json:"scale"`
	Label    string         `json:"label"`
	Sessions []ScaleSession `json:"sessions"`
	// Reading is the scale chart's one-sentence plain reading.
	Reading string `json:"reading"`
}

// ScaleSession summarises the members' scores on one scale at one session.
type ScaleSession struct {
	Session int     `json:"session"`
	N       int     `json:"n"`
	Mean    float64 `json:"mean"`
	// SD is the sample standard deviation; nil below two members.
	SD  *float64 `json:"sd"`
	Min float64  `json:"min"`
	Max float64  `json:"max"`
}

// EngagementTrend is one member's GCQ-S engagement at their first and latest scored
// sessions, and the group's engagement at the latest one.
type EngagementTrend struct {
	ParticipantID string  `json:"participant_id"`
	FirstSession  int     `json:"first_session"`
	FirstScore    float64 `json:"first_score"`
	LatestSession int     `json:"latest_session"`
	LatestScore   float64 `json:"latest_score"`
	// GroupMean and GroupSD are over every member scored at LatestSession; GroupSD is nil
	// below two members.
	GroupMean float64  `json:"group_mean"`
	GroupSD   *float64 `json:"group_sd"`
}

// gcqsScaleOrder lists the GCQ-S scales in MacKenzie's order; any other scale follows.
var gcqsScaleOrder = []string{"engagement", "avoidance", "conflict"}

// loadGCQS summarises the members' GCQ-S scale scores per session: the group mean and the
// members' spread around it.
func loadGCQS(ctx context.Context, db *sql.DB, d *CohortData) error {
	rows, err := db.QueryContext(ctx, `
		SELECT scale, session, count(*), avg(score), stddev_samp(score), min(score), max(score)
		FROM cohesion_member
		WHERE cohort = ? AND instrument = 'gcqs'
			AND scale IS NOT NULL AND session IS NOT NULL AND score IS NOT NULL
		GROUP BY scale, session
		ORDER BY scale, session`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read GCQ-S scores: %w", d.Cohort, err)
	}
	defer rows.Close()
	byScale := map[string]*GCQSScale{}
	var scales []string
	for rows.Next() {
		var scale string
		var s ScaleSession
		var sd sql.NullFloat64
		if err := rows.Scan(&scale, &s.Session, &s.N, &s.Mean, &sd, &s.Min, &s.Max); err != nil {
			return fmt.Errorf("cohort %q: read GCQ-S scores: %w", d.Cohort, err)
		}
		s.SD = nullableFloat(sd)
		g, ok := byScale[scale]
		if !ok {
			g = &GCQSScale{Scale: scale, Label: scaleLabel(scale)}
			byScale[scale] = g
			scales = append(scales, scale)
		}
		g.Sessions = append(g.Sessions, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read GCQ-S scores: %w", d.Cohort, err)
	}
	rank := func(scale string) int {
		if i := slices.Index(gcqsScaleOrder, scale); i >= 0 {
			return i
		}
		return len(gcqsScaleOrder)
	}
	sort.SliceStable(scales, func(i, j int) bool { return rank(scales[i]) < rank(scales[j]) })
	for _, scale := range scales {
		g := byScale[scale]
		g.Reading = scaleReading(g)
		d.GCQS = append(d.GCQS, *g)
	}
	return nil
}

// loadEngagement reads each member's first and latest GCQ-S engagement scores and the group's
// engagement at the latest, for the check-on rules.
func loadEngagement(ctx context.Context, db *sql.DB, d *CohortData, order map[string]int) error {
	rows, err := db.QueryContext(ctx, `
		WITH scores AS (
			SELECT participant_id, session, score
			FROM cohesion_member
			WHERE cohort = ? AND instrument = 'gcqs' AND scale = 'engagement'
				AND participant_id IS NOT NULL AND session IS NOT NULL AND score IS NOT NULL
		),
		groups AS (
			SELECT session, avg(score) AS mean, stddev_samp(score) AS sd
			FROM scores
			GROUP BY session
		),
		members AS (
			SELECT
				participant_id,
				min(session) AS first_session,
				arg_min(score, session) AS first_score,
				max(session) AS latest_session,
				arg_max(score, session) AS latest_score
			FROM scores
			GROUP BY participant_id
		)
		SELECT m.participant_id, m.first_session, m.first_score, m.latest_session, m.latest_score,
			g.mean, g.sd
		FROM members AS m
		JOIN groups AS g ON g.session = m.latest_session
		ORDER BY m.participant_id`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read GCQ-S engagement: %w", d.Cohort, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e EngagementTrend
		var sd sql.NullFloat64
		if err := rows.Scan(&e.ParticipantID, &e.FirstSession, &e.FirstScore, &e.LatestSession, &e.LatestScore,
			&e.GroupMean, &sd); err != nil {
			return fmt.Errorf("cohort %q: read GCQ-S engagement: %w", d.Cohort, err)
		}
		e.GroupSD = nullableFloat(sd)
		d.Engagement = append(d.Engagement, e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read GCQ-S engagement: %w", d.Cohort, err)
	}
	sortByMember(d.Engagement, order, func(e EngagementTrend) string { return e.ParticipantID })
	return nil
}

// scaleLabel capitalises a scale's name for headings: engagement → Engagement.
func scaleLabel(scale string) string {
	r, size := utf8.DecodeRuneInString(scale)
	if size == 0 {
		return scale
	}
	return string(unicode.ToUpper(r)) + scale[size:]
}

// scaleReading says how a GCQ-S scale's group mean moved from its first session to its last.
func scaleReading(g *GCQSScale) string {
	n := len(g.Sessions)
	if n == 0 {
		return ""
	}
	first, last := g.Sessions[0], g.Sessions[n-1]
	f, l := oneDecimal(first.Mean), oneDecimal(last.Mean)
	switch {
	case n == 1:
		return fmt.Sprintf("%s was %s at session %d, the only session with answers.", g.Label, f, first.Session)
	case f == l:
		return fmt.Sprintf("%s was %s at both session %d and session %d.", g.Label, f, first.Session, last.Session)
	case last.Mean < first.Mean:
		return fmt.Sprintf("%s fell from %s at session %d to %s at session %d.", g.Label, f, first.Session, l, last.Session)
	default:
		return fmt.Sprintf("%s rose from %s at session %d to %s at session %d.", g.Label, f, first.Session, l, last.Session)
	}
}

func gcqsReading(d *CohortData, present map[string]bool) string {
	if !present["cohesion_member"] {
		return missingMartReading("cohesion_member")
	}
	if len(d.GCQS) == 0 {
		return "No GCQ-S answers loaded for this cohort."
	}
	var sessions []int
	for _, g := range d.GCQS {
		for _, s := range g.Sessions {
			if !slices.Contains(sessions, s.Session) {
				sessions = append(sessions, s.Session)
			}
		}
	}
	slices.Sort(sessions)
	return fmt.Sprintf("%d of %d members answered the GCQ-S, at %s.", len(d.Engagement), len(d.Members), sessionList(sessions))
}

// sessionList names sessions in words: "session 2", "sessions 1, 2 and 3".
func sessionList(sessions []int) string {
	parts := make([]string, len(sessions))
	for i, s := range sessions {
		parts[i] = fmt.Sprint(s)
	}
	if len(parts) == 1 {
		return "session " + parts[0]
	}
	return "sessions " + joinAnd(parts)
}

// gcqsChart draws one GCQ-S scale: the group mean per session, and a band from the lowest to
// the highest member's score. The three scales sit side by side, so sessions are numbered only.
func gcqsChart(d *CohortData, g GCQSScale, color string) *charts.Line {
	var extra []int
	for _, s := range g.Sessions {
		extra = append(extra, s.Session)
	}
	sessions := chartSessions(d, extra)
	bySession := map[int]ScaleSession{}
	for _, s := range g.Sessions {
		bySession[s.Session] = s
	}
	labels := make([]string, len(sessions))
	means := make([]opts.LineData, len(sessions))
	low, high := make([]*float64, len(sessions)), make([]*float64, len(sessions))
	for i, session := range sessions {
		labels[i] = fmt.Sprint(session)
		s, ok := bySession[session]
		if !ok {
			means[i] = lineItem("", nil, 1, 2)
			continue
		}
		name := fmt.Sprintf("%s, session %d: mean %s of %d members", g.Label, session, formatDecimal(s.Mean, 2), s.N)
		if s.SD != nil {
			name += fmt.Sprintf(" (sd %s)", formatDecimal(*s.SD, 2))
		}
		name += fmt.Sprintf(", lowest %s, highest %s", formatDecimal(s.Min, 2), formatDecimal(s.Max, 2))
		means[i] = lineItem(name, &s.Mean, 1, 2)
		low[i], high[i] = &s.Min, &s.Max
	}
	line := newLineChart(nil, "12",
		opts.YAxis{Min: 0, Max: 6},
		opts.XAxis{Name: "Session", NameLocation: "middle", NameGap: 26})
	line.SetXAxis(labels)
	addBand(line, "Lowest to highest member", "range", color, low, high, 1, 2, nil)
	line.AddSeries("Group mean", means,
		charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(true), Symbol: "circle", SymbolSize: 8}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 3}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
	)
	return line
}

// gcqsPanel is one GCQ-S scale's part of the page.
type gcqsPanel struct {
	Label   string
	Reading string
	Chart   chartOption
}

// gcqsRow is one session's row of the GCQ-S table: each scale's summary, nil where no
// member was scored on it.
type gcqsRow struct {
	Session int
	Scales  []*ScaleSession
}

func gcqsRows(scales []GCQSScale) []gcqsRow {
	sessions, grid := sessionGrid(scales, func(g GCQSScale) []ScaleSession { return g.Sessions },
		func(s ScaleSession) int { return s.Session })
	rows := make([]gcqsRow, len(sessions))
	for i, session := range sessions {
		rows[i] = gcqsRow{Session: session, Scales: grid[i]}
	}
	return rows
}
