// The quarter report's research statistics: "Does group climate predict who stays?" (the
// cohesion_dropout mart, each scale's hazard ratio in one plain sentence) and the log-rank test
// shown beside the retention curves (retention_logrank). Both cover every cohort to date.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
)

// QuarterDropout is one scale's Cox model of dropping out on its score, as shown.
type QuarterDropout struct {
	Instrument string `json:"instrument"`
	Scale      string `json:"scale"`
	// Label names the scale in a sentence, e.g. "GCQ-S engagement".
	Label string `json:"label"`
	// Members and Dropouts are the people behind the estimate; nil when suppressed.
	Members  *int `json:"members"`
	Dropouts *int `json:"dropouts"`
	// HazardRatio, CILow, CIHigh and PValue are nil when suppressed or not estimable.
	HazardRatio *float64 `json:"hazard_ratio"`
	CILow       *float64 `json:"ci_low"`
	CIHigh      *float64 `json:"ci_high"`
	PValue      *float64 `json:"p_value"`
	// Suppressed is true when fewer than the minimum number of people are behind it.
	Suppressed bool `json:"suppressed,omitempty"`
	// Sentence is the plain reading of the row: the ratio in words, or why there is none.
	Sentence string `json:"sentence"`
}

// RatioText is the hazard ratio with two decimals, or "—".
func (q QuarterDropout) RatioText() string { return maybeDecimal(q.HazardRatio, 2) }

// IntervalText is the 95% interval of the hazard ratio, or "—".
func (q QuarterDropout) IntervalText() string {
	if q.CILow == nil || q.CIHigh == nil {
		return "—"
	}
	return formatDecimal(*q.CILow, 2) + " to " + formatDecimal(*q.CIHigh, 2)
}

// PText is the p-value as researchers print it, or "—".
func (q QuarterDropout) PText() string { return pValueText(q.PValue) }

// countText is a count of people, or "suppressed".
func countText(n *int) string {
	if n == nil {
		return "suppressed"
	}
	return fmt.Sprint(*n)
}

// QuarterLogrank is one log-rank test of the retention curves.
type QuarterLogrank struct {
	// Comparison says what is compared, e.g. "between programs", "between the cohorts of intro".
	Comparison string   `json:"comparison"`
	Groups     int      `json:"groups"`
	ChiSquare  *float64 `json:"chisq"`
	DF         *int     `json:"df"`
	PValue     *float64 `json:"p_value"`
	Sentence   string   `json:"sentence"`
}

// ChiSquareText is χ² with one decimal and its degrees of freedom, or "—" when there is no test.
func (l QuarterLogrank) ChiSquareText() string {
	if l.ChiSquare == nil || l.DF == nil {
		return "—"
	}
	return fmt.Sprintf("%s on %d df", formatDecimal(*l.ChiSquare, 1), *l.DF)
}

// PText is the p-value, or "—".
func (l QuarterLogrank) PText() string { return pValueText(l.PValue) }

// dropoutSuppressed is the section's suppression rule: a ratio is hidden, with its counts, when
// fewer than minCell members are behind it, or when the dropouts or those who stayed number
// from 1 to minCell − 1 (zero describes nobody). minCell of 0 or less hides nothing.
func dropoutSuppressed(members, dropouts, minCell int) bool {
	if minCell <= 0 {
		return false
	}
	small := func(n int) bool { return n > 0 && n < minCell }
	return members < minCell || small(dropouts) || small(members-dropouts)
}

// loadQuarterDropout reads cohesion_dropout, GCQ-S scales first, and applies the rule above.
func loadQuarterDropout(ctx context.Context, db *sql.DB, minCell int, titles map[string]string) ([]QuarterDropout, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT instrument, scale, n_members, n_events, hazard_ratio, ci_low, ci_high, p_value, note
		FROM cohesion_dropout
		ORDER BY instrument <> 'gcqs', instrument,
			list_position(['engagement', 'avoidance', 'conflict'], scale) NULLS LAST, scale`)
	if err != nil {
		return nil, fmt.Errorf("read cohesion_dropout: %w", err)
	}
	defer rows.Close()
	out := []QuarterDropout{}
	for rows.Next() {
		var q QuarterDropout
		var members, dropouts int
		var ratio, low, high, p sql.NullFloat64
		var note sql.NullString
		if err := rows.Scan(&q.Instrument, &q.Scale, &members, &dropouts, &ratio, &low, &high, &p, &note); err != nil {
			return nil, fmt.Errorf("read cohesion_dropout: %w", err)
		}
		q.Label = dropoutScaleLabel(q.Instrument, q.Scale, titles)
		if dropoutSuppressed(members, dropouts, minCell) {
			q.Suppressed = true
			q.Sentence = fmt.Sprintf("For %s the estimate is suppressed: fewer than %d members, dropouts or members who stayed are behind it.", q.Label, minCell)
			out = append(out, q)
			continue
		}
		q.Members, q.Dropouts = &members, &dropouts
		q.HazardRatio, q.CILow, q.CIHigh, q.PValue = nullableFloat(ratio), nullableFloat(low), nullableFloat(high), nullableFloat(p)
		q.Sentence = dropoutSentence(q, note.String)
		out = append(out, q)
	}
	return out, rows.Err()
}

// dropoutScaleLabel names a scale for a sentence: "GCQ-S engagement", "the check-in's
// connected score", "the ORS total".
func dropoutScaleLabel(instrument, scale string, titles map[string]string) string {
	title := titles[instrument]
	if title == "" {
		title = instrument
	}
	switch {
	case scale == "total":
		return "the " + title + " total"
	case instrument == "checkin":
		return "the check-in's " + scale + " score"
	}
	return title + " " + scale
}

// dropoutSentence puts one scale's model in words: "Each point of GCQ-S engagement went with a
// 43% lower chance of dropping out at the next session (95% interval 31% to 53% lower), from 130
// members of whom 50 dropped out." or why no ratio (or no interval) can be given.
func dropoutSentence(q QuarterDropout, note string) string {
	behind := fmt.Sprintf("from %d members of whom %d dropped out", *q.Members, *q.Dropouts)
	if q.HazardRatio == nil {
		why, ok := dropoutNotes[note]
		if !ok {
			why = "the model could not be fitted"
			if note != "" {
				why += " (" + note + ")"
			}
		}
		return fmt.Sprintf("For %s no ratio can be given: %s (%s).", q.Label, why, behind)
	}
	s := fmt.Sprintf("Each point of %s went with %s of dropping out at the next session", q.Label, chanceChange(*q.HazardRatio))
	switch {
	case q.CILow != nil && q.CIHigh != nil:
		s += " (95% interval " + intervalChange(*q.CILow, *q.CIHigh) + ")"
	case note == "one cohort":
		s += " (no interval: the interval allows for members of one cohort being alike, and all of these were in one cohort)"
	}
	return s + ", " + behind + "."
}

// dropoutNotes say in words why cohesion_dropout gives no ratio, by its note.
var dropoutNotes = map[string]string{
	"no dropouts":         "none of the members followed dropped out",
	"score does not vary": "everyone at risk had the same score",
	"perfect separation": "at every dropout the member leaving had the lowest (or every time the highest) " +
		"score of those still attending, so the ratio would be 0 or infinite, not a number to report",
}

// chanceChange is a hazard ratio as a change in the chance: "a 43% lower chance", "a 31%
// higher chance", "about the same chance".
func chanceChange(ratio float64) string {
	switch pct := math.Round(math.Abs(ratio-1) * 100); {
	case pct == 0:
		return "about the same chance"
	case ratio < 1:
		return fmt.Sprintf("%s %.0f%% lower chance", article(pct), pct)
	default:
		return fmt.Sprintf("%s %.0f%% higher chance", article(pct), pct)
	}
}

// article is "an" before a number read aloud with a vowel sound (8, 11, 18, 80–89, 800–899),
// else "a".
func article(n float64) string {
	switch i := int(n); {
	case i == 8 || i == 11 || i == 18 || i >= 80 && i <= 89 || i >= 800 && i <= 899:
		return "an"
	}
	return "a"
}

// intervalChange is the interval of a hazard ratio in the same words: "31% to 53% lower",
// "12% to 40% higher", or across 1 "from 20% lower to 15% higher".
func intervalChange(low, high float64) string {
	pct := func(r float64) float64 { return math.Round(math.Abs(r-1) * 100) }
	switch {
	case high < 1:
		return fmt.Sprintf("%.0f%% to %.0f%% lower", pct(high), pct(low))
	case low > 1:
		return fmt.Sprintf("%.0f%% to %.0f%% higher", pct(low), pct(high))
	}
	return fmt.Sprintf("from %.0f%% lower to %.0f%% higher", pct(low), pct(high))
}

func quarterDropoutReading(rows []QuarterDropout, present bool) string {
	if !present {
		return "The cohesion_dropout mart is missing, so whether group climate goes with who stays cannot be shown."
	}
	if len(rows) == 0 {
		return "No group-climate scale was scored for any member who started a group, so there is nothing to relate to dropping out."
	}
	var clear []string
	for _, r := range rows {
		if r.CILow != nil && r.CIHigh != nil && (*r.CIHigh < 1 || *r.CILow > 1) {
			clear = append(clear, r.Label)
		}
	}
	if len(clear) == 0 {
		return "For no scale is the 95% interval clear of no difference: in these records, group climate does not clearly go with who stays."
	}
	return "Members' scores on " + joinAnd(clear) + " went with who dropped out at the next session, beyond what chance alone would give (95% intervals clear of no difference)."
}

// loadQuarterLogrank reads retention_logrank: between programs first, then each program's cohorts.
func loadQuarterLogrank(ctx context.Context, db *sql.DB) ([]QuarterLogrank, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT scope, n_groups, chisq, df, p_value
		FROM retention_logrank
		ORDER BY scope <> 'programs', scope`)
	if err != nil {
		return nil, fmt.Errorf("read retention_logrank: %w", err)
	}
	defer rows.Close()
	out := []QuarterLogrank{}
	for rows.Next() {
		var l QuarterLogrank
		var scope string
		var chisq, p sql.NullFloat64
		var df sql.NullInt64
		if err := rows.Scan(&scope, &l.Groups, &chisq, &df, &p); err != nil {
			return nil, fmt.Errorf("read retention_logrank: %w", err)
		}
		l.Comparison = "between the cohorts of " + scope
		if scope == "programs" {
			l.Comparison = "between programs"
		}
		l.ChiSquare, l.PValue = nullableFloat(chisq), nullableFloat(p)
		if df.Valid {
			n := int(df.Int64)
			l.DF = &n
		}
		l.Sentence = logrankSentence(l)
		out = append(out, l)
	}
	return out, rows.Err()
}

func logrankSentence(l QuarterLogrank) string {
	what := strings.ToUpper(l.Comparison[:1]) + l.Comparison[1:]
	if l.ChiSquare == nil || l.PValue == nil {
		if l.Groups < 2 {
			return what + ": only one group, nothing to compare."
		}
		return what + ": no test, as fewer than two groups had a dropout expected."
	}
	verdict := "the curves differ no more than chance alone would make them"
	if *l.PValue < 0.05 {
		verdict = "the curves differ more than chance alone would make them"
	}
	return fmt.Sprintf("%s (%d groups): %s (log-rank χ² %s, %s).", what, l.Groups, verdict, l.ChiSquareText(), pPhrase(l.PValue))
}

// pValueText prints a p-value to three decimals, "< 0.001" and "> 0.999" beyond them, or "—".
func pValueText(p *float64) string {
	switch {
	case p == nil:
		return "—"
	case *p < 0.001:
		return "< 0.001"
	case *p > 0.999:
		return "> 0.999"
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", *p), "0"), ".")
}

// pPhrase is "p = 0.04" or "p < 0.001".
func pPhrase(p *float64) string {
	if t := pValueText(p); strings.HasPrefix(t, "<") || strings.HasPrefix(t, ">") {
		return "p " + t
	} else {
		return "p = " + t
	}
}

func maybeDecimal(x *float64, places int) string {
	if x == nil {
		return "—"
	}
	return formatDecimal(*x, places)
}
