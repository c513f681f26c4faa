package pipeline

import (
	"bytes"
	"database/sql/driver"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

// TestPaddedColumns: a CSV export opened in Excel and saved again as CSV has every line padded
// with empty fields to the widest row (",,,,"), the header too; it reads as the export did.
func TestPaddedColumns(t *testing.T) {
	for _, f := range []string{"zoom/classic_block.csv", "zoom/sentence_block.csv", "zoom/classic_noblock.csv", "zoom/iso_dates.csv", "teams/current_comma_resave.csv", "teams/legacy_dayfirst_utf8.csv", "teams/current_utf8_resave.csv", "forms/google_checkin.csv", "forms/qualtrics_checkin.csv", "forms/qualtrics_numeric.csv", "forms/google_sheet_us.csv", "forms/google_sheet_dayfirst.csv", "meet/2026-03-05 18-00 Codependency intro - Attendance Report.csv"} {
		data := fixtureBytes(t, f)
		want, err := (&DB{}).parse(f, data, LoadOptions{})
		if err != nil {
			t.Errorf("%s: orig %v", f, err)
			continue
		}
		text := strings.TrimPrefix(string(data), "\ufeff")
		comma := ','
		if strings.Count(strings.SplitN(text, "\n", 2)[0], "\t") > 0 {
			comma = '\t'
		}
		// Survey answers hold line breaks, so they are read as CSV; the attendance exports have
		// blank lines, which a CSV reader drops, so they are read line by line.
		var recs [][]string
		if strings.HasPrefix(f, "forms/") {
			r := csv.NewReader(strings.NewReader(text))
			r.FieldsPerRecord, r.LazyQuotes = -1, true
			recs, err = r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
		} else {
			for _, l := range strings.Split(strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), "\n"), "\n") {
				if l == "" {
					recs = append(recs, nil)
					continue
				}
				r := csv.NewReader(strings.NewReader(l))
				r.FieldsPerRecord, r.LazyQuotes, r.Comma = -1, true, comma
				rec, err := r.Read()
				if err != nil {
					t.Fatal(f, err)
				}
				recs = append(recs, rec)
			}
		}
		w := 0
		for _, r := range recs {
			w = max(w, len(r))
		}
		w += 3 // and beyond it, as a sheet's used range often reaches
		var b bytes.Buffer
		cw := csv.NewWriter(&b)
		cw.Comma = comma
		cw.UseCRLF = true
		for _, r := range recs {
			for len(r) < w {
				r = append(r, "")
			}
			cw.Write(r)
		}
		cw.Flush()
		got, err := (&DB{}).parse(f, b.Bytes(), LoadOptions{})
		if err != nil {
			t.Errorf("%s: padded %v", f, err)
			continue
		}
		if got.format != want.format || !reflect.DeepEqual(materialized(got.tables), materialized(want.tables)) {
			t.Errorf("%s padded: %s, %d rows; unpadded %s, %d rows", f, got.format, got.rows, want.format, want.rows)
			g, w := materialized(got.tables), materialized(want.tables)
			for ti := range g {
				for ri := range g[ti] {
					if ri < len(w[ti]) && !reflect.DeepEqual(g[ti][ri], w[ti][ri]) {
						t.Errorf("first difference:\n%v\nwant\n%v", g[ti][ri], w[ti][ri])
						break
					}
				}
			}
		}
	}
}

// TestPaddedUTF16: Teams reports saved again from Excel as "Unicode Text" are UTF-16 and
// tab-separated, every line padded with tabs to the widest row; they read as the originals.
func TestPaddedUTF16(t *testing.T) {
	for _, f := range []string{"teams/current_us.csv", "teams/legacy.csv", "teams/report2021.csv", "teams/current_dayfirst.csv"} {
		data := fixtureBytes(t, f)
		want, err := (&DB{}).parse(f, data, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		enc := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
		text, _ := enc.NewDecoder().Bytes(data)
		lines := strings.Split(strings.TrimSuffix(string(text), "\r\n"), "\r\n")
		w := 0
		for _, l := range lines {
			w = max(w, strings.Count(l, "\t"))
		}
		for i, l := range lines {
			lines[i] = l + strings.Repeat("\t", w+2-strings.Count(l, "\t"))
		}
		padded, _ := enc.NewEncoder().Bytes([]byte(strings.Join(lines, "\r\n") + "\r\n"))
		got, err := (&DB{}).parse(f, padded, LoadOptions{})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if !reflect.DeepEqual(materialized(got.tables), materialized(want.tables)) {
			t.Errorf("%s padded with tabs reads differently", f)
		}
	}
}

// materialized is tables with every row made: what the writer appends, comparable.
func materialized(tables []tableRows) [][][]driver.Value {
	out := make([][][]driver.Value, len(tables))
	for i, t := range tables {
		rows, err := t.allRows()
		if err != nil {
			panic(err)
		}
		out[i] = rows
	}
	return out
}
