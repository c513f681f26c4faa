// This file reads the CSV exports into records that remember their physical
// line, shared by the Google Forms, Qualtrics and codebook parsers.

package forms

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// detectPrefix bounds the bytes a CSV Detect reads: the header is always
// within the first few lines, and the loader calls Detect on every file.
const detectPrefix = 16 << 10

// record is one non-blank CSV record and the physical line it starts on.
type record struct {
	line   int
	fields []string
}

// checkText rejects content that is not UTF-8 text, saying where the first
// bad byte is so the user can see the name it broke.
func checkText(data []byte) error {
	if bytes.IndexByte(data, 0) >= 0 {
		return &ParseError{Line: 1, Err: fmt.Errorf("%w: NUL bytes (binary, or UTF-16 text)", ErrNotText)}
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		line := bytes.Count(data[:i], []byte{'\n'}) + 1
		return &ParseError{Line: 1, Err: fmt.Errorf("%w: invalid UTF-8 on line %d (save it as CSV UTF-8)", ErrNotText, line)}
	}
	return nil
}

// crToLF turns old Mac line endings (a spreadsheet's "CSV (Macintosh)"
// save) into LF, which encoding/csv needs; line numbers are unchanged.
func crToLF(data []byte) []byte {
	if bytes.IndexByte(data, '\n') >= 0 || bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	return bytes.ReplaceAll(data, []byte{'\r'}, []byte{'\n'})
}

// readRecords reads every non-blank record of a CSV export.
//
// It reads with strict quoting and, if that fails, once more with lazy
// quoting: a bare quote in a free-text answer (I felt "seen") is common in
// hand-edited files, and a file cut inside a quoted answer then shows up as
// the truncated row it is rather than as a quoting error.
func readRecords(data []byte) ([]record, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	data = crToLF(bytes.TrimPrefix(data, bom))
	recs, err := readRecordsQuoting(data, false)
	if err != nil {
		recs, err = readRecordsQuoting(data, true)
	}
	return recs, err
}

func readRecordsQuoting(data []byte, lazy bool) ([]record, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = lazy
	recs := make([]record, 0, bytes.Count(data, []byte{'\n'})+1)
	for {
		fields, err := r.Read()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			var ce *csv.ParseError
			if errors.As(err, &ce) {
				return nil, &ParseError{Line: max(ce.Line, 1), Err: ce.Err}
			}
			return nil, &ParseError{Line: 1, Err: err}
		}
		if isBlank(fields) {
			continue
		}
		line, _ := r.FieldPos(0)
		recs = append(recs, record{line: line, fields: fields})
	}
}

// firstRecords returns the first n non-blank records of a file's prefix, for
// the Detect functions: a guess, not a verdict, so quoting is lazy and a
// character cut in half by the prefix does not count as invalid.
func firstRecords(data []byte, n int) [][]string {
	data = bytes.TrimPrefix(data, bom)
	if len(data) > detectPrefix {
		data = data[:detectPrefix]
		for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
			if utf8.RuneStart(data[i]) {
				if !utf8.FullRune(data[i:]) {
					data = data[:i]
				}
				break
			}
		}
	}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return nil
	}
	r := csv.NewReader(bytes.NewReader(crToLF(data)))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out [][]string
	for len(out) < n {
		rec, err := r.Read()
		if err != nil {
			break
		}
		if !isBlank(rec) {
			out = append(out, rec)
		}
	}
	return out
}

// isBlank reports whether a record has no content: a blank line, or the
// ",,,,,,," a spreadsheet writes for one.
func isBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// width is a header's field count without trailing empty cells, which
// spreadsheet padding adds.
func width(rec []string) int {
	n := len(rec)
	for n > 0 && strings.TrimSpace(rec[n-1]) == "" {
		n--
	}
	return n
}

// checkWidth reports a row with fewer fields than the header (cut off) or
// with values beyond it; empty trailing fields are padding, not values.
func checkWidth(rec []string, line, headerWidth int) error {
	if len(rec) < headerWidth {
		return errAt(line, len(rec), fmt.Errorf("%w: %d fields, header has %d", ErrTruncated, len(rec), headerWidth))
	}
	for i := headerWidth; i < len(rec); i++ {
		if strings.TrimSpace(rec[i]) != "" {
			return errAt(line, i, fmt.Errorf("%w: %q, header has %d columns", ErrExtraFields, excerpt(rec[i]), headerWidth))
		}
	}
	return nil
}

// lastLine is the number of the file's last line, where a missing header is
// reported when the file ends early.
func lastLine(data []byte) int {
	n := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return max(n, 1)
}

// excerpt shortens text quoted in an error message, cutting on a rune
// boundary so the message stays valid UTF-8.
func excerpt(s string) string {
	if len(s) <= 60 {
		return s
	}
	i := 60
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}
