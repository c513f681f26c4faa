// Package reports renders the marts as self-contained HTML pages that draw
// their charts with an embedded copy of ECharts, so a page opens offline.
//
// Chart options are built with go-echarts, but the page is rendered here with
// html/template: every option object is encoded with encoding/json's default
// HTML escaping and parsed by the browser as data, and no chart ever asks for
// a script or stylesheet from the network.
package reports

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"regexp"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// The asset is put in place by fetch-assets.sh from the version pinned in
// package-lock.json; it is not committed.
//
//go:embed assets/echarts.min.js
var echartsJS string

//go:embed templates/*.html
var templateFS embed.FS

var pageTemplates = template.Must(template.New("reports").Funcs(template.FuncMap{
	"percent":        percent,
	"outcome":        outcomeText,
	"fixed":          formatDecimal,
	"maybeFixed":     optionalDecimal,
	"maybePercent":   optionalPercent,
	"maybeScore":     optionalScore,
	"signedScore":    signedScore,
	"reliableChange": reliableChangeText,
	"yesNo":          yesNo,
	"countText":      countText,
}).ParseFS(templateFS, "templates/*.html"))

// scriptBreakout matches what would end or confuse an inline <script> element
// early; the embedded library is checked for it before it is inlined.
var scriptBreakout = regexp.MustCompile(`(?i)</script|<!--`)

// inlineECharts returns the embedded ECharts library for a <script> element.
func inlineECharts() (template.JS, error) {
	if scriptBreakout.MatchString(echartsJS) {
		return "", errors.New("embedded echarts.min.js contains </script or <!-- and cannot be inlined")
	}
	return template.JS(echartsJS), nil
}

// echartsChart is what every go-echarts chart type provides.
type echartsChart interface {
	Validate()
	JSON() map[string]interface{}
	GetAssets() opts.Assets
}

// chartOption is one chart's ECharts option object, ready for the page.
type chartOption struct {
	// ID is the id of the element the chart draws into.
	ID string
	// Label describes the chart for screen readers.
	Label string
	// Height is the chart's height in CSS pixels.
	Height int
	// Option is the option object as encoded by json.Marshal, whose default
	// escaping turns <, > and & into \u003c, \u003e and \u0026, so no text
	// from the data can end the <script> element that holds it.
	Option template.JS
}

// funcMarker is how go-echarts marks JavaScript functions inside options; the
// pages here carry data only, so an option containing one is refused.
const funcMarker = "__f__"

// encodeOption validates a go-echarts chart and encodes its option object.
func encodeOption(c echartsChart) ([]byte, error) {
	c.Validate()
	a := c.GetAssets()
	if n := len(a.JSAssets.Values) + len(a.CSSAssets.Values) + len(a.CustomizedJSAssets.Values) +
		len(a.CustomizedCSSAssets.Values) + len(a.CustomizedHeaders.Values); n > 0 {
		return nil, fmt.Errorf("chart asks for %d external assets; reports must draw offline", n)
	}
	b, err := json.Marshal(c.JSON())
	if err != nil {
		return nil, fmt.Errorf("encode chart option: %w", err)
	}
	if bytes.Contains(b, []byte(funcMarker)) {
		return nil, errors.New("chart option contains a JavaScript function; reports carry data only")
	}
	return b, nil
}

// jsOption marks an option object encoded by encodeOption as safe to place in
// a <script> element: json.Marshal has already escaped <, > and &.
func jsOption(b []byte) template.JS {
	return template.JS(b)
}

// axisLineHeight is the line height, in pixels, of every axis label. ECharts
// otherwise measures it from the width of a CJK glyph, which collapses
// multi-line labels onto each other on machines without a CJK font; go-echarts
// can only pass it as a string, which ECharts would add as text.
const axisLineHeight = 16

// labelWithLineHeight is an axis label with a numeric line height.
type labelWithLineHeight struct {
	*opts.AxisLabel
	LineHeight int `json:"lineHeight"`
}

type xAxisOption struct {
	opts.XAxis
	AxisLabel labelWithLineHeight `json:"axisLabel"`
}

type yAxisOption struct {
	opts.YAxis
	AxisLabel labelWithLineHeight `json:"axisLabel"`
}

// reportVisitor adjusts go-echarts' option objects where its types cannot
// express what the reports need.
type reportVisitor struct {
	charts.BaseConfigurationVisitor
}

// VisitXAxis gives every x axis label a numeric line height.
func (reportVisitor) VisitXAxis(axes []opts.XAxis) interface{} {
	out := make([]xAxisOption, len(axes))
	for i, a := range axes {
		out[i] = xAxisOption{XAxis: a, AxisLabel: labelWithLineHeight{a.AxisLabel, axisLineHeight}}
	}
	return out
}

// VisitYAxis gives every y axis label a numeric line height.
func (reportVisitor) VisitYAxis(axes []opts.YAxis) interface{} {
	out := make([]yAxisOption, len(axes))
	for i, a := range axes {
		out[i] = yAxisOption{YAxis: a, AxisLabel: labelWithLineHeight{a.AxisLabel, axisLineHeight}}
	}
	return out
}

// RunSettings are the definitions the marts were built with (`cohesion run` flags), shown on
// every report so a reader knows what "dropped out" and "late" meant for these figures.
type RunSettings struct {
	DropoutRule            string `json:"dropout_rule"`
	LateAfterMinutes       int    `json:"late_after_minutes"`
	LeftEarlyBeforeMinutes int    `json:"left_early_before_minutes"`
}

// loadRunSettings reads run_settings; nil when the database has none (built by an older run).
func loadRunSettings(ctx context.Context, db *sql.DB) (*RunSettings, error) {
	tables, err := existingTables(ctx, db)
	if err != nil || !tables["run_settings"] {
		return nil, err
	}
	var s RunSettings
	err = db.QueryRowContext(ctx, `select coalesce(dropout_rule::varchar, 'no-return'), late_after_minutes,
		left_early_before_minutes from run_settings limit 1`).Scan(&s.DropoutRule, &s.LateAfterMinutes, &s.LeftEarlyBeforeMinutes)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("run_settings: %w", err)
	}
	return &s, nil
}

// attendanceRateBars is the bar chart both reports draw of attendance rates (0–100%), one bar
// per label, each labelled with its percentage; the tooltip and the room above the plot are
// what differ between the pages.
func attendanceRateBars(labels []string, data []opts.BarData, color string, tooltip opts.Tooltip, gridTop string) *charts.Bar {
	bar := charts.NewBar()
	bar.ClearPresetJSAssets()
	bar.Accept(reportVisitor{})
	bar.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithTooltipOpts(tooltip),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "2%", Right: "2%", Top: gridTop, Bottom: "8", ContainLabel: opts.Bool(true)}),
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
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top", Formatter: "{c}%"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "64" }),
	)
	return bar
}
