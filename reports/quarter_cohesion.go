// The quarter report's group climate section: GCQ-S engagement per program and session.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// QuarterCohesion is a cohort's GCQ-S engagement, the mean over its sessions of the group mean.
type QuarterCohesion struct {
	Cohort  string `json:"cohort"`
	Program string `json:"program"`
	// Sessions is how many sessions have a group score.
	Sessions int `json:"sessions"`
	// Members is the most members scored at one session; nil when suppressed.
	Members    *int     `json:"members"`
	Mean       *float64 `json:"mean"`
	Suppressed bool     `json:"suppressed,omitempty"`
}

// MembersText is the most members scored at one session, or "suppressed".
func (c QuarterCohesion) MembersText() string {
	if c.Members == nil {
		return "suppressed"
	}
	return strconv.Itoa(*c.Members)
}

// MeanText is the mean engagement with two decimals, or "suppressed".
func (c QuarterCohesion) MeanText() string {
	if c.Mean == nil {
		return "suppressed"
	}
	return strconv.FormatFloat(*c.Mean, 'f', 2, 64)
}

// loadQuarterCohesion reads each cohort's mean GCQ-S engagement over its sessions, hiding cohorts
// where no session had minCell members scored.
func loadQuarterCohesion(ctx context.Context, db *sql.DB, q Quarter, cohorts []QuarterCohort, minCell int) ([]QuarterCohesion, error) {
	start, end := q.Bounds()
	rows, err := db.QueryContext(ctx, `
		WITH `+quarterCohortsCTE+`
		SELECT cohort, count(*), coalesce(max(n), 0), avg(mean)
		FROM cohesion_group
		WHERE cohort IN (SELECT cohort FROM quarter_cohorts)
			AND instrument = 'gcqs' AND scale = 'engagement' AND mean IS NOT NULL
		GROUP BY cohort`, start.Unix(), end.Unix())
	if err != nil {
		return nil, fmt.Errorf("quarter %s: read cohesion_group: %w", q, err)
	}
	defer rows.Close()
	byCohort := map[string]QuarterCohesion{}
	for rows.Next() {
		var c QuarterCohesion
		var members int
		var mean float64
		if err := rows.Scan(&c.Cohort, &c.Sessions, &members, &mean); err != nil {
			return nil, fmt.Errorf("quarter %s: read cohesion_group: %w", q, err)
		}
		if minCell > 0 && members < minCell {
			c.Suppressed = true
		} else {
			c.Members, c.Mean = &members, &mean
		}
		byCohort[c.Cohort] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("quarter %s: read cohesion_group: %w", q, err)
	}
	out := []QuarterCohesion{}
	for _, qc := range cohorts {
		if c, ok := byCohort[qc.Cohort]; ok {
			c.Program = qc.Program
			out = append(out, c)
		}
	}
	return out, nil
}

func quarterCohesionReading(cs []QuarterCohesion) string {
	if cs == nil {
		return "The cohesion_group mart is missing, so there is no cohesion to show."
	}
	var shown []QuarterCohesion
	for _, c := range cs {
		if !c.Suppressed {
			shown = append(shown, c)
		}
	}
	hidden := len(cs) - len(shown)
	var s string
	switch len(shown) {
	case 0:
		if len(cs) == 0 {
			return "No cohort of this quarter has GCQ-S engagement scores."
		}
		return "Every cohort's cohesion is suppressed: none had enough members scored at one session."
	case 1:
		s = fmt.Sprintf("Mean GCQ-S engagement in %s was %.1f on the 0 to 6 scale", shown[0].Cohort, *shown[0].Mean)
	default:
		lo, hi := shown[0], shown[0]
		for _, c := range shown[1:] {
			if *c.Mean < *lo.Mean {
				lo = c
			}
			if *c.Mean > *hi.Mean {
				hi = c
			}
		}
		s = fmt.Sprintf("Mean GCQ-S engagement ranged from %.1f in %s to %.1f in %s on the 0 to 6 scale",
			*lo.Mean, lo.Cohort, *hi.Mean, hi.Cohort)
	}
	if hidden > 0 {
		s += fmt.Sprintf(", with %s suppressed for having too few members scored", quarterPlural(hidden, "cohort", "cohorts"))
	}
	return s + "."
}

func quarterCohesionChart(cs []QuarterCohesion) *charts.Bar {
	labels := make([]string, len(cs))
	data := make([]opts.BarData, len(cs))
	for i, c := range cs {
		labels[i] = c.Cohort
		if c.Mean == nil {
			data[i] = opts.BarData{Name: c.Cohort + ": suppressed", Value: "-"}
			continue
		}
		data[i] = opts.BarData{Name: fmt.Sprintf("%s: %.2f", c.Cohort, *c.Mean), Value: math.Round(*c.Mean*100) / 100}
	}
	// Horizontal bars, so that long cohort labels have room and never overlap.
	bar := charts.NewBar()
	bar.ClearPresetJSAssets()
	bar.Accept(reportVisitor{})
	bar.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "2%", Right: "48", Top: "8", Bottom: "28", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "mean engagement (0–6)", NameLocation: "middle", NameGap: 28, Min: 0, Max: 6}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: labels, Inverse: opts.Bool(true)}),
	)
	bar.AddSeries("GCQ-S engagement", data,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: quarterPalette[2]}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", Formatter: "{c}"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "32" }),
	)
	return bar
}
