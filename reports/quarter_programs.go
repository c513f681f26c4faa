// The quarter report's programs and improvement tables, counted per program and suppressed below the minimum cell.

package reports

import (
	"fmt"
)

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
