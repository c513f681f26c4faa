//go:build duckdb_arrow

// arrow.go streams a query's result as Arrow IPC: DuckDB hands over record batches through its
// Arrow interface (duckdb-go built with the duckdb_arrow tag), and arrow-go writes the stream.
package export

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ArrowAvailable reports whether this build can write Arrow streams.
const ArrowAvailable = true

// WriteArrow runs a checked statement and writes its result to w as an Arrow IPC stream (the
// format of pyarrow.ipc.open_stream and R's arrow::read_ipc_stream). It returns the row count.
func WriteArrow(ctx context.Context, conn *sql.Conn, st Statement, args []any, w io.Writer) (int64, error) {
	var n int64
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("not a database connection")
		}
		a, err := duckdb.NewArrowFromConn(c)
		if err != nil {
			return err
		}
		batches, err := a.QueryContext(ctx, st.SQL, args...)
		if err != nil {
			return readOnly(err)
		}
		defer batches.Release()
		stream := ipc.NewWriter(w, ipc.WithSchema(batches.Schema()))
		for batches.Next() {
			batch := batches.RecordBatch()
			if err := stream.Write(batch); err != nil {
				stream.Close()
				return err
			}
			n += batch.NumRows()
		}
		if err := batches.Err(); err != nil {
			stream.Close()
			return readOnly(err)
		}
		return stream.Close()
	})
	return n, err
}
