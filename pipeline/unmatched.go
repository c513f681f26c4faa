// unmatched.go tells `load` what it could not attach: exports that fit no session and names that
// match no roster member. It builds just the models needed, as temporary tables, so the stored
// marts stay exactly as the last `run` left them.
package pipeline

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"cohesion/queries"
)

// Unmatched is what load could not attach, one line each as `load` prints them: the first ones
// up to the limit asked for, with the count of all of them.
type Unmatched struct {
	Names     []string // people in attendance exports or marks who match no roster member
	Exports   []string // attendance exports that fit no scheduled session
	Responses []string // survey answers attached to no member or session, by file, person and reason
	Contacts  []string // names in check-in contacts answers that match no roster member

	NameCount, ExportCount, ResponseCount, ContactCount int
	// Scoped is set when only the files loaded since the given file ID were looked at; Stored
	// then counts the rows of each unmatched_* mart as the last run left them (all loads), by
	// mart name, for those that have any.
	Scoped bool
	Stored map[string]int
	// AnswersUnlisted is set, to the number of survey answers (raw rows: an export's blank
	// cells are counted too) the listing would have matched, when they are more than
	// listAnswersAtMost: their answers and contacts are not listed.
	AnswersUnlisted int
}

// listAnswersAtMost is the most survey answers load matches to list those it cannot attach (a
// check-in is hundreds, a large survey export tens of thousands). Matching holds every form at
// once: 2 million answers take about 3 s and 300 MB, and a long form of 20 million, loaded in
// a bounded stream, would need gigabytes. Over it, `run` matches them. A var for the tests.
var listAnswersAtMost = 1_000_000

// perFileTables are the raw tables whose rows each belong to one export or survey file: what
// a listing scoped to a load's own files restricts. The facilitator's schedule, roster and
// codebook are always read whole.
var perFileTables = []string{"raw_meetings", "raw_presence", "raw_marks", "raw_responses", "raw_answers"}

// LastFileID is the highest file ID in the ledger (0 for an empty database): the files a load
// adds have higher ones.
func (db *DB) LastFileID(ctx context.Context) (int32, error) {
	var id int32
	err := db.SQL.QueryRowContext(ctx, `select coalesce(max(file_id), 0) from raw_files`).Scan(&id)
	return id, err
}

// Unmatched lists what the loaded files could not attach: up to limit lines of each kind (all of
// them when limit is 0), in the order they are printed, and how many there are. Survey answers
// are checked only when responses is set: attaching them is the costliest model, and only a load
// of surveys needs it. With since above 0, only the files after that file ID are looked at
// (a weekly load's own exports and forms, whatever the size of the database), unless one of them
// is a schedule, roster or codebook, which can change what every earlier file matches.
func (db *DB) Unmatched(ctx context.Context, since int32, responses bool, limit int) (u Unmatched, err error) {
	if limit <= 0 {
		limit = math.MaxInt32
	}
	models, _, err := ReadModels(queries.Models)
	if err != nil {
		return u, err
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return u, err
	}
	defer conn.Close()
	if db.streamed.Load() {
		// The load streamed a long form: its answers are matched in bounded memory too.
		restore, err := db.limitMemory(ctx, conn)
		if err != nil {
			return u, err
		}
		defer restore()
	}
	if since > 0 {
		if u.Scoped, err = scopeToFiles(ctx, conn, since); err != nil {
			return u, err
		}
		if u.Scoped {
			defer func() {
				for _, t := range perFileTables {
					conn.ExecContext(context.WithoutCancel(ctx), "drop view if exists temp."+t)
				}
			}()
		}
	}
	if responses {
		// Matching answers holds every form at once: past a bound, the listing would cost more
		// memory and time than the load. `run` matches them instead.
		var n int
		if err := conn.QueryRowContext(ctx, `select (select count(*) from raw_answers) + (select count(*) from raw_responses)`).Scan(&n); err != nil {
			return u, err
		}
		if n > listAnswersAtMost {
			responses, u.AnswersUnlisted = false, n
		}
	}
	targets := []string{"unmatched_names", "unmatched_exports", "stg_roster"}
	if responses {
		targets = append(targets, "unmatched_responses", "unmatched_contacts")
	}
	needed := Closure(models, targets...)
	for i, m := range needed {
		// int_presence is the widest table here, and only unmatched_names and the queries
		// below read it: build just the columns they use.
		if m.Name == "int_presence" {
			needed[i].SQL = "select cohort, session, file_id, name, email, participant_id, is_facilitator from (\n" + m.SQL + "\n)"
		}
	}
	if u.Scoped {
		unscope, err := scopeCohorts(ctx, conn, since+1, responses)
		if err != nil {
			return u, err
		}
		defer unscope()
		defer conn.ExecContext(context.WithoutCancel(ctx), "drop table if exists temp.scope_files")
		if err := scopeHeld(ctx, conn, since+1); err != nil {
			return u, err
		}
		stored := targets
		if u.AnswersUnlisted > 0 { // not listed, but the last run's count of them still says
			stored = append(slices.Clip(targets), "unmatched_responses", "unmatched_contacts")
		}
		if u.Stored, err = storedUnmatched(ctx, conn, stored); err != nil {
			return u, err
		}
	}
	defer DropTemp(ctx, conn, needed, TempTables)
	if err := BuildTemp(ctx, conn, needed, DefaultSettings, TempTables); err != nil {
		return u, err
	}
	if u.Scoped {
		// The earlier exports that joined the scope for the sessions they record are not listed.
		for _, mart := range []string{"unmatched_names", "unmatched_exports"} {
			if _, err := conn.ExecContext(ctx, `delete from temp.`+mart+` where file not in (select file from raw_files where file_id > $1)`, since); err != nil {
				return u, err
			}
		}
	}
	counts := `select (select count(*) from unmatched_names), (select count(*) from unmatched_exports)`
	if responses {
		counts += `, (select count(*) from (select distinct file, email, reason from unmatched_responses))`
	} else {
		counts += `, 0`
	}
	if err := conn.QueryRowContext(ctx, counts).Scan(&u.NameCount, &u.ExportCount, &u.ResponseCount); err != nil {
		return u, err
	}
	// For each unmatched name listed, the most similar roster member who is absent from that
	// session is the likely owner: suggest the roster line with the name added to their aliases.
	// Only sessions recorded by an export are looked at.
	err = eachRow(ctx, conn, `
		with listed as (
			select * from unmatched_names
			order by cohort, session, name, email, file
			limit $1
		),
		export_sessions as (
			select distinct cohort, session
			from listed
			semi join (select cohort, session from int_session_sources where source = 'export') using (cohort, session)
		),
		absent as (
			select r.cohort, s.session, r.name, r.email, r.aliases, r.name_keys
			from stg_roster as r
			join export_sessions as s using (cohort)
			anti join (select cohort, session, participant_id from int_presence where participant_id is not null) as p
				using (cohort, session, participant_id)
		)
		select u.file, u.cohort, u.session, coalesce(u.name, ''), coalesce(u.email, ''),
			a.name, coalesce(a.email, ''), coalesce(a.aliases, ''),
			list_max(list_transform(a.name_keys, k -> jaro_winkler_similarity(k, lower(strip_accents(coalesce(u.name, '')))))) as score
		from listed as u
		left join absent as a using (cohort, session)
		qualify row_number() over (partition by u.file, u.cohort, u.session, u.name, u.email order by score desc nulls last, a.name) = 1
		order by u.cohort, u.session, u.name, u.email, u.file`, []any{limit}, func(rows *sql.Rows) error {
		var file, cohort, name, email, memberEmail, aliases string
		var member sql.NullString
		var session int
		var score sql.NullFloat64
		if err := rows.Scan(&file, &cohort, &session, &name, &email, &member, &memberEmail, &aliases, &score); err != nil {
			return err
		}
		if email == "" {
			email = "no email"
		}
		line := fmt.Sprintf("%s session %d: %q (%s) in %s", cohort, session, name, email, file)
		if member.Valid && score.Float64 >= 0.85 && name != "" {
			if aliases != "" {
				aliases += ";"
			}
			line += "\n      if this is " + member.String + ", use this roster line: " + csvLine(cohort, member.String, memberEmail, aliases+name)
		}
		u.Names = append(u.Names, line)
		return nil
	})
	if err != nil {
		return u, err
	}
	err = eachRow(ctx, conn, `select file, coalesce(meeting_id, ''), start_local from unmatched_exports order by file limit $1`,
		[]any{limit}, func(rows *sql.Rows) error {
			var file, meeting string
			var start sql.NullTime
			if err := rows.Scan(&file, &meeting, &start); err != nil {
				return err
			}
			desc := "no meeting start in the file"
			if start.Valid {
				desc = "meeting started " + start.Time.Format(time.DateTime)
			}
			if meeting != "" {
				desc += ", meeting ID " + meeting
			}
			u.Exports = append(u.Exports, fmt.Sprintf("%s: %s", file, desc))
			return nil
		})
	if err != nil || !responses {
		return u, err
	}
	err = eachRow(ctx, conn, `select file, coalesce(email, '(no email)'), reason, count(*)
		from unmatched_responses group by all order by file, 2, reason limit $1`, []any{limit}, func(rows *sql.Rows) error {
		var file, who, reason string
		var n int
		if err := rows.Scan(&file, &who, &reason, &n); err != nil {
			return err
		}
		u.Responses = append(u.Responses, fmt.Sprintf("%s: %s, %d %s: %s", file, who, n, Plural(n, "answer", "answers"), reason))
		return nil
	})
	if err != nil {
		return u, err
	}
	if err := conn.QueryRowContext(ctx, `select count(*) from (select distinct cohort, name from unmatched_contacts)`).Scan(&u.ContactCount); err != nil {
		return u, err
	}
	// Each unmatched contact name with the roster member of its cohort it is most like, as for
	// attendance names: the roster line with the name added to their aliases.
	err = eachRow(ctx, conn, `
		with listed as (
			select cohort, name, min(session) as session, min(file) as file
			from unmatched_contacts
			group by cohort, name
			order by cohort, name
			limit $1
		)
		select u.file, u.cohort, u.session, u.name, r.name, coalesce(r.email, ''), coalesce(r.aliases, ''),
			list_max(list_transform(r.name_keys, k -> jaro_winkler_similarity(k, lower(strip_accents(u.name))))) as score
		from listed as u
		left join stg_roster as r using (cohort)
		qualify row_number() over (partition by u.cohort, u.name order by score desc nulls last, r.name) = 1
		order by u.cohort, u.name`, []any{limit}, func(rows *sql.Rows) error {
		var file, cohort, name, memberEmail, aliases string
		var member sql.NullString
		var session int
		var score sql.NullFloat64
		if err := rows.Scan(&file, &cohort, &session, &name, &member, &memberEmail, &aliases, &score); err != nil {
			return err
		}
		line := fmt.Sprintf("%s session %d: %q named as a contact in %s", cohort, session, name, file)
		if member.Valid && score.Float64 >= 0.8 {
			if aliases != "" {
				aliases += ";"
			}
			line += "\n      if this is " + member.String + ", use this roster line: " + csvLine(cohort, member.String, memberEmail, aliases+name)
		}
		u.Contacts = append(u.Contacts, line)
		return nil
	})
	return u, err
}

// scopeToFiles puts temporary views over the per-file raw tables of conn that keep only the
// files after since, so the models built next see just those. It does nothing, and says so,
// when one of those files is a facilitator file that bears on every other.
func scopeToFiles(ctx context.Context, conn *sql.Conn, since int32) (bool, error) {
	var facilitator int
	if err := conn.QueryRowContext(ctx, `select count(*) from raw_files
		where file_id > ? and format in ('schedule', 'roster', 'codebook')`, since).Scan(&facilitator); err != nil {
		return false, err
	}
	if facilitator > 0 {
		return false, nil
	}
	if _, err := scopeRaw(ctx, conn, perFileTables, fmt.Sprintf("file_id > %d", since)); err != nil {
		return false, err
	}
	return true, nil
}

// cohortTables are the facilitator's raw tables with a row per cohort and session or member:
// what scopeCohorts restricts.
var cohortTables = []string{"raw_schedule", "raw_roster"}

// scopeCohorts puts temporary views over raw_schedule and raw_roster that keep only the cohorts
// the files from file ID from on can concern, so that the models placing and matching those
// files' rows compute the schedule and roster of a few cohorts, not of the whole program, and
// place and match them exactly as over all of it:
//   - an attendance export is placed only in a session whose window (opened 90 minutes early,
//     at most a day long) holds its start, read as loaded or day and month swapped, and its
//     names are matched in that session's cohort: every cohort with a session starting within
//     three days of a day of the export's times, either way round, is kept (three, not one, so
//     that the other exports of those sessions, which load's note on merging names, are placed
//     among all the sessions they could be too);
//   - with forms, a respondent is a member of the cohorts whose roster has their email, or
//     their name folded as int_forms folds it; their session is one of those cohorts'.
//
// Each model computes a cohort's rows from that cohort's schedule and roster alone. It leaves
// the cohorts in temp.scope_cohorts, which unscope drops.
func scopeCohorts(ctx context.Context, conn *sql.Conn, from int32, forms bool) (unscope func() error, err error) {
	stored, err := storedPrefix(ctx, conn)
	if err != nil {
		return nil, err
	}
	q := `create or replace temp table scope_cohorts as ` + exportCohorts(stored, fmt.Sprintf("file_id >= %d", from))
	if forms {
		q += `
		union
		select r.cohort
		from ` + stored + `raw_roster as r
		semi join (
			select nullif(lower(trim(email)), '') as email, name from ` + stored + `raw_responses where file_id >= $1
			union
			select nullif(lower(trim(email)), '') as email, name from ` + stored + `raw_answers where file_id >= $1
		) as k on k.email = r.email
			or list_contains(r.name_keys, nullif(trim(regexp_replace(lower(strip_accents(k.name)), '[\s\pZ_]+', ' ', 'g')), ''))`
	}
	if _, err := conn.ExecContext(ctx, q, from); err != nil {
		return nil, err
	}
	unscopeRaw, err := scopeRaw(ctx, conn, cohortTables, "cohort in (select cohort from temp.scope_cohorts)")
	if err != nil {
		return nil, err
	}
	return func() error {
		err := unscopeRaw()
		if _, derr := conn.ExecContext(context.WithoutCancel(ctx), "drop table if exists temp.scope_cohorts"); err == nil {
			err = derr
		}
		return err
	}, nil
}

// exportCohorts is a query of the cohorts with a session starting within three days of a day of
// the times (either way round) of the exports where says (a condition on file_id).
func exportCohorts(stored, where string) string {
	return `with export_days as (
			select distinct start_local::date as day from ` + stored + `raw_meetings where (` + where + `) and start_local is not null
			union
			select distinct join_local::date from ` + stored + `raw_presence where (` + where + `) and join_local is not null
		),
		days as (
			select day from export_days
			union
			-- t as read is on d exactly when t read day-first is on d swapped
			select make_date(year(day), day(day), month(day)) from export_days where day(day) <= 12
		)
		select distinct s.cohort
		from ` + stored + `raw_schedule as s
		join days as d on s.starts_local::date between d.day - 3 and d.day + 3`
}

// scopeHeld widens the scope of a listing of the files from file ID from on (scopeToFiles,
// scopeCohorts) by the earlier attendance exports and marks that can record a session of the
// cohorts in scope: whether a session was held decides which session a form without a session
// column is for. Those exports are placed as over the whole database: the cohorts they can be
// placed in join the scope. What the listing prints of them is left out (Unmatched).
func scopeHeld(ctx context.Context, conn *sql.Conn, from int32) error {
	stored, err := storedPrefix(ctx, conn)
	if err != nil {
		return err
	}
	for _, q := range []string{
		`create or replace temp table scope_files as
		with windows as (
			select distinct unnest(generate_series(
				(starts_local - interval 90 minute)::date, (starts_local + to_minutes(minutes))::date, interval 1 day))::date as day
			from ` + stored + `raw_schedule
			where cohort in (select cohort from temp.scope_cohorts)
		),
		days as (
			select day from windows
			union
			select make_date(year(day), day(day), month(day)) from windows where day(day) <= 12
		)
		select file_id from ` + stored + `raw_meetings where file_id >= $1 or start_local::date in (select day from days)
		union
		select file_id from ` + stored + `raw_presence where join_local::date in (select day from days)
		union
		select file_id from ` + stored + `raw_marks where file_id >= $1 or cohort in (select cohort from temp.scope_cohorts)`,
		`insert into temp.scope_cohorts
		select * from (` + exportCohorts(stored, "file_id in (select file_id from temp.scope_files)") + `)
		where cohort not in (select cohort from temp.scope_cohorts) and $1 > 0`,
	} {
		if _, err := conn.ExecContext(ctx, q, from); err != nil {
			return err
		}
	}
	for _, t := range []string{"raw_meetings", "raw_presence", "raw_marks"} {
		q := fmt.Sprintf("create or replace temp view %s as select * from %s%s where file_id in (select file_id from temp.scope_files)", t, stored, t)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// storedPrefix names the database's main schema in full ("db".main.): inside a temporary view,
// "main.raw_presence" would find the view itself.
func storedPrefix(ctx context.Context, conn *sql.Conn) (string, error) {
	var database string
	if err := conn.QueryRowContext(ctx, "select current_database()").Scan(&database); err != nil {
		return "", err
	}
	return `"` + strings.ReplaceAll(database, `"`, `""`) + `".main.`, nil
}

// scopeRaw puts temporary views over the given raw tables of conn that keep only the rows of
// the files where says (a condition on file_id); unscope drops them, and the tables are whole
// again.
func scopeRaw(ctx context.Context, conn *sql.Conn, tables []string, where string) (unscope func() error, err error) {
	unscope = func() error {
		for _, t := range tables {
			if _, err := conn.ExecContext(context.WithoutCancel(ctx), "drop view if exists temp."+t); err != nil {
				return err
			}
		}
		return nil
	}
	stored, err := storedPrefix(ctx, conn)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		q := fmt.Sprintf("create or replace temp view %s as select * from %s%s where %s", t, stored, t, where)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			unscope()
			return nil, err
		}
	}
	return unscope, nil
}

// storedUnmatched counts the rows of the unmatched_* marts among targets as the last run stored
// them, for the marts that exist and have rows.
func storedUnmatched(ctx context.Context, conn *sql.Conn, targets []string) (map[string]int, error) {
	stored := map[string]int{}
	for _, t := range targets {
		if !strings.HasPrefix(t, "unmatched_") {
			continue
		}
		var exists int
		if err := conn.QueryRowContext(ctx, `select count(*) from duckdb_tables()
			where database_name = current_database() and schema_name = 'main' and table_name = ?`, t).Scan(&exists); err != nil {
			return nil, err
		}
		if exists == 0 {
			continue
		}
		var n int
		if err := conn.QueryRowContext(ctx, "select count(*) from "+t).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			stored[t] = n
		}
	}
	return stored, nil
}

// eachRow runs a query and calls f for each of its rows.
func eachRow(ctx context.Context, conn *sql.Conn, query string, args []any, f func(*sql.Rows) error) error {
	rows, err := conn.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// csvLine formats fields as one CSV line, quoting where the CSV rules need it.
func csvLine(fields ...string) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(fields)
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}
