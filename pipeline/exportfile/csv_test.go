package exportfile

import (
	"reflect"
	"testing"
)

// readerRecords is FirstRecords done by the CSV reader alone: what the direct split must equal.
func readerRecords(text []byte, comma rune, n int) [][]string {
	return readRecords(text, comma, n, nil)
}

var firstRecordsSeeds = []string{
	"Meeting ID,Topic,Start Time\r\n812,Intro,03/03/2026 05:58:12 PM\r\n",
	"\n\n,,,,\nName (Original Name),User Email\n",
	"a,b\rc,d\r\n",
	"x,\"quoted, cell\",y\nz\n",
	"first line\nsecond \"bare quote\nthird",
	"tab\tseparated\tcells\n\t\t\nnext\trow",
	"ends with cr\r",
	"",
}

// TestFirstRecordsMatchesReader checks the direct split against the CSV reader on the seeds.
func TestFirstRecordsMatchesReader(t *testing.T) {
	for _, s := range firstRecordsSeeds {
		for _, comma := range []rune{',', '\t', ';'} {
			for n := 1; n <= 3; n++ {
				got, want := FirstRecords([]byte(s), comma, n), readerRecords([]byte(s), comma, n)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%q comma %q n %d: %q, want %q", s, comma, n, got, want)
				}
			}
		}
	}
}

// FuzzFirstRecords: for any text, the direct split gives exactly what the CSV reader gives.
func FuzzFirstRecords(f *testing.F) {
	for _, s := range firstRecordsSeeds {
		f.Add([]byte(s), 2)
	}
	f.Fuzz(func(t *testing.T, text []byte, n int) {
		n = 1 + (n&7+8)%8
		for _, comma := range []rune{',', '\t', ';'} {
			if got, want := FirstRecords(text, comma, n), readerRecords(text, comma, n); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q comma %q n %d: %q, want %q", text, comma, n, got, want)
			}
		}
	})
}
