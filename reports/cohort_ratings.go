// The cohort report's session ratings and "connected" sections: group means of the GSRS, ORS and check-in per session.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// RatingSeries is one session-rating instrument's group mean total, session by session.
type RatingSeries struct {
	Instrument string `json:"instrument"`
	Title      string `json:"title"`
	// ClinicalCutoff is the instrument's cutoff from the instruments mart, if it has one.
	ClinicalCutoff *float64        `json:"clinical_cutoff"`
	Sessions       []RatingSession `json:"sessions"`
}

// RatingSession is one row of cohesion_group for a rating instrument's total.
type RatingSession struct {
	Session int      `json:"session"`
	N       int      `json:"n"`
	Mean    float64  `json:"mean"`
	SD      *float64 `json:"sd"`
}

// ratingInstruments are the per-session rating instruments whose group means the report shows.
var ratingInstruments = []string{"gsrs", "ors"}

// loadRatings reads the group means of the GSRS and ORS totals.
func loadRatings(ctx context.Context, db *sql.DB, d *CohortData, instruments map[string]instrumentInfo) error {
	rows, err := db.QueryContext(ctx, `
		SELECT instrument, session, coalesce(n, 0), mean, sd
		FROM cohesion_group
		WHERE cohort = ? AND (instrument IN ('gsrs', 'ors') AND scale = 'total' OR instrument = 'checkin' AND scale = 'connected')
			AND session IS NOT NULL AND mean IS NOT NULL
		ORDER BY instrument, session`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read cohesion_group: %w", d.Cohort, err)
	}
	defer rows.Close()
	byInstrument := map[string]*RatingSeries{}
	for rows.Next() {
		var instrument string
		var s RatingSession
		var sd sql.NullFloat64
		if err := rows.Scan(&instrument, &s.Session, &s.N, &s.Mean, &sd); err != nil {
			return fmt.Errorf("cohort %q: read cohesion_group: %w", d.Cohort, err)
		}
		s.SD = nullableFloat(sd)
		r, ok := byInstrument[instrument]
		if !ok {
			r = &RatingSeries{
				Instrument:     instrument,
				Title:          instrumentTitle(instruments, instrument),
				ClinicalCutoff: instruments[instrument].Cutoff,
			}
			byInstrument[instrument] = r
		}
		r.Sessions = append(r.Sessions, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read cohesion_group: %w", d.Cohort, err)
	}
	for _, instrument := range ratingInstruments {
		if r, ok := byInstrument[instrument]; ok {
			d.Ratings = append(d.Ratings, *r)
		}
	}
	if r, ok := byInstrument["checkin"]; ok {
		r.Title = "connected score"
		d.Connected = []RatingSeries{*r}
	}
	return nil
}

func ratingsReading(d *CohortData, present map[string]bool) string {
	if !present["cohesion_group"] {
		return missingMartReading("cohesion_group")
	}
	if len(d.Ratings) == 0 {
		return "No GSRS or ORS answers loaded for this cohort."
	}
	return meansReading(d.Ratings)
}

// connectedReading reads the check-in's connected score over the sessions.
func connectedReading(d *CohortData, present map[string]bool) string {
	if !present["cohesion_group"] {
		return missingMartReading("cohesion_group")
	}
	if len(d.Connected) == 0 {
		return "No check-in answers to \"how connected do you feel\" loaded for this cohort."
	}
	return meansReading(d.Connected)
}

// meansReading says how each series' group mean moved from its first session to its last.
func meansReading(series []RatingSeries) string {
	var clauses []string
	for _, r := range series {
		n := len(r.Sessions)
		first, last := r.Sessions[0], r.Sessions[n-1]
		f, l := oneDecimal(first.Mean), oneDecimal(last.Mean)
		switch {
		case n == 1:
			clauses = append(clauses, fmt.Sprintf("the mean %s was %s at session %d", r.Title, f, first.Session))
		case f == l:
			clauses = append(clauses, fmt.Sprintf("the mean %s was %s at both session %d and session %d", r.Title, f, first.Session, last.Session))
		case last.Mean < first.Mean:
			clauses = append(clauses, fmt.Sprintf("the mean %s fell from %s at session %d to %s at session %d", r.Title, f, first.Session, l, last.Session))
		default:
			clauses = append(clauses, fmt.Sprintf("the mean %s rose from %s at session %d to %s at session %d", r.Title, f, first.Session, l, last.Session))
		}
	}
	s := joinAnd(clauses) + "."
	return strings.ToUpper(s[:1]) + s[1:]
}

// ratingsChart draws the group's mean GSRS and ORS totals per session, with an instrument's
// clinical cutoff as a dashed line where the instruments mart gives one.
func ratingsChart(d *CohortData) *charts.Line {
	return meansChart(d, d.Ratings, "total", 40)
}

// meansChart draws group means per session, a line per series, on a 0 to max axis.
func meansChart(d *CohortData, series []RatingSeries, axis string, max int) *charts.Line {
	var extra []int
	var legend []interface{}
	for _, r := range series {
		legend = append(legend, r.Title)
		for _, s := range r.Sessions {
			extra = append(extra, s.Session)
		}
	}
	sessions := chartSessions(d, extra)
	line := newLineChart(legend, fmt.Sprint(max),
		opts.YAxis{Name: axis, Min: 0, Max: max},
		opts.XAxis{})
	line.SetXAxis(fullSessionLabels(d, sessions))
	for i, r := range series {
		bySession := map[int]RatingSession{}
		for _, s := range r.Sessions {
			bySession[s.Session] = s
		}
		data := make([]opts.LineData, len(sessions))
		for j, session := range sessions {
			s, ok := bySession[session]
			if !ok {
				data[j] = lineItem("", nil, 1, 1)
				continue
			}
			name := fmt.Sprintf("%s, session %d: mean %s of %d members", r.Title, session, oneDecimal(s.Mean), s.N)
			if s.SD != nil {
				name += fmt.Sprintf(" (sd %s)", oneDecimal(*s.SD))
			}
			data[j] = lineItem(name, &s.Mean, 1, 1)
		}
		color, ok := ratingColors[r.Instrument]
		if !ok {
			color = scaleColors[i%len(scaleColors)]
		}
		seriesOpts := []charts.SeriesOpts{
			charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(true), Symbol: "circle", SymbolSize: 8}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 3}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		}
		if r.ClinicalCutoff != nil {
			seriesOpts = append(seriesOpts, dashedLevel(r.Title+" clinical cutoff", *r.ClinicalCutoff, color)...)
		}
		line.AddSeries(r.Title, data, seriesOpts...)
	}
	return line
}

// ratingRow is one session's row of the ratings table: each instrument's group mean, nil
// where no member answered it.
type ratingRow struct {
	Session     int
	Instruments []*RatingSession
}

func ratingRows(ratings []RatingSeries) []ratingRow {
	sessions, grid := sessionGrid(ratings, func(r RatingSeries) []RatingSession { return r.Sessions },
		func(s RatingSession) int { return s.Session })
	rows := make([]ratingRow, len(sessions))
	for i, session := range sessions {
		rows[i] = ratingRow{Session: session, Instruments: grid[i]}
	}
	return rows
}
