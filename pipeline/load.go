// load.go is the loader: it walks the paths given to `cohesion load`, recognises each file's
// format from its content, parses it and writes its rows to the raw_* tables, each file all or
// nothing, recording the file in the load ledger (raw_files) by its sha256.
package pipeline

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"cohesion/pipeline/forms"
	"cohesion/pipeline/marks"
	"cohesion/pipeline/meet"
	"cohesion/pipeline/sheet"
	"cohesion/pipeline/teams"
	"cohesion/pipeline/zoom"
	"cohesion/queries"
)

// LoadOptions tune how files are read.
type LoadOptions struct {
	DefaultTZ string         // timezone for schedule rows without one
	DateOrder zoom.DateOrder // for exports whose dates are ambiguous
	Progress  io.Writer      // a line every few hundred files of a long load, when not nil
	// Key is the pseudonym key (COHESION_KEY) when several databases must agree; otherwise
	// the database's own key, generated on its first load, is used.
	Key string
}

// FileResult is what happened to one input file.
type FileResult struct {
	Path     string
	Format   string
	Rows     int
	Rejected int    // rows read but not counted (e.g. waiting room)
	Skipped  string // non-empty when the file was not loaded, with the reason
	Note     string // what the user should know about a loaded file (e.g. questions not mapped)
	// NotExport marks a file found in a folder that is no export cohesion reads (a document, an
	// image, an unrelated CSV, an empty file): skipped, and no failure of the load.
	NotExport bool
	Err       error // a parse or database error; nothing of the file was kept
}

// exportExtensions are the file endings a folder walk picks up; a file named on the command line
// is always tried.
var exportExtensions = map[string]bool{".csv": true, ".tsv": true, ".txt": true, ".xlsx": true}

// Load loads every file under paths. A broken file does not stop the others; its error is in
// its FileResult. The error return is for failures that concern the whole load.
//
// Each file is all or nothing: it is parsed completely before anything is written, and its
// rows and ledger entry are committed together. To keep a load of thousands of small exports
// fast, files that parsed cleanly are committed in batches (a DuckDB commit costs milliseconds);
// if a batch fails to write, it is rolled back and its files are written one by one, so one
// file's failure never takes another file's rows with it.
func (db *DB) Load(ctx context.Context, paths []string, opt LoadOptions) ([]FileResult, error) {
	files, walked, others, unreadable, err := collectFiles(paths)
	if err != nil {
		return nil, err
	}
	if err := db.initKey(ctx, opt.Key); err != nil {
		return nil, err
	}
	// The schedule and roster go first: attendance exports are placed in scheduled sessions
	// as they load, whatever order the files are named in. Reading the files to rank them
	// keeps the small ones in memory for the parse (one read per file, not two).
	inputs := make([]inputFile, len(files))
	var kept atomic.Int64
	inParallel(len(files), func(i int) { inputs[i] = readInput(files[i], &kept) })
	sort.SliceStable(inputs, func(i, j int) bool { return inputs[i].rank < inputs[j].rank })
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	defer func() { // after the checkpoint threshold is put back (deferred below)
		if db.streamRelease != nil {
			db.streamRelease()
			db.streamRelease = nil
		}
	}()
	restore, err := holdCheckpoints(ctx, conn)
	if err != nil {
		return nil, err
	}
	defer restore()
	known, err := loadedDigests(ctx, conn)
	if err != nil {
		return nil, err
	}
	results := make([]FileResult, len(inputs))
	start := time.Now()
	// Files are parsed on every core, up to parseAhead files ahead, and written in batches by a
	// writer of their own: a batch is gathered while the one before it is written, so neither
	// the parsers nor the writer wait for the other.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := db.startWriter(ctx, cancel, conn, results, inputs)
	parsedFiles := db.parseInOrder(ctx, inputs, opt)
	const progressEvery = 256
	var pending []pendingFile
	pendingRows := 0
	for i := range inputs {
		pf, ok := <-parsedFiles
		if err := ctx.Err(); err != nil || !ok {
			if werr := w.wait(); werr != nil {
				err = werr
			}
			return results[:i], err
		}
		res := &results[i]
		*res = pf.result
		switch {
		case res.Err != nil:
		case known[pf.digest] != "":
			res.Skipped = "already loaded (same content as " + known[pf.digest] + ")"
		default:
			known[pf.digest] = res.Path
			pf.notes = len(inputs) <= progressEvery
			pending = append(pending, pf)
			pendingRows += pf.parsed.rows
		}
		if res.Err != nil && walked[inputs[i].path] && errors.Is(res.Err, ErrNotExport) {
			// A document or unrelated file in a program folder is no failure of the load.
			res.Skipped, res.NotExport, res.Err = "not an export cohesion reads ("+res.Err.Error()+")", true, nil
		}
		last := i == len(inputs)-1
		if len(pending) > 0 && (last || len(pending) >= batchFiles || pendingRows >= batchRows) {
			// The batch's own slice goes to the writer; the next is gathered in a new one.
			w.write(pending, i+1)
			pending, pendingRows = nil, 0
		}
		switch {
		case opt.Progress == nil || len(inputs) <= progressEvery:
		case (i+1)%progressEvery == 0 || last:
			fmt.Fprintf(opt.Progress, "read %d/%d files (%.1fs)\n", i+1, len(inputs), time.Since(start).Seconds())
		}
	}
	if err := w.wait(); err != nil {
		return results, err
	}
	// What was parsed is garbage now: hand it back to the system while the database goes on
	// (writing its file, listing unmatched names), so the two do not add up to one peak.
	go debug.FreeOSMemory()
	for _, o := range others {
		results = append(results, FileResult{Path: ShownPath(o), Skipped: "not a file type cohesion reads", NotExport: true})
	}
	for _, path := range slices.Sorted(maps.Keys(unreadable)) {
		results = append(results, FileResult{Path: ShownPath(path), Err: fmt.Errorf("cannot read it, so none of its files were loaded: %w", readError(unreadable[path]))})
	}
	return results, nil
}

// holdCheckpoints stops DuckDB checkpointing on its own while a load writes: by default it writes
// the database file whenever the write-ahead log passes 16 MB, which at 100,000 files is every
// few batches, each slower than the last as the file grows. Every batch is still committed to the
// log, which a database opened after a crash replays, so a killed load keeps what it committed;
// the one checkpoint comes after the load (DB.Checkpoint, or closing the database). restore puts
// the threshold back as it was.
func holdCheckpoints(ctx context.Context, conn *sql.Conn) (restore func(), err error) {
	var threshold string
	if err := conn.QueryRowContext(ctx, `select current_setting('checkpoint_threshold')`).Scan(&threshold); err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `set global checkpoint_threshold = '1000TB'`); err != nil {
		return nil, err
	}
	return func() {
		conn.ExecContext(context.WithoutCancel(ctx), `set global checkpoint_threshold = '`+strings.ReplaceAll(threshold, "'", "''")+`'`)
	}, nil
}

// A batch is written when it holds batchFiles files or batchRows rows: each costs a commit and
// a placement check (a query planned over the placement models, some 0.2 s whatever the batch
// holds), and two are in memory at once, one written and one gathered. On 10,000 Zoom exports
// (117k rows), batches of 25,000 rows loaded in 4.3 s and 245 MB, of 50,000 in 3.6 s and 310 MB.
const batchFiles, batchRows = 5000, 50_000

// batchWriter writes the batches of a load, one at a time, on a goroutine of its own.
type batchWriter struct {
	batches chan writeJob
	done    chan struct{}
	err     error // the first error that stopped the load; set before done is closed
}

// writeJob is a batch of parsed files, and how many of the load's results were filled in when
// it was handed over.
type writeJob struct {
	files  []pendingFile
	filled int
}

// startWriter starts the writer of a load into conn. It writes each batch as writeBatch does,
// recording in results what happened to its files; an error that stops the load (a full disk,
// a cancelled load) cancels the load's context.
func (db *DB) startWriter(ctx context.Context, cancel context.CancelFunc, conn *sql.Conn, results []FileResult, inputs []inputFile) *batchWriter {
	// The results with each file's path: a file named twice (a folder and a file in it) is
	// told what its first loading did.
	samePath := make(map[string][]int, len(inputs))
	for i, in := range inputs {
		p := ShownPath(in.path)
		samePath[p] = append(samePath[p], i)
	}
	w := &batchWriter{batches: make(chan writeJob), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for job := range w.batches {
			if w.err != nil {
				continue // stopped: let the rest go
			}
			w.err = db.writeBatch(ctx, conn, job.files, fileResults{results[:job.filled], samePath})
			clear(job.files) // the rows are written: let them go
			if w.err != nil {
				cancel()
			}
		}
	}()
	return w
}

// write hands a batch to the writer, waiting while it writes the one before.
func (w *batchWriter) write(files []pendingFile, filled int) {
	select {
	case w.batches <- writeJob{files, filled}:
	case <-w.done:
	}
}

// wait lets the writer finish what it was handed and returns the error that stopped it.
func (w *batchWriter) wait() error {
	close(w.batches)
	<-w.done
	return w.err
}

// fileResults are the results of a load's files so far, with the indexes of each path.
type fileResults struct {
	all      []FileResult
	samePath map[string][]int
}

// update calls f on the result of every file so far that has the path of file.
func (r fileResults) update(file pendingFile, f func(*FileResult)) {
	for _, i := range r.samePath[file.result.Path] {
		if i < len(r.all) {
			f(&r.all[i])
		}
	}
}

// inputFile is a file to load, ranked for loading order, with its content when it was small
// enough to keep from the ranking read.
type inputFile struct {
	path string
	rank int
	data []byte
}

// keepBudget bounds the file contents kept between ranking and parsing; files over keepOne are
// never kept (they are read again when parsed, or streamed: keepOne is under streamAbove).
const keepBudget = 64 << 20

var keepOne int64 = 1 << 20 // a var for the tests, which stream small files

// readInput reads a file's head to rank it, and keeps its whole content when it is small and
// the budget allows. Unreadable files rank last; their error comes when they are parsed.
func readInput(path string, kept *atomic.Int64) inputFile {
	in := inputFile{path: path, rank: 2}
	data, whole, err := readFileOrHead(path, func(size int64) bool {
		return size <= keepOne && kept.Add(size) <= keepBudget
	})
	if err != nil {
		return in
	}
	if whole {
		in.data = data
	}
	head := data[:min(len(data), headSize)]
	if whole && sheet.IsWorkbook(data) {
		// A schedule or roster saved as a workbook goes first too: rank it by its sheet's text.
		if sh, err := sheet.Read(data); err == nil {
			text := sh.CSV(1)
			head = text[:min(len(text), headSize)]
		}
	}
	in.rank = facilitatorRank(head)
	return in
}

// headSize is how much of a file ranking looks at.
const headSize = 4096

// facilitatorRank ranks a file for loading order by its header: schedule, then roster and
// codebook, then everything else. A head without "cohort" or "instrument" anywhere (every
// vendor export) is ranked without reading it as CSV.
func facilitatorRank(head []byte) int {
	if !containsFold(head, "cohort") && !containsFold(head, "instrument") {
		return 2
	}
	cols := map[string]bool{}
	for _, c := range headerOf(head) {
		cols[c] = true
	}
	switch {
	case cols["cohort"] && cols["starts_at"]:
		return 0
	case cols["cohort"] && (cols["email"] || cols["name"]) && !cols["instrument"]:
		return 1
	case cols["column"] && cols["instrument"] && cols["item"]:
		return 1
	}
	return 2
}

// containsFold reports whether b contains the lower-case ASCII word w in any letter case.
func containsFold(b []byte, w string) bool {
	for i := 0; i+len(w) <= len(b); i++ {
		j := 0
		for j < len(w) && b[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

// pendingFile is a file that parsed cleanly and waits to be written.
type pendingFile struct {
	result FileResult
	notes  bool // work out what load tells of the file (it prints it for loads of a few hundred files)
	digest string
	source string // absolute path: a facilitator file loaded again from it is a new version
	parsed *parsed
}

// parseInOrder parses files on every core and passes them on in their order.
func (db *DB) parseInOrder(ctx context.Context, files []inputFile, opt LoadOptions) <-chan pendingFile {
	const parseAhead = 512
	out := make(chan pendingFile, 64)
	done := make([]chan pendingFile, len(files))
	for i := range done {
		done[i] = make(chan pendingFile, 1)
	}
	window := make(chan struct{}, parseAhead) // a slot per file parsed and not yet passed on
	jobs := make(chan int)
	go func() { // hand out files in order, never more than parseAhead ahead
		defer close(jobs)
		for i := range files {
			select {
			case window <- struct{}{}:
				jobs <- i
			case <-ctx.Done():
				return
			}
		}
	}()
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		go func() {
			for i := range jobs {
				done[i] <- db.parseFile(files[i], opt)
				files[i].data = nil // parsed: its bytes are no longer needed
			}
		}()
	}
	go func() { // pass results on in file order
		defer close(out)
		for i := range files {
			select {
			case pf := <-done[i]:
				select {
				case out <- pf:
				case <-ctx.Done():
					return
				}
				<-window
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// inParallel calls f(0) ... f(n-1) on every core.
func inParallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func (db *DB) parseFile(in inputFile, opt LoadOptions) pendingFile {
	path, data := in.path, in.data
	pf := pendingFile{result: FileResult{Path: ShownPath(path)}}
	if abs, err := filepath.Abs(path); err == nil {
		pf.source = ShownPath(abs)
	} else {
		pf.source = ShownPath(path)
	}
	var p *parsed
	var err error
	stream := ""
	if data == nil {
		stream = streamed(path)
	}
	switch {
	case stream != "":
		p, pf.digest, err = parseStreamed(path, stream)
	case data == nil:
		if data, err = readForParse(path); err != nil {
			break
		}
		fallthrough
	default:
		sum := sha256.Sum256(data)
		pf.digest = hex.EncodeToString(sum[:])
		p, err = db.parse(path, data, opt)
	}
	if err != nil {
		pf.result.Err = err
		return pf
	}
	pf.parsed = p
	pf.result.Format, pf.result.Rows, pf.result.Rejected, pf.result.Note = p.format, p.rows, p.rejected, p.note
	return pf
}

// loadedDigests maps the sha256 of every file already in the ledger to its path.
func loadedDigests(ctx context.Context, conn *sql.Conn) (map[string]string, error) {
	rows, err := conn.QueryContext(ctx, `select sha256, file || ', loaded ' || strftime(loaded_at, '%Y-%m-%d %H:%M') from raw_files`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	known := map[string]string{}
	for rows.Next() {
		var digest, desc string
		if err := rows.Scan(&digest, &desc); err != nil {
			return nil, err
		}
		known[digest] = desc
	}
	return known, rows.Err()
}

// String is the one line `load` prints for the file.
func (r FileResult) String() string {
	switch {
	case r.Err != nil:
		return fmt.Sprintf("FAILED  %s: %v", r.Path, r.Err)
	case r.Skipped != "":
		return fmt.Sprintf("skipped %s: %s", r.Path, r.Skipped)
	}
	line := fmt.Sprintf("loaded  %s (%s, %d %s)", r.Path, r.Format, r.Rows, Plural(r.Rows, "row", "rows"))
	if r.Rejected > 0 {
		line = fmt.Sprintf("loaded  %s (%s, %d %s, %d not counted)", r.Path, r.Format, r.Rows, Plural(r.Rows, "row", "rows"), r.Rejected)
	}
	if r.Note != "" {
		line += "\n        " + r.Note
	}
	return line
}

// collectFiles lists the files to load: each path named, and every file with an export's
// extension in the folders named (walked marks those). others are the folders' other files,
// which load names as skipped; unreadable are the folders (and files) inside them that could not
// be listed, each with its error: load names them as failed and loads the rest.
func collectFiles(paths []string) (files []string, walked map[string]bool, others []string, unreadable map[string]error, err error) {
	return collectFilesWith(paths, filepath.WalkDir)
}

// collectFilesWith is collectFiles with the folder walk given (a test makes one fail).
func collectFilesWith(paths []string, walk func(string, fs.WalkDirFunc) error) (files []string, walked map[string]bool, others []string, unreadable map[string]error, err error) {
	walked, unreadable = map[string]bool{}, map[string]error{}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, nil, nil, fmt.Errorf("%s: no such file or folder", p)
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		err = walk(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				// A folder that cannot be listed (permissions) costs only its own files.
				unreadable[path] = err
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			name := d.Name()
			if strings.HasPrefix(name, ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() && name == "node_modules" {
				return filepath.SkipDir
			}
			switch {
			case d.IsDir():
			case exportExtensions[strings.ToLower(filepath.Ext(name))]:
				files = append(files, path)
				walked[path] = true
			default:
				others = append(others, path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, nil, nil, err
		}
	}
	sort.Strings(files)
	sort.Strings(others)
	return files, walked, others, unreadable, nil
}

// parsed is a file turned into rows for the raw tables, before anything is written.
type parsed struct {
	format     string
	attendance bool     // an attendance export, to be placed in a scheduled session
	survey     bool     // a survey export, whose columns the models map to instrument items
	note       string   // for FileResult.Note
	written    []string // notes from writing it (placement, replaced versions); reset each attempt
	tables     []tableRows
	rows       int
	rejected   int
	meetings   int // an attendance export's meetings (a meeting list has several)
	// meetingFrom is where the last meeting's presence rows start in tables[1]
	meetingFrom int
	spare       []driver.Value // room for the next presence rows (addPresence)
}

type tableRows struct {
	table string
	rows  [][]driver.Value // without the leading file_id column
	// For the tables a file can fill with millions of rows (answers), gen makes row i as it is
	// appended (after the file_id dst holds), instead of rows holding them all: the parse's
	// own values are kept, not a second copy of every one boxed as a driver.Value.
	n   int
	gen func(i int, dst []driver.Value) []driver.Value
	// stream, for a file too large to hold (a long form of millions of answers), reads the file
	// again and hands each row to each as it is written; its error is the file's.
	stream func(each func(row []driver.Value) error) error
}

// each hands every row of t, after the file's ID, to f: its rows, then those gen makes, then
// those stream reads. The row is f's only until f returns.
func (t tableRows) each(fileID int32, f func(row []driver.Value) error) error {
	row := make([]driver.Value, 0, 16)
	for _, r := range t.rows {
		if err := f(append(append(row[:0], fileID), r...)); err != nil {
			return err
		}
	}
	for i := range t.n {
		if err := f(t.gen(i, append(row[:0], fileID))); err != nil {
			return err
		}
	}
	if t.stream == nil {
		return nil
	}
	return t.stream(func(r []driver.Value) error { return f(append(append(row[:0], fileID), r...)) })
}

// The vendor exports, in the order their detectors are asked (see formatOf).
var (
	binaryVendors = []vendorFormat{{"teams", teams.Detect}, {forms.VendorMSForms, forms.DetectMSForms}}
	textVendors   = []vendorFormat{{"zoom", zoom.Detect}, {"meet", meet.Detect}, {"marks", marks.Detect},
		{forms.VendorQualtrics, forms.DetectQualtrics}, {forms.VendorGoogleForms, forms.DetectGoogleForms}}
)

func (db *DB) parse(path string, data []byte, opt LoadOptions) (*parsed, error) {
	format, err := formatOf(data, binaryVendors, textVendors)
	if errors.Is(err, ErrNotExport) && sheet.IsWorkbook(data) {
		// An export opened in Excel and saved as a workbook: read it as the CSV it was.
		return db.parseWorkbook(path, data, opt)
	}
	if err != nil && hasUTF16BOM(data) {
		// UTF-16 that is no Teams report (a roster or a Zoom report saved as "Unicode text"):
		// read as the UTF-8 text it holds, line for line.
		text, derr := utf16Text(data)
		if derr != nil {
			return nil, derr
		}
		data = text
		format, err = formatOf(data, binaryVendors, textVendors)
	}
	if err != nil {
		return nil, err
	}
	p := &parsed{format: format}
	switch format {
	case "schedule":
		rows, err := ParseSchedule(data, opt.DefaultTZ, opt.DateOrder)
		if err != nil {
			return nil, err
		}
		t := tableRows{table: "raw_schedule"}
		for _, r := range rows {
			t.rows = append(t.rows, []driver.Value{int32(r.Line), r.Cohort, r.Program, int32(r.Session), r.StartsLocal,
				int32(r.Minutes), nullable(r.MeetingID), r.Timezone, nullable(r.Facilitator), nullable(FoldName(r.Facilitator))})
		}
		p.tables, p.rows = []tableRows{t}, len(rows)
	case "roster":
		rows, err := ParseRoster(data)
		if err != nil {
			return nil, err
		}
		t := tableRows{table: "raw_roster"}
		for _, r := range rows {
			keys := []string{}
			for _, n := range append([]string{r.Name}, r.Aliases...) {
				if k := FoldName(n); k != "" {
					keys = append(keys, k)
				}
			}
			t.rows = append(t.rows, []driver.Value{int32(r.Line), r.Cohort, r.Name, nullable(r.Email),
				nullable(strings.Join(r.Aliases, ";")), keys, ParticipantID(db.key, r.Email, r.Name), int32(r.FromSession), r.Role})
		}
		p.tables, p.rows = []tableRows{t}, len(rows)
	case "survey-long":
		rows, err := ParseResponses(data)
		if err != nil {
			return nil, err
		}
		t := tableRows{table: "raw_responses", n: len(rows), gen: func(i int, dst []driver.Value) []driver.Value {
			return responseValues(dst, &rows[i])
		}}
		p.tables, p.rows = []tableRows{t}, len(rows)
	case "zoom":
		// A meeting list with details holds several meetings: each is placed as its own export.
		reps, err := zoom.ParseAll(data, zoom.Options{DateOrder: opt.DateOrder})
		if err != nil {
			return nil, err
		}
		for i, rep := range reps {
			m := rep.Meeting
			p.addMeeting("zoom-"+string(rep.Layout), meetingRow{m.ID, m.Topic, m.Host, m.HostEmail, m.Start, m.End, rep.DateOrderGuessed})
			p.reserve(len(rep.Participants))
			for _, r := range rep.Participants {
				p.addPresence(presenceRow{r.Line, r.Name, r.OriginalName, r.Email, r.Join, r.Leave, r.Minutes, r.Guest, r.WaitingRoom, r.Host})
			}
			if err := p.checkComplete(m.Participants); err != nil {
				if len(reps) > 1 {
					err = fmt.Errorf("meeting %d of the list (%s, started %s): %w", i+1, m.ID, m.Start.Format("2006-01-02 15:04"), err)
				}
				return nil, err
			}
		}
	case "teams":
		rep, err := teams.Parse(data, teams.Options{DateOrder: teams.DateOrder(opt.DateOrder)})
		if err != nil {
			return nil, err
		}
		m := rep.Meeting
		// A Teams meeting ID is a thread ID, not the number a schedule holds: match by time and roster.
		p.setExport(rep.Layout, meetingRow{"", m.Title, "", "", m.Start, m.End, rep.DateOrderGuessed})
		p.reserve(len(rep.Participants))
		for _, r := range rep.Participants {
			if err := plausibleStay(r.Line, r.Join, r.Leave); err != nil {
				return nil, err
			}
			minutes := int(r.Leave.Sub(r.Join).Round(time.Minute) / time.Minute)
			p.addPresence(presenceRow{r.Line, r.Name, "", r.Email, r.Join, r.Leave, minutes, false, false, r.Organizer})
		}
		if err := p.checkComplete(0); err != nil {
			return nil, err
		}
	case "meet":
		rep, err := meet.Parse(data, filepath.Base(path))
		if err != nil {
			return nil, err
		}
		if rep.Date.IsZero() {
			return nil, errAt(0, 0, "a Google Meet report gives clock times only, and this file's name has no date: keep the name Meet gives it (\"YYYY-MM-DD HH-MM <title> - Attendance Report.csv\")")
		}
		// Meet's date comes from its file name, year first: never either way round.
		p.setExport("meet", meetingRow{"", rep.Title, "", "", rep.Start, time.Time{}, false})
		p.reserve(len(rep.Participants))
		for _, r := range rep.Participants {
			if err := plausibleStay(r.Line, r.Join, r.Leave); err != nil {
				return nil, err
			}
			p.addPresence(presenceRow{r.Line, r.Name, "", r.Email, r.Join, r.Leave, r.Minutes, false, false, false})
		}
		if err := p.checkComplete(0); err != nil {
			return nil, err
		}
	case "codebook":
		entries, err := forms.ParseCodebook(data)
		if err != nil {
			return nil, err
		}
		t := tableRows{table: "raw_codebook"}
		for _, e := range entries {
			t.rows = append(t.rows, []driver.Value{int32(e.Line), e.Column, e.Instrument, e.Item, nullable(formatLabels(e.Values))})
		}
		p.tables, p.rows = []tableRows{t}, len(entries)
	case forms.VendorMSForms:
		t, n, err := msFormsAnswers(data)
		if err != nil {
			return nil, err
		}
		p.tables, p.rows, p.survey = []tableRows{t}, n, true
	case forms.VendorGoogleForms, forms.VendorQualtrics:
		parseExport := map[string]func([]byte) (*forms.Export, error){
			forms.VendorGoogleForms: forms.ParseGoogleForms,
			forms.VendorQualtrics:   forms.ParseQualtrics,
		}[format]
		exp, err := parseExport(data)
		if err != nil {
			return nil, err
		}
		p.tables, p.rows, p.survey = []tableRows{surveyAnswers(exp)}, len(exp.Answers), true
	case "marks":
		rows, err := marks.Parse(data)
		if err != nil {
			return nil, err
		}
		t := tableRows{table: "raw_marks"}
		for _, r := range rows {
			t.rows = append(t.rows, []driver.Value{int32(r.Line), r.Cohort, int32(r.Session), nullable(NormEmail(r.Email)),
				nullable(r.Name), nullable(FoldName(r.Name)), r.Status, r.Raw})
		}
		p.tables, p.rows = []tableRows{t}, len(rows)
	default:
		return nil, fmt.Errorf("no loader for format %s", format)
	}
	return p, nil
}

// writeBatch writes files in one transaction. Attendance exports that fit no scheduled session
// are taken out and failed, and the rest written again; if writing fails for another reason,
// each file is written in its own transaction, so a failure is charged to its own file only.
func (db *DB) writeBatch(ctx context.Context, conn *sql.Conn, files []pendingFile, results fileResults) error {
	for len(files) > 0 {
		err := db.write(ctx, conn, files)
		var refused *refusedError
		switch {
		case err == nil:
			for _, f := range files { // what the write found out: placement, replaced versions
				results.update(f, func(r *FileResult) { r.Note = f.parsed.fullNote() })
			}
			return nil
		case outOfSpace(err):
			// Every later write would fail the same way: stop here, with one line.
			return fmt.Errorf("%w: %v", ErrDiskFull, err)
		case errors.As(err, &refused):
			kept := files[:0:0]
			for i, f := range files {
				if msg, ok := refused.files[i]; ok {
					db.fail(f, results, errors.New(msg))
				} else {
					kept = append(kept, f)
				}
			}
			files = kept
		case len(files) == 1:
			db.fail(files[0], results, fmt.Errorf("writing to the database: %w", err))
			return ctx.Err()
		default:
			for _, f := range files {
				if err := db.writeBatch(ctx, conn, []pendingFile{f}, results); err != nil {
					return err
				}
			}
			return ctx.Err()
		}
	}
	return ctx.Err()
}

// ErrDiskFull is a load stopped because the disk holding the database is full: the files
// written before it are kept, the batch it stopped in is not.
var ErrDiskFull = errors.New("the disk holding the database is full: load stopped (the files loaded so far are kept; free some space and load again, they are skipped)")

// outOfSpace tells an error of a full disk, as the operating system or DuckDB words it.
func outOfSpace(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"no space left on device", "disk is full", "disk full", "not enough space on the disk", "out of disk space"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// refusedError names the files of a batch (by index) that cannot be loaded with the others: an
// export that fits no scheduled session, or a facilitator file that contradicts one in force.
type refusedError struct{ files map[int]string }

func (e *refusedError) Error() string {
	return fmt.Sprintf("%d files refused", len(e.files))
}

// checkPlaced works out, over the uncommitted batch, where its attendance exports (file IDs from
// firstID on) are placed, and notes it for each. An export no scheduled session takes is kept
// all the same (placement is a model: a schedule loaded later places it, and until then
// unmatched_exports lists it); only one with no time at all to place it by is refused. The
// models are views, so each query is planned as a whole and its file_id filter keeps the work to
// the batch's own exports, however large the database.
func (db *DB) checkPlaced(ctx context.Context, conn *sql.Conn, firstID int32, files []pendingFile) error {
	models, _, err := ReadModels(queries.Models)
	if err != nil {
		return err
	}
	// The models of the exports are views, planned with the scoping below; those of the
	// schedule and roster alone are the same for every export and computed once, as tables.
	exportTables := []string{"raw_meetings", "raw_presence"}
	perExport, shared := splitByReads(Closure(models, "int_meeting_sessions"), exportTables)
	defer DropTemp(ctx, conn, perExport, TempViews)
	defer DropTemp(ctx, conn, shared, TempTables)
	// Of those, only the cohorts the batch's exports can be placed in (scopeCohorts), which
	// holds every session the notes below look at.
	unscopeCohorts, err := scopeCohorts(ctx, conn, firstID, false)
	if err != nil {
		return err
	}
	err = BuildTemp(ctx, conn, shared, DefaultSettings, TempTables)
	if uerr := unscopeCohorts(); err == nil {
		err = uerr
	}
	if err != nil {
		return err
	}
	if err := BuildTemp(ctx, conn, perExport, DefaultSettings, TempViews); err != nil {
		return err
	}
	// Where an export can go depends on its own rows, the schedule and the roster only: the
	// models see just the batch's exports while they are asked, however large the database.
	// Views are read when queried, so the notes below, which name the other exports of each
	// session, see them all again.
	unscope, err := scopeRaw(ctx, conn, exportTables, fmt.Sprintf("file_id >= %d", firstID))
	if err != nil {
		return err
	}
	unplaced := &refusedError{files: map[int]string{}}
	err = eachRow(ctx, conn, `select e.file_id, e.start_local, coalesce(e.meeting_id, ''), s.start_local
		from int_exports as e
		anti join (select file_id, meeting from int_export_candidates where file_id >= $1) as c using (file_id, meeting)
		left join (select file_id, meeting, start_local from int_export_readings where swapped and file_id >= $1) as s using (file_id, meeting)
		where e.file_id >= $1
		order by e.file_id, e.meeting`, []any{firstID}, func(rows *sql.Rows) error {
		var id int32
		var start, swappedStart sql.NullTime
		var meeting string
		if err := rows.Scan(&id, &start, &meeting, &swappedStart); err != nil {
			return err
		}
		i := int(id - firstID)
		if !start.Valid {
			unplaced.files[i] = "the export has no meeting start and no join times to place it in a session"
			return nil
		}
		msg := "fits no scheduled session yet: meeting started " + start.Time.Format("2006-01-02 15:04")
		if i >= 0 && i < len(files) && files[i].parsed.meetings > 1 {
			msg = "a meeting of the list " + msg
		}
		if swappedStart.Valid && !swappedStart.Time.Equal(start.Time) {
			msg += " (" + swappedStart.Time.Format("2006-01-02 15:04") + " if its dates are day-first: either order fits the file)"
		}
		if meeting != "" {
			msg += ", meeting ID " + meeting
		}
		msg += "; kept, and placed once schedule.csv has the session (check its meeting_id and starts_at)"
		if i >= 0 && i < len(files) {
			files[i].parsed.addNote(msg)
		}
		return nil
	})
	if err == nil && len(unplaced.files) == 0 && files[0].notes {
		err = noteFiles(ctx, conn, firstID)
	}
	if uerr := unscope(); err == nil {
		err = uerr
	}
	if err != nil {
		return err
	}
	if len(unplaced.files) > 0 {
		return unplaced
	}
	if !files[0].notes {
		return nil
	}
	// Where each export went, and the other exports of that session it is merged with: the
	// models see the batch's exports and those that could share a session with them.
	unscope, err = scopeRaw(ctx, conn, exportTables, "file_id in (select file_id from temp.note_files)")
	if err != nil {
		return err
	}
	defer func() {
		unscope()
		conn.ExecContext(context.WithoutCancel(ctx), "drop table if exists temp.note_files")
	}()
	return eachRow(ctx, conn, `
		with placed as (
			select m.file_id, m.meeting, m.cohort, m.session, m.dates_swapped, m.start_local
			from int_meeting_sessions as m where m.cohort is not null
		)
		select p.file_id, p.cohort, p.session, p.dates_swapped, p.start_local,
			coalesce(list_sort(list(distinct f.file) filter (where o.file_id is not null)), [])
		from placed as p
		left join placed as o on o.cohort = p.cohort and o.session = p.session and o.file_id <> p.file_id
		left join raw_files as f on f.file_id = o.file_id
		where p.file_id >= $1
		group by p.file_id, p.meeting, p.cohort, p.session, p.dates_swapped, p.start_local
		order by p.file_id, p.meeting`, []any{firstID}, func(rows *sql.Rows) error {
		var id int32
		var cohort string
		var session int
		var swapped bool
		var start sql.NullTime
		var others []any
		if err := rows.Scan(&id, &cohort, &session, &swapped, &start, &others); err != nil {
			return err
		}
		note := fmt.Sprintf("placed in %s session %d", cohort, session)
		if i := int(id - firstID); i >= 0 && i < len(files) && files[i].parsed.meetings > 1 && start.Valid {
			note = fmt.Sprintf("the meeting of %s: %s", start.Time.Format("2006-01-02 15:04"), note)
		}
		if swapped && start.Valid {
			// The file's dates read either way and only the day-first reading fits the schedule.
			note += fmt.Sprintf(", its dates read day-first (meeting started %s): only that order fits the schedule", start.Time.Format("2006-01-02 15:04"))
		}
		if len(others) > 0 {
			names := make([]string, len(others))
			for i, o := range others {
				names[i] = filepath.Base(fmt.Sprint(o))
			}
			shown := names[:min(len(names), 3)]
			note += fmt.Sprintf("; merged with %d other %s of it (%s", len(names), Plural(len(names), "export", "exports"), strings.Join(shown, ", "))
			if len(names) > 3 {
				note += ", ..."
			}
			note += "): every export of a session counts"
		}
		if i := int(id - firstID); i >= 0 && i < len(files) {
			files[i].parsed.addNote(note)
		}
		return nil
	})
}

// splitByReads splits models (in build order) into those that read one of tables, directly or
// through another model, and the others, each in build order.
func splitByReads(models []Model, tables []string) (reading, others []Model) {
	names := map[string]bool{}
	for _, t := range tables {
		names[t] = true
	}
	for _, m := range models {
		if Reads(m.SQL, names) {
			names[m.Name] = true
			reading = append(reading, m)
		} else {
			others = append(others, m)
		}
	}
	return reading, others
}

// noteFiles puts in temp.note_files, while the models see only the batch's exports (file IDs
// from firstID on), those exports and every earlier one that could be placed in one of the
// sessions they were placed in. An export is placed only by its start, as read or with day and
// month swapped (int_export_readings), falling in the session's window: an export none of whose
// times, either way round, falls on a day of those windows cannot share a session with the
// batch, and the note's placement of the others is that of the whole database (each export's
// placement depends on its own rows, the schedule and the roster alone).
func noteFiles(ctx context.Context, conn *sql.Conn, firstID int32) error {
	stored, err := storedPrefix(ctx, conn)
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `create or replace temp table note_files as
		with days as (
			select distinct unnest(generate_series(
				(s.starts_local - interval 90 minute)::date, s.ends_local::date, interval 1 day))::date as day
			from (select distinct cohort, session from int_meeting_sessions where file_id >= $1 and cohort is not null) as p
			join stg_schedule as s using (cohort, session)
		),
		either_way as (
			select day from days
			union
			-- a time t read day-first lands on d exactly when t as read is on d swapped
			select make_date(year(day), day(day), month(day)) from days where day(day) <= 12
		)
		select file_id from `+stored+`raw_meetings
		where file_id >= $1 or start_local::date in (select day from either_way)
		union
		select file_id from `+stored+`raw_presence
		where join_local::date in (select day from either_way)`, firstID)
	return err
}

func (db *DB) fail(f pendingFile, results fileResults, err error) {
	results.update(f, func(r *FileResult) {
		r.Err = err
		r.Rows, r.Rejected = 0, 0
	})
}

// write stores parsed files and their ledger rows in one transaction: a failure leaves the
// database exactly as it was. File IDs are taken from the ledger itself: only one process can
// write to the database at a time.
func (db *DB) write(ctx context.Context, conn *sql.Conn, files []pendingFile) (err error) {
	for _, f := range files {
		if f.parsed.streams() && db.streamRelease == nil {
			// Held until the load ends (Load releases it): its checkpoint writes these rows.
			db.streamed.Store(true)
			if db.streamRelease, err = db.limitMemory(ctx, conn); err != nil {
				return err
			}
			break
		}
	}
	if _, err = conn.ExecContext(ctx, "begin transaction"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "rollback")
		}
	}()
	var lastID int32
	if err = conn.QueryRowContext(ctx, `select coalesce(max(file_id), 0) from raw_files`).Scan(&lastID); err != nil {
		return err
	}
	firstID := lastID + 1
	now := time.Now()
	columnTypes := map[string][]string{}
	for _, f := range files {
		f.parsed.written = nil
		for _, t := range f.parsed.tables {
			if _, ok := columnTypes[t.table]; !ok && (t.stream != nil || t.n >= bulkFrom) {
				if columnTypes[t.table], err = tableColumnTypes(ctx, conn, t.table); err != nil {
					return err
				}
			}
		}
	}
	err = conn.Raw(func(dc any) error {
		appenders := map[string]*duckdb.Appender{}
		appender := func(table string) (*duckdb.Appender, error) {
			if a, ok := appenders[table]; ok {
				return a, nil
			}
			a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", table)
			appenders[table] = a
			return a, err
		}
		closeAll := func() error {
			var first error
			for table, a := range appenders {
				if a == nil {
					continue
				}
				if err := a.Close(); err != nil && first == nil {
					first = fmt.Errorf("%s: %w", table, err)
				}
			}
			return first
		}
		for _, f := range files {
			lastID++
			ledger, err := appender("raw_files")
			if err != nil {
				closeAll()
				return err
			}
			if err := ledger.AppendRow(lastID, f.result.Path, f.digest, f.parsed.format, int32(f.parsed.rows), int32(f.parsed.rejected), now, f.source, nil); err != nil {
				closeAll()
				return fmt.Errorf("raw_files: %w", err)
			}
			for _, t := range f.parsed.tables {
				if t.stream != nil || t.n >= bulkFrom {
					err := insertBulk(ctx, dc.(driver.Conn), t.table, columnTypes[t.table], func(f func([]driver.Value) error) error {
						return t.each(lastID, f)
					})
					if err != nil {
						closeAll()
						return err
					}
					continue
				}
				app, err := appender(t.table)
				if err != nil {
					closeAll()
					return err
				}
				err = t.each(lastID, func(row []driver.Value) error {
					if err := app.AppendRow(row...); err != nil {
						return fmt.Errorf("%s: %w", t.table, err)
					}
					return nil
				})
				if err != nil {
					closeAll()
					return err
				}
			}
		}
		return closeAll()
	})
	if err != nil {
		return err
	}
	if err = replaceVersions(ctx, conn, firstID, files); err != nil {
		return err
	}
	lastLong := int32(0) // the file ID of the batch's last long form, if it has one
	for i, f := range files {
		if f.parsed.format == "survey-long" {
			lastLong = firstID + int32(i)
		}
	}
	for _, f := range files {
		if versioned(f.parsed.format) {
			if err = checkConsistent(ctx, conn, firstID, lastLong); err != nil {
				return err
			}
			break
		}
	}
	for _, f := range files {
		if f.parsed.format == "codebook" {
			if err = checkCodebook(ctx, conn, firstID); err != nil {
				return err
			}
			break
		}
	}
	for _, f := range files {
		if f.parsed.attendance {
			if err = db.checkPlaced(ctx, conn, firstID, files); err != nil {
				return err
			}
			break
		}
	}
	for _, f := range files {
		if f.parsed.survey && f.notes {
			if err = noteUnmapped(ctx, conn, firstID, files); err != nil {
				return err
			}
			break
		}
	}
	_, err = conn.ExecContext(ctx, "commit")
	return err
}

// tableColumnTypes is the DuckDB type of each of table's columns, in order.
func tableColumnTypes(ctx context.Context, conn *sql.Conn, table string) ([]string, error) {
	var types []string
	err := eachRow(ctx, conn, `select data_type from duckdb_columns() where database_name = current_database() and schema_name = 'main' and table_name = $1 order by column_index`,
		[]any{table}, func(rows *sql.Rows) error {
			var t string
			types = append(types, t)
			return rows.Scan(&types[len(types)-1])
		})
	return types, err
}

// meetingRow is what an attendance export says about the meeting as a whole.
type meetingRow struct {
	id, topic, host, hostEmail string
	start, end                 time.Time
	// datesEitherWay: the export's dates were read month-first by default, and read the other
	// way round they are real dates too; the models let the schedule choose (int_exports).
	datesEitherWay bool
}

// presenceRow is one join/leave interval of any vendor's attendance export.
type presenceRow struct {
	line                  int
	name, original, email string
	join, leave           time.Time
	minutes               int
	guest, waitingRoom    bool
	host                  bool
}

// setExport makes p an attendance export of the given format with its meeting row.
func (p *parsed) setExport(format string, m meetingRow) {
	p.addMeeting(format, m)
}

// addMeeting adds a meeting of an attendance export (the first makes p one); the presence rows
// added after it are its own.
func (p *parsed) addMeeting(format string, m meetingRow) {
	if !p.attendance {
		p.format, p.attendance = format, true
		p.tables = []tableRows{{table: "raw_meetings"}, {table: "raw_presence"}}
	}
	p.meetings++
	p.tables[0].rows = append(p.tables[0].rows, []driver.Value{format, nullable(digits(m.id)), nullable(m.topic),
		nullable(m.host), nullable(NormEmail(m.hostEmail)), nullTime(m.start), nullTime(m.end), m.datesEitherWay, int16(p.meetings)})
	p.meetingFrom = len(p.tables[1].rows)
}

// plausibleStay refuses a row longer than a day: one mistyped date must not carry an export
// over another session (the Zoom parser also names the column; these parsers give the line).
func plausibleStay(line int, join, leave time.Time) error {
	if !join.IsZero() && leave.Sub(join) > 24*time.Hour {
		return errAt(line, 0, "implausible time: left %s, more than a day after joining %s",
			leave.Format("2006-01-02 15:04"), join.Format("2006-01-02 15:04"))
	}
	return nil
}

// checkComplete refuses an attendance export that cannot be the whole of its meeting, so that it
// never stands in for good data: one with nobody in its participant table (a download cut off
// after the header), or naming fewer than half the participants its own meeting block counts.
func (p *parsed) checkComplete(reported int) error {
	type person struct{ email, name driver.Value } // email and folded name
	people := map[person]bool{}
	for _, r := range p.tables[1].rows[p.meetingFrom:] { // the last meeting's rows
		if waiting := r[10].(bool); !waiting {
			people[person{r[3], r[4]}] = true
		}
	}
	if len(people) == 0 {
		return errAt(0, 0, "the participant table is empty (a download cut off after the header?): nothing of it was loaded; download the report again")
	}
	if reported > 0 && 2*len(people) < reported {
		return errAt(0, 0, "the meeting block counts %d participants but the table names only %d (a download cut off?): nothing of it was loaded; download the report again", reported, len(people))
	}
	return nil
}

// addNote adds a line to what the user is told about the file once it is written.
func (p *parsed) addNote(note string) {
	p.written = append(p.written, note)
}

// fullNote is what the parse and the write found worth telling.
func (p *parsed) fullNote() string {
	lines := p.written
	if p.note != "" {
		lines = append([]string{p.note}, lines...)
	}
	return strings.Join(lines, "\n        ")
}

func (p *parsed) addPresence(r presenceRow) {
	if r.waitingRoom {
		p.rejected++
	}
	p.rows++
	// The rows share arrays of values, a few dozen rows each, rather than one array a row.
	if len(p.spare) < presenceWidth {
		p.reserve(8)
	}
	const width = presenceWidth
	row := append(p.spare[:0:width], int32(r.line), nullable(r.name), nullable(r.original),
		nullable(NormEmail(r.email)), nullable(FoldName(r.name)), nullable(FoldName(r.original)),
		nullTime(r.join), nullTime(r.leave), int32(r.minutes), r.guest, r.waitingRoom, r.host, int16(p.meetings))
	p.spare = p.spare[width:]
	p.tables[1].rows = append(p.tables[1].rows, row)
}

// presenceWidth is the values of a raw_presence row after its file_id.
const presenceWidth = 13

// reserve makes room for n more presence rows (addPresence).
func (p *parsed) reserve(n int) {
	p.spare = make([]driver.Value, presenceWidth*n)
	p.tables[1].rows = slices.Grow(p.tables[1].rows, n)
}

func nullable(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func nullTime(t time.Time) driver.Value {
	if t.IsZero() {
		return nil
	}
	return t
}

// allRows is every row of t, without the file ID (for tests).
func (t tableRows) allRows() ([][]driver.Value, error) {
	var out [][]driver.Value
	err := t.each(0, func(r []driver.Value) error {
		out = append(out, slices.Clone(r[1:]))
		return nil
	})
	return out, err
}
