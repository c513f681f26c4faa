package pipeline_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"cohesion/pipeline"
	"cohesion/pipeline/demo"
	"cohesion/pipeline/exportfile/filetest"
)

// TestUnmatchedScopedEqualsWhole loads a week's files onto a generated program of several
// cohorts: a re-export of a session of the first cohort with a guest and a member written in
// capitals without email, and a check-in whose respondents are a member of the last cohort by
// email, a member of a cohort in between by name only (in capitals), someone on no roster, and a
// contact nobody is. The listing the load prints, which looks only at the week's files and at
// the schedule and roster of the cohorts they can concern, says exactly what the listing over
// the whole database says of those files.
func TestUnmatchedScopedEqualsWhole(t *testing.T) {
	ctx := context.Background()
	program := t.TempDir()
	if _, err := demo.Generate(program, demo.Config{Seed: 11, Cohorts: 9}); err != nil {
		t.Fatal(err)
	}
	db := openTemp(t)
	load(t, db, program)
	build(t, db)
	before, err := db.LastFileID(ctx)
	if err != nil {
		t.Fatal(err)
	}

	schedule := filetest.CSV(t, filepath.Join(program, "schedule.csv"))
	roster := filetest.CSV(t, filepath.Join(program, "roster.csv"))
	// The re-export is of session 2 of the first cohort, the check-in of session 2 of the last,
	// months later: each file concerns a cohort the other does not.
	sessionTwo := func(cohort string) []string {
		for _, r := range schedule[1:] {
			if r[0] == cohort && r[2] == "2" {
				return r
			}
		}
		t.Fatalf("no session 2 of %s", cohort)
		return nil
	}
	membersOf := func(cohort string) [][]string {
		var members [][]string
		for _, r := range roster[1:] {
			if r[0] == cohort && len(members) < 2 {
				members = append(members, r)
			}
		}
		if len(members) < 2 {
			t.Fatalf("too few members of %s", cohort)
		}
		return members
	}
	session, formSession := sessionTwo(schedule[1][0]), sessionTwo(schedule[len(schedule)-1][0])
	guest, members := membersOf(session[0])[0], membersOf(formSession[0])
	// The member who gives only her name is of a cohort in between, months from either.
	nameSession := sessionTwo(schedule[len(schedule)/2][0])
	if nameSession[0] == session[0] || nameSession[0] == formSession[0] {
		t.Fatalf("cohorts %s, %s and %s: want three", session[0], nameSession[0], formSession[0])
	}
	named := membersOf(nameSession[0])[0]
	start, err := time.Parse("2006-01-02 15:04", session[3])
	if err != nil {
		t.Fatal(err)
	}
	zoomTime := func(minutes int) string {
		return start.Add(time.Duration(minutes) * time.Minute).Format("01/02/2006 03:04:05 PM")
	}
	week := t.TempDir()
	zoom := "\ufeffMeeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\r\n" +
		session[5] + ",Group," + zoomTime(0) + "," + zoomTime(90) + ",host@practice.example,90,2,\r\n\r\n" +
		"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room,\r\n" +
		"Zed Unknown-Guest,," + zoomTime(1) + "," + zoomTime(90) + ",89,Yes,,No,\r\n" +
		strings.ToUpper(guest[1]) + ",," + zoomTime(2) + "," + zoomTime(90) + ",88,No,,No,\r\n"
	// A Google Forms timestamp 100 minutes after a session's start, in its zone's offset.
	stampOf := func(session []string) string {
		start, err := time.Parse("2006-01-02 15:04", session[3])
		if err != nil {
			t.Fatal(err)
		}
		return start.Add(100*time.Minute).Format("2006/01/02 3:04:05 PM") + " " + offsetName(t, start, session[6])
	}
	checkin := `"Timestamp","Email Address","Name","Which group members did you connect with since the last session?"` + "\n" +
		fmt.Sprintf("%q,%q,\"\",%q\n", stampOf(formSession), members[0][2], members[1][1]) +
		fmt.Sprintf("%q,\"\",%q,\"Nobody Known-Contact\"\n", stampOf(nameSession), strings.ToUpper(named[1])) +
		fmt.Sprintf("%q,\"stranger@example.net\",\"Stranger Person\",%q\n", stampOf(formSession), members[1][1])
	os.WriteFile(filepath.Join(week, "reexport.csv"), []byte(zoom), 0o644)
	os.WriteFile(filepath.Join(week, "checkin.csv"), []byte(checkin), 0o644)
	for _, r := range load(t, db, week) {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
	}

	scoped, err := db.Unmatched(ctx, before, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := db.Unmatched(ctx, 0, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !scoped.Scoped || whole.Scoped {
		t.Fatalf("scoped %v, whole %v", scoped.Scoped, whole.Scoped)
	}
	ofWeek := func(lines []string) []string {
		var out []string
		for _, l := range lines {
			if strings.Contains(l, "reexport.csv") || strings.Contains(l, "checkin.csv") {
				out = append(out, l)
			}
		}
		return out
	}
	for _, kind := range []struct {
		name          string
		scoped, whole []string
		count         int
		want          string
	}{
		{"names", scoped.Names, whole.Names, scoped.NameCount, "Zed Unknown-Guest"},
		{"exports", scoped.Exports, whole.Exports, scoped.ExportCount, ""},
		{"responses", scoped.Responses, whole.Responses, scoped.ResponseCount, "stranger@example.net"},
		{"contacts", scoped.Contacts, whole.Contacts, scoped.ContactCount, "Nobody Known-Contact"},
	} {
		if want := ofWeek(kind.whole); !slices.Equal(kind.scoped, want) {
			t.Errorf("%s: the load's listing says\n  %s\nthe whole database's, of the week's files\n  %s", kind.name,
				strings.Join(kind.scoped, "\n  "), strings.Join(want, "\n  "))
		}
		if kind.count != len(kind.scoped) {
			t.Errorf("%s: counted %d, listed %d", kind.name, kind.count, len(kind.scoped))
		}
		if kind.want != "" && !strings.Contains(strings.Join(kind.scoped, "\n"), kind.want) {
			t.Errorf("%s: %q not listed: %q", kind.name, kind.want, kind.scoped)
		}
	}
	// The members, by email or by name alone, are matched: none is listed.
	for _, l := range slices.Concat(scoped.Names, scoped.Responses) {
		if strings.Contains(l, members[0][2]) || strings.Contains(strings.ToLower(l), strings.ToLower(named[1])) ||
			strings.Contains(strings.ToLower(l), strings.ToLower(guest[1])) {
			t.Errorf("a member is listed as unmatched: %s", l)
		}
	}
	// The temporary views are gone: the schedule is whole again.
	if got := rowsOf(t, db.SQL, `select count(distinct cohort) from raw_schedule`); got[0] != "9" {
		t.Errorf("raw_schedule holds %s cohorts after the listing, want 9", got[0])
	}

	// Over the bound, the week's answers are counted, not matched, and nothing else changes.
	week3 := rowsOf(t, db.SQL, `select count(*) from raw_answers where file_id > `+fmt.Sprint(before))[0]
	pipeline.WithListedAnswersAtMost(t, 2)
	bounded, err := db.Unmatched(ctx, before, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(bounded.AnswersUnlisted) != week3 || bounded.ResponseCount+bounded.ContactCount+len(bounded.Responses)+len(bounded.Contacts) > 0 {
		t.Errorf("over the bound: %d answers unlisted (want %s), %d responses, %d contacts listed",
			bounded.AnswersUnlisted, week3, bounded.ResponseCount, bounded.ContactCount)
	}
	// The last run's counts are told all the same: once the week is built, its stranger's answers.
	build(t, db)
	pipeline.WithListedAnswersAtMost(t, 1_000_000)
	listed, err := db.Unmatched(ctx, before, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	pipeline.WithListedAnswersAtMost(t, 2)
	built, err := db.Unmatched(ctx, before, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	if listed.Stored["unmatched_responses"] == 0 || !maps.Equal(built.Stored, listed.Stored) {
		t.Errorf("over the bound, the last run's counts are %v, want %v (with unmatched_responses)", built.Stored, listed.Stored)
	}
	if !slices.Equal(bounded.Names, scoped.Names) || !slices.Equal(bounded.Exports, scoped.Exports) {
		t.Errorf("over the bound, names or exports listed differently: %q, %q", bounded.Names, bounded.Exports)
	}
	if scoped.AnswersUnlisted != 0 {
		t.Errorf("under the bound, %d answers unlisted", scoped.AnswersUnlisted)
	}
}

// offsetName is the "GMT-5" Google Forms writes for the zone's offset at wall time local.
func offsetName(t *testing.T, local time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	_, off := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), 0, 0, loc).Zone()
	return fmt.Sprintf("GMT%+d", off/3600)
}
