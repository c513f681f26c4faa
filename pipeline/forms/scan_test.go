package forms_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"cohesion/pipeline/exportfile"
	"cohesion/pipeline/exportfile/filetest"
	"cohesion/pipeline/forms"
)

// streamCSV reads an export as the loader streams one too large to hold: checked, then read
// twice through ScanCSV in small reads (strictly, and lazily if quoting fails), the first
// read deciding the date order the second gives the answers.
func streamCSV(format string, data []byte) (*forms.Scan, []forms.Answer, error) {
	if err := exportfile.CheckText(data); err != nil {
		return nil, nil, err
	}
	text := bytes.TrimPrefix(data, []byte("\uFEFF"))
	read := func(lazy bool, order *exportfile.DateOrder, each func([]forms.Answer) error) (*forms.Scan, error) {
		return forms.ScanCSV(format, iotest.HalfReader(exportfile.CRRuns(iotest.HalfReader(bytes.NewReader(text)))), lazy, order, each)
	}
	lazy := false
	scan, err := read(lazy, nil, nil)
	if errors.Is(err, exportfile.ErrRetryLazy) {
		lazy = true
		scan, err = read(lazy, nil, nil)
	}
	if err != nil {
		return nil, nil, err
	}
	var answers []forms.Answer
	again, err := read(lazy, &scan.Order, func(a []forms.Answer) error {
		answers = append(answers, a...)
		return nil
	})
	if err == nil && !reflect.DeepEqual(again, scan) {
		return nil, nil, errors.New("the second read found another scan")
	}
	return scan, answers, err
}

// checkStreamed holds a file's stream (streamCSV) to what the whole-file parser made of it:
// the same error, or the same answers with the same times and the same questions. A text
// without an LF is not streamed (it is one line, or CR-ended lines only CRToLF reads).
func checkStreamed(t *testing.T, format string, data []byte, exp *forms.Export, err error) {
	t.Helper()
	if text := bytes.TrimPrefix(data, []byte("\uFEFF")); !bytes.Contains(text, []byte{'\n'}) && bytes.Contains(text, []byte{'\r'}) {
		return
	}
	scan, answers, serr := streamCSV(format, data)
	if err != nil || serr != nil {
		if err == nil || serr == nil || err.Error() != serr.Error() {
			t.Fatalf("streamed: %v\nwhole: %v", serr, err)
		}
		return
	}
	if scan.Vendor != exp.Vendor || !reflect.DeepEqual(scan.Questions, exp.Questions) || scan.Answers != len(exp.Answers) {
		t.Fatalf("streamed scan %+v, whole %s with %d questions and %d answers", scan, exp.Vendor, len(exp.Questions), len(exp.Answers))
	}
	if len(answers) != len(exp.Answers) {
		t.Fatalf("streamed %d answers, whole %d", len(answers), len(exp.Answers))
	}
	for i := range answers {
		if !reflect.DeepEqual(answers[i], exp.Answers[i]) {
			t.Fatalf("answer %d streamed:\n%+v\nwhole:\n%+v", i, answers[i], exp.Answers[i])
		}
	}
}

// TestScanCSVEqualsParse: every CSV fixture, good or broken, streams as it parses whole, and so
// does each cut at a line and re-saved with CR CR LF line ends.
func TestScanCSVEqualsParse(t *testing.T) {
	parse := map[string]func([]byte) (*forms.Export, error){
		forms.VendorGoogleForms: forms.ParseGoogleForms,
		forms.VendorQualtrics:   forms.ParseQualtrics,
	}
	n := 0
	for _, fx := range filetest.Fixtures(t, fixtureDir, ".csv") {
		for format, p := range parse {
			variants := [][]byte{fx.Data, bytes.ReplaceAll(fx.Data, []byte("\n"), []byte("\r\r\n"))}
			if lines := strings.SplitAfter(string(fx.Data), "\n"); len(lines) > 3 {
				variants = append(variants, []byte(strings.Join(lines[:len(lines)/2], "")))
			}
			for _, data := range variants {
				exp, err := p(data)
				if err == nil {
					n++
				}
				checkStreamed(t, format, data, exp, err)
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d fixtures parse: the test compares too little", n)
	}
}
