// codebook.go maps the columns of survey exports to instrument items: by the codebook a
// facilitator loads (codebook.csv), else by an item code in the header itself ("GCQ_3",
// "ORS 2"), and turns answer labels into the numbers the instruments score.
package pipeline

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sort"
	"strings"

	"cohesion/pipeline/forms"
)

// codebook is the mapping in force, by exact column header text (or Qualtrics export tag).
type codebook map[string]forms.CodebookEntry

func (c *codebook) add(entries []forms.CodebookEntry) {
	if *c == nil {
		*c = codebook{}
	}
	for _, e := range entries {
		(*c)[e.Column] = e
	}
}

// storedCodebook reads the codebook already loaded: for each column, the newest file's entry.
func storedCodebook(ctx context.Context, conn *sql.Conn) (codebook, error) {
	rows, err := conn.QueryContext(ctx, `select column_header, instrument, item, coalesce(labels, '')
		from raw_codebook qualify row_number() over (partition by column_header order by file_id desc) = 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := codebook{}
	for rows.Next() {
		var e forms.CodebookEntry
		var labels string
		if err := rows.Scan(&e.Column, &e.Instrument, &e.Item, &labels); err != nil {
			return nil, err
		}
		e.Values = parseLabels(labels)
		c[e.Column] = e
	}
	return c, rows.Err()
}

// isCodebook tells a codebook from other files ranked with the roster.
func isCodebook(data []byte) bool {
	h := headerOf(data)
	has := func(n string) bool {
		for _, f := range h {
			if f == n {
				return true
			}
		}
		return false
	}
	return has("column") && has("instrument") && has("item")
}

// item finds the instrument item of a survey column: the codebook by header, then by export
// tag, then an item code written in the header or tag.
func (c codebook) item(question, tag string) (forms.CodebookEntry, bool) {
	if e, ok := c[question]; ok {
		return e, true
	}
	if e, ok := c[strings.TrimSpace(question)]; ok {
		return e, true
	}
	if tag != "" {
		if e, ok := c[tag]; ok {
			return e, true
		}
	}
	for _, h := range []string{question, tag} {
		if h == "" {
			continue
		}
		if instrument, item, ok := forms.MapHeader(h); ok {
			return forms.CodebookEntry{Column: h, Instrument: instrument, Item: item}, true
		}
	}
	return forms.CodebookEntry{}, false
}

// responses turns a survey export into raw_responses rows. Columns that map to no instrument
// item (free-text questions, or ones the codebook lacks) are not loaded; they are counted as
// not counted and named in the file's note, so nothing goes missing unseen.
func (c codebook) responses(exp *forms.Export, p *parsed) tableRows {
	t := tableRows{table: "raw_responses"}
	unmapped := map[string]int{}
	for _, a := range exp.Answers {
		e, ok := c.item(a.Question, a.Tag)
		if !ok {
			unmapped[a.Question]++
			p.rejected++
			continue
		}
		value := strings.TrimSpace(a.Value)
		if n, ok := forms.NumericValue(value, e.Values); ok {
			value = n
		}
		var session, submitted any
		if a.Session > 0 {
			session = int32(a.Session)
		}
		if !a.Submitted.IsZero() {
			submitted = a.Submitted
		}
		t.rows = append(t.rows, []driver.Value{int32(a.Line), nullable(NormEmail(a.Email)), nullable(a.Name),
			nullable(a.Cohort), session, e.Instrument, e.Item, nullable(value), submitted, nullable(a.Zone)})
	}
	p.format, p.rows = exp.Vendor, len(t.rows)
	if len(unmapped) > 0 {
		questions := make([]string, 0, len(unmapped))
		for q := range unmapped {
			questions = append(questions, q)
		}
		sort.Strings(questions)
		shown := questions
		if len(shown) > 3 {
			shown = shown[:3]
		}
		p.note = fmt.Sprintf("%d questions map to no instrument item and were not loaded (add them to codebook.csv if they should be scored): %q", len(questions), shown)
		if len(questions) > 3 {
			p.note += fmt.Sprintf(" and %d more", len(questions)-3)
		}
	}
	return t
}

// IsSurvey reports whether a load format is survey or check-in answers.
func IsSurvey(format string) bool {
	switch format {
	case "survey-long", forms.VendorGoogleForms, forms.VendorQualtrics, forms.VendorMSForms:
		return true
	}
	return false
}

// formatLabels writes answer labels back as codebook text, sorted so that equal codebooks store
// equal text.
func formatLabels(values map[string]string) string {
	pairs := make([]string, 0, len(values))
	for label, n := range values {
		pairs = append(pairs, label+"="+n)
	}
	sort.Strings(pairs)
	return strings.Join(pairs, ";")
}

func parseLabels(s string) map[string]string {
	if s == "" {
		return nil
	}
	values := map[string]string{}
	for _, pair := range strings.Split(s, ";") {
		if i := strings.LastIndex(pair, "="); i > 0 {
			values[pair[:i]] = pair[i+1:]
		}
	}
	return values
}
