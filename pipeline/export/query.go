// Package export gets data out of the cohesion database for analysis elsewhere: the result of one
// read-only query as a table, CSV, JSON, Parquet or an Arrow stream, and the pseudonymised export
// of every mart as Parquet with a manifest.
package export

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ErrReadOnly is the error for a statement that would change the database: query opens it
// read-only, and says so instead of DuckDB's message about attached databases.
var ErrReadOnly = errors.New("the database is opened read-only: query cannot change data")

// Statement is one checked statement that only reads, with the names of its $parameters.
type Statement struct {
	SQL    string   // as given, less trailing semicolons
	Params []string // parameter names, sorted
}

// readingStatements are the statement types query runs; anything else would write, or change
// the session, and is refused before it runs.
var readingStatements = map[duckdb.StmtType]bool{
	duckdb.STATEMENT_TYPE_SELECT:  true, // also DESCRIBE, SHOW, SUMMARIZE, FROM-first and PRAGMA table_info
	duckdb.STATEMENT_TYPE_EXPLAIN: true,
	duckdb.STATEMENT_TYPE_CALL:    true, // table functions such as pragma_table_info
}

var statementNames = map[duckdb.StmtType]string{
	duckdb.STATEMENT_TYPE_INSERT: "INSERT", duckdb.STATEMENT_TYPE_UPDATE: "UPDATE",
	duckdb.STATEMENT_TYPE_DELETE: "DELETE", duckdb.STATEMENT_TYPE_CREATE: "CREATE",
	duckdb.STATEMENT_TYPE_ALTER: "ALTER", duckdb.STATEMENT_TYPE_DROP: "DROP",
	duckdb.STATEMENT_TYPE_COPY: "COPY", duckdb.STATEMENT_TYPE_EXPORT: "EXPORT",
	duckdb.STATEMENT_TYPE_ATTACH: "ATTACH", duckdb.STATEMENT_TYPE_DETACH: "DETACH",
	duckdb.STATEMENT_TYPE_SET: "SET", duckdb.STATEMENT_TYPE_VARIABLE_SET: "SET VARIABLE",
	duckdb.STATEMENT_TYPE_TRANSACTION: "transaction", duckdb.STATEMENT_TYPE_PRAGMA: "PRAGMA",
	duckdb.STATEMENT_TYPE_VACUUM: "VACUUM", duckdb.STATEMENT_TYPE_LOAD: "LOAD",
	duckdb.STATEMENT_TYPE_CREATE_FUNC: "CREATE FUNCTION", duckdb.STATEMENT_TYPE_ANALYZE: "ANALYZE",
}

// Check prepares sqlText on conn without running it, and makes sure it is a single statement
// that only reads. It returns the names of the statement's $parameters.
func Check(ctx context.Context, conn *sql.Conn, sqlText string) (Statement, error) {
	st := Statement{SQL: trimStatement(sqlText)}
	if st.SQL == "" {
		return st, errors.New("the query is empty")
	}
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("not a database connection")
		}
		// Prepare, unlike PrepareContext, refuses several statements instead of running all
		// but the last one.
		prepared, err := c.Prepare(st.SQL)
		if err != nil {
			if strings.Contains(err.Error(), "multi-statement") {
				if firstWord(st.SQL) == "pivot" {
					// DuckDB runs a PIVOT that finds its own columns as two statements.
					return errors.New("a PIVOT must name its columns here (PIVOT ... ON status IN ('present', 'absent') USING count(*)): without them it runs two statements, and query runs one")
				}
				return errors.New("query runs one statement at a time; this text holds several")
			}
			return readOnly(err)
		}
		defer prepared.Close()
		stmt, ok := prepared.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("not a DuckDB statement")
		}
		kind, err := stmt.StatementType()
		if err != nil {
			return err
		}
		if !readingStatements[kind] {
			name := statementNames[kind]
			if kind == duckdb.STATEMENT_TYPE_VACUUM && firstWord(st.SQL) == "analyze" {
				name = "ANALYZE" // DuckDB parses ANALYZE as a kind of VACUUM
			}
			if name == "" {
				name = "non-query"
			}
			return fmt.Errorf("%w (%s is not a query)", ErrReadOnly, name)
		}
		seen := map[string]bool{}
		for i := 1; i <= stmt.NumInput(); i++ {
			name, err := stmt.ParamName(i)
			if err != nil {
				return err
			}
			if !seen[name] {
				seen[name] = true
				st.Params = append(st.Params, name)
			}
		}
		sort.Strings(st.Params)
		return nil
	})
	return st, err
}

// firstWord is the statement's first word, lower-cased, after any leading comments.
func firstWord(s string) string {
	for {
		s = strings.TrimSpace(s)
		switch {
		case strings.HasPrefix(s, "--"):
			_, s, _ = strings.Cut(s, "\n")
		case strings.HasPrefix(s, "/*"):
			_, s, _ = strings.Cut(s, "*/")
		default:
			end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
			if end < 0 {
				end = len(s)
			}
			return strings.ToLower(s[:end])
		}
	}
}

// trimStatement drops surrounding space and trailing semicolons, so the statement can be
// wrapped in COPY (...).
func trimStatement(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasSuffix(s, ";") {
		s = strings.TrimSpace(strings.TrimSuffix(s, ";"))
	}
	return s
}

// Args turns parameter values into named arguments for database/sql ($name in the SQL).
func Args(params map[string]string) []any {
	names := make([]string, 0, len(params))
	for n := range params {
		names = append(names, n)
	}
	sort.Strings(names)
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = sql.Named(n, params[n])
	}
	return args
}

// ErrConfined is the error for a statement that reaches for a file other than the database:
// query runs confined (see Confine).
var ErrConfined = errors.New("query reads only the database: no other file can be read or written")

// needsExtension finds the extension DuckDB would have installed for a function.
var needsExtension = regexp.MustCompile(`but it exists in the (\S+) extension`)

// readOnly turns DuckDB's refusals into one clear line for the CLI: ErrReadOnly for a write,
// ErrConfined for a file, a word on extensions, else the first line of DuckDB's message.
func readOnly(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "read-only mode"):
		return ErrReadOnly
	case strings.Contains(msg, "disabled by configuration"):
		return ErrConfined
	}
	if m := needsExtension.FindStringSubmatch(msg); m != nil {
		first, _, _ := strings.Cut(msg, ",")
		return fmt.Errorf("%s; query installs and loads no extension (%s)", first, m[1])
	}
	if first, _, multi := strings.Cut(msg, "\n"); multi {
		return errors.New(strings.TrimSpace(first))
	}
	return err
}

// Query runs a checked statement and returns its rows.
func Query(ctx context.Context, conn *sql.Conn, st Statement, args []any) (*sql.Rows, error) {
	rows, err := conn.QueryContext(ctx, st.SQL, args...)
	return rows, readOnly(err)
}

// WriteParquet writes the statement's result to a Parquet file at path with DuckDB's COPY, which
// runs on the read-only connection (COPY TO a file changes no database). The file is written
// to partial (from PartialName, the one path Confine lets DuckDB write) and renamed into place,
// so a failed query leaves no half-written file.
func WriteParquet(ctx context.Context, conn *sql.Conn, st Statement, args []any, partial, path string) (int64, error) {
	defer os.Remove(partial)
	res, err := conn.ExecContext(ctx, fmt.Sprintf("copy (\n%s\n) to %s (format parquet)", st.SQL, quoteString(partial)), args...)
	if err != nil {
		return 0, readOnly(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	return n, os.Rename(partial, path)
}

// PartialName returns an unused name beside path for a file being written. The name is
// reserved and released again, so the writer creates the file with the usual permissions.
func PartialName(path string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	return name, os.Remove(name)
}

// quoteString makes s a SQL string literal (file paths in COPY cannot be parameters).
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// quoteIdent makes s a SQL identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// Confine shuts conn's DuckDB instance off from everything but the database it has open, before
// any statement of the user's is prepared: no file read or written outside writable (the one
// file query itself writes, if any), no extension installed or loaded, and no setting changed
// back. Preparing a statement can already act (EXPORT DATABASE makes its folder, dbgen
// downloads an extension), so Check must come after.
func Confine(ctx context.Context, conn *sql.Conn, writable ...string) error {
	// Another handle on the same file in this process shares the instance, and may have
	// confined it already: then it is kept as it is, if it is confined as here.
	var locked, external, install, load bool
	err := conn.QueryRowContext(ctx, `select current_setting('lock_configuration'),
		current_setting('enable_external_access'), current_setting('autoinstall_known_extensions'),
		current_setting('autoload_known_extensions')`).Scan(&locked, &external, &install, &load)
	if err != nil {
		return fmt.Errorf("confining the query: %w", err)
	}
	if locked {
		if external || install || load {
			return errors.New("confining the query: the database's configuration is locked open")
		}
		return nil
	}
	var settings []string
	if len(writable) > 0 {
		paths := make([]string, len(writable))
		for i, p := range writable {
			abs, err := filepath.Abs(p)
			if err != nil {
				return err
			}
			paths[i] = quoteString(abs)
		}
		settings = append(settings, "set allowed_paths = ["+strings.Join(paths, ", ")+"]")
	}
	settings = append(settings,
		// Connections opened later on this instance cannot set their zone once it is locked.
		"set global TimeZone = 'UTC'",
		"set enable_external_access = false",
		"set autoinstall_known_extensions = false",
		"set autoload_known_extensions = false",
		"set lock_configuration = true")
	for _, s := range settings {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("confining the query (%s): %w", s, err)
		}
	}
	return nil
}
