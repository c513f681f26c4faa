// Package zoom parses Zoom "meeting participants report" CSV exports into
// attendance rows, with errors that point at the line and column to fix.
//
// It is a pure function of the file's bytes: it knows nothing of cohorts,
// sessions or the database, so the loader can run it on thousands of files
// and test it on fixtures alone.
package zoom

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Layout names which Zoom export shape a file had.
type Layout string

// The layouts Zoom has produced. The unique variants come from ticking
// "Show unique users", which sums each person's time into one row without
// join and leave times.
const (
	// LayoutClassic is "Name (Original Name),User Email,Join Time,...".
	LayoutClassic Layout = "classic"
	// LayoutSentence is the newer "Name (original name),Email,Join time,...".
	LayoutSentence Layout = "sentence"
	// LayoutClassicUnique is "Name (Original Name),User Email,Total Duration (Minutes),Guest".
	LayoutClassicUnique Layout = "classic-unique"
	// LayoutSentenceUnique is "Name (original name),Email,Total duration (minutes),Guest".
	LayoutSentenceUnique Layout = "sentence-unique"
)

// Meeting is the optional block Zoom writes above the participant table
// when "Export with meeting data" is ticked.
type Meeting struct {
	ID        string // digits only, spaces removed, "" if no meeting block
	Topic     string
	Host      string // host name or email as the block gives it
	HostEmail string
	Start     time.Time // wall clock, time.UTC standing for "no zone"; zero if absent
	End       time.Time // as Start
}

// Participant is one row of the participant table: one join-to-leave
// interval of one person, or one person's total in the unique layouts.
type Participant struct {
	Line         int       // 1-based line number in the file of this row
	Name         string    // display name (the "New" part of "New (Original)")
	OriginalName string    // the part in parentheses when the user renamed, else ""
	Email        string    // may be "" for guests
	Join         time.Time // wall clock as Meeting.Start; zero in the unique layouts
	Leave        time.Time // as Join; never before Join
	Minutes      int       // the Duration (Minutes) or Total Duration (Minutes) column
	Guest        bool
	WaitingRoom  bool // In Waiting Room = Yes; not attendance, left to the caller to drop
}

// Report is the content of one participants report file.
type Report struct {
	Layout          Layout
	HasMeetingBlock bool
	Meeting         Meeting // zero unless HasMeetingBlock
	Participants    []Participant
}

// Options tunes Parse for files whose shape the content cannot settle.
type Options struct {
	// DateOrder overrides per-file detection of day-first dates.
	DateOrder DateOrder
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// detectPrefix bounds the bytes Detect reads: the header is always within
// the first few lines, and the loader calls Detect on every file it walks.
const detectPrefix = 16 << 10

// Detect reports whether data looks like a Zoom participants report (content
// only, never the file name): its first non-blank row is a Zoom meeting block
// header or participant header.
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
	r := csv.NewReader(bytes.NewReader(crToLF(data)))
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
		norm := normHeader(rec)
		return isBlockHeader(norm) || isParticipantHeader(norm)
	}
}

// Parse parses a whole participants report. Errors are *ParseError. A file
// with a participant header and no rows gives a Report with no Participants.
//
// Parse reads with strict CSV quoting and, if that fails, once more with
// lazy quoting: a bare quote in a display name (Robin "RJ" Lee) is common in
// hand-edited files, and a file cut inside a quoted field then shows up as
// the truncated row it is rather than as a quoting error.
func Parse(data []byte, opt Options) (*Report, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	data = crToLF(bytes.TrimPrefix(data, bom))
	rep, err := parse(data, opt, false)
	if err == errRetryLazy {
		rep, err = parse(data, opt, true)
	}
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// errRetryLazy tells Parse that strict quoting failed.
var errRetryLazy = errors.New("retry with lazy quotes")

func checkText(data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return &ParseError{Line: 1, Err: fmt.Errorf("%w: NUL bytes (binary, or UTF-16 text)", ErrNotText)}
	}
	if !utf8.Valid(data) {
		// A spreadsheet's plain "CSV" save writes a legacy code page; say
		// where the first bad byte is so the user can see the name it broke.
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

// crToLF turns old Mac line endings (a spreadsheet's "CSV (Macintosh)"
// save) into LF, which encoding/csv needs; line numbers are unchanged.
func crToLF(data []byte) []byte {
	if bytes.IndexByte(data, '\n') >= 0 || bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	return bytes.ReplaceAll(data, []byte{'\r'}, []byte{'\n'})
}

// rowTimes holds a row's times until the file's date order is known.
type rowTimes struct {
	join, leave stamp
	leaveCol    int
}

func parse(data []byte, opt Options, lazy bool) (*Report, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = lazy
	// Fields are substrings of a fresh string per record, so keeping them
	// is safe; only the slice is reused.
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
	noHeader := func(rec []string, line int) error {
		if rec == nil {
			return &ParseError{Line: lastLine(data), Err: fmt.Errorf(`%w: the file ends before a "Name (Original Name)" row`, ErrNoHeader)}
		}
		return &ParseError{Line: line, Err: fmt.Errorf(`%w: found %q where a "Name (Original Name)" row should be`, ErrNoHeader, excerpt(rec))}
	}

	rep := &Report{}
	vote := orderVote{forced: opt.DateOrder}
	rec, line, err := next()
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, noHeader(nil, 0)
	}
	norm := normHeader(rec)

	var start, end stamp
	if isBlockHeader(norm) {
		bc := locateBlock(rec, norm)
		if rec, line, err = next(); err != nil {
			return nil, err
		}
		if rec == nil {
			return nil, noHeader(nil, 0)
		}
		if isParticipantHeader(normHeader(rec)) {
			return nil, &ParseError{Line: line, Err: fmt.Errorf("%w: no row under its header", ErrBadMeetingBlock)}
		}
		rep.HasMeetingBlock = true
		if start, end, err = readBlock(rec, line, bc, &rep.Meeting, &vote); err != nil {
			return nil, err
		}
		if rec, line, err = next(); err != nil {
			return nil, err
		}
		if rec == nil {
			return nil, noHeader(nil, 0)
		}
		norm = normHeader(rec)
	}
	if !isParticipantHeader(norm) {
		return nil, noHeader(rec, line)
	}
	pc, missing := locateParticipants(rec, norm)
	if missing != "" {
		return nil, &ParseError{Line: line, Err: fmt.Errorf("%w %q", ErrMissingColumn, missing)}
	}
	rep.Layout = pc.layout

	// The file's date order is known only at the end, so times are settled
	// in a second pass; a row problem stops the first pass, but a leave
	// before join on an earlier row is still reported first.
	parts := make([]Participant, 0, bytes.Count(data, []byte{'\n'}))
	var times []rowTimes
	if pc.join >= 0 {
		times = make([]rowTimes, 0, cap(parts))
	}
	var rowErr error
	for {
		rec, line, err := next()
		if err == errRetryLazy {
			return nil, err
		}
		if err != nil {
			rowErr = err
			break
		}
		if rec == nil {
			break
		}
		p, t, err := readRow(rec, line, &pc, &vote)
		if err != nil {
			rowErr = err
			break
		}
		parts = append(parts, p)
		if times != nil {
			times = append(times, t)
		}
	}

	order := vote.order()
	rep.Meeting.Start, rep.Meeting.End = start.time(order), end.time(order)
	for i := range times {
		p, t := &parts[i], &times[i]
		p.Join, p.Leave = t.join.time(order), t.leave.time(order)
		if p.Leave.Before(p.Join) {
			return nil, errAt(p.Line, t.leaveCol, fmt.Errorf("%w: %q before %q", ErrLeaveBeforeJoin, t.leave.raw, t.join.raw))
		}
	}
	if rowErr != nil {
		return nil, rowErr
	}
	rep.Participants = parts
	return rep, nil
}

// readBlock fills m from the meeting block's data row and returns its times,
// still to be resolved against the file's date order.
func readBlock(rec []string, line int, bc blockColumns, m *Meeting, vote *orderVote) (start, end stamp, err error) {
	if len(rec) < bc.width {
		return start, end, errAt(line, len(rec), fmt.Errorf("%w: %d fields, header has %d", ErrTruncated, len(rec), bc.width))
	}
	get := func(i int) string {
		if i < 0 {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	id, ok := meetingID(get(bc.id))
	if !ok {
		return start, end, errAt(line, bc.id, fmt.Errorf("%w %q", ErrBadMeetingID, get(bc.id)))
	}
	m.ID = id
	m.Topic = get(bc.topic)
	m.Host, m.HostEmail = get(bc.host), get(bc.hostEmail)
	if m.Host == "" {
		m.Host = m.HostEmail
	}
	if m.HostEmail == "" && strings.Contains(m.Host, "@") {
		m.HostEmail = m.Host
	}
	for _, f := range []struct {
		col int
		st  *stamp
	}{{bc.start, &start}, {bc.end, &end}} {
		s := get(f.col)
		if s == "" {
			continue
		}
		if *f.st, err = parseStamp(s); err != nil {
			return start, end, errAt(line, f.col, err)
		}
		if err = vote.see(*f.st, line); err != nil {
			return start, end, errAt(line, f.col, err)
		}
	}
	return start, end, nil
}

// meetingID keeps the digits of "812 3456 7890" (or "812-3456-7890") and
// rejects anything else, such as the 8.12346E+10 a spreadsheet makes of it.
func meetingID(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == ' ' || c == '-':
		default:
			return "", false
		}
	}
	return b.String(), true
}

func readRow(rec []string, line int, pc *participantColumns, vote *orderVote) (Participant, rowTimes, error) {
	var t rowTimes
	if len(rec) < pc.width {
		return Participant{}, t, errAt(line, len(rec), fmt.Errorf("%w: %d fields, header has %d", ErrTruncated, len(rec), pc.width))
	}
	p := Participant{Line: line}
	p.Name, p.OriginalName = splitName(strings.TrimSpace(rec[pc.name]))
	if pc.email >= 0 {
		p.Email = strings.TrimSpace(rec[pc.email])
	}
	if pc.join >= 0 {
		var err error
		for _, f := range []struct {
			col int
			st  *stamp
		}{{pc.join, &t.join}, {pc.leave, &t.leave}} {
			if *f.st, err = parseStamp(strings.TrimSpace(rec[f.col])); err != nil {
				return p, t, errAt(line, f.col, err)
			}
			if err = vote.see(*f.st, line); err != nil {
				return p, t, errAt(line, f.col, err)
			}
		}
		t.leaveCol = pc.leave
	}
	var ok bool
	if p.Minutes, ok = minutes(strings.TrimSpace(rec[pc.minutes])); !ok {
		return p, t, errAt(line, pc.minutes, fmt.Errorf("%w %q", ErrBadDuration, strings.TrimSpace(rec[pc.minutes])))
	}
	for _, f := range []struct {
		col int
		v   *bool
	}{{pc.guest, &p.Guest}, {pc.waiting, &p.WaitingRoom}} {
		if f.col < 0 {
			continue
		}
		s := strings.TrimSpace(rec[f.col])
		switch {
		case strings.EqualFold(s, "yes"):
			*f.v = true
		case s == "" || strings.EqualFold(s, "no"):
		default:
			return p, t, errAt(line, f.col, fmt.Errorf("%w %q", ErrBadYesNo, s))
		}
	}
	return p, t, nil
}

// minutes reads a whole, non-negative number of minutes; nine digits keeps
// it far from overflow and is still 1900 years.
func minutes(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// splitName splits Zoom's "New (Original)" for a renamed user. Only a
// parenthesised part at the very end, after a space, is the original name, so
// "Sam (Tuesday group) Ortiz" stays whole. A display name that itself ends
// in parentheses, such as "Alex (they/them)", cannot be told apart from a
// rename and is split too; identity matching tries both parts.
func splitName(s string) (name, original string) {
	if !strings.HasSuffix(s, ")") {
		return s, ""
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth > 0 {
				continue
			}
			if i == 0 || s[i-1] != ' ' {
				return s, ""
			}
			name, original = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:len(s)-1])
			if name == "" || original == "" {
				return s, ""
			}
			return name, original
		}
	}
	return s, ""
}

// lastLine is the number of the file's last line, where a missing header is
// reported when the file ends early.
func lastLine(data []byte) int {
	n := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return max(n, 1)
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
