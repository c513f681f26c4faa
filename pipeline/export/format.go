// format.go writes query rows as an aligned text table, CSV or JSON, rendering each DuckDB type
// the same way in all three: instants as RFC 3339, dates and wall times without a zone.
package export

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cohesion/pipeline"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// column is one result column: its name and DuckDB type name (e.g. TIMESTAMPTZ, VARCHAR[]).
type column struct {
	name   string
	dbType string
}

// scanner reads rows as Go values, whatever the columns' types.
type scanner struct {
	rows *sql.Rows
	cols []column
	vals []any
	ptrs []any
}

func newScanner(rows *sql.Rows) (*scanner, error) {
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	s := &scanner{rows: rows, vals: make([]any, len(types)), ptrs: make([]any, len(types))}
	for i, t := range types {
		s.cols = append(s.cols, column{name: t.Name(), dbType: t.DatabaseTypeName()})
		s.ptrs[i] = &s.vals[i]
	}
	return s, nil
}

func (s *scanner) next() (bool, error) {
	if !s.rows.Next() {
		return false, readOnly(s.rows.Err())
	}
	return true, s.rows.Scan(s.ptrs...)
}

// visible is how a cell is shown in a text table: pipeline.Visible.
func visible(s string) string { return pipeline.Visible(s) }

// WriteTable writes rows as a text table with aligned columns (numbers to the right), then a
// line with the row count. It holds all rows in memory to measure the columns.
func WriteTable(w io.Writer, rows *sql.Rows) (int64, error) {
	s, err := newScanner(rows)
	if err != nil {
		return 0, err
	}
	header := make([]string, len(s.cols))
	width := make([]int, len(s.cols))
	right := make([]bool, len(s.cols))
	for i, c := range s.cols {
		header[i] = visible(c.name)
		width[i] = utf8.RuneCountInString(c.name)
		right[i] = numericType(c.dbType)
	}
	var cells [][]string
	for {
		ok, err := s.next()
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		row := make([]string, len(s.cols))
		for i, v := range s.vals {
			if v == nil {
				row[i] = "NULL"
			} else {
				row[i] = visible(text(v, s.cols[i].dbType))
			}
			width[i] = max(width[i], utf8.RuneCountInString(row[i]))
		}
		cells = append(cells, row)
	}
	bw := bufio.NewWriter(w)
	line := func(row []string, pad func(i int, cell string) string) {
		for i, cell := range row {
			if i > 0 {
				bw.WriteString("  ")
			}
			bw.WriteString(pad(i, cell))
		}
		bw.WriteString("\n")
	}
	align := func(i int, cell string) string {
		gap := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
		if right[i] {
			return gap + cell
		}
		if i == len(width)-1 {
			return cell // no trailing spaces
		}
		return cell + gap
	}
	line(header, align)
	line(header, func(i int, _ string) string { return strings.Repeat("-", width[i]) })
	for _, row := range cells {
		line(row, align)
	}
	fmt.Fprintf(bw, "(%d %s)\n", len(cells), Plural(len(cells), "row", "rows"))
	return int64(len(cells)), bw.Flush()
}

// WriteCSV writes rows as CSV with a header row. A text cell beginning with =, +, -, @, a tab or
// a carriage return is prefixed with a single quote, so a spreadsheet shows it instead of running
// it as a formula; numbers are left as numbers. NULL is an empty cell.
func WriteCSV(w io.Writer, rows *sql.Rows) (int64, error) {
	s, err := newScanner(rows)
	if err != nil {
		return 0, err
	}
	cw := csv.NewWriter(w)
	record := make([]string, len(s.cols))
	for i, c := range s.cols {
		record[i] = NeutraliseFormula(c.name)
	}
	if err := cw.Write(record); err != nil {
		return 0, err
	}
	var n int64
	for {
		ok, err := s.next()
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		for i, v := range s.vals {
			switch {
			case v == nil:
				record[i] = ""
			case isNumber(v):
				record[i] = text(v, s.cols[i].dbType)
			default:
				record[i] = NeutraliseFormula(text(v, s.cols[i].dbType))
			}
		}
		if err := cw.Write(record); err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	return n, cw.Error()
}

// NeutraliseFormula prefixes a cell that a spreadsheet would run as a formula (one beginning
// with =, +, -, @, a tab or a carriage return) with a single quote.
func NeutraliseFormula(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// WriteJSON writes rows as a JSON array with one object per row, keys in column order.
// Instants are RFC 3339 strings; NaN and infinities, which JSON lacks, become null.
func WriteJSON(w io.Writer, rows *sql.Rows) (int64, error) {
	s, err := newScanner(rows)
	if err != nil {
		return 0, err
	}
	keys := make([][]byte, len(s.cols))
	for i, c := range s.cols {
		if keys[i], err = marshal(c.name); err != nil {
			return 0, err
		}
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("[")
	var n int64
	for {
		ok, err := s.next()
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		if n > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  {")
		for i, v := range s.vals {
			if i > 0 {
				bw.WriteString(", ")
			}
			b, err := marshal(jsonValue(v, s.cols[i].dbType))
			if err != nil {
				return n, fmt.Errorf("column %s: %w", s.cols[i].name, err)
			}
			bw.Write(keys[i])
			bw.WriteString(": ")
			bw.Write(b)
		}
		bw.WriteString("}")
		n++
	}
	if n > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return n, bw.Flush()
}

// marshal is json.Marshal without escaping <, > and &, which are harmless outside HTML.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// text renders a non-null value as a table or CSV cell.
func text(v any, dbType string) string {
	switch x := v.(type) {
	case string:
		return x
	case time.Time:
		return timeText(x, dbType)
	case []byte:
		if dbType == "UUID" && len(x) == 16 {
			return uuidText(x)
		}
		return `\x` + hex.EncodeToString(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case duckdb.Interval:
		return intervalText(x)
	case []any, map[string]any, duckdb.Map, duckdb.OrderedMap:
		b, err := marshal(jsonValue(v, dbType))
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(b)
	}
	return fmt.Sprint(v)
}

// jsonValue converts a scanned value into one encoding/json writes the way WriteJSON promises.
func jsonValue(v any, dbType string) any {
	switch x := v.(type) {
	case nil, string, bool:
		return x
	case time.Time:
		return timeText(x, dbType)
	case []byte:
		if dbType == "UUID" && len(x) == 16 {
			return uuidText(x)
		}
		return x // base64, as encoding/json writes bytes
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil
		}
		return x
	case duckdb.Decimal:
		return json.Number(x.String())
	case *big.Int:
		return json.Number(x.String())
	case duckdb.Interval:
		return intervalText(x)
	case []any:
		elem := strings.TrimSuffix(dbType, "[]")
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e, elem)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e, "")
		}
		return out
	case duckdb.Map:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = jsonValue(e, "")
		}
		return out
	case duckdb.OrderedMap:
		out := make(map[string]any, x.Len())
		values := x.Values()
		for i, k := range x.Keys() {
			out[fmt.Sprint(k)] = jsonValue(values[i], "")
		}
		return out
	}
	return v
}

// timeText writes a DuckDB date or time value: TIMESTAMPTZ as an RFC 3339 instant in UTC,
// TIMESTAMP (a wall time with no zone) and DATE and TIME without an offset.
func timeText(t time.Time, dbType string) string {
	switch {
	case dbType == "DATE":
		return t.Format(time.DateOnly)
	case dbType == "TIMETZ" || strings.HasPrefix(dbType, "TIME WITH"):
		return t.Format("15:04:05.999999Z07:00")
	case dbType == "TIME" || dbType == "TIME_NS":
		return t.Format("15:04:05.999999999")
	case dbType == "TIMESTAMPTZ" || strings.HasPrefix(dbType, "TIMESTAMP WITH"):
		return t.UTC().Format(time.RFC3339Nano)
	case strings.HasPrefix(dbType, "TIMESTAMP"):
		return t.Format("2006-01-02T15:04:05.999999999")
	}
	return t.Format(time.RFC3339Nano)
}

func uuidText(b []byte) string {
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func intervalText(iv duckdb.Interval) string {
	var parts []string
	if iv.Months != 0 {
		parts = append(parts, fmt.Sprintf("%d months", iv.Months))
	}
	if iv.Days != 0 {
		parts = append(parts, fmt.Sprintf("%d days", iv.Days))
	}
	if iv.Micros != 0 || len(parts) == 0 {
		d := time.Duration(iv.Micros) * time.Microsecond
		parts = append(parts, d.String())
	}
	return strings.Join(parts, " ")
}

// isNumber reports whether a scanned value is a number, written as is in CSV.
func isNumber(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
		float32, float64, duckdb.Decimal, *big.Int:
		return true
	}
	return false
}

// numericType reports whether a DuckDB type holds numbers (right-aligned in a table).
func numericType(dbType string) bool {
	switch {
	case strings.HasSuffix(dbType, "]"):
		return false
	case strings.HasPrefix(dbType, "DECIMAL"):
		return true
	}
	switch dbType {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
		"UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE":
		return true
	}
	return false
}

// Plural is one when n is 1, else many.
func Plural(n int, one, many string) string { return pipeline.Plural(n, one, many) }
