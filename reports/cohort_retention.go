// The cohort report's retention section: members' outcomes and the cohort's Kaplan–Meier curve against its program's.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

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

// CurvePoint is one session of the retention curves: this cohort's (nil after the last
// session held, or when the cohort has no curve) and its program's (nil when it has none).
type CurvePoint struct {
	Session int          `json:"session"`
	Cohort  *KaplanMeier `json:"cohort"`
	Program *KaplanMeier `json:"program"`
}

// KaplanMeier is one row of retention_curve or retention_curve_cohort.
type KaplanMeier struct {
	AtRisk   int `json:"n_at_risk"`
	Dropped  int `json:"n_dropped"`
	Censored int `json:"n_censored"`
	// Survival is the share of starters retained beyond the session, between 0 and 1.
	Survival float64 `json:"survival"`
	// CILow and CIHigh bound the 95% interval; nil where survival is 1 or 0.
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
}

var outcomeLabel = map[string]string{
	"completed":     "completed",
	"dropped_out":   "dropped out",
	"never_started": "never started",
	"ongoing":       "ongoing",
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

// loadCurve reads the cohort's Kaplan–Meier curve up to its last session held (later rows
// only carry the curve forward over sessions that have not happened) and, when the cohort
// belongs to one program, that program's curve.
func loadCurve(ctx context.Context, db *sql.DB, d *CohortData, program string, present map[string]bool) error {
	points := map[int]*CurvePoint{}
	point := func(session int) *CurvePoint {
		if p, ok := points[session]; ok {
			return p
		}
		p := &CurvePoint{Session: session}
		points[session] = p
		return p
	}
	const columns = `session, coalesce(n_at_risk, 0), coalesce(n_dropped, 0), coalesce(n_censored, 0),
			survival, ci_low, ci_high`
	read := func(query string, set func(p *CurvePoint, k *KaplanMeier), args ...any) error {
		rows, err := db.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var session int
			var k KaplanMeier
			var low, high sql.NullFloat64
			if err := rows.Scan(&session, &k.AtRisk, &k.Dropped, &k.Censored, &k.Survival, &low, &high); err != nil {
				return err
			}
			k.CILow, k.CIHigh = nullableFloat(low), nullableFloat(high)
			set(point(session), &k)
		}
		return rows.Err()
	}
	if last := lastHeld(d); present["retention_curve_cohort"] && last > 0 {
		err := read(`
			SELECT `+columns+`
			FROM retention_curve_cohort
			WHERE cohort = ? AND session IS NOT NULL AND session <= ? AND survival IS NOT NULL
			ORDER BY session`,
			func(p *CurvePoint, k *KaplanMeier) { p.Cohort = k }, d.Cohort, last)
		if err != nil {
			return fmt.Errorf("cohort %q: read retention_curve_cohort: %w", d.Cohort, err)
		}
	}
	if present["retention_curve"] && program != "" {
		err := read(`
			SELECT `+columns+`
			FROM retention_curve
			WHERE program = ? AND session IS NOT NULL AND survival IS NOT NULL
			ORDER BY session`,
			func(p *CurvePoint, k *KaplanMeier) { p.Program = k }, program)
		if err != nil {
			return fmt.Errorf("cohort %q: read retention_curve: %w", d.Cohort, err)
		}
	}
	for _, p := range points {
		d.Curve = append(d.Curve, *p)
	}
	sort.Slice(d.Curve, func(i, j int) bool { return d.Curve[i].Session < d.Curve[j].Session })
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

func curveReading(d *CohortData, present map[string]bool) string {
	if !present["retention_curve_cohort"] && !present["retention_curve"] {
		return missingMartReading("retention_curve_cohort", "retention_curve")
	}
	var cohort, program *KaplanMeier
	session := 0
	for _, p := range d.Curve {
		if p.Cohort != nil {
			cohort, program, session = p.Cohort, p.Program, p.Session
		}
	}
	if cohort == nil {
		// retention_curve_cohort has rows for a cohort once a member has started.
		const none = "No retention curve for this cohort yet (there is one once a member has started)"
		for _, p := range d.Curve {
			if p.Program != nil {
				return fmt.Sprintf("%s, so the chart shows the %s program's curve on its own.", none, d.Program)
			}
		}
		return none + "."
	}
	s := fmt.Sprintf("After session %d, the last held, this cohort had kept %s of its starters", session, percent(cohort.Survival))
	switch {
	case program != nil:
		s += fmt.Sprintf(", against %s", percent(program.Survival))
		if program.CILow != nil && program.CIHigh != nil {
			s += fmt.Sprintf(" (95%% interval %s to %s)", percent(*program.CILow), percent(*program.CIHigh))
		}
		return s + fmt.Sprintf(" across the %s program.", d.Program)
	case !present["retention_curve"]:
		return s + "; this database has no retention_curve mart to set it against."
	default:
		return s + "; the program has no curve to set it against."
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

func outcomeText(outcome string) string {
	if s, ok := outcomeLabel[outcome]; ok {
		return s
	}
	return outcome
}

// curveChart draws this cohort's retention curve against its program's, the program's 95%
// interval as a band. Both start at 100% and step down at each session with dropouts, as a
// Kaplan–Meier curve does.
func curveChart(d *CohortData) *charts.Line {
	program := d.Program + " program (all cohorts)"
	band := "Program 95% interval"
	labels := []string{"Start"}
	var cohortData, programData []opts.LineData
	low, high := []*float64{nil}, []*float64{nil}
	hundred := 1.0
	startItem := func(who string, k *KaplanMeier) opts.LineData {
		if k == nil {
			return opts.LineData{Value: chartGap}
		}
		return lineItem(fmt.Sprintf("%s at the start: 100%% of %d starters", who, k.AtRisk), &hundred, 100, 1)
	}
	var firstCohort, firstProgram *KaplanMeier
	for _, p := range d.Curve {
		if firstCohort == nil {
			firstCohort = p.Cohort
		}
		if firstProgram == nil {
			firstProgram = p.Program
		}
	}
	cohortData = append(cohortData, startItem("This cohort", firstCohort))
	programData = append(programData, startItem(d.Program+" program", firstProgram))
	for _, p := range d.Curve {
		labels = append(labels, fmt.Sprintf("Session %d", p.Session))
		if k := p.Cohort; k != nil {
			cohortData = append(cohortData, lineItem(fmt.Sprintf("This cohort, session %d: %s retained beyond it (%d at risk, %d dropped out)",
				p.Session, percent(k.Survival), k.AtRisk, k.Dropped), &k.Survival, 100, 1))
		} else {
			cohortData = append(cohortData, lineItem("", nil, 100, 1))
		}
		if k := p.Program; k != nil {
			interval := ""
			if k.CILow != nil && k.CIHigh != nil {
				interval = fmt.Sprintf(", 95%% interval %s to %s", percent(*k.CILow), percent(*k.CIHigh))
			}
			programData = append(programData, lineItem(fmt.Sprintf("%s program, session %d: %s retained beyond it%s (%d at risk, %d dropped out)",
				d.Program, p.Session, percent(k.Survival), interval, k.AtRisk, k.Dropped), &k.Survival, 100, 1))
			low, high = append(low, k.CILow), append(high, k.CIHigh)
		} else {
			programData = append(programData, lineItem("", nil, 100, 1))
			low, high = append(low, nil), append(high, nil)
		}
	}

	// A step line draws each point's level on to the next category even when that point is a
	// gap, so a curve that ends early (this cohort's, at its last session held) is cut short.
	cohortData, programData = trimGaps(cohortData), trimGaps(programData)

	line := newLineChart([]interface{}{"This cohort", program, legendEntry{band, "rect"}}, "40",
		opts.YAxis{Name: "retained", Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}},
		opts.XAxis{})
	line.SetXAxis(labels)
	addBand(line, band, "interval", okabeOrange, low, high, 100, 1, "end")
	line.AddSeries(program, programData,
		charts.WithLineChartOpts(opts.LineChart{Step: "end", Symbol: "circle", SymbolSize: 7}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: okabeOrange, Width: 2, Type: "dashed"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: okabeOrange}),
	)
	line.AddSeries("This cohort", cohortData,
		charts.WithLineChartOpts(opts.LineChart{Step: "end", Symbol: "circle", SymbolSize: 9}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: okabeBlue, Width: 3}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: okabeBlue}),
	)
	return line
}
