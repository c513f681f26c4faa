// This file matches header cells and reads the plain cells every export has:
// blank rows, padded widths, whole numbers, and excerpts for messages.

package exportfile

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormHeader folds a header row for matching: cleaned (see CleanText),
// trimmed and lower-cased, so "Join Time", "join time " and "Join\u00a0Time\u200e"
// are the same column.
func NormHeader(rec []string) []string {
	return foldCells(rec, true)
}

// LowerCells is rec trimmed and lower-cased, cell by cell, as strings.ToLower and
// strings.TrimSpace would, without cleaning: a header as the facilitator's own files are read.
func LowerCells(rec []string) []string {
	return foldCells(rec, false)
}

// foldCells trims and lower-cases every cell of rec, after CleanText when clean is set. Every
// load asks it of every file's header, several times: the cells already folded are kept as
// they are and the others are written into one string, so a header costs two allocations, not
// one a cell.
func foldCells(rec []string, clean bool) []string {
	out := make([]string, len(rec))
	size := 0
	for i, f := range rec {
		if clean {
			f = CleanText(f)
		}
		f = strings.TrimSpace(f)
		out[i] = f
		if !isLower(f) {
			size += len(f) + utf8.UTFMax // a lower-case letter may be longer than its capital
		}
	}
	if size == 0 {
		return out
	}
	var b strings.Builder
	b.Grow(size)
	type span struct{ cell, from, to int }
	var room [32]span // a header's worth, on the stack
	spans := room[:0]
	for i, f := range out {
		if isLower(f) {
			continue
		}
		from := b.Len()
		writeLower(&b, f)
		spans = append(spans, span{i, from, b.Len()})
	}
	folded := b.String()
	for _, s := range spans {
		out[s.cell] = folded[s.from:s.to]
	}
	return out
}

// isLower reports whether strings.ToLower would return s as it is: ASCII without capitals.
func isLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// writeLower writes strings.ToLower(s) to b.
func writeLower(b *strings.Builder, s string) {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
}

// CleanText drops the invisible direction marks and zero-width characters
// that vendors' locale data and copy-paste leave in cells (U+200E after
// "Start time" in some Teams reports, U+FEFF inside a re-saved file) and
// writes a no-break space as a plain one, so "Ana\u00a0Silva" is the
// roster's "Ana Silva". Text without them is returned as is.
func CleanText(s string) string {
	if !strings.ContainsAny(s, invisible+"\u00a0") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u00a0':
			return ' '
		case strings.ContainsRune(invisible, r):
			return -1
		}
		return r
	}, s)
}

// invisible are the characters CleanText drops: zero-width space, joiners
// and BOM, and the bidirectional marks, embeddings and isolates.
const invisible = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"

// Column returns the index of the first cell of a folded header (see
// NormHeader) equal to one of names, or -1.
func Column(norm []string, names ...string) int {
	for i, f := range norm {
		for _, n := range names {
			if f == n {
				return i
			}
		}
	}
	return -1
}

// Width is a row's field count without trailing empty cells, which
// trailing commas and spreadsheet padding add.
func Width(rec []string) int {
	n := len(rec)
	for n > 0 && strings.TrimSpace(rec[n-1]) == "" {
		n--
	}
	return n
}

// IsBlank reports whether a record has no content: a blank line, or the
// ",,,,,," a spreadsheet writes for one.
func IsBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// WholeNumber reads a non-negative whole number of at most maxDigits digits
// and nothing else; the bound keeps it far from overflow.
func WholeNumber(s string, maxDigits int) (int, bool) {
	if s == "" || len(s) > maxDigits {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// Excerpt shortens text quoted in an error message to about 60 bytes,
// cutting on a rune boundary so the message stays valid UTF-8.
func Excerpt(s string) string {
	if len(s) <= 60 {
		return s
	}
	i := 60
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}
