// Tests of the quarter report's research statistics: the dropout section and the log-rank tests.

package reports

import (
	"strings"
	"testing"
)

func TestDropoutSuppressed(t *testing.T) {
	for _, tc := range []struct {
		members, dropouts, minCell int
		want                       bool
	}{
		{60, 18, 11, false},
		{60, 8, 11, true},  // 8 dropouts
		{60, 55, 11, true}, // 5 stayed
		{10, 0, 11, true},  // 10 members
		{40, 0, 11, false}, // no dropouts describes nobody
		{11, 11, 11, false},
		{3, 1, 0, false}, // suppression off
	} {
		if got := dropoutSuppressed(tc.members, tc.dropouts, tc.minCell); got != tc.want {
			t.Errorf("dropoutSuppressed(%d, %d, %d) = %v, want %v", tc.members, tc.dropouts, tc.minCell, got, tc.want)
		}
	}
}

func TestPValueText(t *testing.T) {
	for p, want := range map[float64]string{0.0004: "< 0.001", 0.0226: "0.023", 0.35: "0.35", 0.99996: "> 0.999", 0.05: "0.05"} {
		if got := pValueText(&p); got != want {
			t.Errorf("pValueText(%v) = %q, want %q", p, got, want)
		}
	}
	if got := pPhrase(ptrFloat(0.0004)); got != "p < 0.001" {
		t.Errorf("pPhrase = %q", got)
	}
}

func ptrFloat(x float64) *float64 { return &x }

func TestDropoutWords(t *testing.T) {
	for _, tc := range []struct {
		ratio, low, high float64
		change, interval string
	}{
		{0.61, 0.48, 0.78, "a 39% lower chance", "22% to 52% lower"},
		{1.31, 1.12, 1.53, "a 31% higher chance", "12% to 53% higher"},
		{1.11, 0.75, 1.64, "an 11% higher chance", "from 25% lower to 64% higher"},
		{0.18, 0.1, 0.92, "an 82% lower chance", "8% to 90% lower"},
		{1.004, 0.9, 1.1, "about the same chance", "from 10% lower to 10% higher"},
	} {
		if got := chanceChange(tc.ratio); got != tc.change {
			t.Errorf("chanceChange(%v) = %q, want %q", tc.ratio, got, tc.change)
		}
		if got := intervalChange(tc.low, tc.high); got != tc.interval {
			t.Errorf("intervalChange(%v, %v) = %q, want %q", tc.low, tc.high, got, tc.interval)
		}
	}
}

// TestQuarterDropout checks the section on the fixture: one row per scale, GCQ-S first, the
// check-in suppressed (8 dropouts), avoidance said to be separated rather than given a ratio,
// ORS from one cohort without an interval, and the log-rank tests beside the curves.
func TestQuarterDropout(t *testing.T) {
	db := openQuarterMarts(t)
	d := loadQuarter(t, db, testQuarter, quarterOpt)
	var got []string
	for _, r := range d.Dropout {
		got = append(got, r.Label+"|"+countText(r.Members)+"|"+countText(r.Dropouts)+"|"+r.RatioText()+"|"+r.IntervalText()+"|"+r.PText())
	}
	want := []string{
		"GCQ-S engagement|60|18|0.61|0.46 to 0.82|0.001",
		"GCQ-S avoidance|60|18|—|—|—",
		"GCQ-S conflict|60|18|1.11|0.75 to 1.64|0.617",
		"the check-in's connected score|suppressed|suppressed|—|—|—",
		"the ORS total|25|14|0.95|—|—",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("dropout rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, part := range []string{
		"Each point of GCQ-S engagement went with a 39% lower chance of dropping out at the next session (95% interval 18% to 54% lower), from 60 members of whom 18 dropped out.",
		"no ratio can be given: at every dropout the member leaving had the lowest",
		"from 25% lower to 64% higher",
		"suppressed",
		"no interval",
	} {
		if !strings.Contains(d.Dropout[i].Sentence, part) {
			t.Errorf("sentence %d %q lacks %q", i, d.Dropout[i].Sentence, part)
		}
	}
	if !d.Dropout[3].Suppressed || d.Dropout[3].HazardRatio != nil || d.Dropout[3].Members != nil {
		t.Errorf("the check-in's row is not suppressed whole: %+v", d.Dropout[3])
	}
	if !strings.Contains(d.Readings.Dropout, "GCQ-S engagement") || strings.Contains(d.Readings.Dropout, "conflict") {
		t.Errorf("reading %q", d.Readings.Dropout)
	}
	if len(d.Logrank) != 3 || d.Logrank[0].Comparison != "between programs" || d.Logrank[0].PText() != "0.023" ||
		!strings.Contains(d.Logrank[0].Sentence, "differ more than chance") || d.Logrank[1].ChiSquare != nil {
		t.Errorf("log-rank rows %+v", d.Logrank)
	}

	page := renderQuarter(t, d, quarterOpt)
	for _, want := range []string{
		"Does group climate predict who stays?",
		"these are associations in the practice's own records, not effects",
		"Log-rank tests",
		"0.46 to 0.82",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "0.82 to") || strings.Contains(page, "0.8187") {
		t.Error("the suppressed check-in ratio reached the page")
	}

	// With suppression off the check-in's estimate is shown.
	all := loadQuarter(t, db, testQuarter, QuarterOptions{MinCell: 0, Now: quarterNow})
	if all.Dropout[3].Suppressed || all.Dropout[3].HazardRatio == nil || *all.Dropout[3].Dropouts != 8 {
		t.Errorf("min-cell 0: %+v", all.Dropout[3])
	}
}
