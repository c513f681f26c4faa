// unmatched.go tells `load` what it could not attach: exports that fit no session and names that
// match no roster member. It builds just the models needed, as temporary tables, so the stored
// marts stay exactly as the last `run` left them.
package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"cohesion/queries"
)

// Unmatched returns one line per unmatched name and per unmatched export, as `load` prints them.
func (db *DB) Unmatched(ctx context.Context) (names, exports []string, err error) {
	models, _, err := ReadModels(queries.Models)
	if err != nil {
		return nil, nil, err
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	needed := Closure(models, "unmatched_names", "unmatched_exports")
	if err := BuildTemp(ctx, conn, needed, DefaultSettings); err != nil {
		return nil, nil, err
	}
	defer DropTemp(ctx, conn, needed)
	rows, err := conn.QueryContext(ctx, `select file, cohort, session, coalesce(name, ''), coalesce(email, '') from unmatched_names`)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var file, cohort, name, email string
		var session int
		if err := rows.Scan(&file, &cohort, &session, &name, &email); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if email == "" {
			email = "no email"
		}
		names = append(names, fmt.Sprintf("%s session %d: %q (%s) in %s", cohort, session, name, email, file))
	}
	rows.Close()
	rows, err = conn.QueryContext(ctx, `select file, coalesce(meeting_id, ''), start_local from unmatched_exports`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var file, meeting string
		var start sql.NullTime
		if err := rows.Scan(&file, &meeting, &start); err != nil {
			return nil, nil, err
		}
		desc := "no meeting start in the file"
		if start.Valid {
			desc = "meeting started " + start.Time.Format(time.DateTime)
		}
		if meeting != "" {
			desc += ", meeting ID " + meeting
		}
		exports = append(exports, fmt.Sprintf("%s: %s", file, desc))
	}
	return names, exports, rows.Err()
}
