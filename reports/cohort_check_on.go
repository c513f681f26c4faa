// The cohort report's "members to check on" section: it renders the check_on mart, whose rules are a model.

package reports

import (
	"context"
	"database/sql"
	"fmt"
)

// CheckOnMember is a member the facilitator may want to contact, with every reason found.
type CheckOnMember struct {
	ParticipantID string          `json:"participant_id"`
	Label         string          `json:"label"`
	Reasons       []CheckOnReason `json:"reasons"`
}

// CheckOnReason is one rule a member meets, in words.
type CheckOnReason struct {
	// Rule is the check_on mart's reason: missed_last_session, engagement_fell,
	// engagement_below_group, reliable_deterioration, session_rating_low, session_rating_fell or
	// not_on_track.
	Rule string `json:"rule"`
	Text string `json:"text"`
}

// Check-on reasons, as the check_on mart names them, in the order the report lists them.
const (
	ruleMissed         = "missed_last_session"
	ruleEngagementFell = "engagement_fell"
	ruleEngagementLow  = "engagement_below_group"
	ruleDeteriorated   = "reliable_deterioration"
	ruleRatingLow      = "session_rating_low"
	ruleRatingFell     = "session_rating_fell"
	ruleNotOnTrack     = "not_on_track"
)

// loadCheckOn reads the check_on mart: the members to check on, in the report's member order
// (anyone the member list does not name last, by id), each with every reason the mart gives.
func loadCheckOn(ctx context.Context, db *sql.DB, d *CohortData, labels map[string]string) error {
	rows, err := db.QueryContext(ctx, `
		SELECT participant_id, coalesce(reason, ''), coalesce(detail, '')
		FROM check_on
		WHERE cohort = ? AND participant_id IS NOT NULL
		ORDER BY participant_id,
			CASE reason
				WHEN 'missed_last_session' THEN 1
				WHEN 'engagement_fell' THEN 2
				WHEN 'engagement_below_group' THEN 3
				WHEN 'reliable_deterioration' THEN 4
				WHEN 'session_rating_low' THEN 5
				WHEN 'session_rating_fell' THEN 6
				WHEN 'not_on_track' THEN 7
				ELSE 8
			END,
			session NULLS LAST, detail`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read check_on: %w", d.Cohort, err)
	}
	defer rows.Close()
	reasons := map[string][]CheckOnReason{}
	var ids []string
	for rows.Next() {
		var id string
		var r CheckOnReason
		if err := rows.Scan(&id, &r.Rule, &r.Text); err != nil {
			return fmt.Errorf("cohort %q: read check_on: %w", d.Cohort, err)
		}
		if reasons[id] == nil {
			ids = append(ids, id)
		}
		reasons[id] = append(reasons[id], r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read check_on: %w", d.Cohort, err)
	}
	for _, m := range d.Members {
		if r := reasons[m.ParticipantID]; len(r) > 0 {
			d.CheckOn = append(d.CheckOn, CheckOnMember{ParticipantID: m.ParticipantID, Label: m.Label, Reasons: r})
			delete(reasons, m.ParticipantID)
		}
	}
	// Someone scored but on neither the retention nor the attendance mart still counts.
	for _, id := range ids { // sorted by the query
		if r, ok := reasons[id]; ok {
			label := labels[id]
			if label == "" {
				label = id
			}
			d.CheckOn = append(d.CheckOn, CheckOnMember{ParticipantID: id, Label: label, Reasons: r})
		}
	}
	return nil
}

func checkOnReading(d *CohortData) string {
	if d.MartMissing("check_on") {
		return missingMartReading("check_on")
	}
	if len(d.CheckOn) == 0 {
		return "No member meets any of the rules below."
	}
	count := map[string]int{}
	for _, m := range d.CheckOn {
		seen := map[string]bool{}
		for _, r := range m.Reasons {
			group := r.Rule
			switch group {
			case ruleEngagementLow:
				group = ruleEngagementFell
			case ruleRatingFell:
				group = ruleRatingLow
			}
			if !seen[group] {
				seen[group] = true
				count[group]++
			}
		}
	}
	var parts []string
	if n := count[ruleMissed]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d missed the last session held", n))
	}
	if n := count[ruleEngagementFell]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d for GCQ-S engagement", n))
	}
	if n := count[ruleDeteriorated]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d for a reliable deterioration", n))
	}
	if n := count[ruleRatingLow]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d for a session rating", n))
	}
	if n := count[ruleNotOnTrack]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d not on track against earlier members", n))
	}
	return fmt.Sprintf("%d of %d members to check on: %s.", len(d.CheckOn), len(d.Members), joinAnd(parts))
}
