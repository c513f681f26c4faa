// shownpath.go gives a file's name as load prints and records it: a path is bytes, and a name
// that is not UTF-8 or holds a line break must neither break the ledger nor split the output.
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
// text without control characters (every name a vendor gives), otherwise with each byte that is
// not UTF-8 spelled \xNN and each control character spelled as Go does (\n, \t, \x1b).
func ShownPath(path string) string {
	if utf8.ValidString(path) && strings.IndexFunc(path, unicode.IsControl) < 0 {
		return path
	}
	var b strings.Builder
	for i := 0; i < len(path); {
		r, n := utf8.DecodeRuneInString(path[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, path[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteString(path[i : i+n])
		}
		i += n
	}
	return b.String()
}

// readError is err without the path an *fs.PathError repeats: the result line names the file
// already (as ShownPath gives it), and a raw path would print its bytes as they are.
func readError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
