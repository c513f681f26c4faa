// The cohort report's attendance sections: the member × session heat map and the rate of each held session.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// AttendanceCell is one member's attendance at one held session.
type AttendanceCell struct {
	ParticipantID string `json:"participant_id"`
	Session       int    `json:"session"`
	Status        string `json:"status"`
	// MinutesPresent is nil for a session recorded as marks, whose minutes are unknown.
	MinutesPresent *int `json:"minutes_present"`
}

// SessionRate is the share of enrolled members who came to a held session.
type SessionRate struct {
	Session  int `json:"session"`
	Enrolled int `json:"enrolled"`
	Attended int `json:"attended"`
	// Rate is Attended / Enrolled, between 0 and 1.
	Rate float64 `json:"rate"`
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

func loadCells(ctx context.Context, db *sql.DB, d *CohortData, order map[string]int) error {
	rows, err := db.QueryContext(ctx, `
		SELECT a.participant_id, a.session, a.status, a.minutes_present
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
		var minutes sql.NullInt64
		if err := rows.Scan(&c.ParticipantID, &c.Session, &status, &minutes); err != nil {
			return fmt.Errorf("cohort %q: read attendance: %w", d.Cohort, err)
		}
		c.Status = status.String
		c.MinutesPresent = nullInt(minutes)
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

func statusText(status string) string {
	if s, ok := statusStyle[status]; ok {
		return s.Label
	}
	return status
}

// minutesText gives minutes present as "90 min" plus suffix, or "minutes unknown" for a
// session recorded as marks.
func minutesText(minutes *int, suffix string) string {
	if minutes == nil {
		return "minutes unknown"
	}
	return fmt.Sprintf("%d min%s", *minutes, suffix)
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
		name := fmt.Sprintf("%s, session %d: %s, %s",
			d.Members[y].Label, c.Session, statusText(c.Status), minutesText(c.MinutesPresent, " present"))
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

	return attendanceRateBars(labels, data, statusStyle["present"].Color,
		opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", Formatter: "{b}: {c}%"}, "24")
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
					Text:   fmt.Sprintf("%s, %s", statusText(c.Status), minutesText(c.MinutesPresent, "")),
				})
			}
		}
	}
	return rows
}
