// These tests pin the hand-written date and name splitting on their edge cases.

package zoom

import (
	"errors"
	"testing"
	"time"
)

func TestParseStamp(t *testing.T) {
	tests := []struct {
		in    string
		order DateOrder
		want  string // time.DateTime, or "" for an error
		kind  error
	}{
		{"03/05/2026 05:58:12 PM", MonthFirst, "2026-03-05 17:58:12", nil},
		{"03/05/2026 12:00:00 AM", MonthFirst, "2026-03-05 00:00:00", nil},
		{"03/05/2026 12:30:00 PM", MonthFirst, "2026-03-05 12:30:00", nil},
		{"03/05/2026 05:58:12 pm", MonthFirst, "2026-03-05 17:58:12", nil},
		{"03/05/2026 05:58:12PM", MonthFirst, "2026-03-05 17:58:12", nil},
		{"03/05/2026 05:58:12 PM", DayFirst, "2026-05-03 17:58:12", nil},
		{"3/5/2026 17:58", MonthFirst, "2026-03-05 17:58:00", nil},
		{"05.03.2026 17:58:12", DayFirst, "2026-03-05 17:58:12", nil},
		{"2026-03-05 17:58:12", DayFirst, "2026-03-05 17:58:12", nil},
		{"2026-03-05T17:58:12", MonthFirst, "2026-03-05 17:58:12", nil},
		{"2026/03/05 17:58", MonthFirst, "2026-03-05 17:58:00", nil},
		{"02/29/2028 09:00:00 AM", MonthFirst, "2028-02-29 09:00:00", nil},
		{"02/29/2026 09:00:00 AM", MonthFirst, "", ErrImpossibleDate},
		{"02/29/2100 09:00:00 AM", MonthFirst, "", ErrImpossibleDate},
		{"02/30/2026 06:00:00 PM", MonthFirst, "", ErrImpossibleDate},
		{"04/31/2026 06:00:00 PM", MonthFirst, "", ErrImpossibleDate},
		{"13/13/2026 06:00:00 PM", DayFirst, "", ErrImpossibleDate},
		{"00/05/2026 06:00:00 PM", MonthFirst, "", ErrImpossibleDate},
		{"03/05/2026 00:30:00 PM", MonthFirst, "", ErrImpossibleDate},
		{"03/05/2026 13:30:00 PM", MonthFirst, "", ErrImpossibleDate},
		{"03/05/2026 23:60:00", MonthFirst, "", ErrImpossibleDate},
		{"03/05/2026 23:59:60", MonthFirst, "", ErrImpossibleDate},
		{"0000-03-05 10:00:00", MonthFirst, "", ErrImpossibleDate},
		{"", MonthFirst, "", ErrBadDate},
		{"03/05/2026", MonthFirst, "", ErrBadDate},
		{"03/05/26 10:00", MonthFirst, "", ErrBadDate},
		{"03/05-2026 10:00", MonthFirst, "", ErrBadDate},
		{"003/05/2026 10:00", MonthFirst, "", ErrBadDate},
		{"03/05/20260 10:00", MonthFirst, "", ErrBadDate},
		{"03/05/2026 10:0", MonthFirst, "", ErrBadDate},
		{"03/05/2026 10:00:00 XM", MonthFirst, "", ErrBadDate},
		{"03/05/2026 10:00:00 PM extra", MonthFirst, "", ErrBadDate},
		{"03/05/2026 10:00:00.5", MonthFirst, "", ErrBadDate},
		{"03/05/2026T10:00", MonthFirst, "2026-03-05 10:00:00", nil},
	}
	for _, tt := range tests {
		st, err := parseStamp(tt.in)
		if err == nil {
			err = st.check(tt.order)
		}
		if tt.want == "" {
			if !errors.Is(err, tt.kind) {
				t.Errorf("parseStamp(%q) %v: error %v, want %v", tt.in, tt.order, err, tt.kind)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseStamp(%q) %v: %v", tt.in, tt.order, err)
			continue
		}
		if got := st.time(tt.order).Format(time.DateTime); got != tt.want {
			t.Errorf("parseStamp(%q) %v = %s, want %s", tt.in, tt.order, got, tt.want)
		}
	}
}

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
