package pipeline

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// TestFoldASCIIAgrees: the ASCII path of FoldName gives what the Unicode one gives, for every
// printable and control byte in any order (names in raw tables were folded by the Unicode one).
func TestFoldASCIIAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []string{"", " ", "_", "Ann  LEE", " _Robin_Lee_ ", "a\tb\nc\vd\fe\rf", "\x00\x1fX\x7f"}
	for range 20000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.IntN(128))
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		if got, want := foldASCII(s), foldUnicode(s); got != want {
			t.Fatalf("FoldName(%q): ASCII path %q, Unicode path %q", s, got, want)
		}
	}
}

// TestFoldUnicodeAgrees: foldUnicode gives what it gave when it decomposed into a string of
// its own and lower-cased each letter as a string, over random names of accented, capital,
// combining, space and invalid characters (raw tables keep keys folded the old way).
func TestFoldUnicodeAgrees(t *testing.T) {
	old := func(name string) string {
		var b strings.Builder
		space := false
		for _, r := range norm.NFD.String(name) {
			switch {
			case unicode.Is(unicode.Mn, r):
				continue
			case unicode.IsSpace(r) || r == '_':
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteString(strings.ToLower(string(r)))
		}
		return b.String()
	}
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"A", "z", " ", "_", "\u00a0", "É", "é", "e\u0301", "Ñ", "İ", "ẞ", "Σ", "ǅ", "\u3000", "Ø", "\xff", "\xe2\x80", "ﬁ"}
	cases := []string{"", "José NÚÑEZ", strings.Repeat("Ünïcödé ", 40)}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := foldUnicode(s), old(s); got != want {
			t.Fatalf("foldUnicode(%q) = %q, was %q", s, got, want)
		}
	}
}
