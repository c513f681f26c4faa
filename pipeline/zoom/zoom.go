// Package zoom parses Zoom "meeting participants report" and webinar
// attendee report CSV exports into attendance rows, with errors that point at
// the line and column to fix. Headers may be in English or in the language of
// the account that exported them (Spanish, Portuguese, German, French).
//
// It is a pure function of the file's bytes: it knows nothing of cohorts,
// sessions or the database, so the loader can run it on thousands of files
// and test it on fixtures alone.
package zoom

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"cohesion/pipeline/exportfile"
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
	// LayoutWebinar is a webinar's attendee or panelist report: a title line
	// ("Attendee Report"), the webinar block, then "Host Details", "Panelist
	// Details" and "Attendee Details" sections, each with its own header.
	LayoutWebinar Layout = "webinar"
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
	// Participants is the block's own count of participants, 0 when it gives none: a table far
	// shorter than it is a cut-off download.
	Participants int
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
	// Host is set on the rows of a webinar report's "Host Details", and on a row whose name
	// ends in "(Host)" or its translation; meeting reports otherwise say who hosted in
	// Meeting.HostEmail only.
	Host bool
}

// Report is the content of one participants report file.
type Report struct {
	Layout          Layout
	HasMeetingBlock bool
	Meeting         Meeting // zero unless HasMeetingBlock
	Participants    []Participant
	// DateOrderGuessed says the file's times were read month-first only because that is Zoom's
	// default: every date in it reads as a real date either way round, and nothing in the file
	// said which (exportfile.OrderVote.Guessed).
	DateOrderGuessed bool
}

// Options tunes Parse for files whose shape the content cannot settle.
type Options struct {
	// DateOrder overrides per-file detection of day-first dates.
	DateOrder DateOrder
}

// DateOrder says how to read the first two fields of a slashed date such as
// 03/05/2026. Year-first dates (2026-03-05) are never ambiguous.
type DateOrder = exportfile.DateOrder

// The orders Options.DateOrder takes.
const (
	// DateAuto decides per file: a first field above 12 means day-first, a
	// second field above 12 means month-first, both in one file is an error,
	// and a file where every field is 12 or less is read month-first, which
	// is Zoom's default.
	DateAuto = exportfile.DateAuto
	// MonthFirst reads MM/DD/YYYY whatever the file holds.
	MonthFirst = exportfile.MonthFirst
	// DayFirst reads DD/MM/YYYY whatever the file holds.
	DayFirst = exportfile.DayFirst
)

// stamps is how Zoom writes times: "03/05/2026 05:58:12 PM", the same
// day-first or with '.' or '-', 24-hour clocks, one-digit fields and missing
// seconds as a spreadsheet re-save writes them ("3/5/2026 17:59", or with a
// two-digit year, "10/03/23 08:42"), and "2026-03-05 17:58:12" with a space
// or 'T'; none of the locale forms. Only day-first locales write dotted
// dates (a German account's "05.03.2026 18:00:05"), so those count as day-first.
var stamps = exportfile.Layout{ShortYears: true, DottedDayFirst: true}

// Detect reports whether data looks like a Zoom participants report (content
// only, never the file name): its first non-blank row is a Zoom meeting block
// header or participant header, or the title of a webinar report.
func Detect(data []byte) bool {
	text := exportfile.DetectText(data)
	recs := exportfile.FirstRecords(text, exportfile.Separator(text), 1)
	if len(recs) == 0 {
		return false
	}
	norm := normHeader(recs[0])
	return isBlockHeader(norm) || isParticipantHeader(norm) || isWebinarTitle(recs[0], norm)
}

// Parse parses a whole participants report. Errors are *ParseError. A file
// with a participant header and no rows gives a Report with no Participants.
//
// Parse reads with strict CSV quoting and, if that fails, once more with
// lazy quoting: a bare quote in a display name (Robin "RJ" Lee) is common in
// hand-edited files, and a file cut inside a quoted field then shows up as
// the truncated row it is rather than as a quoting error.
func Parse(data []byte, opt Options) (*Report, error) {
	return exportfile.ReadCSV(data, func(text []byte, lazy bool) (*Report, error) {
		return parse(text, opt, lazy)
	})
}

// rowTimes holds a row's times until the file's date order is known.
type rowTimes struct {
	join, leave       exportfile.Stamp
	joinCol, leaveCol int
}

func parse(data []byte, opt Options, lazy bool) (*Report, error) {
	// a spreadsheet re-save in a comma-decimal locale separates fields with ';'
	records := exportfile.NewRecords(data, exportfile.Separator(data), lazy)
	defer records.Release()
	rec, line, err := records.Next()
	return parseFrom(data, records.Next, rec, nil, line, err, opt)
}

// parseFrom parses a report whose first record next has already given (rec at line, or err),
// with rec's folded header when the caller has it (else nil).
func parseFrom(data []byte, next func() ([]string, int, error), rec, norm []string, line int, err error, opt Options) (*Report, error) {
	noHeader := func(rec []string, line int) error {
		if rec == nil {
			return &ParseError{Line: exportfile.LastLine(data), Err: fmt.Errorf(`%w: the file ends before a "Name (Original Name)" row`, ErrNoHeader)}
		}
		return &ParseError{Line: line, Err: fmt.Errorf(`%w: found %q where a "Name (Original Name)" row should be`, ErrNoHeader, exportfile.Excerpt(strings.Join(rec, ",")))}
	}

	rep := &Report{}
	vote := exportfile.OrderVote{Forced: opt.DateOrder}
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, noHeader(nil, 0)
	}
	if norm == nil {
		norm = normHeader(rec)
	}
	if isWebinarTitle(rec, norm) {
		return parseWebinar(next, line, &vote)
	}
	if k := listSplit(norm); k > 0 {
		reps, err := parseList(next, rec, norm, line, k, opt)
		if err != nil {
			return nil, err
		}
		if len(reps) > 1 {
			return nil, &ParseError{Line: line, Err: fmt.Errorf("%w: a meeting list with details holding %d meetings", ErrSeveralMeetings, len(reps))}
		}
		return reps[0], nil
	}

	var start, end exportfile.Stamp
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
	rowErr, err := eachRecord(next, func(rec []string, line int) error {
		p, t, err := readRow(rec, line, &pc, &vote)
		if err != nil {
			return err
		}
		parts = append(parts, p)
		if times != nil {
			times = append(times, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	return settle(rep, parts, times, start, end, &vote, rowErr)
}

// eachRecord calls row on each record next reads, until the end or the first problem (of
// reading, or returned by row), which it returns as rowErr: the rows read before it are kept,
// for a leave before join on an earlier row to be reported first. err is ErrRetryLazy when the
// file must be read again with lazy quotes.
func eachRecord(next func() ([]string, int, error), row func(rec []string, line int) error) (rowErr, err error) {
	for {
		rec, line, err := next()
		switch {
		case err == exportfile.ErrRetryLazy:
			return nil, err
		case err != nil:
			return err, nil
		case rec == nil:
			return nil, nil
		}
		if err := row(rec, line); err != nil {
			return err, nil
		}
	}
}

// settle resolves the times of a report's rows and block once the file's date order is known,
// and returns the first problem by line: a leave before join or an implausible time found now
// on an earlier row than rowErr, else rowErr.
func settle(rep *Report, parts []Participant, times []rowTimes, start, end exportfile.Stamp, vote *exportfile.OrderVote, rowErr error) (*Report, error) {
	order := vote.Order()
	rep.DateOrderGuessed = vote.Guessed()
	rep.Meeting.Start, rep.Meeting.End = start.Time(order), end.Time(order)
	for i := range times {
		p, t := &parts[i], &times[i]
		p.Join, p.Leave = t.join.Time(order), t.leave.Time(order)
		if p.Leave.Before(p.Join) {
			return nil, exportfile.ErrorAt(p.Line, t.leaveCol, fmt.Errorf("%w: %q before %q", ErrLeaveBeforeJoin, t.leave.Raw(), t.join.Raw()))
		}
		if err := plausible(p, t, rep.Meeting.Start); err != nil {
			return nil, err
		}
	}
	if rowErr != nil {
		return nil, rowErr
	}
	rep.Participants = parts
	return rep, nil
}

// plausible refuses a row that cannot be one stay in one meeting, so that one mistyped date
// cannot carry the export into another session: a stay longer than a day, or a join more than a
// day from the meeting's start as its block gives it.
func plausible(p *Participant, t *rowTimes, start time.Time) error {
	const day = 24 * time.Hour
	if p.Leave.Sub(p.Join) > day {
		return exportfile.ErrorAt(p.Line, t.leaveCol, fmt.Errorf("%w: left %q, more than a day after joining %q", ErrImplausibleSpan, t.leave.Raw(), t.join.Raw()))
	}
	if !start.IsZero() && (p.Join.Sub(start) > day || start.Sub(p.Join) > day) {
		return exportfile.ErrorAt(p.Line, t.joinCol, fmt.Errorf("%w: joined %q, more than a day from the meeting's start %s", ErrImplausibleSpan, t.join.Raw(), start.Format("01/02/2006 03:04 PM")))
	}
	return nil
}

// readBlock fills m from the meeting block's data row and returns its times,
// still to be resolved against the file's date order.
func readBlock(rec []string, line int, bc blockColumns, m *Meeting, vote *exportfile.OrderVote) (start, end exportfile.Stamp, err error) {
	if len(rec) < bc.width {
		return start, end, exportfile.ErrorAt(line, len(rec), fmt.Errorf("%w: %d fields, header has %d", ErrTruncated, len(rec), bc.width))
	}
	get := func(i int) string {
		if i < 0 {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	id, ok := meetingID(get(bc.id))
	if !ok {
		return start, end, exportfile.ErrorAt(line, bc.id, fmt.Errorf("%w %q", ErrBadMeetingID, get(bc.id)))
	}
	m.ID = id
	m.Topic = get(bc.topic)
	m.Host, m.HostEmail = get(bc.host), get(bc.hostEmail)
	if n, ok := exportfile.WholeNumber(get(bc.participants), 9); ok {
		m.Participants = n
	}
	if m.Host == "" {
		m.Host = m.HostEmail
	}
	if m.HostEmail == "" {
		// The 2025 block gives the host as "Name (email@example.org)".
		if name, email, ok := hostWithEmail(m.Host); ok {
			m.Host, m.HostEmail = name, email
		} else if strings.Contains(m.Host, "@") {
			m.HostEmail = m.Host
		}
	}
	for _, f := range []struct {
		col int
		st  *exportfile.Stamp
	}{{bc.start, &start}, {bc.end, &end}} {
		s := get(f.col)
		if s == "" {
			continue
		}
		if *f.st, err = exportfile.ParseStamp(s, stamps); err != nil {
			return start, end, exportfile.ErrorAt(line, f.col, err)
		}
		if err = vote.See(*f.st, line); err != nil {
			return start, end, exportfile.ErrorAt(line, f.col, err)
		}
	}
	return start, end, nil
}

// hostWithEmail splits "Dana Host (dana@practice.example)" into the name and the email.
func hostWithEmail(s string) (name, email string, ok bool) {
	if !strings.HasSuffix(s, ")") {
		return "", "", false
	}
	open := strings.LastIndexByte(s, '(')
	if open <= 0 {
		return "", "", false
	}
	email = strings.TrimSpace(s[open+1 : len(s)-1])
	name = strings.TrimSpace(s[:open])
	if name == "" || !strings.Contains(email, "@") || strings.ContainsAny(email, " ()") {
		return "", "", false
	}
	return name, email, true
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

func readRow(rec []string, line int, pc *participantColumns, vote *exportfile.OrderVote) (Participant, rowTimes, error) {
	var t rowTimes
	if len(rec) < pc.width {
		return Participant{}, t, exportfile.ErrorAt(line, len(rec), fmt.Errorf("%w: %d fields, header has %d", ErrTruncated, len(rec), pc.width))
	}
	p := Participant{Line: line}
	if err := exportfile.CheckNames(rec, line, pc.name, pc.email); err != nil {
		return p, t, err
	}
	name, host := stripRole(strings.TrimSpace(rec[pc.name]))
	p.Name, p.OriginalName = splitName(name)
	p.Host = host
	if pc.email >= 0 {
		p.Email = strings.TrimSpace(rec[pc.email])
	}
	if pc.join >= 0 {
		var err error
		for _, f := range []struct {
			col int
			st  *exportfile.Stamp
		}{{pc.join, &t.join}, {pc.leave, &t.leave}} {
			if *f.st, err = exportfile.ParseStamp(strings.TrimSpace(rec[f.col]), stamps); err != nil {
				return p, t, exportfile.ErrorAt(line, f.col, err)
			}
			if err = vote.See(*f.st, line); err != nil {
				return p, t, exportfile.ErrorAt(line, f.col, err)
			}
		}
		t.joinCol, t.leaveCol = pc.join, pc.leave
	}
	// Nine digits keeps minutes far from overflow and is still 1900 years.
	var ok bool
	if p.Minutes, ok = exportfile.WholeNumber(strings.TrimSpace(rec[pc.minutes]), 9); !ok {
		return p, t, exportfile.ErrorAt(line, pc.minutes, fmt.Errorf("%w %q", ErrBadDuration, strings.TrimSpace(rec[pc.minutes])))
	}
	for _, f := range []struct {
		col int
		v   *bool
	}{{pc.guest, &p.Guest}, {pc.waiting, &p.WaitingRoom}} {
		if f.col < 0 {
			continue
		}
		s := strings.TrimSpace(rec[f.col])
		v, ok := yesNo(s)
		if !ok {
			return p, t, exportfile.ErrorAt(line, f.col, fmt.Errorf("%w %q", ErrBadYesNo, s))
		}
		*f.v = v
	}
	return p, t, nil
}

// roleMarkers are the role suffixes a participant list copied from the meeting window carries
// ("Dana Host (Host)"), lower case, in the languages the headers are read in; host says
// whether the marker names the host rather than a co-host.
var roleMarkers = []struct {
	marker string
	host   bool
}{
	{"(host)", true}, {"(anfitrión)", true}, {"(anfitrião)", true}, {"(gastgeber)", true}, {"(hôte)", true},
	{"(co-host)", false}, {"(cohost)", false}, {"(coanfitrión)", false}, {"(coanfitrião)", false},
	{"(co-gastgeber)", false}, {"(co-hôte)", false}, {"(coanimateur)", false},
}

// stripRole drops a trailing role marker from a display name, so that "Dana Host (Host)" is
// Dana Host and not a user renamed from "Host", and reports whether it named the host.
func stripRole(s string) (name string, host bool) {
	for _, m := range roleMarkers {
		cut := len(s) - len(m.marker)
		if cut > 1 && s[cut-1] == ' ' && strings.EqualFold(s[cut:], m.marker) {
			if rest := strings.TrimSpace(s[:cut]); rest != "" {
				return rest, m.host
			}
		}
	}
	return s, false
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
