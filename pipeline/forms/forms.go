// Package forms parses survey and check-in exports (Google Forms, Qualtrics,
// Microsoft Forms) into long-form answers, one per answered question of one
// response, and reads the codebook that maps their columns to instrument
// items.
//
// Every parser is a pure function of a file's bytes: it knows nothing of
// cohorts' schedules, rosters or the database, so the loader can run it on
// any file and tests can pin it on fixtures alone. Mapping an answer to an
// instrument item (MapHeader, the codebook) and to a number (NumericValue)
// is left to the caller, because one export often mixes instruments with
// free-text questions nobody scores.
package forms

import (
	"fmt"
	"strings"
	"time"

	"cohesion/pipeline/exportfile"
)

// The vendors an Export can come from, as Export.Vendor names them.
const (
	VendorGoogleForms = "google-forms"
	VendorQualtrics   = "qualtrics"
	VendorMSForms     = "ms-forms"
)

// Answer is one answered question of one response, before instrument
// mapping. Unanswered questions (empty cells) give no Answer.
type Answer struct {
	Line      int       // 1-based line (CSV) or row (xlsx) of the response
	Column    int       // 1-based column of the answer
	Email     string    // respondent email, lower-cased ("" if the export has none)
	Name      string    // respondent name when the export carries one
	Submitted time.Time // wall time of submission as the export gives it (time.UTC standing for "no zone"); zero if none
	Zone      string    // IANA zone or fixed offset text if the export states one ("GMT-4", "America/Denver"), else ""
	Cohort    string    // from a column named cohort, if present
	Session   int       // from a column named session, if present; 0 if not
	Question  string    // the column header text exactly (Google Forms grid: "Question [Row]")
	Tag       string    // Qualtrics export tag (e.g. "Q3_1"), else ""
	Value     string    // the answer text as exported; multi-select kept joined as exported
}

// Export is the content of one survey or check-in export.
type Export struct {
	Vendor    string   // VendorGoogleForms, VendorQualtrics or VendorMSForms
	Answers   []Answer // in file order: by response, then by column
	Questions []string // the header text of every answer column, in column order
}

// role is what a column holds, told from its header.
type role int

const (
	roleAnswer role = iota
	roleMeta        // vendor bookkeeping: neither an answer nor identity
	roleEmail
	roleName
	roleCohort
	roleSession
)

// headerRole names the identity columns every vendor may carry, whether the
// vendor adds them (Google's "Email Address") or the form asks for them
// ("Your name", a cohort column a facilitator added to the sheet).
func headerRole(header string) role {
	switch fold(header) {
	case "email address", "email", "e-mail", "e-mail address", "your email", "your email address", "username":
		return roleEmail
	case "name", "full name", "your name", "first and last name":
		return roleName
	case "cohort":
		return roleCohort
	case "session", "session number", "session #", "session no.":
		return roleSession
	}
	return roleAnswer
}

// fold is a header or value cleaned (see exportfile.CleanText), trimmed and
// lower-cased, for matching.
func fold(s string) string {
	return strings.ToLower(strings.TrimSpace(exportfile.CleanText(s)))
}

// cleanHeader cleans a header row in place (see exportfile.CleanText), so a
// question whose text carries a no-break space or a direction mark reads as
// the same question in every export.
func cleanHeader(cells []string) {
	for i, c := range cells {
		cells[i] = exportfile.CleanText(c)
	}
}

// respondent is who answered one response and what it says of its session.
type respondent struct {
	email, name, cohort string
	session             int
}

// identityColumns lists, per role, the columns that may hold it, in order
// of preference: the first usable value wins.
type identityColumns struct {
	email, name, cohort, session []int
}

// add records column i as a source of r; it reports false for answer and
// bookkeeping roles, which are not identity.
func (c *identityColumns) add(r role, i int) bool {
	switch r {
	case roleEmail:
		c.email = append(c.email, i)
	case roleName:
		c.name = append(c.name, i)
	case roleCohort:
		c.cohort = append(c.cohort, i)
	case roleSession:
		c.session = append(c.session, i)
	default:
		return false
	}
	return true
}

// read takes the respondent from one row; line is for errors.
func (c *identityColumns) read(fields []string, line int) (respondent, error) {
	var r respondent
	for _, cols := range [][]int{c.email, c.name} {
		if err := exportfile.CheckNames(fields, line, cols...); err != nil {
			return r, err
		}
	}
	get := func(i int) string {
		if i < len(fields) {
			return strings.TrimSpace(fields[i])
		}
		return ""
	}
	for _, i := range c.email {
		if r.email = normEmail(get(i)); r.email != "" {
			break
		}
	}
	for _, i := range c.name {
		if r.name = normName(get(i)); r.name != "" {
			break
		}
	}
	for _, i := range c.cohort {
		if r.cohort = get(i); r.cohort != "" {
			break
		}
	}
	for _, i := range c.session {
		s := get(i)
		if s == "" {
			continue
		}
		n, ok := parseSession(s)
		if !ok {
			return r, exportfile.ErrorAt(line, i, fmt.Errorf("%w %q (want a session number like 3 or \"Session 3\")", ErrBadSession, exportfile.Excerpt(s)))
		}
		r.session = n
		break
	}
	return r, nil
}

// normEmail lower-cases an email; anything without an "@" (Microsoft
// Forms' "anonymous") is no email.
func normEmail(s string) string {
	s = fold(s)
	if !strings.Contains(s, "@") {
		return ""
	}
	return s
}

// normName drops Microsoft Forms' "anonymous" placeholder.
func normName(s string) string {
	s = strings.TrimSpace(exportfile.CleanText(s))
	if strings.EqualFold(s, "anonymous") {
		return ""
	}
	return s
}

// parseSession reads "3", "Session 3", "Week 3", "session #3" or "3.0" (a
// spreadsheet's number) as a session number of at most four digits.
func parseSession(s string) (int, bool) {
	t := fold(s)
	for _, w := range []string{"session", "week", "wk"} {
		if strings.HasPrefix(t, w) {
			t = strings.TrimSpace(t[len(w):])
			break
		}
	}
	t = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(t, "#"), "no."))
	t = strings.TrimSuffix(t, ".0")
	n, ok := exportfile.WholeNumber(t, 4)
	return n, ok && n >= 1
}

// stamps is how the three vendors and spreadsheet re-saves write submission
// times:
//
//	2026/03/24 7:35:12 PM GMT-4   Google Forms download
//	3/24/2026 19:35:12            Google Sheets (24/03/2026 in day-first locales)
//	2026-03-24 19:35:12           Qualtrics
//	3/24/26 19:35:12              Microsoft Forms text times
//
// that is, besides the plain forms: two-digit years (20yy), ", " after the
// date (a browser's locale string pasted into a sheet), "a.m." and "p.m.", a
// fraction of a second (dropped), and a zone such as "GMT-4", kept for
// Answer.Zone.
var stamps = exportfile.Layout{
	ShortYears:     true,
	Comma:          exportfile.CommaThenSpace,
	DottedMeridiem: true,
	Fraction:       true,
	Zone:           true,
}

// response is one parsed row waiting for the file's date order: its answers
// are Export.Answers[first:first+n].
type response struct {
	first, n int
	when     exportfile.Stamp
}

// settle gives every answer its response's submission time once the file's
// date order is known.
func settle(answers []Answer, responses []response, order exportfile.DateOrder) {
	for _, r := range responses {
		t := r.when.Time(order)
		for i := r.first; i < r.first+r.n; i++ {
			answers[i].Submitted = t
		}
	}
}
