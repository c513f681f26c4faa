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
	return parseCSV(data, googleHeader)
}

// googleHeader reads the header row of a Google Forms export.
func googleHeader(recs []record, lastLine func() int) (*csvForm, int, error) {
	if len(recs) == 0 {
		return nil, 0, &ParseError{Line: lastLine(), Err: fmt.Errorf(`%w: the file ends before a "Timestamp,Email Address,..." row`, ErrNoHeader)}
	}
	head := recs[0]
	if !isGoogleHeader(head.fields) {
		return nil, 0, &ParseError{Line: head.line, Err: fmt.Errorf(`%w: found %q where a "Timestamp,Email Address,..." row should be`, ErrNoHeader, exportfile.Excerpt(strings.Join(head.fields, ",")))}
	}
	cleanHeader(head.fields)
	w := exportfile.Width(head.fields)
	form := &csvForm{vendor: VendorGoogleForms, width: w}
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
			form.questions = append(form.questions, h)
		}
	}
	// A linked sheet whose Timestamp column was given a number format
	// downloads its times as day serials ("46086.7510416667"), counted from
	// 30 December 1899 as Excel's 1900 date system counts them.
	times := sheetStamps(false)
	form.row = func(fields []string, line int, vote *exportfile.OrderVote, answers []Answer) ([]Answer, exportfile.Stamp, bool, error) {
		var st exportfile.Stamp
		if ts := strings.TrimSpace(fields[0]); ts != "" {
			var err error
			if st, err = exportfile.ParseStamp(ts, times); err != nil {
				return nil, st, false, exportfile.ErrorAt(line, 0, err)
			}
			if err = vote.See(st, line); err != nil {
				return nil, st, false, exportfile.ErrorAt(line, 0, err)
			}
		}
		who, err := ids.read(fields, line)
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
				Email: who.email, Name: who.name, Zone: st.Zone(),
				Cohort: who.cohort, Session: who.session,
				Question: head.fields[i], Value: v,
			})
		}
		return answers, st, true, nil
	}
	return form, 1, nil
}
