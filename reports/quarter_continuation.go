// The quarter report's continuation section: completers who went on to another program.

package reports

import (
	"context"
	"database/sql"
	"fmt"
)

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
