// These tests pin the hand-written time reading on its edge cases.

package forms

import (
	"errors"
	"testing"
	"time"
)

func TestParseStamp(t *testing.T) {
	tests := []struct {
		in    string
		order dateOrder
		want  string // time.DateTime, or "" for an error
		zone  string
		kind  error
	}{
		{"2026/03/24 7:35:12 PM GMT-4", monthFirst, "2026-03-24 19:35:12", "GMT-4", nil},
		{"2026/03/24 12:04:10 AM GMT-4", monthFirst, "2026-03-24 00:04:10", "GMT-4", nil},
		{"2026/03/24 12:30:00 PM GMT", monthFirst, "2026-03-24 12:30:00", "GMT", nil},
		{"2026/03/24 7:35:12 PM GMT+5:30", monthFirst, "2026-03-24 19:35:12", "GMT+5:30", nil},
		{"2026/03/24 7:35:12 PM GMT+0530", monthFirst, "2026-03-24 19:35:12", "GMT+0530", nil},
		{"2026/03/24 19:35:12 UTC+1", monthFirst, "2026-03-24 19:35:12", "UTC+1", nil},
		{"2026-03-24T19:35:12Z", monthFirst, "2026-03-24 19:35:12", "Z", nil},
		{"2026-03-24T19:35:12.000", monthFirst, "2026-03-24 19:35:12", "", nil},
		{"3/24/2026 19:35:12", monthFirst, "2026-03-24 19:35:12", "", nil},
		{"24/03/2026 19:35:12", dayFirst, "2026-03-24 19:35:12", "", nil},
		{"24.03.2026 19:35", dayFirst, "2026-03-24 19:35:00", "", nil},
		{"3/24/26 19:35:12", monthFirst, "2026-03-24 19:35:12", "", nil},
		{"3/24/26 7:41:03 PM", monthFirst, "2026-03-24 19:41:03", "", nil},
		{"3/24/2026, 7:41:03 p.m.", monthFirst, "2026-03-24 19:41:03", "", nil},
		{"3/24/2026 7:41:03 a.m.", monthFirst, "2026-03-24 07:41:03", "", nil},
		{"2/29/2028 09:00:00", monthFirst, "2028-02-29 09:00:00", "", nil},
		{"2/29/2026 09:00:00", monthFirst, "", "", ErrImpossibleDate},
		{"13/13/2026 09:00:00", dayFirst, "", "", ErrImpossibleDate},
		{"3/24/2026 24:00:00", monthFirst, "", "", ErrImpossibleDate},
		{"3/24/2026 0:30 PM", monthFirst, "", "", ErrImpossibleDate},
		{"3/24/2026 19:60", monthFirst, "", "", ErrImpossibleDate},
		{"", monthFirst, "", "", ErrBadDate},
		{"3/24/2026", monthFirst, "", "", ErrBadDate},
		{"3/24/202 19:35", monthFirst, "", "", ErrBadDate},
		{"3/24/2 19:35", monthFirst, "", "", ErrBadDate},
		{"3/24-2026 19:35", monthFirst, "", "", ErrBadDate},
		{"3/24/2026 19:35 AMT", monthFirst, "", "", ErrBadDate},
		{"3/24/2026 19:35 GMT-15", monthFirst, "", "", ErrBadDate},
		{"3/24/2026 19:35 GMT-4:7", monthFirst, "", "", ErrBadDate},
		{"3/24/2026 19:35 EST", monthFirst, "", "", ErrBadDate},
		{"3/24/2026 7:35 PM extra", monthFirst, "", "", ErrBadDate},
		{"3/24/2026 19:35:12.", monthFirst, "", "", ErrBadDate},
	}
	for _, tt := range tests {
		st, err := parseStamp(tt.in)
		if err == nil {
			err = st.check(tt.order)
		}
		if tt.want == "" {
			if !errors.Is(err, tt.kind) {
				t.Errorf("parseStamp(%q): error %v, want %v", tt.in, err, tt.kind)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseStamp(%q): %v", tt.in, err)
			continue
		}
		if got := st.time(tt.order).Format(time.DateTime); got != tt.want || st.zone != tt.zone {
			t.Errorf("parseStamp(%q) = %s %q, want %s %q", tt.in, got, st.zone, tt.want, tt.zone)
		}
	}
}

func TestSheetStamp(t *testing.T) {
	tests := []struct {
		in       string
		date1904 bool
		want     string
	}{
		{"46105.81611111111", false, "2026-03-24 19:35:12"},
		{"46105", false, "2026-03-24 00:00:00"},
		{"44643.81611111111", true, "2026-03-24 19:35:12"},
		{"46105.999999999", false, "2026-03-25 00:00:00"},
		{"0", false, ""},
		{"99999999", false, ""},
		{"1e5", false, ""},
		{"NaN", false, ""},
	}
	for _, tt := range tests {
		st, err := sheetStamp(tt.in, tt.date1904)
		if tt.want == "" {
			if err == nil {
				t.Errorf("sheetStamp(%q) = %+v, want an error", tt.in, st)
			}
			continue
		}
		if err != nil {
			t.Errorf("sheetStamp(%q): %v", tt.in, err)
			continue
		}
		if got := st.time(monthFirst).Format(time.DateTime); got != tt.want {
			t.Errorf("sheetStamp(%q, %v) = %s, want %s", tt.in, tt.date1904, got, tt.want)
		}
	}
}

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
