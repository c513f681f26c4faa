// The cohort report: a facilitator's view of one cohort — attendance, retention, group climate, session
// ratings, the support network, outcome change, and the members to check on.

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
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	// Curve sets the cohort's Kaplan–Meier retention against its program's, session by session.
	Curve []CurvePoint `json:"curve"`
	// GCQS is the group's GCQ-S scales per session: engagement, avoidance and conflict.
	GCQS []GCQSScale `json:"gcqs"`
	// Engagement is each member's first and latest GCQ-S engagement score, beside the group's
	// mean and spread at the latest one.
	Engagement []EngagementTrend `json:"engagement"`
	// Ratings are the group means of the GSRS and ORS totals per session.
	Ratings []RatingSeries `json:"ratings"`
	// Connected is the group mean of the check-in's "how connected" score (0-10) per session,
	// one series when anyone answered it.
	Connected []RatingSeries `json:"connected,omitempty"`
	// Network is the between-session support network's density and reciprocity per check-in.
	Network []NetworkSession `json:"network"`
	// Ties is who named whom at the latest check-in in Network, from support_ties; nil when
	// the database has no support_ties mart or it holds no tie for that check-in.
	Ties *NetworkTies `json:"ties"`
	// Changes are the members' reliable changes on the outcome measures.
	Changes []OutcomeChange `json:"outcome_changes"`
	// CheckOn lists the members to check on, each with the reasons.
	CheckOn []CheckOnMember `json:"check_on"`
	// Comments are the members' free-text answers, loaded only for a named copy (--names).
	Comments []Comment `json:"comments,omitempty"`
	// MissingMarts names the marts this database lacks (one built by an older cohesion); the
	// parts that need them are left out.
	MissingMarts []string `json:"missing_marts"`
	// Settings are the run settings the marts were built with; nil when not recorded.
	Settings *RunSettings   `json:"settings"`
	Readings CohortReadings `json:"readings"`
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

// GCQSScale is one GCQ-S scale of the group, session by session.
type GCQSScale struct {
	Scale    string         `json:"scale"`
	Label    string         `json:"label"`
	Sessions []ScaleSession `json:"sessions"`
	// Reading is the scale chart's one-sentence plain reading.
	Reading string `json:"reading"`
}

// ScaleSession summarises the members' scores on one scale at one session.
type ScaleSession struct {
	Session int     `json:"session"`
	N       int     `json:"n"`
	Mean    float64 `json:"mean"`
	// SD is the sample standard deviation; nil below two members.
	SD  *float64 `json:"sd"`
	Min float64  `json:"min"`
	Max float64  `json:"max"`
}

// EngagementTrend is one member's GCQ-S engagement at their first and latest scored
// sessions, and the group's engagement at the latest one.
type EngagementTrend struct {
	ParticipantID string  `json:"participant_id"`
	FirstSession  int     `json:"first_session"`
	FirstScore    float64 `json:"first_score"`
	LatestSession int     `json:"latest_session"`
	LatestScore   float64 `json:"latest_score"`
	// GroupMean and GroupSD are over every member scored at LatestSession; GroupSD is nil
	// below two members.
	GroupMean float64  `json:"group_mean"`
	GroupSD   *float64 `json:"group_sd"`
}

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

// NetworkSession is one row of support_network: the ties members named at one check-in.
type NetworkSession struct {
	Session int `json:"session"`
	Members int `json:"n_members"`
	Ties    int `json:"n_ties"`
	// Density is ties / possible directed ties; Reciprocity is mutual pairs / pairs with a
	// tie, nil when no tie was named.
	Density     *float64 `json:"density"`
	Reciprocity *float64 `json:"reciprocity"`
}

// NetworkTies is the support network of one check-in as a graph: who named whom.
type NetworkTies struct {
	Session int `json:"session"`
	// PossibleTies is every member naming every other, from support_network's n_members.
	PossibleTies int `json:"possible_ties"`
	// Ties are in member order of the naming member, then of the member named.
	Ties []SupportTie `json:"ties"`
	// Pairs counts the pairs of members with a tie either way; MutualPairs those in which
	// both named each other.
	Pairs       int `json:"pairs"`
	MutualPairs int `json:"mutual_pairs"`
	// Reading is the graph's one-sentence plain reading.
	Reading string `json:"reading"`
}

// SupportTie is one row of support_ties: a member who named another at a check-in.
type SupportTie struct {
	ParticipantID string `json:"participant_id"`
	Label         string `json:"label"`
	NamedID       string `json:"named_participant_id"`
	NamedLabel    string `json:"named_label"`
	// Mutual is true when the member named also named this member at the same check-in.
	Mutual bool `json:"mutual"`
}

// OutcomeChange is one member's row of outcome_change for one instrument.
type OutcomeChange struct {
	ParticipantID string   `json:"participant_id"`
	Label         string   `json:"label"`
	Instrument    string   `json:"instrument"`
	Title         string   `json:"title"`
	Baseline      *float64 `json:"baseline"`
	Final         *float64 `json:"final"`
	Change        *float64 `json:"change"`
	RCI           *float64 `json:"rci"`
	// ReliableChange is improved, deteriorated or no_change.
	ReliableChange        string `json:"reliable_change"`
	ClinicallySignificant *bool  `json:"clinically_significant"`
}

// CheckOnMember is a member the facilitator may want to contact, with every reason found.
type CheckOnMember struct {
	ParticipantID string          `json:"participant_id"`
	Label         string          `json:"label"`
	Reasons       []CheckOnReason `json:"reasons"`
}

// CheckOnReason is one rule a member meets, in words.
type CheckOnReason struct {
	// Rule is missed_last_session, engagement_fell, engagement_below_group or
	// reliable_deterioration.
	Rule string `json:"rule"`
	Text string `json:"text"`
}

// CohortReadings are the one-sentence plain readings shown above each part; a part with no
// data has a short line saying so instead.
type CohortReadings struct {
	Attendance string `json:"attendance"`
	Rate       string `json:"rate"`
	Retention  string `json:"retention"`
	Curve      string `json:"curve"`
	GCQS       string `json:"gcqs"`
	Ratings    string `json:"ratings"`
	Connected  string `json:"connected"`
	Network    string `json:"network"`
	Changes    string `json:"outcome_changes"`
	CheckOn    string `json:"check_on"`
	Comments   string `json:"comments,omitempty"`
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

// cohortMarts are the marts the cohort report reads beyond sessions, attendance, retention
// and pii_people. A database built by an older cohesion may lack any of them; the report then
// leaves out the parts that need them and says so.
var cohortMarts = []string{
	"cohesion_group", "cohesion_member", "instruments", "outcome_change",
	"retention_curve", "retention_curve_cohort", "support_network", "support_ties",
}

// instrumentTitles name the built-in instruments when the instruments mart is missing.
var instrumentTitles = map[string]string{
	"gcqs": "GCQ-S", "gsrs": "GSRS", "ors": "ORS", "core10": "CORE-10",
	"phq9": "PHQ-9", "gad7": "GAD-7", "checkin": "Check-in",
}

// gcqsScaleOrder lists the GCQ-S scales in MacKenzie's order; any other scale follows.
var gcqsScaleOrder = []string{"engagement", "avoidance", "conflict"}

// ratingInstruments are the per-session rating instruments whose group means the report shows.
var ratingInstruments = []string{"gsrs", "ors"}

// instrumentInfo is what the report takes from the instruments mart.
type instrumentInfo struct {
	Title  string
	Cutoff *float64
}

// LoadCohort reads one cohort from the marts: sessions, attendance and retention, and where
// the database has them retention_curve_cohort, retention_curve, cohesion_member,
// cohesion_group, support_network, support_ties, outcome_change and instruments; and from
// pii_people only when opt.Names is set.
func LoadCohort(ctx context.Context, db *sql.DB, cohort string, opt CohortOptions) (*CohortData, error) {
	d := &CohortData{Cohort: cohort, Named: opt.Names}
	settings, err := loadRunSettings(ctx, db)
	if err != nil {
		return nil, err
	}
	d.Settings = settings
	programs, err := loadSessions(ctx, db, d)
	if err != nil {
		return nil, err
	}
	if len(d.Sessions) == 0 {
		return nil, cohortNotFound(ctx, db, cohort)
	}
	present, err := existingTables(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("cohort %q: %w", cohort, err)
	}
	if err := loadMembers(ctx, db, d, opt.Names, present["cohort_members"]); err != nil {
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

	for _, m := range cohortMarts {
		if !present[m] {
			d.MissingMarts = append(d.MissingMarts, m)
		}
	}
	instruments := map[string]instrumentInfo{}
	for name, title := range instrumentTitles {
		instruments[name] = instrumentInfo{Title: title}
	}
	if present["instruments"] {
		if err := loadInstruments(ctx, db, instruments); err != nil {
			return nil, fmt.Errorf("cohort %q: %w", cohort, err)
		}
	}
	if present["retention_curve_cohort"] || present["retention_curve"] {
		program := ""
		if len(programs) == 1 {
			program = programs[0]
		}
		if err := loadCurve(ctx, db, d, program, present); err != nil {
			return nil, err
		}
	}
	if present["cohesion_member"] {
		if err := loadGCQS(ctx, db, d); err != nil {
			return nil, err
		}
		if err := loadEngagement(ctx, db, d, order); err != nil {
			return nil, err
		}
	}
	if present["cohesion_group"] {
		if err := loadRatings(ctx, db, d, instruments); err != nil {
			return nil, err
		}
	}
	if present["support_network"] {
		if err := loadNetwork(ctx, db, d); err != nil {
			return nil, err
		}
		if present["support_ties"] && len(d.Network) > 0 {
			if err := loadTies(ctx, db, d, order, labels); err != nil {
				return nil, err
			}
		}
	}
	if present["outcome_change"] {
		if err := loadChanges(ctx, db, d, order, labels, instruments); err != nil {
			return nil, err
		}
	}
	if opt.Names && present["comments"] {
		if err := loadComments(ctx, db, d, order, labels); err != nil {
			return nil, err
		}
	}
	d.CheckOn = checkOn(d)
	d.Readings = CohortReadings{
		Comments:   namedOnly(opt.Names, commentsReading, d),
		Attendance: attendanceReading(d),
		Rate:       rateReading(d.Rates),
		Retention:  retentionReading(len(d.Retention), d.Outcomes),
		Curve:      curveReading(d, present),
		GCQS:       gcqsReading(d, present),
		Ratings:    ratingsReading(d, present),
		Connected:  connectedReading(d, present),
		Network:    networkReading(d, present),
		Changes:    changesReading(d, present),
		CheckOn:    checkOnReading(d),
	}
	return d, nil
}

// MartMissing reports whether the database lacks the named mart.
func (d *CohortData) MartMissing(name string) bool {
	return slices.Contains(d.MissingMarts, name)
}

// existingTables lists the tables and views of the database's current schema, lower-cased:
// the marts a report may read (a database built by an older cohesion lacks some).
func existingTables(ctx context.Context, db *sql.DB) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT lower(table_name) FROM information_schema.tables
		WHERE table_schema = current_schema()`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	present := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("list tables: %w", err)
		}
		present[name] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	return present, nil
}

// loadSessions reads the cohort's planned sessions and returns the programs they belong to.
func loadSessions(ctx context.Context, db *sql.DB, d *CohortData) ([]string, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT session, starts_local, coalesce(held, false), coalesce(program, '')
		FROM sessions
		WHERE cohort = ?
		ORDER BY session`, d.Cohort)
	if err != nil {
		return nil, fmt.Errorf("cohort %q: read sessions: %w", d.Cohort, err)
	}
	defer rows.Close()
	var programs []string
	for rows.Next() {
		var s CohortSession
		var startsAt sql.NullTime
		var program string
		if err := rows.Scan(&s.Session, &startsAt, &s.Held, &program); err != nil {
			return nil, fmt.Errorf("cohort %q: read sessions: %w", d.Cohort, err)
		}
		if startsAt.Valid {
			// Wall time in the cohort's own zone, whatever the machine's.
			s.Date = startsAt.Time.Format("2006-01-02")
		}
		if program != "" && !slices.Contains(programs, program) {
			programs = append(programs, program)
		}
		d.Sessions = append(d.Sessions, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cohort %q: read sessions: %w", d.Cohort, err)
	}
	d.Program = strings.Join(programs, ", ")
	return programs, nil
}

// cohortNotFound builds the error for a cohort with no sessions, naming the
// cohorts that do have some.
func cohortNotFound(ctx context.Context, db *sql.DB, cohort string) error {
	// The three cohorts whose names are nearest (edit distance, then name), and how many there are.
	rows, err := db.QueryContext(ctx, `
		SELECT cohort, count(*) OVER () FROM (SELECT DISTINCT cohort FROM sessions WHERE cohort IS NOT NULL)
		ORDER BY levenshtein(lower(cohort), lower(?)), cohort
		LIMIT 3`, cohort)
	if err != nil {
		return fmt.Errorf("cohort %q not found (listing cohorts: %w)", cohort, err)
	}
	defer rows.Close()
	var near []string
	total := 0
	for rows.Next() {
		var c string
		if err := rows.Scan(&c, &total); err != nil {
			return fmt.Errorf("cohort %q not found (listing cohorts: %w)", cohort, err)
		}
		near = append(near, fmt.Sprintf("%q", c))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q not found (listing cohorts: %w)", cohort, err)
	}
	if len(near) == 0 {
		return fmt.Errorf("cohort %q not found: the sessions mart has no cohorts", cohort)
	}
	return fmt.Errorf("cohort %q not found; did you mean %s? (%d cohorts: cohesion query --sql \"select distinct cohort from sessions\")",
		cohort, strings.Join(near, " or "), total)
}

// loadMembers lists everyone enrolled in the cohort, whether the retention or the attendance
// mart names them: by name with names, else as "Member N" in roster order (cohort_members, when
// the database has it), else by participant_id.
func loadMembers(ctx context.Context, db *sql.DB, d *CohortData, names, numbered bool) error {
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
	if numbered {
		// "Member 1" ... in roster order; anyone the roster no longer numbers keeps the pseudonym.
		query = members + `
		SELECT m.participant_id, coalesce('Member ' || c.member_no, m.participant_id)
		FROM members AS m
		LEFT JOIN cohort_members AS c ON c.cohort = ? AND c.participant_id = m.participant_id
		WHERE m.participant_id IS NOT NULL
		ORDER BY c.member_no NULLS LAST, m.participant_id`
	}
	if names {
		numbered = false
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
	args := []any{d.Cohort, d.Cohort}
	if numbered && !names {
		args = append(args, d.Cohort)
	}
	rows, err := db.QueryContext(ctx, query, args...)
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

func loadInstruments(ctx context.Context, db *sql.DB, instruments map[string]instrumentInfo) error {
	rows, err := db.QueryContext(ctx, `
		SELECT instrument, coalesce(nullif(trim(title), ''), instrument), clinical_cutoff
		FROM instruments
		WHERE instrument IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("read instruments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var info instrumentInfo
		var cutoff sql.NullFloat64
		if err := rows.Scan(&name, &info.Title, &cutoff); err != nil {
			return fmt.Errorf("read instruments: %w", err)
		}
		info.Cutoff = nullableFloat(cutoff)
		instruments[name] = info
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read instruments: %w", err)
	}
	return nil
}

// instrumentTitle is the instrument's title, or its name when no title is known.
func instrumentTitle(instruments map[string]instrumentInfo, name string) string {
	if info, ok := instruments[name]; ok && info.Title != "" {
		return info.Title
	}
	return name
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

// loadGCQS summarises the members' GCQ-S scale scores per session: the group mean and the
// members' spread around it.
func loadGCQS(ctx context.Context, db *sql.DB, d *CohortData) error {
	rows, err := db.QueryContext(ctx, `
		SELECT scale, session, count(*), avg(score), stddev_samp(score), min(score), max(score)
		FROM cohesion_member
		WHERE cohort = ? AND instrument = 'gcqs'
			AND scale IS NOT NULL AND session IS NOT NULL AND score IS NOT NULL
		GROUP BY scale, session
		ORDER BY scale, session`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read GCQ-S scores: %w", d.Cohort, err)
	}
	defer rows.Close()
	byScale := map[string]*GCQSScale{}
	var scales []string
	for rows.Next() {
		var scale string
		var s ScaleSession
		var sd sql.NullFloat64
		if err := rows.Scan(&scale, &s.Session, &s.N, &s.Mean, &sd, &s.Min, &s.Max); err != nil {
			return fmt.Errorf("cohort %q: read GCQ-S scores: %w", d.Cohort, err)
		}
		s.SD = nullableFloat(sd)
		g, ok := byScale[scale]
		if !ok {
			g = &GCQSScale{Scale: scale, Label: scaleLabel(scale)}
			byScale[scale] = g
			scales = append(scales, scale)
		}
		g.Sessions = append(g.Sessions, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read GCQ-S scores: %w", d.Cohort, err)
	}
	rank := func(scale string) int {
		if i := slices.Index(gcqsScaleOrder, scale); i >= 0 {
			return i
		}
		return len(gcqsScaleOrder)
	}
	sort.SliceStable(scales, func(i, j int) bool { return rank(scales[i]) < rank(scales[j]) })
	for _, scale := range scales {
		g := byScale[scale]
		g.Reading = scaleReading(g)
		d.GCQS = append(d.GCQS, *g)
	}
	return nil
}

// loadEngagement reads each member's first and latest GCQ-S engagement scores and the group's
// engagement at the latest, for the check-on rules.
func loadEngagement(ctx context.Context, db *sql.DB, d *CohortData, order map[string]int) error {
	rows, err := db.QueryContext(ctx, `
		WITH scores AS (
			SELECT participant_id, session, score
			FROM cohesion_member
			WHERE cohort = ? AND instrument = 'gcqs' AND scale = 'engagement'
				AND participant_id IS NOT NULL AND session IS NOT NULL AND score IS NOT NULL
		),
		groups AS (
			SELECT session, avg(score) AS mean, stddev_samp(score) AS sd
			FROM scores
			GROUP BY session
		),
		members AS (
			SELECT
				participant_id,
				min(session) AS first_session,
				arg_min(score, session) AS first_score,
				max(session) AS latest_session,
				arg_max(score, session) AS latest_score
			FROM scores
			GROUP BY participant_id
		)
		SELECT m.participant_id, m.first_session, m.first_score, m.latest_session, m.latest_score,
			g.mean, g.sd
		FROM members AS m
		JOIN groups AS g ON g.session = m.latest_session
		ORDER BY m.participant_id`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read GCQ-S engagement: %w", d.Cohort, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e EngagementTrend
		var sd sql.NullFloat64
		if err := rows.Scan(&e.ParticipantID, &e.FirstSession, &e.FirstScore, &e.LatestSession, &e.LatestScore,
			&e.GroupMean, &sd); err != nil {
			return fmt.Errorf("cohort %q: read GCQ-S engagement: %w", d.Cohort, err)
		}
		e.GroupSD = nullableFloat(sd)
		d.Engagement = append(d.Engagement, e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read GCQ-S engagement: %w", d.Cohort, err)
	}
	sortByMember(d.Engagement, order, func(e EngagementTrend) string { return e.ParticipantID })
	return nil
}

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

func loadNetwork(ctx context.Context, db *sql.DB, d *CohortData) error {
	rows, err := db.QueryContext(ctx, `
		SELECT session, coalesce(n_members, 0), coalesce(n_ties, 0), density, reciprocity
		FROM support_network
		WHERE cohort = ? AND session IS NOT NULL
		ORDER BY session`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read support_network: %w", d.Cohort, err)
	}
	defer rows.Close()
	for rows.Next() {
		var n NetworkSession
		var density, reciprocity sql.NullFloat64
		if err := rows.Scan(&n.Session, &n.Members, &n.Ties, &density, &reciprocity); err != nil {
			return fmt.Errorf("cohort %q: read support_network: %w", d.Cohort, err)
		}
		n.Density, n.Reciprocity = nullableFloat(density), nullableFloat(reciprocity)
		d.Network = append(d.Network, n)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read support_network: %w", d.Cohort, err)
	}
	return nil
}

// loadTies reads who named whom at the latest check-in with contacts answered, the one the
// network reading describes, each tie marked mutual where the member named named back.
func loadTies(ctx context.Context, db *sql.DB, d *CohortData, order map[string]int, labels map[string]string) error {
	latest := d.Network[len(d.Network)-1]
	rows, err := db.QueryContext(ctx, `
		WITH ties AS (
			SELECT DISTINCT participant_id, named_participant_id
			FROM support_ties
			WHERE cohort = ? AND session = ?
				AND participant_id IS NOT NULL AND named_participant_id IS NOT NULL
				AND participant_id <> named_participant_id
		)
		SELECT t.participant_id, t.named_participant_id, back.participant_id IS NOT NULL AS mutual
		FROM ties AS t
		LEFT JOIN ties AS back
			ON back.participant_id = t.named_participant_id
			AND back.named_participant_id = t.participant_id
		ORDER BY t.participant_id, t.named_participant_id`, d.Cohort, latest.Session)
	if err != nil {
		return fmt.Errorf("cohort %q: read support_ties: %w", d.Cohort, err)
	}
	defer rows.Close()
	label := func(id string) string {
		if l := labels[id]; l != "" {
			return l
		}
		return id
	}
	t := &NetworkTies{Session: latest.Session, PossibleTies: latest.PossibleTies()}
	mutualTies := 0
	for rows.Next() {
		var tie SupportTie
		if err := rows.Scan(&tie.ParticipantID, &tie.NamedID, &tie.Mutual); err != nil {
			return fmt.Errorf("cohort %q: read support_ties: %w", d.Cohort, err)
		}
		tie.Label, tie.NamedLabel = label(tie.ParticipantID), label(tie.NamedID)
		if tie.Mutual {
			mutualTies++
		}
		t.Ties = append(t.Ties, tie)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read support_ties: %w", d.Cohort, err)
	}
	if len(t.Ties) == 0 {
		return nil
	}
	// A mutual pair is two ties, a one-way pair one.
	t.MutualPairs = mutualTies / 2
	t.Pairs = len(t.Ties) - t.MutualPairs
	sortByMember(t.Ties, order, func(tie SupportTie) string { return tie.NamedID })
	sortByMember(t.Ties, order, func(tie SupportTie) string { return tie.ParticipantID })
	t.Reading = tiesReading(t)
	d.Ties = t
	return nil
}

func loadChanges(ctx context.Context, db *sql.DB, d *CohortData, order map[string]int, labels map[string]string,
	instruments map[string]instrumentInfo) error {
	rows, err := db.QueryContext(ctx, `
		SELECT participant_id, instrument, baseline, final, change, rci,
			coalesce(reliable_change, ''), clinically_significant
		FROM outcome_change
		WHERE cohort = ? AND participant_id IS NOT NULL AND instrument IS NOT NULL
		ORDER BY participant_id, instrument`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read outcome_change: %w", d.Cohort, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c OutcomeChange
		var baseline, final, change, rci sql.NullFloat64
		var significant sql.NullBool
		if err := rows.Scan(&c.ParticipantID, &c.Instrument, &baseline, &final, &change, &rci,
			&c.ReliableChange, &significant); err != nil {
			return fmt.Errorf("cohort %q: read outcome_change: %w", d.Cohort, err)
		}
		c.Baseline, c.Final, c.Change, c.RCI = nullableFloat(baseline), nullableFloat(final), nullableFloat(change), nullableFloat(rci)
		if significant.Valid {
			c.ClinicallySignificant = &significant.Bool
		}
		c.Label = labels[c.ParticipantID]
		if c.Label == "" {
			c.Label = c.ParticipantID
		}
		c.Title = instrumentTitle(instruments, c.Instrument)
		d.Changes = append(d.Changes, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read outcome_change: %w", d.Cohort, err)
	}
	sortByMember(d.Changes, order, func(c OutcomeChange) string { return c.ParticipantID })
	return nil
}

// sortByMember puts rows in the report's member order, keeping the order within a member;
// anyone the member list does not name goes last.
func sortByMember[T any](rows []T, order map[string]int, id func(T) string) {
	rank := func(r T) int {
		if i, ok := order[id(r)]; ok {
			return i
		}
		return len(order)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rank(rows[i]) < rank(rows[j]) })
}

// lastHeld is the cohort's last session held, or 0 when none has been.
func lastHeld(d *CohortData) int {
	last := 0
	for _, s := range d.Sessions {
		if s.Held && s.Session > last {
			last = s.Session
		}
	}
	return last
}

// scaleLabel capitalises a scale's name for headings: engagement → Engagement.
func scaleLabel(scale string) string {
	r, size := utf8.DecodeRuneInString(scale)
	if size == 0 {
		return scale
	}
	return string(unicode.ToUpper(r)) + scale[size:]
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

// The check-on rules' thresholds. Scores are means of items, so a difference computed from
// them can miss a round threshold by floating-point error; scoreTolerance absorbs that, so
// that a fall of exactly one point counts.
const (
	// engagementFall is how many GCQ-S points (0–6) a member's latest engagement score must be
	// below their own first one.
	engagementFall = 1.0
	// engagementBelowSD is how many of the group's standard deviations a member's latest
	// engagement score must be below the group mean at that session.
	engagementBelowSD = 1.0
	scoreTolerance    = 1e-9
)

// Check-on rules, as CheckOnReason.Rule names them.
const (
	ruleMissed         = "missed_last_session"
	ruleEngagementFell = "engagement_fell"
	ruleEngagementLow  = "engagement_below_group"
	ruleDeteriorated   = "reliable_deterioration"
)

// checkOn lists the members who missed the last session held, whose GCQ-S engagement fell
// (their latest score at least engagementFall below their own first, or at least
// engagementBelowSD standard deviations below the group mean at that session), or who
// reliably deteriorated on an outcome measure, each with every reason that applies.
func checkOn(d *CohortData) []CheckOnMember {
	reasons := map[string][]CheckOnReason{}
	add := func(id, rule, text string) {
		reasons[id] = append(reasons[id], CheckOnReason{Rule: rule, Text: text})
	}

	if last := lastHeld(d); last > 0 {
		var held []int // latest first
		for i := len(d.Sessions) - 1; i >= 0; i-- {
			if d.Sessions[i].Held {
				held = append(held, d.Sessions[i].Session)
			}
		}
		status := map[string]map[int]string{}
		for _, c := range d.Cells {
			if status[c.ParticipantID] == nil {
				status[c.ParticipantID] = map[int]string{}
			}
			status[c.ParticipantID][c.Session] = c.Status
		}
		for _, m := range d.Members {
			if status[m.ParticipantID][last] != "absent" {
				continue
			}
			streak := 0
			for _, s := range held {
				if status[m.ParticipantID][s] != "absent" {
					break
				}
				streak++
			}
			text := fmt.Sprintf("missed session %d, the last session held", last)
			if streak > 1 {
				text += fmt.Sprintf(", and has been absent %d sessions in a row", streak)
			}
			add(m.ParticipantID, ruleMissed, text)
		}
	}

	for _, e := range d.Engagement {
		if e.LatestSession > e.FirstSession && e.FirstScore-e.LatestScore >= engagementFall-scoreTolerance {
			add(e.ParticipantID, ruleEngagementFell, fmt.Sprintf(
				"GCQ-S engagement fell from %s at session %d to %s at session %d",
				oneDecimal(e.FirstScore), e.FirstSession, oneDecimal(e.LatestScore), e.LatestSession))
		}
		if e.GroupSD == nil || *e.GroupSD <= 0 {
			continue // one member scored, or all alike: nobody is below the others
		}
		sd := *e.GroupSD
		if below := e.GroupMean - e.LatestScore; below >= engagementBelowSD*sd-scoreTolerance {
			add(e.ParticipantID, ruleEngagementLow, fmt.Sprintf(
				"GCQ-S engagement of %s at session %d was %s sd below the group mean of %s",
				oneDecimal(e.LatestScore), e.LatestSession, oneDecimal(below/sd), oneDecimal(e.GroupMean)))
		}
	}

	for _, c := range d.Changes {
		if c.ReliableChange != "deteriorated" {
			continue
		}
		text := "reliable deterioration on " + c.Title
		if c.Baseline != nil && c.Final != nil {
			text += fmt.Sprintf(", from %s to %s", compactScore(*c.Baseline), compactScore(*c.Final))
		}
		if c.RCI != nil {
			text += fmt.Sprintf(" (RCI %s)", formatDecimal(*c.RCI, 2))
		}
		add(c.ParticipantID, ruleDeteriorated, text)
	}

	var out []CheckOnMember
	for _, m := range d.Members {
		if r := reasons[m.ParticipantID]; len(r) > 0 {
			out = append(out, CheckOnMember{ParticipantID: m.ParticipantID, Label: m.Label, Reasons: r})
			delete(reasons, m.ParticipantID)
		}
	}
	// Someone scored but on neither the retention nor the attendance mart still counts.
	rest := make([]string, 0, len(reasons))
	for id := range reasons {
		rest = append(rest, id)
	}
	sort.Strings(rest)
	for _, id := range rest {
		out = append(out, CheckOnMember{ParticipantID: id, Label: id, Reasons: reasons[id]})
	}
	return out
}

func checkOnReading(d *CohortData) string {
	if len(d.CheckOn) == 0 {
		return "No member meets any of the rules below."
	}
	count := map[string]int{}
	for _, m := range d.CheckOn {
		seen := map[string]bool{}
		for _, r := range m.Reasons {
			group := r.Rule
			if group == ruleEngagementLow {
				group = ruleEngagementFell
			}
			if !seen[group] {
				seen[group] = true
				count[group]++
			}
		}
	}
	var parts []string
	if n := count[ruleMissed]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d missed the last session held", n))
	}
	if n := count[ruleEngagementFell]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d for GCQ-S engagement", n))
	}
	if n := count[ruleDeteriorated]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d for a reliable deterioration", n))
	}
	return fmt.Sprintf("%d of %d members to check on: %s.", len(d.CheckOn), len(d.Members), joinAnd(parts))
}

// missingMartReading is the line a part shows when the database lacks the marts it needs.
func missingMartReading(names ...string) string {
	return fmt.Sprintf("This database has no %s mart (it was built by an older version of cohesion), "+
		"so this part is left out; cohesion run builds it.", strings.Join(names, " or "))
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

// scaleReading says how a GCQ-S scale's group mean moved from its first session to its last.
func scaleReading(g *GCQSScale) string {
	n := len(g.Sessions)
	if n == 0 {
		return ""
	}
	first, last := g.Sessions[0], g.Sessions[n-1]
	f, l := oneDecimal(first.Mean), oneDecimal(last.Mean)
	switch {
	case n == 1:
		return fmt.Sprintf("%s was %s at session %d, the only session with answers.", g.Label, f, first.Session)
	case f == l:
		return fmt.Sprintf("%s was %s at both session %d and session %d.", g.Label, f, first.Session, last.Session)
	case last.Mean < first.Mean:
		return fmt.Sprintf("%s fell from %s at session %d to %s at session %d.", g.Label, f, first.Session, l, last.Session)
	default:
		return fmt.Sprintf("%s rose from %s at session %d to %s at session %d.", g.Label, f, first.Session, l, last.Session)
	}
}

func gcqsReading(d *CohortData, present map[string]bool) string {
	if !present["cohesion_member"] {
		return missingMartReading("cohesion_member")
	}
	if len(d.GCQS) == 0 {
		return "No GCQ-S answers loaded for this cohort."
	}
	var sessions []int
	for _, g := range d.GCQS {
		for _, s := range g.Sessions {
			if !slices.Contains(sessions, s.Session) {
				sessions = append(sessions, s.Session)
			}
		}
	}
	slices.Sort(sessions)
	return fmt.Sprintf("%d of %d members answered the GCQ-S, at %s.", len(d.Engagement), len(d.Members), sessionList(sessions))
}

// sessionList names sessions in words: "session 2", "sessions 1, 2 and 3".
func sessionList(sessions []int) string {
	parts := make([]string, len(sessions))
	for i, s := range sessions {
		parts[i] = fmt.Sprint(s)
	}
	if len(parts) == 1 {
		return "session " + parts[0]
	}
	return "sessions " + joinAnd(parts)
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

func networkReading(d *CohortData, present map[string]bool) string {
	if !present["support_network"] {
		return missingMartReading("support_network")
	}
	if len(d.Network) == 0 {
		return "No check-in contacts answers loaded for this cohort."
	}
	n := d.Network[len(d.Network)-1]
	s := fmt.Sprintf("At session %d, the latest check-in with contacts answered, ", n.Session)
	if n.Ties == 0 {
		return s + "no member named another as someone they had connected with."
	}
	s += fmt.Sprintf("members named %d of the %d possible ties", n.Ties, n.Members*(n.Members-1))
	if n.Density != nil {
		s += fmt.Sprintf(" (density %s)", percent(*n.Density))
	}
	if n.Reciprocity != nil {
		s += fmt.Sprintf(" and %s of the pairs with a tie were mutual", percent(*n.Reciprocity))
	}
	return s + "."
}

// tiesReading says how many of the possible ties were named at the check-in the graph draws,
// and how many of the pairs with a tie were mutual.
func tiesReading(t *NetworkTies) string {
	verb := "were"
	if len(t.Ties) == 1 {
		verb = "was"
	}
	s := fmt.Sprintf("At session %d, %d of %d possible ties %s named; ", t.Session, len(t.Ties), t.PossibleTies, verb)
	switch {
	case t.Pairs == 1 && t.MutualPairs == 1:
		return s + "the one pair with a tie was mutual."
	case t.Pairs == 1:
		return s + "the one pair with a tie was not mutual."
	case t.MutualPairs == 0:
		return s + fmt.Sprintf("none of the %d pairs with a tie was mutual.", t.Pairs)
	case t.MutualPairs == 1:
		return s + fmt.Sprintf("1 of the %d pairs with a tie was mutual.", t.Pairs)
	}
	return s + fmt.Sprintf("%d of the %d pairs with a tie were mutual.", t.MutualPairs, t.Pairs)
}

func changesReading(d *CohortData, present map[string]bool) string {
	if !present["outcome_change"] {
		return missingMartReading("outcome_change")
	}
	if len(d.Changes) == 0 {
		return "No member of this cohort has an outcome measure scored at two sessions yet."
	}
	members := map[string]bool{}
	improved, significant, deteriorated, unchanged := 0, 0, 0, 0
	for _, c := range d.Changes {
		members[c.ParticipantID] = true
		switch c.ReliableChange {
		case "improved":
			improved++
			if c.ClinicallySignificant != nil && *c.ClinicallySignificant {
				significant++
			}
		case "deteriorated":
			deteriorated++
		default:
			unchanged++
		}
	}
	var parts []string
	if improved > 0 {
		p := fmt.Sprintf("%d improved reliably", improved)
		if significant > 0 {
			p += fmt.Sprintf(" (%d of them clinically significantly)", significant)
		}
		parts = append(parts, p)
	}
	if deteriorated > 0 {
		parts = append(parts, fmt.Sprintf("%d deteriorated reliably", deteriorated))
	}
	if unchanged > 0 {
		parts = append(parts, fmt.Sprintf("%d showed no reliable change", unchanged))
	}
	return fmt.Sprintf("Of %d outcome changes for %d members, %s.", len(d.Changes), len(members), joinAnd(parts))
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

// formatDecimal formats x with the given number of decimal places, never as -0.
func formatDecimal(x float64, places int) string {
	p := math.Pow(10, float64(places))
	v := math.Round(x*p) / p
	if v == 0 {
		v = 0 // turns -0 into 0
	}
	return strconv.FormatFloat(v, 'f', places, 64)
}

// oneDecimal formats a score with one decimal place: 4.0, 3.8.
func oneDecimal(x float64) string { return formatDecimal(x, 1) }

// compactScore formats a total to one decimal place at most: 14, 22.5.
func compactScore(x float64) string {
	v := math.Round(x*10) / 10
	if v == 0 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// optionalDecimal formats a nullable value, a dash when it is null.
func optionalDecimal(x *float64, places int) string {
	if x == nil {
		return "—"
	}
	return formatDecimal(*x, places)
}

// optionalPercent formats a nullable share between 0 and 1, a dash when it is null.
func optionalPercent(x *float64) string {
	if x == nil {
		return "—"
	}
	return percent(*x)
}

// optionalScore formats a nullable total as compactScore does, a dash when it is null.
func optionalScore(x *float64) string {
	if x == nil {
		return "—"
	}
	return compactScore(*x)
}

// signedScore formats a nullable change with its sign: +8, -6, 0.
func signedScore(x *float64) string {
	if x == nil {
		return "—"
	}
	s := compactScore(*x)
	if s != "0" && !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// reliableChangeText puts outcome_change's reliable_change in words.
func reliableChangeText(category string) string {
	switch category {
	case "improved":
		return "reliable improvement"
	case "deteriorated":
		return "reliable deterioration"
	case "no_change":
		return "no reliable change"
	}
	return category
}

// yesNo puts a nullable flag in words.
func yesNo(b *bool) string {
	switch {
	case b == nil:
		return "—"
	case *b:
		return "yes"
	}
	return "no"
}

func nullableFloat(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
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

// minutesText gives minutes present as "90 min" plus suffix, or "minutes unknown" for a
// session recorded as marks.
func minutesText(minutes *int, suffix string) string {
	if minutes == nil {
		return "minutes unknown"
	}
	return fmt.Sprintf("%d min%s", *minutes, suffix)
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

// cohortCharts are the cohort report's charts: the attendance heat map always, and each
// other chart once there is data for it.
type cohortCharts struct {
	Heatmap chartOption
	Rate    *chartOption
	Curve   *chartOption
	// GCQS has one chart per scale, in the order of CohortData.GCQS.
	GCQS      []chartOption
	Ratings   *chartOption
	Connected *chartOption
	Network   *chartOption
	// Ties is the graph of who named whom at the latest check-in, when support_ties has it.
	Ties *chartOption
}

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
	if len(d.Curve) > 0 {
		curve, err := encodeOption(curveChart(d))
		if err != nil {
			return out, fmt.Errorf("retention curve chart: %w", err)
		}
		out.Curve = &chartOption{
			ID:     "chart-curve",
			Label:  "Line chart of the share of starters retained after each session, this cohort against its program, with the program's 95% interval as a band. The table below gives the same figures.",
			Height: 360,
			Option: jsOption(curve),
		}
	}
	for i, g := range d.GCQS {
		scale, err := encodeOption(gcqsChart(d, g, scaleColors[i%len(scaleColors)]))
		if err != nil {
			return out, fmt.Errorf("GCQ-S %s chart: %w", g.Scale, err)
		}
		out.GCQS = append(out.GCQS, chartOption{
			ID:     fmt.Sprintf("chart-gcqs-%d", i+1),
			Label:  fmt.Sprintf("Line chart of the group's mean GCQ-S %s score per session, with a band from the lowest to the highest member's score. The table below gives the same figures.", g.Scale),
			Height: 280,
			Option: jsOption(scale),
		})
	}
	if len(d.Ratings) > 0 {
		ratings, err := encodeOption(ratingsChart(d))
		if err != nil {
			return out, fmt.Errorf("session ratings chart: %w", err)
		}
		out.Ratings = &chartOption{
			ID:     "chart-ratings",
			Label:  "Line chart of the group's mean GSRS and ORS totals per session. The table below gives the same figures.",
			Height: 340,
			Option: jsOption(ratings),
		}
	}
	if len(d.Connected) > 0 {
		connected, err := encodeOption(meansChart(d, d.Connected, "score", 10))
		if err != nil {
			return out, fmt.Errorf("connected chart: %w", err)
		}
		out.Connected = &chartOption{
			ID:     "chart-connected",
			Label:  "Line chart of the group's mean check-in score for how connected members feel (0 to 10) per session. The table below gives the same figures.",
			Height: 300,
			Option: jsOption(connected),
		}
	}
	if len(d.Network) > 0 {
		network, err := encodeOption(networkChart(d))
		if err != nil {
			return out, fmt.Errorf("support network chart: %w", err)
		}
		out.Network = &chartOption{
			ID:     "chart-network",
			Label:  "Line chart of the support network's density and reciprocity at each check-in. The table below gives the same figures.",
			Height: 320,
			Option: jsOption(network),
		}
	}
	if d.Ties != nil {
		graph, err := encodeOption(tiesChart(d))
		if err != nil {
			return out, fmt.Errorf("support ties graph: %w", err)
		}
		out.Ties = &chartOption{
			ID: "chart-ties",
			Label: fmt.Sprintf("Network diagram of the session %d check-in: every member on a circle, with an arrow from each member "+
				"to each member they named; mutual ties are thicker and vermillion. The table below lists the same ties.", d.Ties.Session),
			Height: 480,
			Option: jsOption(graph),
		}
	}
	return out, nil
}

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

// gcqsChart draws one GCQ-S scale: the group mean per session, and a band from the lowest to
// the highest member's score. The three scales sit side by side, so sessions are numbered only.
func gcqsChart(d *CohortData, g GCQSScale, color string) *charts.Line {
	var extra []int
	for _, s := range g.Sessions {
		extra = append(extra, s.Session)
	}
	sessions := chartSessions(d, extra)
	bySession := map[int]ScaleSession{}
	for _, s := range g.Sessions {
		bySession[s.Session] = s
	}
	labels := make([]string, len(sessions))
	means := make([]opts.LineData, len(sessions))
	low, high := make([]*float64, len(sessions)), make([]*float64, len(sessions))
	for i, session := range sessions {
		labels[i] = fmt.Sprint(session)
		s, ok := bySession[session]
		if !ok {
			means[i] = lineItem("", nil, 1, 2)
			continue
		}
		name := fmt.Sprintf("%s, session %d: mean %s of %d members", g.Label, session, formatDecimal(s.Mean, 2), s.N)
		if s.SD != nil {
			name += fmt.Sprintf(" (sd %s)", formatDecimal(*s.SD, 2))
		}
		name += fmt.Sprintf(", lowest %s, highest %s", formatDecimal(s.Min, 2), formatDecimal(s.Max, 2))
		means[i] = lineItem(name, &s.Mean, 1, 2)
		low[i], high[i] = &s.Min, &s.Max
	}
	line := newLineChart(nil, "12",
		opts.YAxis{Min: 0, Max: 6},
		opts.XAxis{Name: "Session", NameLocation: "middle", NameGap: 26})
	line.SetXAxis(labels)
	addBand(line, "Lowest to highest member", "range", color, low, high, 1, 2, nil)
	line.AddSeries("Group mean", means,
		charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(true), Symbol: "circle", SymbolSize: 8}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 3}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
	)
	return line
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
			seriesOpts = append(seriesOpts,
				charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{
					Name:  r.Title + " clinical cutoff",
					YAxis: *r.ClinicalCutoff,
				}),
				charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
					Symbol:    []string{"none", "none"},
					Label:     &opts.Label{Show: opts.Bool(true), Position: "insideStartTop", Formatter: "{b} {c}"},
					LineStyle: &opts.LineStyle{Color: color, Type: "dashed", Width: 1},
				}),
			)
		}
		line.AddSeries(r.Title, data, seriesOpts...)
	}
	return line
}

// networkChart draws the support network's density and reciprocity at each check-in.
func networkChart(d *CohortData) *charts.Line {
	var extra []int
	bySession := map[int]NetworkSession{}
	for _, n := range d.Network {
		extra = append(extra, n.Session)
		bySession[n.Session] = n
	}
	sessions := chartSessions(d, extra)
	density := make([]opts.LineData, len(sessions))
	reciprocity := make([]opts.LineData, len(sessions))
	for i, session := range sessions {
		n, ok := bySession[session]
		if !ok {
			density[i], reciprocity[i] = lineItem("", nil, 100, 1), lineItem("", nil, 100, 1)
			continue
		}
		if n.Density != nil {
			density[i] = lineItem(fmt.Sprintf("Session %d: density %s, %d of %d possible ties named",
				session, percent(*n.Density), n.Ties, n.Members*(n.Members-1)), n.Density, 100, 1)
		} else {
			density[i] = lineItem("", nil, 100, 1)
		}
		if n.Reciprocity != nil {
			reciprocity[i] = lineItem(fmt.Sprintf("Session %d: reciprocity %s of the pairs with a tie",
				session, percent(*n.Reciprocity)), n.Reciprocity, 100, 1)
		} else {
			reciprocity[i] = lineItem("", nil, 100, 1)
		}
	}
	line := newLineChart([]interface{}{"Density", "Reciprocity"}, "40",
		opts.YAxis{Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}},
		opts.XAxis{})
	line.SetXAxis(fullSessionLabels(d, sessions))
	for _, s := range []struct {
		name  string
		data  []opts.LineData
		color string
	}{{"Density", density, okabeBlue}, {"Reciprocity", reciprocity, okabeOrange}} {
		line.AddSeries(s.name, s.data,
			charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 8}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: s.color, Width: 3}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}),
		)
	}
	return line
}

// Styles of the support network graph: one-way ties thin and grey, mutual ties thick and
// vermillion, so the two differ in more than colour.
const (
	oneWayTieColor = "#6b6b6b"
	oneWayTieWidth = 1.5
	mutualTieColor = okabeVermillion
	mutualTieWidth = 4
)

// networkNodes are the graph's nodes: every member, in member order, then anyone a tie names
// who is on neither the retention nor the attendance mart, labelled by pseudonym.
func networkNodes(d *CohortData) []CohortMember {
	nodes := slices.Clone(d.Members)
	if d.Ties == nil {
		return nodes
	}
	known := map[string]bool{}
	for _, m := range d.Members {
		known[m.ParticipantID] = true
	}
	var rest []string
	for _, t := range d.Ties.Ties {
		for _, id := range []string{t.ParticipantID, t.NamedID} {
			if !known[id] {
				known[id] = true
				rest = append(rest, id)
			}
		}
	}
	sort.Strings(rest)
	for _, id := range rest {
		nodes = append(nodes, CohortMember{ParticipantID: id, Label: id})
	}
	return nodes
}

// untiedLabels are the labels of the members in no tie at the check-in the graph draws.
func untiedLabels(d *CohortData) []string {
	if d.Ties == nil {
		return nil
	}
	tied := map[string]bool{}
	for _, t := range d.Ties.Ties {
		tied[t.ParticipantID], tied[t.NamedID] = true, true
	}
	var out []string
	for _, m := range networkNodes(d) {
		if !tied[m.ParticipantID] {
			out = append(out, m.Label)
		}
	}
	return out
}

// graphNodeID is the id of the graph's i-th node. Links name nodes by id, not by label, so
// that two members who share a name stay two nodes.
func graphNodeID(i int) string {
	return fmt.Sprintf("member-%d", i+1)
}

// graphNode is a graph node with what go-echarts' opts.GraphNode has no field for: an id,
// without which ECharts keys nodes by name and drops a second node of the same name, and
// where its label goes.
type graphNode struct {
	opts.GraphNode
	ID    string     `json:"id"`
	Label graphLabel `json:"label"`
}

type graphLabel struct {
	Position string `json:"position"`
}

// circleLabelPosition puts the label of the i-th of n nodes on a circle outside the circle,
// clear of the edges. It follows ECharts' circular layout for nodes of one size: the first
// node half a step clockwise from three o'clock, then equal steps clockwise.
func circleLabelPosition(i, n int) string {
	angle := (float64(i) + 0.5) * 2 * math.Pi / float64(n)
	x, y := math.Cos(angle), math.Sin(angle) // y grows downwards, as on the screen
	switch {
	case x > 0.3:
		return "right"
	case x < -0.3:
		return "left"
	case y < 0:
		return "top"
	}
	return "bottom"
}

// graphCircular sets the circular layout; labels stay level, which reads better than
// labels turned along the radius for the few members of a group.
type graphCircular struct {
	RotateLabel bool `json:"rotateLabel"`
}

type graphSeries struct {
	charts.SingleSeries
	Data     []graphNode   `json:"data"`
	Circular graphCircular `json:"circular"`
}

// graphVisitor gives each node of a graph series its id and its label's position.
type graphVisitor struct {
	reportVisitor
}

func (graphVisitor) VisitSeriesOpt(series charts.MultiSeries) interface{} {
	out := make([]interface{}, len(series))
	for i, s := range series {
		nodes, ok := s.Data.([]opts.GraphNode)
		if !ok {
			out[i] = s
			continue
		}
		withIDs := make([]graphNode, len(nodes))
		for j, n := range nodes {
			withIDs[j] = graphNode{GraphNode: n, ID: graphNodeID(j),
				Label: graphLabel{Position: circleLabelPosition(j, len(nodes))}}
		}
		out[i] = graphSeries{SingleSeries: s, Data: withIDs}
	}
	return out
}

// tiesChart draws who named whom at the check-in of d.Ties: every member on a circle, members
// in no tie included, and an arrow from each member to each member they named. A mutual tie is
// two arrows on one line, drawn thick and vermillion.
func tiesChart(d *CohortData) *charts.Graph {
	members := networkNodes(d)
	index := make(map[string]int, len(members))
	nodes := make([]opts.GraphNode, len(members))
	for i, m := range members {
		index[m.ParticipantID] = i
		// The label and the tooltip show the node's name, which ECharts draws as text and
		// HTML-escapes.
		nodes[i] = opts.GraphNode{Name: m.Label}
	}
	links := make([]opts.GraphLink, len(d.Ties.Ties))
	for i, t := range d.Ties.Ties {
		style := &opts.LineStyle{Color: oneWayTieColor, Width: oneWayTieWidth, Opacity: opts.Float(0.9)}
		if t.Mutual {
			style = &opts.LineStyle{Color: mutualTieColor, Width: mutualTieWidth, Opacity: opts.Float(1)}
		}
		links[i] = opts.GraphLink{
			Source:    graphNodeID(index[t.ParticipantID]),
			Target:    graphNodeID(index[t.NamedID]),
			LineStyle: style,
		}
	}

	graph := charts.NewGraph()
	graph.ClearPresetJSAssets()
	graph.Accept(graphVisitor{})
	graph.SetGlobalOptions(
		charts.WithAnimation(false),
		// The default tooltip names a node, or an edge's two ends as "from > to", HTML-escaped.
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	graph.AddSeries(fmt.Sprintf("Session %d check-in", d.Ties.Session), nodes, links,
		// Set field by field: opts.GraphChart would also write force, categories and edgeLabel
		// as nulls.
		charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Layout = "circular"
			s.Roam, s.Draggable = opts.Bool(false), opts.Bool(false)
			s.EdgeSymbol, s.EdgeSymbolSize = []string{"none", "arrow"}, []int{0, 11}
			s.SymbolSize = 18
			// Room around the circle for the labels.
			s.Left, s.Right, s.Top, s.Bottom = "22%", "22%", "40", "40"
		}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: okabeBlue, BorderColor: "#ffffff", BorderWidth: 2}),
		// A label's white backing keeps it legible where an edge runs under it.
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Color: "#1a1a1a", FontSize: 13,
			BackgroundColor: "rgba(255,255,255,0.85)", BorderRadius: 3}),
		charts.WithEmphasisOpts(opts.Emphasis{Focus: "adjacency"}),
	)
	return graph
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

// cohortPage is what the cohort template reads.
type cohortPage struct {
	Title   string
	D       *CohortData
	ECharts template.JS
	Charts  cohortCharts
	// GCQS pairs each GCQ-S scale's chart with its heading and reading.
	GCQS []gcqsPanel
	// GCQSRows are the GCQ-S table's rows, one per session, a cell per scale.
	GCQSRows []gcqsRow
	// RatingRows are the ratings table's rows, one per session, a cell per instrument.
	RatingRows []ratingRow
	// ConnectedRows are the connected table's rows, one per session.
	ConnectedRows []ratingRow
	// LatestCheckIn is the session of the latest check-in in the support network, 0 for none.
	LatestCheckIn int
	// Untied are the members in no tie at the check-in the network graph draws.
	Untied []listItem
	// Sources names the marts the page was read from, for the footer.
	Sources   string
	Held      int
	HeatRows  []heatRow
	Dates     map[int]string
	FirstDate string
	LastDate  string
	Generated string
	Named     bool
}

// gcqsPanel is one GCQ-S scale's part of the page.
type gcqsPanel struct {
	Label   string
	Reading string
	Chart   chartOption
}

// gcqsRow is one session's row of the GCQ-S table: each scale's summary, nil where no
// member was scored on it.
type gcqsRow struct {
	Session int
	Scales  []*ScaleSession
}

func gcqsRows(scales []GCQSScale) []gcqsRow {
	var sessions []int
	for _, g := range scales {
		for _, s := range g.Sessions {
			if !slices.Contains(sessions, s.Session) {
				sessions = append(sessions, s.Session)
			}
		}
	}
	slices.Sort(sessions)
	rows := make([]gcqsRow, len(sessions))
	for i, session := range sessions {
		rows[i] = gcqsRow{Session: session, Scales: make([]*ScaleSession, len(scales))}
		for j, g := range scales {
			for k := range g.Sessions {
				if g.Sessions[k].Session == session {
					rows[i].Scales[j] = &g.Sessions[k]
				}
			}
		}
	}
	return rows
}

// ratingRow is one session's row of the ratings table: each instrument's group mean, nil
// where no member answered it.
type ratingRow struct {
	Session     int
	Instruments []*RatingSession
}

func ratingRows(ratings []RatingSeries) []ratingRow {
	var sessions []int
	for _, r := range ratings {
		for _, s := range r.Sessions {
			if !slices.Contains(sessions, s.Session) {
				sessions = append(sessions, s.Session)
			}
		}
	}
	slices.Sort(sessions)
	rows := make([]ratingRow, len(sessions))
	for i, session := range sessions {
		rows[i] = ratingRow{Session: session, Instruments: make([]*RatingSession, len(ratings))}
		for j, r := range ratings {
			for k := range r.Sessions {
				if r.Sessions[k].Session == session {
					rows[i].Instruments[j] = &r.Sessions[k]
				}
			}
		}
	}
	return rows
}

// PossibleTies is how many directed ties the check-in could have named.
func (n NetworkSession) PossibleTies() int {
	return n.Members * (n.Members - 1)
}

// listItem is one item of a list written out in a sentence, with the separator before it:
// nothing, ", " or " and ". The template escapes the text, so the list is joined there.
type listItem struct {
	Sep  string
	Text string
}

func listItems(texts []string) []listItem {
	items := make([]listItem, len(texts))
	for i, t := range texts {
		items[i].Text = t
		switch {
		case i == 0:
		case i == len(texts)-1:
			items[i].Sep = " and "
		default:
			items[i].Sep = ", "
		}
	}
	return items
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
		Generated: now.UTC().Format("2006-01-02 15:04 MST"),
		Named:     d.Named || opt.Names,
	}
	if n := len(d.Sessions); n > 0 {
		page.FirstDate, page.LastDate = d.Sessions[0].Date, d.Sessions[n-1].Date
	}
	for i, g := range d.GCQS {
		if i < len(cc.GCQS) {
			page.GCQS = append(page.GCQS, gcqsPanel{Label: g.Label, Reading: g.Reading, Chart: cc.GCQS[i]})
		}
	}
	page.GCQSRows = gcqsRows(d.GCQS)
	page.RatingRows = ratingRows(d.Ratings)
	page.ConnectedRows = ratingRows(d.Connected)
	page.Untied = listItems(untiedLabels(d))
	if n := len(d.Network); n > 0 {
		page.LatestCheckIn = d.Network[n-1].Session
	}
	sources := []string{"sessions", "attendance", "retention"}
	for _, m := range []string{"retention_curve_cohort", "retention_curve", "cohesion_member", "cohesion_group",
		"support_network", "support_ties", "outcome_change", "instruments"} {
		if !d.MartMissing(m) {
			sources = append(sources, m)
		}
	}
	if page.Named {
		sources = append(sources, "pii_people")
	}
	page.Sources = joinAnd(sources)
	if err := pageTemplates.ExecuteTemplate(w, "cohort.html", page); err != nil {
		return fmt.Errorf("cohort %q: render: %w", d.Cohort, err)
	}
	return nil
}
