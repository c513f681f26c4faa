// Package exportfile reads what the vendor export parsers have in common:
// the text checks and CSV records of an export file, its header cells,
// positioned errors, and wall-clock stamps whose day/month order is settled
// per file.
//
// Like the parsers it serves, it is a pure function of bytes: it knows
// nothing of vendors, cohorts or the database. Where vendors write times
// differently, a Layout switches their habits on rather than accepting every
// vendor's quirks in every file.
package exportfile

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

var crcrlf = []byte("\r\r\n")

// DetectPrefix bounds the bytes a Detect function reads: a file says what it
// is within its first few lines, and the loader calls Detect on every file
// it walks.
const DetectPrefix = 16 << 10

// CheckText rejects CSV content that is not UTF-8 text: NUL bytes (a binary
// file, or UTF-16 text) or invalid UTF-8, whose message names the line of the
// first bad byte so the user can see the name it broke. The error is a
// *ParseError at line 1 wrapping ErrNotText.
func CheckText(data []byte) error {
	if bytes.IndexByte(data, 0) >= 0 {
		return &ParseError{Line: 1, Err: fmt.Errorf("%w: NUL bytes (binary, or UTF-16 text)", ErrNotText)}
	}
	if i := InvalidUTF8(data); i >= 0 {
		// A spreadsheet's plain "CSV" save writes a legacy code page.
		return &ParseError{Line: 1, Err: fmt.Errorf("%w: invalid UTF-8 on line %d (save it as CSV UTF-8)", ErrNotText, LineAt(data, i))}
	}
	return nil
}

// InvalidUTF8 returns the offset of the first byte of data that is not part
// of valid UTF-8, or -1 when data is valid.
func InvalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	i := 0
	for i < len(data) {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		i += n
	}
	return i
}

// LineAt returns the 1-based line of the byte at offset i of data.
func LineAt(data []byte, i int) int {
	return bytes.Count(data[:i], []byte{'\n'}) + 1
}

// LastLine is the number of the last line of text, where a missing header
// is reported when the file ends early.
func LastLine(text []byte) int {
	n := bytes.Count(text, []byte{'\n'})
	if len(text) > 0 && text[len(text)-1] != '\n' {
		n++
	}
	return max(n, 1)
}

// TrimCutRune drops a UTF-8 character cut in half at the end of data, so
// that a prefix cut at DetectPrefix does not count as invalid.
func TrimCutRune(data []byte) []byte {
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				data = data[:i]
			}
			break
		}
	}
	return data
}

// CRToLF turns old Mac line endings (a spreadsheet's "CSV (Macintosh)"
// save) into LF, which encoding/csv needs, and CR CR LF into CRLF; line
// numbers are unchanged.
func CRToLF(data []byte) []byte {
	// A CRLF file written again in text mode on Windows ends its lines CR CR LF: the extra
	// CR would end every record's last field (and make each line two records).
	for bytes.Contains(data, crcrlf) {
		data = bytes.ReplaceAll(data, crcrlf, crcrlf[1:])
	}
	if bytes.IndexByte(data, '\n') >= 0 || bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	return bytes.ReplaceAll(data, []byte{'\r'}, []byte{'\n'})
}

// DetectText returns the start of a CSV export as a Detect function reads
// it: without its byte-order mark, at most DetectPrefix bytes with a
// character cut at the end dropped, and with CR line endings made LF. It
// returns nil when the prefix is not UTF-8 text.
func DetectText(data []byte) []byte {
	data = bytes.TrimPrefix(data, bom)
	if len(data) > DetectPrefix {
		data = TrimCutRune(data[:DetectPrefix])
	}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return nil
	}
	return CRToLF(data)
}

// CRRuns reads r with every run of CRs before an LF made one CR (CR CR LF, a CRLF file written
// again in text mode, read as CR LF), as CRToLF does to text in memory. A text with no LF at
// all, whose lines CRToLF would also make LF, is not for a stream: it is one line.
func CRRuns(r io.Reader) io.Reader {
	return &crRuns{r: r}
}

type crRuns struct {
	r    io.Reader
	buf  []byte // read from r: buf[off:] not yet looked at
	off  int
	runs int // CRs looked at and not yet handed on: an LF after them makes them one
	err  error
}

func (c *crRuns) Read(p []byte) (int, error) {
	out := 0
	for out < len(p) {
		if c.off == len(c.buf) {
			switch {
			case c.err != nil && c.runs > 0: // CRs at the very end are no line end: hand them on
				p[out] = '\r'
				out++
				c.runs--
				continue
			case out > 0:
				return out, nil
			case c.err != nil:
				return 0, c.err
			}
			if c.buf == nil {
				c.buf = make([]byte, 64<<10)
			}
			n, err := c.r.Read(c.buf[:cap(c.buf)])
			c.buf, c.off, c.err = c.buf[:n], 0, err
			continue
		}
		if c.runs == 0 {
			// Up to the next CR, the text is handed on as it is.
			rest := c.buf[c.off:]
			if i := bytes.IndexByte(rest, '\r'); i != 0 {
				if i < 0 {
					i = len(rest)
				}
				n := copy(p[out:], rest[:i])
				out += n
				c.off += n
				continue
			}
		}
		switch b := c.buf[c.off]; {
		case b == '\r':
			c.runs++
			c.off++
		case b == '\n':
			p[out] = '\r' // the run ends a line: one CR of it, then the LF
			out++
			c.runs = 0
		default:
			p[out] = '\r' // a run inside a line is text
			out++
			c.runs--
		}
	}
	return out, nil
}
