// This file turns a report's bytes into lines of cells: Teams writes UTF-16
// with tabs, and a spreadsheet re-save gives UTF-8 with tabs or commas.

package teams

import (
	"bytes"
	"fmt"
	"iter"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"cohesion/pipeline/exportfile"
)

// decode returns the report as text without its byte-order mark. UTF-16 is
// recognised by its BOM or, without one, by a NUL in the first character's
// high byte, because every report starts with an ASCII letter or digit.
// lenient is for Detect, which reads a prefix: it drops a character cut in
// half at the end instead of reporting it.
func decode(data []byte, lenient bool) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data[2:], false, lenient)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data[2:], true, lenient)
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return decodeUTF8(data[3:], lenient)
	case len(data) >= 2 && data[0] != 0 && data[1] == 0:
		return decodeUTF16(data, false, lenient)
	case len(data) >= 2 && data[0] == 0 && data[1] != 0:
		return decodeUTF16(data, true, lenient)
	}
	return decodeUTF8(data, lenient)
}

func decodeUTF16(b []byte, bigEndian, lenient bool) (string, error) {
	unit := func(i int) rune {
		if bigEndian {
			return rune(b[i])<<8 | rune(b[i+1])
		}
		return rune(b[i]) | rune(b[i+1])<<8
	}
	// A local byte slice, not a strings.Builder: appending through the
	// builder's pointer costs a write barrier per character.
	out := make([]byte, 0, len(b)/2+len(b)/16)
	line := 1
	n := len(b) &^ 1
	for i := 0; i < n; i += 2 {
		r := unit(i)
		switch {
		case r == 0:
			return "", &ParseError{Line: line, Err: fmt.Errorf("%w: NUL character (a binary file?)", ErrNotText)}
		case r < utf8.RuneSelf:
			if r == '\n' {
				line++
			}
			out = append(out, byte(r))
			continue
		case utf16.IsSurrogate(r):
			if r < 0xDC00 && i+3 < n {
				if r2 := unit(i + 2); r2 >= 0xDC00 && r2 < 0xE000 {
					out = utf8.AppendRune(out, utf16.DecodeRune(r, r2))
					i += 2
					continue
				}
			}
			if lenient && i+2 >= n {
				return string(out), nil
			}
			return "", &ParseError{Line: line, Err: fmt.Errorf("%w: unpaired surrogate U+%04X", ErrBadUTF16, r)}
		}
		out = utf8.AppendRune(out, r)
	}
	if len(b)%2 == 1 && !lenient {
		return "", &ParseError{Line: line, Err: fmt.Errorf("%w: odd number of bytes (the file was cut off)", ErrBadUTF16)}
	}
	return string(out), nil
}

func decodeUTF8(b []byte, lenient bool) (string, error) {
	b, err := checkUTF8(b, lenient)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// checkUTF8 is decodeUTF8 without the copy: the text as it is, once it is known to be UTF-8.
func checkUTF8(b []byte, lenient bool) ([]byte, error) {
	if lenient {
		// Do not count a character cut in half by Detect's prefix as invalid.
		b = exportfile.TrimCutRune(b)
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return nil, &ParseError{Line: exportfile.LineAt(b, i), Err: fmt.Errorf("%w: NUL bytes (a binary file?)", ErrNotText)}
	}
	if i := exportfile.InvalidUTF8(b); i >= 0 {
		// A spreadsheet's plain "Text" save writes a legacy code page; say
		// where the first bad byte is so the user can see the name it broke.
		return nil, &ParseError{Line: exportfile.LineAt(b, i), Err: fmt.Errorf("%w: invalid UTF-8 (save it as Unicode or UTF-8 text)", ErrNotText)}
	}
	return b, nil
}

// isUTF16 says whether decode reads data as UTF-16 (by its BOM, or a NUL in its first
// character).
func isUTF16(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) ||
		!bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) && len(data) >= 2 && (data[0] != 0) != (data[1] != 0)
}

// detectRows is eachRow over the prefix Detect reads, decoded as decode decodes it (lenient),
// or false when it is no text. UTF-8 is read in place and each line made a string only when
// it is reached: every file a load reads is asked whether it is a Teams report, and most
// answer on their first line.
func detectRows(data []byte) (iter.Seq[row], bool) {
	if isUTF16(data) {
		text, err := decode(data, true)
		if err != nil {
			return nil, false
		}
		return eachRow(text, delimiterOf(text)), true
	}
	b, err := checkUTF8(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}), true)
	if err != nil {
		return nil, false
	}
	delim := byte(',')
	switch {
	case bytes.IndexByte(b, '\t') >= 0:
		delim = '\t'
	case bytes.Count(b, []byte{';'}) > bytes.Count(b, []byte{','}):
		delim = ';'
	}
	eol := byte('\n')
	if bytes.IndexByte(b, '\n') < 0 && bytes.IndexByte(b, '\r') >= 0 {
		eol = '\r'
	}
	return func(yield func(row) bool) {
		text := b
		for n := 1; len(text) > 0; n++ {
			line := text
			if i := bytes.IndexByte(text, eol); i >= 0 {
				line, text = text[:i], text[i+1:]
			} else {
				text = nil
			}
			line = bytes.TrimSuffix(line, []byte{'\r'})
			if !yield(row{line: n, cells: splitCells(string(line), delim)}) {
				return
			}
		}
	}, true
}

// row is one line of the text split into trimmed cells.
type row struct {
	line  int
	cells []string
}

// blank reports whether a row has no content: an empty line, or the tabs a
// spreadsheet writes for one.
func (r row) blank() bool { return exportfile.IsBlank(r.cells) }

// width is the row's field count without trailing empty cells, which
// spreadsheet re-saves add.
func (r row) width() int { return exportfile.Width(r.cells) }

// cell returns the i'th cell, or "" when i is -1 (an absent column) or past
// the end of a short row.
func (r row) cell(i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// delimiterOf picks the field separator. Teams writes tabs; a re-save as
// CSV gives commas, or semicolons where the comma is the decimal mark. A
// comma-separated report still has one ", " inside every date, but fewer
// than its commas between fields.
func delimiterOf(text string) byte {
	if strings.IndexByte(text, '\t') >= 0 {
		return '\t'
	}
	if strings.Count(text, ";") > strings.Count(text, ",") {
		return ';'
	}
	return ','
}

// splitRows splits text into rows, numbering lines from 1. Lines end in LF,
// CRLF, or a bare CR (an old Mac save) when the text has no LF at all.
func splitRows(text string, delim byte) []row {
	rows := make([]row, 0, strings.Count(text, eolOf(text))+1)
	for r := range eachRow(text, delim) {
		rows = append(rows, r)
	}
	return rows
}

// eachRow yields the rows splitRows returns, one at a time, so a caller that
// needs only the first few does not split the rest.
func eachRow(text string, delim byte) iter.Seq[row] {
	return func(yield func(row) bool) {
		eol := eolOf(text)
		for n := 1; text != ""; n++ {
			line := text
			if i := strings.Index(text, eol); i >= 0 {
				line, text = text[:i], text[i+1:]
			} else {
				text = ""
			}
			line = strings.TrimSuffix(line, "\r")
			if !yield(row{line: n, cells: splitCells(line, delim)}) {
				return
			}
		}
	}
}

func eolOf(text string) string {
	if strings.IndexByte(text, '\n') < 0 && strings.IndexByte(text, '\r') >= 0 {
		return "\r"
	}
	return "\n"
}

// splitCells splits one line. Teams never quotes, but a spreadsheet quotes a
// cell holding the separator or a quote ("3/5/26, 6:00 PM" in a comma
// save); a cell that starts with a quote and is not a well-formed quoted
// cell is kept as written, since a display name may start with a quote.
// Quoted line breaks are not supported: no report field holds one, and
// reading line by line keeps one bad quote from swallowing later rows.
func splitCells(line string, delim byte) []string {
	cells := make([]string, 0, 8)
	for i := 0; ; {
		var cell string
		end := -1 // index of the separator after the cell, or len(line)
		if i < len(line) && line[i] == '"' {
			cell, end = unquote(line, i, delim)
		}
		if end < 0 {
			if j := strings.IndexByte(line[i:], delim); j >= 0 {
				end = i + j
			} else {
				end = len(line)
			}
			cell = line[i:end]
		}
		cells = append(cells, strings.TrimSpace(cell))
		if end >= len(line) {
			return cells
		}
		i = end + 1
	}
}

// unquote reads the quoted cell starting at line[i]. It returns end -1 when
// the quotes do not close the cell.
func unquote(line string, i int, delim byte) (cell string, end int) {
	var b strings.Builder
	for p := i + 1; p < len(line); {
		q := strings.IndexByte(line[p:], '"')
		if q < 0 {
			return "", -1
		}
		b.WriteString(line[p : p+q])
		p += q + 1
		if p < len(line) && line[p] == '"' {
			b.WriteByte('"')
			p++
			continue
		}
		k := p
		for k < len(line) && line[k] == ' ' {
			k++
		}
		if k == len(line) || line[k] == delim {
			return b.String(), k
		}
		return "", -1
	}
	return "", -1
}
