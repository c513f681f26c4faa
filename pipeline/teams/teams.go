// Package teams parses Microsoft Teams meeting attendance reports into
// attendance intervals, with errors that point at the line and column to fix.
//
// Teams has written three shapes over the years, all UTF-16 text with tabs:
// the current report with numbered sections ("1. Summary", "2. Participants",
// "3. In-Meeting Activities"), the 2021 post-meeting report ("Meeting
// Summary" then one table), and the legacy join/leave list ("Full Name, User
// Action, Timestamp") downloaded during a meeting. Copies a spreadsheet
// re-saved as UTF-8, with tabs or commas, read the same. The current report
// is read in English and in the organiser's language when that is Spanish,
// Portuguese, German or French ("1. Zusammenfassung", "2. Participantes").
//
// It is a pure function of the file's bytes: it knows nothing of cohorts,
// sessions or the database, so the loader can run it on thousands of files
// and test it on fixtures alone.
package teams

import (
	"fmt"
	"strings"
	"time"

	"cohesion/pipeline/exportfile"
)

// The layouts Parse recognises, as Report.Layout names them.
const (
	// LayoutCurrent is the report with numbered sections; its rows are the
	// per-join rows of "3. In-Meeting Activities", or the per-person rows
	// of "2. Participants" when the report has no activities.
	LayoutCurrent = "teams-current"
	// Layout2021 is the post-meeting report of 2021: "Meeting Summary",
	// key/value rows, then a "Full Name, Join Time, Leave Time" table.
	Layout2021 = "teams-2021"
	// LayoutLegacy is the list of Joined/Left events, paired into intervals.
	LayoutLegacy = "teams-legacy"
)

// Meeting is what the report says about the meeting as a whole.
type Meeting struct {
	ID    string    // "Meeting Id" of the 2021 report (a Teams thread ID), else ""
	Title string    // "" when the report has no title
	Start time.Time // wall clock, time.UTC standing for "no zone"; zero if the report gives none
	End   time.Time // as Start
}

// Participant is one interval of one person's attendance: one join of the
// in-meeting activities, one person's first join to last leave, or a
// Joined/Left pair of the legacy list.
type Participant struct {
	Line      int       // 1-based line in the decoded text of the row that opened the interval
	Name      string    // display name, without a trailing "(External)", "(Guest)" or "(Unverified)"
	Email     string    // may be "" for guests and always is in the legacy list
	Role      string    // "Organizer", "Presenter", "Attendee" as written; "" in the legacy list
	Join      time.Time // wall clock as Meeting.Start
	Leave     time.Time // as Join; never before Join
	Organizer bool      // Role is Organizer (Organizador, Organisator, ...); in the legacy list, whoever's Joined has the first timestamp
}

// Report is the content of one attendance report file.
type Report struct {
	Layout       string // LayoutCurrent, Layout2021 or LayoutLegacy
	Meeting      Meeting
	Participants []Participant
	// DateOrderGuessed says the report's times were read month-first only because that is the
	// en-US default: every date in it reads as a real date either way round, and neither a date
	// nor the clock said which (exportfile.OrderVote.Guessed).
	DateOrderGuessed bool
}

// Options tunes Parse for files whose shape the content cannot settle.
type Options struct {
	// DateOrder overrides per-file detection of day-first dates.
	DateOrder DateOrder
}

// DateOrder says how to read the first two fields of a slashed date such as
// 3/5/26. Year-first dates (2026-03-05) are never ambiguous.
type DateOrder = exportfile.DateOrder

// The orders Options.DateOrder takes.
const (
	// DateAuto decides per file: a first field above 12 (or a dotted date,
	// 05.03.2026, which only day-first locales write) means day-first, a
	// second field above 12 means month-first, both in one file is an
	// error, and a file where every date could be either is read
	// month-first, as the en-US default "3/5/26, 6:00:15 PM" is.
	DateAuto = exportfile.DateAuto
	// MonthFirst reads M/D/Y whatever the file holds.
	MonthFirst = exportfile.MonthFirst
	// DayFirst reads D/M/Y whatever the file holds.
	DayFirst = exportfile.DayFirst
)

// stamps is how Teams writes times and durations, in the organiser's
// locale: "3/5/26, 6:00:15 PM" (en-US), "05/03/2026, 18:00:15" (en-GB),
// "05.03.26, 18:00:15" (de), "2026-03-05 18:00:15" and "2026/3/5 18:00"
// (ISO and East Asian locales), with an optional comma after the date,
// no-break spaces, "p.m." or "p. m.", and durations like "1h 2m 10s".
var stamps = exportfile.Layout{
	LocaleSpaces:    true,
	ShortYears:      true,
	DottedYearFirst: true,
	DottedDayFirst:  true,
	Comma:           exportfile.CommaOrSpace,
	DottedMeridiem:  true,
	SpacedMeridiem:  true,
}

// Detect reports whether data looks like a Teams attendance report (content
// only, never the file name): its first non-blank line is a known section
// title ("1. Summary", "Meeting Summary") or the header of one of the
// report's tables, or it is another numbered title and a table header
// follows.
func Detect(data []byte) bool {
	// The first line says which report this is.
	if len(data) > exportfile.DetectPrefix {
		data = data[:exportfile.DetectPrefix]
	}
	rows, ok := detectRows(data)
	if !ok {
		return false
	}
	titled := false
	for r := range rows {
		switch {
		case titled:
			// A numbered list of notes is not a report; a report whose section
			// titles are in another language still has a table Parse reads.
			if k := tableOf(exportfile.NormHeader(r.cells)); k == participantsTable || k == activitiesTable {
				return true
			}
			continue
		case r.blank():
			continue
		}
		title, ok := sectionTitle(r)
		if !ok {
			return layoutOf(r) != ""
		}
		if titleSays(title, summaryWords) || titleSays(title, tableWords) {
			return true
		}
		titled = true
	}
	return false
}

// Parse parses a whole attendance report. Errors are *ParseError. A report
// whose tables have no rows gives a Report with no Participants.
func Parse(data []byte, opt Options) (*Report, error) {
	text, err := decode(data, false)
	if err != nil {
		return nil, err
	}
	rows := splitRows(text, delimiterOf(text))
	p := &parser{rows: rows, vote: exportfile.OrderVote{Forced: opt.DateOrder, ClockClues: true}}
	i := p.skipBlank(0)
	if i == len(rows) {
		return nil, &ParseError{Line: max(len(rows), 1), Err: fmt.Errorf(`%w: the file is empty`, ErrNoHeader)}
	}
	var read func(int) (*Report, error)
	switch layoutOf(rows[i]) {
	case LayoutCurrent:
		read = p.current
	case Layout2021:
		read = p.report2021
	case LayoutLegacy:
		read = p.legacy
	}
	if read != nil {
		rep, err := read(i)
		if err != nil {
			return nil, err
		}
		rep.DateOrderGuessed = p.vote.Guessed()
		return rep, nil
	}
	return nil, &ParseError{Line: rows[i].line, Err: fmt.Errorf(`%w: found %q where "1. Summary", "Meeting Summary" or a "Full Name" header should be`,
		ErrNoHeader, excerpt(rows[i]))}
}

// layoutOf names the layout a report starting with r has, or "".
func layoutOf(r row) string {
	if _, ok := sectionTitle(r); ok {
		return LayoutCurrent
	}
	if r.width() == 1 && strings.EqualFold(r.cells[0], "meeting summary") {
		return Layout2021
	}
	norm := exportfile.NormHeader(r.cells)
	switch tableOf(norm) {
	case legacyTable:
		return LayoutLegacy
	case participantsTable:
		return LayoutCurrent
	case activitiesTable:
		// The 2021 table says "Full Name" where the current one says "Name".
		if exportfile.Column(norm, "full name") >= 0 {
			return Layout2021
		}
		return LayoutCurrent
	}
	return ""
}

// parser holds what is known while a report is read.
type parser struct {
	rows []row
	vote exportfile.OrderVote
	sum  summary
}

func (p *parser) skipBlank(i int) int {
	for i < len(p.rows) && p.rows[i].blank() {
		i++
	}
	return i
}

// lastLine is where a missing table is reported when the file ends early.
func (p *parser) lastLine() int {
	if len(p.rows) == 0 {
		return 1
	}
	return p.rows[len(p.rows)-1].line
}

// current reads the sectioned report. Sections are found by their numbered
// titles and tables by their headers, so that a section Teams adds later
// (webinars have more) is skipped rather than misread.
func (p *parser) current(i int) (*Report, error) {
	var participants, activities []pending
	haveTable := false
	for i < len(p.rows) {
		title, isTitle := sectionTitle(p.rows[i])
		if isTitle {
			i++
		}
		j := p.skipBlank(i)
		if j == len(p.rows) {
			break
		}
		if _, next := sectionTitle(p.rows[j]); next {
			i = j // an empty section
			continue
		}
		r := p.rows[j]
		norm := exportfile.NormHeader(r.cells)
		kind := tableOf(norm)
		switch {
		case kind == participantsTable || kind == activitiesTable:
			c, err := locate(r, norm, kind)
			if err != nil {
				return nil, p.finish(err, participants, activities)
			}
			haveTable = true
			var rows []pending
			i, rows, err = p.table(j+1, c, true)
			if kind == activitiesTable {
				activities = rows
			} else {
				participants = rows
			}
			if err != nil {
				return nil, p.finish(err, participants, activities)
			}
		case titleSays(title, summaryWords):
			for i = j; i < len(p.rows); i++ {
				if _, next := sectionTitle(p.rows[i]); next {
					break
				}
				if err := p.sum.read(p.rows[i], &p.vote); err != nil {
					return nil, p.finish(err, participants, activities)
				}
			}
		case titleSays(title, tableWords):
			return nil, &ParseError{Line: r.line, Err: fmt.Errorf(`%w: found %q where a "Name" header should be`, ErrNoHeader, excerpt(r))}
		default:
			// A section this parser does not read.
			for i = j; i < len(p.rows); i++ {
				if _, next := sectionTitle(p.rows[i]); next {
					break
				}
			}
		}
	}
	if !haveTable {
		return nil, &ParseError{Line: p.lastLine(), Err: fmt.Errorf(`%w: the file ends before a "2. Participants" or "3. In-Meeting Activities" table`, ErrNoHeader)}
	}
	if err := p.finish(nil, participants, activities); err != nil {
		return nil, err
	}
	rep := &Report{Layout: LayoutCurrent, Meeting: p.sum.meeting(p.vote.Order())}
	// The activities have one row per join, which is what attendance needs;
	// the participants table is the fallback, one row per person.
	rows := activities
	if len(rows) == 0 {
		rows = participants
	}
	rep.Participants = make([]Participant, len(rows))
	for k := range rows {
		rep.Participants[k] = rows[k].p
	}
	return rep, nil
}

// report2021 reads "Meeting Summary", its key/value rows, and the table.
func (p *parser) report2021(i int) (*Report, error) {
	if p.rows[i].width() == 1 {
		i++ // the "Meeting Summary" line; a re-save may have dropped it
	}
	for ; i < len(p.rows); i++ {
		r := p.rows[i]
		norm := exportfile.NormHeader(r.cells)
		if kind := tableOf(norm); kind == activitiesTable || kind == participantsTable {
			c, err := locate(r, norm, kind)
			if err != nil {
				return nil, err
			}
			_, rows, err := p.table(i+1, c, false)
			if err = p.finish(err, rows); err != nil {
				return nil, err
			}
			rep := &Report{Layout: Layout2021, Meeting: p.sum.meeting(p.vote.Order())}
			rep.Participants = make([]Participant, len(rows))
			for k := range rows {
				rep.Participants[k] = rows[k].p
			}
			return rep, nil
		}
		if err := p.sum.read(r, &p.vote); err != nil {
			return nil, err
		}
	}
	return nil, &ParseError{Line: p.lastLine(), Err: fmt.Errorf(`%w: the file ends before a "Full Name" header`, ErrNoHeader)}
}

// sectionTitle recognises a numbered section title such as "2. Participants"
// and returns its text lower-cased.
func sectionTitle(r row) (string, bool) {
	if r.width() != 1 {
		return "", false
	}
	s := r.cells[0]
	i := 0
	for i < len(s) && i < 2 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i >= len(s) || s[i] != '.' {
		return "", false
	}
	title := strings.TrimSpace(s[i+1:])
	if title == "" {
		return "", false
	}
	return strings.ToLower(title), true
}

// The words of the section titles, in the languages the column names are
// read in: "1. Summary" ("1. Resumen", "1. Zusammenfassung", ...), "2.
// Participants" and "3. In-Meeting Activities" ("3. Aktivitäten in der
// Besprechung", ...).
var (
	summaryWords = []string{"summary", "resumen", "resumo", "zusammenfassung", "résumé"}
	tableWords   = []string{"participants", "activities", "participantes", "actividades", "atividades", "teilnehmer", "aktivitäten", "activités"}
)

// titleSays reports whether a lower-cased section title holds one of words.
func titleSays(title string, words []string) bool {
	for _, w := range words {
		if strings.Contains(title, w) {
			return true
		}
	}
	return false
}

// excerpt shows the start of an unexpected row in an error message.
func excerpt(r row) string {
	return exportfile.Excerpt(strings.Join(r.cells[:r.width()], " | "))
}
