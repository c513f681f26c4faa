package pipeline_test

// practice_test.go generates testdata/stats/practice, a program folder with a planted effect
// for the research statistics (lower engagement raises the hazard of dropping out after a
// session), and checks that the committed folder is what the generator writes. practice.R
// derives its reference values from the same files; stats_test.go compares the marts with them.

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var updatePractice = flag.Bool("update-practice", false, "rewrite testdata/stats/practice from the generator")

const practiceDir = "../testdata/stats/practice"

// practiceProgram is one program of the generated practice: its name, sessions per cohort and
// how many cohorts ran, the last ongoing ones with two sessions not held yet.
type practiceProgram struct {
	name              string
	sessions, cohorts int
	ongoing           int
}

var practicePrograms = []practiceProgram{
	{name: "intro", sessions: 4, cohorts: 10},
	{name: "advanced", sessions: 6, cohorts: 8, ongoing: 2},
}

// The planted effect: after attending session k with engagement e, a member does not come back
// with probability logistic(dropoutIntercept + dropoutSlope·(e − engagementMean)).
const (
	engagementMean   = 3.4
	dropoutIntercept = -1.7
	dropoutSlope     = -1.2
)

// practiceFiles generates the practice's files: schedule, roster, marked attendance and
// long-form answers (GCQ-S and the check-in's connected at attended sessions, ORS at sessions 1
// and 3, PHQ-9 at session 1 only), with blanks, invalid forms and absences along the way.
func practiceFiles(seed uint64) map[string][][]string {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	normal := func(sd float64) float64 { return rng.NormFloat64() * sd }
	clip := func(x float64, lo, hi int) string {
		v := int(math.Round(x))
		return fmt.Sprint(min(max(v, lo), hi))
	}
	schedule := [][]string{{"cohort", "program", "session", "starts_at", "minutes", "meeting_id", "timezone", "facilitator"}}
	roster := [][]string{{"cohort", "name", "email", "aliases"}}
	marks := [][]string{{"cohort", "session", "email", "status"}}
	answers := [][]string{{"email", "cohort", "session", "instrument", "item", "value"}}
	engagementItems := map[int]bool{1: true, 2: true, 4: true, 8: true, 11: true}
	avoidanceItems := map[int]bool{3: true, 5: true, 9: true}
	for p, prog := range practicePrograms {
		for c := 1; c <= prog.cohorts; c++ {
			cohort := fmt.Sprintf("%s-%02d", prog.name, c)
			first := time.Date(2026, 1, 5, 18, 0, 0, 0, time.UTC).AddDate(0, 0, 7*c+3*p)
			held := prog.sessions
			if c > prog.cohorts-prog.ongoing {
				held = prog.sessions - 2
			}
			for s := 1; s <= prog.sessions; s++ {
				schedule = append(schedule, []string{cohort, prog.name, fmt.Sprint(s),
					first.AddDate(0, 0, 7*(s-1)).Format("2006-01-02 15:04"), "90", "", "America/New_York", "Pat Host"})
			}
			cohortEffect := normal(0.5)
			members := 6 + rng.IntN(5)
			for m := 1; m <= members; m++ {
				email := fmt.Sprintf("%s-m%02d@example.org", cohort, m)
				roster = append(roster, []string{cohort, fmt.Sprintf("Member %s %02d", cohort, m), email, ""})
				trait, avoidance, conflict := normal(0.7), normal(0.5), normal(0.6)
				neverStarts := rng.Float64() < 0.05
				gone := false
				for s := 1; s <= held; s++ {
					attends := !neverStarts && !gone && (s == 1 || rng.Float64() < 0.92)
					status := "Absent"
					if attends {
						status = "Present"
					}
					marks = append(marks, []string{cohort, fmt.Sprint(s), email, status})
					if !attends {
						continue
					}
					engagement := engagementMean + cohortEffect + trait + normal(0.4)
					answer := func(instrument, item, value string) {
						answers = append(answers, []string{email, cohort, fmt.Sprint(s), instrument, item, value})
					}
					if rng.Float64() < 0.9 {
						blanks := 0.06
						if rng.Float64() < 0.04 {
							blanks = 0.6 // a half-filled form: usually more than 4 of 12 blank, invalid
						}
						for i := 1; i <= 12; i++ {
							if rng.Float64() < blanks {
								continue
							}
							var v float64
							switch {
							case engagementItems[i]:
								v = engagement + normal(0.6)
							case avoidanceItems[i]:
								v = 2.6 + avoidance - 0.4*(engagement-engagementMean) + normal(0.7)
							default:
								v = 1.4 + conflict + normal(0.7)
							}
							answer("gcqs", fmt.Sprintf("gcq_%d", i), clip(v, 0, 6))
						}
					}
					if rng.Float64() < 0.85 {
						answer("checkin", "connected", clip(5+1.2*(engagement-engagementMean)+normal(1.2), 0, 10))
					}
					if s == 1 || s == 3 {
						for i := 1; i <= 4; i++ {
							answer("ors", fmt.Sprintf("ors_%d", i), clip(5+(engagement-engagementMean)+float64(s)/3+normal(1.5), 0, 10))
						}
					}
					if s == 1 {
						skip := 0
						if rng.Float64() < 0.1 {
							skip = 1 + rng.IntN(9) // one item left blank: an invalid PHQ-9
						}
						for i := 1; i <= 9; i++ {
							if i != skip {
								answer("phq9", fmt.Sprintf("phq9_%d", i), clip(1.5-0.3*(engagement-engagementMean)+normal(0.9), 0, 3))
							}
						}
					}
					if s < prog.sessions {
						hazard := 1 / (1 + math.Exp(-(dropoutIntercept + dropoutSlope*(engagement-engagementMean))))
						gone = rng.Float64() < hazard
					}
				}
			}
		}
	}
	return map[string][][]string{"schedule.csv": schedule, "roster.csv": roster, "marks.csv": marks, "answers.csv": answers}
}

func csvBytes(t testing.TB, records [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(records); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPracticeFilesCurrent: the committed practice folder is the generator's output, so the R
// reference values (made from the folder) and the generator cannot drift apart. Run with
// -update-practice to rewrite it, then Rscript practice.R in testdata/stats (make check-r).
func TestPracticeFilesCurrent(t *testing.T) {
	for name, records := range practiceFiles(1) {
		path := filepath.Join(practiceDir, name)
		want := csvBytes(t, records)
		if *updatePractice {
			if err := os.MkdirAll(practiceDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what the generator writes: run go test -run TestPracticeFilesCurrent -update-practice ./pipeline, then make check-r", path)
		}
	}
}
