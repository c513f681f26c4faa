// csvtable.go reads the plain CSV files facilitators write (schedule, roster, long-form answers)
// into header-addressed records that remember their line and column for error messages.
package pipeline

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"cohesion/pipeline/exportfile"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// ParseError is a problem at a position in an input file (line and column 1-based; column 0
// when the problem is not one field's): the same type the export parsers report.
type ParseError = exportfile.ParseError

func errAt(line, col int, format string, args ...any) error {
	return &ParseError{Line: line, Column: col, Err: fmt.Errorf(format, args...)}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// checkName refuses a name, email or alias field v over exportfile.MaxName bytes, at its line
// and column.
func checkName(line, col int, v string) error {
	if len(v) > exportfile.MaxName {
		return &ParseError{Line: line, Column: col, Err: exportfile.NameTooLong(len(v))}
	}
	return nil
}

// checkText rejects content that is not UTF-8 text with one clear line naming the line and
// column of the first bad byte, instead of a cascade of CSV errors: a NUL byte (a binary file, or
// UTF-16 without its byte-order mark) or invalid UTF-8 (a spreadsheet's legacy code page).
func checkText(data []byte) error {
	nul, bad := bytes.IndexByte(data, 0), exportfile.InvalidUTF8(data)
	switch {
	case nul < 0 && bad < 0:
		return nil
	case nul >= 0 && (bad < 0 || nul < bad):
		line, col := textPosition(data, nul)
		return errAt(line, col, "a NUL byte: binary content, not a text CSV file")
	default:
		line, col := textPosition(data, bad)
		return errAt(line, col, "invalid UTF-8 (byte 0x%02x): binary content, or text in a legacy code page (save it as CSV UTF-8)", data[bad])
	}
}

// textPosition is the 1-based line and column (in characters) of the byte at offset i.
func textPosition(data []byte, i int) (line, col int) {
	start := bytes.LastIndexByte(data[:i], '\n') + 1
	return exportfile.LineAt(data, i), utf8.RuneCount(data[start:i]) + 1
}

// table is a CSV file with a header row, its columns addressed by lower-cased header name.
type table struct {
	cols    map[string]int
	header  []string
	records []record
}

type record struct {
	line   int
	fields []string
	cols   []int // 1-based column (in characters) of each field, for error messages
}

func readTable(data []byte) (*table, error) {
	var t *table
	err := scanTable(data, func(h *table) error { t = h; return nil }, func(rec record) error {
		rec.cols = slices.Clone(rec.cols)
		t.records = append(t.records, rec)
		return nil
	})
	return t, err
}

// scanTable reads a CSV file with a header row as readTable does, handing over the header
// (header) and then each record in turn (each) instead of keeping them: a long form of millions
// of answers is read in one pass with only what each keeps. A record's cols are reused for the
// next record; its fields are its own.
func scanTable(data []byte, header func(*table) error, each func(record) error) error {
	if err := checkText(data); err != nil {
		return err
	}
	return scanTableFrom(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)), header, each)
}

// scanTableFrom is scanTable over text already checked (or checked as it is read, by a
// textReader) and without its byte-order mark.
func scanTableFrom(text io.Reader, header func(*table) error, each func(record) error) error {
	r := csv.NewReader(text)
	r.FieldsPerRecord = -1
	t := &table{cols: map[string]int{}}
	var cols []int
	for {
		fields, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return errAt(pe.Line, pe.Column, "%v", pe.Err)
			}
			return err // a read error, or a textReader's finding (a *ParseError)
		}
		line, _ := r.FieldPos(0)
		if blank(fields) {
			continue
		}
		if t.header == nil {
			t.header = fields
			for i, h := range fields {
				h = strings.ToLower(strings.TrimSpace(h))
				if h == "" {
					continue
				}
				if _, dup := t.cols[h]; dup {
					return errAt(line, i+1, "column %q appears twice in the header", h)
				}
				t.cols[h] = i
			}
			if err := header(t); err != nil {
				return err
			}
			continue
		}
		cols = slices.Grow(cols[:0], len(fields))[:len(fields)]
		rec := record{line: line, fields: fields, cols: cols}
		for i, f := range fields {
			_, rec.cols[i] = r.FieldPos(i)
			if len(f) > exportfile.MaxField {
				return errAt(line, rec.cols[i], "%v", exportfile.FieldTooLong(len(f)))
			}
		}
		if err := each(rec); err != nil {
			return err
		}
	}
	if t.header == nil {
		return errAt(1, 0, "empty file: no header row")
	}
	return nil
}

func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// require checks that the header names every column in names.
func (t *table) require(names ...string) error {
	var missing []string
	for _, n := range names {
		if _, ok := t.cols[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return errAt(1, 0, "header lacks column %s (has: %s)", quoteList(missing), strings.Join(t.header, ","))
	}
	return nil
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// get returns the trimmed value of column name in rec ("" when the column or field is absent)
// and the field's 1-based column for error messages.
func (t *table) get(rec record, name string) (string, int) {
	i, ok := t.cols[name]
	if !ok || i >= len(rec.fields) {
		if ok {
			return "", i + 1
		}
		return "", 0
	}
	return strings.TrimSpace(rec.fields[i]), rec.cols[i]
}

// headerOf returns the lower-cased, trimmed fields of the first non-blank line, for detection.
func headerOf(data []byte) []string {
	data = bytes.TrimPrefix(data, utf8BOM)
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		fields, ok := exportfile.SplitPlain(line, ',')
		if !ok {
			r := csv.NewReader(bytes.NewReader(line))
			r.FieldsPerRecord = -1
			r.LazyQuotes = true
			var err error
			if fields, err = r.Read(); err != nil {
				continue
			}
		}
		if blank(fields) {
			continue
		}
		return exportfile.LowerCells(fields)
	}
	return nil
}

// hasUTF16BOM reports whether data opens with a UTF-16 byte-order mark, either way round.
func hasUTF16BOM(data []byte) bool {
	return len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF)
}

// utf16Text decodes UTF-16 text with its byte-order mark (little- or big-endian) into UTF-8.
// An odd number of bytes is a file cut off, named as such at its last line.
func utf16Text(data []byte) ([]byte, error) {
	if len(data)%2 != 0 {
		text, _ := utf16Decoder().Bytes(data[:len(data)-1])
		return nil, errAt(exportfile.LastLine(text), 0, "damaged UTF-16 text: an odd number of bytes (the file was cut off)")
	}
	text, err := utf16Decoder().Bytes(data)
	if err != nil {
		return nil, errAt(1, 0, "damaged UTF-16 text: %v", err)
	}
	return text, nil
}

func utf16Decoder() *encoding.Decoder {
	return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
}
