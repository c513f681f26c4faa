// These tests pin MapHeader and NumericValue on the header and
// label shapes the vendors and form authors produce.

package forms_test

import (
	"testing"

	"cohesion/pipeline/forms"
)

func TestMapHeader(t *testing.T) {
	tests := []struct {
		header, instrument, item string
	}{
		{"GCQ_3", "gcqs", "gcq_3"},
		{"GCQ-S 3", "gcqs", "gcq_3"},
		{"gcq 3", "gcqs", "gcq_3"},
		{"GCQS_12", "gcqs", "gcq_12"},
		{"GCQ_03", "gcqs", "gcq_3"},
		{"GCQ3", "gcqs", "gcq_3"},
		{"ORS 2", "ors", "ors_2"},
		{"ors_4", "ors", "ors_4"},
		{"CORE10_7", "core10", "core10_7"},
		{"CORE-10 7", "core10", "core10_7"},
		{"CORE 10 10", "core10", "core10_10"},
		{"PHQ9_4", "phq9", "phq9_4"},
		{"PHQ-9 4", "phq9", "phq9_4"},
		{"GAD7_2", "gad7", "gad7_2"},
		{"GAD-7 7", "gad7", "gad7_7"},
		{"GSRS 1", "gsrs", "gsrs_1"},
		{"SRS 1", "gsrs", "gsrs_1"},
		{"SRS_4", "gsrs", "gsrs_4"},
		{"GCQ_3 I felt the group avoided important issues", "gcqs", "gcq_3"},
		{"GCQ_3. The members avoided looking at important issues", "gcqs", "gcq_3"},
		{"GCQ-S 1 The members liked and cared about each other.", "gcqs", "gcq_1"},
		{"Group Climate [GCQ_1 The members liked and cared about each other.]", "gcqs", "gcq_1"},
		{"[ORS 2] Interpersonally", "ors", "ors_2"},
		{"ORS 1 Individually (personal well-being)", "ors", "ors_1"},
		{"How are you doing? (PHQ-9 3)", "phq9", "phq9_3"},
		{"  GAD7_1 Feeling nervous", "gad7", "gad7_1"},

		{"GCQ_13", "", ""},   // GCQ-S has 12 items
		{"ORS 5", "", ""},    // ORS has 4
		{"PHQ-9 0", "", ""},  // items count from 1
		{"PHQ94", "", ""},    // no separator after a code ending in a digit
		{"PHQ 4", "", ""},    // PHQ-2 or PHQ-9?
		{"GAD 2", "", ""},    // GAD-2 or GAD-7?
		{"CORE 7", "", ""},   // CORE-10 or CORE-OM?
		{"GCQ_3abc", "", ""}, // the code runs on
		{"GCQ Session 3", "", ""},
		{"Q3_1", "", ""},
		{"How connected do you feel to the group right now? (0-10)", "", ""},
		{"Which group members did you connect with since the last session?", "", ""},
		{"Orson 3", "", ""},
		{"I felt GCQ_3", "", ""}, // not at the start, not bracketed
		{"", "", ""},
	}
	for _, tt := range tests {
		instrument, item, ok := forms.MapHeader(tt.header)
		if ok != (tt.instrument != "") || instrument != tt.instrument || item != tt.item {
			t.Errorf("MapHeader(%q) = %q, %q, %v; want %q, %q, %v", tt.header, instrument, item, ok, tt.instrument, tt.item, tt.instrument != "")
		}
	}
}

func TestNumericValue(t *testing.T) {
	gcq := map[string]string{"Not at all": "0", "A little bit": "1", "Somewhat": "2", "Moderately": "3"}
	tests := []struct {
		label  string
		values map[string]string
		want   string // "" for ok=false
	}{
		{"7", nil, "7"},
		{" 7 ", nil, "7"},
		{"8.5", nil, "8.5"},
		{"-1", nil, "-1"},
		{"3 - Somewhat", nil, "3"},
		{"0 - Not at all", nil, "0"},
		{"0 - Not at all", gcq, "0"},
		{"6 – Extremely", nil, "6"},
		{"4: Often", nil, "4"},
		{"3. Moderately", nil, "3"},
		{"3=Moderately", nil, "3"},
		{"10 Very connected", nil, "10"},
		{"7 (Very)", nil, "7"},
		{"Moderately (3)", nil, "3"},
		{"Quite a bit (4)", gcq, "4"},
		{"Not at all", gcq, "0"},
		{"not at all ", gcq, "0"},
		{"A LITTLE BIT", gcq, "1"},
		{"Not at all", nil, ""},
		{"Extremely", gcq, ""},
		{"2-3 times", nil, ""},
		{"2 - 3 times", nil, ""},
		{"3/10", nil, ""},
		{"10%", nil, ""},
		{"Moderately (3", nil, ""},
		{"(3)", nil, ""},
		{"", nil, ""},
	}
	for _, tt := range tests {
		got, ok := forms.NumericValue(tt.label, tt.values)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("NumericValue(%q, %v) = %q, %v; want %q, %v", tt.label, tt.values, got, ok, tt.want, tt.want != "")
		}
	}
}
