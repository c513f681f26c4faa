package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"cohesion/pipeline/demo"
)

// TestLoadStopsWhenDiskFull loads a program onto a 6 MB file system: load stops at the first
// out-of-space error with one line saying so, instead of trying every file again one by one.
// It needs to mount a tmpfs (root on Linux) and skips where it cannot.
func TestLoadStopsWhenDiskFull(t *testing.T) {
	small := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=6M", "tmpfs", small).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small file system here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", small).Run() })
	program := filepath.Join(t.TempDir(), "program")
	if _, err := demo.Generate(program, demo.Config{Seed: 3, Cohorts: 60}); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(program, "truth.json"))
	code, stdout, stderr := cli(t, "load", "--db", filepath.Join(small, "c.duckdb"), "-q", program)
	if code == 0 {
		t.Fatalf("load onto a full disk succeeded:\n%s", stdout)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "the disk holding the database is full") {
		t.Errorf("want one line saying the disk is full, got %d:\n%s", len(lines), stderr)
	}
}
