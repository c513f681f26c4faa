// Command benchmark measures cohesion end to end on a generated program: wall time and peak
// memory of load, run and report, each as its own process as a user would run them.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"

	"cohesion/pipeline/demo"
)

func main() {
	bin := flag.String("bin", "bin/cohesion", "the cohesion binary to measure")
	cohorts := flag.String("cohorts", "2000", "cohorts in the generated program; several, comma-separated, measure each size in turn")
	seed := flag.Int64("seed", 1, "generator seed")
	keep := flag.String("dir", "", "work folder to keep (default: a temporary one, removed after)")
	runs := flag.Int("runs", 3, "runs of each Zoom-only measurement (the median is reported)")
	zoomFiles := flag.Int("zoom-files", 10000, "also load just this many Zoom exports (with schedule and roster), against DuckDB's read_csv over the same files")
	longMB := flag.Int("long-form-mb", 0, "also load one long form of answers of this many MB (streamed: peak memory should not grow with it)")
	wideMB := flag.Int("wide-form-mb", 0, "also load one Google Forms export of this many MB (streamed too)")
	qualtricsMB := flag.Int("qualtrics-mb", 0, "also load one Qualtrics export of this many MB (streamed too)")
	msMB := flag.Int("msforms-mb", 0, "also load one Microsoft Forms workbook whose sheet is about this many MB unzipped (read row by row; at most 64)")
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
	var sizes []int
	for _, c := range strings.Split(*cohorts, ",") {
		if *cohorts == "" {
			break // only the large files
		}
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "benchmark: --cohorts %q: want whole numbers above 0\n", *cohorts)
			os.Exit(2)
		}
		sizes = append(sizes, n)
	}
	var weeks []weekResult
	for i, n := range sizes {
		files := 0
		if i == len(sizes)-1 {
			files = *zoomFiles // the Zoom-only load once, after the last size
		}
		dir := *keep
		if dir != "" && len(sizes) > 1 {
			dir = filepath.Join(dir, strconv.Itoa(n))
		}
		w, err := run(*bin, n, *seed, dir, files, *runs)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchmark:", err)
			os.Exit(1)
		}
		weeks = append(weeks, w)
		fmt.Println()
	}
	for _, large := range []struct {
		kind string
		mb   int
	}{{"long form", *longMB}, {"Google Forms export", *wideMB}, {"Qualtrics export", *qualtricsMB}, {"Microsoft Forms workbook", *msMB}} {
		if large.mb <= 0 {
			continue
		}
		if err := benchLargeFile(*bin, *keep, large.kind, large.mb); err != nil {
			fmt.Fprintln(os.Stderr, "benchmark:", err)
			os.Exit(1)
		}
	}
	if len(weeks) > 1 {
		fmt.Printf("the week against the smallest database (%d cohorts):\n", weeks[0].cohorts)
		for _, w := range weeks[1:] {
			fmt.Printf("  %5d cohorts: %.2fs, %.1f x\n", w.cohorts, w.total.Seconds(), w.total.Seconds()/weeks[0].total.Seconds())
		}
	}
}

// weekResult is the facilitator's week on one size of database: the new export and check-in
// loaded, the models run, the cohort's report written.
type weekResult struct {
	cohorts int
	total   time.Duration
}

func run(bin string, cohorts int, seed int64, dir string, zoomFiles, runs int) (weekResult, error) {
	week := weekResult{cohorts: cohorts}
	err := measureProgram(bin, cohorts, seed, dir, zoomFiles, runs, &week)
	return week, err
}

// measureProgram generates a program of the given size and times load, run and report on it,
// then the week on top (into week), then the Zoom-only load when zoomFiles is above 0.
func measureProgram(bin string, cohorts int, seed int64, dir string, zoomFiles, runs int, week *weekResult) error {
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
	// The week: the last session's Zoom export of one cohort and its check-in file (downloaded
	// again, now with that session) are held back from the history and loaded after it.
	weekDir := filepath.Join(dir, "week")
	cohort, err := holdBackWeek(program, weekDir)
	if err != nil {
		return err
	}
	db := filepath.Join(dir, "bench.duckdb")
	report := filepath.Join(dir, "report.html")
	stages := []struct {
		name string
		args []string
	}{
		{"load", []string{"load", "--db", db, "--quiet", program}},
		{"run", []string{"run", "--db", db}},
		{"report", []string{"report", "cohort", cohort, "--db", db, "--out", report}},
		{"week: load", []string{"load", "--db", db, "--quiet", weekDir}},
		{"week: run", []string{"run", "--db", db}},
		{"week: report", []string{"report", "cohort", cohort, "--db", db, "--out", report}},
	}
	fmt.Printf("%-14s %10s %14s\n", "stage", "wall", "peak memory")
	var weekPeak int64
	for _, s := range stages {
		wall, rss, out, err := measure(bin, s.args)
		if err != nil {
			return fmt.Errorf("%s: %v\n%s", s.name, err, out)
		}
		fmt.Printf("%-14s %9.2fs %11.0f MB\n", s.name, wall.Seconds(), float64(rss)/1024)
		if strings.HasPrefix(s.name, "week") {
			week.total += wall
			weekPeak = max(weekPeak, rss)
		}
		if s.name == "week: run" {
			for _, line := range strings.Split(out, "\n") {
				if strings.Contains(line, "models built") {
					fmt.Printf("         %s\n", line)
				}
			}
		}
		if s.name == "load" {
			for _, line := range strings.Split(out, "\n") {
				if strings.Contains(line, "files loaded") {
					fmt.Printf("         %s\n", line)
				}
			}
		}
	}
	fmt.Printf("%-14s %9.2fs %11.0f MB  (%s: one Zoom export and its check-in, run, report)\n", "the week", week.total.Seconds(), float64(weekPeak)/1024, cohort)
	if zoomFiles > 0 {
		return benchZoom(bin, dir, program, zoomFiles, max(runs, 1))
	}
	return nil
}

// holdBackWeek moves the last Zoom export (by name) of the first cohort that has a check-in
// file, and that check-in file, from program into weekDir, and returns the cohort.
func holdBackWeek(program, weekDir string) (string, error) {
	checkins, err := filepath.Glob(filepath.Join(program, "checkins", "*.csv"))
	if err != nil {
		return "", err
	}
	for _, c := range checkins {
		cohort := strings.TrimSuffix(filepath.Base(c), ".csv")
		exports, err := filepath.Glob(filepath.Join(program, "zoom", cohort+"_s*.csv"))
		if err != nil || len(exports) == 0 {
			continue
		}
		// by length, then by name: _s10 comes after _s9
		slices.SortFunc(exports, func(a, b string) int {
			if len(a) != len(b) {
				return len(a) - len(b)
			}
			return strings.Compare(a, b)
		})
		last := exports[len(exports)-1]
		if err := os.MkdirAll(weekDir, 0o755); err != nil {
			return "", err
		}
		for _, f := range []string{c, last} {
			if err := os.Rename(f, filepath.Join(weekDir, filepath.Base(f))); err != nil {
				return "", err
			}
		}
		return cohort, nil
	}
	return "", fmt.Errorf("no cohort in %s has a check-in file and a Zoom export", program)
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

// benchLargeFile writes one file of kind of about mb megabytes (a long form, a Google Forms or
// Qualtrics export of members of eight-session cohorts, or a Microsoft Forms workbook) and
// loads it into a new database: its time and peak memory, which streaming keeps within the
// same budget for any size.
func benchLargeFile(bin, keep, kind string, mb int) error {
	dir := keep
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "cohesion-large-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	write, rowsName := writeLongForm, "rows"
	switch kind {
	case "Google Forms export":
		write, rowsName = writeGoogleForms, "responses"
	case "Qualtrics export":
		write, rowsName = writeQualtrics, "responses"
	}
	path := filepath.Join(dir, strings.ReplaceAll(kind, " ", "-")+".csv")
	var rows int
	var size int64
	if kind == "Microsoft Forms workbook" {
		path, rowsName = strings.TrimSuffix(path, ".csv")+".xlsx", "responses"
		var err error
		if rows, size, err = writeMSForms(path, int64(mb)<<20); err != nil {
			return err
		}
	} else {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		rows, size = write(w, int64(mb)<<20)
		if err := w.Flush(); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	db := filepath.Join(dir, "large.duckdb")
	os.Remove(db)
	wall, rss, out, err := measure(bin, []string{"load", "-q", "--db", db, path})
	if err != nil {
		return fmt.Errorf("load %s: %v\n%s", path, err, out)
	}
	fmt.Printf("\none %s of %d MB (%d %s): load %.1fs, peak %d MB\n", kind, size>>20, rows, rowsName, wall.Seconds(), rss>>10)
	return nil
}

// writeLongForm writes a long form of answers of about size bytes: 8-session cohorts, 15
// items each.
func writeLongForm(w *bufio.Writer, size int64) (rows int, written int64) {
	w.WriteString("email,cohort,session,instrument,item,value\n")
	for member := 1; written < size; member++ {
		for session := 1; session <= 8; session++ {
			for item := 1; item <= 15; item++ {
				n, _ := fmt.Fprintf(w, "member%d@example.org,cohort-%05d,%d,gcq,gcq_%d,%d\n", member, member/8, session, item, (member*7+session*3+item)%7)
				written += int64(n)
				rows++
			}
		}
	}
	return rows, written
}

// writeGoogleForms writes a Google Forms check-in export of about size bytes, as the form's
// own download writes one: quoted fields, CRLF, times with their GMT offset, a grid of twelve
// climate items, a free-text answer on some responses.
func writeGoogleForms(w *bufio.Writer, size int64) (rows int, written int64) {
	labels := []string{"0 - Not at all", "1 - A little bit", "2 - Somewhat", "3 - Moderately", "4 - Quite a bit", "5 - A great deal"}
	head := `"Timestamp","Email Address","Cohort","Session","How connected do you feel to the group right now? (0-10)"`
	for i := 1; i <= 12; i++ {
		head += fmt.Sprintf(`,"Group Climate [GCQ_%d]"`, i)
	}
	n, _ := w.WriteString(head + `,"Anything you'd like the facilitator to know?"` + "\r\n")
	written = int64(n)
	start := time.Date(2026, 1, 5, 19, 0, 0, 0, time.UTC)
	for member := 1; written < size; member++ {
		for session := 1; session <= 8; session++ {
			at := start.Add(time.Duration(member/8)*time.Hour + time.Duration(session*7*24)*time.Hour + time.Duration(member%8)*time.Minute)
			var b strings.Builder
			fmt.Fprintf(&b, `"%s GMT-5","member%d@example.org","cohort-%05d","%d","%d"`, at.Format("2006/01/02 3:04:05 PM"), member, member/8, session, (member+session)%11)
			for item := 1; item <= 12; item++ {
				fmt.Fprintf(&b, `,"%s"`, labels[(member*7+session*3+item)%6])
			}
			if member%5 == 0 {
				b.WriteString(`,"A good week, thanks ""everyone""."`)
			} else {
				b.WriteString(`,""`)
			}
			n, _ := w.WriteString(b.String() + "\r\n")
			written += int64(n)
			rows++
		}
	}
	return rows, written
}

// writeQualtrics writes a Qualtrics check-in export of about size bytes as its CSV download
// lays it out: the three header rows (column names, question texts, import IDs with the time
// zone), then a response per line with Qualtrics' metadata, a 0-10 connection score, twelve
// climate items as labels, a free-text answer on some, and the cohort and session embedded data.
func writeQualtrics(w *bufio.Writer, size int64) (rows int, written int64) {
	meta := []struct{ name, text, id string }{
		{"StartDate", "Start Date", `{""ImportId"":""startDate"",""timeZone"":""America/Denver""}`},
		{"EndDate", "End Date", `{""ImportId"":""endDate"",""timeZone"":""America/Denver""}`},
		{"Status", "Response Type", `{""ImportId"":""status""}`},
		{"IPAddress", "IP Address", `{""ImportId"":""ipAddress""}`},
		{"Progress", "Progress", `{""ImportId"":""progress""}`},
		{"Duration (in seconds)", "Duration (in seconds)", `{""ImportId"":""duration""}`},
		{"Finished", "Finished", `{""ImportId"":""finished""}`},
		{"RecordedDate", "Recorded Date", `{""ImportId"":""recordedDate"",""timeZone"":""America/Denver""}`},
		{"ResponseId", "Response ID", `{""ImportId"":""_recordId""}`},
		{"RecipientEmail", "Recipient Email", `{""ImportId"":""recipientEmail""}`},
		{"DistributionChannel", "Distribution Channel", `{""ImportId"":""distributionChannel""}`},
		{"UserLanguage", "User Language", `{""ImportId"":""userLanguage""}`},
		{"Q1", "How connected do you feel to the group right now? (0-10)", `{""ImportId"":""QID1""}`},
	}
	climate := "Thinking about today's session, how well does each statement describe the group? - Statement "
	for i := 1; i <= 12; i++ {
		meta = append(meta, struct{ name, text, id string }{fmt.Sprintf("GCQ_%d", i), fmt.Sprintf("%s%d", climate, i), fmt.Sprintf(`{""ImportId"":""QID2_%d""}`, i)})
	}
	meta = append(meta,
		struct{ name, text, id string }{"Q5", "Anything you'd like the facilitator to know?\nOnly your facilitator sees this.", `{""ImportId"":""QID5_TEXT""}`},
		struct{ name, text, id string }{"cohort", "cohort", `{""ImportId"":""cohort""}`},
		struct{ name, text, id string }{"session", "session", `{""ImportId"":""session""}`})
	var names, texts, ids []string
	for _, m := range meta {
		names = append(names, m.name)
		texts = append(texts, `"`+m.text+`"`)
		ids = append(ids, `"`+m.id+`"`)
	}
	n, _ := w.WriteString("\ufeff" + strings.Join(names, ",") + "\r\n" + strings.Join(texts, ",") + "\r\n" + strings.Join(ids, ",") + "\r\n")
	written = int64(n)
	labels := []string{"Not at all", "A little bit", "Somewhat", "Moderately", "Quite a bit", "Extremely"}
	start := time.Date(2026, 1, 5, 19, 0, 0, 0, time.UTC)
	for member := 1; written < size; member++ {
		for session := 1; session <= 8; session++ {
			at := start.Add(time.Duration(member/8)*time.Hour + time.Duration(session*7*24)*time.Hour + time.Duration(member%8)*time.Minute)
			var b strings.Builder
			fmt.Fprintf(&b, "%s,%s,IP Address,203.0.113.%d,100,%d,True,%s,R_%015d,member%d@example.org,email,EN,%d",
				at.Format(time.DateTime), at.Add(5*time.Minute).Format(time.DateTime), member%250, 300+member%60,
				at.Add(5*time.Minute+time.Second).Format(time.DateTime), rows, member, (member+session)%11)
			for item := 1; item <= 12; item++ {
				b.WriteString("," + labels[(member*7+session*3+item)%6])
			}
			if member%5 == 0 {
				b.WriteString(`,"A good week, thanks ""everyone""."`)
			} else {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, ",cohort-%05d,%d\r\n", member/8, session)
			n, _ := w.WriteString(b.String())
			written += int64(n)
			rows++
		}
	}
	return rows, written
}

// writeMSForms writes a Microsoft Forms check-in workbook whose sheet is about size bytes
// unzipped, as the form's download lays it out: ID, start and completion times as Excel dates,
// email, name, a 0-10 connection score, twelve climate items and a free-text answer on some.
// It returns the responses and the sheet's unzipped size.
func writeMSForms(path string, size int64) (rows int, sheet int64, err error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return 0, 0, err
	}
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("m/d/yy h:mm:ss")})
	if err != nil {
		return 0, 0, err
	}
	head := []any{"ID", "Start time", "Completion time", "Email", "Name", "Cohort", "Session", "How connected do you feel to the group right now? (0-10)"}
	for i := 1; i <= 12; i++ {
		head = append(head, fmt.Sprintf("Group Climate GCQ_%d", i))
	}
	head = append(head, "Anything you'd like the facilitator to know?")
	if err := sw.SetRow("A1", head); err != nil {
		return 0, 0, err
	}
	start := time.Date(2026, 1, 5, 19, 0, 0, 0, time.UTC)
	// About 900 bytes of sheet XML a response, measured on this layout.
	for member := 1; int64(rows)*900 < size; member++ {
		for session := 1; session <= 8; session++ {
			at := start.Add(time.Duration(member/8)*time.Hour + time.Duration(session*7*24)*time.Hour + time.Duration(member%8)*time.Minute)
			row := []any{rows + 1, excelize.Cell{StyleID: date, Value: at.Add(-3 * time.Minute)}, excelize.Cell{StyleID: date, Value: at},
				fmt.Sprintf("member%d@example.org", member), fmt.Sprintf("Member %d", member), fmt.Sprintf("cohort-%05d", member/8), session, (member + session) % 11}
			for item := 1; item <= 12; item++ {
				row = append(row, (member*7+session*3+item)%6)
			}
			if member%5 == 0 {
				row = append(row, "A good week, thanks everyone.")
			}
			cell, _ := excelize.CoordinatesToCellName(1, rows+2)
			if err := sw.SetRow(cell, row); err != nil {
				return 0, 0, err
			}
			rows++
		}
	}
	if err := sw.Flush(); err != nil {
		return 0, 0, err
	}
	if err := f.SaveAs(path); err != nil {
		return 0, 0, err
	}
	z, err := zip.OpenReader(path)
	if err != nil {
		return 0, 0, err
	}
	defer z.Close()
	for _, e := range z.File {
		if strings.HasPrefix(e.Name, "xl/worksheets/") {
			sheet += int64(e.UncompressedSize64)
		}
	}
	return rows, sheet, nil
}

func ptr[T any](v T) *T { return &v }

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
			null_padding = true, ignore_errors = true, strict_mode = false, union_by_name = true, filename = true)`, glob)
		if err == nil {
			err = db.QueryRow(`select count(*) from zoom`).Scan(&n)
		}
	} else {
		err = db.QueryRow(`select count(*) from read_csv(?, header = false, all_varchar = true,
			null_padding = true, ignore_errors = true, strict_mode = false, filename = true)`, glob).Scan(&n)
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
