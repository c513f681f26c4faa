package main

import "testing"

// TestCheckWorkbooks: check on a folder of workbooks shows a re-saved export as its CSV format,
// fails a damaged workbook or one with a title over its header, with the row and message, and
// skips one that is no export; exit 1 because some are broken.
func TestCheckWorkbooks(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		code, out, errOut := cli(t, "check", "--format", format, "../../testdata/xlsx")
		if code != 1 || errOut != "" {
			t.Errorf("check --format %s: exit %d, stderr %q", format, code, errOut)
		}
		golden(t, "check_xlsx_"+format+".golden", "\x00", out)
	}
}
