// The cohort report's outcome-change section: each member's reliable change on the outcome measures.

package reports

import (
	"context"
	"database/sql"
	"fmt"
)

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
