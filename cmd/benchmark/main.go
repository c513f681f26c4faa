// Command benchmark measures cohesion end to end on a generated program: wall time and peak
// memory of load, run and report, each as its own process as a user would run them.
package main

import (
	"bytes"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"cohesion/pipeline/demo"
)

func main() {
	bin := flag.String("bin", "bin/cohesion", "the cohesion binary to measure")
	cohorts := flag.Int("cohorts", 2000, "cohorts in the generated program")
	seed := flag.Int64("seed", 1, "generator seed")
	keep := flag.String("dir", "", "work folder to keep (default: a temporary one, removed after)")
	runs := flag.Int("runs", 3, "runs of each Zoom-only measurement (the median is reported)")
	zoomFiles := flag.Int("zoom-files", 10000, "also load just this many Zoom exports (with schedule and roster), against DuckDB's read_csv over the same files")
	readCSV := flag.String("read-csv", "", "internal: read this glob with DuckDB's read_csv and exit (run as a child, to measure it alone)")
	readMode := flag.String("read-mode", "count", "internal: with -read-csv, count (stream) or table (materialise)")
	flag.Parse()
	if *readCSV != "" {
		if err := duckdbReadCSV(*readCSV, *readMode); err != nil {
			fmt.Fprintln(os.Stderr, "benchmark:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*bin, *cohorts, *seed, *keep, *zoomFiles, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "benchmark:", err)
		os.Exit(1)
	}
}

func run(bin string, cohorts int, seed int64, dir string, zoomFiles, runs int) error {
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
	if zoomFiles > 0 {
		return benchZoom(bin, dir, program, zoomFiles, max(runs, 1))
	}
	return nil
}

// benchZoom loads the first n Zoom exports of the program (with its schedule and roster) into a
// new database, and reads the same files with DuckDB's own read_csv, for comparison.
func benchZoom(bin, dir, program string, n, runs int) error {
	only := filepath.Join(dir, "zoom-only")
	if err := os.MkdirAll(filepath.Join(only, "zoom"), 0o755); err != nil {
		return err
	}
	for _, f := range []string{"schedule.csv", "roster.csv"} {
		if err := copyFile(filepath.Join(program, f), filepath.Join(only, f)); err != nil {
			return err
		}
	}
	files, err := filepath.Glob(filepath.Join(program, "zoom", "*.csv"))
	if err != nil {
		return err
	}
	files = files[:min(n, len(files))]
	for _, f := range files {
		if err := copyFile(f, filepath.Join(only, "zoom", filepath.Base(f))); err != nil {
			return err
		}
	}
	fmt.Printf("\n%d Zoom exports alone (median of %d runs, taken in turns so both see the same machine; peak is the largest):\n", len(files), runs)
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var rows int
	load := func() (time.Duration, int64, error) {
		db := filepath.Join(dir, "zoom.duckdb")
		os.Remove(db)
		os.Remove(db + ".wal")
		wall, rss, out, err := measure(bin, []string{"load", "--db", db, "--quiet", only})
		if err != nil {
			return 0, 0, fmt.Errorf("load: %v\n%s", err, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "files loaded") {
				fmt.Sscanf(line, "%d files loaded (%d rows)", new(int), &rows)
			}
		}
		return wall, rss, nil
	}
	lines := map[string]string{}
	readCSV := func(mode string) func() (time.Duration, int64, error) {
		return func() (time.Duration, int64, error) {
			wall, rss, out, err := measure(self, []string{"-read-csv", filepath.Join(only, "zoom", "*.csv"), "-read-mode", mode})
			if err != nil {
				return 0, 0, fmt.Errorf("read_csv: %v\n%s", err, out)
			}
			lines[mode] = strings.TrimSpace(out)
			return wall, rss, nil
		}
	}
	var ours, count, table series
	for range runs {
		if err := ours.add(load); err != nil {
			return err
		}
		if err := count.add(readCSV("count")); err != nil {
			return err
		}
	}
	if err := table.add(readCSV("table")); err != nil { // 14 s and 1.4 GB a run: once
		return err
	}
	wall := ours.median()
	fmt.Printf("%-22s %9.2fs %11.0f MB  %7.0f files/s %9.0f rows/s  (runs: %s)\n", "cohesion load", wall.Seconds(), float64(ours.peak)/1024,
		float64(len(files))/wall.Seconds(), float64(rows)/wall.Seconds(), ours)
	fmt.Printf("%-22s %9.2fs %11.0f MB  (%s; runs: %s)\n", "read_csv glob, count", count.median().Seconds(), float64(count.peak)/1024, lines["count"], count)
	fmt.Printf("%-22s %9.2fs %11.0f MB  (%s; runs: %s)\n", "read_csv glob, table", table.median().Seconds(), float64(table.peak)/1024, lines["table"], table)
	return nil
}

// series is the wall times and the largest peak memory of repeated runs: one run on a shared
// machine can be off by a fifth either way, so the median is reported.
type series struct {
	walls []time.Duration
	peak  int64
}

func (s *series) add(f func() (time.Duration, int64, error)) error {
	wall, rss, err := f()
	if err != nil {
		return err
	}
	s.walls = append(s.walls, wall)
	s.peak = max(s.peak, rss)
	return nil
}

func (s series) median() time.Duration {
	sorted := slices.Clone(s.walls)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

func (s series) String() string {
	all := make([]string, len(s.walls))
	for i, w := range s.walls {
		all[i] = fmt.Sprintf("%.2f", w.Seconds())
	}
	return strings.Join(all, " ")
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// duckdbReadCSV reads every file of glob with DuckDB's CSV reader: the baseline a loader written
// in Go has to beat. mode "table" materialises the rows in a table, as a load keeps them (the
// exports differ in columns, so union_by_name); mode "count" only streams them through count(*).
func duckdbReadCSV(glob, mode string) error {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	var n int64
	if mode == "table" {
		_, err = db.Exec(`create table zoom as select * from read_csv(?, header = false, all_varchar = true,
			null_padding = true, ignore_errors = true, union_by_name = true, filename = true)`, glob)
		if err == nil {
			err = db.QueryRow(`select count(*) from zoom`).Scan(&n)
		}
	} else {
		err = db.QueryRow(`select count(*) from read_csv(?, header = false, all_varchar = true,
			null_padding = true, ignore_errors = true, filename = true)`, glob).Scan(&n)
	}
	fmt.Printf("%d lines", n)
	return err
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
