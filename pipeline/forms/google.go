// This file reads the Google Forms responses CSV, as downloaded from the form
// or from its linked Google Sheet.

package forms

import (
	"fmt"
	"strings"

	"cohesion/pipeline/exportfile"
)

// DetectGoogleForms reports whether data looks like a Google Forms responses
// CSV (content only, never the file name): its first non-blank row starts
// with a Timestamp column, usually followed by Email Address.
func DetectGoogleForms(data []byte) bool {
	recs := firstRecords(data, 1)
	return len(recs) == 1 && isGoogleHeader(recs[0])
}

// isGoogleHeader recognises the header row: Timestamp first, then at least
// one more column.
func isGoogleHeader(rec []string) bool {
	return exportfile.Width(rec) >= 2 && fold(rec[0]) == "timestamp"
}

// ParseGoogleForms parses a Google Forms responses CSV. Errors are
// *ParseError.
//
// The first column is the Timestamp, as the form's own download writes it
// ("2026/03/24 7:35:12 PM GMT-4", whose "GMT-4" becomes Answer.Zone) or as the
// linked sheet's locale writes it ("3/24/2026 19:35:12", or "24/03/2026
// 19:35:12" in day-first locales, told apart per file as the Zoom parser
// does, or "46105.8165", a day serial, where the column has a number
// format). Email, name, cohort and session columns are identity, not
// answers; a quiz's Score column is skipped; every other column with a header
// is a question, a grid row being its own column "Question [Row]".
func ParseGoogleForms(data []byte) (*Export, error) {
	recs, err := readRecords(data)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, &ParseError{Line: exportfile.LastLine(data), Err: fmt.Errorf(`%w: the file ends before a "Timestamp,Email Address,..." row`, ErrNoHeader)}
	}
	head := recs[0]
	if !isGoogleHeader(head.fields) {
		return nil, &ParseError{Line: head.line, Err: fmt.Errorf(`%w: found %q where a "Timestamp,Email Address,..." row should be`, ErrNoHeader, exportfile.Excerpt(strings.Join(head.fields, ",")))}
	}
	cleanHeader(head.fields)
	w := exportfile.Width(head.fields)
	exp := &Export{Vendor: VendorGoogleForms}
	var ids identityColumns
	var answerCols []int
	for i := 1; i < w; i++ {
		h := head.fields[i]
		switch {
		case strings.TrimSpace(h) == "":
			// A blank header is a spreadsheet helper column, not a question.
		case ids.add(headerRole(h), i):
		case fold(h) == "score":
		default:
			answerCols = append(answerCols, i)
			exp.Questions = append(exp.Questions, h)
		}
	}

	exp.Answers = make([]Answer, 0, answerCap(len(recs)-1, len(answerCols), len(data)/2))
	responses := make([]response, 0, len(recs)-1)
	// A linked sheet whose Timestamp column was given a number format
	// downloads its times as day serials ("46086.7510416667"), counted from
	// 30 December 1899 as Excel's 1900 date system counts them.
	times := sheetStamps(false)
	var vote exportfile.OrderVote
	for _, rec := range recs[1:] {
		if err := checkWidth(rec.fields, rec.line, w); err != nil {
			return nil, err
		}
		var st exportfile.Stamp
		if ts := strings.TrimSpace(rec.fields[0]); ts != "" {
			if st, err = exportfile.ParseStamp(ts, times); err != nil {
				return nil, exportfile.ErrorAt(rec.line, 0, err)
			}
			if err = vote.See(st, rec.line); err != nil {
				return nil, exportfile.ErrorAt(rec.line, 0, err)
			}
		}
		who, err := ids.read(rec.fields, rec.line)
		if err != nil {
			return nil, err
		}
		r := response{first: len(exp.Answers), when: st}
		for _, i := range answerCols {
			v := rec.fields[i]
			if strings.TrimSpace(v) == "" {
				continue
			}
			exp.Answers = append(exp.Answers, Answer{
				Line: rec.line, Column: i + 1,
				Email: who.email, Name: who.name, Zone: st.Zone(),
				Cohort: who.cohort, Session: who.session,
				Question: head.fields[i], Value: v,
			})
		}
		r.n = len(exp.Answers) - r.first
		responses = append(responses, r)
	}
	settle(exp.Answers, responses, vote.Order())
	return exp, nil
}
