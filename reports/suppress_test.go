// Tests of small-cell suppression: each rule on a small table, then a property check that no
// hidden cell of a random table can be solved from the totals.

package reports

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

// pattern writes a suppression as one string per row: P primary, S secondary, . shown.
func pattern(s Suppression) []string {
	var out []string
	for _, row := range s.Cells {
		var b strings.Builder
		for _, c := range row {
			b.WriteByte(".PS"[c])
		}
		out = append(out, b.String())
	}
	return out
}

func TestSuppress(t *testing.T) {
	for _, tc := range []struct {
		name    string
		table   CountTable
		min     int
		want    []string
		rates   []bool
		primary int
		second  int
	}{
		{
			name:  "min-cell 0 disables",
			table: CountTable{Counts: [][]int{{3, 15, 18}, {1, 2, 3}, {4, 17, 21}}, RowTotals: true, ColTotals: true},
			min:   0,
			want:  []string{"...", "...", "..."},
		},
		{
			name:  "negative min-cell disables",
			table: CountTable{Counts: [][]int{{3}}},
			min:   -1,
			want:  []string{"."},
		},
		{
			name:    "primary only: no totals, no secondary",
			table:   CountTable{Counts: [][]int{{3, 15}, {0, 11}, {10, 1}}},
			min:     11,
			want:    []string{"P.", "..", "PP"},
			primary: 3,
		},
		{
			name:  "zero describes nobody and is shown",
			table: CountTable{Counts: [][]int{{0, 0, 0}}, RowTotals: true},
			min:   11,
			want:  []string{"..."},
		},
		{
			name:    "secondary in a row: the next smallest non-zero cell",
			table:   CountTable{Counts: [][]int{{5, 0, 30, 20, 55}}, RowTotals: true},
			min:     11,
			want:    []string{"P..S."},
			primary: 1,
			second:  1,
		},
		{
			name:    "secondary in a column",
			table:   CountTable{Counts: [][]int{{40}, {7}, {12}, {59}}, ColTotals: true},
			min:     11,
			want:    []string{".", "P", "S", "."},
			primary: 1,
			second:  1,
		},
		{
			name:    "two small cells in a row need no complement",
			table:   CountTable{Counts: [][]int{{5, 6, 30, 41}}, RowTotals: true},
			min:     11,
			want:    []string{"PP.."},
			primary: 2,
		},
		{
			name: "both totals: the complements form a rectangle",
			table: CountTable{Counts: [][]int{
				{30, 5, 0, 35},
				{14, 12, 0, 26},
				{44, 17, 0, 61},
			}, RowTotals: true, ColTotals: true},
			min:     11,
			want:    []string{"SP..", "SS..", "...."},
			primary: 1,
			second:  3,
		},
		{
			name: "a small total is hidden and complemented in the total row",
			table: CountTable{Counts: [][]int{
				{12, 30, 42},
				{20, 40, 60},
				{32, 70, 102},
			}, People: [][]int{
				{12, 30, 42},
				{20, 40, 60},
				{32, 70, 9},
			}, RowTotals: true, ColTotals: true},
			min: 11,
			// The grand total is primary; its row and column each need a complement, and
			// those need theirs.
			want:    []string{"S.S", "...", "S.P"},
			primary: 1,
			second:  3,
		},
		{
			name: "the complementary cell is itself a total",
			table: CountTable{Counts: [][]int{
				{3, 4, 7},
				{20, 30, 50},
				{25, 40, 65},
				{48, 74, 122},
			}, RowTotals: true, ColTotals: true},
			min: 11,
			// Row A's total is small, so the column of totals needs a complement: the next
			// smallest total, row B's, which then hides row B's cells too.
			want:    []string{"PPP", "SSS", "...", "..."},
			primary: 3,
			second:  3,
		},
		{
			name:    "only the total is left to complement with",
			table:   CountTable{Counts: [][]int{{40, 0, 40}}, People: [][]int{{4, 0, 12}}, RowTotals: true},
			min:     11,
			want:    []string{"P.S"},
			primary: 1,
			second:  1,
		},
		{
			name:    "people, not counts, decide the primary rule",
			table:   CountTable{Counts: [][]int{{120, 9, 129}}, People: [][]int{{20, 4, 20}}, RowTotals: true},
			min:     11,
			want:    []string{"SP."},
			primary: 1,
			second:  1,
		},
		{
			name: "shares follow their counts",
			table: CountTable{
				Counts:    [][]int{{30, 5, 35}, {40, 20, 60}},
				RowTotals: true,
				Rates: []RateCells{
					{Num: []CountCell{{0, 0}}, Den: []CountCell{{0, 2}}},         // numerator hidden
					{Num: []CountCell{{0, 1}}, Den: []CountCell{{0, 0}, {0, 1}}}, // denominator is a sum with a hidden part
					{Num: []CountCell{{1, 0}}, Den: []CountCell{{1, 2}}},         // all shown
					{Num: []CountCell{{1, 1}}, Den: []CountCell{{0, 2}}},         // denominator shown, numerator shown
				},
			},
			min:     11,
			want:    []string{"SP.", "..."},
			rates:   []bool{true, true, false, false},
			primary: 1,
			second:  1,
		},
		{
			name: "shares are all shown when suppression is off",
			table: CountTable{
				Counts:    [][]int{{3, 1, 4}},
				RowTotals: true,
				Rates:     []RateCells{{Num: []CountCell{{0, 0}}, Den: []CountCell{{0, 2}}}},
			},
			min:   0,
			want:  []string{"..."},
			rates: []bool{false},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Suppress(tc.table, tc.min)
			if got := pattern(s); strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("pattern %v, want %v", got, tc.want)
			}
			if got := s.Count(SmallCell); got != tc.primary {
				t.Errorf("%d primary, want %d", got, tc.primary)
			}
			if got := s.Count(Complementary); got != tc.second {
				t.Errorf("%d secondary, want %d", got, tc.second)
			}
			if tc.rates != nil {
				for i, want := range tc.rates {
					if s.RateHidden[i] != want {
						t.Errorf("rate %d hidden = %v, want %v", i, s.RateHidden[i], want)
					}
				}
			}
			if tc.min > 0 && tc.table.RowTotals && tc.table.ColTotals {
				if c, ok := solvable(tc.table, s); ok {
					t.Errorf("hidden cell %v can be solved from the totals", c)
				}
			}
		})
	}
}

// TestSuppressBridge is a table where every row and column has two hidden cells or none and yet
// one can be solved: two groups of hidden cells joined by a single one.
func TestSuppressBridge(t *testing.T) {
	body := [][]int{
		{3, 4, 10, 40},
		{5, 6, 40, 0},
		{40, 0, 7, 8},
		{0, 40, 9, 2},
	}
	table := withTotals(body)
	// Without the bridge rule: primaries, then the line rule until it settles.
	lineOnly := Suppression{Cells: make([][]CellSuppression, len(table.Counts))}
	for r, row := range table.Counts {
		lineOnly.Cells[r] = make([]CellSuppression, len(row))
		for c, v := range row {
			if v > 0 && v < 11 {
				lineOnly.Cells[r][c] = SmallCell
			}
		}
	}
	for complement(table, lineOnly) {
	}
	// The two 2×2 groups are each safe, and every line holds two or three hidden cells, but the
	// small cell (0, 2) joins the groups and can be solved.
	if c, ok := solvable(table, lineOnly); !ok {
		t.Fatalf("fixture does not exercise the bridge rule: nothing solvable in %v", pattern(lineOnly))
	} else {
		t.Logf("line rule alone leaves %v solvable in %v", c, pattern(lineOnly))
	}
	s := Suppress(table, 11)
	if c, ok := solvable(table, s); ok {
		t.Errorf("hidden cell %v solvable after Suppress: %v", c, pattern(s))
	}
	t.Logf("Suppress: %v", pattern(s))
	for r, row := range lineOnly.Cells {
		for c, v := range row {
			if v != NotSuppressed && !s.Hidden(r, c) {
				t.Errorf("cell (%d, %d) hidden by the line rule is shown", r, c)
			}
		}
	}
}

func TestSuppressLinked(t *testing.T) {
	programs := CountTable{Counts: [][]int{
		{30, 5, 35}, // intro: completed, dropped out, started
		{40, 20, 60},
		{70, 25, 95},
	}, RowTotals: true, ColTotals: true}
	continuation := CountTable{Counts: [][]int{
		{12, 18, 30}, // intro: went on, did not, completed (the same 30 as above)
		{12, 18, 30},
	}, RowTotals: true, ColTotals: true}
	links := [][]LinkedCell{{{0, 0, 0}, {1, 0, 2}}}
	got := SuppressLinked([]CountTable{programs, continuation}, links, 11)
	if !got[0].Hidden(0, 0) {
		t.Fatalf("intro completed not complemented: %v", pattern(got[0]))
	}
	if !got[1].Hidden(0, 2) {
		t.Errorf("intro completed shown in the continuation table while hidden in programs: %v", pattern(got[1]))
	}
	// The continuation table's own equations then need their complements.
	if c, ok := solvable(continuation, got[1]); ok {
		t.Errorf("continuation cell %v solvable: %v", c, pattern(got[1]))
	}
	alone := Suppress(continuation, 11)
	if alone.Count(SmallCell)+alone.Count(Complementary) != 0 {
		t.Errorf("continuation alone should show everything: %v", pattern(alone))
	}
}

// TestSuppressNeverSolvable runs random tables with both totals through Suppress and checks
// that every small cell is hidden, every equation has no hidden cell or at least two, and no
// hidden cell can be solved from the equations.
func TestSuppressNeverSolvable(t *testing.T) {
	rng := rand.New(rand.NewSource(20260701))
	for n := 0; n < 400; n++ {
		rows, cols := 1+rng.Intn(5), 1+rng.Intn(5)
		body := make([][]int, rows)
		for r := range body {
			body[r] = make([]int, cols)
			for c := range body[r] {
				switch rng.Intn(4) {
				case 0:
				case 1:
					body[r][c] = 1 + rng.Intn(10)
				default:
					body[r][c] = 11 + rng.Intn(60)
				}
			}
		}
		table := withTotals(body)
		counts := table.Counts
		s := Suppress(table, 11)
		for r, row := range counts {
			for c, v := range row {
				if v > 0 && v < 11 && s.Cells[r][c] != SmallCell {
					t.Fatalf("table %d: small cell (%d, %d) = %d not primary", n, r, c, v)
				}
			}
		}
		for _, line := range table.lines() {
			hidden := 0
			for _, c := range line {
				if s.Hidden(c.Row, c.Col) {
					hidden++
				}
			}
			if hidden == 1 {
				t.Fatalf("table %d: line %v has one hidden cell: %v", n, line, pattern(s))
			}
		}
		if c, ok := solvable(table, s); ok {
			t.Fatalf("table %d %v: hidden cell %v solvable: %v", n, counts, c, pattern(s))
		}
	}
}

// withTotals adds a total column and a total row to a table's body.
func withTotals(body [][]int) CountTable {
	rows, cols := len(body), len(body[0])
	counts := make([][]int, rows+1)
	for r := range counts {
		counts[r] = make([]int, cols+1)
	}
	for r, row := range body {
		for c, v := range row {
			counts[r][c] = v
			counts[r][cols] += v
			counts[rows][c] += v
			counts[rows][cols] += v
		}
	}
	return CountTable{Counts: counts, RowTotals: true, ColTotals: true}
}

// solvable reports a hidden cell whose value follows from the table's equations and its shown
// cells: one whose unit vector lies in the row space of the equations over the hidden cells.
func solvable(t CountTable, s Suppression) (CountCell, bool) {
	var hidden []CountCell
	index := map[CountCell]int{}
	for r, row := range s.Cells {
		for c := range row {
			if s.Hidden(r, c) {
				index[CountCell{r, c}] = len(hidden)
				hidden = append(hidden, CountCell{r, c})
			}
		}
	}
	var eqs [][]float64
	for _, line := range t.lines() {
		eq := make([]float64, len(hidden))
		for i, c := range line {
			k, ok := index[c]
			if !ok {
				continue
			}
			if i == len(line)-1 {
				eq[k] = -1
			} else {
				eq[k] = 1
			}
		}
		eqs = append(eqs, eq)
	}
	base := rank(eqs)
	for k, c := range hidden {
		unit := make([]float64, len(hidden))
		unit[k] = 1
		if rank(append(append([][]float64{}, eqs...), unit)) == base {
			return c, true
		}
	}
	return CountCell{}, false
}

// rank is a matrix's rank by Gaussian elimination; the entries here are small integers.
func rank(m [][]float64) int {
	a := make([][]float64, len(m))
	for i := range m {
		a[i] = append([]float64{}, m[i]...)
	}
	r := 0
	for col := 0; len(a) > 0 && col < len(a[0]); col++ {
		pivot := -1
		for i := r; i < len(a); i++ {
			if math.Abs(a[i][col]) > 1e-9 {
				pivot = i
				break
			}
		}
		if pivot < 0 {
			continue
		}
		a[r], a[pivot] = a[pivot], a[r]
		for i := range a {
			if i != r && math.Abs(a[i][col]) > 1e-9 {
				f := a[i][col] / a[r][col]
				for j := col; j < len(a[i]); j++ {
					a[i][j] -= f * a[r][j]
				}
			}
		}
		r++
	}
	return r
}
