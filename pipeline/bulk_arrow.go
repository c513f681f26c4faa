//go:build duckdb_arrow

// bulk_arrow.go writes a large table of one file (a survey's answers, a long form streamed from
// disk) as Arrow record batches that DuckDB scans in one insert: the rows cross into DuckDB a
// batch at a time, not a value at a time as through the Appender, and each batch is built while
// DuckDB stores the one before it.
package pipeline

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// bulkFrom is the number of rows from which a file's table is written in bulk: below it, the
// Appender costs less than an insert statement (a var for the tests, which write small files so).
var bulkFrom = 1 << 14

// bulkBatchRows and bulkBatchBytes bound one record batch: what the writer holds at a time (two
// batches: one being built, one being stored).
const bulkBatchRows, bulkBatchBytes = 1 << 16, 16 << 20

var bulkViews atomic.Int64

// insertBulk inserts every row rows hands over (in the table's column order, types as the
// Appender takes them) into table, whose DuckDB column types are types.
func insertBulk(ctx context.Context, dc driver.Conn, table string, types []string, rows func(f func([]driver.Value) error) error) error {
	schema, err := arrowSchema(types)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	a, err := duckdb.NewArrowFromConn(dc)
	if err != nil {
		return err
	}
	r := newBatchReader(schema, rows)
	defer r.stop()
	view := fmt.Sprintf("cohesion_bulk_%d", bulkViews.Add(1))
	release, err := a.RegisterView(r, view)
	if err != nil {
		return err
	}
	defer release()
	exec := dc.(driver.ExecerContext)
	defer exec.ExecContext(context.WithoutCancel(ctx), "drop view if exists "+view, nil)
	_, err = exec.ExecContext(ctx, "insert into "+table+" select * from "+view, nil)
	if rerr := r.failure(); rerr != nil {
		return rerr // the file's own error (a streamed file found bad), not how DuckDB words it
	}
	return err
}

// arrowSchema is the Arrow schema of columns of the DuckDB types.
func arrowSchema(types []string) (*arrow.Schema, error) {
	fields := make([]arrow.Field, len(types))
	for i, t := range types {
		var dt arrow.DataType
		switch t {
		case "INTEGER":
			dt = arrow.PrimitiveTypes.Int32
		case "BIGINT":
			dt = arrow.PrimitiveTypes.Int64
		case "VARCHAR":
			dt = arrow.BinaryTypes.String
		case "TIMESTAMP":
			dt = &arrow.TimestampType{Unit: arrow.Microsecond}
		case "VARCHAR[]":
			dt = arrow.ListOf(arrow.BinaryTypes.String)
		default:
			return nil, fmt.Errorf("no bulk write for a %s column", t)
		}
		fields[i] = arrow.Field{Name: fmt.Sprintf("c%d", i), Type: dt, Nullable: true}
	}
	return arrow.NewSchema(fields, nil), nil
}

// batchReader is an array.RecordReader of the batches a goroutine builds from rows.
type batchReader struct {
	schema  *arrow.Schema
	batches chan arrow.RecordBatch
	done    chan struct{}
	stopped sync.Once
	err     error // set before batches is closed
	cur     arrow.RecordBatch
}

var errStopped = errors.New("bulk write stopped")

func newBatchReader(schema *arrow.Schema, rows func(f func([]driver.Value) error) error) *batchReader {
	r := &batchReader{schema: schema, batches: make(chan arrow.RecordBatch, 1), done: make(chan struct{})}
	go func() {
		defer close(r.batches)
		b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
		defer b.Release()
		n, size := 0, 0
		send := func() bool {
			rec := b.NewRecordBatch()
			n, size = 0, 0
			select {
			case r.batches <- rec:
				return true
			case <-r.done:
				rec.Release()
				return false
			}
		}
		err := rows(func(row []driver.Value) error {
			if len(row) != len(schema.Fields()) {
				return fmt.Errorf("a row of %d values for %d columns", len(row), len(schema.Fields()))
			}
			for i, v := range row {
				s, err := appendValue(b.Field(i), v)
				if err != nil {
					return fmt.Errorf("column %d: %w", i+1, err)
				}
				size += s
			}
			if n++; n == bulkBatchRows || size >= bulkBatchBytes {
				if !send() {
					return errStopped
				}
			}
			return nil
		})
		if err == nil && n > 0 {
			send()
		}
		if err != nil && !errors.Is(err, errStopped) {
			r.err = err
		}
	}()
	return r
}

// appendValue appends v, as the Appender takes it, to b; it returns the bytes of text appended.
func appendValue(b array.Builder, v driver.Value) (int, error) {
	if v == nil {
		b.AppendNull()
		return 0, nil
	}
	switch b := b.(type) {
	case *array.Int32Builder:
		switch v := v.(type) {
		case int32:
			b.Append(v)
			return 0, nil
		case int:
			b.Append(int32(v))
			return 0, nil
		}
	case *array.Int64Builder:
		switch v := v.(type) {
		case int64:
			b.Append(v)
			return 0, nil
		case int:
			b.Append(int64(v))
			return 0, nil
		}
	case *array.StringBuilder:
		if v, ok := v.(string); ok {
			b.Append(v)
			return len(v), nil
		}
	case *array.TimestampBuilder:
		if v, ok := v.(time.Time); ok {
			b.Append(arrow.Timestamp(v.UnixMicro()))
			return 0, nil
		}
	case *array.ListBuilder:
		if v, ok := v.([]string); ok {
			b.Append(true)
			vb := b.ValueBuilder().(*array.StringBuilder)
			size := 0
			for _, s := range v {
				vb.Append(s)
				size += len(s)
			}
			return size, nil
		}
	}
	return 0, fmt.Errorf("a %T value for a %s column", v, b.Type())
}

func (r *batchReader) Retain()                        {}
func (r *batchReader) Release()                       {}
func (r *batchReader) Schema() *arrow.Schema          { return r.schema }
func (r *batchReader) Record() arrow.RecordBatch      { return r.cur }
func (r *batchReader) RecordBatch() arrow.RecordBatch { return r.cur }

func (r *batchReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	rec, ok := <-r.batches
	r.cur = rec
	return ok
}

// Err is the rows' error, once Next has returned false.
func (r *batchReader) Err() error { return r.err }

// failure is the rows' error after the insert: the goroutine is stopped and waited for.
func (r *batchReader) failure() error {
	r.stop()
	return r.err
}

// stop ends the goroutine building batches (if DuckDB stopped reading early) and waits for it.
func (r *batchReader) stop() {
	r.stopped.Do(func() {
		close(r.done)
		for rec := range r.batches {
			rec.Release()
		}
		if r.cur != nil {
			r.cur.Release()
			r.cur = nil
		}
	})
}
