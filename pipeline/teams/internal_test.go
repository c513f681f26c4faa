// These tests pin the hand-written date, duration, cell and name handling
// on their edge cases.

package teams

import (
	"errors"
	"slices"
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
		{"3/5/26, 6:00:15 PM", MonthFirst, "2026-03-05 18:00:15", nil},
		{"3/5/26, 12:00:15 AM", MonthFirst, "2026-03-05 00:00:15", nil},
		{"3/5/26, 12:30:00 PM", MonthFirst, "2026-03-05 12:30:00", nil},
		{"3/5/26, 6:00:15 pm", MonthFirst, "2026-03-05 18:00:15", nil},
		{"3/5/26, 6:00:15\u202fPM", MonthFirst, "2026-03-05 18:00:15", nil},
		{"3/5/26,\u00a06:00 PM", MonthFirst, "2026-03-05 18:00:00", nil},
		{"5/03/2026, 6:00:15 p.m.", DayFirst, "2026-03-05 18:00:15", nil},
		{"5/03/2026, 6:00:15 a. m.", DayFirst, "2026-03-05 06:00:15", nil},
		{"05/03/2026, 18:00:15", DayFirst, "2026-03-05 18:00:15", nil},
		{"05/03/2026 18:00", DayFirst, "2026-03-05 18:00:00", nil},
		{"3/5/2026 18:00", MonthFirst, "2026-03-05 18:00:00", nil},
		{"05.03.26, 18:00:15", DayFirst, "2026-03-05 18:00:15", nil},
		{"2026-03-05 18:00:15", DayFirst, "2026-03-05 18:00:15", nil},
		{"2026-03-05T18:00:15", MonthFirst, "2026-03-05 18:00:15", nil},
		{"2026/3/5 18:00", MonthFirst, "2026-03-05 18:00:00", nil},
		{"2026-03-05, 6:00:15 p.m.", MonthFirst, "2026-03-05 18:00:15", nil},
		{"2/29/28, 9:00 AM", MonthFirst, "2028-02-29 09:00:00", nil},
		{"2/29/26, 9:00 AM", MonthFirst, "", ErrImpossibleDate},
		{"2/30/26, 6:00:00 PM", MonthFirst, "", ErrImpossibleDate},
		{"13/13/26, 6:00:00 PM", DayFirst, "", ErrImpossibleDate},
		{"0/5/26, 6:00:00 PM", MonthFirst, "", ErrImpossibleDate},
		{"3/5/26, 0:30:00 PM", MonthFirst, "", ErrImpossibleDate},
		{"3/5/26, 13:30:00 PM", MonthFirst, "", ErrImpossibleDate},
		{"3/5/26, 23:60:00", MonthFirst, "", ErrImpossibleDate},
		{"3/5/26, 24:00:00", MonthFirst, "", ErrImpossibleDate},
		{"", MonthFirst, "", ErrBadDate},
		{"3/5/26", MonthFirst, "", ErrBadDate},
		{"6:00 PM", MonthFirst, "", ErrBadDate},
		{"3/5/202, 6:00 PM", MonthFirst, "", ErrBadDate},
		{"3/5/20266, 6:00 PM", MonthFirst, "", ErrBadDate},
		{"3/5-26, 6:00 PM", MonthFirst, "", ErrBadDate},
		{"3/5/26,, 6:00 PM", MonthFirst, "", ErrBadDate},
		{"3/5/26, 6:0 PM", MonthFirst, "", ErrBadDate},
		{"3/5/26, 6:00:00 XM", MonthFirst, "", ErrBadDate},
		{"3/5/26, 6:00:00 PM EST", MonthFirst, "", ErrBadDate},
		{"3/5/26, 6:00:00.5", MonthFirst, "", ErrBadDate},
		{"46086.7510416667", MonthFirst, "", ErrBadDate},
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

func TestDottedIsDayFirst(t *testing.T) {
	var v orderVote
	st, err := parseStamp("05.03.26, 18:00:15")
	if err != nil {
		t.Fatal(err)
	}
	if err := v.see(st, 1); err != nil || v.order() != DayFirst {
		t.Errorf("order %v, error %v; want day-first", v.order(), err)
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
		got, err := parseDuration(tt.in)
		switch {
		case tt.want < 0 && !errors.Is(err, ErrBadDuration):
			t.Errorf("parseDuration(%q) = %v, %v; want a bad duration", tt.in, got, err)
		case tt.want >= 0 && (err != nil || got != tt.want):
			t.Errorf("parseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestSplitCells(t *testing.T) {
	tests := []struct {
		in    string
		delim byte
		want  []string
	}{
		{"a\tb\t\tc", '\t', []string{"a", "b", "", "c"}},
		{" a \t b ", '\t', []string{"a", "b"}},
		{"", '\t', []string{""}},
		{"a\t", '\t', []string{"a", ""}},
		{`"Park, Lee","3/5/26, 6:00 PM",x`, ',', []string{"Park, Lee", "3/5/26, 6:00 PM", "x"}},
		{`"say ""hi"""` + "\tx", '\t', []string{`say "hi"`, "x"}},
		{`"a" ,b`, ',', []string{"a", "b"}},
		{`"Lex" Kim` + "\tx", '\t', []string{`"Lex" Kim`, "x"}},
		{`"never closed` + "\tx", '\t', []string{`"never closed`, "x"}},
		{`a "b" c,d`, ',', []string{`a "b" c`, "d"}},
		{`""` + "\tb", '\t', []string{"", "b"}},
		{"a\tb,c", ',', []string{"a\tb", "c"}},
	}
	for _, tt := range tests {
		if got := splitCells(tt.in, tt.delim); !slices.Equal(got, tt.want) {
			t.Errorf("splitCells(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDelimiterOf(t *testing.T) {
	tests := []struct {
		in   string
		want byte
	}{
		{"1. Summary\nMeeting title\tX", '\t'},
		{"Name,First Join,Last Leave\nAnn,\"3/5/26, 6:00 PM\",\"3/5/26, 7:00 PM\"", ','},
		{"Name;First Join;Last Leave\nAnn;05.03.26, 18:00;05.03.26, 19:00", ';'},
		{"", ','},
	}
	for _, tt := range tests {
		if got := delimiterOf(tt.in); got != tt.want {
			t.Errorf("delimiterOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jordan Lee (External)", "Jordan Lee"},
		{"Sam (Guest)", "Sam"},
		{"Caller 0412 (unverified)", "Caller 0412"},
		{"Casey (External) (Unverified)", "Casey"},
		{"Pat Kim (ExampleCorp) (External)", "Pat Kim (ExampleCorp)"},
		{"The (External) Group", "The (External) Group"},
		{"(Guest)", "(Guest)"},
		{"Alex (they/them)", "Alex (they/them)"},
		{"José Álvarez", "José Álvarez"},
	}
	for _, tt := range tests {
		if got := cleanName(tt.in); got != tt.want {
			t.Errorf("cleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitRows(t *testing.T) {
	for _, in := range []string{"a\tb\r\nc\r\n", "a\tb\nc\n", "a\tb\rc\r", "a\tb\nc"} {
		rows := splitRows(in, '\t')
		if len(rows) != 2 || rows[1].line != 2 || rows[1].cells[0] != "c" || len(rows[0].cells) != 2 {
			t.Errorf("splitRows(%q) = %+v", in, rows)
		}
	}
}
