// These tests pin the hand-written date reading on its edge cases, in the
// layouts the parsers pass; the cases came with the code from the zoom,
// teams and forms parsers.

package exportfile

import (
	"errors"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The layouts the parsers pass (zoom, teams, forms, and forms for worksheet
// cells), so that each parser's cases keep reading what that parser reads.
var (
	zoomStamps  = Layout{}
	teamsStamps = Layout{
		LocaleSpaces: true, ShortYears: true, DottedYearFirst: true, DottedDayFirst: true,
		Comma: CommaOrSpace, DottedMeridiem: true, SpacedMeridiem: true,
	}
	formsStamps = Layout{ShortYears: true, Comma: CommaThenSpace, DottedMeridiem: true, Fraction: true, Zone: true}
	meetClocks  = Layout{LocaleSpaces: true, DottedMeridiem: true, SpacedMeridiem: true, LessThan: true}
)

func sheetStamps(date1904 bool) Layout {
	l := formsStamps
	l.Serial = func(serial float64) (time.Time, error) { return excelize.ExcelDateToTime(serial, date1904) }
	return l
}

func TestParseStampPlain(t *testing.T) {
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
		st, err := ParseStamp(tt.in, zoomStamps)
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
		if got := st.Time(tt.order).Format(time.DateTime); got != tt.want {
			t.Errorf("parseStamp(%q) %v = %s, want %s", tt.in, tt.order, got, tt.want)
		}
	}
}

func TestParseStampLocale(t *testing.T) {
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
		st, err := ParseStamp(tt.in, teamsStamps)
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
		if got := st.Time(tt.order).Format(time.DateTime); got != tt.want {
			t.Errorf("parseStamp(%q) %v = %s, want %s", tt.in, tt.order, got, tt.want)
		}
	}
}

func TestDottedIsDayFirst(t *testing.T) {
	var v OrderVote
	st, err := ParseStamp("05.03.26, 18:00:15", teamsStamps)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.See(st, 1); err != nil || v.Order() != DayFirst {
		t.Errorf("order %v, error %v; want day-first", v.Order(), err)
	}
}

func TestParseStampZone(t *testing.T) {
	tests := []struct {
		in    string
		order DateOrder
		want  string // time.DateTime, or "" for an error
		zone  string
		kind  error
	}{
		{"2026/03/24 7:35:12 PM GMT-4", MonthFirst, "2026-03-24 19:35:12", "GMT-4", nil},
		{"2026/03/24 12:04:10 AM GMT-4", MonthFirst, "2026-03-24 00:04:10", "GMT-4", nil},
		{"2026/03/24 12:30:00 PM GMT", MonthFirst, "2026-03-24 12:30:00", "GMT", nil},
		{"2026/03/24 7:35:12 PM GMT+5:30", MonthFirst, "2026-03-24 19:35:12", "GMT+5:30", nil},
		{"2026/03/24 7:35:12 PM GMT+0530", MonthFirst, "2026-03-24 19:35:12", "GMT+0530", nil},
		{"2026/03/24 19:35:12 UTC+1", MonthFirst, "2026-03-24 19:35:12", "UTC+1", nil},
		{"2026-03-24T19:35:12Z", MonthFirst, "2026-03-24 19:35:12", "Z", nil},
		{"2026-03-24T19:35:12.000", MonthFirst, "2026-03-24 19:35:12", "", nil},
		{"3/24/2026 19:35:12", MonthFirst, "2026-03-24 19:35:12", "", nil},
		{"24/03/2026 19:35:12", DayFirst, "2026-03-24 19:35:12", "", nil},
		{"24.03.2026 19:35", DayFirst, "2026-03-24 19:35:00", "", nil},
		{"3/24/26 19:35:12", MonthFirst, "2026-03-24 19:35:12", "", nil},
		{"3/24/26 7:41:03 PM", MonthFirst, "2026-03-24 19:41:03", "", nil},
		{"3/24/2026, 7:41:03 p.m.", MonthFirst, "2026-03-24 19:41:03", "", nil},
		{"3/24/2026 7:41:03 a.m.", MonthFirst, "2026-03-24 07:41:03", "", nil},
		{"2/29/2028 09:00:00", MonthFirst, "2028-02-29 09:00:00", "", nil},
		{"2/29/2026 09:00:00", MonthFirst, "", "", ErrImpossibleDate},
		{"13/13/2026 09:00:00", DayFirst, "", "", ErrImpossibleDate},
		{"3/24/2026 24:00:00", MonthFirst, "", "", ErrImpossibleDate},
		{"3/24/2026 0:30 PM", MonthFirst, "", "", ErrImpossibleDate},
		{"3/24/2026 19:60", MonthFirst, "", "", ErrImpossibleDate},
		{"", MonthFirst, "", "", ErrBadDate},
		{"3/24/2026", MonthFirst, "", "", ErrBadDate},
		{"3/24/202 19:35", MonthFirst, "", "", ErrBadDate},
		{"3/24/2 19:35", MonthFirst, "", "", ErrBadDate},
		{"3/24-2026 19:35", MonthFirst, "", "", ErrBadDate},
		{"3/24/2026 19:35 AMT", MonthFirst, "", "", ErrBadDate},
		{"3/24/2026 19:35 GMT-15", MonthFirst, "", "", ErrBadDate},
		{"3/24/2026 19:35 GMT-4:7", MonthFirst, "", "", ErrBadDate},
		{"3/24/2026 19:35 EST", MonthFirst, "", "", ErrBadDate},
		{"3/24/2026 7:35 PM extra", MonthFirst, "", "", ErrBadDate},
		{"3/24/2026 19:35:12.", MonthFirst, "", "", ErrBadDate},
	}
	for _, tt := range tests {
		st, err := ParseStamp(tt.in, formsStamps)
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
		if got := st.Time(tt.order).Format(time.DateTime); got != tt.want || st.Zone() != tt.zone {
			t.Errorf("parseStamp(%q) = %s %q, want %s %q", tt.in, got, st.Zone(), tt.want, tt.zone)
		}
	}
}

func TestParseStampSerial(t *testing.T) {
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
		{"7", false, ""},
		{"36525.5", false, ""}, // 1999-12-31: before any response time
		{"36526", false, "2000-01-01 00:00:00"},
		{"99999999", false, ""},
		{"1e5", false, ""},
		{"NaN", false, ""},
	}
	for _, tt := range tests {
		st, err := ParseStamp(tt.in, sheetStamps(tt.date1904))
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseStamp(%q) = %+v, want an error", tt.in, st)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseStamp(%q): %v", tt.in, err)
			continue
		}
		if got := st.Time(MonthFirst).Format(time.DateTime); got != tt.want {
			t.Errorf("ParseStamp(%q, %v) = %s, want %s", tt.in, tt.date1904, got, tt.want)
		}
	}
}

// FuzzParseStamp checks that no field panics in any parser's layout and that
// a stamp the vote accepts names the instant its fields say, not one
// time.Date normalised from an impossible date.
func FuzzParseStamp(f *testing.F) {
	for _, s := range []string{"03/05/2026 05:58:12 PM", "3/5/26, 6:00:15\u202fPM", "05.03.26, 18:00:15",
		"2026/03/24 7:35:12 PM GMT-4", "2026-03-24T19:35:12.000Z", "46105.81611111111", "6:58 p. m.", "1 hr 28 min"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, forced uint8) {
		for _, l := range []Layout{zoomStamps, teamsStamps, formsStamps, sheetStamps(forced%2 == 1), meetClocks} {
			ParseClock(s, l)
			ParseDuration(s, l)
			st, err := ParseStamp(s, l)
			if err != nil {
				continue
			}
			v := OrderVote{Forced: DateOrder(forced % 3)}
			if v.See(st, 1) != nil {
				continue
			}
			got := st.Time(v.Order())
			if month, day := st.monthDay(v.Order()); got.Day() != day || int(got.Month()) != month {
				t.Fatalf("%q read as %v, fields say month %d day %d", s, got, month, day)
			}
		}
	})
}
