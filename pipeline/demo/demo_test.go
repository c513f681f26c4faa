// demo_test.go reads the generated folder back with a reader of its own and checks the files
// say what the truth says, that every planted case is there, and that output is reproducible.

package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cohesion/pipeline/exportfile/filetest"
)

func generate(t *testing.T, cfg Config) (string, *Truth) {
	t.Helper()
	dir := t.TempDir()
	truth, err := Generate(dir, cfg)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return dir, truth
}

func TestGenerateIsDeterministic(t *testing.T) {
	cfg := Config{Seed: 42, Cohorts: 12}
	a, _ := generate(t, cfg)
	b, _ := generate(t, cfg)
	fa, fb := readTree(t, a), readTree(t, b)
	if !slices.Equal(keys(fa), keys(fb)) {
		t.Fatalf("file lists differ:\n%v\n%v", keys(fa), keys(fb))
	}
	for _, name := range keys(fa) {
		if !bytes.Equal(fa[name], fb[name]) {
			t.Errorf("%s differs between two runs with the same Config", name)
		}
	}
	c, _ := generate(t, Config{Seed: 43, Cohorts: 12})
	if bytes.Equal(fa["roster.csv"], readTree(t, c)["roster.csv"]) {
		t.Errorf("seeds 42 and 43 gave the same roster")
	}
}

func TestGenerateCounts(t *testing.T) {
	dir, truth := generate(t, Config{Seed: 1, Cohorts: 6})
	p := readProgram(t, dir)
	if len(p.cohorts) != 6 {
		t.Fatalf("%d cohorts in schedule.csv, want 6", len(p.cohorts))
	}
	intro, running, attendance, retention := 0, 0, 0, 0
	for _, label := range p.cohorts {
		c := p.sched[label]
		want := map[string]int{"intro": 4, "advanced": 8}[c.program]
		if want == 0 || len(c.starts) != want {
			t.Errorf("%s: program %q with %d sessions", label, c.program, len(c.starts))
		}
		if c.program == "intro" {
			intro++
		}
		members := len(p.roster[label])
		if members < 6 || members > 10 {
			t.Errorf("%s: %d members, want 6-10", label, members)
		}
		held := len(p.sessions[label])
		for s := 1; s <= held; s++ {
			if p.sessions[label][s] == nil {
				t.Errorf("%s: sessions held are not 1..%d", label, held)
			}
		}
		switch missing := len(c.starts) - held; {
		case missing > 0 && missing <= 2:
			running++
		case missing != 0:
			t.Errorf("%s: %d of %d sessions held", label, held, len(c.starts))
		}
		attendance += members * held
		retention += members
	}
	if intro != 4 {
		t.Errorf("%d intro cohorts of 6, want 4", intro)
	}
	if running != 1 || len(p.sessions[p.cohorts[5]]) == len(p.sched[p.cohorts[5]].starts) {
		t.Errorf("want exactly the latest cohort running, got %d running", running)
	}
	if len(truth.Attendance) != attendance || len(truth.Retention) != retention {
		t.Errorf("truth has %d attendance and %d retention rows, want %d and %d",
			len(truth.Attendance), len(truth.Retention), attendance, retention)
	}
	files := len(readTree(t, dir))
	if truth.Files != files {
		t.Errorf("Truth.Files = %d, %d files on disk", truth.Files, files)
	}
	zoom := 0
	for _, s := range p.sessions {
		zoom += len(s)
	}
	if want := 2 + zoom + 1 + 6 + 6 + 1; files != want {
		t.Errorf("%d files, want %d (schedule, roster, %d Zoom and a re-download, 6 check-ins, 6 ratings, truth)", files, want, zoom)
	}
}

// TestFilesAgreeWithTruth recomputes every attendance row, retention row and unmatched name
// from the files alone, counting covered seconds one by one instead of merging intervals.
func TestFilesAgreeWithTruth(t *testing.T) {
	for _, cfg := range []Config{{Seed: 1, Cohorts: 6}, {Seed: 9, Cohorts: 15, Running: 3, Timezone: "Europe/Berlin"}} {
		dir, truth := generate(t, cfg)
		p := readProgram(t, dir)
		var attendance []AttendanceTruth
		var retention []RetentionTruth
		var unmatched []UnmatchedTruth
		for _, label := range p.cohorts {
			c := p.sched[label]
			roster := p.roster[label]
			held := len(p.sessions[label])
			last := make([]int, len(roster))
			attended := make([]int, len(roster))
			for s := 1; s <= held; s++ {
				rows := p.sessions[label][s]
				for m, member := range roster {
					var covered [sessionSeconds]bool
					for _, r := range rows {
						if r.member != m || r.waiting {
							continue
						}
						for sec := max(r.join, 0); sec < min(r.leave, sessionSeconds); sec++ {
							covered[sec] = true
						}
					}
					total, first, end := 0, -1, 0
					for sec, in := range covered {
						if in {
							total++
							if first < 0 {
								first = sec
							}
							end = sec + 1
						}
					}
					if s < member.from {
						continue // not enrolled yet
					}
					row := AttendanceTruth{Cohort: label, Session: s, Email: member.email, Name: member.name, Status: StatusAbsent}
					if total > 0 {
						row.MinutesPresent = (total + 30) / 60
						row.LateMinutes = (first + 30) / 60
						row.LeftEarlyMinutes = (sessionSeconds - end + 30) / 60
						switch {
						case first > 600:
							row.Status = StatusLate
						case end < sessionSeconds-600:
							row.Status = StatusLeftEarly
						default:
							row.Status = StatusPresent
						}
						attended[m]++
						last[m] = s
					}
					attendance = append(attendance, row)
				}
				for _, r := range rows {
					if r.member == strangerRow {
						unmatched = append(unmatched, UnmatchedTruth{Cohort: label, Session: s, Name: r.display, Email: r.email})
					}
				}
			}
			for m, member := range roster {
				row := RetentionTruth{Cohort: label, Program: c.program, Email: member.email, Name: member.name,
					SessionsPlanned: len(c.starts) - member.from + 1, SessionsAttended: attended[m], LastAttended: last[m]}
				switch {
				case attended[m] == 0:
					row.Outcome = OutcomeNeverStarted
				case held < len(c.starts):
					row.Outcome = OutcomeOngoing
				case last[m] == len(c.starts):
					row.Outcome = OutcomeCompleted
				default:
					row.Outcome, row.DropoutAfter = OutcomeDroppedOut, last[m]
				}
				retention = append(retention, row)
			}
		}
		compare(t, "attendance", attendance, truth.Attendance)
		compare(t, "retention", retention, truth.Retention)
		compare(t, "unmatched", unmatched, truth.Unmatched)

		var onDisk Truth
		data, err := os.ReadFile(filepath.Join(dir, "truth.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &onDisk); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(&onDisk, truth) {
			t.Errorf("truth.json differs from the returned Truth")
		}
	}
}

func compare[T any](t *testing.T, what string, got, want []T) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: files give %d rows, truth has %d", what, len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s row %d: files give %+v, truth says %+v", what, i, got[i], want[i])
			return
		}
	}
}

// TestEveryCaseIsPlanted checks that six cohorts of seed 1 carry every status, outcome and
// Zoom quirk an end-to-end test relies on.
func TestEveryCaseIsPlanted(t *testing.T) {
	dir, truth := generate(t, Config{Seed: 1, Cohorts: 6})
	p := readProgram(t, dir)

	statuses := map[string]bool{}
	for _, a := range truth.Attendance {
		statuses[a.Status] = true
	}
	for _, s := range []string{StatusPresent, StatusLate, StatusLeftEarly, StatusAbsent} {
		if !statuses[s] {
			t.Errorf("no attendance with status %s", s)
		}
	}
	outcomes := map[string]bool{}
	for _, r := range truth.Retention {
		outcomes[r.Outcome] = true
	}
	for _, o := range []string{OutcomeCompleted, OutcomeDroppedOut, OutcomeNeverStarted, OutcomeOngoing} {
		if !outcomes[o] {
			t.Errorf("no retention outcome %s", o)
		}
	}
	if len(truth.Unmatched) == 0 {
		t.Errorf("no unmatched stranger")
	}

	found := map[string]bool{}
	for _, label := range p.cohorts {
		for _, rows := range p.sessions[label] {
			byMember := map[int][]zoomRow{}
			for _, r := range rows {
				if r.member < 0 {
					continue
				}
				name := p.roster[label][r.member].name
				switch {
				case r.waiting:
					found["waiting room"] = true
				case r.email == "" && r.guest && r.display == name:
					found["guest by roster name"] = true
				case r.email == "" && r.guest && !strings.Contains(r.display, "("):
					found["guest by alias or folded name"] = true
				case strings.HasSuffix(r.display, " ("+name+")") && r.email == "":
					found["renamed, no email"] = true
				case strings.HasSuffix(r.display, " ("+name+")"):
					found["renamed, with email"] = true
				}
				if !r.waiting {
					byMember[r.member] = append(byMember[r.member], r)
				}
			}
			for _, own := range byMember {
				for i := 1; i < len(own); i++ {
					gap := own[i].join - own[i-1].leave
					switch {
					case gap < 0:
						found["device switch (overlap)"] = true
					case gap >= 60 && gap <= 300:
						found["reconnect (1-5 minute gap)"] = true
					}
				}
			}
			for _, r := range rows {
				if r.member == strangerRow {
					found["stranger"] = true
				}
			}
		}
	}
	for _, want := range []string{"waiting room", "guest by roster name", "guest by alias or folded name",
		"renamed, no email", "renamed, with email", "device switch (overlap)",
		"reconnect (1-5 minute gap)", "stranger"} {
		if !found[want] {
			t.Errorf("no %s in any Zoom file", want)
		}
	}

	// A waiting-room row that runs past the start: counting it would change the minutes.
	pastStart := false
	for _, label := range p.cohorts {
		for _, rows := range p.sessions[label] {
			for _, r := range rows {
				pastStart = pastStart || (r.waiting && r.member >= 0 && r.leave > 0)
			}
		}
	}
	if !pastStart {
		t.Errorf("no waiting-room row that runs past the scheduled start")
	}

	// Continuation: someone in an advanced cohort completed an intro one, same email and name.
	introDone := map[string]string{}
	for _, r := range truth.Retention {
		if r.Program == "intro" && r.Outcome == OutcomeCompleted {
			introDone[r.Email] = r.Name
		}
	}
	continued := 0
	for _, r := range truth.Retention {
		if name, ok := introDone[r.Email]; ok && r.Program == "advanced" {
			continued++
			if name != r.Name {
				t.Errorf("%s is %q in intro and %q in advanced", r.Email, name, r.Name)
			}
		}
	}
	if continued == 0 {
		t.Errorf("no intro completer continued into an advanced cohort")
	}

	// Daylight saving: a cohort spans 2026-03-08 and keeps its wall-clock start.
	spans := false
	for _, label := range p.cohorts {
		starts := p.sched[label].starts
		_, off0 := starts[0].Zone()
		_, offN := starts[len(starts)-1].Zone()
		for _, s := range starts {
			if s.Hour() != starts[0].Hour() || s.Minute() != starts[0].Minute() {
				t.Errorf("%s: session at %s, first at %s", label, s.Format("15:04"), starts[0].Format("15:04"))
			}
		}
		spans = spans || off0 != offN
	}
	if !spans {
		t.Errorf("no cohort spans the daylight-saving change")
	}
}

// TestDaylightSavingAutumn starts in October so cohorts cross 2026-11-01.
func TestDaylightSavingAutumn(t *testing.T) {
	start := time.Date(2026, 10, 5, 18, 30, 0, 0, time.UTC) // read as wall time in the zone
	dir, _ := generate(t, Config{Seed: 3, Cohorts: 3, Start: start})
	p := readProgram(t, dir)
	first := p.sched[p.cohorts[0]].starts[0]
	if got := first.Format("2006-01-02 15:04 MST"); got != "2026-10-05 18:30 EDT" {
		t.Errorf("first session at %s, want 2026-10-05 18:30 EDT", got)
	}
	spans := false
	for _, label := range p.cohorts {
		starts := p.sched[label].starts
		if starts[0].Before(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) &&
			starts[len(starts)-1].After(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)) {
			spans = true
			last := starts[len(starts)-1]
			if last.Hour() != starts[0].Hour() || last.Minute() != starts[0].Minute() {
				t.Errorf("%s: wall clock moved from %s to %s", label, starts[0].Format("15:04"), last.Format("15:04"))
			}
		}
	}
	if !spans {
		t.Errorf("no cohort spans 2026-11-01")
	}
}

// TestZoomBytes checks the bytes Zoom writes: BOM, CRLF, trailing commas, rounded-up durations,
// the host first, and one file in five without the meeting block.
func TestZoomBytes(t *testing.T) {
	dir, _ := generate(t, Config{Seed: 1, Cohorts: 6})
	files, _ := filepath.Glob(filepath.Join(dir, "zoom", "*.csv"))
	withBlock := 0
	for _, f := range files {
		if strings.HasSuffix(f, " (1).csv") {
			continue // the re-saved second download (readProgram checks it against the first)
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) || !bytes.HasSuffix(data, []byte(",\r\n")) {
			t.Fatalf("%s: no BOM or no final ',\\r\\n'", f)
		}
		lines := strings.Split(strings.TrimSuffix(string(data[3:]), "\r\n"), "\r\n")
		for i, line := range lines {
			if strings.ContainsAny(line, "\r\n") || (line != "" && !strings.HasSuffix(line, ",")) {
				t.Fatalf("%s line %d: %q", f, i+1, line)
			}
		}
		if strings.HasPrefix(lines[0], "Meeting ID,Topic,") {
			withBlock++
			if lines[2] != "" || !strings.HasPrefix(lines[3], "Name (Original Name),") {
				t.Errorf("%s: meeting block not followed by an empty line and the participant header", f)
			}
		} else if !strings.HasPrefix(lines[0], "Name (Original Name),User Email,Join Time,") {
			t.Errorf("%s: starts with %q", f, lines[0])
		}
	}
	if withBlock == 0 || withBlock == len(files) || withBlock < len(files)*3/4 {
		t.Errorf("%d of %d files have the meeting block, want about four in five", withBlock, len(files))
	}
}

func TestAttendanceRule(t *testing.T) {
	const window = 5400
	for _, tc := range []struct {
		name                     string
		intervals                []span
		status                   string
		present, late, leftEarly int
	}{
		{"no intervals", nil, StatusAbsent, 0, 0, 0},
		{"only outside the window", []span{{-600, -10}, {5400, 5500}}, StatusAbsent, 0, 0, 0},
		// Joins 2:05 in, drops at 30:00, back at 32:30, second device 48:20 before the first leaves
		// at 50:00, leaves at 85:00: covered 125..1800 and 1950..5100 = 1675+3150 = 4825 s = 80.4 min.
		{"reconnect and device switch", []span{{125, 1800}, {1950, 3000}, {2900, 5100}}, StatusPresent, 80, 2, 5},
		// Early by three minutes and staying past the end: clipped to the full 90 minutes.
		{"whole session", []span{{-180, 5880}}, StatusPresent, 90, 0, 0},
		// 10:01 after the start is late; 9:59 is not.
		{"just late", []span{{601, 5400}}, StatusLate, 80, 10, 0},
		{"just on time", []span{{599, 5400}}, StatusPresent, 80, 10, 0},
		{"left early", []span{{0, 4199}}, StatusLeftEarly, 70, 0, 20},
		{"late beats left early", []span{{1200, 3600}}, StatusLate, 40, 20, 30},
		// Touching intervals merge; 90 s rounds half away from zero to 2 minutes.
		{"touching, half minute", []span{{2000, 2045}, {2045, 2090}}, StatusLate, 2, 33, 55},
	} {
		status, present, late, early := attendanceOf(tc.intervals, window)
		if status != tc.status || present != tc.present || late != tc.late || early != tc.leftEarly {
			t.Errorf("%s: got %s %d/%d/%d, want %s %d/%d/%d", tc.name, status, present, late, early,
				tc.status, tc.present, tc.late, tc.leftEarly)
		}
	}
}

func TestRetentionRule(t *testing.T) {
	a, p := StatusAbsent, StatusPresent
	for _, tc := range []struct {
		name     string
		statuses []string
		planned  int
		want     RetentionTruth
	}{
		{"completed with a gap", []string{p, a, StatusLate, p}, 4, RetentionTruth{SessionsAttended: 3, LastAttended: 4, Outcome: OutcomeCompleted}},
		{"dropped after 2", []string{p, StatusLeftEarly, a, a}, 4, RetentionTruth{SessionsAttended: 2, LastAttended: 2, Outcome: OutcomeDroppedOut, DropoutAfter: 2}},
		{"never started", []string{a, a, a, a}, 4, RetentionTruth{Outcome: OutcomeNeverStarted}},
		{"running, started", []string{a, p}, 4, RetentionTruth{SessionsAttended: 1, LastAttended: 2, Outcome: OutcomeOngoing}},
		{"running, not started", []string{a, a, a}, 4, RetentionTruth{Outcome: OutcomeNeverStarted}},
	} {
		var got RetentionTruth
		got.SessionsAttended, got.LastAttended, got.Outcome, got.DropoutAfter = retentionOf(tc.statuses, tc.planned)
		if got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestConfigDefaultsAndErrors(t *testing.T) {
	cfg, loc, err := Config{}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Cohorts != 6 || cfg.Running != 1 || loc.String() != "America/New_York" ||
		cfg.Start.Format("2006-01-02 15:04 MST") != "2026-01-06 18:00 EST" {
		t.Errorf("defaults: %+v in %s", cfg, loc)
	}
	if cfg, _, _ := (Config{Cohorts: 2}).resolve(); cfg.Running != 0 {
		t.Errorf("two cohorts: Running %d, want 0", cfg.Running)
	}
	if cfg, _, _ := (Config{Running: -1}).resolve(); cfg.Running != 0 {
		t.Errorf("Running -1: got %d, want 0", cfg.Running)
	}
	for _, bad := range []Config{{Cohorts: -1}, {Timezone: "Mars/Olympus"}, {Cohorts: 2, Running: 3}} {
		if _, err := Generate(t.TempDir(), bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

func BenchmarkGenerate2000(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(b.TempDir(), Config{Seed: 1, Cohorts: 2000}); err != nil {
			b.Fatal(err)
		}
	}
}

// The reader below is the test's own: it knows the file layout but none of the generator's state.

type testSchedule struct {
	program     string
	facilitator string
	starts      []time.Time
}

type testMember struct {
	name, email string
	keys        []string
	from        int // roster from_session
}

type zoomRow struct {
	display, email string
	join, leave    int // seconds from the scheduled start
	guest, waiting bool
	member         int // index in the cohort's roster, or hostRow, or strangerRow
}

type testProgram struct {
	cohorts  []string
	sched    map[string]*testSchedule
	roster   map[string][]testMember
	sessions map[string]map[int][]zoomRow
}

func readCSV(t *testing.T, path string) [][]string { return filetest.CSV(t, path) }

func readProgram(t *testing.T, dir string) *testProgram {
	t.Helper()
	p := &testProgram{sched: map[string]*testSchedule{}, roster: map[string][]testMember{},
		sessions: map[string]map[int][]zoomRow{}}
	var loc *time.Location
	for i, rec := range readCSV(t, filepath.Join(dir, "schedule.csv")) {
		if i == 0 {
			continue
		}
		label := rec[0]
		var err error
		if loc, err = time.LoadLocation(rec[6]); err != nil {
			t.Fatal(err)
		}
		at, err := time.ParseInLocation("2006-01-02 15:04", rec[3], loc)
		if err != nil || rec[4] != "90" {
			t.Fatalf("schedule line %d: %q %v", i+1, rec, err)
		}
		c := p.sched[label]
		if c == nil {
			c = &testSchedule{program: rec[1], facilitator: rec[7]}
			p.sched[label] = c
			p.cohorts = append(p.cohorts, label)
		}
		if n, _ := strconv.Atoi(rec[2]); n != len(c.starts)+1 {
			t.Fatalf("schedule line %d: session %s out of order", i+1, rec[2])
		}
		c.starts = append(c.starts, at)
	}
	for i, rec := range readCSV(t, filepath.Join(dir, "roster.csv")) {
		if i == 0 {
			continue
		}
		m := testMember{name: rec[1], email: rec[2], keys: []string{foldKey(rec[1])}, from: 1}
		if rec[4] != "" {
			m.from, _ = strconv.Atoi(rec[4])
		}
		if rec[2] != strings.ToLower(rec[2]) || !strings.Contains(rec[2], "@") {
			t.Errorf("roster line %d: email %q", i+1, rec[2])
		}
		if rec[3] != "" {
			for _, a := range strings.Split(rec[3], ";") {
				m.keys = append(m.keys, foldKey(a))
			}
		}
		p.roster[rec[0]] = append(p.roster[rec[0]], m)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "zoom", "*.csv"))
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".csv")
		if original, ok := strings.CutSuffix(base, " (1)"); ok {
			// A second download of a session: the same meeting, line ends re-saved.
			a, _ := os.ReadFile(filepath.Join(dir, "zoom", original+".csv"))
			b, _ := os.ReadFile(f)
			if !bytes.Equal(bytes.ReplaceAll(a, []byte("\r\n"), []byte("\n")), b) || bytes.Equal(a, b) {
				t.Errorf("%s is not %s.csv with other line ends", f, original)
			}
			continue
		}
		cut := strings.LastIndex(base, "_s")
		label := base[:cut]
		session, _ := strconv.Atoi(base[cut+2:])
		c := p.sched[label]
		start := c.starts[session-1]
		records := readCSV(t, f)
		h := 0
		for h < len(records) && !strings.HasSuffix(records[h][0], "Name (Original Name)") {
			h++
		}
		var rows []zoomRow
		for i, rec := range records[h+1:] {
			join, err1 := time.ParseInLocation(zoomTime, rec[2], loc)
			leave, err2 := time.ParseInLocation(zoomTime, rec[3], loc)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: bad times %q", f, rec)
			}
			r := zoomRow{display: rec[0], email: rec[1], guest: rec[5] == "Yes", waiting: rec[7] == "Yes",
				join: int(join.Sub(start).Seconds()), leave: int(leave.Sub(start).Seconds())}
			if d, _ := strconv.Atoi(rec[4]); d != (r.leave-r.join+59)/60 {
				t.Errorf("%s: duration %s for %d seconds", f, rec[4], r.leave-r.join)
			}
			r.member = identify(p.roster[label], r)
			if i == 0 {
				if r.display != c.facilitator {
					t.Errorf("%s: first row %q, not the facilitator", f, r.display)
				}
				r.member = hostRow
			}
			rows = append(rows, r)
		}
		if p.sessions[label] == nil {
			p.sessions[label] = map[int][]zoomRow{}
		}
		p.sessions[label][session] = rows
	}
	return p
}

// identify matches a row to a roster member by email, else by the original name Zoom keeps in
// brackets after a rename, else by display name or alias.
func identify(roster []testMember, r zoomRow) int {
	if r.email != "" {
		for m, member := range roster {
			if member.email == r.email {
				return m
			}
		}
	}
	name := r.display
	if strings.HasSuffix(name, ")") {
		if open := strings.LastIndex(name, " ("); open >= 0 {
			name = name[open+2 : len(name)-1]
		}
	}
	for m, member := range roster {
		if slices.Contains(member.keys, foldKey(name)) {
			return m
		}
	}
	return strangerRow
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func keys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func ExampleGenerate() {
	dir, err := os.MkdirTemp("", "program")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	truth, err := Generate(dir, Config{Seed: 1, Cohorts: 6})
	if err != nil {
		panic(err)
	}
	r := truth.Retention[0]
	fmt.Printf("%d files; %s: %s, %d of %d sessions\n", truth.Files, r.Cohort, r.Outcome,
		r.SessionsAttended, r.SessionsPlanned)
	zoom, _ := os.ReadFile(filepath.Join(dir, "zoom", "intro-001_s1.csv"))
	for _, line := range strings.SplitN(string(zoom), "\r\n", 6)[:5] {
		fmt.Println(strings.TrimPrefix(line, "\ufeff"))
	}
	// Output:
	// 47 files; intro-001: dropped_out, 1 of 4 sessions
	// Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,
	// 803 3512 4143,Codependency intro - week 1,01/06/2026 05:53:53 PM,01/06/2026 07:38:31 PM,dana.whitfield@practice.example,105,11,
	//
	// Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room,
	// Dana Whitfield,dana.whitfield@practice.example,01/06/2026 05:53:53 PM,01/06/2026 07:38:31 PM,105,No,,No,
}
