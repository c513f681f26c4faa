// The cohort report: a facilitator's view of one cohort's attendance and retention.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// CohortOptions control the facilitator's cohort report.
type CohortOptions struct {
	// Names shows member names from pii_people instead of pseudonyms.
	Names bool
	// Now is shown in the footer; the current time when zero.
	Now time.Time
}

// CohortData is everything the cohort report shows, read from the marts.
type CohortData struct {
	Cohort  string `json:"cohort"`
	Program string `json:"program"`
	// Named is true when member labels are names from pii_people.
	Named     bool             `json:"named"`
	Sessions  []CohortSession  `json:"sessions"`
	Members   []CohortMember   `json:"members"`
	Cells     []AttendanceCell `json:"cells"`
	Rates     []SessionRate    `json:"rates"`
	Retention []RetentionRow   `json:"retention"`
	Outcomes  []OutcomeCount   `json:"outcomes"`
	Readings  CohortReadings   `json:"readings"`
}

// CohortSession is one planned session of the cohort.
type CohortSession struct {
	Session int `json:"session"`
	// Date is the local date the session starts on, as 2006-01-02.
	Date string `json:"date"`
	Held bool   `json:"held"`
}

// CohortMember is one enrolled member and the label the report shows for them.
type CohortMember struct {
	ParticipantID string `json:"participant_id"`
	// Label is the member's name when names were asked for, else participant_id.
	Label string `json:"label"`
}

// AttendanceCell is one member's attendance at one held session.
type AttendanceCell struct {
	ParticipantID  string `json:"participant_id"`
	Session        int    `json:"session"`
	Status         string `json:"status"`
	MinutesPresent int    `json:"minutes_present"`
}

// SessionRate is the share of enrolled members who came to a held session.
type SessionRate struct {
	Session  int `json:"session"`
	Enrolled int `json:"enrolled"`
	Attended int `json:"attended"`
	// Rate is Attended / Enrolled, between 0 and 1.
	Rate float64 `json:"rate"`
}

// RetentionRow is one member's row of the retention mart.
type RetentionRow struct {
	ParticipantID    string `json:"participant_id"`
	Label            string `json:"label"`
	SessionsPlanned  int    `json:"sessions_planned"`
	SessionsAttended int    `json:"sessions_attended"`
	LastAttended     *int   `json:"last_attended"`
	Outcome          string `json:"outcome"`
	DropoutAfter     *int   `json:"dropout_after"`
}

// OutcomeCount is how many members of the cohort have one retention outcome.
type OutcomeCount struct {
	Outcome string `json:"outcome"`
	Count   int    `json:"count"`
}

// CohortReadings are the one-sentence plain readings shown above each part.
type CohortReadings struct {
	Attendance string `json:"attendance"`
	Rate       string `json:"rate"`
	Retention  string `json:"retention"`
}

// Attendance statuses and retention outcomes in the order the report lists them.
var (
	statusOrder  = []string{"present", "late", "left_early", "absent"}
	outcomeOrder = []string{"completed", "dropped_out", "never_started", "ongoing"}
)

// statusStyle gives each status its heat map code, legend label and colour.
// The colours are from the Okabe–Ito palette, distinguishable with the common
// colour-vision deficiencies.
var statusStyle = map[string]struct {
	Code  int
	Label string
	Color string
}{
	"present":    {1, "present", "#0072B2"},
	"late":       {2, "late", "#56B4E9"},
	"left_early": {3, "left early", "#E69F00"},
	"absent":     {4, "absent", "#D55E00"},
}

var outcomeLabel = map[string]string{
	"completed":     "completed",
	"dropped_out":   "dropped out",
	"never_started": "never started",
	"ongoing":       "ongoing",
}

// LoadCohort reads one cohort from the sessions, attendance and retention
// marts, and from pii_people only when opt.Names is set.
func LoadCohort(ctx context.Context, db *sql.DB, cohort string, opt CohortOptions) (*CohortData, error) {
	d := &CohortData{Cohort: cohort, Named: opt.Names}
	if err := loadSessions(ctx, db, d); err != nil {
		return nil, err
	}
	if len(d.Sessions) == 0 {
		return nil, cohortNotFound(ctx, db, cohort)
	}
	if err := loadMembers(ctx, db, d, opt.Names); err != nil {
		return nil, err
	}
	order := make(map[string]int, len(d.Members))
	labels := make(map[string]string, len(d.Members))
	for i, m := range d.Members {
		order[m.ParticipantID] = i
		labels[m.ParticipantID] = m.Label
	}
	if err := loadCells(ctx, db, d, order); err != nil {
		return nil, err
	}
	if err := loadRates(ctx, db, d); err != nil {
		return nil, err
	}
	if err := loadRetention(ctx, db, d, order, labels); err != nil {
		return nil, err
	}
	d.Outcomes = countOutcomes(d.Retention)
	d.Readings = CohortReadings{
		Attendance: attendanceReading(d),
		Rate:       rateReading(d.Rates),
		Retention:  retentionReading(len(d.Retention), d.Outcomes),
	}
	return d, nil
}

func loadSessions(ctx context.Context, db *sql.DB, d *CohortData) error {
	rows, err := db.QueryContext(ctx, `
		SELECT session, starts_at, coalesce(held, false), coalesce(program, '')
		FROM sessions
		WHERE cohort = ?
		ORDER BY session`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read sessions: %w", d.Cohort, err)
	}
	defer rows.Close()
	var programs []string
	for rows.Next() {
		var s CohortSession
		var startsAt sql.NullTime
		var program string
		if err := rows.Scan(&s.Session, &startsAt, &s.Held, &program); err != nil {
			return fmt.Errorf("cohort %q: read sessions: %w", d.Cohort, err)
		}
		if startsAt.Valid {
			// The marts keep instants; the facilitator reads dates in their own zone.
			s.Date = startsAt.Time.Local().Format("2006-01-02")
		}
		if program != "" && !slices.Contains(programs, program) {
			programs = append(programs, program)
		}
		d.Sessions = append(d.Sessions, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read sessions: %w", d.Cohort, err)
	}
	d.Program = strings.Join(programs, ", ")
	return nil
}

// cohortNotFound builds the error for a cohort with no sessions, naming the
// cohorts that do have some.
func cohortNotFound(ctx context.Context, db *sql.DB, cohort string) error {
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT cohort FROM sessions WHERE cohort IS NOT NULL ORDER BY cohort`)
	if err != nil {
		return fmt.Errorf("cohort %q not found (listing cohorts: %w)", cohort, err)
	}
	defer rows.Close()
	var known []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return fmt.Errorf("cohort %q not found (listing cohorts: %w)", cohort, err)
		}
		known = append(known, fmt.Sprintf("%q", c))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q not found (listing cohorts: %w)", cohort, err)
	}
	if len(known) == 0 {
		return fmt.Errorf("cohort %q not found: the sessions mart has no cohorts", cohort)
	}
	return fmt.Errorf("cohort %q not found; known cohorts: %s", cohort, strings.Join(known, ", "))
}

// loadMembers lists everyone enrolled in the cohort, whether the retention
// or the attendance mart names them.
func loadMembers(ctx context.Context, db *sql.DB, d *CohortData, names bool) error {
	const members = `
		WITH members AS (
			SELECT participant_id FROM retention WHERE cohort = ?
			UNION
			SELECT participant_id FROM attendance WHERE cohort = ?
		)`
	query := members + `
		SELECT participant_id, participant_id
		FROM members
		WHERE participant_id IS NOT NULL
		ORDER BY participant_id`
	if names {
		query = members + `,
		people AS (
			SELECT participant_id, min(nullif(trim(name), '')) AS name
			FROM pii_people
			GROUP BY participant_id
		)
		SELECT m.participant_id, coalesce(p.name, m.participant_id) AS label
		FROM members AS m
		LEFT JOIN people AS p USING (participant_id)
		WHERE m.participant_id IS NOT NULL
		ORDER BY lower(label), label, m.participant_id`
	}
	rows, err := db.QueryContext(ctx, query, d.Cohort, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read members: %w", d.Cohort, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m CohortMember
		if err := rows.Scan(&m.ParticipantID, &m.Label); err != nil {
			return fmt.Errorf("cohort %q: read members: %w", d.Cohort, err)
		}
		d.Members = append(d.Members, m)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read members: %w", d.Cohort, err)
	}
	return nil
}

func loadCells(ctx context.Context, db *sql.DB, d *CohortData, order map[string]int) error {
	rows, err := db.QueryContext(ctx, `
		SELECT a.participant_id, a.session, a.status, coalesce(a.minutes_present, 0)
		FROM attendance AS a
		JOIN sessions AS s USING (cohort, session)
		WHERE a.cohort = ? AND s.held AND a.participant_id IS NOT NULL
		ORDER BY a.session, a.participant_id`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read attendance: %w", d.Cohort, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c AttendanceCell
		var status sql.NullString
		if err := rows.Scan(&c.ParticipantID, &c.Session, &status, &c.MinutesPresent); err != nil {
			return fmt.Errorf("cohort %q: read attendance: %w", d.Cohort, err)
		}
		c.Status = status.String
		d.Cells = append(d.Cells, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read attendance: %w", d.Cohort, err)
	}
	sort.SliceStable(d.Cells, func(i, j int) bool {
		if d.Cells[i].Session != d.Cells[j].Session {
			return d.Cells[i].Session < d.Cells[j].Session
		}
		return order[d.Cells[i].ParticipantID] < order[d.Cells[j].ParticipantID]
	})
	return nil
}

func loadRates(ctx context.Context, db *sql.DB, d *CohortData) error {
	rows, err := db.QueryContext(ctx, `
		SELECT
			a.session,
			count(*) AS enrolled,
			count(*) FILTER (WHERE a.status <> 'absent') AS attended
		FROM attendance AS a
		JOIN sessions AS s USING (cohort, session)
		WHERE a.cohort = ? AND s.held
		GROUP BY a.session
		ORDER BY a.session`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read attendance rates: %w", d.Cohort, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r SessionRate
		if err := rows.Scan(&r.Session, &r.Enrolled, &r.Attended); err != nil {
			return fmt.Errorf("cohort %q: read attendance rates: %w", d.Cohort, err)
		}
		r.Rate = float64(r.Attended) / float64(r.Enrolled)
		d.Rates = append(d.Rates, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read attendance rates: %w", d.Cohort, err)
	}
	return nil
}

func loadRetention(ctx context.Context, db *sql.DB, d *CohortData, order map[string]int, labels map[string]string) error {
	rows, err := db.QueryContext(ctx, `
		SELECT participant_id, coalesce(sessions_planned, 0), coalesce(sessions_attended, 0),
			last_attended, coalesce(outcome, ''), dropout_after
		FROM retention
		WHERE cohort = ? AND participant_id IS NOT NULL
		ORDER BY participant_id`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read retention: %w", d.Cohort, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r RetentionRow
		var last, dropout sql.NullInt64
		if err := rows.Scan(&r.ParticipantID, &r.SessionsPlanned, &r.SessionsAttended, &last, &r.Outcome, &dropout); err != nil {
			return fmt.Errorf("cohort %q: read retention: %w", d.Cohort, err)
		}
		r.Label = labels[r.ParticipantID]
		r.LastAttended = nullInt(last)
		r.DropoutAfter = nullInt(dropout)
		d.Retention = append(d.Retention, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read retention: %w", d.Cohort, err)
	}
	sort.SliceStable(d.Retention, func(i, j int) bool {
		return order[d.Retention[i].ParticipantID] < order[d.Retention[j].ParticipantID]
	})
	return nil
}

// countOutcomes counts every known outcome, zeros included, then any other
// value the mart holds.
func countOutcomes(rows []RetentionRow) []OutcomeCount {
	counts := map[string]int{}
	var other []string
	for _, r := range rows {
		if _, known := outcomeLabel[r.Outcome]; !known && counts[r.Outcome] == 0 {
			other = append(other, r.Outcome)
		}
		counts[r.Outcome]++
	}
	sort.Strings(other)
	var out []OutcomeCount
	for _, o := range append(append([]string{}, outcomeOrder...), other...) {
		out = append(out, OutcomeCount{Outcome: o, Count: counts[o]})
	}
	return out
}

func attendanceReading(d *CohortData) string {
	held := 0
	for _, s := range d.Sessions {
		if s.Held {
			held++
		}
	}
	if held == 0 {
		return "No sessions have been held yet, so there is no attendance to show."
	}
	if len(d.Members) == 0 {
		return "No members are enrolled in this cohort."
	}
	attended := map[string]int{}
	for _, c := range d.Cells {
		if c.Status != "absent" {
			attended[c.ParticipantID]++
		}
	}
	every, none := 0, 0
	for _, m := range d.Members {
		switch attended[m.ParticipantID] {
		case held:
			every++
		case 0:
			none++
		}
	}
	var s string
	if held == 1 {
		s = fmt.Sprintf("At the one session held so far, %d of %d members attended", every, len(d.Members))
		return s + "."
	}
	s = fmt.Sprintf("Over the %d sessions held, %d of %d members attended every one", held, every, len(d.Members))
	if none == 0 {
		return s + " and everyone attended at least once."
	}
	return s + fmt.Sprintf(" and %d attended none.", none)
}

func rateReading(rates []SessionRate) string {
	switch len(rates) {
	case 0:
		return "No sessions have been held yet."
	case 1:
		return fmt.Sprintf("Attendance was %s at session %d, the only session held so far.",
			percent(rates[0].Rate), rates[0].Session)
	}
	first, last := rates[0], rates[len(rates)-1]
	fp, lp := percent(first.Rate), percent(last.Rate)
	switch {
	case fp == lp:
		return fmt.Sprintf("Attendance was %s at both session %d and session %d.", fp, first.Session, last.Session)
	case last.Rate < first.Rate:
		return fmt.Sprintf("Attendance fell from %s at session %d to %s at session %d.", fp, first.Session, lp, last.Session)
	default:
		return fmt.Sprintf("Attendance rose from %s at session %d to %s at session %d.", fp, first.Session, lp, last.Session)
	}
}

func retentionReading(members int, outcomes []OutcomeCount) string {
	if members == 0 {
		return "The retention mart has no members for this cohort."
	}
	var parts []string
	for _, o := range outcomes {
		if o.Count == 0 {
			continue
		}
		switch o.Outcome {
		case "ongoing":
			parts = append(parts, fmt.Sprintf("%d still taking part", o.Count))
		case "":
			parts = append(parts, fmt.Sprintf("%d with no outcome", o.Count))
		default:
			parts = append(parts, fmt.Sprintf("%d %s", o.Count, outcomeText(o.Outcome)))
		}
	}
	return fmt.Sprintf("Of %d members, %s.", members, joinAnd(parts))
}

// percent formats a share between 0 and 1 as a whole percentage.
func percent(share float64) string {
	return fmt.Sprintf("%.0f%%", math.Round(share*100))
}

func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func statusText(status string) string {
	if s, ok := statusStyle[status]; ok {
		return s.Label
	}
	return status
}

func outcomeText(outcome string) string {
	if s, ok := outcomeLabel[outcome]; ok {
		return s
	}
	return outcome
}

func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// cohortCharts are the cohort report's charts: the attendance heat map and,
// once a session has been held, the attendance rate per session.
type cohortCharts struct {
	Heatmap chartOption
	Rate    *chartOption
}

// statusPiece is one category of the heat map's piecewise visual map; go-echarts'
// opts.Piece has no value or label, so the visitor below supplies these.
type statusPiece struct {
	Value int    `json:"value"`
	Label string `json:"label"`
	Color string `json:"color"`
}

type statusVisualMap struct {
	opts.VisualMap
	Pieces []statusPiece `json:"pieces"`
}

// statusVisitor replaces the heat map's visual maps with status categories.
type statusVisitor struct {
	reportVisitor
}

func (statusVisitor) VisitVisualMaps(vms []opts.VisualMap) interface{} {
	var pieces []statusPiece
	for _, s := range statusOrder {
		st := statusStyle[s]
		pieces = append(pieces, statusPiece{Value: st.Code, Label: st.Label, Color: st.Color})
	}
	out := make([]statusVisualMap, len(vms))
	for i, vm := range vms {
		out[i] = statusVisualMap{VisualMap: vm, Pieces: pieces}
	}
	return out
}

func buildCohortCharts(d *CohortData) (cohortCharts, error) {
	var out cohortCharts
	heat, err := encodeOption(heatmapChart(d))
	if err != nil {
		return out, fmt.Errorf("attendance heat map: %w", err)
	}
	out.Heatmap = chartOption{
		ID:     "chart-attendance",
		Label:  "Heat map of each member's attendance status at each session. The table below gives the same figures.",
		Height: 140 + 34*len(d.Members),
		Option: jsOption(heat),
	}
	if len(d.Rates) > 0 {
		rate, err := encodeOption(rateChart(d))
		if err != nil {
			return out, fmt.Errorf("attendance rate chart: %w", err)
		}
		out.Rate = &chartOption{
			ID:     "chart-rate",
			Label:  "Bar chart of the share of enrolled members who attended each held session. The table below gives the same figures.",
			Height: 340,
			Option: jsOption(rate),
		}
	}
	return out, nil
}

func sessionAxisLabel(s CohortSession) string {
	label := fmt.Sprintf("Session %d", s.Session)
	if s.Date != "" {
		label += "\n" + s.Date
	}
	if !s.Held {
		label += "\nnot yet held"
	}
	return label
}

func heatmapChart(d *CohortData) *charts.HeatMap {
	sessionIndex := map[int]int{}
	sessionLabels := make([]string, len(d.Sessions))
	for i, s := range d.Sessions {
		sessionIndex[s.Session] = i
		sessionLabels[i] = sessionAxisLabel(s)
	}
	memberIndex := map[string]int{}
	memberLabels := make([]string, len(d.Members))
	for i, m := range d.Members {
		memberIndex[m.ParticipantID] = i
		memberLabels[i] = m.Label
	}
	var data []opts.HeatMapData
	for _, c := range d.Cells {
		x, okx := sessionIndex[c.Session]
		y, oky := memberIndex[c.ParticipantID]
		if !okx || !oky {
			continue
		}
		code := 0
		if st, ok := statusStyle[c.Status]; ok {
			code = st.Code
		}
		// The tooltip shows the item's name, which ECharts HTML-escapes.
		name := fmt.Sprintf("%s, session %d: %s, %d min present",
			d.Members[y].Label, c.Session, statusText(c.Status), c.MinutesPresent)
		data = append(data, opts.HeatMapData{Name: name, Value: [3]int{x, y, code}})
	}

	hm := charts.NewHeatMap()
	hm.ClearPresetJSAssets()
	hm.Accept(statusVisitor{})
	hm.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "2%", Right: "2%", Top: "56", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type:      "category",
			Data:      sessionLabels,
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)},
		}),
		charts.WithYAxisOpts(opts.YAxis{
			Type:      "category",
			Data:      memberLabels,
			Inverse:   opts.Bool(true),
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)},
		}),
		charts.WithVisualMapOpts(opts.VisualMap{
			Type:   "piecewise",
			Orient: "horizontal",
			Left:   "center",
			Top:    "0",
		}),
	)
	hm.SetXAxis(sessionLabels)
	hm.AddSeries("Attendance", data,
		charts.WithItemStyleOpts(opts.ItemStyle{BorderColor: "#ffffff", BorderWidth: 2}),
	)
	return hm
}

func rateChart(d *CohortData) *charts.Bar {
	dates := map[int]string{}
	for _, s := range d.Sessions {
		dates[s.Session] = s.Date
	}
	labels := make([]string, len(d.Rates))
	data := make([]opts.BarData, len(d.Rates))
	for i, r := range d.Rates {
		labels[i] = sessionAxisLabel(CohortSession{Session: r.Session, Date: dates[r.Session], Held: true})
		data[i] = opts.BarData{Value: math.Round(r.Rate*1000) / 10}
	}

	bar := charts.NewBar()
	bar.ClearPresetJSAssets()
	bar.Accept(reportVisitor{})
	bar.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", Formatter: "{b}: {c}%"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "2%", Right: "2%", Top: "24", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{
			Type:      "value",
			Name:      "attended",
			Min:       0,
			Max:       100,
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%"},
		}),
	)
	bar.SetXAxis(labels)
	bar.AddSeries("Attendance rate", data,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: statusStyle["present"].Color}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top", Formatter: "{c}%"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "64" }),
	)
	return bar
}

// cohortPage is what the cohort template reads.
type cohortPage struct {
	Title     string
	D         *CohortData
	ECharts   template.JS
	Charts    cohortCharts
	Held      int
	HeatRows  []heatRow
	Dates     map[int]string
	FirstDate string
	LastDate  string
	Generated string
	Named     bool
}

// heatRow is one member's row of the heat map's table.
type heatRow struct {
	Label string
	Cells []heatCell
}

type heatCell struct {
	Status string // for the class; empty when the session was not held
	Text   string
}

func heatRows(d *CohortData) []heatRow {
	type key struct {
		id      string
		session int
	}
	cells := map[key]AttendanceCell{}
	for _, c := range d.Cells {
		cells[key{c.ParticipantID, c.Session}] = c
	}
	rows := make([]heatRow, len(d.Members))
	for i, m := range d.Members {
		rows[i].Label = m.Label
		for _, s := range d.Sessions {
			c, ok := cells[key{m.ParticipantID, s.Session}]
			switch {
			case !s.Held:
				rows[i].Cells = append(rows[i].Cells, heatCell{Text: "not yet held"})
			case !ok:
				rows[i].Cells = append(rows[i].Cells, heatCell{Text: "—"})
			default:
				status := c.Status
				if _, known := statusStyle[status]; !known {
					status = "other"
				}
				rows[i].Cells = append(rows[i].Cells, heatCell{
					Status: status,
					Text:   fmt.Sprintf("%s, %d min", statusText(c.Status), c.MinutesPresent),
				})
			}
		}
	}
	return rows
}

// RenderCohort writes the cohort report as one self-contained HTML page.
func RenderCohort(w io.Writer, d *CohortData, opt CohortOptions) error {
	js, err := inlineECharts()
	if err != nil {
		return err
	}
	cc, err := buildCohortCharts(d)
	if err != nil {
		return fmt.Errorf("cohort %q: %w", d.Cohort, err)
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	held := 0
	dates := map[int]string{}
	for _, s := range d.Sessions {
		if s.Held {
			held++
		}
		dates[s.Session] = s.Date
	}
	title := "Cohort " + d.Cohort
	if d.Program != "" {
		title += " (" + d.Program + ")"
	}
	page := cohortPage{
		Title:     title,
		D:         d,
		ECharts:   js,
		Charts:    cc,
		Held:      held,
		HeatRows:  heatRows(d),
		Dates:     dates,
		Generated: now.Format("2006-01-02 15:04 MST"),
		Named:     d.Named || opt.Names,
	}
	if n := len(d.Sessions); n > 0 {
		page.FirstDate, page.LastDate = d.Sessions[0].Date, d.Sessions[n-1].Date
	}
	if err := pageTemplates.ExecuteTemplate(w, "cohort.html", page); err != nil {
		return fmt.Errorf("cohort %q: render: %w", d.Cohort, err)
	}
	return nil
}
