package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestReadFileOrHead reads whole files when asked and heads otherwise, and fails on a missing file.
func TestReadFileOrHead(t *testing.T) {
	dir := t.TempDir()
	small := bytes.Repeat([]byte("a,b\n"), 10)
	big := bytes.Repeat([]byte("0123456789\n"), 1000)
	empty := []byte{}
	for name, data := range map[string][]byte{"small": small, "big": big, "empty": empty} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	yes := func(int64) bool { return true }
	no := func(int64) bool { return false }
	for _, c := range []struct {
		name      string
		whole     func(int64) bool
		want      []byte
		wantWhole bool
	}{
		{"small", yes, small, true},
		{"small", no, small, false},
		{"big", yes, big, true},
		{"big", no, big[:headSize], false},
		{"empty", yes, empty, true},
	} {
		got, whole, err := readFileOrHead(filepath.Join(dir, c.name), c.whole)
		if err != nil || !bytes.Equal(got, c.want) || whole != c.wantWhole {
			t.Errorf("%s: %d bytes, whole %v, err %v; want %d bytes, whole %v", c.name, len(got), whole, err, len(c.want), c.wantWhole)
		}
	}
	if _, _, err := readFileOrHead(filepath.Join(dir, "missing"), yes); err == nil {
		t.Error("a missing file read without error")
	}
	if _, _, err := readFileOrHead(dir, yes); err == nil {
		// A folder opens on Unix, but reading it fails: it must not pass as an empty file.
		t.Error("a folder read without error")
	}
}

// TestFacilitatorRank puts the schedule first, then rosters and codebooks, then the rest, in any
// letter case; vendor exports skip the CSV read.
func TestFacilitatorRank(t *testing.T) {
	for head, want := range map[string]int{
		"cohort,program,session,starts_at,minutes\n":                     0,
		"\ufeffCohort,Program,Session,Starts_At,Minutes\r\n":             0,
		"\n\ncohort,name,email,aliases\n":                                1,
		"COLUMN,INSTRUMENT,ITEM,VALUES\n":                                1,
		"email,cohort,session,instrument,item,value\n":                   2,
		"Meeting ID,Topic,Start Time,End Time,User Email\n":              2,
		"Name (Original Name),User Email,Join Time,Leave Time,Cohorts\n": 2,
		"": 2,
	} {
		if got := facilitatorRank([]byte(head)); got != want {
			t.Errorf("%q: rank %d, want %d", head, got, want)
		}
	}
}
