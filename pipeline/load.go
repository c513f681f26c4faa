// load.go is the loader: it walks the paths given to `cohesion load`, recognises each file's
// format from its content, parses it and writes its rows to the raw_* tables in one transaction
// per file, recording the file in the load ledger (raw_files) by its sha256.
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
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"cohesion/pipeline/zoom"
)

// LoadOptions tune how files are read.
type LoadOptions struct {
	DefaultTZ string         // timezone for schedule rows without one
	DateOrder zoom.DateOrder // for exports whose dates are ambiguous
	Progress  io.Writer      // one line per file when not nil
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
	Err      error  // a parse or database error; nothing of the file was kept
}

// exportExtensions are the file endings a folder walk picks up; a file named on the command line
// is always tried.
var exportExtensions = map[string]bool{".csv": true, ".tsv": true, ".txt": true}

// Load loads every file under paths. A broken file does not stop the others; its error is in
// its FileResult. The error return is for failures that concern the whole load.
func (db *DB) Load(ctx context.Context, paths []string, opt LoadOptions) ([]FileResult, error) {
	files, err := collectFiles(paths)
	if err != nil {
		return nil, err
	}
	if err := db.initKey(ctx, opt.Key); err != nil {
		return nil, err
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	results := make([]FileResult, 0, len(files))
	start := time.Now()
	for i, path := range files {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		res := db.loadFile(ctx, conn, path, opt)
		results = append(results, res)
		if opt.Progress != nil && (len(files) <= 50 || i%500 == 499 || i == len(files)-1) {
			if len(files) <= 50 {
				fmt.Fprintln(opt.Progress, res.String())
			} else {
				fmt.Fprintf(opt.Progress, "loaded %d/%d files (%.1fs)\n", i+1, len(files), time.Since(start).Seconds())
			}
		}
	}
	return results, nil
}

// String is the one line `load` prints for the file.
func (r FileResult) String() string {
	switch {
	case r.Err != nil:
		return fmt.Sprintf("FAILED  %s: %v", r.Path, r.Err)
	case r.Skipped != "":
		return fmt.Sprintf("skipped %s: %s", r.Path, r.Skipped)
	case r.Rejected > 0:
		return fmt.Sprintf("loaded  %s (%s, %d rows, %d not counted)", r.Path, r.Format, r.Rows, r.Rejected)
	}
	return fmt.Sprintf("loaded  %s (%s, %d rows)", r.Path, r.Format, r.Rows)
}

func collectFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: no such file or folder", p)
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
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
			if !d.IsDir() && exportExtensions[strings.ToLower(filepath.Ext(name))] {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}

// parsed is a file turned into rows for the raw tables, before anything is written.
type parsed struct {
	format   string
	tables   []tableRows
	rows     int
	rejected int
}

type tableRows struct {
	table string
	rows  [][]driver.Value // without the leading file_id column
}

func (db *DB) loadFile(ctx context.Context, conn *sql.Conn, path string, opt LoadOptions) FileResult {
	res := FileResult{Path: path}
	data, err := os.ReadFile(path)
	if err != nil {
		res.Err = err
		return res
	}
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	var prev string
	var prevAt time.Time
	err = conn.QueryRowContext(ctx, `select file, loaded_at from raw_files where sha256 = ?`, digest).Scan(&prev, &prevAt)
	if err == nil {
		res.Skipped = fmt.Sprintf("already loaded (same content as %s, loaded %s)", prev, prevAt.Local().Format("2006-01-02 15:04"))
		return res
	}
	if !errors.Is(err, sql.ErrNoRows) {
		res.Err = err
		return res
	}
	p, err := db.parse(data, opt)
	if err != nil {
		res.Err = err
		return res
	}
	res.Format, res.Rows, res.Rejected = p.format, p.rows, p.rejected
	if err := db.write(ctx, conn, path, digest, p); err != nil {
		res.Err = fmt.Errorf("writing to the database: %w", err)
	}
	return res
}

func (db *DB) parse(data []byte, opt LoadOptions) (*parsed, error) {
	format, err := formatOf(data, zoom.Detect)
	if err != nil {
		return nil, err
	}
	p := &parsed{format: format}
	switch format {
	case "schedule":
		rows, err := ParseSchedule(data, opt.DefaultTZ)
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
				nullable(strings.Join(r.Aliases, ";")), keys, ParticipantID(db.key, r.Email, r.Name)})
		}
		p.tables, p.rows = []tableRows{t}, len(rows)
	case "survey-long":
		rows, err := ParseResponses(data)
		if err != nil {
			return nil, err
		}
		t := tableRows{table: "raw_responses"}
		for _, r := range rows {
			var session any
			if r.Session > 0 {
				session = int32(r.Session)
			}
			t.rows = append(t.rows, []driver.Value{int32(r.Line), r.Email, nil, nullable(r.Cohort), session, r.Instrument, r.Item, nullable(r.Value)})
		}
		p.tables, p.rows = []tableRows{t}, len(rows)
	case "zoom":
		rep, err := zoom.Parse(data, zoom.Options{DateOrder: opt.DateOrder})
		if err != nil {
			return nil, err
		}
		p.format = "zoom-" + string(rep.Layout)
		m := rep.Meeting
		meeting := tableRows{table: "raw_meetings", rows: [][]driver.Value{{p.format, nullable(m.ID), nullable(m.Topic),
			nullable(m.Host), nullable(NormEmail(m.HostEmail)), nullTime(m.Start), nullTime(m.End)}}}
		presence := tableRows{table: "raw_presence"}
		for _, r := range rep.Participants {
			if r.WaitingRoom {
				p.rejected++
			}
			presence.rows = append(presence.rows, []driver.Value{int32(r.Line), nullable(r.Name), nullable(r.OriginalName),
				nullable(NormEmail(r.Email)), nullable(FoldName(r.Name)), nullable(FoldName(r.OriginalName)),
				nullTime(r.Join), nullTime(r.Leave), int32(r.Minutes), r.Guest, r.WaitingRoom})
		}
		p.tables, p.rows = []tableRows{meeting, presence}, len(rep.Participants)
	default:
		return nil, fmt.Errorf("no loader for format %s", format)
	}
	return p, nil
}

// write stores a parsed file and its ledger row in one transaction: a failure leaves the
// database exactly as it was.
func (db *DB) write(ctx context.Context, conn *sql.Conn, path, digest string, p *parsed) (err error) {
	if _, err = conn.ExecContext(ctx, "begin transaction"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "rollback")
		}
	}()
	var fileID int32
	err = conn.QueryRowContext(ctx, `insert into raw_files values (nextval('file_id_seq'), ?, ?, ?, ?, ?, now()) returning file_id`,
		path, digest, p.format, p.rows, p.rejected).Scan(&fileID)
	if err != nil {
		return err
	}
	err = conn.Raw(func(dc any) error {
		for _, t := range p.tables {
			app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", t.table)
			if err != nil {
				return err
			}
			row := make([]driver.Value, 0, 16)
			for _, r := range t.rows {
				row = append(append(row[:0], fileID), r...)
				if err := app.AppendRow(row...); err != nil {
					app.Close()
					return fmt.Errorf("%s: %w", t.table, err)
				}
			}
			if err := app.Close(); err != nil {
				return fmt.Errorf("%s: %w", t.table, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "commit")
	return err
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
