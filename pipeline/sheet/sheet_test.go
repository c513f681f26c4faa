package sheet_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"cohesion/pipeline/sheet"
)

func readXLSX(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(xlsxDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadShownText: date cells read as their number format shows them, numbers as Excel
// writes them, and rows keep their place (row 3 of classic_block is blank).
func TestReadShownText(t *testing.T) {
	sh, err := sheet.Read(readXLSX(t, "zoom_classic_block.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)", "Participants"},
		{"812 3456 7890", "Codependency intro - week 1", "03/05/2026 05:58:12 PM", "03/05/2026 07:34:40 PM", "host@practice.example", "97", "9"},
		{},
	}
	for i, w := range want {
		if !slices.Equal(sh.Rows[i], w) {
			t.Errorf("row %d: %q, want %q", i+1, sh.Rows[i], w)
		}
	}
	sh, err = sheet.Read(readXLSX(t, "teams_current_us.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if got := sh.Rows[3]; !slices.Equal(got, []string{"Start time", "3/5/26, 5:58:12 PM"}) {
		t.Errorf("teams row 4: %q", got)
	}
}

func TestCSVAndRow(t *testing.T) {
	// Padded to the widest row, as Excel saves a sheet; rows above CSV's first are empty lines.
	sh := &sheet.Sheet{Rows: [][]string{{"Title"}, {"a", "b"}, {"two\nlines", "x"}, nil, {"c, d"}}}
	if got, want := string(sh.CSV(1)), "Title,\r\na,b\r\n\"two\r\nlines\",x\r\n,\r\n\"c, d\",\r\n"; got != want {
		t.Errorf("CSV(1) = %q, want %q", got, want)
	}
	if got, want := string(sh.CSV(2)), "\r\na,b\r\n\"two\r\nlines\",x\r\n,\r\n\"c, d\",\r\n"; got != want {
		t.Errorf("CSV(2) = %q, want %q", got, want)
	}
	// Lines 3 and 4 are row 3; line 6 is row 5.
	for line, row := range map[int]int{1: 1, 2: 2, 3: 3, 4: 3, 5: 4, 6: 5, 7: 6} {
		if got := sh.Row(line); got != row {
			t.Errorf("Row(%d) = %d, want %d", line, got, row)
		}
	}
}

func TestIsWorkbook(t *testing.T) {
	for name, want := range map[string]bool{
		"zoom_classic_block.xlsx":       true,
		"broken_zoom_cut.xlsx":          true, // cut, but its parts are named
		"../zoom/classic_block.csv":     false,
		"../forms/msforms_checkin.xlsx": true,
	} {
		if got := sheet.IsWorkbook(readXLSX(t, name)); got != want {
			t.Errorf("IsWorkbook(%s) = %v, want %v", name, got, want)
		}
	}
	if _, err := sheet.Read(readXLSX(t, "broken_zoom_cut.xlsx")); !errors.Is(err, sheet.ErrDamaged) {
		t.Errorf("Read(cut) = %v, want ErrDamaged", err)
	}
}
