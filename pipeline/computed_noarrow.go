//go:build !duckdb_arrow

// computed_noarrow.go stands in for computed_arrow.go in a build without the duckdb_arrow tag: a
// computed model's input is read row by row.
package pipeline

import (
	"context"
	"database/sql"
)

func readBatches(ctx context.Context, conn *sql.Conn, query string, header func([]string) error, f func(batch) error) error {
	return readRows(ctx, conn, query, header, f)
}
