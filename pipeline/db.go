// Package pipeline opens the cohesion database, loads export files into raw_* tables and builds
// the SQL models over them.
package pipeline

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

//go:embed schema.sql
var schemaSQL string

// DB is an open cohesion database: the DuckDB handle plus the pseudonym key it was built with.
type DB struct {
	SQL  *sql.DB
	Path string
	key  []byte
	// streamed is set once a load has streamed a long form: the checkpoint that writes it and
	// the listing that matches its answers hold DuckDB to streamMemory as its write did.
	streamed      atomic.Bool
	memory        memoryHold
	streamRelease func() // the memory limit a load's streamed write holds until the load ends
}

// OpenOptions choose how a database is opened.
type OpenOptions struct {
	ReadOnly bool
	// MustExist refuses to create a new database (for commands that only change an existing one).
	MustExist bool
}

// DefaultPath is the database file used when neither --db nor COHESION_DB is given.
const DefaultPath = "cohesion.duckdb"

// ResolvePath picks the database path: the flag, else $COHESION_DB, else DefaultPath.
func ResolvePath(flag string) string {
	if flag != "" {
		return flag
	}
	if env := os.Getenv("COHESION_DB"); env != "" {
		return env
	}
	return DefaultPath
}

// Open opens (creating if needed) the database at path and makes sure the raw tables exist.
// A read-only open requires an existing database and never writes.
func Open(ctx context.Context, path string, opt OpenOptions) (*DB, error) {
	dsn := path
	if opt.MustExist && !opt.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("database %s does not exist: run 'cohesion load' first", path)
		}
	}
	if opt.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("database %s does not exist: run 'cohesion load' first", path)
		}
		dsn += "?access_mode=read_only"
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		// A new database goes into a folder that is there: one that is not is a typo as often
		// as not, so it is named rather than made.
		if dir := filepath.Dir(path); !isDir(dir) {
			return nil, fmt.Errorf("database %s: there is no folder %s to create it in (make the folder, or give --db a path in one)", path, dir)
		}
	}
	// Every connection works in UTC: the marts keep each cohort's wall time beside its instants,
	// so nothing a user sees depends on the zone of the machine that built or reads them.
	// The zone is set only where it differs: a query connection locks its instance's
	// configuration, and another handle on the same file in this process shares that instance.
	connector, err := duckdb.NewConnector(dsn, func(execer driver.ExecerContext) error {
		if zoneIsUTC(execer) {
			return nil
		}
		_, err := execer.ExecContext(context.Background(), "SET TimeZone = 'UTC'", nil)
		return err
	})
	if err != nil {
		return nil, friendlyOpenError(path, opt.ReadOnly, err)
	}
	sqldb := sql.OpenDB(connector)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, friendlyOpenError(path, opt.ReadOnly, err)
	}
	db := &DB{SQL: sqldb, Path: path}
	if opt.ReadOnly {
		return db, nil
	}
	if _, err := sqldb.ExecContext(ctx, schemaSQL); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("database %s: creating tables: %w", path, err)
	}
	return db, nil
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// Checkpoint writes what the write-ahead log holds into the database file. Close does it too;
// load asks for it early, while it works out its unmatched listing (reads go on during it).
func (db *DB) Checkpoint(ctx context.Context) error {
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if db.streamed.Load() {
		restore, err := db.limitMemory(ctx, conn)
		if err != nil {
			return err
		}
		defer restore()
	}
	_, err = conn.ExecContext(ctx, "checkpoint")
	if outOfSpace(err) {
		return fmt.Errorf("%w: %v", ErrDiskFull, err)
	}
	return err
}

// Close checkpoints the write-ahead log and closes the database.
func (db *DB) Close() error {
	return db.SQL.Close()
}

// zoneIsUTC reports whether a new connection already works in UTC.
func zoneIsUTC(execer driver.ExecerContext) bool {
	q, ok := execer.(driver.QueryerContext)
	if !ok {
		return false
	}
	rows, err := q.QueryContext(context.Background(), "select current_setting('TimeZone')", nil)
	if err != nil {
		return false
	}
	defer rows.Close()
	zone := make([]driver.Value, 1)
	return rows.Next(zone) == nil && zone[0] == "UTC"
}

func friendlyOpenError(path string, readOnly bool, err error) error {
	msg := err.Error()
	switch {
	case (strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock")) && readOnly:
		return fmt.Errorf("database %s is being written by a load or run; try again when it has finished", path)
	case strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock"):
		return fmt.Errorf("database %s is in use by another cohesion process; wait for it to finish (only one load or run at a time)", path)
	case strings.Contains(msg, "not a valid DuckDB database") || strings.Contains(msg, "Unable to open"):
		return fmt.Errorf("%s is not a cohesion database: %v", path, err)
	}
	return fmt.Errorf("opening database %s: %w", path, err)
}

// initKey settles the pseudonym key before a load derives participant IDs with it. The key is generated once per database and kept in meta;
// COHESION_KEY lets several databases share one key, but must not silently change the key of a
// database whose participant_ids were already derived from another.
func (db *DB) initKey(ctx context.Context, given string) error {
	var stored string
	err := db.SQL.QueryRowContext(ctx, `select value from meta where key = 'pseudonym_key_sha256'`).Scan(&stored)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("database %s: reading meta: %w", db.Path, err)
	}
	var key []byte
	if given != "" {
		key = []byte(given)
		sum := sha256.Sum256(key)
		fp := hex.EncodeToString(sum[:])
		if stored != "" && stored != fp {
			return fmt.Errorf("database %s: COHESION_KEY differs from the key its participant IDs were made with; unset it or use a new database", db.Path)
		}
		if stored == "" {
			_, err = db.SQL.ExecContext(ctx, `insert into meta values ('pseudonym_key_sha256', ?), ('pseudonym_key_source', 'env')`, fp)
		}
		db.key = key
		return err
	}
	var hexKey string
	err = db.SQL.QueryRowContext(ctx, `select value from meta where key = 'pseudonym_key'`).Scan(&hexKey)
	switch {
	case err == nil:
		key, err = hex.DecodeString(hexKey)
		if err != nil {
			return fmt.Errorf("database %s: corrupt pseudonym key in meta", db.Path)
		}
	case errors.Is(err, sql.ErrNoRows):
		if stored != "" {
			return fmt.Errorf("database %s was keyed with COHESION_KEY; set it again to load into it", db.Path)
		}
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return err
		}
		sum := sha256.Sum256(key)
		_, err = db.SQL.ExecContext(ctx, `insert into meta values ('pseudonym_key', ?), ('pseudonym_key_sha256', ?), ('pseudonym_key_source', 'generated')`,
			hex.EncodeToString(key), hex.EncodeToString(sum[:]))
		if err != nil {
			return err
		}
	default:
		return err
	}
	db.key = key
	return nil
}
