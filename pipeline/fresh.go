// fresh.go tells whether the marts are those of the files loaded now: `run` records which set of
// files it built from, and the commands that read marts refuse to show ones that are out of date.
package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// loadedSetQuery fingerprints the set of files in force (their sha256s, and which are replaced):
// the same set gives the same text whatever the order it was loaded in.
const loadedSetQuery = `select count(*) || ':' || coalesce(bit_xor(hash(sha256 || ':' || (replaced_by is null)::varchar)), 0)
	from raw_files`

// ErrNotBuilt is returned by Fresh when no run has built the marts yet.
var ErrNotBuilt = errors.New("the marts are not built yet: run 'cohesion run' first")

// ErrStale is returned by Fresh when files were loaded or unloaded after the last run.
var ErrStale = errors.New("files were loaded or unloaded after the last 'cohesion run': run 'cohesion run' (or 'cohesion update') first, so nothing out of date is shown")

// recordBuiltFrom notes, in the run's transaction, the set of files the marts are built from.
func recordBuiltFrom(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, `insert or replace into meta select 'built_from', (`+loadedSetQuery+`)`)
	return err
}

// Fresh returns nil when the marts were built from the files loaded now, ErrNotBuilt before the
// first run, and ErrStale when files were loaded or taken back since.
func (db *DB) Fresh(ctx context.Context) error {
	var built sql.NullString
	var now string
	err := db.SQL.QueryRowContext(ctx, `select (select value from meta where key = 'built_from'), (`+loadedSetQuery+`)`).Scan(&built, &now)
	switch {
	case err != nil:
		return fmt.Errorf("database %s: %w", db.Path, err)
	case !built.Valid:
		var marts int
		if err := db.SQL.QueryRowContext(ctx, `select count(*) from information_schema.tables where table_name = 'sessions'`).Scan(&marts); err != nil {
			return err
		}
		if marts == 0 {
			return ErrNotBuilt
		}
		return nil // built by a cohesion that did not record it: trust it
	case built.String != now:
		return ErrStale
	}
	return nil
}

// Loaded reports how many files are loaded.
func (db *DB) Loaded(ctx context.Context) (int, error) {
	var n int
	err := db.SQL.QueryRowContext(ctx, `select count(*) from raw_files`).Scan(&n)
	return n, err
}
