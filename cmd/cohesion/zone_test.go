// zone_test.go runs load, run, report and query under three machine time zones, each in its own
// process (a process reads its zone once), and checks that every byte they write is the same and
// that dates, weekdays and times are the cohort's own.
package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// zoneOutputs are the files the child writes; each must be the same in every zone.
var zoneOutputs = []string{"cohort.html", "cohort-named.html", "quarter.html", "sessions.csv", "attendance.csv", "retention_curve.csv"}

// TestZoneChild is the child: it does the work when asked to by TestMachineZoneChangesNothing.
func TestZoneChild(t *testing.T) {
	out := os.Getenv("COHESION_ZONE_CHILD_OUT")
	if out == "" {
		t.Skip("run by TestMachineZoneChangesNothing in a process of its own")
	}
	db := filepath.Join(t.TempDir(), "c.duckdb")
	steps := [][]string{
		{"load", "--db", db, "../../testdata/program-small", "../../testdata/cohesion"},
		{"run", "--db", db},
		{"report", "cohort", "spring-a", "--db", db, "--out", filepath.Join(out, "cohort.html")},
		{"report", "cohort", "alpha", "--names", "--db", db, "--out", filepath.Join(out, "cohort-named.html")},
		{"report", "quarter", "2026Q1", "--min-cell", "0", "--db", db, "--out", filepath.Join(out, "quarter.html")},
		{"query", "--db", db, "--sql", "from sessions order by all", "--format", "csv", "--out", filepath.Join(out, "sessions.csv")},
		{"query", "--db", db, "--sql", "from attendance order by all", "--format", "csv", "--out", filepath.Join(out, "attendance.csv")},
		{"query", "--db", db, "--sql", "from retention_curve order by all", "--format", "csv", "--out", filepath.Join(out, "retention_curve.csv")},
	}
	for _, args := range steps {
		if code, stdout, stderr := cli(t, args...); code != 0 {
			t.Fatalf("cohesion %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
		}
	}
}

func TestMachineZoneChangesNothing(t *testing.T) {
	if os.Getenv("COHESION_ZONE_CHILD_OUT") != "" {
		return
	}
	var first map[string][]byte
	for _, zone := range []string{"UTC", "Asia/Tokyo", "America/Los_Angeles"} {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestZoneChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TZ="+zone, "COHESION_ZONE_CHILD_OUT="+dir,
			"SOURCE_DATE_EPOCH=1775000000", "COHESION_KEY=zone-test")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("TZ=%s: %v\n%s", zone, err, b)
		}
		files := map[string][]byte{}
		for _, f := range zoneOutputs {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatalf("TZ=%s: %v", zone, err)
			}
			files[f] = b
		}
		if first == nil {
			first = files
			// spring-a meets on Tuesdays at 18:00 in New York: 23:00 UTC, 08:00 Wednesday in Tokyo.
			for f, want := range map[string]string{
				"cohort.html":  "2026-03-03",
				"quarter.html": "Tuesday evening",
				"sessions.csv": "spring-a,intro,1,2026-03-03T23:00:00Z,2026-03-04T00:30:00Z,America/New_York,2026-03-03T18:00:00,true",
			} {
				if !bytes.Contains(files[f], []byte(want)) {
					t.Errorf("TZ=%s: %s lacks %q", zone, f, want)
				}
			}
			continue
		}
		for _, f := range zoneOutputs {
			if !bytes.Equal(files[f], first[f]) {
				t.Errorf("TZ=%s: %s differs from TZ=UTC's", zone, f)
			}
		}
	}
}
