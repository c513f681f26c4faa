package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeList(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "mutations.txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadList: the text after "old: " and "new: " is kept as written, spaces and backslashes
// included, and CRLF line ends are read as LF.
func TestReadList(t *testing.T) {
	got, err := readList(writeList(t, "# comment\r\n\r\nname: tab\r\nfile: pipeline/export/format.go\r\n"+
		"old: \"=+-@\\t\\r\"\r\nnew:  \"=+-@\\r\"\r\n\r\n\r\nname: gone\nfile: a.sql\nold: x > 1\nnew:\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []mutation{
		{name: "tab", file: filepath.FromSlash("pipeline/export/format.go"), old: `"=+-@\t\r"`, new: ` "=+-@\r"`, line: 3},
		{name: "gone", file: "a.sql", old: "x > 1", new: "", line: 9},
	}
	if len(got) != len(want) {
		t.Fatalf("%d mutations, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("mutation %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestReadListErrors(t *testing.T) {
	for text, want := range map[string]string{
		"name: a\nfile: f\nold: x\n": `:1: entry lacks "new:"`,
		"name: a\nfile: f\nold: x\nnew: y\n\nname: a\nfile: f\nold: x\nnew: z": `:6: a second mutation named "a"`,
		"name: a\nfile: f\nold: x\nnew: x\n":                                   `:1: a changes nothing`,
		"name: a\nfile: f\nfile: g\n":                                          `:3: a second "file:" in one entry`,
		"name: a\nwhy: because\n":                                              `:2: unknown key "why"`,
		"name: a\nold:\n":                                                      `:2: empty "old:"`,
		"just text\n":                                                          `:1: want "key: value"`,
	} {
		_, err := readList(writeList(t, text))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to contain %q", text, err, want)
		}
	}
}
