package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cohesion/pipeline"
)

// TestGoogleFormsCheckin loads a Google Forms check-in export with a codebook: answers are
// scored, attached to the session of the same local day, the contacts make the support
// network, and the free-text question is named as not loaded.
func TestGoogleFormsCheckin(t *testing.T) {
	dir := checkinFolder(t)
	db := openTemp(t)
	var note string
	for _, r := range load(t, db, dir) {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
		if r.Format == "google-forms" {
			note = r.Note
		}
	}
	if !strings.Contains(note, `Anything you'd like the facilitator to know?`) {
		t.Errorf("the free-text question is not named as not loaded: %q", note)
	}
	build(t, db)
	equalRows(t, "connected", rowsOf(t, db.SQL, `
		select m.session, p.name, m.score from cohesion_member m join pii_people p using (participant_id)
		where m.instrument = 'checkin' and m.scale = 'connected' order by all`), []string{
		"1|Alice Smith|6",
		"4|Alice Smith|8",
		"4|Robin Lee|6",
		"4|Zoë Müller|9",
	})
	// Session 4's ties: Alice→Zoë, Alice→Robin, Robin→Alice, Zoë→Alice, Zoë→Robin.
	equalRows(t, "support_network", rowsOf(t, db.SQL, `
		select session, n_members, n_ties, round(density, 4), round(reciprocity, 4) from support_network order by session`), []string{
		"1|3|1|0.1667|0",
		"4|3|5|0.8333|0.6667",
	})
	u, err := db.Unmatched(context.Background(), 0, true, 0)
	if err != nil || len(u.Responses) != 1 || !strings.Contains(u.Responses[0], "a-responses.csv: sam.ortiz@example.org, 2 answers: not on the roster") {
		t.Errorf("load should list the answers of a respondent not on the roster: %q, %v", u.Responses, err)
	}
	unmatched := rowsOf(t, db.SQL, `select email, reason from unmatched_responses`)
	if len(unmatched) == 0 || !strings.Contains(strings.Join(unmatched, "\n"), "sam.ortiz@example.org") {
		t.Errorf("a respondent not on the roster should be listed: %v", unmatched)
	}
}

// checkinFolder writes a program of one cohort whose sessions are held (marks), with a codebook
// and the Google Forms check-in export testdata/forms/google_checkin.csv.
func checkinFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"schedule.csv": "cohort,program,session,starts_at,minutes,meeting_id,timezone,facilitator\n" +
			"tue,intro,1,2026-03-05 18:00,90,,America/New_York,Dana Host\n" +
			"tue,intro,2,2026-03-12 18:00,90,,America/New_York,Dana Host\n" +
			"tue,intro,3,2026-03-17 18:00,90,,America/New_York,Dana Host\n" +
			"tue,intro,4,2026-03-24 18:00,90,,America/New_York,Dana Host\n",
		"roster.csv": "cohort,name,email,aliases\n" +
			"tue,Alice Smith,alice.smith@example.org,\n" +
			"tue,Robin Lee,robin.lee@example.org,\n" +
			"tue,Zoë Müller,zoe.muller@example.org,\n",
		"marks.csv": "cohort,session,email,status\n" +
			"tue,1,alice.smith@example.org,present\ntue,1,robin.lee@example.org,present\ntue,1,zoe.muller@example.org,absent\n" +
			"tue,2,alice.smith@example.org,present\ntue,2,robin.lee@example.org,present\ntue,2,zoe.muller@example.org,present\n" +
			"tue,3,alice.smith@example.org,present\ntue,3,robin.lee@example.org,present\ntue,3,zoe.muller@example.org,present\n" +
			"tue,4,alice.smith@example.org,present\ntue,4,robin.lee@example.org,present\ntue,4,zoe.muller@example.org,present\n",
		"codebook.csv": "column,instrument,item,values\n" +
			"How connected do you feel to the group right now? (0-10),checkin,connected,\n" +
			"Which group members did you connect with since the last session?,checkin,contacts,\n",
	}
	for name, text := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	export, err := os.ReadFile("../testdata/forms/google_checkin.csv")
	if err != nil {
		t.Fatal(err)
	}
	// Named to sort before the codebook: the codebook must still be applied.
	os.WriteFile(filepath.Join(dir, "a-responses.csv"), export, 0o644)
	return dir
}

// checkinProgram loads checkinFolder and builds the models.
func checkinProgram(t *testing.T) *pipeline.DB {
	t.Helper()
	db := openTemp(t)
	for _, r := range load(t, db, checkinFolder(t)) {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
	}
	build(t, db)
	return db
}

// TestSurveyVendorsLoad loads each survey vendor's export: recognised from its content, items
// mapped from the codes in its headers, submission time and zone kept.
func TestSurveyVendorsLoad(t *testing.T) {
	for fixture, format := range map[string]string{
		"google_checkin.csv":    "google-forms",
		"qualtrics_checkin.csv": "qualtrics",
		"msforms_checkin.xlsx":  "ms-forms",
	} {
		t.Run(format, func(t *testing.T) {
			db := openTemp(t)
			res := load(t, db, filepath.Join("../testdata/forms", fixture))
			if res[0].Err != nil || res[0].Format != format || res[0].Rows == 0 {
				t.Fatalf("%s: got %s (format %q)", fixture, res[0], res[0].Format)
			}
			build(t, db) // the models map the columns: raw_answers keeps the headers as exported
			got := rowsOf(t, db.SQL, `select count(*) filter (where instrument = 'gcqs'), count(*) filter (where submitted_local is null) from int_answers`)
			if strings.HasPrefix(got[0], "0|") || !strings.HasSuffix(got[0], "|0") {
				t.Errorf("%s: GCQ-S answers | answers without a submission time = %s", fixture, got[0])
			}
		})
	}
}

// TestSupportTies checks the tie list behind the session-4 network of TestGoogleFormsCheckin's
// export, by name.
func TestSupportTies(t *testing.T) {
	// Built from the same files as TestGoogleFormsCheckin; only the ties are asserted here.
	db := checkinProgram(t)
	equalRows(t, "support_ties", rowsOf(t, db.SQL, `
		select t.session, a.name, b.name from support_ties t
		join pii_people a on a.participant_id = t.participant_id
		join pii_people b on b.participant_id = t.named_participant_id
		where t.session = 4 order by all`), []string{
		"4|Alice Smith|Robin Lee",
		"4|Alice Smith|Zoë Müller",
		"4|Robin Lee|Alice Smith",
		"4|Zoë Müller|Alice Smith",
		"4|Zoë Müller|Robin Lee",
	})
}
