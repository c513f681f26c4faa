// The quarter report: the practice's figures for one calendar quarter, for management and
// funders, read from the marts only and with small cells suppressed.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultMinCell is the smallest number of people a published figure may describe unless told
// otherwise: counts of 1 to 10 are suppressed.
const DefaultMinCell = 11

// QuarterOptions control the quarter report.
type QuarterOptions struct {
	// MinCell is the smallest number of people a shown figure may describe; 0 or less shows
	// everything. Callers normally pass DefaultMinCell.
	MinCell int
	// Now is shown in the footer; the current time when zero.
	Now time.Time
}

// QuarterData is everything the quarter report shows, already suppressed: a hidden figure has
// no value here, so nothing downstream can show it by mistake.
type QuarterData struct {
	Quarter  string `json:"quarter"`
	Previous string `json:"previous"`
	// From and To are the quarter's first and last days.
	From string `json:"from"`
	To   string `json:"to"`
	// Zone names the time zones the quarter's dates, weekdays and times are in: each cohort's
	// own, named.
	Zone    string `json:"zone"`
	MinCell int    `json:"min_cell"`
	// Settings are the run settings the marts were built with; nil when not recorded.
	Settings *RunSettings `json:"settings"`
	// Cohorts are the cohorts whose first session falls in the quarter, in order of it.
	Cohorts  []QuarterCohort   `json:"cohorts"`
	Headline []QuarterHeadline `json:"headline"`
	Programs QuarterTable      `json:"programs"`
	Slots    QuarterTable      `json:"slots"`
	// Continuation and Improvement are nil when their mart is missing.
	Continuation *QuarterTable `json:"continuation"`
	Improvement  *QuarterTable `json:"improvement"`
	// Survival holds the retention curve of every program, from all cohorts to date.
	Survival []QuarterCurve `json:"survival"`
	// Cohesion is GCQ-S engagement per cohort of the quarter; nil when the mart is missing.
	Cohesion []QuarterCohesion `json:"cohesion"`
	// Logrank are the log-rank tests of the retention curves, and Dropout each scale's Cox
	// model of dropping out, from every cohort to date; nil when their mart is missing.
	Logrank     []QuarterLogrank     `json:"logrank"`
	Dropout     []QuarterDropout     `json:"dropout"`
	Suppression []QuarterSuppression `json:"suppression"`
	// Missing lists the optional marts the database does not have.
	Missing  []string        `json:"missing_marts"`
	Readings QuarterReadings `json:"readings"`
}

// QuarterCohort is one cohort of the quarter. It carries no counts of people.
type QuarterCohort struct {
	Cohort  string `json:"cohort"`
	Program string `json:"program"`
	// FirstSession and LastSession are the local dates of its first and last planned sessions.
	FirstSession string `json:"first_session"`
	LastSession  string `json:"last_session"`
	// Zone is the cohort's time zone, which its dates and times are in.
	Zone    string `json:"zone"`
	Planned int    `json:"planned"`
	Held    int    `json:"held"`
	// Finished is true when every planned session has been held.
	Finished bool `json:"finished"`
}

// QuarterFigure is one headline figure as shown.
type QuarterFigure struct {
	// Text is what the page shows, e.g. "78% of 334 places" or "suppressed".
	Text string `json:"text"`
	// Value is the count, or the share between 0 and 1; nil when not shown.
	Value      *float64 `json:"value"`
	Suppressed bool     `json:"suppressed,omitempty"`
	share      bool
}

// QuarterTable is one table of counts and shares after suppression.
type QuarterTable struct {
	// Key names the table in the list of what was suppressed.
	Key          string       `json:"key"`
	Caption      string       `json:"caption"`
	RowHeader    string       `json:"row_header"`
	ExtraColumns []string     `json:"extra_columns,omitempty"`
	CountColumns []string     `json:"count_columns"`
	RateColumns  []string     `json:"rate_columns"`
	Rows         []QuarterRow `json:"rows"`
}

// QuarterRow is one row of a QuarterTable; the total row comes last.
type QuarterRow struct {
	Label string `json:"label"`
	Total bool   `json:"total,omitempty"`
	// Extra are figures that count no people, such as sessions held.
	Extra  []string       `json:"extra,omitempty"`
	Counts []QuarterCount `json:"counts"`
	Rates  []QuarterShare `json:"rates"`
}

// QuarterCount is a count as the report shows it.
type QuarterCount struct {
	// N is nil when the count is suppressed.
	N *int `json:"n"`
	// Suppressed is "primary" or "secondary" when N is hidden.
	Suppressed string `json:"suppressed,omitempty"`
}

// Hidden reports whether the count is suppressed.
func (c QuarterCount) Hidden() bool { return c.N == nil }

// String is the count, or "suppressed".
func (c QuarterCount) String() string {
	if c.N == nil {
		return "suppressed"
	}
	return strconv.Itoa(*c.N)
}

// QuarterShare is a proportion as the report shows it.
type QuarterShare struct {
	// Rate is between 0 and 1; nil when suppressed or when nobody is in its denominator.
	Rate       *float64 `json:"rate"`
	Suppressed bool     `json:"suppressed,omitempty"`
}

// String is the share as a whole percentage, "suppressed", or "—" when it has no denominator.
func (s QuarterShare) String() string {
	switch {
	case s.Suppressed:
		return "suppressed"
	case s.Rate == nil:
		return "—"
	}
	return percent(*s.Rate)
}

// QuarterSuppression says how much of one table was suppressed.
type QuarterSuppression struct {
	Table string `json:"table"`
	// Figures is how many counts (or points, or cohorts) the table has.
	Figures int `json:"figures"`
	// Primary are hidden because they describe too few people; Secondary so that those cannot
	// be worked out from the rest.
	Primary   int `json:"primary"`
	Secondary int `json:"secondary"`
	// Rates is how many shares are hidden with them.
	Rates int `json:"rates"`
}

// QuarterReadings are the one-sentence plain readings shown with each part.
type QuarterReadings struct {
	Headline     string `json:"headline"`
	Programs     string `json:"programs"`
	Survival     string `json:"survival"`
	Cohesion     string `json:"cohesion"`
	Slots        string `json:"slots"`
	Continuation string `json:"continuation"`
	Improvement  string `json:"improvement"`
	Dropout      string `json:"dropout"`
}

// The marts the report needs, and those it shows a part for only when present.
var (
	quarterRequiredMarts = []string{"sessions", "attendance", "retention"}
	quarterOptionalMarts = []string{"retention_curve", "cohesion_group", "continuation", "outcome_change",
		"retention_logrank", "cohesion_dropout"}
)

// LoadQuarter reads the quarter's figures, and the previous quarter's for comparison, from the
// marts (never from raw, staging or intermediate tables, and never from pii_people), and
// suppresses every figure describing fewer than opt.MinCell people.
//
// A cohort belongs to the quarter in which its first session starts, by the cohort's own local
// date: a cohort is counted once, in the quarter it began, even if it runs on into the next.
// Weekdays and times are each cohort's local ones, whatever the zone of the machine.
func LoadQuarter(ctx context.Context, db *sql.DB, q Quarter, opt QuarterOptions) (*QuarterData, error) {
	marts, err := existingTables(ctx, db)
	if err != nil {
		return nil, err
	}
	for _, m := range quarterRequiredMarts {
		if !marts[m] {
			return nil, fmt.Errorf("quarter %s: the %s mart is missing; run 'cohesion run' first", q, m)
		}
	}
	cur, err := loadQuarterFigures(ctx, db, q, marts)
	if err != nil {
		return nil, err
	}
	prev, err := loadQuarterFigures(ctx, db, q.Previous(), marts)
	if err != nil {
		return nil, err
	}
	curShown, prevShown := cur.suppress(opt.MinCell), prev.suppress(opt.MinCell)

	start, end := q.Bounds()
	d := &QuarterData{
		Quarter:  q.String(),
		Previous: q.Previous().String(),
		From:     start.Format("2006-01-02"),
		To:       end.AddDate(0, 0, -1).Format("2006-01-02"),
		Zone:     cohortZones(cur.cohorts),
		MinCell:  max(opt.MinCell, 0),
		Cohorts:  cur.cohorts,
		Programs: curShown.programs,
		Slots:    curShown.slots,
	}
	if d.Cohorts == nil {
		d.Cohorts = []QuarterCohort{}
	}
	if d.Settings, err = loadRunSettings(ctx, db); err != nil {
		return nil, err
	}
	if marts["continuation"] {
		d.Continuation = &curShown.continuation
	}
	if marts["outcome_change"] {
		d.Improvement = &curShown.improvement
	}
	for _, m := range quarterOptionalMarts {
		if !marts[m] {
			d.Missing = append(d.Missing, m)
		}
	}
	if d.Missing == nil {
		d.Missing = []string{}
	}
	d.Headline = quarterHeadlines(cur, curShown, prev, prevShown, marts)
	if marts["retention_curve"] {
		if d.Survival, err = loadQuarterSurvival(ctx, db, opt.MinCell); err != nil {
			return nil, err
		}
	}
	if marts["cohesion_group"] {
		if d.Cohesion, err = loadQuarterCohesion(ctx, db, q, cur.cohorts, opt.MinCell); err != nil {
			return nil, err
		}
	}
	if marts["retention_logrank"] {
		if d.Logrank, err = loadQuarterLogrank(ctx, db); err != nil {
			return nil, fmt.Errorf("quarter %s: %w", q, err)
		}
	}
	if marts["cohesion_dropout"] {
		titles := map[string]string{}
		for k, v := range instrumentTitles {
			titles[k] = v
		}
		if marts["instruments"] {
			info := map[string]instrumentInfo{}
			if err := loadInstruments(ctx, db, info); err != nil {
				return nil, err
			}
			for k, v := range info {
				if v.Title != "" {
					titles[k] = v.Title
				}
			}
		}
		if d.Dropout, err = loadQuarterDropout(ctx, db, opt.MinCell, titles); err != nil {
			return nil, fmt.Errorf("quarter %s: %w", q, err)
		}
	}
	d.Suppression = quarterSuppressionNotes(d, curShown)
	d.Readings = quarterReadings(d, cur)
	d.Readings.Dropout = quarterDropoutReading(d.Dropout, marts["cohesion_dropout"])
	return d, nil
}

// cohortZones names the zones the cohorts meet in, for the page's "dates and times in ...".
func cohortZones(cohorts []QuarterCohort) string {
	var zones []string
	for _, c := range cohorts {
		if c.Zone != "" && !slices.Contains(zones, c.Zone) {
			zones = append(zones, c.Zone)
		}
	}
	slices.Sort(zones)
	if len(zones) == 0 {
		return "each cohort's own time zone"
	}
	return "each cohort's own time zone (" + strings.Join(zones, ", ") + ")"
}

// quarterCohortsCTE selects the cohorts whose first session starts in [?, ?), given as Unix
// seconds of local wall time; every quarter query opens with it.
const quarterCohortsCTE = `quarter_cohorts AS (
			SELECT cohort
			FROM sessions
			WHERE cohort IS NOT NULL
			GROUP BY cohort
			HAVING epoch(min(starts_local)) >= ? AND epoch(min(starts_local)) < ?
		)`

// quarterRawTable is a table of counts before suppression.
type quarterRawTable struct {
	// keys name the rows for linking tables (a program); labels are what the page shows.
	keys   []string
	labels []string
	extra  [][]string
	counts [][]int
	people [][]int
}

func (t *quarterRawTable) add(label string, extra []string, counts, people []int) {
	t.keys = append(t.keys, label)
	t.labels = append(t.labels, label)
	t.extra = append(t.extra, extra)
	t.counts = append(t.counts, counts)
	t.people = append(t.people, people)
}

// quarterFigures are one quarter's counts before suppression. Each table has one row per
// program (or time slot) and a total row last; each row ends with its total.
type quarterFigures struct {
	quarter Quarter
	cohorts []QuarterCohort
	// programs: completed, dropped out, still running, started.
	programs quarterRawTable
	// slots: attended, not attended, places; extra: sessions held.
	slots quarterRawTable
	// continuation: went on, not (yet), completed; one row per program members continue from.
	continuation quarterRawTable
	// improvement: reliably improved, not, measured.
	improvement quarterRawTable
}

func loadQuarterFigures(ctx context.Context, db *sql.DB, q Quarter, marts map[string]bool) (*quarterFigures, error) {
	start, end := q.Bounds()
	args := []any{start.Unix(), end.Unix()}
	f := &quarterFigures{quarter: q}
	var err error
	if f.cohorts, err = loadQuarterCohorts(ctx, db, args); err != nil {
		return nil, fmt.Errorf("quarter %s: read cohorts: %w", q, err)
	}
	if f.programs, err = loadQuarterCounts(ctx, db, quarterProgramsQuery, args); err != nil {
		return nil, fmt.Errorf("quarter %s: read retention: %w", q, err)
	}
	if f.slots, err = loadQuarterSlots(ctx, db, args); err != nil {
		return nil, fmt.Errorf("quarter %s: read attendance: %w", q, err)
	}
	if marts["continuation"] {
		if f.continuation, err = loadQuarterContinuation(ctx, db, args); err != nil {
			return nil, fmt.Errorf("quarter %s: read continuation: %w", q, err)
		}
	} else {
		f.continuation.add("All programs", nil, []int{0, 0, 0}, []int{0, 0, 0})
	}
	if marts["outcome_change"] {
		if f.improvement, err = loadQuarterCounts(ctx, db, quarterImprovementQuery, args); err != nil {
			return nil, fmt.Errorf("quarter %s: read outcome_change: %w", q, err)
		}
	} else {
		f.improvement.add("All programs", nil, []int{0, 0, 0}, []int{0, 0, 0})
	}
	return f, nil
}

func loadQuarterCohorts(ctx context.Context, db *sql.DB, args []any) ([]QuarterCohort, error) {
	rows, err := db.QueryContext(ctx, `
		WITH `+quarterCohortsCTE+`
		SELECT
			s.cohort,
			array_to_string(list_sort(list_distinct(list(s.program))), ', '),
			min(s.starts_local),
			max(s.starts_local),
			coalesce(min(s.timezone), ''),
			count(*),
			count(*) FILTER (WHERE s.held),
			bool_and(coalesce(s.held, false))
		FROM sessions AS s
		WHERE s.cohort IN (SELECT cohort FROM quarter_cohorts)
		GROUP BY s.cohort
		ORDER BY min(s.starts_local), s.cohort`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QuarterCohort
	for rows.Next() {
		var c QuarterCohort
		var program sql.NullString
		var first, last time.Time
		if err := rows.Scan(&c.Cohort, &program, &first, &last, &c.Zone, &c.Planned, &c.Held, &c.Finished); err != nil {
			return nil, err
		}
		c.Program = program.String
		c.FirstSession = first.Format("2006-01-02")
		c.LastSession = last.Format("2006-01-02")
		out = append(out, c)
	}
	return out, rows.Err()
}

// loadQuarterCounts reads a query of (is_total, label, count, people, count, people, ...) rows.
func loadQuarterCounts(ctx context.Context, db *sql.DB, query string, args []any) (quarterRawTable, error) {
	var t quarterRawTable
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return t, err
	}
	n := (len(cols) - 2) / 2
	for rows.Next() {
		var isTotal bool
		var label string
		values := make([]int64, 2*n)
		dest := []any{&isTotal, &label}
		for i := range values {
			dest = append(dest, &values[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return t, err
		}
		counts, people := make([]int, n), make([]int, n)
		for i := 0; i < n; i++ {
			counts[i], people[i] = int(values[2*i]), int(values[2*i+1])
		}
		if isTotal {
			label = "All programs"
		} else if label == "" {
			label = "(no program)"
		}
		t.add(label, nil, counts, people)
	}
	if err := rows.Err(); err != nil {
		return t, err
	}
	if len(t.labels) == 0 {
		t.add("All programs", nil, make([]int, n), make([]int, n))
	}
	return t, nil
}

// quarterShown are one quarter's tables after suppression.
type quarterShown struct {
	programs, slots, continuation, improvement QuarterTable
	// notes are the suppression summaries of the four tables, in that order.
	notes []QuarterSuppression
}

// Column positions in the raw tables.
const (
	qcCompleted, qcDropped, qcOngoing, qcStarted = 0, 1, 2, 3
	qcAttended, qcAbsent, qcPlaces               = 0, 1, 2
	qcYes, qcNo, qcAll                           = 0, 1, 2
)

// suppress hides what the quarter's tables may not show. The four tables are suppressed
// together: the continuation table's completers are the programs table's completed cells, so a
// number hidden in one is hidden in the other.
func (f *quarterFigures) suppress(minCell int) quarterShown {
	countTable := func(t quarterRawTable, rates []func(r int) RateCells) CountTable {
		ct := CountTable{Counts: t.counts, People: t.people, RowTotals: true, ColTotals: true}
		for r := range t.counts {
			for _, rate := range rates {
				ct.Rates = append(ct.Rates, rate(r))
			}
		}
		return ct
	}
	share := func(num, den int, den2 ...int) func(r int) RateCells {
		return func(r int) RateCells {
			rc := RateCells{Num: []CountCell{{r, num}}, Den: []CountCell{{r, den}}}
			for _, d := range den2 {
				rc.Den = append(rc.Den, CountCell{r, d})
			}
			return rc
		}
	}
	// Completion and dropout are shares of starters in finished cohorts: completed + dropped out.
	finishing := []func(int) RateCells{share(qcCompleted, qcCompleted, qcDropped), share(qcDropped, qcCompleted, qcDropped)}
	tables := []CountTable{
		countTable(f.programs, finishing),
		countTable(f.slots, []func(int) RateCells{share(qcAttended, qcPlaces)}),
		countTable(f.continuation, []func(int) RateCells{share(qcYes, qcAll)}),
		countTable(f.improvement, []func(int) RateCells{share(qcYes, qcAll)}),
	}
	var links [][]LinkedCell
	programRow := map[string]int{}
	for r, key := range f.programs.keys[:len(f.programs.keys)-1] {
		programRow[key] = r
	}
	last := len(f.continuation.keys) - 1
	for r, key := range f.continuation.keys[:last] {
		if pr, ok := programRow[key]; ok {
			links = append(links, []LinkedCell{{0, pr, qcCompleted}, {2, r, qcAll}})
		}
	}
	// When every program with completers leads on, the two totals are the same number too.
	if pt := len(f.programs.keys) - 1; f.continuation.counts[last][qcAll] == f.programs.counts[pt][qcCompleted] {
		links = append(links, []LinkedCell{{0, pt, qcCompleted}, {2, last, qcAll}})
	}
	s := SuppressLinked(tables, links, minCell)

	rateRows := func(r int, per int, sup Suppression, ct CountTable) []QuarterShare {
		var out []QuarterShare
		for k := r * per; k < (r+1)*per; k++ {
			rc := ct.Rates[k]
			if sup.RateHidden[k] {
				out = append(out, QuarterShare{Suppressed: true})
				continue
			}
			num, den := 0, 0
			for _, c := range rc.Num {
				num += ct.Counts[c.Row][c.Col]
			}
			for _, c := range rc.Den {
				den += ct.Counts[c.Row][c.Col]
			}
			if den == 0 {
				out = append(out, QuarterShare{})
				continue
			}
			v := float64(num) / float64(den)
			out = append(out, QuarterShare{Rate: &v})
		}
		return out
	}
	shown := func(i int, t quarterRawTable, ft QuarterTable) QuarterTable {
		ct, sup := tables[i], s[i]
		per := len(ft.RateColumns)
		for r := range t.counts {
			row := QuarterRow{Label: t.labels[r], Total: r == len(t.counts)-1, Extra: t.extra[r]}
			for c, n := range t.counts[r] {
				if sup.Hidden(r, c) {
					row.Counts = append(row.Counts, QuarterCount{Suppressed: sup.Cells[r][c].String()})
					continue
				}
				row.Counts = append(row.Counts, QuarterCount{N: &n})
			}
			row.Rates = rateRows(r, per, sup, ct)
			ft.Rows = append(ft.Rows, row)
		}
		return ft
	}
	out := quarterShown{
		programs: shown(0, f.programs, QuarterTable{
			Key:          "Members by program and outcome",
			Caption:      "Members who started a cohort of the quarter, by program and retention outcome",
			RowHeader:    "Program",
			CountColumns: []string{"Completed", "Dropped out", "Still running", "Started"},
			RateColumns:  []string{"Completion rate", "Dropout rate"},
		}),
		slots: shown(1, f.slots, QuarterTable{
			Key:          "Attendance by weekday and time",
			Caption:      "Attendance places at held sessions, by weekday and time of day",
			RowHeader:    "Weekday and time",
			ExtraColumns: []string{"Sessions held"},
			CountColumns: []string{"Attended", "Not attended", "Places"},
			RateColumns:  []string{"Attendance rate"},
		}),
		continuation: shown(2, f.continuation, QuarterTable{
			Key:          "Continuation",
			Caption:      "Members who completed a cohort of the quarter and later started a cohort of the next program",
			RowHeader:    "Pathway",
			CountColumns: []string{"Went on", "Not (yet)", "Completed"},
			RateColumns:  []string{"Continuation rate"},
		}),
		improvement: shown(3, f.improvement, QuarterTable{
			Key:          "Reliable improvement",
			Caption:      "Members with an outcome measure at two or more sessions, by program",
			RowHeader:    "Program",
			CountColumns: []string{"Reliably improved", "Not", "Measured"},
			RateColumns:  []string{"Improvement rate"},
		}),
	}
	for i, ft := range []QuarterTable{out.programs, out.slots, out.continuation, out.improvement} {
		figures := 0
		for _, row := range tables[i].Counts {
			figures += len(row)
		}
		out.notes = append(out.notes, QuarterSuppression{
			Table:     ft.Key,
			Figures:   figures,
			Primary:   s[i].Count(SmallCell),
			Secondary: s[i].Count(Complementary),
			Rates:     s[i].RatesHidden(),
		})
	}
	return out
}

// quarterTotalRow returns a table's total row.
func quarterTotalRow(t QuarterTable) QuarterRow {
	return t.Rows[len(t.Rows)-1]
}

func quarterNullFloat(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	v := f.Float64
	return &v
}

// quarterSuppressionNotes summarises what the page hides. The previous quarter's headline figures
// are suppressed as that quarter's own report suppresses them, and are not listed again.
func quarterSuppressionNotes(d *QuarterData, cur quarterShown) []QuarterSuppression {
	notes := []QuarterSuppression{cur.notes[0], cur.notes[1]}
	if d.Continuation != nil {
		notes = append(notes, cur.notes[2])
	}
	if d.Improvement != nil {
		notes = append(notes, cur.notes[3])
	}
	if d.Survival != nil {
		n := QuarterSuppression{Table: "Retention curves (points)"}
		for _, c := range d.Survival {
			for _, p := range c.Points {
				n.Figures++
				if p.Suppressed {
					n.Primary++
				}
			}
		}
		notes = append(notes, n)
	}
	if d.Cohesion != nil {
		n := QuarterSuppression{Table: "Cohesion by cohort (cohorts)", Figures: len(d.Cohesion)}
		for _, c := range d.Cohesion {
			if c.Suppressed {
				n.Primary++
			}
		}
		notes = append(notes, n)
	}
	if d.Dropout != nil {
		n := QuarterSuppression{Table: "Group climate and dropout (scales)", Figures: len(d.Dropout)}
		for _, r := range d.Dropout {
			if r.Suppressed {
				n.Primary++
			}
		}
		notes = append(notes, n)
	}
	return notes
}

func quarterReadings(d *QuarterData, cur *quarterFigures) QuarterReadings {
	return QuarterReadings{
		Headline:     quarterHeadlineReading(d),
		Programs:     quarterProgramsReading(d),
		Survival:     quarterSurvivalReading(d.Survival),
		Cohesion:     quarterCohesionReading(d.Cohesion),
		Slots:        quarterSlotsReading(d.Slots),
		Continuation: quarterContinuationReading(d.Continuation),
		Improvement:  quarterImprovementReading(d.Improvement),
	}
}

func quarterPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// quarterCharts are the quarter report's charts; each is nil when it has nothing to draw.
type quarterCharts struct {
	Survival *chartOption
	Cohesion *chartOption
	Slots    *chartOption
}

// quarterPalette is the Okabe–Ito quarterPalette, distinguishable with the common colour-vision deficiencies.
var quarterPalette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}

// buildQuarterCharts draws a chart only when it has at least one figure to show: a chart of
// nothing but suppressed figures would be empty axes.
func buildQuarterCharts(d *QuarterData) (quarterCharts, error) {
	var out quarterCharts
	survival, cohesion, slots := false, false, false
	for _, c := range d.Survival {
		for _, p := range c.Points {
			survival = survival || p.Survival != nil
		}
	}
	for _, c := range d.Cohesion {
		cohesion = cohesion || c.Mean != nil
	}
	for _, r := range d.Slots.Rows[:len(d.Slots.Rows)-1] {
		slots = slots || r.Rates[0].Rate != nil
	}
	if survival {
		b, err := encodeOption(quarterSurvivalChart(d.Survival))
		if err != nil {
			return out, fmt.Errorf("retention curve chart: %w", err)
		}
		out.Survival = &chartOption{
			ID:     "chart-survival",
			Label:  "Line chart of the estimated share of starters still attending after each session, by program, with shaded 95% intervals. The table beside it gives the same figures.",
			Height: 360,
			Option: jsOption(b),
		}
	}
	if cohesion {
		b, err := encodeOption(quarterCohesionChart(d.Cohesion))
		if err != nil {
			return out, fmt.Errorf("cohesion chart: %w", err)
		}
		out.Cohesion = &chartOption{
			ID:     "chart-cohesion",
			Label:  "Horizontal bar chart of each cohort's mean GCQ-S engagement on the 0 to 6 scale; suppressed cohorts have no bar. The table beside it gives the same figures.",
			Height: 76 + 44*len(d.Cohesion),
			Option: jsOption(b),
		}
	}
	if slots {
		b, err := encodeOption(quarterSlotsChart(d.Slots))
		if err != nil {
			return out, fmt.Errorf("attendance by weekday chart: %w", err)
		}
		out.Slots = &chartOption{
			ID:     "chart-slots",
			Label:  "Bar chart of the attendance rate for each weekday and time of day; suppressed rates have no bar. The table beside it gives the same figures.",
			Height: 320,
			Option: jsOption(b),
		}
	}
	return out, nil
}

// quarterPct is a share as a percentage with one decimal, or ECharts' "-" for a missing point.
func quarterPct(v *float64) any {
	if v == nil {
		return "-"
	}
	return math.Round(*v*1000) / 10
}

// quarterPage is what the quarter template reads.
type quarterPage struct {
	Title string
	// SmallMax is the largest count that is suppressed as too small.
	SmallMax  int
	D         *QuarterData
	ECharts   template.JS
	Charts    quarterCharts
	Generated string
}

// RenderQuarter writes the quarter report as one self-contained HTML page.
func RenderQuarter(w io.Writer, d *QuarterData, opt QuarterOptions) error {
	js, err := inlineECharts()
	if err != nil {
		return err
	}
	qc, err := buildQuarterCharts(d)
	if err != nil {
		return fmt.Errorf("quarter %s: %w", d.Quarter, err)
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	page := quarterPage{
		Title:     "Quarterly report " + d.Quarter,
		SmallMax:  d.MinCell - 1,
		D:         d,
		ECharts:   js,
		Charts:    qc,
		Generated: now.UTC().Format("2006-01-02 15:04 MST"),
	}
	if err := pageTemplates.ExecuteTemplate(w, "quarter", page); err != nil {
		return fmt.Errorf("quarter %s: render: %w", d.Quarter, err)
	}
	return nil
}
