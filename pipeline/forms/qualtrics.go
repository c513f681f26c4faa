// This file reads the Qualtrics CSV export, whose three header rows carry
// each column's export tag, question text and ImportId JSON.

package forms

import (
	"encoding/json"
	"fmt"
	"strings"

	"cohesion/pipeline/exportfile"
)

// DetectQualtrics reports whether data looks like a Qualtrics CSV export
// (content only, never the file name): its first non-blank row is the export
// tag row "StartDate,EndDate,Status,...,ResponseId,...", or the legacy
// export's "V1,...,V10,Q1,..." over "ResponseID,ResponseSet,...". The
// ImportId row is not required here, so that ParseQualtrics can say it is
// missing.
func DetectQualtrics(data []byte) bool {
	recs := firstRecords(data, 2)
	switch {
	case len(recs) >= 1 && isQualtricsTags(recs[0]):
		return true
	case len(recs) == 2:
		return isLegacyQualtrics(recs[0], recs[1])
	}
	return false
}

// isQualtricsTags recognises the export tag row: StartDate first, EndDate,
// and one of ResponseId, Status or RecordedDate, which every export keeps
// whatever metadata it drops.
func isQualtricsTags(rec []string) bool {
	if len(rec) < 3 || fold(rec[0]) != "startdate" {
		return false
	}
	var end, id bool
	for _, f := range rec {
		switch fold(f) {
		case "enddate":
			end = true
		case "responseid", "status", "recordeddate":
			id = true
		}
	}
	return end && id
}

// importID is one cell of the third header row, {"ImportId":"QID2_1"} or
// {"ImportId":"startDate","timeZone":"America/Denver"}.
type importID struct {
	ImportID string `json:"ImportId"`
	TimeZone string `json:"timeZone"`
}

// The ImportIds of the bookkeeping columns this parser reads.
const (
	idRecordedDate = "recordeddate"
	idEndDate      = "enddate"
	idStatus       = "status"
	idUserLanguage = "userlanguage"
	idEmail        = "recipientemail"
	idFirstName    = "recipientfirstname"
	idLastName     = "recipientlastname"
)

// ParseQualtrics parses a Qualtrics CSV export ("Export data" as CSV, choice
// text or numeric values). Errors are *ParseError; lines are physical lines,
// so a question text with a newline in it moves every later line number.
//
// Submitted is RecordedDate (else EndDate) and Zone the timeZone its ImportId
// names. RecipientEmail is the email and RecipientFirstName/LastName the
// name; a column tagged or titled like an email, name, cohort or session
// (embedded data, or a question "Your email") fills them when those are
// empty. Only columns whose ImportId is a question (QID...) after
// UserLanguage are answers, with Question the question text and Tag the
// export tag; display-order and timing columns are not. Survey previews,
// tests and spam (Status "Survey Preview", "Survey Test", "Spam" or their
// codes 1, 2, 8) are not responses and are skipped.
//
// The legacy export (tag row V1...V10, Q1, Q2_1, ...; names and question
// text in row 2; no ImportId row) is read too: Submitted is its EndDate (else
// StartDate), with no zone, the email its EmailAddress and the name its Name;
// every column after V10 but the Location ones is an answer, or identity as
// above.
func ParseQualtrics(data []byte) (*Export, error) {
	return parseCSV(data, qualtricsHeader)
}

// qualtricsHeader reads the three header rows of a Qualtrics export, or the legacy export's two.
func qualtricsHeader(recs []record, lastLine func() int) (*csvForm, int, error) {
	if len(recs) == 0 {
		return nil, 0, &ParseError{Line: lastLine(), Err: fmt.Errorf(`%w: the file ends before a Qualtrics "StartDate,EndDate,..." row`, ErrNoHeader)}
	}
	tags := recs[0]
	if len(recs) >= 2 && isLegacyQualtrics(tags.fields, recs[1].fields) {
		return legacyQualtricsHeader(recs)
	}
	if !isQualtricsTags(tags.fields) {
		return nil, 0, &ParseError{Line: tags.line, Err: fmt.Errorf(`%w: found %q where a Qualtrics "StartDate,EndDate,..." row should be`, ErrNoHeader, exportfile.Excerpt(strings.Join(tags.fields, ",")))}
	}
	w := exportfile.Width(tags.fields)
	if len(recs) < 3 {
		return nil, 0, &ParseError{Line: lastLine(), Err: fmt.Errorf("%w: the file ends before the third header row", ErrNoImportID)}
	}
	texts, idRow := recs[1], recs[2]
	cleanHeader(tags.fields)
	cleanHeader(texts.fields)
	if looksLikeImportID(texts.fields[0]) {
		return nil, 0, &ParseError{Line: texts.line, Err: fmt.Errorf("%w: the question-text row is missing, found ImportIds instead", ErrNoHeader)}
	}
	if len(texts.fields) < w {
		return nil, 0, exportfile.ErrorAt(texts.line, len(texts.fields), fmt.Errorf("%w: question-text row has %d fields, tag row has %d", ErrTruncated, len(texts.fields), w))
	}
	if len(idRow.fields) < w {
		return nil, 0, exportfile.ErrorAt(idRow.line, len(idRow.fields), fmt.Errorf("%w: %d ImportIds for %d columns", ErrNoImportID, len(idRow.fields), w))
	}
	ids := make([]importID, w)
	for i := range w {
		cell := strings.TrimSpace(idRow.fields[i])
		if !looksLikeImportID(cell) || json.Unmarshal([]byte(cell), &ids[i]) != nil || ids[i].ImportID == "" {
			return nil, 0, exportfile.ErrorAt(idRow.line, i, fmt.Errorf(`%w: found %q where {"ImportId":...} should be`, ErrNoImportID, exportfile.Excerpt(cell)))
		}
	}

	// Locate the bookkeeping columns by ImportId, falling back on the tag
	// for exports whose ImportIds differ in case.
	find := func(id string) int {
		for i := range w {
			if fold(ids[i].ImportID) == id {
				return i
			}
		}
		for i := range w {
			if fold(tags.fields[i]) == id {
				return i
			}
		}
		return -1
	}
	when := find(idRecordedDate)
	if when < 0 {
		when = find(idEndDate)
	}
	zone := ""
	if when >= 0 {
		zone = strings.TrimSpace(ids[when].TimeZone)
	}
	status := find(idStatus)
	lastMeta := find(idUserLanguage)
	first, last := find(idFirstName), find(idLastName)
	var who identityColumns
	if i := find(idEmail); i >= 0 {
		who.email = append(who.email, i)
	}

	form := &csvForm{vendor: VendorQualtrics, width: w}
	var answerCols []int
	for i := lastMeta + 1; i < w; i++ {
		r := headerRole(tags.fields[i])
		if r == roleAnswer {
			r = headerRole(texts.fields[i])
		}
		switch {
		case who.add(r, i):
		case isQuestionID(ids[i].ImportID):
			answerCols = append(answerCols, i)
			form.questions = append(form.questions, texts.fields[i])
		}
	}

	form.row = func(fields []string, line int, vote *exportfile.OrderVote, answers []Answer) ([]Answer, exportfile.Stamp, bool, error) {
		var st exportfile.Stamp
		if status >= 0 && notAResponse(fields[status]) {
			return answers, st, false, nil
		}
		if when >= 0 {
			if ts := strings.TrimSpace(fields[when]); ts != "" {
				var err error
				if st, err = exportfile.ParseStamp(ts, stamps); err != nil {
					return nil, st, false, exportfile.ErrorAt(line, when, err)
				}
				if err = vote.See(st, line); err != nil {
					return nil, st, false, exportfile.ErrorAt(line, when, err)
				}
			}
		}
		id, err := who.read(fields, line)
		if err != nil {
			return nil, st, false, err
		}
		if first >= 0 || last >= 0 {
			var parts []string
			for _, i := range []int{first, last} {
				if i >= 0 {
					if s := strings.TrimSpace(fields[i]); s != "" {
						parts = append(parts, s)
					}
				}
			}
			if len(parts) > 0 {
				id.name = strings.Join(parts, " ")
			}
		}
		for _, i := range answerCols {
			v := fields[i]
			if strings.TrimSpace(v) == "" {
				continue
			}
			answers = append(answers, Answer{
				Line: line, Column: i + 1,
				Email: id.email, Name: id.name, Zone: zone,
				Cohort: id.cohort, Session: id.session,
				Question: texts.fields[i], Tag: tags.fields[i], Value: v,
			})
		}
		return answers, st, true, nil
	}
	return form, 3, nil
}

// isQuestionID reports whether an ImportId names an answer: a question's
// (QID4, QID2_1, QID5_TEXT), one pass of a loop-and-merge block's question
// (1_QID13, the column tagged "1_Q13"), but not the display order or page
// timing Qualtrics records under the question's ID (QID4_DO, QID9_PAGE_SUBMIT).
func isQuestionID(id string) bool {
	if loop, rest, ok := strings.Cut(id, "_"); ok && loop != "" && strings.Trim(loop, "0123456789") == "" {
		id = rest
	}
	if !strings.HasPrefix(id, "QID") {
		return false
	}
	for _, s := range []string{"_DO", "_FIRST_CLICK", "_LAST_CLICK", "_PAGE_SUBMIT", "_CLICK_COUNT"} {
		if strings.HasSuffix(id, s) {
			return false
		}
	}
	return true
}

// looksLikeImportID reports whether a cell is shaped like the third header
// row's JSON, without decoding it.
func looksLikeImportID(cell string) bool {
	cell = strings.TrimSpace(cell)
	return strings.HasPrefix(cell, "{") && strings.Contains(cell, `"ImportId"`)
}

// notAResponse reports a Status of a facilitator's preview or test run, or
// of spam, which Qualtrics exports by label or by code.
func notAResponse(status string) bool {
	switch fold(status) {
	case "survey preview", "survey test", "spam", "1", "2", "8":
		return true
	}
	return false
}
