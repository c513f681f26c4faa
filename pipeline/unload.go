// unload.go takes loaded files back: `cohesion unload` removes a file's rows from every raw table
// and its ledger entry in one transaction, so the marts are again those of the files that remain.
package pipeline

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Unloaded is one file taken back.
type Unloaded struct {
	File, SHA256, Format string
	Rows                 int
	Restored             []string // earlier versions of the file in force again
}

// UnloadError names a file or digest that matches no loaded file, or more than one.
type UnloadError struct {
	Spec, Reason string
}

func (e *UnloadError) Error() string { return e.Spec + ": " + e.Reason }

var hexDigest = regexp.MustCompile(`^[0-9a-fA-F]{8,64}$`)

// Unload takes back the files specs name: a sha256 (or a prefix of at least 8 hex digits), the
// path a file was loaded from, or a file on disk whose content was loaded. Either every spec
// matches exactly one loaded file and all of them are removed together, or nothing changes.
// An earlier version that an unloaded file replaced is in force again.
func (db *DB) Unload(ctx context.Context, specs []string) ([]Unloaded, error) {
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	ids := map[int32]bool{}
	var order []int32
	for _, spec := range specs {
		id, err := findLoaded(ctx, conn, spec)
		if err != nil {
			return nil, err
		}
		if !ids[id] {
			ids[id] = true
			order = append(order, id)
		}
	}
	tables, err := rawTables(ctx, conn)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "begin transaction"); err != nil {
		return nil, err
	}
	rollback := func(err error) ([]Unloaded, error) {
		conn.ExecContext(context.WithoutCancel(ctx), "rollback")
		return nil, err
	}
	var out []Unloaded
	for _, id := range order {
		var u Unloaded
		if err := conn.QueryRowContext(ctx, `select file, sha256, format, rows from raw_files where file_id = $1`, id).
			Scan(&u.File, &u.SHA256, &u.Format, &u.Rows); err != nil {
			return rollback(err)
		}
		err := eachRow(ctx, conn, `update raw_files set replaced_by = null where replaced_by = $1 returning file`, []any{id},
			func(rows *sql.Rows) error {
				var f string
				err := rows.Scan(&f)
				u.Restored = append(u.Restored, f)
				return err
			})
		if err != nil {
			return rollback(err)
		}
		for _, t := range tables {
			if _, err := conn.ExecContext(ctx, "delete from "+t+" where file_id = $1", id); err != nil {
				return rollback(fmt.Errorf("%s: %w", t, err))
			}
		}
		if _, err := conn.ExecContext(ctx, `delete from raw_files where file_id = $1`, id); err != nil {
			return rollback(err)
		}
		out = append(out, u)
	}
	if _, err := conn.ExecContext(ctx, "commit"); err != nil {
		return rollback(err)
	}
	return out, nil
}

// findLoaded resolves one spec to the file_id of a loaded file.
func findLoaded(ctx context.Context, conn *sql.Conn, spec string) (int32, error) {
	var query string
	var args []any
	switch {
	case hexDigest.MatchString(spec) && !fileExists(spec):
		query, args = `select file_id from raw_files where sha256 like $1 || '%'`, []any{strings.ToLower(spec)}
	default:
		abs, _ := filepath.Abs(spec)
		digest := ""
		if data, err := os.ReadFile(spec); err == nil {
			sum := sha256.Sum256(data)
			digest = hex.EncodeToString(sum[:])
		}
		// The file's current content first; else what was loaded from that path and is in force.
		query = `select file_id from raw_files
			where sha256 = $1 or ((source_path = $2 or file = $3) and replaced_by is null and
				not exists (select 1 from raw_files where sha256 = $1))`
		args = []any{digest, abs, spec}
	}
	var ids []int32
	err := eachRow(ctx, conn, query, args, func(rows *sql.Rows) error {
		var id int32
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	switch {
	case err != nil:
		return 0, err
	case len(ids) == 0:
		return 0, &UnloadError{spec, "no loaded file has this content, path or sha256 (see load_log)"}
	case len(ids) > 1:
		return 0, &UnloadError{spec, fmt.Sprintf("%d loaded files match; give the sha256 from load_log", len(ids))}
	}
	return ids[0], nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// rawTables lists the raw tables that hold rows of loaded files.
func rawTables(ctx context.Context, conn *sql.Conn) ([]string, error) {
	var tables []string
	err := eachRow(ctx, conn, `select table_name from information_schema.columns
		where table_schema = 'main' and column_name = 'file_id' and table_name like 'raw\_%' escape '\'
			and table_name <> 'raw_files'
		order by table_name`, nil, func(rows *sql.Rows) error {
		var t string
		err := rows.Scan(&t)
		tables = append(tables, t)
		return err
	})
	return tables, err
}
