//go:build !duckdb_arrow

// bulk_noarrow.go stands in for bulk_arrow.go in a build without the duckdb_arrow tag: every
// table is written through the Appender.
package pipeline

import (
	"context"
	"database/sql/driver"
	"math"
)

var bulkFrom = math.MaxInt

func insertBulk(context.Context, driver.Conn, string, []string, func(func([]driver.Value) error) error) error {
	panic("no bulk write without the duckdb_arrow tag")
}
