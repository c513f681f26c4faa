// These tests pin the text checks, the CSV records and the cell helpers the
// parsers share; each parser's tests pin them again on real-shaped files.

package exportfile

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for no error
	}{
		{"a,b\nc,d\n", ""},
		{"a,b\x00\n", "line 1: not a text CSV file: NUL bytes (binary, or UTF-16 text)"},
		{"a,b\nc,\xe9\n", "line 1: not a text CSV file: invalid UTF-8 on line 2 (save it as CSV UTF-8)"},
	}
	for _, tt := range tests {
		err := CheckText([]byte(tt.in))
		if got := errString(err); got != tt.want {
			t.Errorf("CheckText(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if err != nil && !errors.Is(err, ErrNotText) {
			t.Errorf("CheckText(%q) = %v, not ErrNotText", tt.in, err)
		}
	}
}

func TestDetectText(t *testing.T) {
	if got := string(DetectText([]byte("\ufeffa,b\rc,d\r"))); got != "a,b\nc,d\n" {
		t.Errorf("BOM and CR: got %q", got)
	}
	if DetectText([]byte("a\x00b")) != nil || DetectText([]byte("a\xffb")) != nil {
		t.Error("NUL or invalid UTF-8 is text")
	}
	long := []byte(strings.Repeat("a", DetectPrefix-1) + "é,b")
	if got := DetectText(long); len(got) != DetectPrefix-1 {
		t.Errorf("a character cut by the prefix: got %d bytes, want %d", len(got), DetectPrefix-1)
	}
}

func TestReadCSV(t *testing.T) {
	type rec struct {
		line   int
		fields string
	}
	read := func(text []byte, lazy bool) ([]rec, error) {
		rs := NewRecords(text, ',', lazy)
		var out []rec
		for {
			fields, line, err := rs.Next()
			if err != nil || fields == nil {
				return out, err
			}
			out = append(out, rec{line, strings.Join(fields, "|")})
		}
	}
	tests := []struct {
		in   string
		want []rec
		err  string
	}{
		{"\ufeffa,b\n,,\n\nc,d", []rec{{1, "a|b"}, {4, "c|d"}}, ""},
		{"a,b\rc,d\r", []rec{{1, "a|b"}, {2, "c|d"}}, ""},
		{"name\nRobin \"RJ\" Lee\n", []rec{{1, "name"}, {2, `Robin "RJ" Lee`}}, ""},
		// Strict quoting fails; lazy quoting reads the cut field to the end.
		{"a,\"b\n", []rec{{1, "a|b\n"}}, ""},
		{"a\x00", nil, "line 1: not a text CSV file: NUL bytes (binary, or UTF-16 text)"},
	}
	for _, tt := range tests {
		got, err := ReadCSV([]byte(tt.in), read)
		if errString(err) != tt.err || err == nil && !slices.Equal(got, tt.want) {
			t.Errorf("ReadCSV(%q) = %v, %v; want %v, %s", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestFirstRecords(t *testing.T) {
	got := FirstRecords(DetectText([]byte("\n;;\na;b\nc \"d\n")), ';', 5)
	if len(got) != 2 || got[0][1] != "b" || got[1][0] != `c "d` {
		t.Errorf("got %q", got)
	}
}

func TestCells(t *testing.T) {
	norm := NormHeader([]string{" Join Time ", "EMAIL", ""})
	if Column(norm, "email", "user email") != 1 || Column(norm, "leave time") != -1 {
		t.Errorf("Column on %q", norm)
	}
	if Width([]string{"a", " ", ""}) != 1 || !IsBlank([]string{" ", ""}) || IsBlank([]string{"", "x"}) {
		t.Error("Width or IsBlank")
	}
	for in, want := range map[string]int{"0": 0, "97": 97, "123456789": 123456789, "": -1, "1234567890": -1, "-1": -1, "1.0": -1, " 1": -1} {
		if n, ok := WholeNumber(in, 9); ok != (want >= 0) || ok && n != want {
			t.Errorf("WholeNumber(%q) = %d, %v; want %d", in, n, ok, want)
		}
	}
	if got := Excerpt(strings.Repeat("a", 59) + "éé"); got != strings.Repeat("a", 59)+"..." {
		t.Errorf("Excerpt cut a rune: %q", got)
	}
	if LastLine([]byte("a\nb")) != 2 || LastLine([]byte("a\nb\n")) != 2 || LastLine(nil) != 1 {
		t.Error("LastLine")
	}
}

// TestCleanText: direction marks and zero-width characters go, a no-break
// space is a space, and other text (a narrow no-break space included) stays.
func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"Start time\u200e":         "Start time",
		"Ana\u00a0Silva":           "Ana Silva",
		"\u202aJosé Álvarez\u202c": "José Álvarez",
		"\ufeffTimestamp":          "Timestamp",
		"Zoë Müller-Åberg":         "Zoë Müller-Åberg",
		"7:00\u202fPM":             "7:00\u202fPM",
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
	norm := NormHeader([]string{"Join\u00a0Time\u200e", "\u200fEmail "})
	if Column(norm, "join time") != 0 || Column(norm, "email") != 1 {
		t.Errorf("NormHeader kept the marks: %q", norm)
	}
}

func TestParseErrorFormat(t *testing.T) {
	for _, tt := range []struct {
		err  *ParseError
		want string
	}{
		{ErrorAt(7, 2, ErrBadDate), "line 7, column 3: bad date"},
		{ErrorAt(7, -1, ErrBadDate), "line 7: bad date"},
		{&ParseError{Err: ErrNotText}, "not a text CSV file"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %s, want %s", got, tt.want)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestNormHeaderAgrees: NormHeader and LowerCells, which write a header's folded cells into
// one string, give cell for cell what strings.ToLower and strings.TrimSpace give, over headers
// of random cells of ASCII capitals, spaces, accented and invalid bytes and cleaned characters.
func TestNormHeaderAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"A", "z", "Join Time", " ", "\t", "É", "é", "İ", "ẞ", "Σ", "\u00a0", "\u200e", "\ufeff", "\xff", "\xc3", "’", ",", "1"}
	for range 5000 {
		rec := make([]string, rng.IntN(6))
		for i := range rec {
			var b strings.Builder
			for range rng.IntN(5) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			rec[i] = b.String()
		}
		norm, lower := NormHeader(rec), LowerCells(rec)
		for i, f := range rec {
			if want := strings.ToLower(strings.TrimSpace(CleanText(f))); norm[i] != want {
				t.Fatalf("NormHeader(%q)[%d] = %q, want %q", rec, i, norm[i], want)
			}
			if want := strings.ToLower(strings.TrimSpace(f)); lower[i] != want {
				t.Fatalf("LowerCells(%q)[%d] = %q, want %q", rec, i, lower[i], want)
			}
		}
	}
}
