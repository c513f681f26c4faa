// incremental_test.go holds an incremental run to a full one: after every load of a scripted
// history, the marts of a database only ever run incrementally equal those of one rebuilt whole.
package pipeline_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cohesion/pipeline"
	"cohesion/pipeline/demo"
	"cohesion/queries"
)

// buildInc builds the models as `run` does (steps not stored), incrementally unless full, runs
// the data tests a run would and returns what the build did.
func buildInc(t *testing.T, db *pipeline.DB, s pipeline.Settings, full bool) pipeline.Incremental {
	t.Helper()
	ctx := context.Background()
	models, tests, err := pipeline.ReadModels(queries.Models)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	defer pipeline.DropSteps(ctx, conn, models)
	inc, err := pipeline.BuildIncremental(ctx, conn, models, s, full, nil)
	if err != nil {
		t.Fatal(err)
	}
	run, err := pipeline.RunTests(ctx, conn, models, tests, inc)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range run.Results {
		if r.Failures > 0 {
			t.Errorf("data test %s: %d rows, e.g. %s", r.Name, r.Failures, r.Example)
		}
	}
	return inc
}

// incrementalHistory replays steps on two databases, one run incrementally, one rebuilt whole,
// and compares their marts after each; it returns the incremental builds. A step may change
// the run's settings from then on.
func incrementalHistory(t *testing.T, steps []func(db *pipeline.DB, s *pipeline.Settings)) []pipeline.Incremental {
	t.Helper()
	inc, full := openTemp(t), openTemp(t)
	var builds []pipeline.Incremental
	s := pipeline.DefaultSettings
	for i, step := range steps {
		step(inc, &s)
		step(full, &s)
		builds = append(builds, buildInc(t, inc, s, false))
		buildInc(t, full, s, true)
		sameMarts(t, fmt.Sprintf("step %d (%+v)", i+1, builds[i]), martDump(t, inc), martDump(t, full))
	}
	return builds
}

func loadStep(t *testing.T, paths ...string) func(*pipeline.DB, *pipeline.Settings) {
	return func(db *pipeline.DB, _ *pipeline.Settings) {
		for _, r := range load(t, db, paths...) {
			if r.Err != nil {
				t.Fatalf("%s", r)
			}
		}
	}
}

// TestIncrementalEqualsFull loads a program of many kinds of file in shuffled batches, then
// takes two files back and loads a new roster version, running incrementally after each step.
func TestIncrementalEqualsFull(t *testing.T) {
	files := historyProgram(t)
	rng := rand.New(rand.NewPCG(3, 17))
	shuffled := slices.Clone(files)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	var steps []func(*pipeline.DB, *pipeline.Settings)
	for len(shuffled) > 0 {
		n := min(len(shuffled), 1+rng.IntN(10))
		steps = append(steps, loadStep(t, shuffled[:n]...))
		shuffled = shuffled[n:]
	}
	// Nothing new: a run changes nothing.
	steps = append(steps, func(*pipeline.DB, *pipeline.Settings) {})
	// Two files taken back: a check-in and a Zoom export.
	var back []string
	for _, f := range files {
		if strings.Contains(f, "checkins") && len(back) == 0 || strings.Contains(f, filepath.Join("demo", "zoom")) && len(back) == 1 {
			back = append(back, f)
		}
	}
	if len(back) != 2 {
		t.Fatalf("no check-in and Zoom export to take back in %v", files)
	}
	steps = append(steps, func(db *pipeline.DB, _ *pipeline.Settings) {
		if _, err := db.Unload(t.Context(), back); err != nil {
			t.Fatal(err)
		}
	})
	// The small program's roster again, with a member more.
	roster := filepath.Join(t.TempDir(), "roster.csv")
	v1, _ := os.ReadFile("../testdata/program-small/roster.csv")
	os.WriteFile(roster, append(v1, []byte("spring-a,Late Joiner,late@example.org,,3\n")...), 0o644)
	steps = append(steps, loadStep(t, roster))
	// Another threshold: every cohort's attendance changes.
	steps = append(steps, func(_ *pipeline.DB, s *pipeline.Settings) { s.LateAfterMinutes = 3 })
	// The cohesion fixture's schedule and roster taken back: its cohort is gone.
	steps = append(steps, func(db *pipeline.DB, _ *pipeline.Settings) {
		var gone []string
		for _, f := range files {
			if strings.Contains(f, filepath.Join("cohesion", "schedule.csv")) || strings.Contains(f, filepath.Join("cohesion", "roster.csv")) {
				gone = append(gone, f)
			}
		}
		if _, err := db.Unload(t.Context(), gone); err != nil || len(gone) != 2 {
			t.Fatal(gone, err)
		}
	})
	builds := incrementalHistory(t, steps)

	partial := 0
	for _, b := range builds {
		if !b.Full {
			partial++
		}
	}
	if partial < 3 {
		t.Errorf("only %d of %d runs were incremental: the comparison proves little (%+v)", partial, len(builds), builds)
	}
	if b := builds[len(builds)-5]; b.Full || len(b.Cohorts) != 0 {
		t.Errorf("a run with nothing new: %+v, want no cohort rebuilt", b)
	}
	if b := builds[len(builds)-3]; b.Full || !slices.Equal(b.Cohorts, []string{"spring-a"}) {
		t.Errorf("a new roster version of spring-a: %+v, want spring-a alone rebuilt", b)
	}
	if b := builds[len(builds)-2]; !b.Full {
		t.Errorf("other settings: %+v, want a full build", b)
	}
	if b := builds[len(builds)-1]; b.Full || !slices.Contains(b.Cohorts, "alpha") {
		t.Errorf("the cohorts of a schedule gone: %+v, want them rebuilt", b)
	}
}

// TestIncrementalWeeks replays the facilitator's four weeks (a re-export, a roster edited, a
// check-in sent twice, a codebook after its form) running incrementally.
func TestIncrementalWeeks(t *testing.T) {
	dir := t.TempDir()
	write := func(files map[string]string) []string {
		var paths []string
		for name, content := range files {
			p := filepath.Join(dir, name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
		slices.Sort(paths)
		return paths
	}
	weeks := [][]string{
		write(map[string]string{"schedule.csv": weekSchedule, "roster.csv": weekRosterV1,
			"zoom/s1.csv": weekZoom(3, 4, "Ann Lee,ann@example.org,18:00,19:30", "Bo Diaz,bo@example.org,18:00,19:30", "Cy Park,cy@example.org,18:12,19:30")}),
		write(map[string]string{
			"zoom/s2.csv":    weekZoom(10, 3, "Ann Lee,ann@example.org,18:00,19:30", "Bo Diaz,bo@example.org,18:00,19:05"),
			"checkin-s2.csv": weekCheckin,
		}),
		write(map[string]string{"roster-v2.csv": weekRosterV2,
			"zoom/s3.csv": weekZoom(17, 3, "Ann Lee,ann@example.org,18:00,19:30", "Cy Park,cy@example.org,18:00,19:30", "Eli Ford,eli@example.org,18:00,19:00")}),
		write(map[string]string{"codebook.csv": weekCodebook}),
		write(map[string]string{
			"zoom/s4.csv":     weekZoom(24, 3, "Ann Lee,ann@example.org,18:00,19:30", "Cy Park,cy@example.org,18:00,19:30", "Eli Ford,eli@example.org,18:00,19:30"),
			"zoom/s3 (2).csv": weekZoom(17, 3, "Ann Lee,ann@example.org,18:00,19:30", "Cy Park,cy@example.org,18:00,19:30", "Eli Ford,eli@example.org,18:55,19:30"),
		}),
	}
	var steps []func(*pipeline.DB, *pipeline.Settings)
	for _, w := range weeks {
		steps = append(steps, loadStep(t, w...))
	}
	builds := incrementalHistory(t, steps)
	for i, b := range builds {
		switch i {
		case 0:
			if !b.Full {
				t.Errorf("the first run: %+v, want a full build", b)
			}
		case 3: // the codebook maps columns of every cohort's forms
			if !b.Full {
				t.Errorf("after the codebook: %+v, want a full build", b)
			}
		default:
			if b.Full || !slices.Equal(b.Cohorts, []string{"tue"}) {
				t.Errorf("week %d: %+v, want cohort tue rebuilt", i+1, b)
			}
		}
	}
}

// TestIncrementalReferences: a cohort's expectation (expected_response) is made from earlier
// finished cohorts' rows. When a cohort stops being finished (its last export taken back) it
// leaves the later cohorts' references, and comes back with the export; an incremental run
// rebuilds those later cohorts' expectations though nothing of theirs changed.
func TestIncrementalReferences(t *testing.T) {
	dir := t.TempDir()
	if _, err := demo.Generate(dir, demo.Config{Seed: 3, Cohorts: 9}); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "truth.json"))
	var files []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	last := filepath.Join(dir, "zoom", "intro-001_s4.csv")
	if !slices.Contains(files, last) {
		t.Fatalf("no %s among %v", last, files)
	}
	counts := map[string]string{}
	count := func(db *pipeline.DB, step string) {
		counts[step] = strings.Join(rowsOf(t, db.SQL, `select count(*), coalesce(sum(n), 0) from expected_response`), ";")
		counts[step+" check_on"] = strings.Join(rowsOf(t, db.SQL, `select string_agg(participant_id || ' ' || detail, '; ' order by all) from check_on where reason = 'not_on_track'`), ";")
	}
	builds := incrementalHistory(t, []func(*pipeline.DB, *pipeline.Settings){
		func(db *pipeline.DB, s *pipeline.Settings) {
			// Any cell counts, so that check_on's not_on_track follows the expectations.
			s.NormMin = 1
			loadStep(t, files...)(db, s)
		},
		func(db *pipeline.DB, _ *pipeline.Settings) {
			count(db, "before")
			if _, err := db.Unload(t.Context(), []string{last}); err != nil {
				t.Fatal(err)
			}
		},
		func(db *pipeline.DB, s *pipeline.Settings) {
			count(db, "without")
			loadStep(t, last)(db, s)
		},
	})
	if counts["before check_on"] == counts["without check_on"] {
		t.Errorf("check_on not_on_track %s with intro-001 finished and without: check_on's part is not tested", counts["before check_on"])
	}
	if counts["before"] == counts["without"] {
		t.Errorf("expected_response %s with intro-001 finished and without: the test proves nothing", counts["before"])
	}
	for _, b := range builds[1:] {
		if b.Full || !slices.Equal(b.Cohorts, []string{"intro-001"}) {
			t.Errorf("%+v, want only cohort intro-001 rebuilt", b)
		}
	}
}
