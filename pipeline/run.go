// run.go is the model runner: it reads the SQL models embedded from queries/, orders them by the
// names each one references (no hand-kept list), builds each as its header says (a stored table,
// or a step of the run that is never written to disk), then runs the data tests.
package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// Model is one SQL model: a SELECT whose result is named after its file.
type Model struct {
	Name string
	SQL  string
	Deps []string // other models it reads
	// Materialized is how a run makes it, from the `-- materialized:` line of its header:
	// Table (the default) is stored in the database for reports, exports and queries; Ephemeral
	// is a temporary table, computed once for the models that read it and gone when the run
	// ends; View is a temporary view, computed where it is read (its filters reach the tables
	// below it) and never stored.
	Materialized string
	// Partition is the column whose value decides which rows of what it reads a row depends
	// on, from the `-- partition:` line of its header (incremental.go): cohort or file_id.
	Partition string
	// PartitionColumn is the column that holds the partition's value (the cohort's is most
	// often named cohort).
	PartitionColumn string
	// Appends: files loaded only ever add rows, which concern only those files (`--
	// incremental: append`, incremental.go).
	Appends bool
	// Computed names the Go computation whose input the model's SQL is (`-- computed:
	// cox_efron`, computed.go); "" for a model that is its SQL.
	Computed string
	// References names, for a model partitioned by cohort whose rows of a cohort also read
	// other cohorts' rows, the model listing them (`-- references: MODEL`, columns cohort and
	// reference; incremental.go).
	References string
}

// The materializations a model header may name.
const (
	Table     = "table"
	Ephemeral = "ephemeral"
	View      = "view"
)

// headerValue returns the value of the `-- KEY: VALUE` line of a model's leading comment block.
func headerValue(sqlText, key string) (string, bool) {
	for _, line := range strings.Split(sqlText, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "--") {
			break
		}
		if rest, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimPrefix(line, "--")), key+":"); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}

// materialization reads the `-- materialized: KIND` line of a model's leading comment block.
func materialization(name, sqlText string) (string, error) {
	kind, ok := headerValue(sqlText, "materialized")
	switch {
	case !ok:
		return Table, nil
	case kind == Table, kind == Ephemeral, kind == View:
		return kind, nil
	default:
		return "", fmt.Errorf("model %s: materialized: %q: want table, ephemeral or view", name, kind)
	}
}

// KeepAll returns the models with every step stored as a table, as `run --keep-intermediate`
// builds them: slower and larger, for looking at what each step made.
func KeepAll(models []Model) []Model {
	kept := make([]Model, len(models))
	for i, m := range models {
		kept[i] = m
		kept[i].Materialized = Table
	}
	return kept
}

// DataTest is a SQL query returning offending rows; it passes when it returns none.
type DataTest struct {
	Name string
	SQL  string
	// Partition is "cohort" when the test's header says `-- partition: cohort`: each row it
	// returns concerns one cohort and comes from that cohort's rows alone (RunTests).
	Partition string
}

// Settings are the `run` parameters the models read through getvariable().
type Settings struct {
	LateAfterMinutes       int
	LeftEarlyBeforeMinutes int
	// DropoutRule is how retention tells a dropout: "no-return" (in a finished cohort, a
	// starter who missed the final session; "" means the same), "consecutive" (DropoutN held
	// sessions missed in a row with no return, even before the cohort finishes) or
	// "min-attended" (in a finished cohort, a starter who attended fewer than DropoutN sessions).
	DropoutRule string
	// DropoutN is the N of consecutive:N or the K of min-attended:K; unused by no-return.
	DropoutN int
	// NormMin is how many earlier members an expected_response cell needs before check_on
	// says a member is not on track against it.
	NormMin int
}

// DefaultSettings are the thresholds used when `run` is given no flags.
var DefaultSettings = Settings{LateAfterMinutes: 10, LeftEarlyBeforeMinutes: 10, DropoutRule: "no-return", NormMin: 30}

// ModelResult is what building one model did.
type ModelResult struct {
	Name     string
	Rows     int64 // -1 for a view, which has no rows of its own
	Duration time.Duration
}

// TestResult is the outcome of one data test.
type TestResult struct {
	Name     string
	Failures int64
	Example  string // the first offending row, for the message
	Duration time.Duration
}

// ReadModels parses the model and test files of fsys and returns the models in build order.
func ReadModels(fsys fs.FS) ([]Model, []DataTest, error) {
	var models []Model
	var tests []DataTest
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".sql" {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(path.Base(p), ".sql")
		if path.Dir(p) == "tests" {
			part, column, err := partitionOf(name, string(b))
			if err != nil {
				return err
			}
			if part != "" && (part != ByCohort || column != "cohort") {
				return fmt.Errorf("data test %s: partition: want cohort", name)
			}
			tests = append(tests, DataTest{Name: name, SQL: string(b), Partition: part})
		} else if path.Dir(p) == "." {
			kind, err := materialization(name, string(b))
			if err != nil {
				return err
			}
			part, column, err := partitionOf(name, string(b))
			if err != nil {
				return err
			}
			appends, err := appendsOf(name, string(b))
			if err != nil {
				return err
			}
			computed, err := computedOf(name, string(b))
			if err != nil {
				return err
			}
			if computed != "" && (kind == View || part != "") {
				return fmt.Errorf("model %s: a computed model is a table (ephemeral or stored), never a view or partitioned", name)
			}
			refs, _ := headerValue(string(b), "references")
			if refs != "" && (part != ByCohort || kind != Table || !identifierOK(refs) || !Reads(string(b), map[string]bool{refs: true})) {
				return fmt.Errorf("model %s: references: %q: want a stored model partitioned by cohort that reads the model named", name, refs)
			}
			models = append(models, Model{Name: name, SQL: string(b), Materialized: kind, Partition: part, PartitionColumn: column, Appends: appends, Computed: computed, References: refs})
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	ordered, err := orderModels(models)
	return ordered, tests, err
}

// orderModels finds each model's dependencies among the identifiers of its SQL and sorts the
// models so that every model comes after the ones it reads (ties by name, so the order is stable).
func orderModels(models []Model) ([]Model, error) {
	byName := map[string]int{}
	for i, m := range models {
		byName[m.Name] = i
	}
	for i := range models {
		seen := map[string]bool{}
		for _, id := range identifiers(models[i].SQL) {
			if _, ok := byName[id]; ok && id != models[i].Name && !seen[id] {
				seen[id] = true
				models[i].Deps = append(models[i].Deps, id)
			}
		}
		sort.Strings(models[i].Deps)
	}
	done := map[string]bool{}
	var ordered []Model
	for len(ordered) < len(models) {
		progressed := false
		for _, m := range models {
			if done[m.Name] {
				continue
			}
			ready := true
			for _, d := range m.Deps {
				ready = ready && done[d]
			}
			if ready {
				done[m.Name] = true
				ordered = append(ordered, m)
				progressed = true
			}
		}
		if !progressed {
			var stuck []string
			for _, m := range models {
				if !done[m.Name] {
					stuck = append(stuck, m.Name)
				}
			}
			return nil, fmt.Errorf("models reference each other in a cycle: %s", strings.Join(stuck, ", "))
		}
	}
	return ordered, nil
}

// identifiers returns the lower-cased words of a SQL text outside comments and string literals.
func identifiers(sqlText string) []string {
	var ids []string
	s := strings.ToLower(sqlText)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case strings.HasPrefix(s[i:], "--"):
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return ids
			}
			i += end + 4
		case c == '\'':
			i++
			for i < len(s) && s[i] != '\'' {
				i++
			}
			i++
		case c == '_' || c >= 'a' && c <= 'z':
			j := i
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			ids = append(ids, s[i:j])
			i = j
		default:
			i++
		}
	}
	return ids
}

// Closure returns the models needed to build targets (the targets and all they read), in build order.
func Closure(models []Model, targets ...string) []Model {
	need := map[string]bool{}
	byName := map[string]Model{}
	for _, m := range models {
		byName[m.Name] = m
	}
	var visit func(string)
	visit = func(n string) {
		if need[n] {
			return
		}
		need[n] = true
		for _, d := range byName[n].Deps {
			visit(d)
		}
	}
	for _, t := range targets {
		visit(t)
	}
	var out []Model
	for _, m := range models {
		if need[m.Name] {
			out = append(out, m)
		}
	}
	return out
}

// Build creates every model, in order, in one transaction: a model that fails leaves all marts
// as they were. Tables are stored; ephemeral and view models are temporary objects of conn,
// there for the data tests after Build and dropped by DropSteps (or with conn); a stored table
// an earlier version left under a step's name is dropped, so nothing stale stays queryable.
// The settings are recorded with the marts. The models' statistical SQL functions
// (RegisterFunctions) are registered on conn first. It is BuildIncremental with every cohort
// rebuilt, so it records the fingerprints the next incremental run starts from.
func Build(ctx context.Context, conn *sql.Conn, models []Model, s Settings, each func(ModelResult)) error {
	_, err := BuildIncremental(ctx, conn, models, s, true, each)
	return err
}

// TempKind is how BuildTemp makes models: temporary tables are computed once, for models read
// several times; temporary views are computed where they are read, so one query over them is
// planned as a whole (its filters reach the raw tables and nothing is stored).
type TempKind string

const (
	TempTables TempKind = "table"
	TempViews  TempKind = "view"
)

// BuildTemp creates models as temporary tables or views of this connection, inside the
// caller's transaction; DropTemp removes them.
func BuildTemp(ctx context.Context, conn *sql.Conn, models []Model, s Settings, kind TempKind) error {
	if err := applySettings(ctx, conn, s); err != nil {
		return err
	}
	if err := RegisterFunctions(ctx, conn); err != nil {
		return err
	}
	return createModels(ctx, conn, models, "temp "+string(kind), nil)
}

// DropTemp drops the temporary tables or views BuildTemp made.
func DropTemp(ctx context.Context, conn *sql.Conn, models []Model, kind TempKind) {
	for _, m := range models {
		conn.ExecContext(context.WithoutCancel(ctx), "drop "+string(kind)+" if exists temp."+m.Name)
	}
}

// DropSteps drops the temporary tables and views Build made for the ephemeral and view models.
func DropSteps(ctx context.Context, conn *sql.Conn, models []Model) {
	for _, m := range models {
		switch m.Materialized {
		case Ephemeral:
			conn.ExecContext(context.WithoutCancel(ctx), "drop table if exists temp."+m.Name)
		case View:
			conn.ExecContext(context.WithoutCancel(ctx), "drop view if exists temp."+m.Name)
		}
	}
}

// dropStoredSteps drops what is stored under the name of a model that is no longer stored as
// that kind: a table an earlier version kept for what is now a step of the run.
func dropStoredSteps(ctx context.Context, conn *sql.Conn, models []Model) error {
	var database string
	if err := conn.QueryRowContext(ctx, "select current_database()").Scan(&database); err != nil {
		return err
	}
	for _, m := range models {
		if m.Materialized == Table {
			continue
		}
		var stored int
		err := conn.QueryRowContext(ctx, `select count(*) from duckdb_tables()
			where database_name = ? and schema_name = 'main' and table_name = ?`, database, m.Name).Scan(&stored)
		if err != nil {
			return err
		}
		if stored > 0 {
			// Named in full: "main" alone would find the temporary object of the same name.
			if _, err := conn.ExecContext(ctx, fmt.Sprintf(`drop table "%s".main.%s`, strings.ReplaceAll(database, `"`, `""`), m.Name)); err != nil {
				return fmt.Errorf("model %s: %w", m.Name, err)
			}
		}
	}
	return nil
}

// createModels makes each model: as kind when one is given (BuildTemp), else as its header says.
func createModels(ctx context.Context, conn *sql.Conn, models []Model, kind string, each func(ModelResult)) error {
	for _, m := range models {
		kind := kind
		if kind == "" {
			switch m.Materialized {
			case Ephemeral:
				kind = "temp table"
			case View:
				kind = "temp view"
			default:
				kind = "table"
			}
		}
		if m.Computed != "" {
			if kind == "temp view" {
				kind = "temp table"
			}
			if err := buildComputed(ctx, conn, m, kind, each); err != nil {
				return err
			}
			continue
		}
		start := time.Now()
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("create or replace %s %s as (\n%s\n)", kind, m.Name, m.SQL)); err != nil {
			return fmt.Errorf("model %s: %w", m.Name, err)
		}
		if err := reportModel(ctx, conn, each, m.Name, kind == "temp view", start); err != nil {
			return err
		}
	}
	return nil
}

// reportModel tells each (when given) that the model name was built, with its rows: none for a
// view, which is computed where it is read (counting its rows would compute it once more).
func reportModel(ctx context.Context, conn *sql.Conn, each func(ModelResult), name string, view bool, start time.Time) error {
	switch {
	case each == nil:
		return nil
	case view:
		each(ModelResult{Name: name, Rows: -1, Duration: time.Since(start)})
		return nil
	}
	var n int64
	if err := conn.QueryRowContext(ctx, "select count(*) from "+name).Scan(&n); err != nil {
		return fmt.Errorf("model %s: %w", name, err)
	}
	each(ModelResult{Name: name, Rows: n, Duration: time.Since(start)})
	return nil
}

func applySettings(ctx context.Context, conn *sql.Conn, s Settings) error {
	// The dropout rule reaches the SQL as its name and N; an unknown name or an N below 1 is
	// refused here, so a caller of Build cannot hand the models a rule they do not know.
	rule, n := s.DropoutRule, s.DropoutN
	switch rule {
	case "", "no-return":
		rule, n = "no-return", 0
	case "consecutive", "min-attended":
		if n < 1 {
			return fmt.Errorf("dropout rule %s:%d: the number of sessions must be 1 or more", rule, n)
		}
	default:
		return fmt.Errorf("dropout rule %q: want no-return, consecutive:N or min-attended:K", rule)
	}
	for name, v := range map[string]int{
		"late_after_minutes":        s.LateAfterMinutes,
		"left_early_before_minutes": s.LeftEarlyBeforeMinutes,
		"dropout_n":                 n,
		"norm_min":                  normMin(s),
	} {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("set variable %s = %d", name, v)); err != nil {
			return err
		}
	}
	// rule is one of the three names checked above, so spelling it inline is safe.
	_, err := conn.ExecContext(ctx, fmt.Sprintf("set variable dropout_rule = '%s'", rule))
	return err
}

// normMin is the settings' NormMin, 30 when unset (a Settings built without it).
func normMin(s Settings) int {
	if s.NormMin < 1 {
		return 30
	}
	return s.NormMin
}

// recordSettings keeps the thresholds and the dropout rule the marts were built with (the rule
// spelled as `run --dropout-rule` takes it, e.g. "consecutive:2"), so reports and exports can
// say so. Build calls it after applySettings has checked the rule.
func recordSettings(ctx context.Context, conn *sql.Conn, s Settings) error {
	rule := "no-return"
	if s.DropoutRule != "" && s.DropoutRule != "no-return" {
		rule = fmt.Sprintf("%s:%d", s.DropoutRule, s.DropoutN)
	}
	_, err := conn.ExecContext(ctx, `create or replace table run_settings as
		select ?::integer as late_after_minutes, ?::integer as left_early_before_minutes,
			?::varchar as dropout_rule, ?::integer as norm_min, now() as built_at`,
		s.LateAfterMinutes, s.LeftEarlyBeforeMinutes, rule, normMin(s))
	return err
}

// Test runs the data tests and returns one result per test.
func Test(ctx context.Context, conn *sql.Conn, tests []DataTest) ([]TestResult, error) {
	var results []TestResult
	for _, t := range tests {
		start := time.Now()
		r := TestResult{Name: t.Name}
		q := strings.TrimRight(strings.TrimSpace(t.SQL), ";")
		rows, err := conn.QueryContext(ctx, fmt.Sprintf("select count(*) over () as n, t::varchar from (\n%s\n) as t limit 1", q))
		if err != nil {
			return nil, fmt.Errorf("data test %s: %w", t.Name, err)
		}
		for rows.Next() {
			if err := rows.Scan(&r.Failures, &r.Example); err != nil {
				rows.Close()
				return nil, fmt.Errorf("data test %s: %w", t.Name, err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("data test %s: %w", t.Name, err)
		}
		r.Duration = time.Since(start)
		results = append(results, r)
	}
	return results, nil
}
