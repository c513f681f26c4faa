// Package meet parses Google Meet attendance reports (the CSV of the Sheet
// Meet sends the organiser) into attendance rows, with errors that point at
// the line and column to fix.
//
// The report gives clock times only. The day comes from the file name Meet
// gives the Sheet ("2026-03-05 18-00 Intro group - Attendance Report.csv")
// or, when the name was changed, from the session the caller matches the
// file to. It is a pure function of the file's bytes and name: it knows
// nothing of cohorts, sessions or the database.
package meet

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"cohesion/pipeline/exportfile"
)

// Participant is one row of the report: one person's first join to last
// exit, as Meet sums each person into one row.
type Participant struct {
	Line    int       // 1-based line number in the file of this row
	Name    string    // "First name Last name", or the Name column
	Email   string    // may be "" for people outside the organisation
	Join    time.Time // on Report.Date (0001-01-01 when unknown), time.UTC standing for "no zone"
	Leave   time.Time // as Join, a day later when the meeting crossed midnight; never before Join
	Minutes int       // the Duration column; Leave-Join when the report has none
}

// Report is the content of one attendance report file.
type Report struct {
	Date         time.Time // the day from the file name, at midnight UTC; zero if unknown
	Start        time.Time // Date plus the file name's HH-MM; zero when the name has no time
	Title        string    // the meeting title from the file name, "" if unknown
	Participants []Participant
}

// clocks is how Meet's Sheet writes clock times and durations, in the
// organiser's locale: "6:58 PM", "18:58", "6:58:12 PM" or "6:58 p.m.", with
// no-break spaces, and "1 hr 28 min", "45 min", "< 1 min" or the "1h 28m"
// and "1:28:00" of re-saves.
var clocks = exportfile.Layout{
	LocaleSpaces:   true,
	DottedMeridiem: true,
	SpacedMeridiem: true,
	LessThan:       true,
}

// headerSearch is how many non-blank rows may stand above the header: a
// Sheet copied by hand may keep a title row or two.
const headerSearch = 5

// Detect reports whether data looks like a Meet attendance report (content
// only, never the file name): one of its first non-blank rows has a name
// column and "Time joined" or "Time exited".
func Detect(data []byte) bool {
	for _, rec := range exportfile.FirstRecords(exportfile.DetectText(data), ',', headerSearch) {
		if isHeader(exportfile.NormHeader(rec)) {
			return true
		}
	}
	return false
}

// Parse parses a whole attendance report. fileName is the file's base name,
// or ""; when it starts with Meet's "YYYY-MM-DD HH-MM" the rows are put on
// that day, else on 0001-01-01 and Report.Date is zero, and the caller
// moves them to the matched session's date. Errors are *ParseError.
//
// Parse reads with strict CSV quoting and, if that fails, once more with
// lazy quoting, as a bare quote in a display name is common in hand-edited
// files.
func Parse(data []byte, fileName string) (*Report, error) {
	return exportfile.ReadCSV(data, func(text []byte, lazy bool) (*Report, error) {
		return parse(text, fileName, lazy)
	})
}

func parse(data []byte, fileName string, lazy bool) (*Report, error) {
	next := exportfile.NewRecords(data, ',', lazy).Next

	rep := &Report{}
	rep.Date, rep.Start, rep.Title = fromFileName(fileName)
	var c columns
	firstLine, firstRec := 0, ""
	for seen := 0; ; seen++ {
		rec, line, err := next()
		if err != nil {
			return nil, err
		}
		if rec == nil || seen == headerSearch {
			if firstLine == 0 {
				return nil, &ParseError{Line: exportfile.LastLine(data), Err: fmt.Errorf(`%w: the file ends before a "Time joined" header`, ErrNoHeader)}
			}
			return nil, &ParseError{Line: firstLine, Err: fmt.Errorf(`%w: found %q where a "First name,Last name,Email,Duration,Time joined,Time exited" header should be`, ErrNoHeader, firstRec)}
		}
		if seen == 0 {
			firstLine, firstRec = line, exportfile.Excerpt(strings.Join(rec, ","))
		}
		norm := exportfile.NormHeader(rec)
		if !isHeader(norm) {
			continue
		}
		var missing string
		if c, missing = locate(rec, norm); missing != "" {
			return nil, &ParseError{Line: line, Err: fmt.Errorf("%w %q", ErrMissingColumn, missing)}
		}
		break
	}

	day := rep.Date
	if day.IsZero() {
		day = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	start := time.Duration(-1)
	if !rep.Start.IsZero() {
		start = rep.Start.Sub(rep.Date)
	}
	for {
		rec, line, err := next()
		if err != nil {
			return nil, err
		}
		if rec == nil {
			return rep, nil
		}
		p, err := readRow(rec, line, &c, day, start)
		if err != nil {
			return nil, err
		}
		rep.Participants = append(rep.Participants, p)
	}
}

// readRow reads one participant row. start is the meeting's clock time from
// the file name, or -1.
func readRow(rec []string, line int, c *columns, day time.Time, start time.Duration) (Participant, error) {
	if len(rec) < c.need {
		return Participant{}, exportfile.ErrorAt(line, len(rec), fmt.Errorf("%w: %d fields, header has %d", ErrTruncated, len(rec), c.width))
	}
	get := func(i int) string {
		if i < 0 {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	if err := exportfile.CheckNames(rec, line, c.name, c.first, c.last, c.email); err != nil {
		return Participant{}, err
	}
	p := Participant{Line: line, Email: get(c.email)}
	if c.name >= 0 {
		p.Name = get(c.name)
	} else {
		p.Name = strings.TrimSpace(get(c.first) + " " + get(c.last))
	}
	joined, err := exportfile.ParseClock(get(c.joined), clocks)
	if err != nil {
		return p, exportfile.ErrorAt(line, c.joined, err)
	}
	exited, hasExit := time.Duration(0), get(c.exited) != ""
	if hasExit {
		if exited, err = exportfile.ParseClock(get(c.exited), clocks); err != nil {
			return p, exportfile.ErrorAt(line, c.exited, err)
		}
	}
	hasMinutes := get(c.duration) != ""
	if hasMinutes {
		// Seconds are dropped: the column is whole minutes.
		d, err := exportfile.ParseDuration(get(c.duration), clocks)
		if err != nil {
			return p, exportfile.ErrorAt(line, c.duration, err)
		}
		p.Minutes = int(d / time.Minute)
	}
	if !hasExit && !hasMinutes {
		return p, exportfile.ErrorAt(line, c.exited, fmt.Errorf("%w %q", ErrBadTime, ""))
	}

	// A join far before the meeting's start is the next day's: someone who
	// came in after midnight to a meeting that began at 23:30.
	if start >= 0 && joined < start-12*time.Hour {
		joined += 24 * time.Hour
	}
	p.Join = day.Add(joined)
	if hasExit {
		p.Leave = day.Add(joined.Truncate(24 * time.Hour)).Add(exited)
		// An exit earlier than the join means the meeting crossed midnight.
		if p.Leave.Before(p.Join) {
			p.Leave = p.Leave.Add(24 * time.Hour)
		}
	} else {
		p.Leave = p.Join.Add(time.Duration(p.Minutes) * time.Minute)
	}
	if !hasMinutes {
		p.Minutes = int(p.Leave.Sub(p.Join) / time.Minute)
	}
	return p, nil
}

// isHeader recognises the header by a name column and one time column, so
// that a header missing its other time column is reported as such.
func isHeader(norm []string) bool {
	return exportfile.Column(norm, "first name", "name", "full name") >= 0 &&
		exportfile.Column(norm, "time joined", "time exited") >= 0
}

// columns locates the report's fields; -1 means absent.
type columns struct {
	first, last, name, email, duration, joined, exited int
	width, need                                        int
}

// locate maps the header, or names the column it lacks.
func locate(rec, norm []string) (columns, string) {
	c := columns{
		first:    exportfile.Column(norm, "first name"),
		last:     exportfile.Column(norm, "last name"),
		name:     exportfile.Column(norm, "name", "full name"),
		email:    exportfile.Column(norm, "email", "email address"),
		duration: exportfile.Column(norm, "duration"),
		joined:   exportfile.Column(norm, "time joined"),
		exited:   exportfile.Column(norm, "time exited"),
		width:    exportfile.Width(rec),
	}
	switch {
	case c.joined < 0:
		return c, "Time joined"
	case c.exited < 0:
		return c, "Time exited"
	}
	for _, i := range []int{c.first, c.last, c.name, c.email, c.duration, c.joined, c.exited} {
		c.need = max(c.need, i+1)
	}
	return c, ""
}

// meetName matches the name Meet gives the report's Sheet, as downloaded:
// "2026-03-05 18-00 Intro group - Attendance Report.csv", with or without
// the time, and with whatever a browser appends to a repeated download.
var meetName = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[ _T](\d{2})[-:.h](\d{2}))?(?:[ _]+(.*))?$`)

// fromFileName reads the date, start time and title from a report's file
// name; each is zero when the name does not give it. A date that does not
// exist (2026-02-30) is treated as absent, since the caller has the session
// date to fall back on.
func fromFileName(name string) (date, start time.Time, title string) {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if ext := strings.LastIndexByte(name, '.'); ext >= 0 && strings.EqualFold(name[ext:], ".csv") {
		name = name[:ext]
	}
	m := meetName.FindStringSubmatch(name)
	rest := name
	if m != nil {
		rest = m[6]
		y, mo, d := atoi(m[1]), atoi(m[2]), atoi(m[3])
		date = time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if date.Year() != y || date.Month() != time.Month(mo) || date.Day() != d || y < 1 {
			date = time.Time{}
		} else if m[4] != "" {
			if h, mi := atoi(m[4]), atoi(m[5]); h < 24 && mi < 60 {
				start = date.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute)
			}
		}
	}
	lower := strings.ToLower(rest)
	i := strings.LastIndex(lower, " - attendance report")
	if i >= 0 {
		rest = rest[:i]
	}
	if m == nil && i < 0 {
		return date, start, "" // not a name Meet gave, so no title in it
	}
	return date, start, strings.TrimSpace(rest)
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
