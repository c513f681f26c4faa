// This file reads the account's meeting list with details (the usage report's "Export with
// meeting details"): one header on line 1 that holds the meeting's columns and then the
// participant's, and one row per participant stay, each repeating its meeting's fields.

package zoom

import (
	"fmt"
	"strings"

	"cohesion/pipeline/exportfile"
)

// LayoutList is the meeting list with details: "Topic,Meeting ID,User Name,User Email,...,
// Participants,Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),...",
// several meetings in one file.
const LayoutList Layout = "list"

// listSplit is where a meeting list's header turns from the meeting's columns to the
// participant's (the name column), or 0 when the header is no meeting list's.
func listSplit(norm []string) int {
	k := exportfile.Column(norm, participantNames...)
	if k <= 0 || !isBlockHeader(norm[:k]) || !isParticipantHeader(norm[k:]) {
		return 0
	}
	return k
}

// ParseAll parses a participants report into one Report per meeting it holds: a meeting list
// with details gives each of its meetings, in the order they first appear; every other report is
// one meeting. Errors are *ParseError, at the file's own lines.
func ParseAll(data []byte, opt Options) ([]*Report, error) {
	return exportfile.ReadCSV(data, func(text []byte, lazy bool) ([]*Report, error) {
		records := exportfile.NewRecords(text, exportfile.Separator(text), lazy)
		defer records.Release()
		next := records.Next
		rec, line, err := next()
		if err != nil || rec == nil {
			rep, err := parseFrom(text, next, rec, nil, line, err, opt)
			return []*Report{rep}, err
		}
		norm := normHeader(rec)
		k := listSplit(norm)
		if k == 0 {
			// Any other report: read on from its first record, already read.
			rep, err := parseFrom(text, next, rec, norm, line, nil, opt)
			if err != nil {
				return nil, err
			}
			return []*Report{rep}, nil
		}
		return parseList(next, rec, norm, line, k, opt)
	})
}

func parseList(next func() ([]string, int, error), header, norm []string, headerLine, k int, opt Options) ([]*Report, error) {
	bc := locateBlock(header[:k], norm[:k])
	pc, missing := locateParticipants(header[k:], norm[k:])
	if missing != "" {
		return nil, &ParseError{Line: headerLine, Err: fmt.Errorf("%w %q", ErrMissingColumn, missing)}
	}
	shift(&pc, k)
	bc.width = k
	vote := exportfile.OrderVote{Forced: opt.DateOrder}
	type meeting struct {
		rep        *Report
		start, end exportfile.Stamp
		fields     string // the meeting's columns as its first row gives them
		line       int
		times      []rowTimes
	}
	var meetings []*meeting
	byKey := map[string]*meeting{}
	rowErr, err := eachRecord(next, func(rec []string, line int) error {
		if len(rec) < pc.width {
			return exportfile.ErrorAt(line, len(rec), fmt.Errorf("%w: %d fields, header has %d", ErrTruncated, len(rec), pc.width))
		}
		// A meeting is its ID and start: a recurring meeting's occurrences share the ID.
		key := strings.TrimSpace(rec[bc.id]) + "\x00" + strings.TrimSpace(rec[bc.start])
		fields := strings.Join(rec[:k], "\x00")
		m := byKey[key]
		if m == nil {
			m = &meeting{rep: &Report{Layout: LayoutList, HasMeetingBlock: true}, fields: fields, line: line}
			var err error
			if m.start, m.end, err = readBlock(rec[:k], line, bc, &m.rep.Meeting, &vote); err != nil {
				return err
			}
			byKey[key] = m
			meetings = append(meetings, m)
		} else if fields != m.fields {
			return &ParseError{Line: line, Err: fmt.Errorf("%w: the meeting's columns differ from line %d, which has the same meeting ID and start", ErrBadMeetingBlock, m.line)}
		}
		p, t, err := readRow(rec, line, &pc, &vote)
		if err != nil {
			return err
		}
		m.rep.Participants = append(m.rep.Participants, p)
		m.times = append(m.times, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if rowErr == nil && len(meetings) == 0 {
		rowErr = &ParseError{Line: headerLine, Err: fmt.Errorf("%w: the meeting list has no rows", ErrNoHeader)}
	}
	out := make([]*Report, 0, len(meetings))
	for _, m := range meetings {
		parts := m.rep.Participants
		m.rep.Participants = nil
		rep, err := settle(m.rep, parts, m.times, m.start, m.end, &vote, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, rep)
	}
	if rowErr != nil {
		return nil, rowErr
	}
	return out, nil
}

// shift moves the participant columns located in the tail of a header to their place in the
// whole row.
func shift(pc *participantColumns, k int) {
	for _, c := range []*int{&pc.name, &pc.email, &pc.join, &pc.leave, &pc.minutes, &pc.guest, &pc.waiting} {
		if *c >= 0 {
			*c += k
		}
	}
	pc.width += k
}
