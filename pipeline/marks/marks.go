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
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
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

var bom = []byte{0xEF, 0xBB, 0xBF}

// detectPrefix bounds the bytes Detect reads: only the header matters, and
// the loader calls Detect on every file it walks.
const detectPrefix = 16 << 10

// Detect reports whether data looks like an attendance-marks file (content
// only, never the file name): its first non-blank row has cohort, session,
// status, and email or name columns.
func Detect(data []byte) bool {
	data = bytes.TrimPrefix(data, bom)
	if len(data) > detectPrefix {
		data = data[:detectPrefix]
		// Do not count a character cut in half by the prefix as invalid.
		for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
			if utf8.RuneStart(data[i]) {
				if !utf8.FullRune(data[i:]) {
					data = data[:i]
				}
				break
			}
		}
	}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return false
	}
	data = crToLF(data)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiterOf(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true // a guess, not a verdict: Parse reports quoting problems
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if err != nil {
			return false
		}
		if isBlank(rec) {
			continue
		}
		c := locate(normHeader(rec))
		return c.cohort >= 0 && c.session >= 0 && c.status >= 0 && (c.email >= 0 || c.name >= 0)
	}
}

// Parse reads every mark in the file. Errors are *ParseError. A row with an
// empty status is skipped: sheets kept by hand list sessions not yet held.
// Columns other than cohort, session, email, name and status are ignored.
//
// Parse reads with strict CSV quoting and, if that fails, once more with
// lazy quoting, as a bare quote in a name is common in hand-kept files.
func Parse(data []byte) ([]Mark, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	data = crToLF(bytes.TrimPrefix(data, bom))
	marks, err := parse(data, false)
	if err == errRetryLazy {
		marks, err = parse(data, true)
	}
	if err != nil {
		return nil, err
	}
	return marks, nil
}

// errRetryLazy tells Parse that strict quoting failed.
var errRetryLazy = errors.New("retry with lazy quotes")

func checkText(data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return &ParseError{Line: 1, Err: fmt.Errorf("%w: NUL bytes (binary, or UTF-16 text)", ErrNotText)}
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		line := bytes.Count(data[:i], []byte{'\n'}) + 1
		return &ParseError{Line: 1, Err: fmt.Errorf("%w: invalid UTF-8 on line %d (save it as CSV UTF-8)", ErrNotText, line)}
	}
	return nil
}

// crToLF turns old Mac line endings into LF, which encoding/csv needs; line
// numbers are unchanged.
func crToLF(data []byte) []byte {
	if bytes.IndexByte(data, '\n') >= 0 || bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	return bytes.ReplaceAll(data, []byte{'\r'}, []byte{'\n'})
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
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiterOf(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = lazy
	r.ReuseRecord = true
	// next returns the next non-blank record and its line, or nil at the end.
	next := func() ([]string, int, error) {
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return nil, 0, nil
			}
			if err != nil {
				var ce *csv.ParseError
				if errors.As(err, &ce) {
					if !lazy {
						return nil, 0, errRetryLazy
					}
					return nil, 0, &ParseError{Line: max(ce.Line, 1), Err: ce.Err}
				}
				return nil, 0, &ParseError{Line: 1, Err: err}
			}
			if !isBlank(rec) {
				line, _ := r.FieldPos(0)
				return rec, line, nil
			}
		}
	}

	rec, line, err := next()
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, &ParseError{Line: 1, Err: fmt.Errorf(`%w: the file is empty`, ErrNoHeader)}
	}
	c := locate(normHeader(rec))
	switch {
	case c.cohort < 0 && c.session < 0 && c.status < 0:
		return nil, &ParseError{Line: line, Err: fmt.Errorf(`%w: found %q where a "cohort,session,email,name,status" header should be`, ErrNoHeader, excerpt(rec))}
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
			return nil, errAt(line, len(rec), fmt.Errorf("%w: %d fields, the columns read need %d", ErrTruncated, len(rec), need))
		}
		get := func(i int) string {
			if i < 0 {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		m := Mark{Line: line, Cohort: get(c.cohort), Email: get(c.email), Name: get(c.name), Raw: get(c.status)}
		if m.Cohort == "" {
			return nil, errAt(line, c.cohort, fmt.Errorf("%w: no cohort", ErrMissingValue))
		}
		var ok bool
		if m.Session, ok = session(get(c.session)); !ok {
			return nil, errAt(line, c.session, fmt.Errorf("%w %q", ErrBadSession, get(c.session)))
		}
		if m.Email == "" && m.Name == "" {
			col := c.email
			if col < 0 {
				col = c.name
			}
			return nil, errAt(line, col, fmt.Errorf("%w: no email or name", ErrMissingValue))
		}
		if m.Raw == "" {
			continue
		}
		if m.Status, ok = statuses[fold(m.Raw)]; !ok {
			return nil, errAt(line, c.status, fmt.Errorf("%w %q (want %s)", ErrUnknownStatus, m.Raw, accepted))
		}
		out = append(out, m)
	}
}

// session reads a positive whole number; six digits is far more sessions
// than any group runs and keeps it far from overflow.
func session(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, n > 0
}

// columns locates the fields Parse reads; -1 means absent.
type columns struct {
	cohort, session, email, name, status int
}

// locate maps a folded header row.
func locate(norm []string) columns {
	return columns{
		cohort:  col(norm, "cohort"),
		session: col(norm, "session"),
		email:   col(norm, "email"),
		name:    col(norm, "name"),
		status:  col(norm, "status"),
	}
}

// normHeader folds a header row for matching: trimmed and lower-cased, so
// "Status " and "STATUS" are the same column.
func normHeader(rec []string) []string {
	out := make([]string, len(rec))
	for i, f := range rec {
		out[i] = strings.ToLower(strings.TrimSpace(f))
	}
	return out
}

// col returns the index of the first cell equal to name, or -1.
func col(norm []string, name string) int {
	for i, f := range norm {
		if f == name {
			return i
		}
	}
	return -1
}

// isBlank reports whether a record has no content: a blank line, or the
// ",,,,,," a spreadsheet writes for one.
func isBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// excerpt shows the start of an unexpected row in an error message.
func excerpt(rec []string) string {
	s := strings.Join(rec, ",")
	if len(s) > 60 {
		// Cut on a rune boundary so the message stays valid UTF-8.
		i := 60
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s = s[:i] + "..."
	}
	return s
}
