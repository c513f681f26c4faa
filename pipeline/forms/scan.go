// This file reads the CSV exports (Google Forms, Qualtrics) record by record, so that an export
// of any size can be read as a stream: once to check it and decide its date order, once more to
// hand on its answers with their times. ParseGoogleForms and ParseQualtrics read through the
// same code, over the text in memory.

package forms

import (
	"bytes"
	"fmt"
	"io"
	"slices"

	"cohesion/pipeline/exportfile"
)

// csvForm reads the data rows of one CSV export, set up from its header rows.
type csvForm struct {
	vendor    string
	questions []string
	width     int // of the header: a row is checked against it (checkWidth)
	// row appends to dst the answers of the response on one data record, whose width is
	// checked; ok is false for a record that is no response (a Qualtrics preview).
	row func(fields []string, line int, vote *exportfile.OrderVote, dst []Answer) (answers []Answer, when exportfile.Stamp, ok bool, err error)
}

// csvHeader reads a vendor's header rows: head holds the first records of the file (up to
// headRecords, fewer when the file ends sooner) and lastLine, once the file is found to end in
// its header, the file's last line. It returns the form and how many records of head it took.
type csvHeader func(head []record, lastLine func() int) (form *csvForm, used int, err error)

// headRecords is the most header records a vendor reads: Qualtrics' three.
const headRecords = 3

// scanCSV reads the records of CSV text, which must be checked UTF-8 without its byte-order
// mark and with its line ends as CRToLF leaves them, calling each with every response's
// answers (the slice is reused) and the stamp of its submission, in file order. It returns the
// form and the file's date order. In strict mode (lazy false), a quoting problem is
// exportfile.ErrRetryLazy.
func scanCSV(text io.Reader, lazy bool, header csvHeader, each func([]Answer, exportfile.Stamp) error) (*csvForm, exportfile.DateOrder, error) {
	lines := &lineCounter{r: text}
	rs := exportfile.NewRecordsFrom(lines, ',', lazy)
	defer rs.Release()
	var head []record
	for len(head) < headRecords {
		fields, line, err := rs.Next()
		if err != nil {
			return nil, 0, err
		}
		if fields == nil {
			break
		}
		head = append(head, record{line: line, fields: slices.Clone(fields)})
	}
	form, used, err := header(head, lines.last)
	if err != nil {
		return nil, 0, err
	}
	var vote exportfile.OrderVote
	var answers []Answer
	row := func(fields []string, line int) error {
		if err := checkWidth(fields, line, form.width); err != nil {
			return err
		}
		var when exportfile.Stamp
		var ok bool
		var err error
		if answers, when, ok, err = form.row(fields, line, &vote, answers[:0]); err != nil || !ok {
			return err
		}
		return each(answers, when)
	}
	for _, r := range head[used:] {
		if err := row(r.fields, r.line); err != nil {
			return nil, 0, err
		}
	}
	for {
		fields, line, err := rs.Next()
		if err != nil {
			return nil, 0, err
		}
		if fields == nil {
			return form, vote.Order(), nil
		}
		if err := row(fields, line); err != nil {
			return nil, 0, err
		}
	}
}

// parseCSV reads a whole CSV export in memory into an Export.
func parseCSV(data []byte, header csvHeader) (*Export, error) {
	return exportfile.ReadCSV(data, func(text []byte, lazy bool) (*Export, error) {
		exp := &Export{}
		var responses []response
		form, order, err := scanCSV(bytes.NewReader(text), lazy, header, func(answers []Answer, when exportfile.Stamp) error {
			responses = append(responses, response{first: len(exp.Answers), n: len(answers), when: when})
			exp.Answers = append(exp.Answers, answers...)
			return nil
		})
		if err != nil {
			return nil, err
		}
		exp.Vendor, exp.Questions = form.vendor, form.questions
		settle(exp.Answers, responses, order)
		return exp, nil
	})
}

// Scan is what a first read of a CSV export found: what a second read needs to give every
// answer its time.
type Scan struct {
	Vendor    string
	Questions []string
	Answers   int                  // answers in the file
	Order     exportfile.DateOrder // the file's date order, decided over all its times
}

// ScanCSV reads a Google Forms or Qualtrics CSV export (format VendorGoogleForms or
// VendorQualtrics) from text as a stream, calling each with the answers of every response in
// file order (the slice is reused by the next call; each may be nil). The text must be checked
// as ReadCSV checks it, without its byte-order mark, and with its line ends as CRToLF leaves them
// (exportfile.CRRuns). A first read passes order nil: its answers come without their Submitted
// time, which takes the date order of the whole file, and the Scan it returns has that order,
// for a second read (order &scan.Order) that gives every answer its time. The answers and errors
// are those of ParseGoogleForms and ParseQualtrics over the same file; in strict mode (lazy
// false), a quoting problem is exportfile.ErrRetryLazy, for a read again with lazy quoting.
func ScanCSV(format string, text io.Reader, lazy bool, order *exportfile.DateOrder, each func([]Answer) error) (*Scan, error) {
	header := map[string]csvHeader{VendorGoogleForms: googleHeader, VendorQualtrics: qualtricsHeader}[format]
	if header == nil {
		return nil, fmt.Errorf("forms: no CSV stream for format %q", format)
	}
	n := 0
	form, found, err := scanCSV(text, lazy, header, timed(order, each, &n))
	if err != nil {
		return nil, err
	}
	return &Scan{Vendor: form.vendor, Questions: form.questions, Answers: n, Order: found}, nil
}

// timed is the callback of a scan's read that counts the answers into n and hands them to each
// (if not nil), with their Submitted time in the date order given (none on a first read).
func timed(order *exportfile.DateOrder, each func([]Answer) error, n *int) func([]Answer, exportfile.Stamp) error {
	return func(answers []Answer, when exportfile.Stamp) error {
		*n += len(answers)
		if each == nil {
			return nil
		}
		if order != nil {
			t := when.Time(*order)
			for i := range answers {
				answers[i].Submitted = t
			}
		}
		return each(answers)
	}
}

// lineCounter counts the lines of the text read through it, for the errors of a file that ends
// in its header (exportfile.LastLine of the text).
type lineCounter struct {
	r     io.Reader
	lines int
	end   byte // the last byte read
	any   bool
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.lines += bytes.Count(p[:n], []byte{'\n'})
		c.end, c.any = p[n-1], true
	}
	return n, err
}

// last is the last line of the text read so far, as exportfile.LastLine counts it.
func (c *lineCounter) last() int {
	n := c.lines
	if c.any && c.end != '\n' {
		n++
	}
	return max(n, 1)
}
