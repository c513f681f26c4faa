// The quarter report's retention section: each program's Kaplan–Meier curve over the quarter's cohorts.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// QuarterCurve is one program's Kaplan–Meier retention curve.
type QuarterCurve struct {
	Program string              `json:"program"`
	Points  []QuarterCurvePoint `json:"points"`
}

// QuarterCurvePoint is the curve after one session: the estimated share of starters retained
// beyond it, with its 95% interval. The numbers at risk are not shown: the differences between
// them would count the few members who left at each session.
type QuarterCurvePoint struct {
	Session  int      `json:"session"`
	Survival *float64 `json:"survival"`
	CILow    *float64 `json:"ci_low"`
	CIHigh   *float64 `json:"ci_high"`
	// Suppressed is true when fewer than the minimum number of members were at risk.
	Suppressed bool `json:"suppressed,omitempty"`
}

// SurvivalText is the estimate as a percentage, or "—" when the mart has none.
func (p QuarterCurvePoint) SurvivalText() string {
	if p.Survival == nil {
		return "—"
	}
	return percent(*p.Survival)
}

// IntervalText is the 95% interval, or "—" where the mart gives none (an estimate of 1 or 0).
func (p QuarterCurvePoint) IntervalText() string {
	if p.CILow == nil || p.CIHigh == nil {
		return "—"
	}
	return percent(*p.CILow) + " to " + percent(*p.CIHigh)
}

// loadQuarterSurvival reads every program's retention curve, hiding the points with fewer than
// minCell members at risk.
func loadQuarterSurvival(ctx context.Context, db *sql.DB, minCell int) ([]QuarterCurve, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT coalesce(program, ''), session, coalesce(n_at_risk, 0), survival, ci_low, ci_high
		FROM retention_curve
		WHERE session IS NOT NULL
		ORDER BY program, session`)
	if err != nil {
		return nil, fmt.Errorf("read retention_curve: %w", err)
	}
	defer rows.Close()
	var out []QuarterCurve
	for rows.Next() {
		var program string
		var p QuarterCurvePoint
		var atRisk int
		var survival, low, high sql.NullFloat64
		if err := rows.Scan(&program, &p.Session, &atRisk, &survival, &low, &high); err != nil {
			return nil, fmt.Errorf("read retention_curve: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Program != program {
			out = append(out, QuarterCurve{Program: program})
		}
		if minCell > 0 && atRisk < minCell {
			p.Suppressed = true
		} else {
			p.Survival, p.CILow, p.CIHigh = quarterNullFloat(survival), quarterNullFloat(low), quarterNullFloat(high)
		}
		c := &out[len(out)-1]
		c.Points = append(c.Points, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read retention_curve: %w", err)
	}
	return out, nil
}

func quarterSurvivalReading(curves []QuarterCurve) string {
	if curves == nil {
		return "The retention_curve mart is missing, so there are no retention curves."
	}
	var parts []string
	for _, c := range curves {
		var last *QuarterCurvePoint
		for i := range c.Points {
			if !c.Points[i].Suppressed && c.Points[i].Survival != nil {
				last = &c.Points[i]
			}
		}
		if last == nil {
			continue
		}
		part := fmt.Sprintf("in %s an estimated %s of starters were still attending after session %d", c.Program, percent(*last.Survival), last.Session)
		if last.CILow != nil && last.CIHigh != nil {
			part += fmt.Sprintf(" (95%% interval %s to %s)", percent(*last.CILow), percent(*last.CIHigh))
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return "No program has enough members at risk to show a retention curve."
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func quarterSurvivalChart(curves []QuarterCurve) *charts.Line {
	last := 0
	for _, c := range curves {
		for _, p := range c.Points {
			last = max(last, p.Session)
		}
	}
	sessions := make([]string, last)
	for i := range sessions {
		sessions[i] = strconv.Itoa(i + 1)
	}
	line := charts.NewLine()
	line.ClearPresetJSAssets()
	line.Accept(reportVisitor{})
	var legend []string
	for i, c := range curves {
		legend = append(legend, c.Program)
		color := quarterPalette[i%len(quarterPalette)]
		low, width, mid := make([]opts.LineData, last), make([]opts.LineData, last), make([]opts.LineData, last)
		for k := range mid {
			low[k], width[k], mid[k] = opts.LineData{Value: "-"}, opts.LineData{Value: "-"}, opts.LineData{Value: "-"}
		}
		for _, p := range c.Points {
			k := p.Session - 1
			if k < 0 || p.Survival == nil {
				continue
			}
			lo, hi := p.CILow, p.CIHigh
			if lo == nil || hi == nil {
				// R gives no interval where the estimate is 1 or 0; the band closes there.
				lo, hi = p.Survival, p.Survival
			}
			w := *hi - *lo
			// The tooltip shows the item's name, which ECharts HTML-escapes.
			name := fmt.Sprintf("%s, after session %d: %s (95%% interval %s to %s)",
				c.Program, p.Session, percent(*p.Survival), percent(*lo), percent(*hi))
			mid[k] = opts.LineData{Name: name, Value: quarterPct(p.Survival)}
			low[k] = opts.LineData{Value: quarterPct(lo)}
			width[k] = opts.LineData{Value: quarterPct(&w)}
		}
		stack := fmt.Sprintf("interval-%d", i)
		// The band is two stacked series: an invisible lower bound, then the interval's width
		// filled. All three share the program's name so its legend entry toggles them together.
		line.AddSeries(c.Program, low,
			charts.WithLineChartOpts(opts.LineChart{Stack: stack, Step: "end", ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		)
		line.AddSeries(c.Program, width,
			charts.WithLineChartOpts(opts.LineChart{Stack: stack, Step: "end", ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}),
			charts.WithAreaStyleOpts(opts.AreaStyle{Color: color, Opacity: opts.Float(0.18)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		)
		line.AddSeries(c.Program, mid,
			charts.WithLineChartOpts(opts.LineChart{Step: "end", Symbol: "circle", SymbolSize: 7}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2.5}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		)
	}
	line.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Data: legend, Top: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "2%", Right: "4%", Top: "40", Bottom: "28", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: "after session", NameLocation: "middle", NameGap: 28}),
		charts.WithYAxisOpts(opts.YAxis{
			Type:      "value",
			Name:      "still attending",
			Min:       0,
			Max:       100,
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%"},
		}),
	)
	line.SetXAxis(sessions)
	return line
}
