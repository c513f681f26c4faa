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

func TestStripRole(t *testing.T) {
	tests := []struct {
		in, name string
		host     bool
	}{
		{"Dana Host (Host)", "Dana Host", true},
		{"Dana Host (host)", "Dana Host", true},
		{"Dana Host (Anfitrión)", "Dana Host", true},
		{"Dana Host (ANFITRIÃO)", "Dana Host", true},
		{"Dana Host (Gastgeber)", "Dana Host", true},
		{"Dana Host (Hôte)", "Dana Host", true},
		{"Priya Raman (Priya R) (Co-host)", "Priya Raman (Priya R)", false},
		{"Priya Raman (Coanfitrión)", "Priya Raman", false},
		{"(Host)", "(Host)", false},
		{" (Host)", " (Host)", false},
		{"Dana(Host)", "Dana(Host)", false},
		{"Dana Host", "Dana Host", false},
		{"Host", "Host", false},
	}
	for _, tt := range tests {
		name, host := stripRole(tt.in)
		if name != tt.name || host != tt.host {
			t.Errorf("stripRole(%q) = %q, %v; want %q, %v", tt.in, name, host, tt.name, tt.host)
		}
	}
}
