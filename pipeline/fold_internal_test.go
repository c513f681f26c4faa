package pipeline

import (
	"math/rand/v2"
	"testing"
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
