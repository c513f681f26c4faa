//go:build !duckdb_arrow

// arrow_stub.go stands in for arrow.go in a build without the duckdb_arrow tag, which duckdb-go
// needs for its Arrow interface; everything else works without it.
package export

import (
	"context"
	"database/sql"
	"errors"
	"io"
)

// ArrowAvailable reports whether this build can write Arrow streams.
const ArrowAvailable = false

// WriteArrow fails: this binary was built without Arrow support.
func WriteArrow(ctx context.Context, conn *sql.Conn, st Statement, args []any, w io.Writer) (int64, error) {
	return 0, errors.New("this cohesion was built without Arrow support; build it with -tags=duckdb_arrow (make build does)")
}
