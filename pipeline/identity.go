// identity.go folds names and emails into match keys and derives the participant pseudonym.
package pipeline

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FoldName reduces a display name to the key names are matched on: accents stripped, case
// folded, runs of spaces and punctuation-adjacent spacing collapsed. "  José  NÚÑEZ " and
// "jose nunez" give the same key.
func FoldName(name string) string {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return foldUnicode(name)
		}
	}
	return foldASCII(name)
}

// foldASCII is FoldName of ASCII text, byte by byte: NFD leaves it as it is and it has no
// accents, so only spaces and case are folded (most names a load folds; no allocation but one).
func foldASCII(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	space := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch c {
		case ' ', '\t', '\n', '\v', '\f', '\r', '_':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func foldUnicode(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	space := false
	// Decomposed into a buffer on the stack for a name of usual length, not a string of its own.
	var buf [128]byte
	for _, r := range string(norm.NFD.AppendString(buf[:0], name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // combining accent
		case unicode.IsSpace(r) || r == '_':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r)) // strings.ToLower(string(r)), without a string for r
	}
	return b.String()
}

// NormEmail lower-cases and trims an email address; an empty or obviously absent one gives "".
func NormEmail(email string) string {
	e := strings.ToLower(strings.TrimSpace(email))
	if !strings.Contains(e, "@") {
		return ""
	}
	return e
}

// ParticipantID is the stable pseudonym of a person: a keyed HMAC-SHA256 of the normalised email,
// or of the folded roster name when there is no email. Short enough to read in a report,
// long enough (48 bits) that a practice's few thousand members never collide.
func ParticipantID(key []byte, email, name string) string {
	subject := "email:" + NormEmail(email)
	if NormEmail(email) == "" {
		subject = "name:" + FoldName(name)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(subject))
	return "p" + hex.EncodeToString(mac.Sum(nil))[:12]
}
