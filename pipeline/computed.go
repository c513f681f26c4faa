// computed.go builds the models computed in Go: a statistic over a whole relation that SQL
// cannot compute and that a scalar SQL function would be handed value by value (a Cox model's
// fit needs every interval of a scale at once, and half a million intervals crossed into Go as
// lists one boxed value at a time cost more than the fit).
//
// A model whose header says `-- computed: cox_efron` is a query whose rows are the fit's input:
// columns start, stop, event, x, stratum and cluster, and any others (text) naming the group the
// row belongs to. The run reads its result as Arrow batches (duckdb_arrow builds; rows
// otherwise), fits each group's intervals with cox.Efron, the groups in parallel, and stores one
// row per group: the group columns, then coef, se, robust_se and note (see coxResult). The
// model is materialized as its header says (ephemeral or table); it is never partitioned.
package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"cohesion/pipeline/cox"
)

// Computations a model header may name in `-- computed:`.
const CoxEfron = "cox_efron"

// computedOf reads the `-- computed:` line of a model's leading comment block.
func computedOf(name, sqlText string) (string, error) {
	kind, ok := headerValue(sqlText, "computed")
	switch {
	case !ok:
		return "", nil
	case kind == CoxEfron:
		return kind, nil
	default:
		return "", fmt.Errorf("model %s: computed: %q: want %s", name, kind, CoxEfron)
	}
}

// coxColumns are the columns of a cox_efron model's query that are the intervals, and subject,
// which may be left out; the others name the groups.
var coxColumns = []string{"start", "stop", "event", "x", "stratum", "cluster", "subject"}

// batch is a slice of a query's result, column by column, as the readers hand it over. Each
// accessor reads column c: the function it returns gives row i's value, ok false for a null.
type batch interface {
	Len() int
	Texts(c int) (func(i int) (s string, ok bool), error)
	Floats(c int) (func(i int) (x float64, ok bool), error)
	Bools(c int) (func(i int) (b bool, ok bool), error)
}

// coxRecord is one interval as read: its group, stratum, cluster and subject as numbers of
// coxInput.names. Without pointers, half a million of them are gathered at the cost of a copy.
type coxRecord struct {
	start, stop, x                   float64
	group, stratum, cluster, subject int32
	event                            bool
}

// coxGroup is one group: its key (the group columns' values) and how many intervals it has.
type coxGroup struct {
	key []string
	n   int
}

// coxInput gathers a cox_efron query's rows by group.
type coxInput struct {
	name     string
	columns  []string // the query's columns
	groupCol []int    // the group columns' positions
	col      [7]int   // coxColumns' positions, -1 for a subject left out
	groups   []coxGroup
	byKey    map[string]int32
	names    []string         // each distinct stratum, cluster, subject and group value, copied
	number   map[string]int32 // its number in names
	// records in blocks of a fixed size: a slice grown to half a million cost more in copies
	// and fresh pages than everything else the reading does
	records [][]coxRecord
	n       int
}

const coxBlock = 1 << 15

func newCoxInput(name string, columns []string) (*coxInput, error) {
	in := &coxInput{name: name, columns: columns, byKey: map[string]int32{}, number: map[string]int32{}}
	for i := range in.col {
		in.col[i] = -1
	}
	for c, n := range columns {
		if k := slices.Index(coxColumns, n); k >= 0 {
			in.col[k] = c
		} else {
			in.groupCol = append(in.groupCol, c)
		}
	}
	for k, c := range in.col[:6] {
		if c < 0 {
			return nil, fmt.Errorf("model %s: a cox_efron query needs a column %s", name, coxColumns[k])
		}
	}
	return in, nil
}

// intern numbers s, copying it the first time: the readers' strings may point into a batch that
// is gone once the next one is read.
func (in *coxInput) intern(s string) int32 {
	if v, ok := in.number[s]; ok {
		return v
	}
	v := int32(len(in.names))
	s = strings.Clone(s)
	in.names = append(in.names, s)
	in.number[s] = v
	return v
}

// add takes in a batch's rows. A group's rows, and a cluster's, mostly come together: a value
// like the row before's is numbered without a lookup.
func (in *coxInput) add(b batch) error {
	keys := make([]func(int) (string, bool), len(in.groupCol))
	for j, c := range in.groupCol {
		var err error
		if keys[j], err = b.Texts(c); err != nil {
			return fmt.Errorf("model %s: %w", in.name, err)
		}
	}
	start, err1 := b.Floats(in.col[0])
	stop, err2 := b.Floats(in.col[1])
	event, err3 := b.Bools(in.col[2])
	x, err4 := b.Floats(in.col[3])
	stratum, err5 := b.Texts(in.col[4])
	cluster, err6 := b.Texts(in.col[5])
	subject := func(int) (string, bool) { return "", false }
	var err7 error
	if in.col[6] >= 0 {
		subject, err7 = b.Texts(in.col[6])
	}
	if err := errors.Join(err1, err2, err3, err4, err5, err6, err7); err != nil {
		return fmt.Errorf("model %s: %w", in.name, err)
	}
	key := make([]string, len(keys))
	group := int32(-1)
	var text [3]string // the last stratum, cluster and subject
	var num [3]int32
	number := func(k int, s string, i int) int32 {
		if i == 0 || s != text[k] {
			text[k], num[k] = s, in.intern(s)
		}
		return num[k]
	}
	var k strings.Builder
	for i := 0; i < b.Len(); i++ {
		same := group >= 0
		for j, f := range keys {
			s, ok := f(i)
			if !ok {
				s = nullKey
			}
			same = same && s == in.groups[group].key[j]
			key[j] = s
		}
		if !same {
			k.Reset()
			for _, s := range key {
				k.WriteString(s)
				k.WriteByte(0)
			}
			var ok bool
			if group, ok = in.byKey[k.String()]; !ok {
				g := coxGroup{key: make([]string, len(key))}
				for j, s := range key {
					g.key[j] = in.names[in.intern(s)]
				}
				group = int32(len(in.groups))
				in.groups = append(in.groups, g)
				in.byKey[strings.Clone(k.String())] = group
			}
		}
		t0, ok1 := start(i)
		t1, ok2 := stop(i)
		e, ok3 := event(i)
		v, ok4 := x(i)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return fmt.Errorf("model %s row %d: start, stop, event and x must not be null", in.name, in.n+1)
		}
		st, _ := stratum(i)
		cl, _ := cluster(i)
		su, _ := subject(i)
		in.groups[group].n++
		if in.n%coxBlock == 0 {
			in.records = append(in.records, make([]coxRecord, 0, coxBlock))
		}
		in.n++
		last := &in.records[len(in.records)-1]
		*last = append(*last, coxRecord{start: t0, stop: t1, x: v, event: e, group: group,
			stratum: number(0, st, i), cluster: number(1, cl, i), subject: number(2, su, i)})
	}
	return nil
}

// split deals the records into each group's intervals, and counts each group's subjects (as
// cluster and subject: a subject is of one cluster).
func (in *coxInput) split() (intervals [][]cox.Interval, subjects []int) {
	intervals = make([][]cox.Interval, len(in.groups))
	xs := make([][]float64, len(in.groups))
	pairs := make([][]uint64, len(in.groups))
	for g, grp := range in.groups {
		intervals[g] = make([]cox.Interval, 0, grp.n)
		xs[g] = make([]float64, 0, grp.n)
		if in.col[6] >= 0 {
			pairs[g] = make([]uint64, 0, grp.n)
		}
	}
	for _, block := range in.records {
		for _, r := range block {
			g := r.group
			xs[g] = append(xs[g], r.x)
			n := len(xs[g])
			intervals[g] = append(intervals[g], cox.Interval{Start: r.start, Stop: r.stop, Event: r.event,
				X: xs[g][n-1 : n : n], Stratum: in.names[r.stratum], Cluster: in.names[r.cluster]})
			if in.col[6] >= 0 {
				pairs[g] = append(pairs[g], uint64(r.cluster)<<32|uint64(r.subject))
			}
		}
	}
	in.records = nil
	subjects = make([]int, len(in.groups))
	for g := range pairs {
		slices.Sort(pairs[g])
		subjects[g] = len(slices.Compact(pairs[g]))
	}
	return intervals, subjects
}

// nullKey stands for a null group value (no text value is it).
const nullKey = "\x00null"

// coxResult is one group's fit as the model stores it: n intervals, events of them, subjects
// (null without a subject column). When no estimate can be given, coef and the standard errors
// are null and note says why: "no dropouts", "score does not vary" or "perfect separation" (at
// every event the subject with it had the lowest, or every time the highest, score at risk: the
// estimate runs off to infinity). With a single cluster the estimate stands, robust_se is null
// and note is "one cohort".
type coxResult struct {
	n, events          int
	subjects           sql.NullInt64
	coef, se, robustSE sql.NullFloat64
	note               sql.NullString
}

func fitGroup(data []cox.Interval) (coxResult, error) {
	r := coxResult{n: len(data)}
	for _, d := range data {
		if d.Event {
			r.events++
		}
	}
	note := func(s string) coxResult {
		r.note = sql.NullString{String: s, Valid: true}
		return r
	}
	fit, err := cox.Efron(data)
	switch {
	case errors.Is(err, cox.ErrNoEvents):
		return note("no dropouts"), nil
	case errors.Is(err, cox.ErrSingular):
		return note("score does not vary"), nil
	case err != nil:
		return coxResult{}, err
	case fit.Infinite[0]:
		return note("perfect separation"), nil
	}
	r.coef = sql.NullFloat64{Float64: fit.Coef[0], Valid: true}
	r.se = finiteNull(math.Sqrt(fit.Var[0][0]))
	r.robustSE = finiteNull(math.Sqrt(fit.RobustVar[0][0]))
	for _, d := range data {
		if d.Cluster != data[0].Cluster {
			return r, nil
		}
	}
	// One cluster's summed score residual is the score itself, 0 at the estimate: the sandwich
	// says nothing, so there is no robust interval to give.
	r.robustSE = sql.NullFloat64{}
	return note("one cohort"), nil
}

func finiteNull(x float64) sql.NullFloat64 {
	return sql.NullFloat64{Float64: x, Valid: !math.IsNaN(x) && !math.IsInf(x, 0)}
}

// buildComputed makes model m, computed in Go, as a table of kind ("temp table" or "table").
func buildComputed(ctx context.Context, conn *sql.Conn, m Model, kind string, each func(ModelResult)) error {
	start := time.Now()
	var in *coxInput
	err := readBatches(ctx, conn, m.SQL, func(columns []string) error {
		var err error
		in, err = newCoxInput(m.Name, columns)
		return err
	}, func(b batch) error { return in.add(b) })
	if err != nil {
		return fmt.Errorf("model %s: %w", m.Name, err)
	}
	data, subjects := in.split()
	// Fitted in parallel, a group to a goroutine at a time; stored in the order of their keys.
	order := make([]int, len(in.groups))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return slices.Compare(in.groups[a].key, in.groups[b].key) })
	results := make([]coxResult, len(order))
	errs := make([]error, len(order))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(order)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range next {
				results[g], errs[g] = fitGroup(data[g])
				data[g] = nil
			}
		}()
	}
	for _, g := range order {
		next <- g
	}
	close(next)
	wg.Wait()
	for _, g := range order {
		if errs[g] != nil {
			return fmt.Errorf("model %s, group %s: %w", m.Name, strings.Join(in.groups[g].key, ", "), errs[g])
		}
	}
	// The table has the query's group columns, as the query types them, then the fit's.
	var groupCols []string
	for _, c := range in.groupCol {
		groupCols = append(groupCols, quoteIdent(in.columns[c]))
	}
	create := fmt.Sprintf(`create or replace %s %s as
		select %s null::integer as n, null::integer as n_events, null::integer as n_subjects,
			null::double as coef, null::double as se, null::double as robust_se, null::varchar as note
		from (%s) limit 0`, kind, m.Name, strings.Join(append(groupCols, ""), ", "), m.SQL)
	if _, err := conn.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("model %s: %w", m.Name, err)
	}
	insert := fmt.Sprintf("insert into %s values (%s)", m.Name, strings.TrimSuffix(strings.Repeat("?, ", len(groupCols)+7), ", "))
	for _, g := range order {
		args := make([]any, 0, len(groupCols)+7)
		for _, k := range in.groups[g].key {
			if k == nullKey {
				args = append(args, nil)
			} else {
				args = append(args, k)
			}
		}
		r := results[g]
		if in.col[6] >= 0 {
			r.subjects = sql.NullInt64{Int64: int64(subjects[g]), Valid: true}
		}
		args = append(args, r.n, r.events, r.subjects, r.coef, r.se, r.robustSE, r.note)
		if _, err := conn.ExecContext(ctx, insert, args...); err != nil {
			return fmt.Errorf("model %s: %w", m.Name, err)
		}
	}
	return reportModel(ctx, conn, each, m.Name, false, start)
}

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// rowBatch is a batch of rows read through database/sql (the reader without Arrow).
type rowBatch [][]any

func (b rowBatch) Len() int { return len(b) }

func (b rowBatch) Texts(c int) (func(int) (string, bool), error) {
	for _, row := range b {
		if _, ok := row[c].(string); !ok && row[c] != nil {
			return nil, fmt.Errorf("column %d: %T, want text", c+1, row[c])
		}
	}
	return func(i int) (string, bool) { s, ok := b[i][c].(string); return s, ok }, nil
}

func (b rowBatch) Floats(c int) (func(int) (float64, bool), error) {
	for _, row := range b {
		switch row[c].(type) {
		case nil, float64:
		default:
			return nil, fmt.Errorf("column %d: %T, want a double", c+1, row[c])
		}
	}
	return func(i int) (float64, bool) { x, ok := b[i][c].(float64); return x, ok }, nil
}

func (b rowBatch) Bools(c int) (func(int) (bool, bool), error) {
	for _, row := range b {
		if _, ok := row[c].(bool); !ok && row[c] != nil {
			return nil, fmt.Errorf("column %d: %T, want true or false", c+1, row[c])
		}
	}
	return func(i int) (bool, bool) { v, ok := b[i][c].(bool); return v, ok }, nil
}

// readRows reads query's result through database/sql, in batches of rows.
func readRows(ctx context.Context, conn *sql.Conn, query string, header func([]string) error, f func(batch) error) error {
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return err
	}
	if err := header(columns); err != nil {
		return err
	}
	var b rowBatch
	for rows.Next() {
		vals := make([]any, len(columns))
		ptrs := make([]any, len(columns))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		b = append(b, vals)
		if len(b) == 2048 {
			if err := f(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(b) > 0 {
		return f(b)
	}
	return nil
}
