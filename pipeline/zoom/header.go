// This file recognises Zoom's header rows by their text, because column sets
// and order change between Zoom versions and spreadsheet re-saves.

package zoom

import "strings"

// normHeader folds a header row for matching: trimmed and lower-cased, so
// "Join Time" and "Join time" are the same column.
func normHeader(rec []string) []string {
	out := make([]string, len(rec))
	for i, f := range rec {
		out[i] = strings.ToLower(strings.TrimSpace(f))
	}
	return out
}

// col returns the index of the first cell equal to one of names, or -1.
func col(norm []string, names ...string) int {
	for i, f := range norm {
		for _, n := range names {
			if f == n {
				return i
			}
		}
	}
	return -1
}

// width is the header's field count without trailing empty cells, which
// Zoom's trailing commas and spreadsheet padding add.
func width(rec []string) int {
	n := len(rec)
	for n > 0 && strings.TrimSpace(rec[n-1]) == "" {
		n--
	}
	return n
}

// isBlank reports whether a record has no content: a blank line, or the
// ",,,,,,," a spreadsheet writes for one.
func isBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// isBlockHeader recognises the meeting block's header, classic
// ("Meeting ID,Topic,Start Time,...") or sentence-case ("Topic,ID,Host,...").
func isBlockHeader(norm []string) bool {
	return col(norm, "topic") >= 0 && col(norm, "meeting id", "id") >= 0 && col(norm, "start time") >= 0
}

// isParticipantHeader recognises the participant table's header, in every
// layout: the name column plus either times or a duration.
func isParticipantHeader(norm []string) bool {
	return col(norm, "name (original name)") >= 0 &&
		col(norm, "join time", "duration (minutes)", "total duration (minutes)") >= 0
}

// blockColumns locates the meeting block's fields; -1 means absent.
type blockColumns struct {
	id, topic, host, hostEmail, start, end int
	width                                  int
}

func locateBlock(rec, norm []string) blockColumns {
	return blockColumns{
		id:        col(norm, "meeting id", "id"),
		topic:     col(norm, "topic"),
		host:      col(norm, "host", "host name", "user name"),
		hostEmail: col(norm, "host email", "user email"),
		start:     col(norm, "start time"),
		end:       col(norm, "end time"),
		width:     width(rec),
	}
}

// participantColumns locates the participant table's fields; -1 means absent.
type participantColumns struct {
	name, email, join, leave, minutes, guest, waiting int
	width                                             int
	layout                                            Layout
}

// locateParticipants maps the header and names the layout. It returns the
// missing column's name when the header cannot be read.
func locateParticipants(rec, norm []string) (participantColumns, string) {
	c := participantColumns{
		name:    col(norm, "name (original name)"),
		email:   col(norm, "user email", "email"),
		join:    col(norm, "join time"),
		leave:   col(norm, "leave time"),
		minutes: col(norm, "duration (minutes)", "total duration (minutes)"),
		guest:   col(norm, "guest"),
		waiting: col(norm, "in waiting room"),
		width:   width(rec),
	}
	switch {
	case c.join >= 0 && c.leave < 0:
		return c, "Leave Time"
	case c.leave >= 0 && c.join < 0:
		return c, "Join Time"
	case c.minutes < 0:
		return c, "Duration (Minutes)"
	}
	// Classic headers say "User Email" and title-case every word; the newer
	// export says "Email" and uses sentence case. The email column decides,
	// the name column's case when there is no email column.
	classic := c.email >= 0 && norm[c.email] == "user email" ||
		c.email < 0 && strings.Contains(rec[c.name], "Original Name")
	unique := c.join < 0
	switch {
	case classic && unique:
		c.layout = LayoutClassicUnique
	case classic:
		c.layout = LayoutClassic
	case unique:
		c.layout = LayoutSentenceUnique
	default:
		c.layout = LayoutSentence
	}
	return c, ""
}
