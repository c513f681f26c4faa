// shownpath.go gives a file's name as load prints and records it: a path is bytes, and a name
// that is not UTF-8 or holds a line break must neither break the ledger nor split the output.
package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ShownPath is path as load prints it and records it in raw_files: unchanged when it is UTF-8
// text without control characters (every name a vendor gives), otherwise as Visible spells it.
func ShownPath(path string) string {
	if utf8.ValidString(path) && strings.IndexFunc(path, invisible) < 0 {
		return path
	}
	return Visible(path)
}

// Visible spells out what a terminal would obey or hide in s, so that it is shown, not obeyed:
// a byte that is not UTF-8 as \xNN; a line break or tab as in Go (\n, \r, \t), so it cannot
// break a line or a table; other control characters (ESC]0;...BEL retitles the window, ESC[2J
// clears it) as \xNN; the bidirectional overrides, which reorder what follows them, as \uNNNN.
func Visible(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case isBidiOverride(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func isBidiOverride(r rune) bool { return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 }

func invisible(r rune) bool { return unicode.IsControl(r) || isBidiOverride(r) }

// readError is err without the path an *fs.PathError repeats: the result line names the file
// already (as ShownPath gives it), and a raw path would print its bytes as they are.
func readError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// The largest inputs load reads. A meeting's attendance export is kilobytes (a webinar of
// thousands, a few megabytes), and a form's export a few megabytes; a file far over that is no
// export as a vendor writes it (or a whole archive in one), and parsing it would hold many times
// its size in memory. It is refused before it is read.
const (
	maxAttendanceFile = 16 << 20
	maxInputFile      = 64 << 20
)

// readForParse reads a file for parsing, refusing one over the limits from its size and its head
// alone, so an oversized file costs no memory.
func readForParse(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, readError(err)
	}
	if info.Mode().IsRegular() && info.Size() > maxAttendanceFile {
		if info.Size() > maxInputFile {
			return nil, errAt(0, 0, "a file of %s, over the %s any export cohesion reads can be: no meeting or form writes one so large (split it, or check it is the file you meant)",
				sizeText(info.Size()), sizeText(maxInputFile))
		}
		head, _, err := readFileOrHead(path, func(int64) bool { return false })
		if err != nil {
			return nil, readError(err)
		}
		if i := bytes.LastIndexByte(head, '\n'); i > 0 {
			head = head[:i+1] // a line cut by the head cannot be judged
		}
		if format, err := formatOf(head, binaryVendors, textVendors); err == nil && attendanceFormats[format] {
			return nil, errAt(0, 0, "a %s of %s, over the %s an attendance export can be (one meeting's report is kilobytes): check it is one meeting's report",
				vendorTitles[format], sizeText(info.Size()), sizeText(maxAttendanceFile))
		}
	}
	data, err := os.ReadFile(path)
	return data, readError(err)
}

// attendanceFormats are the detected formats of attendance exports.
var attendanceFormats = map[string]bool{"zoom": true, "teams": true, "meet": true, "marks": true}

// sizeText is a byte count for a message: "1.2 GB", "97 MB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}
