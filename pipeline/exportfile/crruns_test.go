package exportfile_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"

	"cohesion/pipeline/exportfile"
)

// TestCRRuns: a text with an LF reads through CRRuns as CRToLF leaves it, whatever the reads'
// sizes: every run of CRs before an LF is one CR, other CRs are text.
func TestCRRuns(t *testing.T) {
	texts := []string{"", "a,b\n", "a,b\r\n", "a,b\r\r\n1,2\r\r\r\n", "a\rb\n\r", "a\n\r\r", "\r\r\n\r\n", "x\r\r\ry\n"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = "ab\r\r\n"[rng.IntN(5)]
		}
		texts = append(texts, string(b)+"\n")
	}
	for _, text := range texts {
		want := exportfile.CRToLF([]byte(text))
		for name, r := range map[string]io.Reader{
			"whole":    exportfile.CRRuns(bytes.NewReader([]byte(text))),
			"one byte": exportfile.CRRuns(iotest.OneByteReader(bytes.NewReader([]byte(text)))),
			"halves":   iotest.HalfReader(exportfile.CRRuns(iotest.HalfReader(bytes.NewReader([]byte(text))))),
		} {
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%q read %s: %q, %v; want %q", text, name, got, err, want)
			}
		}
	}
}
