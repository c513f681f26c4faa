// Command benchmark measures cohesion end to end on a generated program: wall time and peak
// memory of load, run and report, each as its own process as a user would run them.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"cohesion/pipeline/demo"
)

func main() {
	bin := flag.String("bin", "bin/cohesion", "the cohesion binary to measure")
	cohorts := flag.Int("cohorts", 2000, "cohorts in the generated program")
	seed := flag.Int64("seed", 1, "generator seed")
	keep := flag.String("dir", "", "work folder to keep (default: a temporary one, removed after)")
	flag.Parse()
	if err := run(*bin, *cohorts, *seed, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "benchmark:", err)
		os.Exit(1)
	}
}

func run(bin string, cohorts int, seed int64, dir string) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	if dir == "" {
		if dir, err = os.MkdirTemp("", "cohesion-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	program := filepath.Join(dir, "program")
	start := time.Now()
	truth, err := demo.Generate(program, demo.Config{Seed: seed, Cohorts: cohorts})
	if err != nil {
		return err
	}
	fmt.Printf("generated %d cohorts: %d files, %d attendance rows planted, in %.1fs\n",
		cohorts, truth.Files, len(truth.Attendance), time.Since(start).Seconds())
	db := filepath.Join(dir, "bench.duckdb")
	report := filepath.Join(dir, "report.html")
	stages := []struct {
		name string
		args []string
	}{
		{"load", []string{"load", "--db", db, "--quiet", program}},
		{"run", []string{"run", "--db", db}},
		{"report", []string{"report", "cohort", truth.Retention[0].Cohort, "--db", db, "--out", report}},
	}
	fmt.Printf("%-8s %10s %14s\n", "stage", "wall", "peak memory")
	for _, s := range stages {
		wall, rss, out, err := measure(bin, s.args)
		if err != nil {
			return fmt.Errorf("%s: %v\n%s", s.name, err, out)
		}
		fmt.Printf("%-8s %9.2fs %11.0f MB\n", s.name, wall.Seconds(), float64(rss)/1024)
		if s.name == "load" {
			for _, line := range strings.Split(out, "\n") {
				if strings.Contains(line, "files loaded") {
					fmt.Printf("         %s\n", line)
				}
			}
		}
	}
	return nil
}

// measure runs the binary and returns its wall time and peak resident memory in KiB.
func measure(bin string, args []string) (time.Duration, int64, string, error) {
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	return wall, rss, out.String(), err
}
