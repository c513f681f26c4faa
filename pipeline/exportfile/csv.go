// This file reads the records of CSV exports with the line each starts on,
// strictly first and lazily when quoting fails.

package exportfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// ErrRetryLazy is what Records.Next returns, in strict mode, at a quoting
// problem, so that ReadCSV reads the file again with lazy quoting. A parser
// that collects row errors must pass it on rather than keep it.
var ErrRetryLazy = errors.New("retry with lazy quotes")

// ReadCSV checks that data is UTF-8 text (see CheckText), drops its
// byte-order mark, turns old Mac line endings into LF, and runs read over the
// text with strict CSV quoting and, if read returns ErrRetryLazy, once more
// with lazy quoting: a bare quote in a name (Robin "RJ" Lee) or a free-text
// answer is common in hand-edited files, and a file cut inside a quoted field
// then shows up as the truncated row it is rather than as a quoting error.
func ReadCSV[T any](data []byte, read func(text []byte, lazy bool) (T, error)) (T, error) {
	if err := CheckText(data); err != nil {
		var zero T
		return zero, err
	}
	text := CRToLF(bytes.TrimPrefix(data, bom))
	v, err := read(text, false)
	if err == ErrRetryLazy {
		v, err = read(text, true)
	}
	return v, err
}

// Records reads the non-blank records of CSV text, each with the line it
// starts on. The slice Next returns is reused by the next call; the strings
// in it are not, so keeping them is safe.
type Records struct {
	r    *csv.Reader
	lazy bool
	in   *textReader
}

// textReader is the buffered reader a Records reads its text through. A load reads thousands of
// small files: each would otherwise allocate a reader and a 4 KB buffer of its own, more than
// most exports hold. Release hands it back for the next file.
type textReader struct {
	text bytes.Reader
	buf  *bufio.Reader
}

var textReaders = sync.Pool{New: func() any {
	t := &textReader{}
	t.buf = bufio.NewReader(&t.text)
	return t
}}

// NewRecords reads text separated by comma, with lazy quoting or strict. Release, when the
// caller has read what it needs, lets the next Records reuse its buffer.
func NewRecords(text []byte, comma rune, lazy bool) *Records {
	in := textReaders.Get().(*textReader)
	in.text.Reset(text)
	in.buf.Reset(&in.text)
	return newRecords(in, comma, lazy)
}

// NewRecordsFrom reads text from r as NewRecords reads it from memory: a file too large to hold,
// read as it comes (through a reader that checks it, as ReadCSV checks text, and with its line
// ends as CRToLF leaves them: see CRRuns). An error of r itself is passed on as it is.
func NewRecordsFrom(r io.Reader, comma rune, lazy bool) *Records {
	in := textReaders.Get().(*textReader)
	in.text.Reset(nil)
	in.buf.Reset(r)
	return newRecords(in, comma, lazy)
}

func newRecords(in *textReader, comma rune, lazy bool) *Records {
	// The CSV reader reads through the buffered reader as it is: it is already large enough.
	r := csv.NewReader(in.buf)
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = lazy
	r.ReuseRecord = true
	return &Records{r: r, lazy: lazy, in: in}
}

// Release ends the reading: the records already returned stay valid (their strings are their
// own), Next must not be called again.
func (rs *Records) Release() {
	if rs.in == nil {
		return
	}
	rs.in.text.Reset(nil)
	rs.in.buf.Reset(&rs.in.text)
	textReaders.Put(rs.in)
	rs.in, rs.r = nil, nil
}

// Next returns the next non-blank record and its 1-based line, or a nil
// record at the end. A quoting problem is ErrRetryLazy in strict mode and a
// *ParseError in lazy mode.
func (rs *Records) Next() ([]string, int, error) {
	for {
		rec, err := rs.r.Read()
		if err == io.EOF {
			return nil, 0, nil
		}
		if err != nil {
			var ce *csv.ParseError
			if errors.As(err, &ce) {
				if !rs.lazy {
					return nil, 0, ErrRetryLazy
				}
				return nil, 0, &ParseError{Line: max(ce.Line, 1), Err: ce.Err}
			}
			return nil, 0, err // the reader's own (NewRecordsFrom): a read error, or bad text it found
		}
		if !IsBlank(rec) {
			line, _ := rs.r.FieldPos(0)
			for i, f := range rec {
				if len(f) > MaxField {
					l, c := rs.r.FieldPos(i)
					return nil, 0, &ParseError{Line: l, Column: c, Err: fieldTooLong(len(f))}
				}
			}
			return rec, line, nil
		}
	}
}

// MaxField bounds one field of an export: the longest free-text answer people write is a few
// kilobytes, and a field of megabytes (a name of 200 MB) is a damaged or hostile file whose
// copies would cost memory many times its size.
const MaxField = 64 << 10

func fieldTooLong(n int) error {
	return fmt.Errorf("a field of %d KB, over the %d KB any export field can hold (a damaged file?)", n>>10, MaxField>>10)
}

// FieldTooLong is the error for a field over MaxField bytes.
func FieldTooLong(n int) error { return fieldTooLong(n) }

// Separator is the field separator of CSV text: ';' when its first non-blank line has more
// semicolons than commas (a spreadsheet's CSV save in a locale whose decimal mark is the
// comma), else ','.
func Separator(text []byte) rune {
	for len(text) > 0 {
		line, rest, _ := bytes.Cut(text, []byte{'\n'})
		if len(bytes.TrimSpace(line)) > 0 {
			if bytes.Count(line, []byte{';'}) > bytes.Count(line, []byte{','}) {
				return ';'
			}
			return ','
		}
		text = rest
	}
	return ','
}

// FirstRecords returns up to n non-blank records from the start of text, as
// DetectText gives it, for the Detect functions: a guess, not a verdict, so
// quoting is lazy and a record the prefix cut short still counts. Lines without
// a quote are split directly (every load asks this of every file); from the
// first quote on, the CSV reader takes over.
func FirstRecords(text []byte, comma rune, n int) [][]string {
	var out [][]string
	for len(out) < n && len(text) > 0 {
		line, rest, _ := bytes.Cut(text, []byte{'\n'})
		rec, ok := SplitPlain(line, comma)
		if !ok {
			break
		}
		text = rest
		if !IsBlank(rec) {
			out = append(out, rec)
		}
	}
	if len(out) == n || len(text) == 0 {
		return out
	}
	return readRecords(text, comma, n, out)
}

// readRecords appends to out non-blank records of text, read with the CSV reader (lazy
// quoting), until out has n.
func readRecords(text []byte, comma rune, n int, out [][]string) [][]string {
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	for len(out) < n {
		rec, err := r.Read()
		if err != nil {
			break
		}
		if !IsBlank(rec) {
			out = append(out, rec)
		}
	}
	return out
}

// SplitPlain splits one line (without its LF) into fields as the CSV reader would, when the
// line has no quote; ok is false when it has one and needs the reader.
func SplitPlain(line []byte, comma rune) (fields []string, ok bool) {
	if bytes.IndexByte(line, '"') >= 0 {
		return nil, false
	}
	return strings.Split(string(bytes.TrimSuffix(line, []byte{'\r'})), string(comma)), true
}
