// These tests pin the hand-written name splitting on its edge cases.

package zoom

import "testing"

func TestSplitName(t *testing.T) {
	tests := []struct{ in, name, original string }{
		{"Robin Lee (Robin L.)", "Robin Lee", "Robin L."},
		{"Robin Lee", "Robin Lee", ""},
		{"Sam (Tuesday group) Ortiz", "Sam (Tuesday group) Ortiz", ""},
		{"Sam (Tue) Ortiz (Sam O (old))", "Sam (Tue) Ortiz", "Sam O (old)"},
		{"(Robin)", "(Robin)", ""},
		{"Robin ()", "Robin ()", ""},
		{"f(x)", "f(x)", ""},
		{"Robin Lee (Robin L.", "Robin Lee (Robin L.", ""},
		{"Robin Lee Robin L.)", "Robin Lee Robin L.)", ""},
		{"José (Pepe)", "José", "Pepe"},
	}
	for _, tt := range tests {
		name, original := splitName(tt.in)
		if name != tt.name || original != tt.original {
			t.Errorf("splitName(%q) = %q, %q; want %q, %q", tt.in, name, original, tt.name, tt.original)
		}
	}
}
