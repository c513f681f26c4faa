package pipeline

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"cohesion/queries"

	"github.com/xuri/excelize/v2"
)

// TestXlsxResave: a Zoom or Teams export opened in Excel and saved as a workbook, or a Google
// Forms sheet downloaded as one (dates held as
// date serials, numbers as numbers; see testdata/xlsx/README) loads as the CSV it was: the
// same format name and the same rows, line for line.
func TestXlsxResave(t *testing.T) {
	minute := func(v driver.Value) driver.Value {
		if tm, ok := v.(time.Time); ok {
			return tm.Truncate(time.Minute)
		}
		return v
	}
	for _, tt := range []struct {
		workbook, csv, format string
		shown                 func(driver.Value) driver.Value // what the workbook's date format keeps
	}{
		{"zoom_classic_block.xlsx", "zoom/classic_block.csv", "zoom-classic", nil},
		{"teams_current_us.xlsx", "teams/current_us.csv", "teams-current", nil},
		{"google_sheet_us.xlsx", "forms/google_sheet_us.csv", "google-forms", nil},
		// Excel's default date format shows no seconds, and saves none.
		{"zoom_excel_default_dates.xlsx", "zoom/classic_block.csv", "zoom-classic", minute},
	} {
		t.Run(tt.workbook, func(t *testing.T) {
			db := &DB{}
			want, err := db.parse(tt.csv, fixtureBytes(t, tt.csv), LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.parse(tt.workbook, fixtureBytes(t, "xlsx/"+tt.workbook), LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got.format != tt.format || want.format != tt.format {
				t.Errorf("format %q (CSV %q), want %q", got.format, want.format, tt.format)
			}
			if got.note != `read from sheet "Sheet1" of a spreadsheet` {
				t.Errorf("note %q", got.note)
			}
			wantRows := materialized(want.tables)
			if tt.shown != nil {
				for _, tab := range wantRows {
					for _, r := range tab {
						for i := range r {
							r[i] = tt.shown(r[i])
						}
					}
				}
			}
			if gotRows := materialized(got.tables); got.rows != want.rows || got.rejected != want.rejected || !reflect.DeepEqual(gotRows, wantRows) {
				t.Errorf("workbook gives %d rows (%d rejected):\n%v\nCSV gives %d (%d):\n%v", got.rows, got.rejected, gotRows, want.rows, want.rejected, wantRows)
			}
		})
	}
}

// TestXlsxRefusals: a damaged workbook or one with a title above its header, found in a
// folder, fails with a clear line; a workbook that is no export is skipped with the header it
// has, and so is a roster kept as a workbook.
func TestXlsxRefusals(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"xlsx/broken_zoom_cut.xlsx", "xlsx/broken_zoom_title_row.xlsx", "xlsx/not_export_budget.xlsx",
		"forms/broken_msforms_cut.xlsx", "forms/broken_msforms_no_header.xlsx"} {
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), fixtureBytes(t, f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	roster := workbookOf(t, [][]any{{"cohort", "name", "email"}, {"c1", "Alice Smith", "alice@example.org"}})
	if err := os.WriteFile(filepath.Join(dir, "roster.xlsx"), roster, 0o644); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	checked, err := Check([]string{dir}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checked {
		switch {
		case c.Err != nil:
			got[filepath.Base(c.File)] = "failed: " + c.Err.Error()
		case c.Format != "":
			got[filepath.Base(c.File)] = fmt.Sprintf("%s, %d rows", c.Format, c.Rows)
		default:
			got[filepath.Base(c.File)] = "skipped: " + c.Skipped
		}
	}
	want := map[string]string{
		"broken_zoom_cut.xlsx":          "failed: damaged spreadsheet: zip: not a valid zip file",
		"broken_msforms_cut.xlsx":       "failed: damaged spreadsheet: zip: not a valid zip file",
		"broken_zoom_title_row.xlsx":    `failed: line 1: no header row in sheet "Sheet1": it starts with "Codependency intro - attendance week 1", and a Zoom participants report header is on row 3: delete the rows above it and save again`,
		"broken_msforms_no_header.xlsx": `failed: line 1: no header row in sheet "Sheet1": it starts with "Group check-in - week 3 responses", and a Microsoft Forms header is on row 3: delete the rows above it and save again`,
		"roster.xlsx":                   "roster, 1 rows",
		"not_export_budget.xlsx":        `skipped: not an export cohesion reads (line 1: unrecognised export (header "item,amount"): expected a schedule, roster, codebook or long form, or a Zoom, Teams, Meet, Google Forms, Qualtrics or Microsoft Forms export)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines(got), "\n"), strings.Join(lines(want), "\n"))
	}

	// A zip that is no workbook is still binary content, as before.
	if _, err := (&DB{}).parse("a.xlsx", zipOf(t, "notes.txt"), LoadOptions{}); !errors.Is(err, ErrNotExport) {
		t.Errorf("plain zip: %v, want not an export", err)
	}
}

// TestXlsxErrorCell: an error names the sheet's row and cell, even below a cell with a line
// break, where the CSV it was read as has one more line.
func TestXlsxErrorCell(t *testing.T) {
	rows := [][]any{
		{"Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest"},
		{"Alice Smith", "alice@example.org", "03/05/2026 05:59:01 PM", "03/05/2026 07:30:00 PM", 91, "No"},
		{"Robin\nLee", "robin.lee@example.org", "03/05/2026 06:01:30 PM", "03/05/2026 06:40:10 PM", 39, "No"},
		{"Sam Ortiz", "sam.ortiz@example.org", "03/05/2026 06:00:00 PM", "yesterday", 95, "No"},
	}
	_, err := (&DB{}).parse("a.xlsx", workbookOf(t, rows), LoadOptions{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 4 || pe.Column != 4 || !strings.HasSuffix(err.Error(), "(cell D4)") {
		t.Fatalf("got %v, want an error at line 4, column 4 (cell D4)", err)
	}
}

func fixtureBytes(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func lines(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+": "+v)
	}
	return out
}

func workbookOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipOf(t *testing.T, name string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, err := z.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("minutes of the team meeting"))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestFacilitatorWorkbooks: a schedule and roster saved from Excel as workbooks load first, as
// their CSVs do, so the exports beside them are placed in their sessions: the marts equal those
// of the CSV program.
func TestFacilitatorWorkbooks(t *testing.T) {
	asWorkbook := func(path string) []byte {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		records, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		rows := make([][]any, len(records))
		for i, r := range records {
			for _, c := range r {
				rows[i] = append(rows[i], c)
			}
		}
		return workbookOf(t, rows)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../testdata/program-small")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"schedule", "roster"} {
		csvPath := filepath.Join(dir, name+".csv")
		if err := os.WriteFile(filepath.Join(dir, "z-"+name+".xlsx"), asWorkbook(csvPath), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(csvPath)
	}
	attendance := func(program string) string {
		ctx := context.Background()
		db, err := Open(ctx, filepath.Join(t.TempDir(), "c.duckdb"), OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		res, err := db.Load(ctx, []string{program}, LoadOptions{DefaultTZ: "America/New_York", Key: "k"})
		if err != nil {
			t.Fatal(err)
		}
		var formats []string
		for _, r := range res {
			if r.Err != nil || r.Skipped != "" {
				t.Fatalf("%s", r)
			}
			formats = append(formats, r.Format)
		}
		conn, err := db.SQL.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		models, _, err := ReadModels(queries.Models)
		if err != nil {
			t.Fatal(err)
		}
		if err := Build(ctx, conn, models, DefaultSettings, nil); err != nil {
			t.Fatal(err)
		}
		var out string
		if err := conn.QueryRowContext(ctx, `select count(*) || ' rows, ' || count(*) filter (where status = 'present') || ' present: ' ||
			md5(string_agg(a::varchar, '|' order by a::varchar)) from attendance a`).Scan(&out); err != nil {
			t.Fatal(err)
		}
		return strings.Join(formats, ",") + " " + out
	}
	got, want := attendance(dir), attendance("../testdata/program-small")
	if got[strings.Index(got, " "):] != want[strings.Index(want, " "):] || !strings.Contains(got, "schedule") {
		t.Errorf("from workbooks: %s\nfrom CSV files: %s", got, want)
	}
}
