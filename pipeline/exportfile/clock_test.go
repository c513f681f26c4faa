// These tests pin the clock-only times and the durations on their edge
// cases; the duration cases came with the code from the teams parser.

package exportfile

import (
	"errors"
	"testing"
	"time"
)

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration // -1 for a bad time, -2 for an impossible one
	}{
		{"6:58 PM", 18*time.Hour + 58*time.Minute},
		{"18:58", 18*time.Hour + 58*time.Minute},
		{"6:58:12 PM", 18*time.Hour + 58*time.Minute + 12*time.Second},
		{"6:58 p.m.", 18*time.Hour + 58*time.Minute},
		{"6:58 a. m.", 6*time.Hour + 58*time.Minute},
		{"6:58\u202fPM", 18*time.Hour + 58*time.Minute},
		{"12:05 AM", 5 * time.Minute},
		{"", -1},
		{"6:5 PM", -1},
		{"6:58 PM GMT", -1},
		{"3/5/2026 6:58 PM", -1},
		{"25:00", -2},
		{"13:10 PM", -2},
		{"0:10 AM", -2},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in, meetClocks)
		switch {
		case tt.want == -1 && !errors.Is(err, ErrBadTime),
			tt.want == -2 && !errors.Is(err, ErrImpossibleTime),
			tt.want >= 0 && (err != nil || got != tt.want):
			t.Errorf("ParseClock(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration // -1 for an error
	}{
		{"1h 2m 10s", time.Hour + 2*time.Minute + 10*time.Second},
		{"45m 3s", 45*time.Minute + 3*time.Second},
		{"12s", 12 * time.Second},
		{"0s", 0},
		{"2h", 2 * time.Hour},
		{"1h 7s", time.Hour + 7*time.Second},
		{"3h23m20s", 3*time.Hour + 23*time.Minute + 20*time.Second},
		{" 1H 2M ", time.Hour + 2*time.Minute},
		{"1 hr 28 min", time.Hour + 28*time.Minute},
		{"2 hours 1 minute", 2*time.Hour + time.Minute},
		{"1:02:10", time.Hour + 2*time.Minute + 10*time.Second},
		{"100h 1m 1s", 100*time.Hour + time.Minute + time.Second},
		{"59 Min. 0 Sek.", 59 * time.Minute},
		{"1 Std. 2 Min. 10 Sek.", time.Hour + 2*time.Minute + 10*time.Second},
		{"1 hora 2 minutos 5 segundos", time.Hour + 2*time.Minute + 5*time.Second},
		{"1.5h", -1},
		{"12. Min.", -1},
		{"2 Min.. 3 Sek.", -1},
		{"", -1},
		{"h", -1},
		{"12", -1},
		{"3h 12", -1},
		{"3s 2h", -1},
		{"3h 3h", -1},
		{"about 3h", -1},
		{"1:02", -1},
		{"1:60:00", -1},
		{"-5m", -1},
		{"1234567h", -1},
		{"1d 2h", -1},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in, teamsStamps)
		switch {
		case tt.want < 0 && !errors.Is(err, ErrBadDuration):
			t.Errorf("parseDuration(%q) = %v, %v; want a bad duration", tt.in, got, err)
		case tt.want >= 0 && (err != nil || got != tt.want):
			t.Errorf("parseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDurationLessThan(t *testing.T) {
	for in, want := range map[string]time.Duration{"< 1 min": 0, "<1 min": 0, "1 hr 28 min": time.Hour + 28*time.Minute} {
		if got, err := ParseDuration(in, meetClocks); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"<", "< about 1 min"} {
		if _, err := ParseDuration(in, meetClocks); !errors.Is(err, ErrBadDuration) {
			t.Errorf("ParseDuration(%q): error %v, want a bad duration", in, err)
		}
	}
	if _, err := ParseDuration("< 1 min", teamsStamps); !errors.Is(err, ErrBadDuration) {
		t.Errorf(`ParseDuration("< 1 min") without LessThan: error %v, want a bad duration`, err)
	}
}
