// comments.go is the cohort report's "In their own words" section: the free-text answers of the
// cohort's check-ins and surveys (the comments mart). Free text may name people, so the section
// exists only on the facilitator's own copy (--names).
package reports

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
)

// Comment is one free-text answer of one member at one session.
type Comment struct {
	Session  int    `json:"session"`
	Label    string `json:"label"`
	Question string `json:"question"`
	Text     string `json:"text"`
}

// loadComments reads the cohort's comments in session and member order.
func loadComments(ctx context.Context, db *sql.DB, d *CohortData, order map[string]int, labels map[string]string) error {
	rows, err := db.QueryContext(ctx, `
		SELECT session, participant_id, question, comment
		FROM comments
		WHERE cohort = ?
		ORDER BY session, participant_id, question, comment`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read comments: %w", d.Cohort, err)
	}
	defer rows.Close()
	type ordered struct {
		Comment
		member int
	}
	var all []ordered
	for rows.Next() {
		var c Comment
		var id string
		if err := rows.Scan(&c.Session, &id, &c.Question, &c.Text); err != nil {
			return fmt.Errorf("cohort %q: read comments: %w", d.Cohort, err)
		}
		c.Label = labels[id]
		if c.Label == "" {
			c.Label = id
		}
		all = append(all, ordered{c, order[id]})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read comments: %w", d.Cohort, err)
	}
	sort.SliceStable(all, func(i, j int) bool { // by session, then roster order
		if all[i].Session != all[j].Session {
			return all[i].Session < all[j].Session
		}
		return all[i].member < all[j].member
	})
	for _, c := range all {
		d.Comments = append(d.Comments, c.Comment)
	}
	return nil
}

// commentsReading is the section's one-sentence reading.
func commentsReading(d *CohortData) string {
	if len(d.Comments) == 0 {
		return "No free-text answers were loaded for this cohort."
	}
	noun := "answers"
	if len(d.Comments) == 1 {
		noun = "answer"
	}
	return fmt.Sprintf("%d free-text %s from the cohort's check-ins and surveys, by session; they may name people, so they appear only on this named copy.",
		len(d.Comments), noun)
}

// namedOnly is reading(d) on a named copy, else nothing.
func namedOnly(named bool, reading func(*CohortData) string, d *CohortData) string {
	if !named {
		return ""
	}
	return reading(d)
}
