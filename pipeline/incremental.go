// incremental.go rebuilds, on a run after the first, only the cohorts whose inputs changed.
//
// A model whose header says `-- partition: cohort` computes each cohort's rows from that
// cohort's rows of what it reads (and from inputs that are the same for every cohort): its
// rows of a cohort are a function of that cohort's inputs. Rows with no cohort (answers attached
// to no cohort, say) belong to no cohort and are recomputed on every run. A model saying
// `-- partition: file_id` is a function of each file's own rows (what the file said, read
// through the models it reads): it changes only when files are loaded or unloaded, and those
// files reach a cohort only through a cohort-partitioned input that lists them.
//
// A run fingerprints, for each cohort, every input the partitioned models read from outside the
// partitioned part (for example the cohort's roster rows, sessions and attached forms), and
// fingerprints once everything else they read (instruments, the survey codebook), with the
// settings and the models' SQL. It compares them with the fingerprints the last run stored
// (run_state): when the global one is the same, only the cohorts whose fingerprint differs (new,
// changed or gone) are rebuilt, their rows deleted from the partitioned tables and computed
// again; every model that is not partitioned is built whole as always, from the partitioned
// tables, now complete. Otherwise, or with `run --full`, everything is built whole.
package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"sort"
	"strings"
	"time"
)

// Partition columns a model header may name.
const (
	ByCohort = "cohort"
	ByFile   = "file_id"
)

// partitionOf reads the `-- partition:` line of a model's leading comment block: `cohort` (the
// rows' cohort column is named cohort), `cohort (COLUMN)` (it is named COLUMN) or `file_id`.
// It returns the partition and the column.
func partitionOf(name, sqlText string) (string, string, error) {
	rest, ok := headerValue(sqlText, "partition")
	if !ok {
		return "", "", nil
	}
	kind, column, named := strings.Cut(rest, " ")
	column = strings.TrimSpace(column)
	if named && strings.HasPrefix(column, "(") && strings.HasSuffix(column, ")") {
		column = strings.TrimSpace(column[1 : len(column)-1])
	} else if named {
		column = "" // refused below
	} else {
		column = kind
	}
	switch {
	case kind == ByFile && !named, kind == ByCohort && column != "" && identifierOK(column):
		return kind, column, nil
	default:
		return "", "", fmt.Errorf("model %s: partition: %q: want cohort, cohort (COLUMN) or file_id", name, rest)
	}
}

// identifierOK is true for a plain lower-case SQL column name.
func identifierOK(s string) bool {
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// appendsOf reads the `-- incremental: append` line of a model's leading comment block: its
// rows are only ever added by files loaded (a row per distinct survey header, say), and a row
// added concerns only the files that bring it, which reach cohorts through another input. An
// incremental run builds on the last one when the rows it had are all still there.
func appendsOf(name, sqlText string) (bool, error) {
	rest, ok := headerValue(sqlText, "incremental")
	if ok && rest != "append" {
		return false, fmt.Errorf("model %s: incremental: %q: want append", name, rest)
	}
	return ok, nil
}

// plan is which models an incremental run builds per cohort and what it fingerprints.
type plan struct {
	scoped map[string]bool // built only for the cohorts in run_scope
	// extended: scoped models rebuilt for more cohorts than run_scope's, as they have references
	// or read a model that has
	extended map[string]bool
	inputs   []string // models read by scoped ones from outside them, per cohort or whole
	prebuilt []Model  // the models the fingerprints need, in build order
	rest     []Model  // the others, in build order
}

// planIncremental finds the scoped models: those partitioned by cohort whose every reader is
// scoped too, or that are stored (a stored table is whole again after its cohorts are
// replaced). A temporary step read by a model that is not partitioned is built whole.
func planIncremental(models []Model) (plan, error) {
	byName := map[string]Model{}
	readers := map[string][]string{}
	for _, m := range models {
		byName[m.Name] = m
		for _, d := range m.Deps {
			readers[d] = append(readers[d], m.Name)
		}
	}
	scoped := map[string]bool{}
	for _, m := range models {
		scoped[m.Name] = m.Partition == ByCohort
	}
	for changed := true; changed; {
		changed = false
		for _, m := range models {
			if !scoped[m.Name] || m.Materialized == Table {
				continue
			}
			for _, r := range readers[m.Name] {
				if !scoped[r] {
					scoped[m.Name], changed = false, true
					break
				}
			}
		}
	}
	// The inputs: what scoped models read that is not scoped. A file-partitioned input is
	// replaced by what it reads, as its files reach cohorts through another input.
	seen := map[string]bool{}
	var inputs, files []string
	var add func(string)
	add = func(n string) {
		if seen[n] || scoped[n] {
			return
		}
		seen[n] = true
		if byName[n].Partition == ByFile {
			files = append(files, n) // built before the fingerprints, as the scoped models read it whole
			for _, d := range byName[n].Deps {
				add(d)
			}
			return
		}
		inputs = append(inputs, n)
	}
	for _, m := range models {
		if scoped[m.Name] {
			for _, d := range m.Deps {
				// The references of a model are not fingerprinted by cohort: the run compares
				// them with the last run's and rebuilds the cohorts whose references changed.
				if d != m.References {
					add(d)
				}
			}
		}
	}
	for _, m := range models {
		if m.References != "" && scoped[m.References] {
			return plan{}, fmt.Errorf("model %s: its references, %s, must be built whole, not by cohort", m.Name, m.References)
		}
	}
	sort.Strings(inputs)
	// The inputs must not depend on a scoped model: a cohort's fingerprint would then be made
	// from rows this run has not rebuilt yet.
	needed := Closure(models, append(inputs, files...)...)
	for _, m := range needed {
		if scoped[m.Name] {
			return plan{}, fmt.Errorf("model %s is partitioned by cohort but models it feeds are read back by partitioned models through %s", m.Name, strings.Join(inputs, ", "))
		}
	}
	p := plan{scoped: scoped, inputs: inputs, prebuilt: needed, extended: map[string]bool{}}
	for _, m := range models { // in build order: a model's deps come first
		if !scoped[m.Name] {
			continue
		}
		p.extended[m.Name] = m.References != ""
		for _, d := range m.Deps {
			p.extended[m.Name] = p.extended[m.Name] || p.extended[d]
		}
	}
	in := map[string]bool{}
	for _, m := range needed {
		in[m.Name] = true
	}
	for _, m := range models {
		if !in[m.Name] {
			p.rest = append(p.rest, m)
		}
	}
	return p, nil
}

// Incremental is what BuildIncremental did.
type Incremental struct {
	Full    bool     // every model built whole
	Why     string   // why it was a full build
	Cohorts []string // the cohorts rebuilt, when not Full
	// TestsPassed: every data test of the last build passed (RunTests said so). The build
	// itself clears it, in its own transaction: until RunTests has tested it, a build vouches
	// for nothing, even if the process dies between the two.
	TestsPassed bool
}

// BuildIncremental builds the models as Build does, but rebuilds the partitioned models only
// for the cohorts whose inputs changed since the last run (everything when full is set, on the
// first run, or when the settings, the models or an input shared by all cohorts changed). The
// marts are the same either way.
func BuildIncremental(ctx context.Context, conn *sql.Conn, models []Model, s Settings, full bool, each func(ModelResult)) (inc Incremental, err error) {
	p, err := planIncremental(models)
	if err != nil {
		return inc, err
	}
	if err := applySettings(ctx, conn, s); err != nil {
		return inc, err
	}
	if err := RegisterFunctions(ctx, conn); err != nil {
		return inc, err
	}
	if _, err := conn.ExecContext(ctx, "begin transaction"); err != nil {
		return inc, err
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "rollback")
		}
	}()
	if err := createModels(ctx, conn, p.prebuilt, "", each); err != nil {
		return inc, err
	}
	global, err := fingerprint(ctx, conn, models, p, s)
	if err != nil {
		return inc, err
	}
	inc.Full = true
	switch {
	case full:
		inc.Why = "--full"
	default:
		inc.Why, err = mustRebuild(ctx, conn, models, p, global)
		if err != nil {
			return inc, err
		}
	}
	if inc.Why == "" {
		if inc.Cohorts, err = changedCohorts(ctx, conn); err != nil {
			return inc, err
		}
		inc.Full = false
	}
	if inc.Full {
		err = createModels(ctx, conn, p.rest, "", each)
	} else {
		err = createScoped(ctx, conn, p, inc.Cohorts, each)
	}
	if err != nil {
		return inc, err
	}
	if err := dropStoredSteps(ctx, conn, models); err != nil {
		return inc, err
	}
	if err := recordSettings(ctx, conn, s); err != nil {
		return inc, err
	}
	if err := recordBuiltFrom(ctx, conn); err != nil {
		return inc, err
	}
	var verdict sql.NullString
	if err := conn.QueryRowContext(ctx, `select max(value) from meta where key = ?`, metaTestsPassed).Scan(&verdict); err != nil {
		return inc, err
	}
	inc.TestsPassed = verdict.String == "true"
	if _, err := conn.ExecContext(ctx, `insert or replace into meta values (?, 'false')`, metaTestsPassed); err != nil {
		return inc, err
	}
	if err := recordState(ctx, conn, models, global); err != nil {
		return inc, err
	}
	_, err = conn.ExecContext(ctx, "commit")
	return inc, err
}

// fingerprint computes temp.run_state_now (one fingerprint per cohort, of its rows of every
// input that has a cohort column) and returns the fingerprint of the rest: the inputs with no
// cohort column, the settings and the models.
func fingerprint(ctx context.Context, conn *sql.Conn, models []Model, p plan, s Settings) (string, error) {
	var perCohort, whole, appended []string
	appends := map[string]bool{}
	for _, m := range models {
		appends[m.Name] = m.Appends
	}
	for _, in := range p.inputs {
		if appends[in] {
			appended = append(appended, fmt.Sprintf(`select '%s' as input, hash(t) as row_hash from %s as t`, in, in))
			continue
		}
		var n int
		err := conn.QueryRowContext(ctx, `select count(*) from (describe `+in+`) where column_name = 'cohort'`).Scan(&n)
		if err != nil {
			return "", fmt.Errorf("fingerprint %s: %w", in, err)
		}
		if n > 0 {
			perCohort = append(perCohort, fmt.Sprintf(
				`select cohort, '%s' as input, count(*)::varchar || ':' || sum(hash(t)::hugeint)::varchar as fp from %s as t where cohort is not null group by cohort`, in, in))
		} else {
			whole = append(whole, fmt.Sprintf(`select '%s' || ':' || count(*)::varchar || ':' || coalesce(sum(hash(t)::hugeint), 0)::varchar from %s as t`, in, in))
		}
	}
	q := `create or replace temp table run_state_now as
		select cohort::varchar as cohort, hash(string_agg(input || '=' || fp, ';' order by input))::varchar as fingerprint
		from (` + strings.Join(perCohort, "\nunion all\n") + `)
		group by cohort`
	if len(perCohort) == 0 {
		q = `create or replace temp table run_state_now as select null::varchar as cohort, null::varchar as fingerprint where false`
	}
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return "", fmt.Errorf("fingerprint: %w", err)
	}
	q = `create or replace temp table run_rows_now as select null::varchar as input, null::ubigint as row_hash where false`
	if len(appended) > 0 {
		q = `create or replace temp table run_rows_now as select distinct * from (` + strings.Join(appended, "\nunion all\n") + `)`
	}
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return "", fmt.Errorf("fingerprint: %w", err)
	}
	h := fnv.New64a()
	// Another build of cohesion may compute a model differently with the same SQL (its SQL
	// functions are Go): a run of a new build starts afresh.
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			fmt.Fprintf(h, "%s %d %d\n", exe, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	fmt.Fprintf(h, "%+v\n", s)
	for _, m := range models {
		fmt.Fprintf(h, "%s %s %s %s %d %d\n%s\n", m.Name, m.Materialized, m.Partition, m.PartitionColumn, boolInt(m.Appends), boolInt(p.scoped[m.Name]), m.SQL)
	}
	for _, q := range whole {
		var v string
		if err := conn.QueryRowContext(ctx, q).Scan(&v); err != nil {
			return "", fmt.Errorf("fingerprint: %w", err)
		}
		fmt.Fprintln(h, v)
	}
	return fmt.Sprintf("%016x", h.Sum64()), nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// mustRebuild says why this run has to build everything whole, or "" when it need not.
func mustRebuild(ctx context.Context, conn *sql.Conn, models []Model, p plan, global string) (string, error) {
	var stored sql.NullString
	err := conn.QueryRowContext(ctx, `select max(value) from meta where key = 'run_state'`).Scan(&stored)
	if err != nil {
		return "", err
	}
	switch {
	case !stored.Valid:
		return "no earlier run to build on", nil
	case stored.String != global:
		return "the settings, the models or an input of every cohort changed", nil
	}
	var database string
	if err := conn.QueryRowContext(ctx, "select current_database()").Scan(&database); err != nil {
		return "", err
	}
	for _, m := range models {
		if !p.scoped[m.Name] || m.Materialized != Table {
			continue
		}
		var n int
		err := conn.QueryRowContext(ctx, `select count(*) from duckdb_tables()
			where database_name = ? and schema_name = 'main' and table_name = ?`, database, m.Name).Scan(&n)
		if err != nil {
			return "", err
		}
		if n == 0 {
			return "table " + m.Name + " is not built yet", nil
		}
	}
	var n int
	if err := conn.QueryRowContext(ctx, `select count(*) from duckdb_tables() where database_name = ? and schema_name = 'main' and table_name in ('run_state', 'run_rows', 'run_references')`, database).Scan(&n); err != nil {
		return "", err
	}
	if n < 3 {
		return "no earlier run to build on", nil
	}
	var gone sql.NullString
	err = conn.QueryRowContext(ctx, `select min(input) from (select * from main.run_rows anti join temp.run_rows_now using (input, row_hash))`).Scan(&gone)
	if err != nil {
		return "", err
	}
	if gone.Valid {
		return "rows of " + gone.String + " changed or were taken back", nil
	}
	return "", nil
}

// changedCohorts lists the cohorts whose fingerprint differs from the last run's, or that are
// new or gone, and puts them in temp.run_scope.
func changedCohorts(ctx context.Context, conn *sql.Conn) ([]string, error) {
	if _, err := conn.ExecContext(ctx, `create or replace temp table run_scope as
		select coalesce(n.cohort, o.cohort) as cohort
		from run_state_now as n
		full join main.run_state as o using (cohort)
		where n.fingerprint is distinct from o.fingerprint`); err != nil {
		return nil, err
	}
	return queryStrings(ctx, conn, `select cohort from run_scope order by cohort`)
}

// queryStrings runs q, whose rows are one text each, and returns them.
func queryStrings(ctx context.Context, conn *sql.Conn, q string, args ...any) ([]string, error) {
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// createScoped builds the models after the fingerprints: scoped ones for the cohorts of
// run_scope (and the rows of no cohort), the others whole.
func createScoped(ctx context.Context, conn *sql.Conn, p plan, cohorts []string, each func(ModelResult)) error {
	// The cohorts are spelled out, not read from run_scope: a list of constants is pushed
	// down to the scans below the model, a subquery is not.
	list := sqlList(cohorts)
	byName := map[string]Model{}
	for _, m := range p.rest {
		byName[m.Name] = m
	}
	// Stored tables are named in full: "main" alone finds the temporary schema's objects first.
	var database string
	if err := conn.QueryRowContext(ctx, "select current_database()").Scan(&database); err != nil {
		return err
	}
	stored := `"` + strings.ReplaceAll(database, `"`, `""`) + `".main.`
	extra := map[string][]string{} // per scoped model, the cohorts rebuilt beyond the changed ones
	inputs := map[string]Model{}
	for _, m := range p.prebuilt {
		if slices.Contains(p.inputs, m.Name) {
			inputs[m.Name] = m
		}
	}
	cohortColumn := map[string]bool{}
	hasCohort := func(name string) (bool, error) {
		if v, ok := cohortColumn[name]; ok {
			return v, nil
		}
		var n int
		err := conn.QueryRowContext(ctx, `select count(*) from (describe `+name+`) where column_name = 'cohort'`).Scan(&n)
		cohortColumn[name] = n > 0
		return n > 0, err
	}
	for _, m := range p.rest {
		inScope := fmt.Sprintf(`%[1]s is null or %[1]s in (%[2]s)`, m.PartitionColumn, list)
		if !p.scoped[m.Name] {
			if err := createModels(ctx, conn, []Model{m}, "", each); err != nil {
				return err
			}
			continue
		}
		start := time.Now()
		// Beyond the changed cohorts: those whose rows of a model it reads were rebuilt as their
		// references changed, and, for a model with references, its own such cohorts.
		var more []string
		for _, d := range m.Deps {
			more = append(more, extra[d]...)
		}
		if m.References != "" {
			// Its rows of a cohort read other cohorts': rebuilt also where a reference changed.
			refs, err := referencingCohorts(ctx, conn, m)
			if err != nil {
				return fmt.Errorf("model %s: %w", m.Name, err)
			}
			more = append(more, refs...)
		}
		slices.Sort(more)
		more = slices.Compact(more)
		extra[m.Name] = more
		mList := list
		if len(more) > 0 {
			mList = sqlList(append(slices.Clone(cohorts), more...))
			inScope = fmt.Sprintf(`%[1]s is null or %[1]s in (%[2]s)`, m.PartitionColumn, mList)
		}
		// The stored partitioned tables it reads are shadowed, while it is built, by views of
		// the cohorts in scope: filters do not reach through a model's materialised CTEs. A
		// model reading other cohorts' rows reads them whole.
		var stmts, shadows, restore []string
		for _, d := range m.Deps {
			if m.References != "" {
				break
			}
			if dm, ok := byName[d]; ok && p.scoped[d] && dm.Materialized == Table {
				stmts = append(stmts, fmt.Sprintf("create temp view %s as select * from %s%s where %s", d, stored, d,
					fmt.Sprintf(`%[1]s is null or %[1]s in (%[2]s)`, dm.PartitionColumn, mList)))
				shadows = append(shadows, d)
				continue
			}
			// An input it reads by cohort too (its rows of a cohort are all a cohort's rows
			// depend on): a stored one through a view, a temporary one renamed for the while.
			im, ok := inputs[d]
			if !ok || im.Materialized == View {
				continue
			}
			has, err := hasCohort(d)
			if err != nil {
				return fmt.Errorf("model %s: %w", m.Name, err)
			}
			if !has {
				continue
			}
			from := stored + d
			if im.Materialized == Ephemeral {
				from = "temp.main." + d + "__whole"
				stmts = append(stmts, fmt.Sprintf("alter table temp.main.%[1]s rename to %[1]s__whole", d))
				restore = append(restore, fmt.Sprintf("alter table temp.main.%[1]s__whole rename to %[1]s", d))
			}
			stmts = append(stmts, fmt.Sprintf("create temp view %s as select * from %s where cohort is null or cohort in (%s)", d, from, mList))
			shadows = append(shadows, d)
		}
		switch m.Materialized {
		case Table:
			stmts = append(stmts,
				fmt.Sprintf("delete from %s%s where %s", stored, m.Name, inScope),
				fmt.Sprintf("insert into %s%s by name select * from (\n%s\n) where %s", stored, m.Name, m.SQL, inScope))
		case Ephemeral:
			stmts = append(stmts, fmt.Sprintf("create or replace temp table %s as select * from (\n%s\n) where %s", m.Name, m.SQL, inScope))
		case View:
			stmts = append(stmts, fmt.Sprintf("create or replace temp view %s as select * from (\n%s\n) where %s", m.Name, m.SQL, inScope))
		}
		for _, d := range shadows {
			stmts = append(stmts, "drop view temp.main."+d)
		}
		stmts = append(stmts, restore...)
		for _, q := range stmts {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("model %s: %w", m.Name, err)
			}
		}
		if err := reportModel(ctx, conn, each, m.Name, m.Materialized == View, start); err != nil {
			return err
		}
	}
	return nil
}

// referencingCohorts lists, for model m (which has references), the cohorts beyond those of
// run_scope whose rows must be rebuilt: those whose references, now or at the last run, name a
// cohort of run_scope. That is every cohort whose references changed, too: the references are
// made from rows fingerprinted by cohort, so they change only by a cohort that changed, which
// either is a reference now or was one.
func referencingCohorts(ctx context.Context, conn *sql.Conn, m Model) ([]string, error) {
	return queryStrings(ctx, conn, fmt.Sprintf(`
		select distinct cohort from (
			select cohort::varchar as cohort from %[1]s where reference in (select cohort from run_scope)
			union all
			select cohort from main.run_references where model = $1 and reference in (select cohort from run_scope)
		)
		where cohort is not null and cohort not in (select cohort from run_scope where cohort is not null)
		order by cohort`, m.References), m.Name)
}

// sqlList spells cohorts as a SQL list of constants ("null" for none).
func sqlList(cohorts []string) string {
	if len(cohorts) == 0 {
		return "null"
	}
	quoted := make([]string, len(cohorts))
	for i, c := range cohorts {
		quoted[i] = "'" + strings.ReplaceAll(c, "'", "''") + "'"
	}
	return strings.Join(quoted, ", ")
}

// recordState keeps this run's fingerprints for the next run to compare with, and the
// references of the models that have them.
func recordState(ctx context.Context, conn *sql.Conn, models []Model, global string) error {
	refs := []string{`select null::varchar as model, null::varchar as cohort, null::varchar as reference where false`}
	for _, m := range models {
		if m.References != "" {
			refs = append(refs, fmt.Sprintf(`select '%s', cohort::varchar, reference::varchar from %s`, m.Name, m.References))
		}
	}
	if _, err := conn.ExecContext(ctx, `create or replace table main.run_references as `+strings.Join(refs, "\nunion all\n")+` order by all`); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `create or replace table main.run_state as select * from temp.run_state_now order by cohort`); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `create or replace table main.run_rows as select * from temp.run_rows_now order by all`); err != nil {
		return err
	}
	_, err := conn.ExecContext(ctx, `insert or replace into meta values ('run_state', ?)`, global)
	return err
}

// PartialSteps are the temporary steps an incremental run built for some cohorts only: a data
// test reading one would see the other cohorts as missing, so it runs on a full build.
func PartialSteps(models []Model) map[string]bool {
	p, err := planIncremental(models)
	if err != nil {
		return nil
	}
	out := map[string]bool{}
	for _, m := range models {
		if p.scoped[m.Name] && m.Materialized != Table {
			out[m.Name] = true
		}
	}
	return out
}

// Reads is true when sqlText names one of the models in names.
func Reads(sqlText string, names map[string]bool) bool {
	for _, id := range identifiers(sqlText) {
		if names[id] {
			return true
		}
	}
	return false
}
