package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"cohesion/pipeline"
)

// TestLockHolder is the child of TestBusyDatabaseMessages: it holds the database open for
// writing, as a load does, until it is killed.
func TestLockHolder(t *testing.T) {
	path := os.Getenv("COHESION_LOCK_DB")
	if path == "" {
		t.Skip("run by TestBusyDatabaseMessages")
	}
	db, err := pipeline.Open(context.Background(), path, pipeline.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	os.Stdout.WriteString("holding\n")
	select {}
}

// TestBusyDatabaseMessages: while another process writes the database, a command that only
// reads is told to try again when the write has finished, and a second writer that only one
// load or run can write at a time.
func TestBusyDatabaseMessages(t *testing.T) {
	if os.Getenv("COHESION_LOCK_DB") != "" {
		return
	}
	db := builtDB(t)
	holder := exec.Command(os.Args[0], "-test.run=^TestLockHolder$", "-test.count=1")
	holder.Env = append(os.Environ(), "COHESION_LOCK_DB="+db)
	out, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Process.Kill(); holder.Wait() })
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "holding\n" {
		t.Fatalf("the holder did not open the database: %q", line)
	}
	_, _, reader := cli(t, "query", "--db", db, "--sql", "select 1")
	if !strings.Contains(reader, "is being written by a load or run; try again when it has finished") {
		t.Errorf("a reader was told %q", reader)
	}
	_, _, writer := cli(t, "run", "--db", db)
	if !strings.Contains(writer, "(only one load or run at a time)") {
		t.Errorf("a second writer was told %q", writer)
	}
}
