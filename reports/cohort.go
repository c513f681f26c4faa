// The cohort report: a facilitator's view of one cohort — attendance, retention, group climate, session
// ratings, the support network, outcome change, and the members to check on.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
)

// CohortOptions control the facilitator's cohort report.
type CohortOptions struct {
	// Names shows member names from pii_people instead of pseudonyms.
	Names bool
	// Now is shown in the footer; the current time when zero.
	Now time.Time
	// NormMin is how many earlier members an expected-response cell needs before a member's
	// chart draws it; DefaultNormMin when 0.
	NormMin int
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
	// Courses are each member's totals by session on the outcome measures they answered,
	// their session ratings and connected score; empty when the marts lack them.
	Courses []MemberCourse `json:"courses,omitempty"`
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
	Courses    string `json:"courses,omitempty"`
	Comments   string `json:"comments,omitempty"`
}

// cohortMarts are the marts the cohort report reads beyond sessions, attendance, retention
// and pii_people. A database built by an older cohesion may lack any of them; the report then
// leaves out the parts that need them and says so.
var cohortMarts = []string{
	"check_on", "cohesion_group", "cohesion_member", "instruments", "outcome_change",
	"retention_curve", "retention_curve_cohort", "support_network", "support_ties", "expected_response",
}

// instrumentTitles name the built-in instruments when the instruments mart is missing.
var instrumentTitles = map[string]string{
	"gcqs": "GCQ-S", "gsrs": "GSRS", "ors": "ORS", "core10": "CORE-10",
	"phq9": "PHQ-9", "gad7": "GAD-7", "checkin": "Check-in",
}

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
	courses := present["cohesion_member"] && present["instruments"]
	if courses {
		// An instruments mart built before the session-rating thresholds has no alert_below.
		if courses, err = hasColumn(ctx, db, "instruments", "alert_below"); err != nil {
			return nil, fmt.Errorf("cohort %q: %w", cohort, err)
		}
	}
	if courses {
		if err := loadCourses(ctx, db, d, order, labels); err != nil {
			return nil, err
		}
		if present["expected_response"] {
			if err := loadExpected(ctx, db, d); err != nil {
				return nil, err
			}
		}
	}
	if opt.Names && present["comments"] {
		if err := loadComments(ctx, db, d, order, labels); err != nil {
			return nil, err
		}
	}
	if present["check_on"] {
		if err := loadCheckOn(ctx, db, d, labels); err != nil {
			return nil, err
		}
	}
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
	if courses || len(d.Courses) > 0 {
		d.Readings.Courses = coursesReading(d, present, opt.normMin())
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

// hasColumn reports whether the table or view of the current schema has the column.
func hasColumn(ctx context.Context, db *sql.DB, table, column string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.columns
		WHERE table_schema = current_schema() AND lower(table_name) = ? AND lower(column_name) = ?`,
		table, column).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("list columns of %s: %w", table, err)
	}
	return n > 0, nil
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

// missingMartReading is the line a part shows when the database lacks the marts it needs.
func missingMartReading(names ...string) string {
	return fmt.Sprintf("This database has no %s mart (it was built by an older version of cohesion), "+
		"so this part is left out; cohesion run builds it.", strings.Join(names, " or "))
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
	// Courses are the member rows of the "each member's course" section.
	Courses []courseRow
	// NormMin is how many earlier members an expected band needs (--norm-min).
	NormMin int
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
	page.NormMin = opt.normMin()
	if page.Courses, err = courseRows(d, page.NormMin); err != nil {
		return fmt.Errorf("cohort %q: %w", d.Cohort, err)
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
		"support_network", "support_ties", "outcome_change", "instruments", "check_on", "expected_response"} {
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
