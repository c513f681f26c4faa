// export.go writes the pseudonymised export: every mart as Parquet (hive-partitioned by program
// where it has one), names, emails and free text left out, and a manifest saying what produced it.
package export

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cohesion/pipeline"
)

// ManifestKind marks a manifest.json written by Export; only a directory holding one is replaced.
const ManifestKind = "cohesion export"

// ManifestFile is the name of the manifest inside an export directory.
const ManifestFile = "manifest.json"

// notExported are models that are marts by name but not research data; staging (stg_) and
// intermediate (int_) models, which still carry names, are never exported either, nor the
// unmatched_ lists (people and files the facilitator reviews, with their names and paths).
var notExported = map[string]string{
	"pii_people": "names and emails",
	"load_log":   "file paths; the manifest lists the inputs by checksum, format and rows",
}

// pseudonymColumns hold participant pseudonyms ("p" and 12 hex digits), not names, though a
// name like named_participant_id says "name": they are kept when every value is a pseudonym,
// so a tie in support_ties keeps both its ends.
var pseudonymColumns = map[string]bool{"participant_id": true, "named_participant_id": true}

// pseudonymPattern is the shape of pipeline.ParticipantID.
const pseudonymPattern = `^p[0-9a-f]{12}$`

// identityWords and freeTextWords name text columns left out of an export: identity always,
// free text unless asked for. A column matches when its name contains one of the words.
var (
	identityWords = []string{"name", "email"}
	freeTextWords = []string{"topic", "comment", "answer", "text"}
)

// partitionColumn is the column marts are partitioned by, hive style (program=intro/).
const partitionColumn = "program"

// Options choose where and what Export writes.
type Options struct {
	Dir         string
	FreeText    bool // keep free-text columns; names and emails are left out regardless
	ToolVersion string
	Now         time.Time // the export's time, recorded in the manifest
}

// Manifest describes an export: the data it holds and what produced it.
type Manifest struct {
	Kind          string      `json:"kind"`
	ToolVersion   string      `json:"tool_version"`
	DuckDBVersion string      `json:"duckdb_version"`
	ExportedAt    time.Time   `json:"exported_at"`
	FreeText      bool        `json:"free_text"`
	Inputs        []Input     `json:"inputs"`
	RunSettings   any         `json:"run_settings"` // the run_settings row; null when there is none
	Models        []ModelHash `json:"models"`
	Tables        []Table     `json:"tables"`
}

// Input is one loaded file, as load_log records it. It is known by its checksum, never by its
// name or path: a file named after a member would carry her name into the export.
type Input struct {
	SHA256   string    `json:"sha256"`
	Format   string    `json:"format"`
	Rows     int64     `json:"rows"`
	Rejected int64     `json:"rejected"`
	LoadedAt time.Time `json:"loaded_at"`
}

// ModelHash identifies the SQL of one model of this build of the tool.
type ModelHash struct {
	Name      string `json:"name"`
	SQLSHA256 string `json:"sql_sha256"`
}

// Table is one exported mart.
type Table struct {
	Name          string          `json:"name"`
	Rows          int64           `json:"rows"`
	PartitionedBy string          `json:"partitioned_by,omitempty"`
	Columns       []string        `json:"columns"`
	Dropped       []DroppedColumn `json:"dropped_columns"`
	Files         []File          `json:"files"`
}

// DroppedColumn is a mart column left out of the export, and why.
type DroppedColumn struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// File is one Parquet file of an export, its path relative to the export directory.
type File struct {
	Path   string `json:"path"`
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
}

// Marts returns the names of the models an export writes, in build order.
func Marts(models []pipeline.Model) []string {
	var marts []string
	for _, m := range models {
		if strings.HasPrefix(m.Name, "stg_") || strings.HasPrefix(m.Name, "int_") || strings.HasPrefix(m.Name, "unmatched_") || notExported[m.Name] != "" {
			continue
		}
		marts = append(marts, m.Name)
	}
	return marts
}

// Export writes every mart of db to opt.Dir as Parquet, with a manifest. It reads db only, and
// sets its DuckDB instance to one thread, so that the files are the same on any machine.
// Nothing is written unless all of it can be: the export is built in a directory beside
// opt.Dir and moved into place at the end. opt.Dir must be new, empty, or a previous export,
// whose listed files are then replaced (see replaceDir).
func Export(ctx context.Context, db *sql.DB, models []pipeline.Model, opt Options) (*Manifest, error) {
	previous, err := checkTarget(opt.Dir)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	tables, err := plan(ctx, conn, Marts(models), opt.FreeText)
	if err != nil {
		return nil, err
	}
	if err := checkNoPII(ctx, conn, tables); err != nil {
		return nil, err
	}
	m := &Manifest{Kind: ManifestKind, ToolVersion: opt.ToolVersion, ExportedAt: opt.Now.UTC(), FreeText: opt.FreeText}
	if m.ExportedAt.IsZero() {
		m.ExportedAt = time.Now().UTC()
	}
	if err := conn.QueryRowContext(ctx, "select version()").Scan(&m.DuckDBVersion); err != nil {
		return nil, err
	}
	if m.Inputs, err = readInputs(ctx, conn); err != nil {
		return nil, err
	}
	if m.RunSettings, err = readRunSettings(ctx, conn); err != nil {
		return nil, err
	}
	for _, model := range models {
		sum := sha256.Sum256([]byte(model.SQL))
		m.Models = append(m.Models, ModelHash{Name: model.Name, SQLSHA256: hex.EncodeToString(sum[:])})
	}

	staging, err := stagingDir(opt.Dir, "partial")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(staging) // gone after the rename below, unless something failed
	// One thread and an ORDER BY over all columns make DuckDB write the same bytes each time.
	for _, set := range []string{"set threads = 1", "set preserve_insertion_order = true"} {
		if _, err := conn.ExecContext(ctx, set); err != nil {
			return nil, err
		}
	}
	for i := range tables {
		if err := writeTable(ctx, conn, staging, &tables[i]); err != nil {
			return nil, fmt.Errorf("exporting %s: %w", tables[i].Name, err)
		}
	}
	m.Tables = tables
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := checkManifest(ctx, conn, b); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(staging, ManifestFile), append(b, '\n'), 0o666); err != nil {
		return nil, err
	}
	return m, replaceDir(staging, opt.Dir, previous)
}

// plan lists each mart's columns, leaving out identity and (unless freeText) free-text columns.
func plan(ctx context.Context, conn *sql.Conn, marts []string, freeText bool) ([]Table, error) {
	exists := map[string]bool{}
	rows, err := conn.QueryContext(ctx, `select table_name from information_schema.tables
		where table_catalog = current_database() and table_schema = 'main'`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		exists[name] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range append([]string{"pii_people"}, marts...) {
		if !exists[name] {
			return nil, fmt.Errorf("the database has no table %s: run 'cohesion run' to build the marts first", name)
		}
	}
	var tables []Table
	for _, mart := range marts {
		t := Table{Name: mart, Dropped: []DroppedColumn{}}
		cols, err := columnsOf(ctx, conn, mart)
		if err != nil {
			return nil, err
		}
		for _, c := range cols {
			reason := dropReason(c.name, c.dbType, freeText)
			if pseudonymColumns[c.name] {
				if reason, err = pseudonymReason(ctx, conn, mart, c.name); err != nil {
					return nil, err
				}
			}
			if reason != "" {
				t.Dropped = append(t.Dropped, DroppedColumn{Name: c.name, Reason: reason})
				continue
			}
			t.Columns = append(t.Columns, c.name)
			if c.name == partitionColumn {
				t.PartitionedBy = partitionColumn
			}
		}
		if len(t.Columns) == 0 {
			return nil, fmt.Errorf("mart %s has no column left to export", mart)
		}
		if err := conn.QueryRowContext(ctx, "select count(*) from "+quoteIdent(mart)).Scan(&t.Rows); err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, nil
}

func columnsOf(ctx context.Context, conn *sql.Conn, table string) ([]column, error) {
	rows, err := conn.QueryContext(ctx, `select column_name, data_type from information_schema.columns
		where table_catalog = current_database() and table_schema = 'main' and table_name = ?
		order by ordinal_position`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.dbType); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// dropReason says why a column is left out of an export, or "" to keep it. Only text columns are
// judged by name: a count called n_names is not a name.
func dropReason(name, dbType string, freeText bool) string {
	if !strings.Contains(strings.ToUpper(dbType), "VARCHAR") {
		return ""
	}
	lower := strings.ToLower(name)
	for _, w := range identityWords {
		if strings.Contains(lower, w) {
			return "names and emails are never exported"
		}
	}
	if !freeText {
		for _, w := range freeTextWords {
			if strings.Contains(lower, w) {
				return "free text (kept with --free-text)"
			}
		}
	}
	return ""
}

// pseudonymReason returns "" when every value of a pseudonym column is a pseudonym, or why the
// column is left out.
func pseudonymReason(ctx context.Context, conn *sql.Conn, table, column string) (string, error) {
	var n int64
	q := fmt.Sprintf("select count(*) from %s where %s is not null and not regexp_full_match(%s::varchar, %s)",
		quoteIdent(table), quoteIdent(column), quoteIdent(column), quoteString(pseudonymPattern))
	if err := conn.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return "", fmt.Errorf("checking %s.%s for pseudonyms: %w", table, column, err)
	}
	if n > 0 {
		return fmt.Sprintf("%d values are not pseudonyms", n), nil
	}
	return "", nil
}

// piiValues is the set of roster names and emails, folded as the check compares them.
const piiValues = `select distinct v from (
		select lower(trim(name)) as v from pii_people
		union all
		select lower(trim(email)) from pii_people
	) where v is not null and v <> ''`

// checkNoPII fails when any exported value equals a roster name or email (case and surrounding
// space ignored): a backstop behind the column rules, for a name that reached a mart some
// other way. The message names the column, never the value.
func checkNoPII(ctx context.Context, conn *sql.Conn, tables []Table) error {
	for _, t := range tables {
		cols, err := columnsOf(ctx, conn, t.Name)
		if err != nil {
			return err
		}
		kept := map[string]bool{}
		for _, c := range t.Columns {
			kept[c] = true
		}
		for _, c := range cols {
			if !kept[c.name] || !mayHoldText(c.dbType) {
				continue
			}
			values := fmt.Sprintf("select %s as x from %s", quoteIdent(c.name), quoteIdent(t.Name))
			if strings.HasSuffix(c.dbType, "[]") {
				values = fmt.Sprintf("select unnest(%s) as x from %s", quoteIdent(c.name), quoteIdent(t.Name))
			}
			var n int64
			q := fmt.Sprintf("select count(*) from (%s) where lower(trim(x::varchar)) in (%s)", values, piiValues)
			if err := conn.QueryRowContext(ctx, q).Scan(&n); err != nil {
				return fmt.Errorf("checking %s.%s for names: %w", t.Name, c.name, err)
			}
			if n > 0 {
				return fmt.Errorf("%s.%s holds %d values equal to a roster name or email: export stopped, nothing written", t.Name, c.name, n)
			}
		}
	}
	return nil
}

// checkManifest fails when a string in the manifest holds a roster name or email (case and
// surrounding space ignored): the guard covers every byte the export writes, not just the marts.
func checkManifest(ctx context.Context, conn *sql.Conn, manifest []byte) error {
	rows, err := conn.QueryContext(ctx, piiValues)
	if err != nil {
		return fmt.Errorf("reading roster names: %w", err)
	}
	defer rows.Close()
	var pii []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return err
		}
		pii = append(pii, v)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var doc any
	if err := json.Unmarshal(manifest, &doc); err != nil {
		return err
	}
	var found string
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(where+"."+k, x)
			}
		case []any:
			for _, x := range v {
				walk(where+"[]", x)
			}
		case string:
			folded := strings.ToLower(v)
			for _, p := range pii {
				if found == "" && containsWord(folded, p) {
					found = where
				}
			}
		}
	}
	walk("manifest", doc)
	if found != "" {
		return fmt.Errorf("%s holds a roster name or email: export stopped, nothing written", found)
	}
	return nil
}

// containsWord reports whether s holds word with no letter or digit either side: "ana silva"
// is found in "ana silva - ana@example.org.csv", "dev" is not in "development".
func containsWord(s, word string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], word)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(word)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		i = start + 1
	}
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// mayHoldText reports whether a column's values could spell a name: not numbers, truth values,
// dates, times or intervals.
func mayHoldText(dbType string) bool {
	switch {
	case numericType(dbType), dbType == "BOOLEAN", dbType == "DATE", dbType == "INTERVAL", dbType == "UUID",
		strings.HasPrefix(dbType, "TIME"):
		return false
	}
	return true
}

func readInputs(ctx context.Context, conn *sql.Conn) ([]Input, error) {
	rows, err := conn.QueryContext(ctx, `select sha256, format, rows, rejected, loaded_at
		from load_log order by loaded_at, sha256`)
	if err != nil {
		return nil, fmt.Errorf("reading load_log: %w", err)
	}
	defer rows.Close()
	inputs := []Input{}
	for rows.Next() {
		var in Input
		if err := rows.Scan(&in.SHA256, &in.Format, &in.Rows, &in.Rejected, &in.LoadedAt); err != nil {
			return nil, err
		}
		in.LoadedAt = in.LoadedAt.UTC()
		inputs = append(inputs, in)
	}
	return inputs, rows.Err()
}

// readRunSettings returns the run_settings row as an object (all its columns), or nil when the
// table does not exist.
func readRunSettings(ctx context.Context, conn *sql.Conn) (any, error) {
	var n int
	err := conn.QueryRowContext(ctx, `select count(*) from information_schema.tables
		where table_catalog = current_database() and table_schema = 'main' and table_name = 'run_settings'`).Scan(&n)
	if err != nil || n == 0 {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, "select * from run_settings")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s, err := newScanner(rows)
	if err != nil {
		return nil, err
	}
	var settings []map[string]any
	for {
		ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		row := map[string]any{}
		for i, v := range s.vals {
			row[s.cols[i].name] = jsonValue(v, s.cols[i].dbType)
		}
		settings = append(settings, row)
	}
	switch len(settings) {
	case 0:
		return nil, nil
	case 1:
		return settings[0], nil
	}
	return settings, nil
}

// writeTable writes one mart under dir with COPY, then records its files, their rows and
// checksums. Rows are ordered by every column, so the bytes depend only on the data.
func writeTable(ctx context.Context, conn *sql.Conn, dir string, t *Table) error {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = quoteIdent(c)
	}
	query := fmt.Sprintf("select %s from %s order by all", strings.Join(cols, ", "), quoteIdent(t.Name))
	options := "format parquet, compression snappy"
	target := t.Name + ".parquet"
	if t.PartitionedBy != "" {
		target = t.Name
		options += fmt.Sprintf(", partition_by (%s), filename_pattern 'data_{i}'", quoteIdent(t.PartitionedBy))
		if t.Rows == 0 {
			// A partitioned COPY of no rows writes no file; one empty file in the null
			// partition keeps the mart's columns and lets the usual glob read it.
			target = path.Join(t.Name, t.PartitionedBy+"=__HIVE_DEFAULT_PARTITION__", "data_0.parquet")
			if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(path.Dir(target))), 0o777); err != nil {
				return err
			}
			var rest []string
			for i, c := range t.Columns {
				if c != t.PartitionedBy {
					rest = append(rest, cols[i])
				}
			}
			query = fmt.Sprintf("select %s from %s limit 0", strings.Join(rest, ", "), quoteIdent(t.Name))
			options = "format parquet, compression snappy"
		}
	}
	copySQL := fmt.Sprintf("copy (%s) to %s (%s)", query, quoteString(filepath.Join(dir, filepath.FromSlash(target))), options)
	if _, err := conn.ExecContext(ctx, copySQL); err != nil {
		return err
	}
	var total int64
	root := filepath.Join(dir, filepath.FromSlash(target))
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		f := File{Path: filepath.ToSlash(rel)}
		if f.SHA256, err = fileSHA256(p); err != nil {
			return err
		}
		if err := conn.QueryRowContext(ctx, "select count(*) from read_parquet("+quoteString(p)+")").Scan(&f.Rows); err != nil {
			return err
		}
		total += f.Rows
		t.Files = append(t.Files, f)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(t.Files, func(i, j int) bool { return t.Files[i].Path < t.Files[j].Path })
	if total != t.Rows {
		return fmt.Errorf("wrote %d rows, the mart has %d", total, t.Rows)
	}
	return nil
}

func fileSHA256(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkTarget refuses a directory that holds anything but a previous export: replacing it must
// never delete a file the export did not write. It returns the previous export's manifest, or
// nil when dir is new or empty.
func checkTarget(dir string) (*Manifest, error) {
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is a file, not a directory", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	var previous Manifest
	if err != nil || json.Unmarshal(b, &previous) != nil || previous.Kind != ManifestKind {
		return nil, fmt.Errorf("%s is not empty and holds no cohesion export manifest.json: choose a new or empty directory", dir)
	}
	written := map[string]bool{}
	for _, f := range previous.files() {
		written[f] = true
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if !written[filepath.ToSlash(rel)] {
			return fmt.Errorf("%s holds %s, which the previous export did not write: move it away or choose another directory", dir, rel)
		}
		return nil
	})
	return &previous, err
}

// files lists the paths, relative to the export directory, of every file the export wrote,
// its manifest last.
func (m *Manifest) files() []string {
	var files []string
	for _, t := range m.Tables {
		for _, f := range t.Files {
			files = append(files, f.Path)
		}
	}
	return append(files, ManifestFile)
}

// stagingDir makes an empty directory beside dir, named after it, for building its replacement.
func stagingDir(dir, kind string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o777); err != nil {
		return "", err
	}
	p := filepath.Join(parent, fmt.Sprintf(".%s.%s-%d-%d", filepath.Base(abs), kind, os.Getpid(), time.Now().UnixNano()))
	return p, os.Mkdir(p, 0o777)
}

// replaceDir moves the export built in staging to dir. When dir holds a previous export, its
// files are replaced one by one, and then the files it listed that the new one does not write
// are removed, with the folders they leave empty. Nothing else in dir is touched: not a folder
// of the user's, nor a file put there while the export was being built.
func replaceDir(staging, dir string, previous *Manifest) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staging, dir)
	}
	var m Manifest
	b, err := os.ReadFile(filepath.Join(staging, ManifestFile))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	written := map[string]bool{}
	for _, f := range m.files() { // the manifest last: until it moves, the old one lists what is there
		written[f] = true
		target := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(target), 0o777); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(staging, filepath.FromSlash(f)), target); err != nil {
			return err
		}
	}
	if previous == nil {
		return nil
	}
	root := filepath.Clean(dir)
	for _, f := range previous.files() {
		if written[f] || !filepath.IsLocal(filepath.FromSlash(f)) {
			continue
		}
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		// Its folders go too while they are empty (a partition no longer there); Remove
		// refuses a folder that holds anything.
		for d := filepath.Dir(p); d != root; d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	return nil
}
