// visible.go spells out what a terminal would obey or hide, for the file names load prints and
// records (a path is bytes: a name that is not UTF-8 or holds a line break must neither break
// the ledger nor split the output) and for the cells query prints.
package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
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
