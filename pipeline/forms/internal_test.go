// These tests pin the hand-written session reading on its edge cases.

package forms

import "testing"

func TestParseSession(t *testing.T) {
	for in, want := range map[string]int{
		"3": 3, "Session 3": 3, "session #3": 3, "Week 12": 12, "wk 2": 2, "3.0": 3, " 4 ": 4, "Session No. 5": 5,
		"0": 0, "": 0, "three": 0, "3rd": 0, "12345": 0, "-1": 0, "Session": 0,
	} {
		got, ok := parseSession(in)
		if ok != (want > 0) || got != want && ok {
			t.Errorf("parseSession(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
}
