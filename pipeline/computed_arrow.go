//go:build duckdb_arrow

// computed_arrow.go reads a computed model's input as Arrow record batches: a column of numbers
// is read in place, and text without a copy (the model copies each distinct value once).
package pipeline

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ArrowQuery runs query with args on conn and hands f its result as a stream of Arrow record
// batches, read as DuckDB makes them (only in a build with the duckdb_arrow tag).
func ArrowQuery(ctx context.Context, conn *sql.Conn, query string, args []any, f func(array.RecordReader) error) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("not a database connection")
		}
		a, err := duckdb.NewArrowFromConn(c)
		if err != nil {
			return err
		}
		batches, err := a.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer batches.Release()
		return f(batches)
	})
}

// readBatches runs query and hands header its column names, then f each record batch.
func readBatches(ctx context.Context, conn *sql.Conn, query string, header func([]string) error, f func(batch) error) error {
	return ArrowQuery(ctx, conn, query, nil, func(batches array.RecordReader) error {
		var names []string
		for _, field := range batches.Schema().Fields() {
			names = append(names, field.Name)
		}
		if err := header(names); err != nil {
			return err
		}
		for batches.Next() {
			if err := f(arrowBatch{batches.RecordBatch()}); err != nil {
				return err
			}
		}
		return batches.Err()
	})
}

// arrowBatch is a record batch read as a batch.
type arrowBatch struct{ r arrow.RecordBatch }

func (b arrowBatch) Len() int { return int(b.r.NumRows()) }

func (b arrowBatch) Texts(c int) (func(int) (string, bool), error) {
	col := b.r.Column(c)
	var value func(int) string
	switch a := col.(type) {
	case *array.String:
		value = a.Value
	case *array.LargeString:
		value = a.Value
	case *array.StringView:
		value = a.Value
	default:
		return nil, fmt.Errorf("column %s: %s, want text", b.r.ColumnName(c), col.DataType())
	}
	if col.NullN() == 0 {
		return func(i int) (string, bool) { return value(i), true }, nil
	}
	return func(i int) (string, bool) {
		if col.IsNull(i) {
			return "", false
		}
		return value(i), true
	}, nil
}

func (b arrowBatch) Floats(c int) (func(int) (float64, bool), error) {
	col := b.r.Column(c)
	a, ok := col.(*array.Float64)
	if !ok {
		return nil, fmt.Errorf("column %s: %s, want a double", b.r.ColumnName(c), col.DataType())
	}
	values := a.Float64Values()
	return func(i int) (float64, bool) { return values[i], a.IsValid(i) }, nil
}

func (b arrowBatch) Bools(c int) (func(int) (bool, bool), error) {
	col := b.r.Column(c)
	a, ok := col.(*array.Boolean)
	if !ok {
		return nil, fmt.Errorf("column %s: %s, want true or false", b.r.ColumnName(c), col.DataType())
	}
	return func(i int) (bool, bool) { return a.Value(i), a.IsValid(i) }, nil
}
