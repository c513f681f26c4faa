// versions.go keeps the facilitator's own files (schedule, roster, codebook) consistent as they
// change week by week: loading a file again from the same place makes the new version the one in
// force, and a file that contradicts another file in force is refused, so the marts never depend
// on which of two disagreeing files happened to be loaded last.
package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"cohesion/queries"
)

// longFormConflicts are the long-form answers of a batch that an earlier file in force answers
// otherwise (a part of checkConsistent's conflicts).
const longFormConflicts = `			union all
			select n.file_id, n.line, 'the answer to ' || n.instrument || ' ' || n.item || ' of ' || n.email
				|| ' for cohort ' || coalesce(n.cohort, '?') || ' session ' || coalesce(n.session::varchar, '?')
				|| ' is ' || coalesce(o.value, 'empty') || ' in ' || f.file || ' (line ' || o.line || ')'
			from batch_long as n
			join earlier_long as o
				on o.email = n.email and o.item = n.item and o.file_id < n.file_id
				and coalesce(o.cohort, '') = coalesce(n.cohort, '') and coalesce(o.session, -1) = coalesce(n.session, -1)
			join files as f on f.file_id = o.file_id
			where lower(o.instrument) = lower(n.instrument)
				and trim(coalesce(n.value, '')) <> trim(coalesce(o.value, ''))`

// versionedFormats are the formats the facilitator writes, where a new version of a file replaces
// the old one. Vendor exports are never replaced this way: several exports of one session all
// count (int_presence merges them), and a survey form sent twice counts once (stg_responses).
const versionedFormats = `('schedule', 'roster', 'codebook', 'survey-long', 'marks')`

// versioned reports whether files of the format are the facilitator's own (versionedFormats):
// only a batch with one of them can contradict a file in force.
func versioned(format string) bool {
	switch format {
	case "schedule", "roster", "codebook", "survey-long", "marks":
		return true
	}
	return false
}

// replaceVersions marks the files in force that the batch's files (file IDs from firstID on)
// replace: same format, loaded from the same absolute path. The older rows stay in the raw
// tables (a member of an older roster who attended stays in the marts); the models read the
// version in force. It notes, per batch file, what it replaced.
func replaceVersions(ctx context.Context, conn *sql.Conn, firstID int32, files []pendingFile) error {
	_, err := conn.ExecContext(ctx, `
		update raw_files as old set replaced_by = new.file_id
		from raw_files as new
		where new.file_id >= $1 and new.format in `+versionedFormats+`
			and old.file_id < new.file_id and old.replaced_by is null
			and old.format = new.format and old.source_path = new.source_path`, firstID)
	if err != nil {
		return fmt.Errorf("replacing earlier versions: %w", err)
	}
	// Roster members a new version no longer lists: said at load, so a removal is never unseen.
	return eachRow(ctx, conn, `
		with replaced as (
			select old.file_id as old_id, old.replaced_by as new_id, strftime(old.loaded_at, '%Y-%m-%d %H:%M') as loaded
			from raw_files as old
			where old.replaced_by >= $1
		),
		omitted as (
			select x.new_id, o.cohort, o.name
			from replaced as x
			join raw_roster as o on o.file_id = x.old_id
			anti join raw_roster as n on n.file_id = x.new_id and n.cohort = o.cohort and n.participant_id = o.participant_id
		)
		select x.new_id, any_value(x.loaded),
			coalesce(list_sort(list(o.cohort || ': ' || o.name) filter (where o.name is not null)), [])
		from replaced as x
		left join omitted as o on o.new_id = x.new_id
		group by x.new_id`, []any{firstID}, func(rows *sql.Rows) error {
		var id int32
		var loaded string
		var omitted []any
		if err := rows.Scan(&id, &loaded, &omitted); err != nil {
			return err
		}
		note := "replaces the version of this file loaded " + loaded
		if len(omitted) > 0 {
			names := make([]string, len(omitted))
			for i, n := range omitted {
				names[i] = fmt.Sprint(n)
			}
			note += fmt.Sprintf("; no longer lists %s (a member who attended a held session stays in the marts; one who never came is removed)",
				strings.Join(names, ", "))
		}
		if i := int(id - firstID); i >= 0 && i < len(files) {
			files[i].parsed.addNote(note)
		}
		return nil
	})
}

// checkConsistent refuses the batch's facilitator files that contradict a file in force: a
// session scheduled differently, a cohort given two programs, a member enrolled from two
// sessions or in two roles, a survey column mapped to two items, a long-form answer given two
// values (the long form has no submission time to say which is newer). Of two contradicting files the
// one loaded later is refused, with its line and the other file's.
func checkConsistent(ctx context.Context, conn *sql.Conn, firstID, lastLong int32) error {
	refused := &refusedError{files: map[int]string{}}
	// A long form is compared only when answers in force came before the batch's last one: a
	// long form of millions of answers loaded alone (or as a new version) costs no comparison.
	longConflicts := ""
	if lastLong > 0 {
		var earlier bool
		err := conn.QueryRowContext(ctx, `select exists (
			select 1 from raw_responses as r join raw_files as f using (file_id)
			where r.file_id < $1 and r.submitted_local is null and f.replaced_by is null)`, lastLong).Scan(&earlier)
		if err != nil {
			return err
		}
		if earlier {
			longConflicts = longFormConflicts
		}
	}
	// Only answers of the cohorts the batch's long forms name can contradict them. Named as
	// constants, they let the scan skip the row groups of other cohorts by their min and max
	// (a cohort's answers are loaded together), so a week's check-in reads its cohort's
	// answers, not the whole history's.
	earlierCohorts := ""
	if longConflicts != "" {
		cohorts, err := queryStrings(ctx, conn, `select distinct coalesce(cohort, '') from raw_responses
			where file_id >= $1 and submitted_local is null order by 1`, firstID)
		if err != nil {
			return err
		}
		if len(cohorts) <= 64 && !slices.Contains(cohorts, "") {
			earlierCohorts = "and r.cohort in (" + sqlList(cohorts) + ")"
		}
	}
	err := eachRow(ctx, conn, `
		with files as (
			select file_id, file from raw_files where replaced_by is null
		),
		-- Each comparison starts from the batch's own rows (n) and looks up the older rows in
		-- force (o) that share its key: the work grows with the batch, not with the database.
		batch_schedule as (
			select s.* from raw_schedule as s semi join files using (file_id) where s.file_id >= $1
		),
		batch_roster as (
			select r.* from raw_roster as r semi join files using (file_id) where r.file_id >= $1
		),
		batch_codebook as (
			select c.* from raw_codebook as c semi join files using (file_id) where c.file_id >= $1
		),
		batch_long as (
			select r.* from raw_responses as r semi join files using (file_id)
			where r.file_id >= $1 and r.submitted_local is null
		),
		-- The long-form answers a batch's answers can contradict: those of files in force
		-- before its last long form ($2). A long form loaded alone, with none before it, is
		-- compared with nothing, however many millions of answers it holds.
		-- Only the respondents the batch answers for are looked up: a week's check-in is a few
		-- dozen rows, the long forms before it millions.
		earlier_long as (
			select r.* from raw_responses as r semi join files using (file_id)
			semi join (select distinct email from batch_long) as b using (email)
			where r.file_id < $2 and r.submitted_local is null `+earlierCohorts+`
		),
		conflicts as (
			select n.file_id, n.line, 'cohort ' || n.cohort || ' is program ' || o.program || ' in ' || f.file
				|| ' (line ' || o.line || '), ' || n.program || ' here' as problem
			from batch_schedule as n
			join raw_schedule as o on o.cohort = n.cohort and o.file_id < n.file_id
			join files as f on f.file_id = o.file_id
			where n.program <> o.program
			union all
			select n.file_id, n.line, 'cohort ' || n.cohort || ' session ' || n.session || ' is scheduled differently in '
				|| f.file || ' (line ' || o.line || ')'
			from batch_schedule as n
			join raw_schedule as o on o.cohort = n.cohort and o.session = n.session and o.file_id < n.file_id
			join files as f on f.file_id = o.file_id
			where (n.starts_local, n.minutes, coalesce(n.meeting_id, ''), n.timezone, coalesce(n.facilitator, ''))
				<> (o.starts_local, o.minutes, coalesce(o.meeting_id, ''), o.timezone, coalesce(o.facilitator, ''))
			union all
			select n.file_id, n.line, n.name || ' in cohort ' || n.cohort || ' is listed with another from_session or role in '
				|| f.file || ' (line ' || o.line || ')'
			from batch_roster as n
			join raw_roster as o on o.cohort = n.cohort and o.participant_id = n.participant_id and o.file_id < n.file_id
			join files as f on f.file_id = o.file_id
			where (n.from_session, n.role) <> (o.from_session, o.role)
			union all
			select n.file_id, n.line, 'column "' || n.column_header || '" is mapped differently in ' || f.file
				|| ' (line ' || o.line || ')'
			from batch_codebook as n
			join raw_codebook as o on o.column_header = n.column_header and o.file_id < n.file_id
			join files as f on f.file_id = o.file_id
			where (n.instrument, n.item, coalesce(n.labels, '')) <> (o.instrument, o.item, coalesce(o.labels, ''))
			`+longConflicts+`
		)
		select file_id, arg_min(line, line), arg_min(problem, line)
		from conflicts
		group by file_id`, []any{firstID, lastLong}, func(rows *sql.Rows) error {
		var id int32
		var line int
		var problem string
		if err := rows.Scan(&id, &line, &problem); err != nil {
			return err
		}
		refused.files[int(id-firstID)] = errAt(line, 0, "%s: change that file and load it again, or unload it first", problem).Error()
		return nil
	})
	if err != nil {
		return fmt.Errorf("checking files against the ones in force: %w", err)
	}
	if len(refused.files) > 0 {
		return refused
	}
	return nil
}

// checkCodebook refuses a codebook line of the batch that names an instrument or item cohesion
// does not know (instrument_items), naming the line: such a mapping would score nothing.
func checkCodebook(ctx context.Context, conn *sql.Conn, firstID int32) error {
	models, _, err := ReadModels(queries.Models)
	if err != nil {
		return err
	}
	needed := Closure(models, "instrument_items")
	defer DropTemp(ctx, conn, needed, TempViews)
	if err := BuildTemp(ctx, conn, needed, DefaultSettings, TempViews); err != nil {
		return err
	}
	refused := &refusedError{files: map[int]string{}}
	err = eachRow(ctx, conn, `
		select c.file_id, arg_min(c.line, c.line), arg_min(
			case when c.instrument not in (select instrument from instrument_items)
				then 'unknown instrument "' || c.instrument || '" (known: '
					|| (select string_agg(distinct instrument, ', ' order by instrument) from instrument_items) || ')'
				else 'unknown item "' || c.item || '" of ' || c.instrument || ' (its items: '
					|| (select string_agg(item, ', ' order by item_no) from instrument_items as i where i.instrument = c.instrument) || ')'
			end, c.line)
		from raw_codebook as c
		anti join instrument_items as i using (instrument, item)
		where c.file_id >= $1
		group by c.file_id`, []any{firstID}, func(rows *sql.Rows) error {
		var id int32
		var line int
		var problem string
		if err := rows.Scan(&id, &line, &problem); err != nil {
			return err
		}
		refused.files[int(id-firstID)] = errAt(line, 0, "%s", problem).Error()
		return nil
	})
	if err != nil {
		return fmt.Errorf("checking the codebook: %w", err)
	}
	if len(refused.files) > 0 {
		return refused
	}
	return nil
}
