package pipeline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestZoomRoleSuffixMarksHost: a host who joins under a name of their own, with no email, is
// marked by the role Zoom appends to the name ("(Host)", or the account language's), so they are
// the facilitator's side, not a stranger listed as unmatched. A co-host's suffix is dropped from
// the name but marks no host: a co-facilitator is the roster's to say.
func TestZoomRoleSuffixMarksHost(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../testdata/program-small")); err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(dir, "zoom", "participants_81234567890_1.csv")
	data, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	row := "Alice Smith,alice@example.org,03/03/2026 05:59:01 PM,03/03/2026 07:30:00 PM,91,No,,No,\r\n"
	if !strings.Contains(string(data), row) {
		t.Fatal("fixture changed")
	}
	cohosts := "Sam Okoro (Co-host),,03/03/2026 05:58:30 PM,03/03/2026 07:31:00 PM,93,No,,No,\r\n" +
		"Lucía Varela (Anfitrión),,03/03/2026 05:58:40 PM,03/03/2026 07:31:00 PM,93,No,,No,\r\n"
	data = []byte(strings.Replace(string(data), row, row+cohosts, 1))
	data = []byte(strings.Replace(string(data), "host@practice.example,93,7,", "host@practice.example,93,9,", 1))
	if err := os.WriteFile(export, data, 0o644); err != nil {
		t.Fatal(err)
	}
	db := openTemp(t)
	for _, r := range load(t, db, dir) {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
	}
	build(t, db)
	equalRows(t, "host rows", rowsOf(t, db.SQL, `select name, is_host from raw_presence where name in ('Sam Okoro', 'Lucía Varela') order by name`),
		[]string{"Lucía Varela|true", "Sam Okoro|false"})
	equalRows(t, "unmatched", rowsOf(t, db.SQL, `select name from unmatched_names where name in ('Sam Okoro', 'Lucía Varela')`),
		[]string{"Sam Okoro"})
}
