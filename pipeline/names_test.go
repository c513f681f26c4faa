package pipeline_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"cohesion/pipeline/exportfile"
)

// TestLongNamesRefused: a name or email of kilobytes, in any format that has one, refuses the
// file at its line and column, before anything of it is written; one just under the bound loads.
func TestLongNamesRefused(t *testing.T) {
	const email = "@example.org"
	for _, c := range []struct {
		fixture, old, around, suffix, want string // the new field: suffix after x's, inside around's ends
	}{
		{"zoom/classic_block.csv", "Alice Smith", "", "", "line 6, column 1"},
		{"zoom/classic_block.csv", "alice@example.org", "", email, "line 6, column 2"},
		{"teams/current_us.csv", "Alice Smith", "", "", "line 12, column 1"},
		{"teams/legacy.csv", "Alice Smith", "", "", "line 3, column 1"},
		{"meet/2026-03-05 18-00 Codependency intro - Attendance Report.csv", "alice@example.org", "", email, "line 3, column 3"},
		{"marks/marks_manual.csv", "Alice Smith", "", "", "line 2, column 3"},
		{"program-small/roster.csv", "Alice Smith", "", "", "line 2, column 10"},
		{"program-small/roster.csv", ",alice@example.org,", ",,", email, "line 2, column 22"},
		{"program-small/roster.csv", "Joe N", "", "", "line 3, column 41"},
		{"cohesion/responses/alpha.csv", "ana@example.org", "", email, "line 2, column 1"},
		{"forms/google_checkin.csv", "alice.smith@example.org", "", email, "line 2, column 2"},
		{"forms/qualtrics_checkin.csv", "robin.lee@example.org", "", email, "line 7, column 12"},
	} {
		for _, over := range []bool{true, false} {
			n := exportfile.MaxName
			if over {
				n++
			}
			replacement := strings.Repeat("x", n-len(c.suffix)) + c.suffix
			if c.around != "" {
				replacement = c.around[:1] + replacement + c.around[1:]
			}
			path := writeReplaced(t, "../testdata/"+c.fixture, c.old, replacement)
			db := openTemp(t)
			r := load(t, db, path)[0]
			switch {
			case over && (r.Err == nil || !strings.Contains(r.Err.Error(), c.want) || !strings.Contains(r.Err.Error(), "too long to be one")):
				t.Errorf("%s, %q: %v, want %s: a name or email too long", c.fixture, c.old, r.Err, c.want)
			case !over && r.Err != nil && strings.Contains(r.Err.Error(), "too long"):
				t.Errorf("%s, %q at the bound: %v", c.fixture, c.old, r.Err)
			}
			if over {
				if got := rowsOf(t, db.SQL, `select count(*) from raw_files`); got[0] != "0" {
					t.Errorf("%s: %s files kept", c.fixture, got[0])
				}
			}
		}
	}
}

// writeReplaced writes the fixture, with the first old replaced by new, under its own name in a
// new folder (a Meet report's date is in its name); UTF-16 stays UTF-16.
func writeReplaced(t *testing.T, fixture, old, new string) string {
	t.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	utf16LE := bytes.HasPrefix(data, []byte{0xFF, 0xFE})
	text := string(data)
	if utf16LE {
		units := make([]uint16, (len(data)-2)/2)
		for i := range units {
			units[i] = uint16(data[2+2*i]) | uint16(data[3+2*i])<<8
		}
		text = string(utf16.Decode(units))
	}
	if !strings.Contains(text, old) {
		t.Fatalf("%s has no %q", fixture, old)
	}
	text = strings.Replace(text, old, new, 1)
	out := []byte(text)
	if utf16LE {
		out = []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(text)) {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	path := filepath.Join(t.TempDir(), filepath.Base(fixture))
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
