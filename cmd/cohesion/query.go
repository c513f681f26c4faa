// query.go is `cohesion query`: run a named query or one SQL statement on the database opened
// read-only, and write the rows as a table, CSV, JSON, Parquet or an Arrow stream.
package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"cohesion/pipeline/export"
	"cohesion/queries"
)

var queryFormats = []string{"table", "csv", "json", "parquet", "arrow"}

// missingTable finds the table DuckDB could not find, to tell a user who has not run the models.
var missingTable = regexp.MustCompile(`Table with name (\S+) does not exist`)

func runQuery(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlags("query", `query [--db FILE] (NAME | --sql SQL) [--param NAME=VALUE]... [--format FORMAT] [--out FILE]
       cohesion query --list`, `  cohesion query --list                                         # the named queries and their parameters
  cohesion query attendance_by_session --param program=intro
  cohesion query members_attendance --param cohort=spring-a --format csv --out spring-a.csv
  cohesion query --sql 'select * from retention where program = $program' --param program=intro --format json
  cohesion query --sql "from attendance" --format parquet --out attendance.parquet
  cohesion query retention_by_cohort --param program=intro --format arrow > retention.arrows
`, out)
	dbPath := dbFlag(fs)
	sqlText := fs.String("sql", "", "run this SQL (one statement that only reads) instead of a named query")
	params := fs.StringArrayP("param", "p", nil, "a parameter NAME=VALUE, bound as $NAME (never pasted into the SQL); repeat for several")
	format := fs.StringP("format", "f", "table", "table, csv, json, parquet (needs --out) or arrow (an Arrow IPC stream)")
	outPath := fs.StringP("out", "o", "", "file to write (default standard output)")
	list := fs.Bool("list", false, "list the named queries with their descriptions and parameters")
	fs.Usage = withNote(fs.Usage, out, `
The database is opened read-only: a statement that would change it fails and changes nothing.
No other file is read or written (but --out), and no DuckDB extension is installed or loaded.
Parameters are bound as SQL parameters: write $NAME in the SQL (in single quotes in the shell).
CSV: a text cell beginning with =, +, -, @, a tab or a carriage return gets a leading single quote,
so a spreadsheet shows it instead of running it as a formula; numbers are written as they are.
JSON: an array of objects, one per row; instants (TIMESTAMPTZ) are RFC 3339 in UTC.
`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	named, err := namedQueries()
	if err != nil {
		return err
	}
	if *list {
		if fs.NArg() > 0 || *sqlText != "" {
			return usagef("--list takes no query")
		}
		listNamed(out, named)
		return nil
	}
	if !slices.Contains(queryFormats, *format) {
		return usagef("unknown --format %q (formats: %s)", *format, strings.Join(queryFormats, ", "))
	}
	if *format == "parquet" && *outPath == "" {
		return usagef("--format parquet needs --out FILE")
	}
	values, err := parseParams(*params)
	if err != nil {
		return err
	}
	var query *export.NamedQuery
	text := *sqlText
	switch {
	case fs.NArg() == 0 && text == "":
		return usagef("which query? give a NAME (see 'cohesion query --list') or --sql SQL")
	case fs.NArg() > 0 && text != "":
		return usagef("give a query NAME or --sql, not both")
	case fs.NArg() > 1:
		return usagef("query takes one NAME, got %q", fs.Args())
	case fs.NArg() == 1:
		q, ok := findNamed(named, fs.Arg(0))
		if !ok {
			return usagef("no named query %q (named queries: %s)", fs.Arg(0), strings.Join(namedNames(named), ", "))
		}
		if err := checkParams(q.Name, q.ParamNames(), values); err != nil {
			return err
		}
		query, text = &q, q.SQL
	}
	if *format == "arrow" && *outPath == "" && isTerminal(out) {
		return usagef("an Arrow stream is binary: give --out FILE or redirect standard output")
	}

	db, err := openMarts(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var writable []string // the one file DuckDB itself writes: a Parquet result
	partial := ""
	if *format == "parquet" {
		if partial, err = export.PartialName(*outPath); err != nil {
			return err
		}
		writable = append(writable, partial)
	}
	if err := export.Confine(ctx, conn, writable...); err != nil {
		return err
	}
	st, err := export.Check(ctx, conn, text)
	if err != nil {
		if query == nil {
			return err
		}
		if m := missingTable.FindStringSubmatch(err.Error()); m != nil {
			return fmt.Errorf("named query %s: the database has no table %s: run 'cohesion run' to build the marts first", query.Name, m[1])
		}
		return fmt.Errorf("named query %s: %w", query.Name, err)
	}
	if query == nil {
		if err := checkParams("the SQL", st.Params, values); err != nil {
			return err
		}
	} else if err := checkParams(query.Name, st.Params, values); err != nil {
		// The header and the SQL disagree: a fault of the named query, not of the caller.
		return fmt.Errorf("named query %s: its header does not declare the parameters its SQL uses: %v", query.Name, err)
	}
	bound := export.Args(values)

	var n int64
	switch *format {
	case "parquet":
		n, err = export.WriteParquet(ctx, conn, st, bound, partial, *outPath)
	case "arrow":
		err = writeTo(*outPath, out, func(w io.Writer) error {
			n, err = export.WriteArrow(ctx, conn, st, bound, w)
			return err
		})
	default:
		rows, qerr := export.Query(ctx, conn, st, bound)
		if qerr != nil {
			return qerr
		}
		defer rows.Close()
		write := export.WriteTable
		switch *format {
		case "csv":
			write = export.WriteCSV
		case "json":
			write = export.WriteJSON
		}
		err = writeTo(*outPath, out, func(w io.Writer) error {
			n, err = write(w, rows)
			return err
		})
	}
	if err != nil {
		return err
	}
	if *outPath != "" {
		fmt.Fprintf(out, "wrote %d rows to %s\n", n, *outPath)
	}
	return nil
}

// namedQueries reads the named queries embedded from queries/named.
func namedQueries() ([]export.NamedQuery, error) {
	sub, err := fs.Sub(queries.Named, "named")
	if err != nil {
		return nil, err
	}
	return export.ReadNamed(sub)
}

func listNamed(w io.Writer, named []export.NamedQuery) {
	fmt.Fprintln(w, "Named queries (cohesion query NAME --param NAME=VALUE ...):")
	for _, q := range named {
		fmt.Fprintf(w, "\n  %s\n      %s\n", q.Name, q.Description)
		for _, p := range q.Params {
			fmt.Fprintf(w, "      --param %s=...  %s\n", p.Name, p.Description)
		}
	}
}

func findNamed(named []export.NamedQuery, name string) (export.NamedQuery, bool) {
	for _, q := range named {
		if q.Name == name {
			return q, true
		}
	}
	return export.NamedQuery{}, false
}

func namedNames(named []export.NamedQuery) []string {
	var names []string
	for _, q := range named {
		names = append(names, q.Name)
	}
	return names
}

// parseParams reads --param NAME=VALUE flags; a value may itself contain '='.
func parseParams(flags []string) (map[string]string, error) {
	values := map[string]string{}
	for _, f := range flags {
		name, value, ok := strings.Cut(f, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, usagef("--param %q: want NAME=VALUE", f)
		}
		if _, dup := values[name]; dup {
			return nil, usagef("--param %s given twice", name)
		}
		values[name] = value
	}
	return values, nil
}

// checkParams makes the given values and the parameters a query takes agree, naming the first
// one missing or unknown.
func checkParams(query string, takes []string, values map[string]string) error {
	for _, name := range takes {
		if _, ok := values[name]; !ok {
			return usagef("missing --param %s=VALUE (%s takes %s)", name, query, paramList(takes))
		}
	}
	var unknown []string
	for name := range values {
		if !slices.Contains(takes, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return usagef("unknown --param %s (%s takes %s)", unknown[0], query, paramList(takes))
	}
	return nil
}

func paramList(names []string) string {
	if len(names) == 0 {
		return "no parameters"
	}
	return strings.Join(names, ", ")
}

// writeTo runs write on the file at path (written beside it and renamed into place, so a failed
// query leaves no half-written file), or on out when path is empty.
func writeTo(path string, out io.Writer, write func(io.Writer) error) error {
	if path == "" {
		return write(out)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return err
	}
	// Made again under the same name so that it gets the usual permissions, as os.Create
	// gives, rather than CreateTemp's owner-only ones.
	name := tmp.Name()
	tmp.Close()
	os.Remove(name)
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	defer os.Remove(name)
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(name, path)
}

// isTerminal reports whether w is a terminal, where a binary stream would be garbage.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
