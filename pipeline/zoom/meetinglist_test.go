package zoom_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"cohesion/pipeline/zoom"
)

// TestParseMeetingList: the meeting list with details gives each meeting as its own report, in
// the order they first appear, with its block fields, host and participants; the duplicated
// "User Email" and "Duration (Minutes)" columns are told apart by their side of the name column.
func TestParseMeetingList(t *testing.T) {
	data, err := os.ReadFile("../../testdata/zoom/meeting_list.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !zoom.Detect(data) {
		t.Fatal("not detected")
	}
	reps, err := zoom.ParseAll(data, zoom.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range reps {
		m := r.Meeting
		got = append(got, fmt.Sprintf("%s %s %s %s %s..%s %d", r.Layout, m.ID, m.Topic, m.HostEmail,
			m.Start.Format("2006-01-02 15:04:05"), m.End.Format("15:04:05"), m.Participants))
		for _, p := range r.Participants {
			got = append(got, fmt.Sprintf("  line %d %s <%s> %s..%s %d guest=%v", p.Line, p.Name, p.Email,
				p.Join.Format("01-02 15:04:05"), p.Leave.Format("15:04:05"), p.Minutes, p.Guest))
		}
	}
	want := []string{
		"list 81234567890 Codependency intro host@practice.example 2026-03-03 17:58:12..19:31:00 3",
		"  line 2 Dana Host <host@practice.example> 03-03 17:58:12..19:31:00 93 guest=false",
		"  line 3 Alice Smith <alice@example.org> 03-03 17:59:01..19:30:00 91 guest=false",
		"  line 4 Joe N <> 03-03 18:02:30..18:40:00 38 guest=true",
		"  line 5 Joe N <> 03-03 18:39:00..19:29:30 51 guest=true",
		"list 81234567890 Codependency intro host@practice.example 2026-03-10 17:57:40..19:30:05 2",
		"  line 6 Dana Host <host@practice.example> 03-10 17:57:40..19:30:05 93 guest=false",
		"  line 7 Smith, Alice <alice@example.org> 03-10 18:00:10..19:29:00 89 guest=false",
		"list 84511223344 Staff huddle host@practice.example 2026-03-04 09:00:03..09:20:00 1",
		"  line 8 Dana Host <host@practice.example> 03-04 09:00:03..09:20:00 20 guest=false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := zoom.Parse(data, zoom.Options{}); !errors.Is(err, zoom.ErrSeveralMeetings) {
		t.Errorf("Parse of a list of 3 meetings: %v", err)
	}
	// A single-meeting report through ParseAll is that one report.
	one, err := os.ReadFile("../../testdata/zoom/classic_block.csv")
	if err != nil {
		t.Fatal(err)
	}
	if reps, err := zoom.ParseAll(one, zoom.Options{}); err != nil || len(reps) != 1 || len(reps[0].Participants) != 10 {
		t.Errorf("ParseAll of one report: %d reports, %v", len(reps), err)
	}
}

// TestParseMeetingListErrors: a broken row of a meeting list is named at its own line and
// column; the header on line 1 is found (no "no participant header").
func TestParseMeetingListErrors(t *testing.T) {
	data, err := os.ReadFile("../../testdata/zoom/meeting_list.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\r\n")
	tests := []struct {
		name string
		edit func([]string) []string
		want string
	}{
		{"bad join time", func(l []string) []string {
			l[4] = strings.Replace(l[4], "03/03/2026 06:39:00 PM", "03/03/2026 6:39 later", 1)
			return l
		}, "line 5, column 15: bad date"},
		{"truncated row", func(l []string) []string {
			l[6] = l[6][:strings.Index(l[6], ",alice@")] + "\r\n"
			return l
		}, "line 7, column 14: truncated row: 13 fields, header has 21"},
		{"meeting fields differ", func(l []string) []string {
			l[2] = strings.Replace(l[2], "Codependency intro", "Codependency intro (copy)", 1)
			return l
		}, "line 3: bad meeting block: the meeting's columns differ from line 2"},
		{"header only", func(l []string) []string { return l[:1] }, "line 1: no participant header: the meeting list has no rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edited := strings.Join(tt.edit(append([]string(nil), lines...)), "")
			_, err := zoom.ParseAll([]byte(edited), zoom.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzParseAll: whatever the bytes, ParseAll returns reports whose rows have lines in the file
// and stays that end after they start, or a positioned error; never a panic.
func FuzzParseAll(f *testing.F) {
	for _, name := range []string{"meeting_list.csv", "classic_block.csv", "webinar_attendee.csv"} {
		data, err := os.ReadFile("../../testdata/zoom/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, order uint8) {
		reps, err := zoom.ParseAll(data, zoom.Options{DateOrder: zoom.DateOrder(order % 3)})
		if err != nil {
			var pe *zoom.ParseError
			if !errors.As(err, &pe) && !errors.Is(err, zoom.ErrNotText) {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, rep := range reps {
			for _, p := range rep.Participants {
				if p.Line < 1 || p.Line > lines {
					t.Fatalf("row at line %d of %d", p.Line, lines)
				}
				if p.Leave.Before(p.Join) {
					t.Fatalf("line %d: leave %v before join %v", p.Line, p.Leave, p.Join)
				}
			}
		}
	})
}
