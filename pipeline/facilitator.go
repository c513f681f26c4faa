// facilitator.go parses the files a facilitator writes by hand: schedule.csv, roster.csv and the
// long-form survey answers. Each parser is a pure function from bytes to rows or a positioned error.
package pipeline

import (
	"bytes"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"cohesion/pipeline/exportfile"
)

// ScheduleRow is one planned session.
type ScheduleRow struct {
	Line        int
	Cohort      string
	Program     string
	Session     int
	StartsLocal time.Time // wall time; the zone is Timezone
	Minutes     int
	MeetingID   string // digits only
	Timezone    string
	Facilitator string
}

// RosterRow is one person on a cohort's roster.
type RosterRow struct {
	Line    int
	Cohort  string
	Name    string
	Email   string
	Aliases []string
	// FromSession is the first session the member is enrolled for (1 unless the roster says).
	FromSession int
	// Role is member, or guest, co-facilitator or observer: people recognised in exports who are
	// neither members nor unmatched.
	Role string
}

// Roles are the values of roster.csv's role column; the first is the default.
var Roles = []string{"member", "guest", "co-facilitator", "observer"}

// ResponseRow is one answered item of the long survey form.
type ResponseRow struct {
	Line       int
	Email      string
	Cohort     string
	Session    int // 0 when not given
	Instrument string
	Item       string
	Value      string
}

// zoneCache keeps each time zone loaded once: a schedule of thousands of sessions names a few.
type zoneCache map[string]*time.Location

func (z zoneCache) load(name string) (*time.Location, error) {
	if loc, ok := z[name]; ok {
		return loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err == nil {
		z[name] = loc
	}
	return loc, err
}

// ParseSchedule parses schedule.csv. defaultTZ is used for rows without a timezone. starts_at is
// YYYY-MM-DD HH:MM, or as a spreadsheet re-saves it (1/5/2027 18:00, 1/5/2027 6:00 PM): such a
// file's day and month are told apart by a day above 12 anywhere in it, else by order (a
// DateOrder; DateAuto refuses a file whose every such date is ambiguous, with the advice).
func ParseSchedule(data []byte, defaultTZ string, order DateOrder) ([]ScheduleRow, error) {
	t, err := readTable(data)
	if err != nil {
		return nil, err
	}
	if err := t.require("cohort", "program", "session", "starts_at", "minutes"); err != nil {
		return nil, err
	}
	seen := map[string]int{}
	zones := zoneCache{}
	dates, err := settleDateOrder(t, "starts_at", order)
	if err != nil {
		return nil, err
	}
	rows := make([]ScheduleRow, 0, len(t.records))
	for _, rec := range t.records {
		row := ScheduleRow{Line: rec.line}
		var col int
		if row.Cohort, col = t.get(rec, "cohort"); row.Cohort == "" {
			return nil, errAt(rec.line, col, "cohort is empty")
		}
		if row.Program, col = t.get(rec, "program"); row.Program == "" {
			return nil, errAt(rec.line, col, "program is empty")
		}
		s, col := t.get(rec, "session")
		if row.Session, err = strconv.Atoi(s); err != nil || row.Session < 1 {
			return nil, errAt(rec.line, col, "session %q is not a session number (1, 2, ...)", s)
		}
		key := row.Cohort + "\x00" + s
		if prev, dup := seen[key]; dup {
			return nil, errAt(rec.line, col, "cohort %s session %d is planned twice (also line %d)", row.Cohort, row.Session, prev)
		}
		seen[key] = rec.line
		m, col := t.get(rec, "minutes")
		if row.Minutes, err = strconv.Atoi(m); err != nil || row.Minutes < 1 || row.Minutes > 24*60 {
			return nil, errAt(rec.line, col, "minutes %q is not a session length in minutes", m)
		}
		row.Timezone, col = t.get(rec, "timezone")
		if row.Timezone == "" {
			row.Timezone = defaultTZ
		}
		loc, err := zones.load(row.Timezone)
		if err != nil || row.Timezone == "" || row.Timezone == "Local" {
			return nil, errAt(rec.line, col, "timezone %q is not an IANA time zone like Europe/London", row.Timezone)
		}
		st, col := t.get(rec, "starts_at")
		start, err := dates.parse(st)
		if err != nil {
			return nil, errAt(rec.line, col, "starts_at %q %v", st, err)
		}
		if y := start.Year(); y < 1900 || y > 2999 { // 0001 or 9999: a mistyped year, not a session
			return nil, errAt(rec.line, col, "starts_at %q is not a plausible date (year %d)", st, y)
		}
		// A wall time skipped by a daylight-saving jump names no real instant.
		if inZone := time.Date(start.Year(), start.Month(), start.Day(), start.Hour(), start.Minute(), 0, 0, loc); inZone.Hour() != start.Hour() {
			return nil, errAt(rec.line, col, "starts_at %q does not exist in %s (daylight-saving gap)", st, row.Timezone)
		}
		row.StartsLocal = start
		mid, col := t.get(rec, "meeting_id")
		row.MeetingID = digits(mid)
		if mid != "" && row.MeetingID == "" {
			return nil, errAt(rec.line, col, "meeting_id %q has no digits", mid)
		}
		row.Facilitator, _ = t.get(rec, "facilitator")
		rows = append(rows, row)
	}
	return rows, nil
}

// ParseRoster parses roster.csv.
func ParseRoster(data []byte) ([]RosterRow, error) {
	t, err := readTable(data)
	if err != nil {
		return nil, err
	}
	if err := t.require("cohort", "name", "email"); err != nil {
		return nil, err
	}
	seen := map[string]int{}
	rows := make([]RosterRow, 0, len(t.records))
	for _, rec := range t.records {
		row := RosterRow{Line: rec.line}
		var col int
		if row.Cohort, col = t.get(rec, "cohort"); row.Cohort == "" {
			return nil, errAt(rec.line, col, "cohort is empty")
		}
		row.Name, col = t.get(rec, "name")
		email, ecol := t.get(rec, "email")
		al, acol := t.get(rec, "aliases")
		for _, f := range []struct {
			v   string
			col int
		}{{row.Name, col}, {email, ecol}, {al, acol}} {
			if err := checkName(rec.line, f.col, f.v); err != nil {
				return nil, err
			}
		}
		row.Email = NormEmail(email)
		if email != "" && row.Email == "" {
			return nil, errAt(rec.line, ecol, "email %q is not an email address", email)
		}
		if row.Name == "" && row.Email == "" {
			return nil, errAt(rec.line, col, "member has neither name nor email")
		}
		key := row.Cohort + "\x00" + row.Email
		if row.Email == "" {
			key = row.Cohort + "\x00name:" + FoldName(row.Name)
		}
		if prev, dup := seen[key]; dup {
			return nil, errAt(rec.line, col, "member %q is listed twice in cohort %s (also line %d)", row.Name, row.Cohort, prev)
		}
		seen[key] = rec.line
		row.FromSession = 1
		if v, col := t.get(rec, "from_session"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 999 {
				return nil, errAt(rec.line, col, "from_session %q is not a session number (1 or more)", v)
			}
			row.FromSession = n
		}
		row.Role = Roles[0]
		if v, col := t.get(rec, "role"); v != "" {
			role := strings.ToLower(strings.ReplaceAll(v, " ", "-"))
			if role == "cofacilitator" {
				role = "co-facilitator"
			}
			if !slices.Contains(Roles, role) {
				return nil, errAt(rec.line, col, "role %q is not one of %s", v, strings.Join(Roles, ", "))
			}
			row.Role = role
		}
		for _, a := range strings.Split(al, ";") {
			if a = strings.TrimSpace(a); a != "" {
				row.Aliases = append(row.Aliases, a)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// ParseResponses parses the long survey form email,cohort,session,instrument,item,value.
func ParseResponses(data []byte) ([]ResponseRow, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	// Read in one pass, keeping only the rows: a researcher's long form can hold millions.
	rows := make([]ResponseRow, 0, bytes.Count(data, []byte{'\n'}))
	err := scanResponses(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)), func(r ResponseRow) error {
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// scanResponses reads a long form's checked text, handing each row to each in turn.
func scanResponses(text io.Reader, each func(ResponseRow) error) error {
	var t *table
	return scanTableFrom(text, func(h *table) error {
		t = h
		return t.require("email", "instrument", "item", "value")
	}, func(rec record) error {
		row := ResponseRow{Line: rec.line}
		email, col := t.get(rec, "email")
		if err := checkName(rec.line, col, email); err != nil {
			return err
		}
		if row.Email = NormEmail(email); row.Email == "" {
			return errAt(rec.line, col, "email %q is not an email address", email)
		}
		row.Cohort, _ = t.get(rec, "cohort")
		if s, col := t.get(rec, "session"); s != "" {
			var err error
			if row.Session, err = strconv.Atoi(s); err != nil || row.Session < 1 {
				return errAt(rec.line, col, "session %q is not a session number", s)
			}
		}
		if row.Instrument, col = t.get(rec, "instrument"); row.Instrument == "" {
			return errAt(rec.line, col, "instrument is empty")
		}
		row.Instrument = strings.ToLower(row.Instrument)
		if row.Item, col = t.get(rec, "item"); row.Item == "" {
			return errAt(rec.line, col, "item is empty")
		}
		row.Item = strings.ToLower(row.Item)
		row.Value, _ = t.get(rec, "value")
		return each(row)
	})
}

// responseValues appends a long-form row's raw_responses columns (after file_id) to dst.
func responseValues(dst []driver.Value, r *ResponseRow) []driver.Value {
	var session any
	if r.Session > 0 {
		session = int32(r.Session)
	}
	return append(dst, int32(r.Line), r.Email, nil, nullable(r.Cohort), session, r.Instrument, r.Item, nullable(r.Value), nil, nil)
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// vendorFormat is an export format recognised by its own package's Detect.
type vendorFormat struct {
	name   string
	detect func([]byte) bool
}

// formatOf names the format of an input file from its content, never its name. Vendors that
// write UTF-16 (Teams) are asked before the text check; the facilitator's own files, whose
// headers are fixed, before the other vendors; the roster, whose header is the loosest, last.
func formatOf(data []byte, binaryVendors, vendors []vendorFormat) (string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return "", notExport(errAt(0, 0, "the file is empty"))
	}
	for _, v := range binaryVendors {
		if v.detect(data) {
			return v.name, nil
		}
	}
	if err := checkText(data); err != nil {
		// Bad bytes on the first line are a binary file; after a readable header, a text
		// export that cannot be read as it is, which is a failure and never skipped.
		if pe := (*ParseError)(nil); errors.As(err, &pe) && pe.Line > 1 {
			return "", err
		}
		return "", notExport(err)
	}
	h := headerOf(data)
	has := func(names ...string) bool {
		for _, n := range names {
			if !slices.Contains(h, n) {
				return false
			}
		}
		return true
	}
	switch {
	case has("cohort", "program", "session", "starts_at"):
		return "schedule", nil
	case has("email", "instrument", "item", "value"):
		return "survey-long", nil
	case has("column", "instrument", "item"):
		return "codebook", nil
	}
	for _, v := range vendors {
		if v.detect(data) {
			return v.name, nil
		}
	}
	switch {
	case has("cohort", "name", "email"):
		return "roster", nil
	case has("cohort", "session", "starts_at") || has("cohort", "session", "minutes"):
		return "schedule", nil // let the schedule parser name the missing column
	case has("name", "email"):
		return "roster", nil
	}
	first := strings.Join(h, ",")
	if len(first) > 80 {
		first = first[:80] + "..."
	}
	return "", notExport(errAt(1, 0, "unrecognised export (header %q): expected a schedule, roster, codebook or long form, or a Zoom, Teams, Meet, Google Forms, Qualtrics or Microsoft Forms export", first))
}

// ErrNotExport marks content that is no export cohesion reads (errors.Is): a document, an image,
// an empty or unrelated file. Named on the command line it is an error; found in a folder, load
// skips it.
var ErrNotExport = errors.New("not an export cohesion reads")

type notExportError struct{ error }

func (e notExportError) Is(target error) bool { return target == ErrNotExport }
func (e notExportError) Unwrap() error        { return e.error }

func notExport(err error) error { return notExportError{err} }

// DateOrder says how a facilitator file's slash dates read, as for the exports (load's
// --date-order): DateAuto lets the file decide.
type DateOrder = exportfile.DateOrder

const (
	DateAuto   = exportfile.DateAuto
	MonthFirst = exportfile.MonthFirst
	DayFirst   = exportfile.DayFirst
)

var slashDate = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?$`)

// dateReader reads one file's date and time cells once its day/month order is settled.
type dateReader struct{ dayFirst bool }

func (d dateReader) parse(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	m := slashDate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, errors.New("is not a date and time YYYY-MM-DD HH:MM (or M/D/YYYY H:MM as a spreadsheet saves it)")
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	month, day, year, hour, minute, second := n(1), n(2), n(3), n(4), n(5), 0
	if d.dayFirst {
		month, day = day, month
	}
	if len(m[3]) == 2 {
		year += 2000
	}
	if m[6] != "" {
		second = n(6)
	}
	if ampm := strings.ToLower(strings.ReplaceAll(m[7], ".", "")); ampm != "" {
		if hour < 1 || hour > 12 {
			return time.Time{}, fmt.Errorf("has hour %d with %s", hour, m[7])
		}
		hour %= 12
		if ampm == "pm" {
			hour += 12
		}
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC)
	if t.Month() != time.Month(month) || t.Day() != day || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, errors.New("is not a real date and time")
	}
	return t, nil
}

// settleDateOrder decides how the file's slash dates in column name read: a first field above
// 12 anywhere means day first, a second field above 12 month first; both is a contradiction, and
// neither, with every such date ambiguous, needs order.
func settleDateOrder(t *table, name string, order DateOrder) (dateReader, error) {
	var dayFirstLine, monthFirstLine, ambiguousLine, ambiguousCol int
	var ambiguous string
	for _, rec := range t.records {
		v, col := t.get(rec, name)
		m := slashDate.FindStringSubmatch(v)
		if m == nil {
			continue
		}
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		switch {
		case a > 12 && dayFirstLine == 0:
			dayFirstLine = rec.line
		case b > 12 && monthFirstLine == 0:
			monthFirstLine = rec.line
		case a != b && a <= 12 && b <= 12 && ambiguousLine == 0:
			ambiguousLine, ambiguousCol, ambiguous = rec.line, col, v
		}
	}
	switch {
	case order == DayFirst:
		return dateReader{dayFirst: true}, nil
	case order == MonthFirst:
		return dateReader{}, nil
	case dayFirstLine > 0 && monthFirstLine > 0:
		return dateReader{}, errAt(max(dayFirstLine, monthFirstLine), 0, "%s mixes day-first (line %d) and month-first (line %d) dates", name, dayFirstLine, monthFirstLine)
	case dayFirstLine > 0:
		return dateReader{dayFirst: true}, nil
	case monthFirstLine > 0 || ambiguousLine == 0:
		return dateReader{}, nil
	}
	return dateReader{}, errAt(ambiguousLine, ambiguousCol, "%s %q could be month/day or day/month and nothing in the file tells which: "+
		"load with --date-order mdy or --date-order dmy, or save the dates as YYYY-MM-DD HH:MM", name, ambiguous)
}
