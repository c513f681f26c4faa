// Package filetest holds the checks every export parser's tests make in the same way: reading
// its fixtures, the error a broken file must give, and the promises a fuzzed parse keeps. Only
// tests import it.
package filetest

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cohesion/pipeline/exportfile"
)

// Fixture reads the fixture name in dir.
func Fixture(t testing.TB, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// File is a fixture: its name and bytes.
type File struct {
	Name string
	Data []byte
}

// Fixtures reads every file in dir (not folders) whose name ends in one of suffixes, or every
// file when none are given, in name order.
func Fixtures(t testing.TB, dir string, suffixes ...string) []File {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []File
	for _, e := range entries {
		if e.IsDir() || len(suffixes) > 0 && !hasSuffix(e.Name(), suffixes) {
			continue
		}
		files = append(files, File{e.Name(), Fixture(t, dir, e.Name())})
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	return files
}

func hasSuffix(name string, suffixes []string) bool {
	for _, s := range suffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// WantParseError checks that a parse failed as a broken file must: with a *ParseError at line
// and column, of kind, saying exactly msg.
func WantParseError(t *testing.T, err error, line, col int, kind error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("parse succeeded, want error %q", msg)
	}
	var pe *exportfile.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %T %v, want *ParseError", err, err)
	}
	if pe.Line != line || pe.Column != col {
		t.Errorf("at line %d column %d, want line %d column %d", pe.Line, pe.Column, line, col)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %v is not %v", err, kind)
	}
	if err.Error() != msg {
		t.Errorf("message\n got %s\nwant %s", err, msg)
	}
}

// Failed reports whether a fuzzed parse failed; a failure must be a *ParseError at a line from
// minLine on and a column of 0 or more.
func Failed(t *testing.T, err error, minLine int) bool {
	t.Helper()
	if err == nil {
		return false
	}
	var pe *exportfile.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %T %v is not a *ParseError", err, err)
	}
	if pe.Line < minLine || pe.Column < 0 {
		t.Fatalf("error at line %d column %d: %v", pe.Line, pe.Column, err)
	}
	return true
}

// DetectAgrees checks that a file a parser accepted is also detected as its format: the loader
// picks the parser by Detect (which looks at a bounded prefix only, so only short files count).
func DetectAgrees(t *testing.T, data []byte, detect func([]byte) bool) {
	t.Helper()
	if len(data) < 8<<10 && !detect(data) {
		t.Fatalf("the parser accepted a file Detect rejects")
	}
}

// Detects checks that detect says want of every fixture in each of dirs (the files ending in
// one of suffixes, or all of them).
func Detects(t *testing.T, detect func([]byte) bool, want bool, dirs []string, suffixes ...string) {
	t.Helper()
	for _, dir := range dirs {
		for _, f := range Fixtures(t, dir, suffixes...) {
			if detect(f.Data) != want {
				t.Errorf("Detect(%s) = %v, want %v", filepath.Join(dir, f.Name), !want, want)
			}
		}
	}
}

// BenchParse measures parse on data, with detect first as the loader does (nil: parse alone).
func BenchParse[T any](b *testing.B, data []byte, detect func([]byte) bool, parse func([]byte) (T, error)) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if detect != nil && !detect(data) {
			b.Fatal("not detected")
		}
		if _, err := parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// CSV reads the CSV file at path (a generated program's schedule or roster, say), rows of any
// width.
func CSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return records
}
