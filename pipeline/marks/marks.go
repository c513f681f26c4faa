// Package marks parses attendance kept by hand or exported from a
// practice-management system: a CSV with one row per member and session,
// marked Show, No Show, Late Canceled and so on. Errors point at the line and
// column to fix.
//
// It is a pure function of the file's bytes: it knows nothing of rosters,
// schedules or the database.
package marks

import (
	"bytes"
	"fmt"
	"strings"

	"cohesion/pipeline/exportfile"
)

// The statuses a Mark carries, whatever the file spelled.
const (
	// Present: the member attended.
	Present = "present"
	// Late: the member attended but came late.
	Late = "late"
	// Absent: the member did not come and did not cancel (No Show, DNA).
	Absent = "absent"
	// LateCancel: the member cancelled too late to count as excused; it
	// counts as absent.
	LateCancel = "late_cancel"
	// Cancelled: the member cancelled in time.
	Cancelled = "cancelled"
	// ClinicianCancelled: the session did not happen for this member, so
	// the mark says nothing about them.
	ClinicianCancelled = "clinician_cancelled"
)

// Mark is one row: one member's attendance at one session.
type Mark struct {
	Line    int    // 1-based line number in the file of this row
	Cohort  string // as written, trimmed
	Session int    // the session number, 1 or more
	Email   string // may be "" when Name is given
	Name    string // may be "" when Email is given
	Status  string // Present, Late, Absent, LateCancel, Cancelled or ClinicianCancelled
	Raw     string // the status as written, trimmed
}

// statuses maps a folded status (see fold) to a Mark's status. Practice
// systems say Show / No Show / Late Canceled / Canceled / Clinician Canceled;
// hand-kept sheets say Present, Absent, Yes, No or the UK's DNA.
var statuses = map[string]string{
	"show": Present, "present": Present, "attended": Present, "yes": Present,
	"late":   Late,
	"noshow": Absent, "absent": Absent, "no": Absent, "dna": Absent,
	"latecanceled": LateCancel, "latecancelled": LateCancel,
	"canceled": Cancelled, "cancelled": Cancelled,
	"cliniciancanceled": ClinicianCancelled, "cliniciancancelled": ClinicianCancelled,
	"therapistcanceled": ClinicianCancelled, "therapistcancelled": ClinicianCancelled,
	// This package's own names, so that a file written from the database
	// reads back.
	"latecancel": LateCancel,
}

// accepted lists the spellings for the unknown-status message.
const accepted = "Show, Present, Attended, Yes, Late, No Show, Absent, No, DNA, " +
	"Late Canceled, Canceled, Clinician Canceled or Therapist Cancelled"

// fold ignores case, spaces, hyphens and underscores, so "No-Show",
// "no show" and "NO_SHOW" are one status.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		switch r {
		case ' ', '-', '_', '\t', '\u00a0':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Detect reports whether data looks like an attendance-marks file (content
// only, never the file name): its first non-blank row has cohort, session,
// status, and email or name columns.
func Detect(data []byte) bool {
	text := exportfile.DetectText(data)
	recs := exportfile.FirstRecords(text, delimiterOf(text), 1)
	if len(recs) == 0 {
		return false
	}
	c := locate(exportfile.NormHeader(recs[0]))
	return c.cohort >= 0 && c.session >= 0 && c.status >= 0 && (c.email >= 0 || c.name >= 0)
}

// Parse reads every mark in the file. Errors are *ParseError. A row with an
// empty status is skipped: sheets kept by hand list sessions not yet held.
// Columns other than cohort, session, email, name and status are ignored.
//
// Parse reads with strict CSV quoting and, if that fails, once more with
// lazy quoting, as a bare quote in a name is common in hand-kept files.
func Parse(data []byte) ([]Mark, error) {
	return exportfile.ReadCSV(data, parse)
}

// delimiterOf picks the separator from the header line: a spreadsheet saves
// "CSV" with semicolons where the comma is the decimal mark, and a
// practice system may export tab-separated text.
func delimiterOf(data []byte) rune {
	line := data
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	comma, semi, tab := bytes.Count(line, []byte{','}), bytes.Count(line, []byte{';'}), bytes.Count(line, []byte{'\t'})
	switch {
	case tab > comma && tab >= semi:
		return '\t'
	case semi > comma:
		return ';'
	}
	return ','
}

func parse(data []byte, lazy bool) ([]Mark, error) {
	next := exportfile.NewRecords(data, delimiterOf(data), lazy).Next

	rec, line, err := next()
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, &ParseError{Line: 1, Err: fmt.Errorf(`%w: the file is empty`, ErrNoHeader)}
	}
	c := locate(exportfile.NormHeader(rec))
	switch {
	case c.cohort < 0 && c.session < 0 && c.status < 0:
		return nil, &ParseError{Line: line, Err: fmt.Errorf(`%w: found %q where a "cohort,session,email,name,status" header should be`, ErrNoHeader, exportfile.Excerpt(strings.Join(rec, ",")))}
	case c.cohort < 0:
		return nil, &ParseError{Line: line, Err: fmt.Errorf("%w %q", ErrMissingColumn, "cohort")}
	case c.session < 0:
		return nil, &ParseError{Line: line, Err: fmt.Errorf("%w %q", ErrMissingColumn, "session")}
	case c.status < 0:
		return nil, &ParseError{Line: line, Err: fmt.Errorf("%w %q", ErrMissingColumn, "status")}
	case c.email < 0 && c.name < 0:
		return nil, &ParseError{Line: line, Err: fmt.Errorf("%w %q", ErrMissingColumn, "email or name")}
	}
	// Rows need to reach the columns read; a hand-kept sheet's rows often
	// stop short of notes columns further right.
	need := 0
	for _, i := range []int{c.cohort, c.session, c.email, c.name, c.status} {
		need = max(need, i+1)
	}

	var out []Mark
	for {
		rec, line, err := next()
		if err != nil {
			return nil, err
		}
		if rec == nil {
			return out, nil
		}
		if len(rec) < need {
			return nil, exportfile.ErrorAt(line, len(rec), fmt.Errorf("%w: %d fields, the columns read need %d", ErrTruncated, len(rec), need))
		}
		get := func(i int) string {
			if i < 0 {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		if err := exportfile.CheckNames(rec, line, c.email, c.name); err != nil {
			return nil, err
		}
		m := Mark{Line: line, Cohort: get(c.cohort), Email: get(c.email), Name: get(c.name), Raw: get(c.status)}
		if m.Cohort == "" {
			return nil, exportfile.ErrorAt(line, c.cohort, fmt.Errorf("%w: no cohort", ErrMissingValue))
		}
		var ok bool
		if m.Session, ok = session(get(c.session)); !ok {
			return nil, exportfile.ErrorAt(line, c.session, fmt.Errorf("%w %q", ErrBadSession, get(c.session)))
		}
		if m.Email == "" && m.Name == "" {
			col := c.email
			if col < 0 {
				col = c.name
			}
			return nil, exportfile.ErrorAt(line, col, fmt.Errorf("%w: no email or name", ErrMissingValue))
		}
		if m.Raw == "" {
			continue
		}
		if m.Status, ok = statuses[fold(m.Raw)]; !ok {
			return nil, exportfile.ErrorAt(line, c.status, fmt.Errorf("%w %q (want %s)", ErrUnknownStatus, m.Raw, accepted))
		}
		out = append(out, m)
	}
}

// session reads a positive whole number; six digits is far more sessions
// than any group runs.
func session(s string) (int, bool) {
	n, ok := exportfile.WholeNumber(s, 6)
	return n, ok && n > 0
}

// columns locates the fields Parse reads; -1 means absent.
type columns struct {
	cohort, session, email, name, status int
}

// locate maps a folded header row.
func locate(norm []string) columns {
	return columns{
		cohort:  exportfile.Column(norm, "cohort"),
		session: exportfile.Column(norm, "session"),
		email:   exportfile.Column(norm, "email"),
		name:    exportfile.Column(norm, "name"),
		status:  exportfile.Column(norm, "status"),
	}
}
