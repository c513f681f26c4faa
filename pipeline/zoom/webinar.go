// This file reads Zoom's webinar reports, whose attendance comes in titled
// sections (hosts, panelists, attendees) under one webinar block.

package zoom

import (
	"fmt"
	"strings"
	"time"

	"cohesion/pipeline/exportfile"
)

// webinarTitles are the first lines of the webinar reports Zoom exports from
// Reports > Webinar: the attendee report and the panelist report, older
// versions with "Webinar" in front.
var webinarTitles = []string{
	"attendee report", "webinar attendee report", "panelist report", "webinar panelist report",
	"participant report", "webinar participant report",
}

// isWebinarTitle recognises a webinar report's first line, a lone cell.
func isWebinarTitle(rec, norm []string) bool {
	return exportfile.Width(rec) == 1 && exportfile.Column(norm[:1], webinarTitles...) == 0
}

// isWebinarBlockHeader recognises "Topic,Webinar ID,Actual Start Time,...".
func isWebinarBlockHeader(norm []string) bool {
	return exportfile.Column(norm, "topic") >= 0 && exportfile.Column(norm, "webinar id") >= 0 &&
		exportfile.Column(norm, "actual start time", "start time") >= 0
}

// sectionOf recognises a section title, a lone cell such as "Host Details" or "Other
// Attended", and says whether it lists the hosts.
func sectionOf(rec []string) (title string, host, ok bool) {
	if exportfile.Width(rec) != 1 {
		return "", false, false
	}
	title = strings.TrimSpace(rec[0])
	lower := strings.ToLower(title)
	if !strings.HasSuffix(lower, " details") && lower != "other attended" {
		return "", false, false
	}
	return title, lower == "host details", true
}

// webinarColumns locates a section's header: the participant columns and Attended.
type webinarColumns struct {
	participantColumns
	attended int
}

// locateWebinarSection maps a section's header, or returns the missing column's name.
func locateWebinarSection(rec, norm []string) (webinarColumns, string) {
	c := webinarColumns{
		participantColumns: participantColumns{
			name:    exportfile.Column(norm, "user name (original name)", "name (original name)", "user name"),
			email:   exportfile.Column(norm, "email", "user email"),
			join:    exportfile.Column(norm, "join time"),
			leave:   exportfile.Column(norm, "leave time"),
			minutes: exportfile.Column(norm, "time in session (minutes)", "duration (minutes)"),
			guest:   exportfile.Column(norm, "is guest", "guest"),
			waiting: -1,
			width:   exportfile.Width(rec),
			layout:  LayoutWebinar,
		},
		attended: exportfile.Column(norm, "attended"),
	}
	for _, f := range []struct {
		col  int
		name string
	}{
		{c.attended, "Attended"}, {c.name, "User Name (Original Name)"}, {c.join, "Join Time"},
		{c.leave, "Leave Time"}, {c.minutes, "Time in Session (minutes)"},
	} {
		if f.col < 0 {
			return c, f.name
		}
	}
	return c, ""
}

// parseWebinar reads a webinar report after its title line (line titleLine): the optional
// "Report Generated:" line, the webinar block, and the sections. Rows with Attended = No are
// registrants who never came and are left out; panelists count as participants, hosts too,
// marked Host, and the first host is the meeting's host.
func parseWebinar(next func() ([]string, int, error), titleLine int, vote *exportfile.OrderVote) (*Report, error) {
	rep := &Report{Layout: LayoutWebinar, HasMeetingBlock: true}
	last := titleLine
	read := func() ([]string, []string, int, error) {
		rec, line, err := next()
		if err != nil || rec == nil {
			return nil, nil, 0, err
		}
		last = line
		return rec, normHeader(rec), line, nil
	}
	want := func(rec []string, line int, what string) error {
		if rec == nil {
			return &ParseError{Line: last, Err: fmt.Errorf("%w: the file ends before %s", ErrNoHeader, what)}
		}
		return &ParseError{Line: line, Err: fmt.Errorf("%w: found %q where %s should be", ErrNoHeader, exportfile.Excerpt(strings.Join(rec, ",")), what)}
	}

	rec, norm, line, err := read()
	if err != nil {
		return nil, err
	}
	if rec != nil && strings.HasPrefix(norm[0], "report generated") {
		if rec, norm, line, err = read(); err != nil {
			return nil, err
		}
	}
	const blockHeader = `a "Topic,Webinar ID,Actual Start Time" row`
	if rec == nil || !isWebinarBlockHeader(norm) {
		return nil, want(rec, line, blockHeader)
	}
	bc := locateBlock(rec, norm)
	bc.start = exportfile.Column(norm, "actual start time", "start time")
	bc.id = exportfile.Column(norm, "webinar id")
	bc.host, bc.hostEmail = exportfile.Column(norm, "host name", "host"), exportfile.Column(norm, "host email")
	bc.participants = -1 // its counts are of registrants and viewers, not of the rows below
	duration := exportfile.Column(norm, "actual duration (minutes)", "duration (minutes)")
	if rec, _, line, err = read(); err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, want(nil, line, "the webinar's row")
	}
	if _, _, ok := sectionOf(rec); ok {
		return nil, &ParseError{Line: line, Err: fmt.Errorf("%w: no row under its header", ErrBadMeetingBlock)}
	}
	start, _, err := readBlock(rec, line, bc, &rep.Meeting, vote)
	if err != nil {
		return nil, err
	}
	var minutes int
	if duration >= 0 && duration < len(rec) && strings.TrimSpace(rec[duration]) != "" {
		var ok bool
		if minutes, ok = exportfile.WholeNumber(strings.TrimSpace(rec[duration]), 9); !ok {
			return nil, exportfile.ErrorAt(line, duration, fmt.Errorf("%w %q", ErrBadDuration, strings.TrimSpace(rec[duration])))
		}
	}

	var parts []Participant
	var times []rowTimes
	var rowErr error
	sections := 0
	rec, norm, line, err = read()
	for rowErr == nil && err == nil && rec != nil {
		title, host, ok := sectionOf(rec)
		if !ok {
			rowErr = want(rec, line, `a section title such as "Attendee Details"`)
			break
		}
		sections++
		titleLine := line
		if rec, norm, line, err = read(); err != nil || rec == nil {
			if err == nil {
				rowErr = &ParseError{Line: titleLine, Err: fmt.Errorf("%w: the file ends before the %q header", ErrNoHeader, title)}
			}
			break
		}
		if _, _, next := sectionOf(rec); next {
			continue // an empty section without a header
		}
		if exportfile.Column(norm, "attended") < 0 {
			rowErr = want(rec, line, fmt.Sprintf("the %q header", title))
			break
		}
		wc, missing := locateWebinarSection(rec, norm)
		if missing != "" {
			rowErr = &ParseError{Line: line, Err: fmt.Errorf("%w %q", ErrMissingColumn, missing)}
			break
		}
		for {
			if rec, norm, line, err = read(); err != nil || rec == nil {
				break
			}
			if _, _, next := sectionOf(rec); next {
				break
			}
			if len(rec) <= wc.attended {
				rowErr = exportfile.ErrorAt(line, len(rec), fmt.Errorf("%w: %d fields, header has %d", ErrTruncated, len(rec), wc.width))
				break
			}
			attended, ok := yesNo(strings.TrimSpace(rec[wc.attended]))
			if !ok {
				rowErr = exportfile.ErrorAt(line, wc.attended, fmt.Errorf("%w %q", ErrBadYesNo, strings.TrimSpace(rec[wc.attended])))
				break
			}
			if !attended {
				continue // registered, never came: no times
			}
			p, t, err := readRow(rec, line, &wc.participantColumns, vote)
			if err != nil {
				rowErr = err
				break
			}
			p.Host = p.Host || host
			if host && rep.Meeting.Host == "" && rep.Meeting.HostEmail == "" {
				rep.Meeting.Host, rep.Meeting.HostEmail = p.Name, p.Email
			}
			parts = append(parts, p)
			times = append(times, t)
		}
	}
	if err == exportfile.ErrRetryLazy {
		return nil, err
	}
	if rowErr == nil && err != nil {
		rowErr = err
	}
	if rowErr == nil && sections == 0 {
		rowErr = &ParseError{Line: last, Err: fmt.Errorf(`%w: the file ends before an "Attendee Details" section`, ErrNoHeader)}
	}
	rep, err = settle(rep, parts, times, start, exportfile.Stamp{}, vote, rowErr)
	if err != nil {
		return nil, err
	}
	if !rep.Meeting.Start.IsZero() && minutes > 0 {
		rep.Meeting.End = rep.Meeting.Start.Add(time.Duration(minutes) * time.Minute)
	}
	return rep, nil
}
