// codebook.go maps the columns of survey exports to instrument items: by the codebook a
// facilitator loads (codebook.csv), else by an item code in the header itself ("GCQ_3",
// "ORS 2"), and turns answer labels into the numbers the instruments score.
package pipeline

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"cohesion/pipeline/forms"
	"cohesion/queries"
)

// surveyAnswers turns a survey export into raw_answers rows: every answered cell with its
// column's header text, free text included. Which columns are which instrument items is left to
// the models (int_survey_columns), so a codebook loaded later applies at the next run.
func surveyAnswers(exp *forms.Export) tableRows {
	return tableRows{table: "raw_answers", n: len(exp.Answers), gen: func(i int, dst []driver.Value) []driver.Value {
		return answerValues(dst, &exp.Answers[i])
	}}
}

// msFormsAnswers reads a Microsoft Forms workbook's answers: held in memory when the workbook is
// small; else checked row by row (forms.ScanMSForms), none kept, and read again from the
// workbook's bytes as they are written, so that what a large export holds at once is the
// workbook and a row of it, not every answer. It returns the raw_answers table and the number
// of answers.
func msFormsAnswers(data []byte) (tableRows, int, error) {
	if int64(len(data)) <= streamAbove/4 { // a workbook's sheet is several times its size
		exp, err := forms.ParseMSForms(data)
		if err != nil {
			return tableRows{}, 0, err
		}
		return surveyAnswers(exp), len(exp.Answers), nil
	}
	// The XML reader holds the sheet unzipped, and leaves garbage as fast as it reads, which
	// the collector would otherwise let grow to twice the live heap.
	limit := int64(streamGoMemory)
	if z, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, f := range z.File {
			limit += int64(min(f.UncompressedSize64, 1<<30))
		}
	}
	defer holdGoMemory(limit)()
	scan, err := forms.ScanMSForms(data, nil, nil)
	if err != nil {
		return tableRows{}, 0, err
	}
	return tableRows{table: "raw_answers", stream: func(each func(row []driver.Value) error) error {
		defer holdGoMemory(limit)()
		var row []driver.Value
		_, err := forms.ScanMSForms(data, &scan.Order, func(answers []forms.Answer) error {
			for i := range answers {
				row = answerValues(row[:0], &answers[i])
				if err := each(row); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	}}, scan.Answers, nil
}

// streamGoMemory is the Go heap's soft limit while a workbook is read row by row, besides the
// workbook's parts unzipped.
const streamGoMemory = 64 << 20

var goMemory struct {
	sync.Mutex
	holders int
	sum     int64 // of the holders' limits
	old     int64
}

// holdGoMemory holds the Go heap's soft limit at limit bytes (or lower, if set lower) until the
// function it returns is called; the last holder puts back what was set before. Holders at
// once (files parsed in parallel) add their limits up.
func holdGoMemory(limit int64) (release func()) {
	goMemory.Lock()
	defer goMemory.Unlock()
	if goMemory.holders == 0 {
		goMemory.old = debug.SetMemoryLimit(-1)
		goMemory.sum = 0
	}
	goMemory.sum += limit
	debug.SetMemoryLimit(min(goMemory.old, goMemory.sum))
	goMemory.holders++
	return func() {
		goMemory.Lock()
		defer goMemory.Unlock()
		goMemory.sum -= limit
		if goMemory.holders--; goMemory.holders == 0 {
			debug.SetMemoryLimit(goMemory.old)
		} else {
			debug.SetMemoryLimit(min(goMemory.old, goMemory.sum))
		}
	}
}

// answerValues appends a raw_answers row of a (after its file_id) to dst.
func answerValues(dst []driver.Value, a *forms.Answer) []driver.Value {
	var session, submitted any
	if a.Session > 0 {
		session = int32(a.Session)
	}
	if !a.Submitted.IsZero() {
		submitted = a.Submitted
	}
	return append(dst, int32(a.Line), int32(a.Column), nullable(NormEmail(a.Email)), nullable(a.Name),
		nullable(a.Cohort), session, a.Question, nullable(a.Tag), a.Value, submitted, nullable(a.Zone))
}

// noteUnmapped tells, for each survey export of the batch (file IDs from firstID on), the
// questions that map to no instrument item with the codebook now in force: they are kept (free
// text), not scored.
func noteUnmapped(ctx context.Context, conn *sql.Conn, firstID int32, files []pendingFile) error {
	models, _, err := ReadModels(queries.Models)
	if err != nil {
		return err
	}
	needed := Closure(models, "int_survey_columns")
	defer DropTemp(ctx, conn, needed, TempViews)
	if err := BuildTemp(ctx, conn, needed, DefaultSettings, TempViews); err != nil {
		return err
	}
	return eachRow(ctx, conn, `
		select a.file_id, list_sort(list(distinct a.question))
		from raw_answers as a
		join int_survey_columns as c on c.question = a.question and c.tag is not distinct from a.tag
		where a.file_id >= $1 and c.instrument is null
		group by a.file_id`, []any{firstID}, func(rows *sql.Rows) error {
		var id int32
		var list []any
		if err := rows.Scan(&id, &list); err != nil {
			return err
		}
		questions := make([]string, len(list))
		for i, q := range list {
			questions[i] = fmt.Sprint(q)
		}
		shown := questions[:min(3, len(questions))]
		note := fmt.Sprintf("%d %s no instrument item and %s kept as free text, not scored (add to codebook.csv what should be): %q",
			len(questions), Plural(len(questions), "question maps to", "questions map to"), Plural(len(questions), "is", "are"), shown)
		if len(questions) > 3 {
			note += fmt.Sprintf(" and %d more", len(questions)-3)
		}
		if i := int(id - firstID); i >= 0 && i < len(files) {
			files[i].parsed.addNote(note)
		}
		return nil
	})
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

// Plural is one when n is 1, else many.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
