package pipeline_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"cohesion/pipeline/forms"
)

// TestSQLMappingMatchesGo holds the run-time mapping in SQL (int_survey_columns: item codes in
// headers or export tags; int_answers: numbers in answer labels) to the Go reference functions
// forms.MapHeader and forms.NumericValue, over every header and answer of the survey fixtures and
// a set of awkward ones written straight into raw_answers.
func TestSQLMappingMatchesGo(t *testing.T) {
	db := openTemp(t)
	var files []string
	for _, f := range []string{"google_checkin.csv", "google_full_name.csv", "google_sheet_us.csv", "google_sheet_dayfirst.csv",
		"qualtrics_checkin.csv", "qualtrics_numeric.csv", "msforms_checkin.xlsx", "msforms_text_times.xlsx"} {
		files = append(files, filepath.Join("../testdata/forms", f))
	}
	for _, r := range load(t, db, files...) {
		if r.Err != nil {
			t.Fatalf("%s", r)
		}
	}
	headers := []string{"GCQ_3", "GCQ-S 3", "gcq 3", "gcqs_12", "ORS 2", "ORS#4", "CORE10_7", "CORE-10 7", "core 10 10",
		"PHQ9_4", "PHQ-9 4", "PHQ94", "GAD7_2", "GAD-7: 7", "GSRS 1", "SRS 1", "GCQ_13", "ORS 5", "GCQ_03", "GCQ_3a",
		"Group Climate [GCQ_1 The members liked and cared about each other.]", "[ORS 2] Interpersonally",
		"(GAD-7 3) Worrying too much", "Mood today", "  GCQ_5  ", "Session rating [SRS 4]"}
	values := []string{"7", "3 - Somewhat", "0 - Not at all", "4: Often", "Moderately (3)", "2-3 times", "2 - 3 times",
		"3/10", "10%", "3.5", "-1", "7 (Very)", "3. Somewhat", "3=Somewhat", "3) Often", "Not at all", "  5  ", "5 – Very", "12"}
	var rows []string
	for i, h := range headers {
		for j, v := range values {
			rows = append(rows, fmt.Sprintf("(9000, %d, %d, 'x@example.org', null, null, null, '%s', null, '%s', null, null)",
				i*len(values)+j+2, i+1, strings.ReplaceAll(h, "'", "''"), strings.ReplaceAll(v, "'", "''")))
		}
	}
	if _, err := db.SQL.Exec(`insert into raw_files (file_id, file, sha256, format, rows, rejected, loaded_at)
		values (9000, 'awkward.csv', 'awkward', 'google-forms', 0, 0, now());
		insert into raw_answers values ` + strings.Join(rows, ",\n")); err != nil {
		t.Fatal(err)
	}
	build(t, db)

	mapped := rowsOf(t, db.SQL, `select question, coalesce(tag, ''), coalesce(instrument, ''), coalesce(item, ''), coalesce(mapped_by, '')
		from int_survey_columns order by all`)
	if len(mapped) < len(headers) {
		t.Fatalf("%d headers mapped, want at least %d", len(mapped), len(headers))
	}
	for _, row := range mapped {
		f := strings.Split(row, "|")
		question, tag, instrument, item, by := f[0], f[1], f[2], f[3], f[4]
		wantInstrument, wantItem, ok := forms.MapHeader(question)
		if !ok && tag != "" {
			wantInstrument, wantItem, ok = forms.MapHeader(tag)
		}
		switch {
		case by == "wording" && !ok:
		case !ok && instrument != "":
			t.Errorf("%q (tag %q): SQL maps it to %s %s (%s), Go to nothing", question, tag, instrument, item, by)
		case ok && (instrument != wantInstrument || item != wantItem):
			t.Errorf("%q (tag %q): SQL %s %s, Go %s %s", question, tag, instrument, item, wantInstrument, wantItem)
		}
	}

	answers := rowsOf(t, db.SQL, `select a.value, i.value
		from raw_answers as a
		join int_survey_columns as c on c.question = a.question and c.tag is not distinct from a.tag
		join int_answers as i on i.file_id = a.file_id and i.line = a.line and i.item = c.item
		where c.instrument is not null and c.item <> 'contacts'
		order by all`)
	if len(answers) < len(values) {
		t.Fatalf("%d answers compared, want at least %d", len(answers), len(values))
	}
	for _, row := range answers {
		raw, got, _ := strings.Cut(row, "|")
		want, ok := forms.NumericValue(raw, nil)
		if !ok {
			want = strings.TrimSpace(raw)
		}
		if got != want {
			t.Errorf("answer %q: SQL %q, Go %q", raw, got, want)
		}
	}
}
