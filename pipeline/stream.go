// stream.go reads the one kind of file that can be any size, the researcher's long form of
// answers, in a bounded stream: it is never held in memory whole. It is read twice, once when it
// is parsed (to check every line and count its rows, writing nothing) and once as its rows are
// written, so what it holds is bounded whatever the file's size (a read buffer of a megabyte or
// so, two Arrow batches of at most 16 MB, and DuckDB held to streamMemory), and a file that fails
// costs no write at all.
package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"sync"

	"cohesion/pipeline/exportfile"
	"cohesion/pipeline/forms"
)

// streamAbove is the size from which a long form is streamed instead of read whole (a var for
// the tests, which stream small files).
var streamAbove int64 = 4 << 20

// maxLine bounds one line of a streamed file: far over any line of answers, and what the reader
// may have to hold to check a line as a whole.
const maxLine = 4 << 20

// textReader hands over a file's bytes as they are read, checking each line as checkText does
// (a NUL byte or invalid UTF-8 is a *ParseError naming its line and column) and hashing every
// byte, so a streamed file has the same digest, and the same errors, as one read whole. A
// byte-order mark at the start is dropped.
type textReader struct {
	r       io.Reader
	h       hash.Hash
	buf     []byte // read: buf[off:ready] checked and not yet handed over, buf[ready:] unchecked
	off     int
	ready   int
	line    int // lines before buf[ready:]
	started bool
	bom     bool // the file starts with a byte-order mark (dropped)
	eof     bool
	err     error // what the reader itself found (bad text, a line too long, a read error)
}

// scanChecked reads a long form through text as ParseResponses reads one whole: a problem with
// the text itself anywhere in the file is reported before a problem with its rows, so a file
// gives the same error streamed or not.
func scanChecked(text *textReader, each func(ResponseRow) error) error {
	err := scanResponses(text, each)
	if pe := (*ParseError)(nil); errors.As(err, &pe) && text.err == nil {
		if _, terr := io.Copy(io.Discard, text); terr != nil {
			return terr
		}
	}
	return err
}

func newTextReader(r io.Reader) *textReader {
	return &textReader{r: r, h: sha256.New()}
}

func (t *textReader) Read(p []byte) (int, error) {
	for t.off == t.ready {
		if t.eof && t.ready == len(t.buf) {
			return 0, io.EOF
		}
		if err := t.fill(); err != nil {
			t.err = err
			return 0, err
		}
	}
	n := copy(p, t.buf[t.off:t.ready])
	t.off += n
	return n, nil
}

// fill reads the next block and checks the whole lines it completes.
func (t *textReader) fill() error {
	t.buf = t.buf[:copy(t.buf, t.buf[t.off:])]
	t.off, t.ready = 0, 0
	if !t.eof {
		if cap(t.buf)-len(t.buf) < 256<<10 {
			t.buf = append(make([]byte, 0, max(2*cap(t.buf), 1<<20)), t.buf...)
		}
		n, err := t.r.Read(t.buf[len(t.buf):cap(t.buf)])
		t.h.Write(t.buf[len(t.buf) : len(t.buf)+n])
		t.buf = t.buf[:len(t.buf)+n]
		switch {
		case errors.Is(err, io.EOF):
			t.eof = true
		case err != nil:
			return readError(err)
		}
		if !t.started && (len(t.buf) >= len(utf8BOM) || t.eof) {
			t.started = true
			t.bom = bytes.HasPrefix(t.buf, utf8BOM)
			t.buf = t.buf[:copy(t.buf, bytes.TrimPrefix(t.buf, utf8BOM))]
		}
		if !t.started {
			return nil
		}
	}
	end := bytes.LastIndexByte(t.buf, '\n') + 1
	if t.eof {
		end = len(t.buf)
	}
	if end == 0 {
		if len(t.buf) > maxLine {
			return errAt(t.line+1, 0, "a line of over %s: no export writes one (is this the file you meant?)", sizeText(maxLine))
		}
		return nil
	}
	if err := checkText(t.buf[:end]); err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			if t.bom && t.line == 0 && pe.Line == 1 && pe.Column > 0 {
				pe.Column++ // the column counts the mark, as checkText's of the whole file does
			}
			pe.Line += t.line
		}
		return err
	}
	t.line += bytes.Count(t.buf[:end], []byte{'\n'})
	t.ready = end
	return nil
}

// digest is the sha256 of every byte read, once the reader is at the end.
func (t *textReader) digest() string {
	return hex.EncodeToString(t.h.Sum(nil))
}

// parseStreamed checks a file too large to read whole: a long form here, a CSV export of forms
// in parseStreamedForm.
func parseStreamed(path, format string) (*parsed, string, error) {
	if format != "survey-long" {
		return parseStreamedForm(path, format)
	}
	return parseStreamedLong(path)
}

// parseStreamedLong checks a long form too large to read whole: every row is parsed and counted and
// none kept. The rows are read again when written (streamedResponses).
func parseStreamedLong(path string) (*parsed, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", readError(err)
	}
	defer f.Close()
	text := newTextReader(f)
	rows := 0
	if err := scanChecked(text, func(ResponseRow) error { rows++; return nil }); err != nil {
		return nil, "", err
	}
	digest := text.digest()
	t := tableRows{table: "raw_responses", stream: func(each func(row []driver.Value) error) error {
		return streamedResponses(path, digest, each)
	}}
	return &parsed{format: "survey-long", tables: []tableRows{t}, rows: rows}, digest, nil
}

// streamedResponses reads a long form again as it is written, refusing it if it is no longer
// the file that was checked.
func streamedResponses(path, digest string, each func(row []driver.Value) error) error {
	f, err := os.Open(path)
	if err != nil {
		return readError(err)
	}
	defer f.Close()
	text := newTextReader(f)
	var row []driver.Value
	err = scanChecked(text, func(r ResponseRow) error {
		row = responseValues(row[:0], &r)
		return each(row)
	})
	if err == nil && text.digest() != digest {
		err = errChanged
	}
	if pe := (*ParseError)(nil); errors.As(err, &pe) {
		err = fmt.Errorf("%w (%v)", errChanged, err)
	}
	return err
}

var errChanged = errors.New("the file changed while it was being loaded: nothing of it was kept (load it again)")

// streamed tells whether the file at path is one to stream, and its format: over streamAbove,
// with the head of a long form or of a CSV export of forms (Google Forms, Qualtrics) whose lines
// end in LF (a text of CR-ended lines only is one line to a stream; it is read whole). Any
// other file is read whole (and refused first if too large).
func streamed(path string) string {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() <= streamAbove {
		return ""
	}
	head, err := wholeLinesHead(path)
	if err != nil {
		return ""
	}
	switch format, err := formatOf(head, binaryVendors, textVendors); {
	case err != nil:
	case format == "survey-long":
		return format
	case format == forms.VendorGoogleForms || format == forms.VendorQualtrics:
		if bytes.IndexByte(head, '\n') >= 0 {
			return format
		}
	}
	return ""
}

// parseStreamedForm checks a CSV export of forms too large to read whole, as parseStreamed
// checks a long form: its answers are counted and none kept, and its date order decided over
// all its times, for the second read that writes them (streamedAnswers). Like a file read
// whole, it is read with strict quoting and, if that fails, once more with lazy quoting.
func parseStreamedForm(path, format string) (*parsed, string, error) {
	lazy := false
	scan, digest, err := scanForm(path, format, lazy, nil, nil)
	if errors.Is(err, exportfile.ErrRetryLazy) {
		lazy = true
		scan, digest, err = scanForm(path, format, lazy, nil, nil)
	}
	if err != nil {
		return nil, "", err
	}
	t := tableRows{table: "raw_answers", stream: func(each func(row []driver.Value) error) error {
		return streamedAnswers(path, format, digest, lazy, scan.Order, each)
	}}
	return &parsed{format: format, tables: []tableRows{t}, rows: scan.Answers, survey: true}, digest, nil
}

// scanForm reads a CSV export of forms from path through a textReader (see forms.ScanCSV), a
// problem with the text itself anywhere in the file being reported before one with its rows, as
// ReadCSV reports it for a file read whole. It returns the scan and the file's digest.
func scanForm(path, format string, lazy bool, order *exportfile.DateOrder, each func([]forms.Answer) error) (*forms.Scan, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", readError(err)
	}
	defer f.Close()
	text := newTextReader(f)
	scan, err := forms.ScanCSV(format, exportfile.CRRuns(text), lazy, order, each)
	if pe := (*ParseError)(nil); (errors.As(err, &pe) || errors.Is(err, exportfile.ErrRetryLazy)) && text.err == nil {
		if _, terr := io.Copy(io.Discard, text); terr != nil {
			return nil, "", terr
		}
	}
	if err != nil {
		return nil, "", err
	}
	return scan, text.digest(), nil
}

// streamedAnswers reads a CSV export of forms again as its answers are written, each with its
// time in the date order the first read decided, refusing the file if it is no longer the one
// that was checked.
func streamedAnswers(path, format, digest string, lazy bool, order exportfile.DateOrder, each func(row []driver.Value) error) error {
	var row []driver.Value
	_, again, err := scanForm(path, format, lazy, &order, func(answers []forms.Answer) error {
		for i := range answers {
			row = answerValues(row[:0], &answers[i])
			if err := each(row); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && again != digest {
		err = errChanged
	}
	if pe := (*ParseError)(nil); errors.As(err, &pe) || errors.Is(err, exportfile.ErrRetryLazy) {
		err = fmt.Errorf("%w (%v)", errChanged, err)
	}
	return err
}

// streamMemory is what DuckDB may hold while a streamed file is written: its rows go to disk as
// they come, whatever their number.
const streamMemory = "96MB"

// streams reports whether the file has a table streamed from disk, or one large enough to be
// written in bulk (a survey of hundreds of thousands of answers): DuckDB is held to
// streamMemory while either is written, and while it is checkpointed and listed.
func (p *parsed) streams() bool {
	for _, t := range p.tables {
		if t.stream != nil || t.n >= bulkFrom {
			return true
		}
	}
	return false
}

// memoryHold counts the holders of the memory limit (a checkpoint and a listing can run at
// once): the first sets it, the last puts back DuckDB's default, which cohesion otherwise keeps
// (reset, not the old value as DuckDB shows it: that text is rounded, "953.6 MiB").
type memoryHold struct {
	mu      sync.Mutex
	holders int
}

// limitMemory holds DuckDB's memory limit (a global setting) at streamMemory until restore is
// called.
func (db *DB) limitMemory(ctx context.Context, conn *sql.Conn) (restore func(), err error) {
	h := &db.memory
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.holders == 0 {
		if _, err := conn.ExecContext(ctx, "set memory_limit = '"+streamMemory+"'"); err != nil {
			return nil, err
		}
	}
	h.holders++
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.holders--; h.holders == 0 {
			conn.ExecContext(context.WithoutCancel(ctx), "reset memory_limit")
		}
	}, nil
}
