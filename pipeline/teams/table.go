// This file recognises the report's tables by their headers and reads their
// rows and the summary's key/value rows.

package teams

import (
	"fmt"
	"strings"
	"time"

	"cohesion/pipeline/exportfile"
)

// tableKind names a table by its header.
type tableKind int

const (
	noTable tableKind = iota
	// participantsTable is "Name, First Join, Last Leave, ...": one row
	// per person.
	participantsTable
	// activitiesTable is "Name, Join Time, Leave Time, ..." (current) or
	// "Full Name, Join Time, Leave Time, ..." (2021): one row per join.
	activitiesTable
	// legacyTable is "Full Name, User Action, Timestamp".
	legacyTable
)

// The names Teams gives the current report's columns, folded as
// exportfile.NormHeader folds them: English first, then Spanish, Portuguese,
// German and French, as Teams writes them in the organiser's language.
var (
	nameNames      = []string{"name", "full name", "nombre", "nome", "nom"}
	firstJoinNames = []string{"first join", "primera entrada", "primeira entrada", "erster beitritt", "première arrivée"}
	lastLeaveNames = []string{"last leave", "última salida", "última saída", "letztes verlassen", "dernier départ"}
	joinNames      = []string{"join time", "hora de entrada", "beitreten", "heure d'arrivée", "heure d’arrivée"}
	leaveNames     = []string{"leave time", "hora de salida", "hora de saída", "verlassen", "heure de départ"}
	durationNames  = []string{
		"duration", "in-meeting duration",
		"duración", "duración de la reunión", "duração", "duração da reunião",
		"dauer", "dauer der besprechung", "durée", "durée de la réunion",
	}
	emailNames = []string{"email", "correo electrónico", "e-mail"}
	upnNames   = []string{
		"participant id (upn)", "participant id",
		"id. de participante (upn)", "id de participante (upn)", "id do participante (upn)",
		"teilnehmer-id (upn)", "id de participant (upn)", "id du participant (upn)",
	}
	roleNames = []string{"role", "rol", "função", "rolle", "rôle"}
	// organizerRoles is the Role cell of the person who called the meeting.
	organizerRoles = []string{"organizer", "organizador", "organizadora", "organisator", "organisatorin", "organisateur", "organisatrice"}
)

// tableOf recognises a header by its name column and one time column, so
// that a header missing its other time column is still recognised and
// reported as such.
func tableOf(norm []string) tableKind {
	full, name := exportfile.Column(norm, "full name"), exportfile.Column(norm, nameNames...)
	action, stamp := exportfile.Column(norm, "user action"), exportfile.Column(norm, "timestamp")
	switch {
	// The legacy list opens with Full Name; a form export that asks for a full name opens with
	// its Timestamp ("Timestamp, Full Name, ..."), and is no Teams list.
	case full >= 0 && (action >= 0 || stamp >= 0 && full < stamp):
		return legacyTable
	case name >= 0 && exportfile.Column(norm, append(firstJoinNames, lastLeaveNames...)...) >= 0:
		return participantsTable
	case name >= 0 && exportfile.Column(norm, append(joinNames, leaveNames...)...) >= 0:
		return activitiesTable
	}
	return noTable
}

// columns locates a table's fields; -1 means absent.
type columns struct {
	name, join, leave, duration, email, upn, role int
	action, stamp                                 int // legacy list only
	width                                         int // the header's
	need                                          int // fields a row must have
}

// locate maps a header of the given kind, or reports the column it lacks.
func locate(r row, norm []string, kind tableKind) (columns, error) {
	c := columns{
		name:     exportfile.Column(norm, nameNames...),
		join:     exportfile.Column(norm, append(joinNames, firstJoinNames...)...),
		leave:    exportfile.Column(norm, append(leaveNames, lastLeaveNames...)...),
		duration: exportfile.Column(norm, durationNames...),
		email:    exportfile.Column(norm, emailNames...),
		upn:      exportfile.Column(norm, upnNames...),
		role:     exportfile.Column(norm, roleNames...),
		action:   exportfile.Column(norm, "user action"),
		stamp:    exportfile.Column(norm, "timestamp"),
		width:    r.width(),
	}
	missing := ""
	switch {
	case kind == legacyTable && c.action < 0:
		missing = "User Action"
	case kind == legacyTable && c.stamp < 0:
		missing = "Timestamp"
	case kind == participantsTable && c.join < 0:
		missing = "First Join"
	case kind == participantsTable && c.leave < 0:
		missing = "Last Leave"
	case kind == activitiesTable && c.join < 0:
		missing = "Join Time"
	case kind == activitiesTable && c.leave < 0:
		missing = "Leave Time"
	}
	if missing != "" {
		return c, &ParseError{Line: r.line, Err: fmt.Errorf("%w %q", ErrMissingColumn, missing)}
	}
	// A row must reach every column read except the participant ID, which
	// is last in the 2021 table and empty for guests, so a writer that
	// drops trailing empty cells must not make those rows look cut off.
	used := []int{c.name, c.join, c.leave, c.duration, c.email, c.role}
	if kind == legacyTable {
		used = []int{c.name, c.action, c.stamp}
	}
	for _, i := range used {
		c.need = max(c.need, i+1)
	}
	return c, nil
}

// pending is a row whose times wait for the file's date order.
type pending struct {
	p                 Participant
	join, leave       exportfile.Stamp
	joinCol, leaveCol int
	dur               time.Duration
	hasDur            bool
}

// table reads rows from i to the end of the table: the next section title
// when sections is set, else the end of the file. It returns the rows read
// before any problem, so that finish can report an earlier one first.
func (p *parser) table(i int, c columns, sections bool) (int, []pending, error) {
	n := 0
	for k := i; k < len(p.rows); k++ {
		if _, ok := sectionTitle(p.rows[k]); ok && sections {
			break
		}
		n++
	}
	rows := make([]pending, 0, n)
	for ; i < len(p.rows); i++ {
		r := p.rows[i]
		if r.blank() {
			continue
		}
		if _, ok := sectionTitle(r); ok && sections {
			return i, rows, nil
		}
		pr, err := p.interval(r, c)
		if err != nil {
			return i, rows, err
		}
		rows = append(rows, pr)
	}
	return i, rows, nil
}

// interval reads one row of a participants or activities table.
func (p *parser) interval(r row, c columns) (pending, error) {
	var pr pending
	if len(r.cells) < c.need {
		return pr, exportfile.ErrorAt(r.line, len(r.cells), fmt.Errorf("%w: %d fields, header has %d", ErrTruncated, len(r.cells), c.width))
	}
	if err := exportfile.CheckNames(r.cells, r.line, c.name, c.email, c.upn); err != nil {
		return pr, err
	}
	pr.p = Participant{
		Line:  r.line,
		Name:  cleanName(exportfile.CleanText(r.cell(c.name))),
		Email: r.cell(c.email),
		Role:  r.cell(c.role),
	}
	pr.p.Organizer = exportfile.Column([]string{strings.ToLower(pr.p.Role)}, organizerRoles...) == 0
	if pr.p.Email == "" {
		// Guests from other tenants have a UPN like
		// "ann_example.org#EXT#@tenant.onmicrosoft.com", which is no one's
		// address; members' UPN usually is their address.
		if upn := r.cell(c.upn); strings.Contains(upn, "@") && !strings.Contains(strings.ToUpper(upn), "#EXT#") {
			pr.p.Email = upn
		}
	}
	var err error
	pr.joinCol, pr.leaveCol = c.join, c.leave
	if pr.join, err = exportfile.ParseStamp(r.cell(c.join), stamps); err != nil {
		return pr, exportfile.ErrorAt(r.line, c.join, err)
	}
	if err = p.vote.See(pr.join, r.line); err != nil {
		return pr, exportfile.ErrorAt(r.line, c.join, err)
	}
	leave := r.cell(c.leave)
	if leave != "" {
		if pr.leave, err = exportfile.ParseStamp(leave, stamps); err != nil {
			return pr, exportfile.ErrorAt(r.line, c.leave, err)
		}
		if err = p.vote.See(pr.leave, r.line); err != nil {
			return pr, exportfile.ErrorAt(r.line, c.leave, err)
		}
	}
	if d := r.cell(c.duration); d != "" {
		if pr.dur, err = exportfile.ParseDuration(d, stamps); err != nil {
			return pr, exportfile.ErrorAt(r.line, c.duration, err)
		}
		pr.hasDur = true
	}
	if leave == "" && !pr.hasDur {
		// Without a leave time the duration says when the person left;
		// with neither the row says nothing about attendance.
		return pr, exportfile.ErrorAt(r.line, c.leave, fmt.Errorf("%w %q", ErrBadDate, leave))
	}
	return pr, nil
}

// finish settles the times of rows read once the date order is known and
// returns the first problem by line: a leave before join found now on an
// earlier row than readErr, else readErr.
func (p *parser) finish(readErr error, tables ...[]pending) error {
	order := p.vote.Order()
	var first *ParseError
	for _, rows := range tables {
		for k := range rows {
			pr := &rows[k]
			pr.p.Join = pr.join.Time(order)
			if pr.leave.Present() {
				pr.p.Leave = pr.leave.Time(order)
			} else {
				pr.p.Leave = pr.p.Join.Add(pr.dur)
			}
			if pr.p.Leave.Before(pr.p.Join) && (first == nil || pr.p.Line < first.Line) {
				first = exportfile.ErrorAt(pr.p.Line, pr.leaveCol, fmt.Errorf("%w: %q before %q", ErrLeaveBeforeJoin, pr.leave.Raw(), pr.join.Raw()))
			}
		}
	}
	if first != nil {
		return first
	}
	return readErr
}

// cleanName drops the markers Teams appends to people from outside the
// organisation, which the roster never has: "Jordan Lee (External)",
// "Sam (Guest)", "Caller (Unverified)", and the same in the account's language
// ("(Invitado)", "(Gast)", "(Invité)", "(Convidado)", "(Externo)", ...).
// Other parentheses stay.
func cleanName(s string) string {
	for {
		trimmed := s
		for _, m := range guestMarkers {
			if len(s) > len(m) && strings.EqualFold(s[len(s)-len(m):], m) {
				trimmed = strings.TrimSpace(s[:len(s)-len(m)])
				break
			}
		}
		if trimmed == s || trimmed == "" {
			return s
		}
		s = trimmed
	}
}

// guestMarkers are the suffixes cleanName drops, lower case: English, Spanish, German, French and
// Portuguese.
var guestMarkers = []string{
	"(external)", "(guest)", "(unverified)",
	"(invitado)", "(invitada)", "(externo)", "(externa)", "(no verificado)",
	"(gast)", "(extern)", "(nicht überprüft)",
	"(invité)", "(invitée)", "(externe)", "(non vérifié)",
	"(convidado)", "(convidada)", "(não verificado)",
}

// summary holds the key/value rows of "1. Summary" or "Meeting Summary".
type summary struct {
	id, title  string
	start, end exportfile.Stamp
	dur        time.Duration
	hasDur     bool
}

// read takes one key/value row; keys it does not use are ignored, because
// each Teams version adds some ("Attended participants", "Average
// attendance time", ...).
func (s *summary) read(r row, vote *exportfile.OrderVote) error {
	if len(r.cells) < 2 {
		return nil
	}
	value := r.cells[1]
	var st *exportfile.Stamp
	switch strings.ToLower(strings.TrimSpace(exportfile.CleanText(r.cells[0]))) {
	case "meeting title", "title",
		"título de la reunión", "título da reunião", "besprechungstitel", "titre de la réunion":
		s.title = value
	case "meeting id":
		s.id = value
	case "start time", "meeting start time",
		"hora de inicio", "hora de início", "startzeit", "heure de début":
		st = &s.start
	case "end time", "meeting end time",
		"hora de finalización", "hora de término", "endzeit", "heure de fin":
		st = &s.end
	case "meeting duration",
		"duración de la reunión", "duração da reunião", "besprechungsdauer", "durée de la réunion":
		if value == "" {
			return nil
		}
		d, err := exportfile.ParseDuration(value, stamps)
		if err != nil {
			return exportfile.ErrorAt(r.line, 1, err)
		}
		s.dur, s.hasDur = d, true
	}
	if st == nil || value == "" {
		return nil
	}
	var err error
	if *st, err = exportfile.ParseStamp(value, stamps); err != nil {
		return exportfile.ErrorAt(r.line, 1, err)
	}
	if err = vote.See(*st, r.line); err != nil {
		return exportfile.ErrorAt(r.line, 1, err)
	}
	return nil
}

// meeting resolves the summary's times in the file's date order. A summary
// with a start and a duration but no end time gets its end from them.
func (s *summary) meeting(o DateOrder) Meeting {
	m := Meeting{ID: s.id, Title: s.title, Start: s.start.Time(o), End: s.end.Time(o)}
	if m.End.IsZero() && !m.Start.IsZero() && s.hasDur {
		m.End = m.Start.Add(s.dur)
	}
	return m
}
