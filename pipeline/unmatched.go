// unmatched.go tells `load` what it could not attach: exports that fit no session and names that
// match no roster member. It builds just the models needed, as temporary tables, so the stored
// marts stay exactly as the last `run` left them.
package pipeline

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"strings"
	"time"

	"cohesion/queries"
)

// Unmatched is what load could not attach, one line each as `load` prints them.
type Unmatched struct {
	Names     []string // people in attendance exports or marks who match no roster member
	Exports   []string // attendance exports that fit no scheduled session
	Responses []string // survey answers attached to no member or session, by file, person and reason
}

// Unmatched lists what the loaded files could not attach. Survey answers are checked only when
// responses is set: attaching them is the costliest model, and only a load of surveys needs it.
func (db *DB) Unmatched(ctx context.Context, responses bool) (u Unmatched, err error) {
	models, _, err := ReadModels(queries.Models)
	if err != nil {
		return u, err
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return u, err
	}
	defer conn.Close()
	targets := []string{"unmatched_names", "unmatched_exports"}
	if responses {
		targets = append(targets, "unmatched_responses")
	}
	needed := Closure(models, targets...)
	defer DropTemp(ctx, conn, needed, TempTables)
	if err := BuildTemp(ctx, conn, needed, DefaultSettings, TempTables); err != nil {
		return u, err
	}
	names, exports := &u.Names, &u.Exports
	// For each unmatched name, the most similar roster member who is absent from that session
	// is the likely owner: suggest the roster line with the name added to their aliases. Only
	// sessions recorded by an export that have an unmatched name are looked at.
	rows, err := conn.QueryContext(ctx, `
		with export_sessions as (
			select distinct cohort, session
			from unmatched_names
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
		from unmatched_names as u
		left join absent as a using (cohort, session)
		qualify row_number() over (partition by u.file, u.cohort, u.session, u.name, u.email order by score desc nulls last, a.name) = 1
		order by u.cohort, u.session, u.name`)
	if err != nil {
		return u, err
	}
	for rows.Next() {
		var file, cohort, name, email, memberEmail, aliases string
		var member sql.NullString
		var session int
		var score sql.NullFloat64
		if err := rows.Scan(&file, &cohort, &session, &name, &email, &member, &memberEmail, &aliases, &score); err != nil {
			rows.Close()
			return u, err
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
		*names = append(*names, line)
	}
	rows.Close()
	rows, err = conn.QueryContext(ctx, `select file, coalesce(meeting_id, ''), start_local from unmatched_exports`)
	if err != nil {
		return u, err
	}
	for rows.Next() {
		var file, meeting string
		var start sql.NullTime
		if err := rows.Scan(&file, &meeting, &start); err != nil {
			rows.Close()
			return u, err
		}
		desc := "no meeting start in the file"
		if start.Valid {
			desc = "meeting started " + start.Time.Format(time.DateTime)
		}
		if meeting != "" {
			desc += ", meeting ID " + meeting
		}
		*exports = append(*exports, fmt.Sprintf("%s: %s", file, desc))
	}
	rows.Close()
	if err := rows.Err(); err != nil || !responses {
		return u, err
	}
	rows, err = conn.QueryContext(ctx, `select file, coalesce(email, '(no email)'), reason, count(*)
		from unmatched_responses group by all order by file, 2, reason`)
	if err != nil {
		return u, err
	}
	defer rows.Close()
	for rows.Next() {
		var file, who, reason string
		var n int
		if err := rows.Scan(&file, &who, &reason, &n); err != nil {
			return u, err
		}
		u.Responses = append(u.Responses, fmt.Sprintf("%s: %s, %d answers: %s", file, who, n, reason))
	}
	return u, rows.Err()
}

// csvLine formats fields as one CSV line, quoting where the CSV rules need it.
func csvLine(fields ...string) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(fields)
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}
