package pipeline_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"cohesion/pipeline"
	"cohesion/pipeline/demo"
	"cohesion/queries"
)

// openTemp opens a fresh database file in a test's temporary folder with a fixed key.
func openTemp(t *testing.T) *pipeline.DB {
	t.Helper()
	db, err := pipeline.Open(context.Background(), filepath.Join(t.TempDir(), "test.duckdb"), pipeline.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func load(t *testing.T, db *pipeline.DB, paths ...string) []pipeline.FileResult {
	t.Helper()
	res, err := db.Load(context.Background(), paths, pipeline.LoadOptions{DefaultTZ: "America/New_York", Key: "test-key"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func build(t *testing.T, db *pipeline.DB) {
	t.Helper()
	// Every step is stored, so tests can look at the intermediate models too
	// (TestStepsAreNotStored holds the marts to those of a run that does not keep them).
	buildAs(t, db, true)
}

// buildAs builds the models and runs the data tests; keep stores the intermediate steps, else
// they are built as a run builds them and dropped after the data tests.
func buildAs(t *testing.T, db *pipeline.DB, keep bool) {
	t.Helper()
	ctx := context.Background()
	models, tests, err := pipeline.ReadModels(queries.Models)
	if err != nil {
		t.Fatal(err)
	}
	if keep {
		models = pipeline.KeepAll(models)
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	defer pipeline.DropSteps(ctx, conn, models)
	if err := pipeline.Build(ctx, conn, models, pipeline.DefaultSettings, nil); err != nil {
		t.Fatal(err)
	}
	results, err := pipeline.Test(ctx, conn, tests)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Failures > 0 {
			t.Errorf("data test %s: %d failures, e.g. %s", r.Name, r.Failures, r.Example)
		}
	}
}

// rowsOf runs a query and renders each row as its columns joined by "|".
func rowsOf(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return rowTexts(t, rows, func(v any) string { return fmt.Sprint(v) })
}

// rowTexts reads every row of rows as its values written by format and joined by "|", and
// closes rows.
func rowTexts(t *testing.T, rows *sql.Rows, format func(any) string) []string {
	t.Helper()
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = format(v)
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func equalRows(t *testing.T, what string, got, want []string) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	count := map[string]int{}
	for _, g := range got {
		count[g]++
	}
	for _, w := range want {
		count[w]--
	}
	var extra, missing []string
	for row, n := range count {
		for ; n > 0; n-- {
			extra = append(extra, row)
		}
		for ; n < 0; n++ {
			missing = append(missing, row)
		}
	}
	sort.Strings(extra)
	sort.Strings(missing)
	t.Errorf("%s: %d rows, want %d\n unexpected: %s\n missing:    %s", what, len(got), len(want),
		strings.Join(first(extra, 15), "\n             "), strings.Join(first(missing, 15), "\n             "))
}

func first(rows []string, n int) []string {
	if len(rows) > n {
		return append(rows[:n:n], fmt.Sprintf("... %d more", len(rows)-n))
	}
	return rows
}

// TestSmallProgram checks the models against a hand-worked cohort: reconnects, a device switch,
// a waiting room, a guest matched by alias, a renamed user, a stranger, and a daylight-saving
// change between sessions 1 and 2.
func TestSmallProgram(t *testing.T) {
	db := openTemp(t)
	res := load(t, db, "../testdata/program-small")
	for _, r := range res {
		if r.Err != nil || r.Skipped != "" {
			t.Fatalf("%s", r)
		}
	}
	build(t, db)
	equalRows(t, "sessions", rowsOf(t, db.SQL, `select session, strftime(starts_at at time zone 'UTC', '%Y-%m-%d %H:%M'), held from sessions order by session`), []string{
		"1|2026-03-03 23:00|true",
		"2|2026-03-10 22:00|true", // daylight saving began on 8 March: 18:00 local is an hour earlier in UTC
		"3|2026-03-17 22:00|true",
	})
	equalRows(t, "attendance", rowsOf(t, db.SQL, `
		select a.session, p.name, a.status, a.minutes_present, a.late_minutes, a.left_early_minutes
		from attendance a join pii_people p using (participant_id) order by a.session, p.name`), []string{
		"1|Alice Smith|present|90|0|0",
		"1|José Núñez|present|87|3|1", // device switch: 18:02:30-18:40 and 18:39-19:29:30 merge
		"1|Robin Lee|left_early|67|0|20",
		"1|Sam Ortiz|absent|0|0|0",
		"1|Zoë Müller|late|75|15|0", // waiting-room minutes before the start not counted
		"2|Alice Smith|present|90|0|0",
		"2|José Núñez|present|90|0|0",
		"2|Robin Lee|left_early|74|1|15",
		"2|Sam Ortiz|absent|0|0|0",
		"2|Zoë Müller|absent|0|0|0",
		"3|Alice Smith|present|90|0|0",
		"3|José Núñez|absent|0|0|0",
		"3|Robin Lee|present|90|0|0",
		"3|Sam Ortiz|absent|0|0|0",
		"3|Zoë Müller|present|82|3|5",
	})
	equalRows(t, "retention", rowsOf(t, db.SQL, `
		select p.name, r.sessions_planned, r.sessions_attended, r.last_attended, r.outcome, r.dropout_after
		from retention r join pii_people p using (participant_id) order by p.name`), []string{
		"Alice Smith|3|3|3|completed|<nil>",
		"José Núñez|3|2|2|dropped_out|2",
		"Robin Lee|3|3|3|completed|<nil>",
		"Sam Ortiz|3|0|<nil>|never_started|<nil>",
		"Zoë Müller|3|2|3|completed|<nil>",
	})
	equalRows(t, "unmatched_names", rowsOf(t, db.SQL, `select session, name, email from unmatched_names`), []string{
		"1|iPhone|<nil>",
	})
	equalRows(t, "load_log", rowsOf(t, db.SQL, `select regexp_replace(file, '.*/', ''), format, rows, rejected from load_log`), []string{
		"schedule.csv|schedule|3|0",
		"roster.csv|roster|5|0",
		"participants_81234567890_1.csv|zoom-classic|9|1",
		"participants_81234567890_2.csv|zoom-classic|4|0",
		"participants_81234567890_3.csv|zoom-classic|4|0",
	})
	// Marts carry pseudonyms only: no name or email outside pii_people.
	for _, mart := range []string{"sessions", "attendance", "retention", "unmatched_names"} {
		for _, row := range rowsOf(t, db.SQL, "select t::varchar from "+mart+" t") {
			if strings.Contains(row, "alice") || strings.Contains(row, "Alice") {
				t.Errorf("%s leaks a roster name or email: %s", mart, row)
			}
		}
	}
}

// snapshot renders every raw table, so a test can tell whether a load changed anything.
func snapshot(t *testing.T, db *pipeline.DB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"raw_files", "raw_schedule", "raw_roster", "raw_meetings", "raw_presence", "raw_responses", "raw_answers", "meta"} {
		fmt.Fprintf(&b, "%s:\n%s\n", table, strings.Join(rowsOf(t, db.SQL, "select t::varchar from "+table+" t order by all"), "\n"))
	}
	return b.String()
}

// TestLoadIsIdempotent loads the same files twice: the second time changes nothing and says so.
func TestLoadIsIdempotent(t *testing.T) {
	db := openTemp(t)
	load(t, db, "../testdata/program-small")
	before := snapshot(t, db)
	for _, r := range load(t, db, "../testdata/program-small") {
		if !strings.Contains(r.Skipped, "already loaded") {
			t.Errorf("%s: want skipped as already loaded, got %s", r.Path, r)
		}
	}
	if after := snapshot(t, db); after != before {
		t.Error("loading the same files again changed the database")
	}
}

// zoomLines is the first n lines of a Zoom export, as a cut-off download leaves it.
func zoomLines(data []byte, n int) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	return []byte(strings.Join(lines[:n], ""))
}

// TestBadFilesLeaveDatabaseAsItWas loads broken files into a loaded database: each fails with
// its file and line named, and the raw tables are exactly as before.
func TestBadFilesLeaveDatabaseAsItWas(t *testing.T) {
	db := openTemp(t)
	load(t, db, "../testdata/program-small")
	build(t, db)
	marts := martDump(t, db)
	before := snapshot(t, db)
	dir := t.TempDir()
	zoomFile, err := os.ReadFile("../testdata/program-small/zoom/participants_81234567890_1.csv")
	if err != nil {
		t.Fatal(err)
	}
	broken := map[string][]byte{
		"truncated_zoom.csv":   zoomFile[:len(zoomFile)-40],
		"roster_no_cohort.csv": []byte("name,email,aliases\nAnn,ann@x.org,\n"),
		"binary.csv":           {0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe},
		"impossible_date.csv":  []byte("cohort,program,session,starts_at,minutes\nb,intro,1,2026-02-30 18:00,90\n"),
		"late_error.csv":       []byte("cohort,program,session,starts_at,minutes\nb,intro,1,2026-02-03 18:00,90\nb,intro,2,2026-02-10 18:00,ninety\n"),
		// Re-downloads of session 1 that cannot be the whole meeting: they must not count.
		"header_only.csv": zoomLines(zoomFile, 4),
		"cut_off.csv":     zoomLines(zoomFile, 6),
		"stay_a_week.csv": []byte(strings.Replace(string(zoomFile), "03/03/2026 07:30:00 PM,91", "03/10/2026 07:30:00 PM,91", 1)),
		"year_9999.csv":   []byte(strings.Replace(string(zoomFile), "Alice Smith,alice@example.org,03/03/2026 05:59:01 PM,03/03/2026", "Alice Smith,alice@example.org,03/03/9999 05:59:01 PM,03/03/9999", 1)),
		"codebook.csv":    []byte("column,instrument,item\nMood today,checkin,connected\nHow we worked,gcqs,gcq_13\n"),
	}
	want := map[string]string{
		"truncated_zoom.csv":   "line 13",
		"roster_no_cohort.csv": `line 1: header lacks column "cohort"`,
		"binary.csv":           "line 1, column 5: a NUL byte: binary content",
		"impossible_date.csv":  "line 2, column 11: starts_at",
		"late_error.csv":       "line 3, column 28: minutes",
		"header_only.csv":      "the participant table is empty",
		"cut_off.csv":          "the meeting block counts 7 participants but the table names only 2",
		"stay_a_week.csv":      `line 6, column 4: implausible time: left "03/10/2026 07:30:00 PM", more than a day after joining`,
		"year_9999.csv":        `line 6, column 3: implausible time: joined "03/03/9999 05:59:01 PM", more than a day from the meeting's start`,
		"codebook.csv":         `line 3: unknown item "gcq_13" of gcqs`,
	}
	var paths []string
	for name, data := range broken {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	for _, r := range load(t, db, paths...) {
		name := filepath.Base(r.Path)
		if r.Err == nil {
			t.Errorf("%s: loaded, want an error", name)
			continue
		}
		if !strings.Contains(r.Err.Error(), want[name]) {
			t.Errorf("%s: error %q, want it to contain %q", name, r.Err, want[name])
		}
	}
	if after := snapshot(t, db); after != before {
		t.Errorf("broken files changed the database:\n%s", after)
	}
	build(t, db)
	sameMarts(t, "after the broken files", martDump(t, db), marts)
}

// TestCorrectedScheduleReplaces edits schedule.csv in the program folder and loads it again: the
// new version replaces the old (the cohort's third session is gone). A second schedule file that
// contradicts the one in force is refused, naming both lines, and changes nothing.
func TestCorrectedScheduleReplaces(t *testing.T) {
	db := openTemp(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../testdata/program-small")); err != nil {
		t.Fatal(err)
	}
	load(t, db, dir)
	p := filepath.Join(dir, "schedule.csv")
	os.WriteFile(p, []byte("cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n"+
		"spring-a,intro,1,2026-03-03 18:00,90,812 3456 7890,America/New_York,Dana Host\n"+
		"spring-a,intro,2,2026-03-10 18:00,90,812 3456 7890,America/New_York,Dana Host\n"), 0o644)
	res := load(t, db, p)
	if res[0].Err != nil || !strings.Contains(res[0].Note, "replaces the version of this file loaded") {
		t.Errorf("new version: %v, note %q", res[0].Err, res[0].Note)
	}
	build(t, db)
	equalRows(t, "sessions", rowsOf(t, db.SQL, `select cohort, session, held from sessions`), []string{
		"spring-a|1|true", "spring-a|2|true",
	})
	other := filepath.Join(t.TempDir(), "schedule-other.csv")
	os.WriteFile(other, []byte("cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n"+
		"spring-a,intro,2,2026-03-10 19:00,90,812 3456 7890,America/New_York,Dana Host\n"), 0o644)
	before := snapshot(t, db)
	res = load(t, db, other)
	if res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "line 2: cohort spring-a session 2 is scheduled differently in "+p+" (line 3)") {
		t.Errorf("contradicting schedule: %v", res[0].Err)
	}
	if after := snapshot(t, db); after != before {
		t.Errorf("a refused schedule changed the database:\n%s", after)
	}
}

// TestExportWithoutSession loads a Zoom report before any schedule: it is kept, noted with the
// meeting's start and listed in unmatched_exports; the schedule loaded afterwards places it, and
// the marts equal those of loading both at once.
func TestExportWithoutSession(t *testing.T) {
	db := openTemp(t)
	zoomFile := "../testdata/program-small/zoom/participants_81234567890_1.csv"
	res := load(t, db, zoomFile)
	if res[0].Err != nil || !strings.Contains(res[0].Note, "fits no scheduled session yet: meeting started 2026-03-03 17:58, meeting ID 81234567890; kept") {
		t.Fatalf("got %v", res[0])
	}
	build(t, db)
	equalRows(t, "unplaced", rowsOf(t, db.SQL, "select source, meeting_id from unmatched_exports"), []string{"zoom-classic|81234567890"})
	load(t, db, "../testdata/program-small/schedule.csv", "../testdata/program-small/roster.csv")
	build(t, db)
	equalRows(t, "placed by the later schedule", rowsOf(t, db.SQL, "select count(*) from unmatched_exports"), []string{"0"})
	later := rowsOf(t, db.SQL, "select * from attendance order by all")

	both := openTemp(t)
	load(t, both, zoomFile, "../testdata/program-small/schedule.csv", "../testdata/program-small/roster.csv")
	build(t, both)
	equalRows(t, "attendance, schedule first", rowsOf(t, both.SQL, "select * from attendance order by all"), later)
	if len(later) != 5 {
		t.Errorf("session 1 has %d attendance rows, want one per member (5)", len(later))
	}
}

// TestUnmatchedSuggestsAlias renames a member in an export: load names the likely member (absent
// from that session, with a similar name) and the roster line that would match them.
func TestUnmatchedSuggestsAlias(t *testing.T) {
	db := openTemp(t)
	dir := t.TempDir()
	for _, f := range []string{"schedule.csv", "roster.csv"} {
		b, _ := os.ReadFile("../testdata/program-small/" + f)
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	b, _ := os.ReadFile("../testdata/program-small/zoom/participants_81234567890_1.csv")
	os.WriteFile(filepath.Join(dir, "s1.csv"), []byte(strings.ReplaceAll(string(b), "Joe N,,", "Joe Nunez,,")), 0o644)
	load(t, db, dir)
	u, err := db.Unmatched(context.Background(), 0, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(u.Names, "\n")
	if !strings.Contains(joined, `if this is José Núñez, use this roster line: spring-a,José Núñez,jose@example.org,Joe N;Joe Nunez`) {
		t.Errorf("no alias suggestion for Joe Nunez:\n%s", joined)
	}
	if strings.Contains(joined, "iPhone") && strings.Contains(strings.Split(joined, "iPhone")[1], "if this is") {
		t.Errorf("a device name got a member suggestion:\n%s", joined)
	}
	// With a limit, the first lines are the same (suggestions included) and the count is whole.
	if len(u.Names) < 2 || u.NameCount != len(u.Names) {
		t.Fatalf("%d names listed, count %d; want at least 2, all listed", len(u.Names), u.NameCount)
	}
	first, err := db.Unmatched(context.Background(), 0, false, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Names) != 1 || first.Names[0] != u.Names[0] || first.NameCount != u.NameCount {
		t.Errorf("limit 1: %q of %d, want %q of %d", first.Names, first.NameCount, u.Names[0], u.NameCount)
	}
}

// TestUnmatchedScopedToLoad loads a week's export after a run: the listing for that load names
// only the new file's unmatched names (not every earlier export's again) and counts what the
// last run stored; a roster in the load makes it look at everything again.
func TestUnmatchedScopedToLoad(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	dir := t.TempDir()
	for _, f := range []string{"schedule.csv", "roster.csv"} {
		b, _ := os.ReadFile("../testdata/program-small/" + f)
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	b, _ := os.ReadFile("../testdata/program-small/zoom/participants_81234567890_1.csv")
	os.WriteFile(filepath.Join(dir, "s1.csv"), b, 0o644) // its "iPhone" matches no member
	load(t, db, dir)
	build(t, db)
	before, err := db.LastFileID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	week := t.TempDir()
	b, _ = os.ReadFile("../testdata/program-small/zoom/participants_81234567890_2.csv")
	os.WriteFile(filepath.Join(week, "s2.csv"), []byte(strings.Replace(string(b), "Robin Lee,robin@example.org", "Rob L,", 1)), 0o644)
	load(t, db, week)
	scoped, err := db.Unmatched(ctx, before, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := db.Unmatched(ctx, 0, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !scoped.Scoped || whole.Scoped {
		t.Fatalf("scoped %v, whole %v", scoped.Scoped, whole.Scoped)
	}
	for _, n := range scoped.Names {
		if !strings.Contains(n, "s2.csv") {
			t.Errorf("the week's listing names an earlier file: %s", n)
		}
	}
	if scoped.NameCount == 0 || scoped.NameCount >= whole.NameCount {
		t.Errorf("the week lists %d names, the whole database %d: want some, and fewer", scoped.NameCount, whole.NameCount)
	}
	if scoped.Stored["unmatched_names"] == 0 {
		t.Errorf("the last run's unmatched_names not counted: %v", scoped.Stored)
	}
	// The temporary views are gone: the raw table is whole again.
	if got := rowsOf(t, db.SQL, `select count(distinct file_id) from raw_presence`); got[0] != "2" {
		t.Errorf("raw_presence holds %s files after the listing, want 2", got[0])
	}
	roster, _ := os.ReadFile(filepath.Join(dir, "roster.csv"))
	before, _ = db.LastFileID(ctx)
	os.WriteFile(filepath.Join(week, "roster.csv"), append(roster, []byte("spring-a,New Member,new@example.org,\n")...), 0o644)
	load(t, db, filepath.Join(week, "roster.csv"))
	again, err := db.Unmatched(ctx, before, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	if again.Scoped || again.NameCount != whole.NameCount {
		t.Errorf("after a roster load: scoped %v, %d names; want the whole database's %d", again.Scoped, again.NameCount, whole.NameCount)
	}
}

// TestReexportsCombine loads a corrected export of session 3 and a unique-users export of it
// beside the original, in two orders: every export of the session counts, intervals merged per
// member, and the order of loading changes nothing.
func TestReexportsCombine(t *testing.T) {
	orig, _ := os.ReadFile("../testdata/program-small/zoom/participants_81234567890_3.csv")
	dir := t.TempDir()
	fixed := filepath.Join(dir, "s3-fixed.csv")
	os.WriteFile(fixed, []byte(strings.Replace(string(orig), "03/17/2026 07:25:00 PM,82", "03/17/2026 07:30:00 PM,87", 1)), 0o644)
	unique := filepath.Join(dir, "s3-unique.csv")
	os.WriteFile(unique, []byte("\ufeffMeeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\r\n"+
		"812 3456 7890,Codependency intro,03/17/2026 05:59:00 PM,03/17/2026 07:30:30 PM,host@practice.example,92,4,\r\n\r\n"+
		"Name (Original Name),User Email,Total Duration (Minutes),Guest,\r\n"+
		"Dana Host,host@practice.example,92,No,\r\n"+
		"Alice Smith,alice@example.org,95,No,\r\n"+
		"Zoe M,,60,Yes,\r\n"), 0o644)
	session3 := `select p.name, a.status, a.minutes_present, a.late_minutes, a.left_early_minutes
		from attendance a join pii_people p using (participant_id) where a.session = 3 order by p.name`
	want := []string{
		"Alice Smith|present|90|0|0",
		"José Núñez|absent|0|0|0",
		"Robin Lee|present|90|0|0",
		"Sam Ortiz|absent|0|0|0",
		"Zoë Müller|present|87|3|0", // the corrected leave time, merged with the original's
	}
	for _, order := range [][]string{{fixed, unique}, {unique, fixed}} {
		db := openTemp(t)
		load(t, db, "../testdata/program-small")
		for i, f := range order {
			r := load(t, db, f)
			if r[0].Err != nil {
				t.Fatal(r[0].Err)
			}
			// The last one loaded is told of both others, the unique-users export opened a
			// minute before the session among them.
			if i == 1 && !strings.Contains(r[0].Note, "merged with 2 other exports of it") {
				t.Errorf("%s loaded after %s: %q, want it merged with 2 other exports", filepath.Base(f), filepath.Base(order[0]), r[0].Note)
			}
		}
		build(t, db)
		equalRows(t, "session 3 from three exports, "+filepath.Base(order[0])+" first", rowsOf(t, db.SQL, session3), want)
	}
	// The unique-users export alone gives totals only: present, minutes capped at the session.
	db := openTemp(t)
	load(t, db, "../testdata/program-small/schedule.csv", "../testdata/program-small/roster.csv", unique)
	build(t, db)
	equalRows(t, "session 3 from unique users", rowsOf(t, db.SQL, session3), []string{
		"Alice Smith|present|90|0|0", // 95 minutes in the meeting, capped at the session's 90
		"José Núñez|absent|0|0|0",
		"Robin Lee|absent|0|0|0",
		"Sam Ortiz|absent|0|0|0",
		"Zoë Müller|present|60|0|0",
	})
}

// loadAndBuild writes files (name to content) into dir, loads them, failing on any file's error,
// and builds the models.
func loadAndBuild(t *testing.T, db *pipeline.DB, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range load(t, db, dir) {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
	}
	build(t, db)
}

// TestTwoGroupsSameHourAndSharedNames covers the two matching rules that only bite in a busy
// practice: two cohorts meeting at the same hour without meeting IDs (the export goes to the
// cohort whose roster it names most), and a name shared by two members of one cohort (it
// matches neither; the member with an email in the export still matches).
func TestTwoGroupsSameHourAndSharedNames(t *testing.T) {
	db := openTemp(t)
	dir := t.TempDir()
	files := map[string]string{
		"schedule.csv": "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
			"tue-a,intro,1,2026-03-03 18:00,90,,America/New_York,Dana Host\n" +
			"tue-b,intro,1,2026-03-03 18:00,90,,America/New_York,Dana Host\n",
		"roster.csv": "cohort,name,email,aliases\n" +
			"tue-a,Alice Smith,alice@example.org,\n" +
			"tue-a,Robin Lee,robin@example.org,\n" +
			"tue-b,Sam Lee,sam.lee@example.org,\n" +
			"tue-b,Sam Lee,samuel@example.org,\n" +
			"tue-b,Kim Park,kim@example.org,\n" +
			"tue-b,Ana Ruiz,,\n",
		// The B group's room: Kim by email, Ana by name, a "Sam Lee" without email (which of
		// the two?), and the other Sam by email under a nickname.
		"zoom-b.csv": "\ufeffMeeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\r\n" +
			"888 1111 2222,Group B,03/03/2026 05:58:00 PM,03/03/2026 07:31:00 PM,host@practice.example,93,5,\r\n" +
			"\r\n" +
			"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room,\r\n" +
			"Dana Host,host@practice.example,03/03/2026 05:58:00 PM,03/03/2026 07:31:00 PM,93,No,,No,\r\n" +
			"Kim Park,kim@example.org,03/03/2026 06:00:00 PM,03/03/2026 07:30:00 PM,90,No,,No,\r\n" +
			"ana ruiz,,03/03/2026 06:00:00 PM,03/03/2026 07:30:00 PM,90,Yes,,No,\r\n" +
			"Sam Lee,,03/03/2026 06:00:00 PM,03/03/2026 07:30:00 PM,90,Yes,,No,\r\n" +
			"Sammy,samuel@example.org,03/03/2026 06:00:00 PM,03/03/2026 07:30:00 PM,90,No,,No,\r\n",
	}
	loadAndBuild(t, db, dir, files)
	// tue-a's session has no export, so it is not held and has no attendance rows.
	equalRows(t, "placement", rowsOf(t, db.SQL, `select cohort, session from int_meeting_sessions`), []string{"tue-b|1"})
	equalRows(t, "attendance", rowsOf(t, db.SQL, `select a.cohort, p.name, a.status
		from attendance as a join pii_people as p using (participant_id) order by all`), []string{
		"tue-b|Ana Ruiz|present", "tue-b|Kim Park|present", "tue-b|Sam Lee|absent", "tue-b|Sam Lee|present",
	})
	equalRows(t, "unmatched", rowsOf(t, db.SQL, `select cohort, name from unmatched_names`), []string{"tue-b|Sam Lee"})
}

// TestLateNightSessionPlaces places exports of a session that runs past midnight: one whose
// meeting block starts the evening before, one with only join times after midnight.
func TestLateNightSessionPlaces(t *testing.T) {
	db := openTemp(t)
	dir := t.TempDir()
	header := "\ufeffMeeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\r\n"
	rows := "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room,\r\n"
	files := map[string]string{
		"schedule.csv": "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
			"night,intro,1,2026-03-03 23:30,90,,America/New_York,\n" +
			"night,intro,2,2026-03-11 00:30,60,,America/New_York,\n",
		"roster.csv": "cohort,name,email,aliases\nnight,Kim Park,kim@example.org,\n",
		"s1.csv": header + "555 1111 2222,Night,03/03/2026 11:28:00 PM,03/04/2026 01:01:00 AM,h@example.org,93,1,\r\n\r\n" + rows +
			"Kim Park,kim@example.org,03/03/2026 11:30:00 PM,03/04/2026 01:00:00 AM,90,No,,No,\r\n",
		"s2.csv": rows + "Kim Park,kim@example.org,03/11/2026 12:31:00 AM,03/11/2026 01:30:00 AM,59,No,,No,\r\n",
	}
	loadAndBuild(t, db, dir, files)
	equalRows(t, "placement", rowsOf(t, db.SQL, `select f.file, m.session from int_meeting_sessions as m
		join raw_files as f using (file_id) order by m.session`), []string{
		filepath.Join(dir, "s1.csv") + "|1", filepath.Join(dir, "s2.csv") + "|2",
	})
}

// progressFunc is an io.Writer calling f, to act on load's progress lines.
type progressFunc func()

func (f progressFunc) Write(p []byte) (int, error) { f(); return len(p), nil }

// TestLoadCancelled stops a load at its first progress line: Load returns the cancellation, and
// whatever it wrote is whole (each file's ledger row with all its rows).
func TestLoadCancelled(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "program")
	if _, err := demo.Generate(dir, demo.Config{Seed: 2, Cohorts: 60}); err != nil {
		t.Fatal(err)
	}
	db := openTemp(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := db.Load(ctx, []string{dir}, pipeline.LoadOptions{DefaultTZ: "America/New_York", Key: "k", Progress: progressFunc(cancel)})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("load returned %v, want context.Canceled", err)
	}
	equalRows(t, "files with missing rows", rowsOf(t, db.SQL, `select f.file, f.rows, count(p.line)
		from raw_files as f left join raw_presence as p using (file_id)
		where f.format like 'zoom%' group by all having f.rows <> count(p.line)`), nil)
}

// TestLoadLargeExport loads an export over the size ranking keeps in memory (1 MB): it is read
// again when parsed, and loads whole.
func TestLoadLargeExport(t *testing.T) {
	db := openTemp(t)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("\ufeffMeeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\r\n" +
		"812 3456 7890,Codependency intro,03/03/2026 05:58:12 PM,03/03/2026 07:31:00 PM,host@practice.example,93,1,\r\n\r\n" +
		"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room,\r\n")
	const rows = 15000 // a flaky connection: one join and leave a row, ~1.5 MB
	for i := range rows {
		fmt.Fprintf(&b, "Alice Smith,alice@example.org,03/03/2026 06:%02d:%02d PM,03/03/2026 06:%02d:%02d PM,0,No,,No,\r\n", i/60%60, i%60, i/60%60, i%60)
	}
	if b.Len() <= 1<<20 {
		t.Fatalf("the export is %d bytes, not over 1 MB", b.Len())
	}
	files := map[string]string{"big.csv": b.String()}
	for _, f := range []string{"schedule.csv", "roster.csv"} {
		data, err := os.ReadFile("../testdata/program-small/" + f)
		if err != nil {
			t.Fatal(err)
		}
		files[f] = string(data)
	}
	loadAndBuild(t, db, dir, files)
	equalRows(t, "rows loaded", rowsOf(t, db.SQL, `select f.rows, count(*) from raw_files as f
		join raw_presence as p using (file_id) where f.format like 'zoom%' group by all`), []string{fmt.Sprintf("%d|%d", rows, rows)})
}

// TestLoadCheckpointsOnce: DuckDB does not checkpoint on its own while a load writes (it would,
// every few batches of a large load), so what the load committed is all in the write-ahead log
// until the one checkpoint after it; and the threshold is as it was after the load.
func TestLoadCheckpointsOnce(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	// A threshold every batch passes: without the load's hold, each commit would checkpoint.
	if _, err := db.SQL.ExecContext(ctx, `set global checkpoint_threshold = '1KB'`); err != nil {
		t.Fatal(err)
	}
	var before string
	if err := db.SQL.QueryRowContext(ctx, `select current_setting('checkpoint_threshold')`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	for _, r := range load(t, db, "../testdata/program-small") {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
	}
	wal, err := os.Stat(db.Path + ".wal")
	if err != nil || wal.Size() == 0 {
		t.Fatalf("after the load the write-ahead log should hold what it wrote (no checkpoint yet): %v", err)
	}
	var after string
	if err := db.SQL.QueryRowContext(ctx, `select current_setting('checkpoint_threshold')`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("checkpoint_threshold after the load is %s, was %s", after, before)
	}
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if wal, err := os.Stat(db.Path + ".wal"); err == nil && wal.Size() > 0 {
		t.Errorf("the checkpoint after the load left %d bytes in the write-ahead log", wal.Size())
	}
}
