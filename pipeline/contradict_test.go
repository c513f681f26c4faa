package pipeline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestContradictingFacilitatorFiles: a schedule, roster or codebook that contradicts one in
// force is refused at its line, naming the other file's, and leaves what was there; a file that
// agrees with the ones in force loads.
func TestContradictingFacilitatorFiles(t *testing.T) {
	db := openTemp(t)
	load(t, db, "../testdata/program-small/schedule.csv", "../testdata/program-small/roster.csv", "../testdata/forms/codebook.csv")
	dir := t.TempDir()
	tests := []struct {
		name, data, want string // want "" means the file loads
	}{
		{"schedule gives a cohort another program",
			"cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
				"spring-a,advanced,9,2026-06-03 18:00,90,812 3456 7890,America/New_York,Dana Host\n",
			"line 2: cohort spring-a is program intro in ../testdata/program-small/schedule.csv (line 2), advanced here"},
		{"schedule moves a session",
			"cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
				"spring-a,intro,2,2026-03-10 19:00,90,812 3456 7890,America/New_York,Dana Host\n",
			"line 2: cohort spring-a session 2 is scheduled differently in ../testdata/program-small/schedule.csv (line 3)"},
		{"schedule adds a session",
			"cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
				"spring-a,intro,9,2026-06-03 18:00,90,812 3456 7890,America/New_York,Dana Host\n", ""},
		{"roster gives a member another role",
			"cohort,name,email,aliases,role\nspring-a,Alice Smith,alice@example.org,,co-facilitator\n",
			"line 2: Alice Smith in cohort spring-a is listed with another from_session or role in ../testdata/program-small/roster.csv (line 2)"},
		{"roster gives a member another first session",
			"cohort,name,email,aliases,from_session\nspring-a,Alice Smith,alice@example.org,,3\n",
			"line 2: Alice Smith in cohort spring-a is listed with another from_session or role"},
		{"codebook maps a column to another item",
			"column,instrument,item,values\nHow connected do you feel to the group right now? (0-10),checkin,contacts,\n",
			`line 2: column "How connected do you feel to the group right now? (0-10)" is mapped differently in ../testdata/forms/codebook.csv (line 2)`},
		{"codebook maps a column to another instrument",
			"column,instrument,item,values\nHow connected do you feel to the group right now? (0-10),gcqs,gcq_1,\n",
			`is mapped differently in ../testdata/forms/codebook.csv (line 2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t, db)
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".csv")
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			r := load(t, db, path)
			switch {
			case tt.want == "" && r[0].Err != nil:
				t.Errorf("refused: %v", r[0].Err)
			case tt.want == "":
			case r[0].Err == nil:
				t.Errorf("loaded (%s), want it refused with %q", r[0], tt.want)
			case !strings.Contains(r[0].Err.Error(), tt.want):
				t.Errorf("refused with %q, want %q", r[0].Err, tt.want)
			default:
				if after := snapshot(t, db); after != before {
					t.Errorf("a refused file changed the database")
				}
			}
		})
	}
}
