package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"cohesion/pipeline/cox"
)

// computedDB opens a fresh database with a table of intervals: two scales, two strata of three
// clusters, each cluster a few subjects with several intervals, in shuffled order, rows enough
// for several of the readers' batches.
func computedDB(t *testing.T) (*sql.Conn, []cox.Interval) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c.duckdb"), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(ctx, `create table iv (g varchar, start double, stop double, event boolean,
		x double, stratum varchar, cluster varchar, subject varchar)`); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	type row struct {
		g string
		d cox.Interval
		s string
	}
	var rows []row
	var engagement []cox.Interval
	for _, g := range []string{"engagement", "conflict"} {
		for c := 0; c < 6; c++ {
			for s := 0; s < 40; s++ {
				x := float64(r.IntN(7))
				exit := 1 + r.IntN(8)
				dropped := r.IntN(3) == 0 && exit < 8
				for k := 1; k <= exit; k++ {
					d := cox.Interval{Start: float64(k - 1), Stop: float64(k), Event: dropped && k == exit,
						X: []float64{x}, Stratum: fmt.Sprint("p", c%2), Cluster: fmt.Sprint("c", c)}
					rows = append(rows, row{g, d, fmt.Sprintf("m%d-%d", c, s)})
					if g == "engagement" {
						engagement = append(engagement, d)
					}
				}
			}
		}
	}
	r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	var values []string
	for _, x := range rows {
		values = append(values, fmt.Sprintf("('%s', %v, %v, %v, %v, '%s', '%s', '%s')",
			x.g, x.d.Start, x.d.Stop, x.d.Event, x.d.X[0], x.d.Stratum, x.d.Cluster, x.s))
	}
	if _, err := conn.ExecContext(ctx, "insert into iv values "+strings.Join(values, ", ")); err != nil {
		t.Fatal(err)
	}
	return conn, engagement
}

// TestComputedCox: a computed model stores, per group, what cox.Efron fits to the group's
// intervals, with its counts, whichever reader (Arrow batches or rows) brought them.
func TestComputedCox(t *testing.T) {
	ctx := context.Background()
	conn, engagement := computedDB(t)
	want, err := cox.Efron(engagement)
	if err != nil {
		t.Fatal(err)
	}
	events := 0
	for _, d := range engagement {
		if d.Event {
			events++
		}
	}
	query := "-- computed: cox_efron\nselect g, start, stop, event, x, stratum, cluster, subject from iv"
	for name, read := range map[string]func(context.Context, *sql.Conn, string, func([]string) error, func(batch) error) error{
		"batches": readBatches, "rows": readRows,
	} {
		var in *coxInput
		err := read(ctx, conn, query, func(c []string) (err error) { in, err = newCoxInput("fits", c); return err },
			func(b batch) error { return in.add(b) })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		data, subjects := in.split()
		for g, grp := range in.groups {
			if grp.key[0] != "engagement" {
				continue
			}
			got, err := cox.Efron(data[g])
			if err != nil {
				t.Fatal(err)
			}
			if got.Coef[0] != want.Coef[0] || got.RobustVar[0][0] != want.RobustVar[0][0] {
				t.Errorf("%s: coef %v, robust var %v; fitted directly %v, %v", name, got.Coef, got.RobustVar, want.Coef, want.RobustVar)
			}
			if subjects[g] != 240 || len(data[g]) != len(engagement) {
				t.Errorf("%s: %d subjects and %d intervals, want 240 and %d", name, subjects[g], len(data[g]), len(engagement))
			}
		}
	}
	m := Model{Name: "fits", SQL: query, Materialized: Ephemeral, Computed: CoxEfron}
	if err := createModels(ctx, conn, []Model{m}, "", nil); err != nil {
		t.Fatal(err)
	}
	var g string
	var n, nEvents, nSubjects int
	var coef, robust float64
	var note sql.NullString
	err = conn.QueryRowContext(ctx, `select g, n, n_events, n_subjects, coef, robust_se, note from fits where g = 'engagement'`).
		Scan(&g, &n, &nEvents, &nSubjects, &coef, &robust, &note)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(engagement) || nEvents != events || nSubjects != 240 || coef != want.Coef[0] || note.Valid {
		t.Errorf("stored %d intervals, %d events, %d subjects, coef %v, note %v; want %d, %d, 240, %v, none",
			n, nEvents, nSubjects, coef, note, len(engagement), events, want.Coef[0])
	}
	var groups int
	if err := conn.QueryRowContext(ctx, `select count(*) from fits`).Scan(&groups); err != nil || groups != 2 {
		t.Errorf("%d groups stored (%v), want 2", groups, err)
	}
}

// TestComputedRefusals: a computed model's input that is not intervals is refused, naming the
// model, and no table is left.
func TestComputedRefusals(t *testing.T) {
	ctx := context.Background()
	conn, _ := computedDB(t)
	for _, c := range []struct{ query, want string }{
		{"select g, start, stop, event, x, stratum from iv", "needs a column cluster"},
		{"select g, start, stop, event, null::double as x, stratum, cluster from iv", "row 1: start, stop, event and x must not be null"},
		{"select g, start, stop, 1 as event, x, stratum, cluster from iv", "want true or false"},
		{"select 1 as g, start, stop, event, x, stratum, cluster from iv", "want text"},
	} {
		m := Model{Name: "fits", SQL: c.query, Materialized: Ephemeral, Computed: CoxEfron}
		err := createModels(ctx, conn, []Model{m}, "", nil)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "model fits") {
			t.Errorf("%s: %v, want an error saying %q", c.query, err, c.want)
		}
		var n int
		if err := conn.QueryRowContext(ctx, `select count(*) from duckdb_tables() where table_name = 'fits'`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: a table was left (%d, %v)", c.query, n, err)
		}
	}
	if _, err := computedOf("m", "-- computed: lm\nselect 1"); err == nil {
		t.Error("an unknown computation was taken")
	}
}
