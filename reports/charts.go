// Chart builders shared by the report sections: line charts with bands and gaps, session axes and the palette.

package reports

import (
	"math"
	"slices"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Series colours, from the Okabe–Ito palette like the statuses.
const (
	okabeBlue       = "#0072B2"
	okabeOrange     = "#E69F00"
	okabeVermillion = "#D55E00"
	okabeGreen      = "#009E73"
	okabePurple     = "#CC79A7"
)

var (
	scaleColors  = []string{okabeBlue, okabeOrange, okabeVermillion, okabeGreen, okabePurple}
	ratingColors = map[string]string{"gsrs": okabeGreen, "ors": okabePurple}
)

// chartGap is how ECharts marks a missing point in a series' data.
const chartGap = "-"

// roundPlaces rounds x to the given number of decimal places, for compact chart data.
func roundPlaces(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// lineItem is one point of a line, scaled, rounded and named for its tooltip, or a gap when v
// is nil.
func lineItem(name string, v *float64, scale float64, places int) opts.LineData {
	if v == nil {
		return opts.LineData{Value: chartGap}
	}
	return opts.LineData{Name: name, Value: roundPlaces(*v*scale, places)}
}

// addBand shades the region between low and high on a line chart: ECharts fills the area
// between two stacked series, so an invisible series runs along low and a filled one of
// height high − low is stacked on it. A point missing either end is a gap.
func addBand(line *charts.Line, name, stack, color string, low, high []*float64, scale float64, places int, step interface{}) {
	lows := make([]opts.LineData, len(low))
	widths := make([]opts.LineData, len(low))
	for i := range low {
		if low[i] == nil || high[i] == nil {
			lows[i], widths[i] = opts.LineData{Value: chartGap}, opts.LineData{Value: chartGap}
			continue
		}
		l, h := roundPlaces(*low[i]*scale, places), roundPlaces(*high[i]*scale, places)
		lows[i], widths[i] = opts.LineData{Value: l}, opts.LineData{Value: roundPlaces(h-l, places)}
	}
	hidden := []charts.SeriesOpts{
		charts.WithLineChartOpts(opts.LineChart{Stack: stack, ShowSymbol: opts.Bool(false), Step: step}),
		charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
	}
	line.AddSeries(name+" (lower edge)", lows, append(hidden, charts.WithSeriesId(bandSeriesID+stack+"-low"))...)
	line.AddSeries(name, widths, append(hidden, charts.WithSeriesId(bandSeriesID+stack),
		charts.WithAreaStyleOpts(opts.AreaStyle{Color: color, Opacity: opts.Float(0.2)}))...)
}

// bandSeriesID starts the id of every series addBand adds.
const bandSeriesID = "band-"

// silentSeries is a series that answers no hover or click.
type silentSeries struct {
	charts.SingleSeries
	Silent bool `json:"silent"`
}

// lineVisitor makes the band series of a line chart silent: they only shade a region, and
// the lines' own points carry the tooltips.
type lineVisitor struct {
	reportVisitor
}

func (lineVisitor) VisitSeriesOpt(series charts.MultiSeries) interface{} {
	out := make([]interface{}, len(series))
	for i, s := range series {
		if strings.HasPrefix(s.Id, bandSeriesID) {
			out[i] = silentSeries{SingleSeries: s, Silent: true}
		} else {
			out[i] = s
		}
	}
	return out
}

// legendEntry is one legend item with its own icon, as for a shaded band.
type legendEntry struct {
	Name string `json:"name"`
	Icon string `json:"icon"`
}

// newLineChart starts a line chart with the settings every line chart here shares; legend
// lists series names (strings) or legendEntry values, none for no legend.
func newLineChart(legend []interface{}, top string, yAxis opts.YAxis, xAxis opts.XAxis) *charts.Line {
	line := charts.NewLine()
	line.ClearPresetJSAssets()
	line.Accept(lineVisitor{})
	legendOpts := opts.Legend{Show: opts.Bool(false)}
	if len(legend) > 0 {
		legendOpts = opts.Legend{Show: opts.Bool(true), Top: "0", Data: legend}
	}
	xAxis.Type = "category"
	yAxis.Type = "value"
	bottom := "8"
	if xAxis.Name != "" {
		bottom = "30" // room for the axis name, which containLabel leaves out
	}
	line.SetGlobalOptions(
		charts.WithAnimation(false),
		// Each point is named with its whole reading; ECharts HTML-escapes it in the tooltip.
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}"}),
		charts.WithLegendOpts(legendOpts),
		charts.WithGridOpts(opts.Grid{Left: "2%", Right: "3%", Top: top, Bottom: bottom, ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(xAxis),
		charts.WithYAxisOpts(yAxis),
	)
	return line
}

// trimGaps drops the gaps at the end of a line's data.
func trimGaps(data []opts.LineData) []opts.LineData {
	for len(data) > 0 && data[len(data)-1].Value == chartGap {
		data = data[:len(data)-1]
	}
	return data
}

// chartSessions are the sessions a per-session chart spans: every planned session, and any
// other session the data names.
func chartSessions(d *CohortData, extra []int) []int {
	var sessions []int
	for _, s := range d.Sessions {
		sessions = append(sessions, s.Session)
	}
	for _, s := range extra {
		if !slices.Contains(sessions, s) {
			sessions = append(sessions, s)
		}
	}
	slices.Sort(sessions)
	return sessions
}

// fullSessionLabels labels sessions as the attendance charts do, with date and whether held.
func fullSessionLabels(d *CohortData, sessions []int) []string {
	known := map[int]CohortSession{}
	for _, s := range d.Sessions {
		known[s.Session] = s
	}
	labels := make([]string, len(sessions))
	for i, s := range sessions {
		cs, ok := known[s]
		if !ok {
			cs = CohortSession{Session: s, Held: true}
		}
		labels[i] = sessionAxisLabel(cs)
	}
	return labels
}

// dashedLevel marks a level of a line chart's measure (a clinical cutoff, an alert threshold)
// as a thin dashed line across the chart, labelled with its name and value.
func dashedLevel(name string, y float64, color string) []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: name, YAxis: y}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "insideStartTop", Formatter: "{b} {c}"},
			LineStyle: &opts.LineStyle{Color: color, Type: "dashed", Width: 1},
		}),
	}
}
