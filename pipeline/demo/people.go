// people.go invents the members of a cohort: names drawn from a varied pool, nicknames as
// aliases, unique lower-case emails, and intro completers who come back for an advanced cohort.

package demo

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// person is one member; the same *person appears in every cohort they enrol in.
type person struct {
	first, last string
	name        string
	email       string
	aliases     []string
	keys        []string // folded name and aliases
}

var firstNames = []string{
	"Agnieszka", "Alice", "Amara", "Ana", "Andrés", "Anjali", "Ayesha", "Beatriz", "Benjamin",
	"Björn", "Camille", "Carlos", "Chiara", "Chloé", "Daniel", "Dmitri", "Elena", "Elif", "Emeka",
	"Emma", "Esther", "Fatima", "François", "Gabriel", "Grace", "Hana", "Hannah", "Hiroshi",
	"Ibrahim", "Inès", "Isabel", "Jamal", "Javier", "Jonas", "José", "Julia", "Kai", "Kavya",
	"Kenji", "Lars", "Léa", "Leila", "Liam", "Lucía", "Łukasz", "Malik", "Marco", "María", "Maya",
	"Mei", "Miguel", "Nadia", "Noah", "Noémie", "Olga", "Omar", "Priya", "Rafael", "Rosa", "Ruth",
	"Samuel", "Sara", "Siobhán", "Sofía", "Søren", "Tariq", "Thomas", "Tomás", "Valentina", "Wei",
	"Yusuf", "Zainab", "Zoë",
}

var lastNames = []string{
	"Åberg", "Abbott", "Adeyemi", "Alvarez", "Andersson", "Bauer", "Becker", "Bianchi", "Brennan",
	"Castillo", "Chen", "Cohen", "Costa", "Dubois", "Eriksen", "Fernández", "Fischer", "García",
	"Gómez", "Haddad", "Hansen", "Hernández", "Ibáñez", "Ivanova", "Jansen", "Jiménez", "Kaur",
	"Khan", "Kim", "Kowalski", "Larsen", "Lefèvre", "Li", "López", "Martín", "Mbeki", "Moreau",
	"Müller", "Nakamura", "Nguyen", "Novák", "Núñez", "O'Brien", "Okafor", "Olsen", "Park",
	"Patel", "Peña", "Pérez", "Quinn", "Ramírez", "Reyes", "Rossi", "Sánchez", "Schmidt", "Silva",
	"Singh", "Sørensen", "Tanaka", "Thompson", "Torres", "van der Berg", "Wagner", "Walsh",
	"Wiśniewska", "Yamamoto", "Zhang",
}

// nicknames are the short forms members put in Zoom or that the facilitator knows them by.
var nicknames = map[string]string{
	"Alice": "Ali", "Beatriz": "Bea", "Benjamin": "Ben", "Daniel": "Dan", "Dmitri": "Dima",
	"Elena": "Lena", "Gabriel": "Gabe", "Hannah": "Hannie", "Isabel": "Izzy", "Javier": "Javi",
	"José": "Joe", "Julia": "Jules", "Łukasz": "Luke", "María": "Mari", "Miguel": "Mike",
	"Rafael": "Rafa", "Samuel": "Sam", "Thomas": "Tom", "Tomás": "Tom", "Valentina": "Vale",
	"Zoë": "Zoe", "Agnieszka": "Aga", "Ibrahim": "Ibra", "Kavya": "Kav",
}

var emailDomains = []string{"example.org", "example.com", "example.net", "mail.example", "inbox.example"}

// facilitator runs cohorts and hosts their meetings.
type facilitator struct{ name, email string }

var facilitators = []facilitator{
	{"Dana Whitfield", "dana.whitfield@practice.example"},
	{"Marcus Oyelaran", "marcus.oyelaran@practice.example"},
	{"Inés Carvalho", "ines.carvalho@practice.example"},
}

// strangerDevices are the names Zoom shows for people who never set one.
var strangerDevices = []string{"iPhone", "iPad", "Galaxy S23", "Pixel 8", "Zoom user", "Samsung SM-G991U"}

// accentStrip removes the accents that Unicode decomposition separates from their letter, so
// the result folds to the same key as the original under the loader's rules.
var accentStrip = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "ą", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e", "ę", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i",
	"ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ñ", "n", "ń", "n", "ç", "c", "ć", "c", "ś", "s", "ź", "z", "ż", "z", "ý", "y",
)

// letterFold maps the letters decomposition leaves alone; used only where a stricter key is safe.
var letterFold = strings.NewReplacer("ø", "o", "ł", "l", "ß", "ss", "æ", "ae", "đ", "d")

// plainLower lower-cases a name and strips its decomposable accents: "José Núñez" gives
// "jose nunez", which a matcher folding case and accents takes for the same person.
func plainLower(name string) string { return accentStrip.Replace(strings.ToLower(name)) }

// foldKey is the key two display names are treated as the same person by. It is at least as
// coarse as the loader's folding (case, accents, runs of spaces), so names this package keeps
// apart are apart for the loader too.
func foldKey(name string) string {
	s := letterFold.Replace(plainLower(strings.ReplaceAll(name, "_", " ")))
	return strings.Join(strings.Fields(s), " ")
}

// emailLocal reduces a name part to the ASCII letters an email address would use.
func emailLocal(s string) string {
	s = foldKey(s)
	var b strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func initial(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r))
}

// keySet is the folded names already in use in one cohort (members, aliases, facilitator).
type keySet map[string]bool

func (k keySet) free(keys ...string) bool {
	for _, key := range keys {
		if k[key] {
			return false
		}
	}
	return true
}

func (k keySet) add(keys ...string) {
	for _, key := range keys {
		k[key] = true
	}
}

// newPerson invents a member whose name does not fold to any key in taken, with a fresh email.
func (g *generator) newPerson(taken keySet) *person {
	var p person
	for {
		p.first = firstNames[g.rng.IntN(len(firstNames))]
		p.last = lastNames[g.rng.IntN(len(lastNames))]
		p.name = p.first + " " + p.last
		if taken.free(foldKey(p.name)) {
			break
		}
	}
	p.keys = []string{foldKey(p.name)}
	short := p.first
	if nick, ok := nicknames[p.first]; ok {
		short = nick
	}
	var candidates []string
	if g.chance(0.55) {
		candidates = append(candidates, short+" "+initial(p.last))
	}
	if short != p.first && g.chance(0.4) {
		candidates = append(candidates, short)
	}
	if g.chance(0.08) {
		candidates = append(candidates, p.first+" "+p.last+"-"+lastNames[g.rng.IntN(len(lastNames))])
	}
	for _, a := range candidates {
		key := foldKey(a)
		if taken.free(key) && !slices.Contains(p.keys, key) {
			p.aliases = append(p.aliases, a)
			p.keys = append(p.keys, key)
		}
	}
	p.email = g.newEmail(p.first, p.last)
	return &p
}

// newEmail makes a lower-case address from a name that no one else in the program has.
func (g *generator) newEmail(first, last string) string {
	f, l := emailLocal(first), emailLocal(last)
	var local string
	switch g.rng.IntN(5) {
	case 0:
		local = f + "." + l
	case 1:
		local = f + l
	case 2:
		local = f[:1] + "." + l
	case 3:
		local = f + "_" + l
	default:
		local = f + "." + l + itoa(g.between(1, 99))
	}
	domain := emailDomains[g.rng.IntN(len(emailDomains))]
	email := local + "@" + domain
	for n := 2; g.emails[email]; n++ {
		email = local + itoa(n) + "@" + domain
	}
	g.emails[email] = true
	return email
}

// pickContinuers draws up to want intro completers whose cohort ended within the half year
// before start, skipping anyone whose names clash with the cohort's; each comes back once.
func (g *generator) pickContinuers(want int, start time.Time, taken keySet) []*person {
	horizon := start.AddDate(0, -6, 0)
	drop := 0
	for drop < len(g.pool) && g.pool[drop].ended.Before(horizon) {
		drop++
	}
	g.pool = g.pool[drop:]
	eligible := 0
	for eligible < len(g.pool) && g.pool[eligible].ended.Before(start) {
		eligible++
	}
	var picked []*person
	for tries := 0; len(picked) < want && eligible > 0 && tries < 4*want; tries++ {
		j := g.rng.IntN(eligible)
		p := g.pool[j].p
		if !taken.free(p.keys...) {
			continue
		}
		taken.add(p.keys...)
		picked = append(picked, p)
		g.pool = append(g.pool[:j], g.pool[j+1:]...)
		eligible--
	}
	return picked
}
