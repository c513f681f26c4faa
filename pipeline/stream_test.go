package pipeline_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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
	// By file: a file kept from the ranking read, and one read again, can rank differently (a
	// workbook's sheet is looked into only when kept).
	texts := func(res []pipeline.FileResult) []string {
		var out []string
		for _, r := range res {
			out = append(out, r.String())
		}
		slices.Sort(out)
		return out
	}
	for i, w := range texts(wholeRes) {
		if s := texts(streamedRes)[i]; w != s {
			t.Errorf("streamed: %s\n   whole: %s", s, w)
		}
	}
	for _, q := range []string{
		// By file, not file ID: the IDs follow the batches, and a file kept from the ranking
		// read and one read again can fall in different batches.
		"select * exclude (file_id, loaded_at, replaced_by) from raw_files order by file",
		"select f.file, r.* exclude (file_id) from raw_responses r join raw_files f using (file_id) order by all",
		"select f.file, a.* exclude (file_id) from raw_answers a join raw_files f using (file_id) order by all",
	} {
		w, s := rowsOf(t, whole.SQL, q), rowsOf(t, streamed.SQL, q)
		if len(w) == 0 {
			t.Errorf("%s: no rows: the test loads nothing", q)
		}
		if !reflect.DeepEqual(w, s) {
			t.Errorf("%s: %d rows streamed, %d whole, or they differ", q, len(s), len(w))
			for i := range min(len(w), len(s)) {
				if w[i] != s[i] {
					t.Errorf("row %d streamed:\n%s\nwhole:\n%s", i, s[i], w[i])
					break
				}
			}
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

// TestStreamedFormRefusedWhole: a streamed Google Forms export gives the error it gives loaded
// whole (a problem with the text anywhere before one with a row), writing nothing of it, and
// one that needs lazy quoting loads all its answers.
func TestStreamedFormRefusedWhole(t *testing.T) {
	var b strings.Builder
	b.WriteString("Timestamp,Email Address,How connected?,Anything else?\r\n")
	for i := range 50_000 {
		fmt.Fprintf(&b, "2026/03/%02d 7:%02d:12 PM GMT-4,m%d@example.org,%d,\r\n", i%28+1, i%60, i%97, i%11)
	}
	good := b.String()
	cases := []struct {
		name, text, err string
	}{
		{"timestamp", good + "2026/02/30 7:35:12 PM GMT-4,z@example.org,4,\r\n", "line 50002, column 1: impossible date"},
		{"extra", good + "2026/03/01 7:35:12 PM GMT-4,z@example.org,4,,5\r\n", "line 50002, column 5: more fields than the header"},
		{"text first", strings.Replace(good, "2026/03/02", "2026/02/30", 1) + "2026/03/01 7:35:12 PM GMT-4,z@example.org,4,\xff\r\n", "line 50002, column 45: invalid UTF-8"},
		{"lazy", good + "2026/03/01 7:35:12 PM GMT-4,z@example.org,4,I felt \"seen\" today\r\n", ""},
	}
	dir := t.TempDir()
	whole := make([]pipeline.FileResult, len(cases))
	for i, c := range cases {
		path := filepath.Join(dir, c.name+".csv")
		if err := os.WriteFile(path, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		whole[i] = load(t, openTemp(t), path)[0]
		if c.err == "" && whole[i].Err != nil || c.err != "" && (whole[i].Err == nil || !strings.Contains(whole[i].Err.Error(), c.err)) {
			t.Fatalf("%s: loaded whole: %v, want %q", c.name, whole[i].Err, c.err)
		}
	}
	pipeline.WithSmallLimits(t)
	for i, c := range cases {
		db := openTemp(t)
		res := load(t, db, filepath.Join(dir, c.name+".csv"))[0]
		n := rowsOf(t, db.SQL, "select count(*) from raw_answers")[0]
		if res.String() != whole[i].String() {
			t.Errorf("%s streamed: %s\n   whole: %s", c.name, res, whole[i])
		}
		if want := map[bool]string{true: "50002", false: "0"}[c.err == ""]; n != want {
			t.Errorf("%s: %s answers written, want %s", c.name, n, want)
		}
	}
}
