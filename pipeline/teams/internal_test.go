// These tests pin the hand-written cell and name handling on their edge
// cases.

package teams

import (
	"slices"
	"testing"
)

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
		{"Lucía Gómez (Invitado)", "Lucía Gómez"},
		{"Jonas Weber (Gast)", "Jonas Weber"},
		{"Chloé Martin (Invité)", "Chloé Martin"},
		{"Chloé Martin (INVITÉ)", "Chloé Martin"},
		{"João Silva (Convidado)", "João Silva"},
		{"Ana Ruiz (Externo) (no verificado)", "Ana Ruiz"},
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
