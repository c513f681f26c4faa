package pipeline_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"cohesion/pipeline"
)

// utf16Of encodes s as UTF-16 with its byte-order mark, big- or little-endian.
func utf16Of(s string, bigEndian bool) []byte {
	var b bytes.Buffer
	if bigEndian {
		b.Write([]byte{0xFE, 0xFF})
	} else {
		b.Write([]byte{0xFF, 0xFE})
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b.Write([]byte{byte(u >> 8), byte(u)})
		} else {
			b.Write([]byte{byte(u), byte(u >> 8)})
		}
	}
	return b.Bytes()
}

// TestBadBytesNamePosition: a file that is not clean UTF-8 text is refused at the line and
// column of its first bad byte, and a text export with bad bytes past its header fails (a
// facilitator's file is never skipped as "not an export" for one bad name); UTF-16 of either
// byte order is read, and a field of megabytes is refused where it starts.
func TestBadBytesNamePosition(t *testing.T) {
	zoom, err := os.ReadFile("../testdata/zoom/classic_block.csv")
	if err != nil {
		t.Fatal(err)
	}
	zoomText := string(bytes.TrimPrefix(zoom, []byte("\xEF\xBB\xBF")))
	roster := "cohort,name,email\r\nA,Ann Lee,ann@example.org\r\nA,Bo Chen,bo@example.org\r\n"
	tests := []struct {
		name, data string
		want       string // the check line after "<file>: "
		skipped    bool   // walked in a folder, it is skipped as no export
	}{
		{name: "invalid utf-8 on line 3", data: "cohort,name,email\nA,Ann,a@example.org\nB,B\xffb,b@example.org\n",
			want: "line 3, column 4: invalid UTF-8 (byte 0xff)"},
		{name: "nul on line 4", data: "cohort,name,email\nA,Ann,a@example.org\nB,Bob,b@example.org\nC,Cä\x00l,c@example.org\n",
			want: "line 4, column 5: a NUL byte"},
		{name: "binary", data: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", want: "line 1, column 1: invalid UTF-8 (byte 0x89)", skipped: true},
		{name: "roster utf-16 be", data: string(utf16Of(roster, true)), want: "roster, 2 rows"},
		{name: "roster utf-16 le", data: string(utf16Of(roster, false)), want: "roster, 2 rows"},
		{name: "zoom utf-16 be", data: string(utf16Of(zoomText, true)), want: "zoom-classic, 10 rows (1 not counted: waiting room)"},
		{name: "utf-16 cut", data: string(utf16Of(roster, true)[:61]), want: "line 2: damaged UTF-16 text: an odd number of bytes"},
		{name: "field of 200 KB", data: "cohort,name,email\nA," + strings.Repeat("x", 200<<10) + ",a@example.org\n",
			want: "line 2, column 3: a field of 200 KB, over the 64 KB"},
		{name: "zoom name of 200 KB", data: strings.Replace(zoomText, "Alice Smith", strings.Repeat("A", 200<<10), 1),
			want: "a field of 200 KB, over the 64 KB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "f.csv")
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, walk := range []bool{false, true} {
				arg := path
				if walk {
					arg = dir
				}
				got, err := pipeline.Check([]string{arg}, pipeline.LoadOptions{DefaultTZ: "America/New_York"})
				if err != nil || len(got) != 1 {
					t.Fatalf("Check: %v, %d results", err, len(got))
				}
				c := got[0]
				line := ""
				switch {
				case c.Err != nil:
					line = c.Err.Error()
				case c.Skipped != "":
					line = "skipped " + c.Skipped
				default:
					line = c.Format + ", " + checkRows(c)
				}
				if !strings.Contains(line, tt.want) {
					t.Errorf("walk=%v: %q, want it to hold %q", walk, line, tt.want)
				}
				if skipped := c.Skipped != ""; skipped != (walk && tt.skipped) {
					t.Errorf("walk=%v: skipped=%v (%q), want %v", walk, skipped, line, walk && tt.skipped)
				}
			}
		})
	}
}

func checkRows(c pipeline.Checked) string {
	s := fmt.Sprintf("%d %s", c.Rows, pipeline.Plural(c.Rows, "row", "rows"))
	if c.NotCounted > 0 {
		s += fmt.Sprintf(" (%d not counted: waiting room)", c.NotCounted)
	}
	return s
}

// TestOddFileNames: a file name that is not UTF-8, or holds a line break, is loaded; load and
// the ledger show it with its odd bytes spelled out, on one line.
func TestOddFileNames(t *testing.T) {
	zoom, err := os.ReadFile("../testdata/zoom/classic_noblock.csv")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"Grupo \xe1rbol.csv", "two\nlines.csv"} {
		data := append(bytes.Clone(zoom), []byte("\r\n")...) // a distinct file for each name
		if name == "two\nlines.csv" {
			data = append(data, []byte("\r\n")...)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", name, err)
		}
	}
	db := openTemp(t)
	res := load(t, db, dir)
	var lines []string
	for _, r := range res {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Path, r.Err)
		}
		lines = append(lines, r.String())
	}
	out := strings.Join(lines, "\n")
	for _, want := range []string{`Grupo \xe1rbol.csv (zoom-classic, 4 rows)`, `two\nlines.csv (zoom-classic, 4 rows)`} {
		if !strings.Contains(out, want) {
			t.Errorf("load said:\n%s\nwant a line with %q", out, want)
		}
	}
	if strings.Count(out, "\n") != strings.Count(out, "\n        ")+len(res)-1 {
		t.Errorf("a name split a line:\n%s", out)
	}
	// A right-to-left override would show "evil\u202egnp.csv" as "evilpng.csv".
	if got := pipeline.ShownPath("evil\u202egnp.csv"); got != `evil\u202egnp.csv` {
		t.Errorf("ShownPath of a bidi override: %q", got)
	}
	got := rowsOf(t, db.SQL, `select file from raw_files order by file`)
	want := []string{filepath.Join(dir, "Grupo \\xe1rbol.csv"), filepath.Join(dir, "two\\nlines.csv")}
	equalRows(t, "raw_files.file", got, want)
}

// TestOversizedFilesRefused: a file far larger than any export is refused from its size (and an
// attendance export, a roster or a schedule over its limit from its size and head) before it is
// read, with one line.
func TestOversizedFilesRefused(t *testing.T) {
	dir := t.TempDir()
	zoom, err := os.ReadFile("../testdata/zoom/classic_noblock.csv")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]struct {
		head []byte
		size int64
		want string
	}{
		"archive.csv": {[]byte("cohort,name,email\n"), 1 << 30, "a file of 1.0 GB, over the 64 MB any export cohesion reads can be"},
		"zoom.csv":    {bytes.Repeat(zoom, (20<<20)/len(zoom)+1), 20 << 20, "a Zoom participants report of 20 MB, over the 16 MB an attendance export can be"},
		"roster.csv": {append([]byte("cohort,name,email,aliases\n"), bytes.Repeat([]byte("spring-a,Alice Smith,alice@example.org,Ali\n"), (5<<20)/42+1)...), 5 << 20,
			"a roster of 5 MB, over the 4 MB one can be"},
		"schedule.csv": {append([]byte("cohort,program,session,starts_at,minutes,meeting_id,timezone\n"), bytes.Repeat([]byte("spring-a,intro,1,2026-03-03 18:00,90,812 3456 7890,America/New_York\n"), (5<<20)/68+1)...), 5 << 20,
			"a schedule of 5 MB, over the 4 MB one can be"},
	}
	for name, f := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, f.head, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, f.size); err != nil { // the archive is sparse: no disk, no time
			t.Fatal(err)
		}
	}
	db := openTemp(t)
	for _, r := range load(t, db, dir) {
		f := files[filepath.Base(r.Path)]
		if r.Err == nil || !strings.Contains(r.Err.Error(), f.want) {
			t.Errorf("%s: %v, want %q", r.Path, r.Err, f.want)
		}
	}
}
