package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"cohesion/pipeline/forms"
)

// TestTextReader: a file read through a textReader, in any size of reads, is the file's text
// without its byte-order mark, with the digest of all its bytes, and fails where checkText
// fails, at the same line and column.
func TestTextReader(t *testing.T) {
	long := strings.Repeat("ü,ok,é\n", 200_000) // over a block, so lines cross reads
	cases := map[string]string{
		"plain":           "email,instrument,item,value\na@x.org,gcq,gcq_1,4\n",
		"bom":             "\ufeffemail,value\na,1\n",
		"no last newline": "a,b\nc,d",
		"crlf":            "a,b\r\nc,d\r\n",
		"empty":           "",
		"bom only":        "\ufeff",
		"long":            long,
		"nul line 5":      "a\nb\nc\nd\nx\x00y\n",
		"bad utf8 line 3": "a\nb\nccc\xff\n",
		"bad utf8 late":   long + "x,\xc3\n",
		"nul after long":  long + long + "\x00",
	}
	for name, text := range cases {
		data := []byte(text)
		wantErr := checkText(data)
		want := bytes.TrimPrefix(data, utf8BOM)
		sum := sha256.Sum256(data)
		for _, reads := range []string{"whole", "one byte"} {
			var r io.Reader = bytes.NewReader(data)
			if reads == "one byte" {
				r = iotest.OneByteReader(r)
			}
			tr := newTextReader(r)
			got, err := io.ReadAll(tr)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("%s, %s reads: error %v, want %v", name, reads, err, wantErr)
				continue
			}
			if err != nil {
				continue
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s, %s reads: text differs (%d bytes, want %d)", name, reads, len(got), len(want))
			}
			if tr.digest() != hex.EncodeToString(sum[:]) {
				t.Errorf("%s, %s reads: digest differs", name, reads)
			}
		}
	}
}

// WithSmallLimits streams every long form and writes every table in bulk, as a file of millions
// of rows would be, for the rest of the test (for the tests outside the package).
func WithSmallLimits(t *testing.T) {
	oldStream, oldBulk, oldKeep := streamAbove, bulkFrom, keepOne
	streamAbove, bulkFrom, keepOne = 0, 1, -1
	t.Cleanup(func() { streamAbove, bulkFrom, keepOne = oldStream, oldBulk, oldKeep })
}

// WithListedAnswersAtMost sets the most survey answers load's listing matches, for the rest of
// the test.
func WithListedAnswersAtMost(t *testing.T, n int) {
	old := listAnswersAtMost
	listAnswersAtMost = n
	t.Cleanup(func() { listAnswersAtMost = old })
}

// TestStreamedFileChanged: a long form or a forms export that changes between its check and
// its write is refused, not written as the check never saw it.
func TestStreamedFileChanged(t *testing.T) {
	long := "email,cohort,session,instrument,item,value\na@example.org,intro-a,1,gcq,gcq_1,4\n"
	google := "Timestamp,Email Address,How connected?\n2026/03/24 7:35:12 PM GMT-4,a@example.org,4\n"
	for _, c := range []struct {
		format, text string
		changed      []string
	}{
		{"survey-long", long, []string{
			strings.Replace(long, ",4\n", ",5\n", 1),       // same rows, another value
			strings.Replace(long, ",1,", ",x,", 1),         // now broken
			long + "b@example.org,intro-a,1,gcq,gcq_1,2\n", // grown
		}},
		{forms.VendorGoogleForms, google, []string{
			strings.Replace(google, ",4\n", ",5\n", 1),
			strings.Replace(google, "7:35:12", "7:x:12", 1),
			strings.Replace(google, "\n2026", "\n\"2026", 1), // a quote that makes the read lazy
		}},
	} {
		path := filepath.Join(t.TempDir(), "export.csv")
		if err := os.WriteFile(path, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		p, _, err := parseStreamed(path, c.format)
		if err != nil {
			t.Fatal(err)
		}
		count := func() (int, error) {
			n := 0
			err := p.tables[0].stream(func([]driver.Value) error { n++; return nil })
			return n, err
		}
		if n, err := count(); n != 1 || err != nil {
			t.Fatalf("%s unchanged: %d rows, %v", c.format, n, err)
		}
		for _, changed := range c.changed {
			if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := count(); !errors.Is(err, errChanged) {
				t.Errorf("%s changed to %q: %v, want the file changed", c.format, changed, err)
			}
		}
	}
}

// FuzzStreamedResponses: a long form streamed in small reads gives the rows, or the error, that
// it gives read whole.
func FuzzStreamedResponses(f *testing.F) {
	f.Add([]byte("email,cohort,session,instrument,item,value\na@x.org,c,1,gcqs,gcq_1,3\n"))
	f.Add([]byte("\ufeffemail,instrument,item,value\r\na@x.org,gcq,\"gcq\n1\",\xff\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantErr := ParseResponses(data)
		var got []ResponseRow
		err := scanChecked(newTextReader(iotest.HalfReader(bytes.NewReader(data))), func(r ResponseRow) error {
			got = append(got, r)
			return nil
		})
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("streamed: %v, whole: %v", err, wantErr)
		}
		if err == nil && len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("streamed rows %v, whole %v", got, want)
		}
	})
}

// TestLimitMemoryShared: the memory limit held by a checkpoint and a listing at once stays until
// both let go, and is then DuckDB's default again, exactly.
func TestLimitMemoryShared(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c.duckdb"), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	limit := func() string {
		var s string
		if err := db.SQL.QueryRow("select current_setting('memory_limit')").Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := limit()
	hold := func() func() {
		conn, err := db.SQL.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		restore, err := db.limitMemory(ctx, conn)
		if err != nil {
			t.Fatal(err)
		}
		return func() { restore(); conn.Close() }
	}
	first := hold()
	held := limit()
	if held == before {
		t.Fatalf("limit %s while held, as before", held)
	}
	second := hold()
	first()
	if got := limit(); got != held {
		t.Errorf("one of two holds let go: limit %s, want %s", got, held)
	}
	second()
	if got := limit(); got != before {
		t.Errorf("both let go: limit %s, want %s as before", got, before)
	}
}
