// csv_test.go checks the formula guard of CSV output on its own, each character a spreadsheet
// would run a cell for, in cells and in header names.
package export_test

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"fmt"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"cohesion/pipeline/export"
)

func TestNeutraliseFormula(t *testing.T) {
	for _, tc := range []struct{ cell, want string }{
		{"=1+1", "'=1+1"},
		{"+31 20 555 0100", "'+31 20 555 0100"},
		{"-2", "'-2"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=cmd|' /C calc'!A0", "'\t=cmd|' /C calc'!A0"}, // a tab before the = still runs it
		{"\r=1+1", "'\r=1+1"},                             // so does a carriage return
		{"\tindented", "'\tindented"},
		{"\r", "'\r"},
		{"", ""},
		{"plain", "plain"},
		{"a=b", "a=b"},     // only the first character counts
		{" =1+1", " =1+1"}, // a leading space is shown as text
		{"\n=1+1", "\n=1+1"},
		{"'=1+1", "'=1+1"},
	} {
		if got := export.NeutraliseFormula(tc.cell); got != tc.want {
			t.Errorf("NeutraliseFormula(%q) = %q, want %q", tc.cell, got, tc.want)
		}
	}
}

// TestWriteCSVNeutralisesTabAndCR writes DuckDB rows whose text, and whose column names, begin
// with a tab or a carriage return: each gets its quote, numbers stay numbers.
func TestWriteCSVNeutralisesTabAndCR(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("select chr(9) || '=1+1' as \"\ttab\", chr(13) || 'cr' as \"\rcr\", " +
		"'x' || chr(9) as inner_tab, -4 as negative, 'ok' as plain")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b bytes.Buffer
	n, err := export.WriteCSV(&b, rows)
	if err != nil || n != 1 {
		t.Fatalf("WriteCSV: %d rows, %v", n, err)
	}
	records, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("%v\n%q", err, b.String())
	}
	want := [][]string{
		{"'\ttab", "'\rcr", "inner_tab", "negative", "plain"},
		{"'\t=1+1", "'\rcr", "x\t", "-4", "ok"},
	}
	if got, w := fmt.Sprintf("%q", records), fmt.Sprintf("%q", want); got != w {
		t.Errorf("csv records:\n got  %s\n want %s", got, w)
	}
}
