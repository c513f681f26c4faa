// status.go is `cohesion status`: where things stand, per cohort, in a few lines a facilitator
// reads on a Monday: sessions held, the next one, exports missing, names and answers unmatched.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"cohesion/pipeline"
	"cohesion/pipeline/export"
)

func runStatus(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlags("status", "status [--db FILE]", `  cohesion status
  cohesion status --db ~/groups/cohesion.duckdb
Times are each cohort's own; SOURCE_DATE_EPOCH stands in for "now" when set.
`, out)
	dbPath := dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("status takes no arguments, got %q", fs.Args())
	}
	db, err := pipeline.Open(ctx, pipeline.ResolvePath(*dbPath), pipeline.OpenOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	return writeStatus(ctx, db, clock(), out)
}

// writeStatus prints the database's state as of now.
func writeStatus(ctx context.Context, db *pipeline.DB, now time.Time, out io.Writer) error {
	var files int
	var lastLoad sql.NullString
	if err := db.SQL.QueryRowContext(ctx, `select count(*), strftime(max(loaded_at), '%Y-%m-%d %H:%M UTC') from raw_files`).Scan(&files, &lastLoad); err != nil {
		return err
	}
	if files == 0 {
		fmt.Fprintf(out, "%s: nothing loaded yet (cohesion load FOLDER)\n", db.Path)
		return nil
	}
	fresh := db.Fresh(ctx)
	var built string
	switch {
	case errors.Is(fresh, pipeline.ErrNotBuilt):
		fmt.Fprintf(out, "%s: %d %s loaded, last %s; the marts are not built yet: run 'cohesion run'\n", db.Path, files, export.Plural(files, "file", "files"), lastLoad.String)
		return nil
	case fresh != nil && !errors.Is(fresh, pipeline.ErrStale):
		return fresh
	}
	if err := db.SQL.QueryRowContext(ctx, `select coalesce(strftime(max(built_at), '%Y-%m-%d %H:%M UTC'), '?') from run_settings`).Scan(&built); err != nil {
		return err
	}
	state := "up to date"
	if fresh != nil {
		state = "OUT OF DATE: files were loaded or unloaded since; run 'cohesion run' (or 'cohesion update')"
	}
	fmt.Fprintf(out, "%s: %d %s loaded, last %s; marts built %s, %s\n\n", db.Path, files, export.Plural(files, "file", "files"), lastLoad.String, built, state)

	present, err := tablesPresent(ctx, db.SQL, "unmatched_names", "unmatched_responses")
	if err != nil {
		return err
	}
	count := func(table string) string {
		if !present[table] {
			return "0"
		}
		return `(select count(*) from ` + table + ` as u where u.cohort = c.cohort)`
	}
	rows, err := db.SQL.QueryContext(ctx, `
		with c as (
			select cohort, any_value(program) as program, count(*) filter (where held) as held, count(*) as planned,
				arg_min(session, starts_at) filter (where not held and ends_at >= to_timestamp($1)) as next_session,
				min(starts_local) filter (where not held and ends_at >= to_timestamp($1)) as next_local,
				any_value(timezone) as timezone,
				count(*) filter (where not held and ends_at < to_timestamp($1)) as missing
			from sessions
			group by cohort
		)
		select cohort, program, held, planned, coalesce(next_session::varchar, ''),
			coalesce(strftime(next_local, '%a %Y-%m-%d %H:%M') || ' ' || timezone, ''), missing,
			`+count("unmatched_names")+`, `+count("unmatched_responses")+`
		from c
		order by cohort`, now.Unix())
	if err != nil {
		return err
	}
	defer rows.Close()
	tw := tabwriter.NewWriter(out, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "cohort\tprogram\theld\tnext session\tmissing exports\tunmatched names\tunmatched answers")
	for rows.Next() {
		var cohort, program, next, nextAt string
		var held, planned, missing, names, answers int
		if err := rows.Scan(&cohort, &program, &held, &planned, &next, &nextAt, &missing, &names, &answers); err != nil {
			return err
		}
		nextText := "finished"
		if next != "" {
			nextText = next + ", " + nextAt
		} else if held < planned {
			nextText = "none upcoming"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\t%d\t%d\t%d\n", cohort, program, held, planned, nextText, missing, names, answers)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	tw.Flush()
	// The past sessions still waiting for their attendance export, each in its cohort's own time.
	var missing []string
	err = eachLine(ctx, db.SQL, `select cohort || ' session ' || session || ' (' || strftime(starts_local, '%a %Y-%m-%d %H:%M') || ' ' || timezone || ')'
		from sessions where not held and ends_at < to_timestamp($1) order by starts_at, cohort`, []any{now.Unix()}, func(s string) { missing = append(missing, s) })
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		fmt.Fprintf(out, "\n%d past %s no attendance export yet (not counted as absences until one is loaded):\n",
			len(missing), export.Plural(len(missing), "session has", "sessions have"))
		for _, m := range missing[:min(len(missing), 20)] {
			fmt.Fprintf(out, "  %s\n", m)
		}
		if len(missing) > 20 {
			fmt.Fprintf(out, "  ... and %d more\n", len(missing)-20)
		}
	}
	return nil
}

// tablesPresent tells which of the named tables the database has.
func tablesPresent(ctx context.Context, db *sql.DB, names ...string) (map[string]bool, error) {
	present := map[string]bool{}
	err := eachLine(ctx, db, `select table_name from information_schema.tables where table_name in (select unnest($1::varchar[]))`,
		[]any{names}, func(s string) { present[s] = true })
	return present, err
}

// eachLine calls f with the single text column of each row of the query.
func eachLine(ctx context.Context, db *sql.DB, query string, args []any, f func(string)) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		f(s)
	}
	return rows.Err()
}
