package pipeline_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"cohesion/pipeline"
)

// TestStreamedEqualsWhole: a long form streamed from disk, and survey answers written in bulk,
// land in the raw tables exactly as when read whole and appended row by row.
func TestStreamedEqualsWhole(t *testing.T) {
	paths := []string{"../testdata/facilitator", "../testdata/forms"}
	whole := openTemp(t)
	wholeRes := load(t, whole, paths...)
	pipeline.WithSmallLimits(t)
	streamed := openTemp(t)
	streamedRes := load(t, streamed, paths...)
	if len(wholeRes) != len(streamedRes) {
		t.Fatalf("%d results streamed, %d whole", len(streamedRes), len(wholeRes))
	}
	for i := range wholeRes {
		if w, s := wholeRes[i].String(), streamedRes[i].String(); w != s {
			t.Errorf("streamed: %s\n   whole: %s", s, w)
		}
	}
	for _, q := range []string{
		"select * exclude (loaded_at) from raw_files order by file_id",
		"select * from raw_responses order by all",
		"select * from raw_answers order by all",
	} {
		w, s := rowsOf(t, whole.SQL, q), rowsOf(t, streamed.SQL, q)
		if len(w) == 0 {
			t.Errorf("%s: no rows: the test loads nothing", q)
		}
		if !reflect.DeepEqual(w, s) {
			t.Errorf("%s: %d rows streamed, %d whole, or they differ", q, len(s), len(w))
		}
	}
}

// TestStreamedRefusedWhole: a streamed long form with a bad row far into it is refused with
// that row's line and column, and nothing of it is written.
func TestStreamedRefusedWhole(t *testing.T) {
	pipeline.WithSmallLimits(t)
	var b strings.Builder
	b.WriteString("email,cohort,session,instrument,item,value\n")
	for i := range 50_000 {
		fmt.Fprintf(&b, "m%d@example.org,intro-a,%d,gcq,gcq_%d,%d\n", i%97, i%4+1, i%12+1, i%7)
	}
	good := b.String()
	dir := t.TempDir()
	for name, tail := range map[string]struct{ text, err string }{
		"session":  {"z@example.org,intro-a,x,gcq,gcq_1,3\n", "line 50002, column 23: session \"x\" is not a session number"},
		"utf8":     {"z@example.org,intro-a,2,gcq,gcq_1,\xff\n", "line 50002, column 35: invalid UTF-8"},
		"no email": {"nobody,intro-a,2,gcq,gcq_1,3\n", "line 50002, column 1: email \"nobody\""},
	} {
		path := filepath.Join(dir, name+".csv")
		if err := os.WriteFile(path, []byte(good+tail.text), 0o644); err != nil {
			t.Fatal(err)
		}
		db := openTemp(t)
		res := load(t, db, path)
		if res[0].Err == nil || !strings.Contains(res[0].Err.Error(), tail.err) {
			t.Errorf("%s: %v, want %q", name, res[0].Err, tail.err)
		}
		if n := rowsOf(t, db.SQL, "select (select count(*) from raw_responses) + (select count(*) from raw_files)"); n[0] != "0" {
			t.Errorf("%s: %s rows written of a refused file", name, n[0])
		}
	}
}
