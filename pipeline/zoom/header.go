// This file recognises Zoom's header rows by their text, because column sets
// and order change between Zoom versions and spreadsheet re-saves.

package zoom

import (
	"strings"

	"cohesion/pipeline/exportfile"
)

// isBlockHeader recognises the meeting block's header, classic
// ("Meeting ID,Topic,Start Time,...") or sentence-case ("Topic,ID,Host,...").
func isBlockHeader(norm []string) bool {
	return exportfile.Column(norm, "topic") >= 0 &&
		exportfile.Column(norm, "meeting id", "id") >= 0 &&
		exportfile.Column(norm, "start time") >= 0
}

// isParticipantHeader recognises the participant table's header, in every
// layout: the name column plus either times or a duration.
func isParticipantHeader(norm []string) bool {
	return exportfile.Column(norm, "name (original name)") >= 0 &&
		exportfile.Column(norm, "join time", "duration (minutes)", "total duration (minutes)") >= 0
}

// blockColumns locates the meeting block's fields; -1 means absent.
type blockColumns struct {
	id, topic, host, hostEmail, start, end, participants int
	width                                                int
}

func locateBlock(rec, norm []string) blockColumns {
	return blockColumns{
		id:           exportfile.Column(norm, "meeting id", "id"),
		topic:        exportfile.Column(norm, "topic"),
		host:         exportfile.Column(norm, "host", "host name", "user name"),
		hostEmail:    exportfile.Column(norm, "host email", "user email"),
		start:        exportfile.Column(norm, "start time"),
		end:          exportfile.Column(norm, "end time"),
		participants: exportfile.Column(norm, "participants"),
		width:        exportfile.Width(rec),
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
		name:    exportfile.Column(norm, "name (original name)"),
		email:   exportfile.Column(norm, "user email", "email"),
		join:    exportfile.Column(norm, "join time"),
		leave:   exportfile.Column(norm, "leave time"),
		minutes: exportfile.Column(norm, "duration (minutes)", "total duration (minutes)"),
		guest:   exportfile.Column(norm, "guest"),
		waiting: exportfile.Column(norm, "in waiting room"),
		width:   exportfile.Width(rec),
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
