// This file reads the legacy Qualtrics CSV export, whose first row numbers
// the response columns V1...V10 and tags the questions (Q1, Q2_1), whose
// second row names them, and which has no ImportId row.

package forms

import (
	"fmt"
	"strings"

	"cohesion/pipeline/exportfile"
)

// legacyColumns are the second-row names of the legacy export's response
// columns V1...V10, in order.
var legacyColumns = []string{"responseid", "responseset", "name", "externaldatareference", "emailaddress",
	"ipaddress", "status", "startdate", "enddate", "finished"}

// isLegacyQualtrics recognises the legacy layout by its two header rows:
// V1...V10 first in the tag row, and ResponseID, ResponseSet, ... under
// them. A file cut after its tag row, or a table whose columns are merely
// numbered V1, V2, ... (R's default names), is not one.
func isLegacyQualtrics(tags, names []string) bool {
	if len(tags) < len(legacyColumns) || len(names) < len(legacyColumns) {
		return false
	}
	for i, n := range legacyColumns {
		if fold(tags[i]) != fmt.Sprintf("v%d", i+1) || fold(names[i]) != n {
			return false
		}
	}
	return true
}

// legacyNotAnswers are tags of columns after V10 that are bookkeeping.
var legacyNotAnswers = map[string]bool{"locationlatitude": true, "locationlongitude": true, "locationaccuracy": true}

// legacyQualtricsHeader reads a legacy export's header: the tag row, then the name row
// (question text for the questions); every later record is one response. Submitted is EndDate
// (V9), else StartDate (V8); the legacy export states no zone. EmailAddress (V5) is the email
// and Name (V3) the name.
func legacyQualtricsHeader(recs []record) (*csvForm, int, error) {
	tags, texts := recs[0], recs[1]
	cleanHeader(tags.fields)
	cleanHeader(texts.fields)
	w := exportfile.Width(tags.fields)
	if len(texts.fields) < w {
		return nil, 0, exportfile.ErrorAt(texts.line, len(texts.fields), fmt.Errorf("%w: question-text row has %d fields, tag row has %d", ErrTruncated, len(texts.fields), w))
	}
	const (
		colName   = 2
		colEmail  = 4
		colStatus = 6
		colStart  = 7
		colEnd    = 8
	)
	who := identityColumns{email: []int{colEmail}, name: []int{colName}}
	form := &csvForm{vendor: VendorQualtrics, width: w}
	var answerCols []int
	for i := len(legacyColumns); i < w; i++ {
		r := headerRole(tags.fields[i])
		if r == roleAnswer {
			r = headerRole(texts.fields[i])
		}
		switch {
		case who.add(r, i):
		case legacyNotAnswers[fold(tags.fields[i])]:
		default:
			answerCols = append(answerCols, i)
			form.questions = append(form.questions, texts.fields[i])
		}
	}

	form.row = func(fields []string, line int, vote *exportfile.OrderVote, answers []Answer) ([]Answer, exportfile.Stamp, bool, error) {
		var st exportfile.Stamp
		if notAResponse(fields[colStatus]) {
			return answers, st, false, nil
		}
		for _, c := range []int{colEnd, colStart} {
			ts := strings.TrimSpace(fields[c])
			if ts == "" {
				continue
			}
			var err error
			if st, err = exportfile.ParseStamp(ts, stamps); err != nil {
				return nil, st, false, exportfile.ErrorAt(line, c, err)
			}
			if err = vote.See(st, line); err != nil {
				return nil, st, false, exportfile.ErrorAt(line, c, err)
			}
			break
		}
		id, err := who.read(fields, line)
		if err != nil {
			return nil, st, false, err
		}
		for _, i := range answerCols {
			v := fields[i]
			if strings.TrimSpace(v) == "" {
				continue
			}
			answers = append(answers, Answer{
				Line: line, Column: i + 1,
				Email: id.email, Name: id.name,
				Cohort: id.cohort, Session: id.session,
				Question: texts.fields[i], Tag: tags.fields[i], Value: v,
			})
		}
		return answers, st, true, nil
	}
	return form, 2, nil
}
