// update.go is `cohesion update`: the facilitator's week in one command. It loads what was
// downloaded, rebuilds the marts, rewrites the cohort report of every cohort whose data changed,
// and ends with a short summary: per changed cohort, the sessions added, the members to check on,
// the names nobody matched, and a link to the report.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"cohesion/pipeline"
	"cohesion/pipeline/export"
	"cohesion/reports"
)

func runUpdate(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlags("update", "update [--db FILE] [--out-dir DIR] [--names] [load and run flags] PATH...", `  cohesion update downloads/                      # the week's exports: load, run, reports
  cohesion update --names --out-dir ~/reports program/
  cohesion update --dropout-rule consecutive:2 program/
`, out)
	dbPath := dbFlag(fs)
	outDir := fs.String("out-dir", ".", "folder for the cohort reports (cohort-COHORT.html)")
	names := fs.Bool("names", false, "show members' names in the reports (the facilitator's own copy)")
	lf := addLoadFlags(fs)
	full := fullFlag(fs)
	settings := addRunFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("no files or folders to load: give the folder of the week's downloads")
	}
	opt, err := lf.options()
	if err != nil {
		return err
	}
	s, err := settings()
	if err != nil {
		return err
	}
	if err := checkPaths(fs.Args()); err != nil {
		return err
	}
	db, err := pipeline.Open(ctx, pipeline.ResolvePath(*dbPath), pipeline.OpenOptions{})
	if err != nil {
		return err
	}
	defer db.Close()
	before, err := cohortDigests(ctx, db)
	if err != nil {
		return err
	}
	_, failed, err := loadInto(ctx, db, fs.Args(), opt, true, *lf.verbose, out, errOut)
	if err != nil {
		return err
	}
	if n, err := db.Loaded(ctx); err != nil || n == 0 {
		if err == nil {
			err = fmt.Errorf("nothing is loaded in %s: give the program folder", db.Path)
		}
		return err
	}
	if err := buildAndTest(ctx, db, s, buildOptions{full: *full}, out, errOut); err != nil {
		return err
	}
	after, err := cohortDigests(ctx, db)
	if err != nil {
		return err
	}
	var changed []string
	for cohort, d := range after {
		if before[cohort].digest != d.digest {
			changed = append(changed, cohort)
		}
	}
	sort.Strings(changed)
	if len(changed) == 0 {
		fmt.Fprintln(out, "\nNo cohort's data changed; the reports stand as they are.")
	} else {
		fmt.Fprintf(out, "\n%d %s changed:\n", len(changed), export.Plural(len(changed), "cohort", "cohorts"))
	}
	unmatched, err := unmatchedByCohort(ctx, db)
	if err != nil {
		return err
	}
	if len(changed) > 0 {
		if err := os.MkdirAll(*outDir, 0o755); err != nil { // a first update names a new folder
			return fmt.Errorf("the reports' folder: %w", err)
		}
	}
	for _, cohort := range changed {
		path, err := filepath.Abs(filepath.Join(*outDir, "cohort-"+safeFileName(cohort)+".html"))
		if err != nil {
			return err
		}
		data, err := writeCohortReportData(ctx, db, cohort, path, reports.CohortOptions{Names: *names})
		if err != nil {
			return err
		}
		var parts []string
		if added := addedSessions(before[cohort].held, after[cohort].held); added != "" {
			parts = append(parts, added)
		}
		parts = append(parts, fmt.Sprintf("%d %s to check on", len(data.CheckOn), export.Plural(len(data.CheckOn), "member", "members")))
		if n := unmatched[cohort]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d unmatched %s", n, export.Plural(n, "name", "names")))
		}
		fmt.Fprintf(out, "  %s: %s\n    file://%s\n", cohort, strings.Join(parts, "; "), filepath.ToSlash(path))
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// cohortState is what update compares before and after: a digest of a cohort's rows in the marts
// a report shows, and its held sessions.
type cohortState struct {
	digest string
	held   []int
}

// cohortDigests reads each cohort's state from the marts, none when they are not built yet.
func cohortDigests(ctx context.Context, db *pipeline.DB) (map[string]cohortState, error) {
	states := map[string]cohortState{}
	if err := db.Fresh(ctx); err != nil && err != pipeline.ErrStale {
		return states, nil // nothing built yet: every cohort is new
	}
	rows, err := db.SQL.QueryContext(ctx, `
		with r as (
			select cohort, s::varchar as x from sessions as s
			union all select cohort, a::varchar from attendance as a
			union all select cohort, r::varchar from retention as r
			union all select cohort, m::varchar from cohesion_member as m
			union all select cohort, t::varchar from support_ties as t
		)
		select r.cohort, md5(string_agg(r.x, '|' order by r.x)),
			coalesce((select list(session order by session) from sessions as s where s.cohort = r.cohort and s.held), [])
		from r
		group by r.cohort`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cohort, digest string
		var held []any
		if err := rows.Scan(&cohort, &digest, &held); err != nil {
			return nil, err
		}
		st := cohortState{digest: digest}
		for _, h := range held {
			if n, ok := h.(int32); ok {
				st.held = append(st.held, int(n))
			}
		}
		states[cohort] = st
	}
	return states, rows.Err()
}

// addedSessions says which held sessions are new: "session 3 added", "sessions 3, 4 added".
func addedSessions(before, after []int) string {
	was := map[int]bool{}
	for _, s := range before {
		was[s] = true
	}
	var added []string
	for _, s := range after {
		if !was[s] {
			added = append(added, fmt.Sprint(s))
		}
	}
	if len(added) == 0 {
		return ""
	}
	return export.Plural(len(added), "session ", "sessions ") + strings.Join(added, ", ") + " added"
}

// unmatchedByCohort counts the distinct unmatched names of each cohort.
func unmatchedByCohort(ctx context.Context, db *pipeline.DB) (map[string]int, error) {
	counts := map[string]int{}
	rows, err := db.SQL.QueryContext(ctx, `select cohort, count(distinct coalesce(name, '') || '|' || coalesce(email, ''))
		from unmatched_names where cohort is not null group by cohort`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		counts[c] = n
	}
	return counts, rows.Err()
}
