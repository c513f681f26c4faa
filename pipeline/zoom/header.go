// This file recognises Zoom's header rows by their text, because column sets
// and order change between Zoom versions, spreadsheet re-saves and the
// language of the account that exported the report.

package zoom

import (
	"strings"

	"cohesion/pipeline/exportfile"
)

// normHeader folds a header row for matching, as exportfile.NormHeader does,
// and writes the typographic apostrophe of French headers ("Heure d’arrivée")
// as the plain one.
func normHeader(rec []string) []string {
	norm := exportfile.NormHeader(rec)
	for i, f := range norm {
		norm[i] = strings.ReplaceAll(f, "’", "'")
	}
	return norm
}

// The names Zoom gives each column, folded as normHeader folds them: English
// first, then Spanish, Portuguese, German and French, as the web portal writes
// them when the account's language is set.
var (
	topicNames       = []string{"topic", "tema", "tópico", "thema", "sujet"}
	meetingIDNames   = []string{"meeting id", "id", "id de reunión", "id de la reunión", "id da reunião", "meeting-id", "n° de réunion", "id de réunion", "id de la réunion"}
	startNames       = []string{"start time", "hora de inicio", "hora de início", "startzeit", "heure de début"}
	endNames         = []string{"end time", "hora de finalización", "hora de término", "endzeit", "heure de fin"}
	hostNames        = []string{"host", "host name", "user name", "anfitrión", "anfitrião", "gastgeber", "hôte"}
	hostEmailNames   = []string{"host email", "user email", "e-mail del usuario", "e-mail do usuário", "e-mail des benutzers", "adresse e-mail de l'utilisateur", "e-mail de l'utilisateur"}
	headcountNames   = []string{"participants", "participantes", "teilnehmer"}
	participantNames = []string{
		"name (original name)", "nombre (nombre original)", "nome (nome original)",
		"name (ursprünglicher name)", "nom (nom d'origine)", "nom (nom original)",
	}
	// legacyNameNames is the name column before Zoom added renames, in 2020.
	legacyNameNames = []string{"user name", "nombre de usuario", "nome de usuário", "benutzername", "nom d'utilisateur"}
	// userEmailNames is the classic layout's email column, emailNames the newer one's.
	userEmailNames = []string{"user email", "e-mail del usuario", "e-mail do usuário", "e-mail des benutzers", "adresse e-mail de l'utilisateur", "e-mail de l'utilisateur"}
	emailNames     = []string{"email", "correo electrónico", "e-mail"}
	joinNames      = []string{"join time", "hora de entrada", "hora para unirse", "ingressar na hora", "zeitpunkt des beitritts", "beitrittszeit", "heure d'arrivée", "heure de connexion"}
	leaveNames     = []string{"leave time", "hora de salida", "hora para salir", "hora de saída", "zeitpunkt des verlassens", "austrittszeit", "heure de départ", "heure de déconnexion"}
	minutesNames   = []string{
		"duration (minutes)", "duración (minutos)", "duração (minutos)", "dauer (minuten)", "durée (minutes)",
		"total duration (minutes)", "duración total (minutos)", "duração total (minutos)", "gesamtdauer (minuten)", "durée totale (minutes)",
	}
	guestNames   = []string{"guest", "invitado", "convidado", "gast", "invité"}
	waitingNames = []string{"in waiting room", "en sala de espera", "na sala de espera", "im warteraum", "salle d'attente", "dans la salle d'attente"}
)

// yesNo reads the Guest and In Waiting Room cells, in the same languages as
// the headers; ok is false for anything else.
func yesNo(s string) (v, ok bool) {
	// Compared in any case without lower-casing a copy of every cell of every row.
	for _, w := range yesWords {
		if strings.EqualFold(s, w) {
			return true, true
		}
	}
	for _, w := range noWords {
		if strings.EqualFold(s, w) {
			return false, true
		}
	}
	return false, false
}

var (
	yesWords = []string{"yes", "sí", "si", "sim", "ja", "oui"}
	noWords  = []string{"", "no", "não", "nao", "nein", "non"}
)

// isBlockHeader recognises the meeting block's header, classic
// ("Meeting ID,Topic,Start Time,...") or sentence-case ("Topic,ID,Host,...").
func isBlockHeader(norm []string) bool {
	return exportfile.Column(norm, topicNames...) >= 0 &&
		exportfile.Column(norm, meetingIDNames...) >= 0 &&
		exportfile.Column(norm, startNames...) >= 0
}

// isParticipantHeader recognises the participant table's header, in every
// layout: the name column plus either times or a duration. The pre-2020
// name column, "User Name", is also the host column of a meeting block, so a
// block header is never a participant header.
func isParticipantHeader(norm []string) bool {
	return exportfile.Column(norm, participantNames...) >= 0 && exportfile.Column(norm, joinNames...) >= 0 ||
		exportfile.Column(norm, participantNames...) >= 0 && exportfile.Column(norm, minutesNames...) >= 0 ||
		exportfile.Column(norm, legacyNameNames...) >= 0 && exportfile.Column(norm, joinNames...) >= 0 && !isBlockHeader(norm)
}

// blockColumns locates the meeting block's fields; -1 means absent.
type blockColumns struct {
	id, topic, host, hostEmail, start, end, participants int
	width                                                int
}

func locateBlock(rec, norm []string) blockColumns {
	return blockColumns{
		id:           exportfile.Column(norm, meetingIDNames...),
		topic:        exportfile.Column(norm, topicNames...),
		host:         exportfile.Column(norm, hostNames...),
		hostEmail:    exportfile.Column(norm, hostEmailNames...),
		start:        exportfile.Column(norm, startNames...),
		end:          exportfile.Column(norm, endNames...),
		participants: exportfile.Column(norm, headcountNames...),
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
		name:    exportfile.Column(norm, participantNames...),
		email:   exportfile.Column(norm, append(userEmailNames, emailNames...)...),
		join:    exportfile.Column(norm, joinNames...),
		leave:   exportfile.Column(norm, leaveNames...),
		minutes: exportfile.Column(norm, minutesNames...),
		guest:   exportfile.Column(norm, guestNames...),
		waiting: exportfile.Column(norm, waitingNames...),
		width:   exportfile.Width(rec),
	}
	legacy := c.name < 0
	if legacy {
		c.name = exportfile.Column(norm, legacyNameNames...)
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
	// the name column's case when there is no email column. The pre-2020
	// "User Name" header is the classic one before renames.
	classic := legacy ||
		c.email >= 0 && exportfile.Column(norm[c.email:c.email+1], userEmailNames...) == 0 ||
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
