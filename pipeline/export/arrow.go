//go:build duckdb_arrow

// arrow.go streams a query's result as Arrow IPC: DuckDB hands over record batches through its
// Arrow interface (duckdb-go built with the duckdb_arrow tag), and arrow-go writes the stream.
package export

import (
	"context"
	"database/sql"
	"io"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"

	"cohesion/pipeline"
)

// ArrowAvailable reports whether this build can write Arrow streams.
const ArrowAvailable = true

// WriteArrow runs a checked statement and writes its result to w as an Arrow IPC stream (the
// format of pyarrow.ipc.open_stream and R's arrow::read_ipc_stream). It returns the row count.
func WriteArrow(ctx context.Context, conn *sql.Conn, st Statement, args []any, w io.Writer) (int64, error) {
	var n int64
	err := pipeline.ArrowQuery(ctx, conn, st.SQL, args, func(batches array.RecordReader) error {
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
			return err
		}
		return stream.Close()
	})
	return n, readOnly(err)
}
