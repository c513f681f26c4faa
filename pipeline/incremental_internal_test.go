package pipeline

import (
	"slices"
	"strings"
	"testing"
)

// TestPlanIncremental: which models an incremental run scopes to the changed cohorts, and what
// it fingerprints, on a made-up set of models.
func TestPlanIncremental(t *testing.T) {
	m := func(name, kind, part string, deps ...string) Model {
		return Model{Name: name, Materialized: kind, Partition: part, PartitionColumn: part, Deps: deps}
	}
	models := []Model{
		m("codes", Ephemeral, ""),
		m("roster", Ephemeral, ""),
		m("answers", View, ByFile, "codes"),
		m("forms", Ephemeral, "", "answers", "roster"),
		m("attached", Ephemeral, ByCohort, "answers", "forms"),
		m("scored", Table, ByCohort, "attached"),
		m("shared_step", Ephemeral, ByCohort, "forms"),
		m("member", Table, ByCohort, "scored", "shared_step"),
		m("program", Table, "", "scored", "shared_step"),
	}
	p, err := planIncremental(models)
	if err != nil {
		t.Fatal(err)
	}
	var scoped []string
	for _, x := range models {
		if p.scoped[x.Name] {
			scoped = append(scoped, x.Name)
		}
	}
	// shared_step is read by a model that is not partitioned: it must be built whole.
	if want := []string{"attached", "scored", "member"}; !slices.Equal(scoped, want) {
		t.Errorf("scoped %v, want %v", scoped, want)
	}
	// answers is partitioned by file: what it reads is fingerprinted in its place.
	if want := []string{"codes", "forms", "shared_step"}; !slices.Equal(p.inputs, want) {
		t.Errorf("inputs %v, want %v", p.inputs, want)
	}
	var pre []string
	for _, x := range p.prebuilt {
		pre = append(pre, x.Name)
	}
	if want := []string{"codes", "roster", "answers", "forms", "shared_step"}; !slices.Equal(pre, want) {
		t.Errorf("built before the fingerprints %v, want %v", pre, want)
	}
	// A partitioned table read back, through a whole model, by a partitioned one.
	models = append(models, m("late", Table, ByCohort, "program"))
	if _, err := planIncremental(models); err == nil || !strings.Contains(err.Error(), "partitioned") {
		t.Errorf("a fingerprint made from a scoped model: %v", err)
	}
}

func TestPartitionHeaders(t *testing.T) {
	for _, c := range []struct{ header, part, column, err string }{
		{"-- x\n-- partition: cohort\nselect 1", "cohort", "cohort", ""},
		{"-- partition: cohort (attached_cohort)\nselect 1", "cohort", "attached_cohort", ""},
		{"-- partition: file_id\nselect 1", "file_id", "file_id", ""},
		{"select 1\n-- partition: cohort", "", "", ""},
		{"-- partition: session\nselect 1", "", "", "want cohort"},
		{"-- partition: cohort (a b)\nselect 1", "", "", "want cohort"},
		{"-- partition: file_id (x)\nselect 1", "", "", "want cohort"},
	} {
		part, column, err := partitionOf("m", c.header)
		if part != c.part || column != c.column || (err == nil) != (c.err == "") || err != nil && !strings.Contains(err.Error(), c.err) {
			t.Errorf("%q: %q %q %v", c.header, part, column, err)
		}
	}
}
