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
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// DefaultMinCell is the smallest number of people a published figure may describe unless told
// otherwise: counts of 1 to 10 are suppressed.
const DefaultMinCell = 11

// Quarter is a calendar quarter, such as 2026Q3.
type Quarter struct {
	Year int
	// Q is the quarter of the year, 1 to 4.
	Q int
}

var quarterSyntax = regexp.MustCompile(`^([0-9]{4})[Qq]([1-4])$`)

// ParseQuarter reads a quarter written as YYYYQn, such as 2026Q3.
func ParseQuarter(s string) (Quarter, error) {
	m := quarterSyntax.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Quarter{}, fmt.Errorf("quarter %q: want YYYYQn, such as 2026Q3 (n from 1 to 4)", s)
	}
	year, _ := strconv.Atoi(m[1])
	q, _ := strconv.Atoi(m[2])
	return Quarter{Year: year, Q: q}, nil
}

// String writes the quarter as YYYYQn.
func (q Quarter) String() string {
	return fmt.Sprintf("%04dQ%d", q.Year, q.Q)
}

// Previous returns the quarter before q.
func (q Quarter) Previous() Quarter {
	if q.Q == 1 {
		return Quarter{Year: q.Year - 1, Q: 4}
	}
	return Quarter{Year: q.Year, Q: q.Q - 1}
}

// Bounds returns the quarter's first day and the first day after it, as wall times (UTC stands
// for "no zone": each cohort is placed by its own local dates).
func (q Quarter) Bounds() (start, end time.Time) {
	start = time.Date(q.Year, time.Month(3*(q.Q-1)+1), 1, 0, 0, 0, 0, time.UTC)
	return start, start.AddDate(0, 3, 0)
}

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

// QuarterHeadline is one headline measure for the quarter and the one before.
type QuarterHeadline struct {
	Measure  string        `json:"measure"`
	Current  QuarterFigure `json:"current"`
	Previous QuarterFigure `json:"previous"`
	// Change is this quarter less the previous one, in people or percentage points; empty
	// when either is not shown.
	Change string `json:"change"`
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

// quarterProgramsQuery counts the quarter's starters by program and retention outcome. Counts are of
// enrolments (a member in two cohorts counts twice); people are distinct participants.
const quarterProgramsQuery = `
		WITH ` + quarterCohortsCTE + `,
		starters AS (
			SELECT coalesce(program, '') AS program, participant_id, outcome
			FROM retention
			WHERE cohort IN (SELECT cohort FROM quarter_cohorts)
				AND outcome IN ('completed', 'dropped_out', 'ongoing')
		)
		SELECT
			grouping(program) = 1 AS is_total,
			coalesce(program, ''),
			count(*) FILTER (WHERE outcome = 'completed'),
			count(DISTINCT participant_id) FILTER (WHERE outcome = 'completed'),
			count(*) FILTER (WHERE outcome = 'dropped_out'),
			count(DISTINCT participant_id) FILTER (WHERE outcome = 'dropped_out'),
			count(*) FILTER (WHERE outcome = 'ongoing'),
			count(DISTINCT participant_id) FILTER (WHERE outcome = 'ongoing'),
			count(*),
			count(DISTINCT participant_id)
		FROM starters
		GROUP BY GROUPING SETS ((program), ())
		ORDER BY is_total, program`

// quarterImprovementQuery counts the quarter's members with outcome measures by program: a member
// reliably improved on at least one measure and reliably deteriorated on none counts as
// improved (the rule NHS Talking Therapies uses for reliable improvement).
const quarterImprovementQuery = `
		WITH ` + quarterCohortsCTE + `,
		cohort_programs AS (
			SELECT cohort, min(program) AS program
			FROM sessions
			GROUP BY cohort
		),
		measured AS (
			SELECT
				o.cohort,
				o.participant_id,
				coalesce(p.program, '') AS program,
				coalesce(bool_or(o.reliable_change = 'improved'), false)
					AND NOT coalesce(bool_or(o.reliable_change = 'deteriorated'), false) AS improved
			FROM outcome_change AS o
			LEFT JOIN cohort_programs AS p USING (cohort)
			WHERE o.cohort IN (SELECT cohort FROM quarter_cohorts) AND o.participant_id IS NOT NULL
			GROUP BY o.cohort, o.participant_id, p.program
		)
		SELECT
			grouping(program) = 1 AS is_total,
			coalesce(program, ''),
			count(*) FILTER (WHERE improved),
			count(DISTINCT participant_id) FILTER (WHERE improved),
			count(*) FILTER (WHERE NOT improved),
			count(DISTINCT participant_id) FILTER (WHERE NOT improved),
			count(*),
			count(DISTINCT participant_id)
		FROM measured
		GROUP BY GROUPING SETS ((program), ())
		ORDER BY is_total, program`

// quarterContinuationQuery counts the quarter's completers of each program members go on from (a
// pathway with a continuing member in the continuation mart) who later started a cohort of a
// program it leads to, one whose first session began after the completed cohort's last ended.
const quarterContinuationQuery = `
		WITH ` + quarterCohortsCTE + `,
		pathways AS (
			SELECT DISTINCT from_program, to_program
			FROM continuation
			WHERE n_continued > 0
		),
		spans AS (
			SELECT cohort, min(starts_at) AS first_starts_at, max(ends_at) AS last_ends_at
			FROM sessions
			GROUP BY cohort
		),
		completions AS (
			SELECT r.cohort, r.participant_id, r.program, s.last_ends_at
			FROM retention AS r
			JOIN spans AS s USING (cohort)
			WHERE r.cohort IN (SELECT cohort FROM quarter_cohorts)
				AND r.outcome = 'completed'
				AND r.program IN (SELECT from_program FROM pathways)
		),
		starts AS (
			SELECT DISTINCT a.participant_id, a.program, s.first_starts_at
			FROM attendance AS a
			JOIN spans AS s USING (cohort)
			WHERE a.status <> 'absent'
		),
		followed AS (
			SELECT
				c.cohort,
				c.participant_id,
				c.program,
				bool_or(st.participant_id IS NOT NULL) AS went_on
			FROM completions AS c
			JOIN pathways AS p ON p.from_program = c.program
			LEFT JOIN starts AS st
				ON st.participant_id = c.participant_id
				AND st.program = p.to_program
				AND st.first_starts_at > c.last_ends_at
			GROUP BY c.cohort, c.participant_id, c.program
		)
		SELECT
			grouping(program) = 1 AS is_total,
			coalesce(program, ''),
			count(*) FILTER (WHERE went_on),
			count(DISTINCT participant_id) FILTER (WHERE went_on),
			count(*) FILTER (WHERE NOT went_on),
			count(DISTINCT participant_id) FILTER (WHERE NOT went_on),
			count(*),
			count(DISTINCT participant_id)
		FROM followed
		GROUP BY GROUPING SETS ((program), ())
		ORDER BY is_total, program`

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

func loadQuarterContinuation(ctx context.Context, db *sql.DB, args []any) (quarterRawTable, error) {
	t, err := loadQuarterCounts(ctx, db, quarterContinuationQuery, args)
	if err != nil {
		return t, err
	}
	rows, err := db.QueryContext(ctx, `
		SELECT from_program, array_to_string(list_sort(list_distinct(list(to_program))), ', ')
		FROM continuation
		WHERE n_continued > 0 AND from_program IS NOT NULL
		GROUP BY from_program`)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	to := map[string]string{}
	for rows.Next() {
		var from, dest string
		if err := rows.Scan(&from, &dest); err != nil {
			return t, err
		}
		to[from] = dest
	}
	if err := rows.Err(); err != nil {
		return t, err
	}
	for i, key := range t.keys[:len(t.keys)-1] {
		if dest := to[key]; dest != "" {
			t.labels[i] = t.labels[i] + " → " + dest
		}
	}
	return t, nil
}

// The time slots sessions are grouped into, by their local starting hour.
var quarterSlotNames = []string{"morning", "afternoon", "evening"}

func quarterSlotOf(t time.Time) int {
	switch h := t.Hour(); {
	case h < 12:
		return 0
	case h < 17:
		return 1
	}
	return 2
}

// loadQuarterSlots counts attendance places of the quarter's held sessions by local weekday and time
// slot: the weekday and hour of each session's local start, in its cohort's own zone.
func loadQuarterSlots(ctx context.Context, db *sql.DB, args []any) (quarterRawTable, error) {
	var t quarterRawTable
	rows, err := db.QueryContext(ctx, `
		WITH `+quarterCohortsCTE+`
		SELECT s.cohort, s.session, s.starts_local, a.participant_id,
			coalesce(a.status <> 'absent', false) AS attended
		FROM attendance AS a
		JOIN sessions AS s USING (cohort, session)
		WHERE s.held
			AND a.cohort IN (SELECT cohort FROM quarter_cohorts)
			AND a.participant_id IS NOT NULL
			AND s.starts_local IS NOT NULL`, args...)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	type sessionKey struct {
		cohort  string
		session int
	}
	type bucket struct {
		sessions                  map[sessionKey]bool
		attended, absent          int
		attendees, absentees, all map[string]bool
	}
	newBucket := func() *bucket {
		return &bucket{sessions: map[sessionKey]bool{}, attendees: map[string]bool{}, absentees: map[string]bool{}, all: map[string]bool{}}
	}
	buckets := map[int]*bucket{}
	total := newBucket()
	for rows.Next() {
		var k sessionKey
		var startsAt time.Time
		var id string
		var attended bool
		if err := rows.Scan(&k.cohort, &k.session, &startsAt, &id, &attended); err != nil {
			return t, err
		}
		local := startsAt // wall time: its weekday and hour are the cohort's
		// Monday first: 0 is Monday, 6 Sunday.
		day := (int(local.Weekday()) + 6) % 7
		key := day*len(quarterSlotNames) + quarterSlotOf(local)
		b := buckets[key]
		if b == nil {
			b = newBucket()
			buckets[key] = b
		}
		for _, b := range []*bucket{b, total} {
			b.sessions[k] = true
			b.all[id] = true
			if attended {
				b.attended++
				b.attendees[id] = true
			} else {
				b.absent++
				b.absentees[id] = true
			}
		}
	}
	if err := rows.Err(); err != nil {
		return t, err
	}
	keys := make([]int, 0, len(buckets))
	for k := range buckets {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	add := func(label string, b *bucket) {
		t.add(label, []string{strconv.Itoa(len(b.sessions))},
			[]int{b.attended, b.absent, b.attended + b.absent},
			[]int{len(b.attendees), len(b.absentees), len(b.all)})
	}
	for _, k := range keys {
		day := time.Weekday((k/len(quarterSlotNames) + 1) % 7)
		add(day.String()+" "+quarterSlotNames[k%len(quarterSlotNames)], buckets[k])
	}
	add("All sessions", total)
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

func quarterHeadlines(cur *quarterFigures, curShown quarterShown, prev *quarterFigures, prevShown quarterShown, marts map[string]bool) []QuarterHeadline {
	count := func(c QuarterCount) QuarterFigure {
		if c.Hidden() {
			return QuarterFigure{Text: "suppressed", Suppressed: true}
		}
		v := float64(*c.N)
		return QuarterFigure{Text: c.String(), Value: &v}
	}
	share := func(s QuarterShare, base QuarterCount, unit string) QuarterFigure {
		switch {
		case s.Suppressed:
			return QuarterFigure{Text: "suppressed", Suppressed: true, share: true}
		case s.Rate == nil:
			return QuarterFigure{Text: "none to count", share: true}
		}
		v := *s.Rate
		text := percent(v)
		if !base.Hidden() {
			text += " of " + base.String() + " " + unit
		}
		return QuarterFigure{Text: text, Value: &v, share: true}
	}
	finishing := func(t QuarterTable) QuarterCount {
		row := quarterTotalRow(t)
		c, d := row.Counts[qcCompleted], row.Counts[qcDropped]
		if c.Hidden() || d.Hidden() {
			return QuarterCount{}
		}
		n := *c.N + *d.N
		return QuarterCount{N: &n}
	}
	unavailable := QuarterFigure{Text: "not available"}
	var rows []QuarterHeadline
	add := func(measure string, c, p QuarterFigure) {
		rows = append(rows, QuarterHeadline{Measure: measure, Current: c, Previous: p, Change: quarterChange(c, p)})
	}
	cohorts := func(f *quarterFigures) QuarterFigure {
		v := float64(len(f.cohorts))
		return QuarterFigure{Text: strconv.Itoa(len(f.cohorts)), Value: &v}
	}
	add("Cohorts started", cohorts(cur), cohorts(prev))
	add("Members who started", count(quarterTotalRow(curShown.programs).Counts[qcStarted]), count(quarterTotalRow(prevShown.programs).Counts[qcStarted]))
	attendance := func(s quarterShown) QuarterFigure {
		row := quarterTotalRow(s.slots)
		return share(row.Rates[0], row.Counts[qcPlaces], "places")
	}
	add("Attendance rate", attendance(curShown), attendance(prevShown))
	outcome := func(s quarterShown, k int) QuarterFigure {
		row := quarterTotalRow(s.programs)
		return share(row.Rates[k], finishing(s.programs), "finishing")
	}
	add("Completion rate", outcome(curShown, 0), outcome(prevShown, 0))
	add("Dropout rate", outcome(curShown, 1), outcome(prevShown, 1))
	ofAll := func(t QuarterTable, unit string) QuarterFigure {
		row := quarterTotalRow(t)
		return share(row.Rates[0], row.Counts[qcAll], unit)
	}
	if marts["continuation"] {
		add("Continuation to the next program", ofAll(curShown.continuation, "completers"), ofAll(prevShown.continuation, "completers"))
	} else {
		add("Continuation to the next program", unavailable, unavailable)
	}
	if marts["outcome_change"] {
		add("Reliable improvement", ofAll(curShown.improvement, "measured"), ofAll(prevShown.improvement, "measured"))
	} else {
		add("Reliable improvement", unavailable, unavailable)
	}
	return rows
}

// change writes this quarter less the previous one, rounded as the page shows them.
func quarterChange(cur, prev QuarterFigure) string {
	if cur.Value == nil || prev.Value == nil {
		return ""
	}
	if cur.share {
		d := math.Round(*cur.Value*100) - math.Round(*prev.Value*100)
		switch {
		case d == 0:
			return "no change"
		case d == 1 || d == -1:
			return quarterSigned(d) + " point"
		}
		return quarterSigned(d) + " points"
	}
	d := *cur.Value - *prev.Value
	if d == 0 {
		return "no change"
	}
	return quarterSigned(d)
}

func quarterSigned(d float64) string {
	if d < 0 {
		return "−" + strconv.FormatFloat(-d, 'f', 0, 64)
	}
	return "+" + strconv.FormatFloat(d, 'f', 0, 64)
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

func quarterNullFloat(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	v := f.Float64
	return &v
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

func quarterHeadlineReading(d *QuarterData) string {
	n := len(d.Cohorts)
	if n == 0 {
		return fmt.Sprintf("No cohort had its first session in %s, so there is nothing to report for it.", d.Quarter)
	}
	s := fmt.Sprintf("%s started in %s", quarterPlural(n, "cohort", "cohorts"), d.Quarter)
	if started := d.Headline[1].Current; started.Value != nil {
		s += fmt.Sprintf(", with %s members starting a group", started.Text)
	}
	if att := d.Headline[2].Current; att.Value != nil {
		s += fmt.Sprintf(", and attendance was %s", percent(*att.Value))
		if prev := d.Headline[2].Previous; prev.Value != nil {
			s += fmt.Sprintf(" against %s in %s", percent(*prev.Value), d.Previous)
		}
	}
	return s + "."
}

func quarterProgramsReading(d *QuarterData) string {
	row := quarterTotalRow(d.Programs)
	switch {
	case row.Counts[qcStarted].N != nil && *row.Counts[qcStarted].N == 0:
		return "No member of this quarter's cohorts has started a group yet."
	case row.Rates[0].Suppressed:
		return "The completion rate is suppressed because some of the counts behind it describe too few people to publish."
	case row.Rates[0].Rate == nil:
		return "No cohort of this quarter has finished yet, so there are no completions to count."
	}
	return fmt.Sprintf("Of the members who started a cohort that has finished, %s completed it and %s dropped out.",
		row.Rates[0], row.Rates[1])
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

func quarterSlotsReading(t QuarterTable) string {
	var lo, hi *QuarterRow
	body := t.Rows[:len(t.Rows)-1]
	for i := range body {
		r := &body[i]
		if r.Rates[0].Rate == nil {
			continue
		}
		if lo == nil || *r.Rates[0].Rate < *lo.Rates[0].Rate {
			lo = r
		}
		if hi == nil || *r.Rates[0].Rate > *hi.Rates[0].Rate {
			hi = r
		}
	}
	total := quarterTotalRow(t)
	switch {
	case len(body) == 0:
		return "No session of this quarter's cohorts has been held yet."
	case hi == nil:
		return "Attendance for each weekday and time is suppressed because the counts describe too few people."
	case hi == lo:
		return fmt.Sprintf("Attendance on %s was %s, the only weekday and time that can be shown.", hi.Label, hi.Rates[0])
	}
	s := fmt.Sprintf("Attendance was highest on %s (%s) and lowest on %s (%s)", hi.Label, hi.Rates[0], lo.Label, lo.Rates[0])
	if total.Rates[0].Rate != nil {
		s += fmt.Sprintf(", against %s over all sessions", total.Rates[0])
	}
	return s + "."
}

func quarterContinuationReading(t *QuarterTable) string {
	if t == nil {
		return "The continuation mart is missing, so continuation cannot be shown."
	}
	row := quarterTotalRow(*t)
	switch {
	case len(t.Rows) == 1:
		return "No member of this quarter's cohorts completed a program that members go on from."
	case row.Rates[0].Suppressed:
		return "Continuation is suppressed because the counts behind it describe too few people."
	case row.Rates[0].Rate == nil:
		return "No member of this quarter's cohorts has completed a program yet."
	}
	return fmt.Sprintf("Of the %s members who completed a cohort of this quarter, %s have since started the next program.",
		row.Counts[qcAll], row.Rates[0])
}

func quarterImprovementReading(t *QuarterTable) string {
	if t == nil {
		return "The outcome_change mart is missing, so reliable improvement cannot be shown."
	}
	row := quarterTotalRow(*t)
	switch {
	case len(t.Rows) == 1:
		return "No member of this quarter's cohorts has an outcome measure at two sessions yet."
	case row.Rates[0].Suppressed:
		return "Reliable improvement is suppressed because the counts behind it describe too few people."
	}
	return fmt.Sprintf("Of the %s members measured at two or more sessions, %s reliably improved.",
		row.Counts[qcAll], row.Rates[0])
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

func quarterSlotsChart(t QuarterTable) *charts.Bar {
	body := t.Rows[:len(t.Rows)-1]
	labels := make([]string, len(body))
	data := make([]opts.BarData, len(body))
	for i, r := range body {
		labels[i] = strings.Replace(r.Label, " ", "\n", 1)
		data[i] = opts.BarData{Name: r.Label + ": " + r.Rates[0].String(), Value: quarterPct(r.Rates[0].Rate)}
	}
	return attendanceRateBars(labels, data, quarterPalette[0],
		opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}"}, "36")
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
