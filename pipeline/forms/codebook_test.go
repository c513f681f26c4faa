// These tests run ParseCodebook on the fixtures and on the ways a
// hand-written codebook goes wrong.

package forms_test

import (
	"maps"
	"testing"

	"cohesion/pipeline/exportfile/filetest"
	"cohesion/pipeline/forms"
)

func TestParseCodebook(t *testing.T) {
	got, err := forms.ParseCodebook(readFixture(t, "codebook.csv"))
	if err != nil {
		t.Fatal(err)
	}
	gcqValues := map[string]string{"Not at all": "0", "A little bit": "1", "Somewhat": "2", "Moderately": "3", "Quite a bit": "4", "A great deal": "5", "Extremely": "6"}
	want := []forms.CodebookEntry{
		{Line: 2, Column: qConnected, Instrument: "checkin", Item: "connected"},
		{Line: 3, Column: qContacts, Instrument: "checkin", Item: "contacts"},
		{Line: 4, Column: qualtricsMatrix + gcqItems[0], Instrument: "gcqs", Item: "gcq_1", Values: gcqValues},
		{Line: 5, Column: qualtricsMatrix + gcqItems[1], Instrument: "gcqs", Item: "gcq_2", Values: gcqValues},
		{Line: 6, Column: qualtricsMatrix + gcqItems[2], Instrument: "gcqs", Item: "gcq_3", Values: gcqValues},
		{Line: 7, Column: "connected", Instrument: "checkin", Item: "connected"},
		{Line: 8, Column: "SRS_1", Instrument: "gsrs", Item: "gsrs_1"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Line != w.Line || g.Column != w.Column || g.Instrument != w.Instrument || g.Item != w.Item || !maps.Equal(g.Values, w.Values) {
			t.Errorf("entry %d\n got %+v\nwant %+v", i, g, w)
		}
	}
	// The codebook's labels score the Qualtrics choice-text export.
	if n, ok := forms.NumericValue("Quite a bit", got[2].Values); !ok || n != "4" {
		t.Errorf(`NumericValue("Quite a bit") = %q, %v`, n, ok)
	}
}

func TestParseCodebookOrderAndCase(t *testing.T) {
	got, err := forms.ParseCodebook([]byte("\ufeffItem,Column,Instrument\r\nORS_1, ORS 1 Individually ,ORS\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := forms.CodebookEntry{Line: 2, Column: " ORS 1 Individually ", Instrument: "ors", Item: "ors_1"}
	if len(got) != 1 || got[0].Line != want.Line || got[0].Column != want.Column || got[0].Instrument != want.Instrument || got[0].Item != want.Item || got[0].Values != nil {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestParseCodebookErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		data string
		kind error
		line int
		col  int
		msg  string
	}{
		{
			name: "duplicate column fixture", file: "broken_codebook_duplicate.csv",
			kind: forms.ErrDuplicateColumn, line: 4, col: 1,
			msg: `line 4, column 1: column mapped twice: "How connected do you feel to the group right now? (0-10)" (also line 2)`,
		},
		{
			name: "bad values fixture", file: "broken_codebook_values.csv",
			kind: forms.ErrBadValues, line: 3, col: 4,
			msg: `line 3, column 4: bad values: "A little bit:1" is not label=number`,
		},
		{
			name: "duplicate after trimming",
			data: "column,instrument,item\nGCQ_1,gcqs,gcq_1\n GCQ_1 ,gcqs,gcq_2\n",
			kind: forms.ErrDuplicateColumn, line: 3, col: 1,
			msg: `line 3, column 1: column mapped twice: "GCQ_1" (also line 2)`,
		},
		{
			name: "value not a number",
			data: "column,instrument,item,values\nGCQ_1,gcqs,gcq_1,Not at all=zero\n",
			kind: forms.ErrBadValues, line: 2, col: 4,
			msg: `line 2, column 4: bad values: "zero" is not a number in "Not at all=zero"`,
		},
		{
			name: "label twice",
			data: "column,instrument,item,values\nGCQ_1,gcqs,gcq_1,Somewhat=2;somewhat=3\n",
			kind: forms.ErrBadValues, line: 2, col: 4,
			msg: `line 2, column 4: bad values: label "somewhat" appears twice (also "Somewhat")`,
		},
		{
			name: "empty label",
			data: "values,column,instrument,item\n=2,GCQ_1,gcqs,gcq_1\n",
			kind: forms.ErrBadValues, line: 2, col: 1,
			msg: `line 2, column 1: bad values: "=2" has no label before "="`,
		},
		{
			name: "only separators",
			data: "column,instrument,item,values\nGCQ_1,gcqs,gcq_1,;;\n",
			kind: forms.ErrBadValues, line: 2, col: 4,
			msg: `line 2, column 4: bad values: ";;" has no label=number pair`,
		},
		{
			name: "empty item",
			data: "column,instrument,item\nGCQ_1,gcqs,\n",
			kind: forms.ErrEmptyField, line: 2, col: 3,
			msg: "line 2, column 3: empty field: item is empty",
		},
		{
			name: "short row",
			data: "column,instrument,item\nGCQ_1\n",
			kind: forms.ErrEmptyField, line: 2, col: 2,
			msg: "line 2, column 2: empty field: instrument is empty",
		},
		{
			name: "empty column",
			data: "column,instrument,item\n,gcqs,gcq_1\n",
			kind: forms.ErrEmptyField, line: 2, col: 1,
			msg: "line 2, column 1: empty field: column is empty",
		},
		{
			name: "missing item column",
			data: "column,instrument,values\nGCQ_1,gcqs,\n",
			kind: forms.ErrMissingColumn, line: 1,
			msg: `line 1: missing column "item" (header has column,instrument,values)`,
		},
		{
			name: "header column twice",
			data: "column,instrument,item,Item\n",
			kind: forms.ErrNoHeader, line: 1, col: 4,
			msg: `line 1, column 4: no header: "item" appears twice in the header`,
		},
		{
			name: "empty file", data: "",
			kind: forms.ErrNoHeader, line: 1,
			msg: `line 1: no header: the file ends before a "column,instrument,item,values" row`,
		},
		{
			name: "binary", data: "\x89PNG\r\n\x1a\n\x00",
			kind: forms.ErrNotText, line: 1,
			msg: "line 1: not a text CSV file: NUL bytes (binary, or UTF-16 text)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			if tt.file != "" {
				data = readFixture(t, tt.file)
			}
			_, err := forms.ParseCodebook(data)
			filetest.WantParseError(t, err, tt.line, tt.col, tt.kind, tt.msg)
		})
	}
}
