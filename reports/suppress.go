// Small-cell suppression: which counts of people, and which shares made from them, a report may show.

package reports

// CellSuppression says whether a cell of a CountTable is shown and, if not, why.
type CellSuppression uint8

const (
	// NotSuppressed cells are shown.
	NotSuppressed CellSuppression = iota
	// SmallCell (primary suppression): the cell describes at least one but fewer than the
	// minimum number of people.
	SmallCell
	// Complementary (secondary suppression): the cell is hidden so that a hidden cell cannot be
	// worked out from the totals, or because another table shows the same number hidden.
	Complementary
)

// String returns "", "primary" or "secondary".
func (s CellSuppression) String() string {
	switch s {
	case SmallCell:
		return "primary"
	case Complementary:
		return "secondary"
	}
	return ""
}

// CountTable is a table of counts to be published, with what suppression needs to know about it.
// Counts must be rectangular and not negative.
type CountTable struct {
	// Counts are the numbers the table shows.
	Counts [][]int
	// People, when not nil, is how many distinct people each count describes (a count of
	// attendances describes fewer people than it counts); when nil each count is of people.
	People [][]int
	// RowTotals: the last column holds each row's total, the sum of the row's other cells.
	RowTotals bool
	// ColTotals: the last row holds each column's total, the sum of the column's other cells.
	ColTotals bool
	// Rates are the shares shown beside the counts, each computed from cells of this table.
	Rates []RateCells
}

// RateCells names the cells a share is computed from: the sum of Num over the sum of Den.
type RateCells struct {
	Num, Den []CountCell
}

// CountCell is the position of one count in a CountTable.
type CountCell struct {
	Row, Col int
}

// LinkedCell is the position of one count in one of several tables suppressed together.
type LinkedCell struct {
	Table, Row, Col int
}

// Suppression is what a CountTable may show.
type Suppression struct {
	// Cells parallels CountTable.Counts.
	Cells [][]CellSuppression
	// RateHidden parallels CountTable.Rates: true when the share must not be shown.
	RateHidden []bool
}

// Hidden reports whether the count at row r, column c is suppressed.
func (s Suppression) Hidden(r, c int) bool {
	return s.Cells[r][c] != NotSuppressed
}

// Count returns how many cells are hidden for the given reason.
func (s Suppression) Count(reason CellSuppression) int {
	n := 0
	for _, row := range s.Cells {
		for _, c := range row {
			if c == reason {
				n++
			}
		}
	}
	return n
}

// RatesHidden returns how many shares are hidden.
func (s Suppression) RatesHidden() int {
	n := 0
	for _, h := range s.RateHidden {
		if h {
			n++
		}
	}
	return n
}

// Suppress decides which cells of a table may be shown when no cell may describe fewer than
// minCell people; minCell of 0 or less suppresses nothing. See SuppressLinked for the rules.
func Suppress(t CountTable, minCell int) Suppression {
	return SuppressLinked([]CountTable{t}, nil, minCell)[0]
}

// SuppressLinked suppresses several tables together. Each link lists cells, possibly in
// different tables, that show the same number: if one of them is hidden, all of them are.
//
// The rules, applied until nothing changes:
//   - Primary: a count describing at least 1 and fewer than minCell people is hidden. Zero is
//     shown: it describes nobody.
//   - Secondary: every row of a table with row totals, and every column of a table with column
//     totals, is an equation (its cells sum to its total). An equation with exactly one hidden
//     cell would give that cell away, so another cell of it is hidden too: the smallest
//     non-zero one (a zero only when nothing else is left), except that a cell settling two
//     such equations at once comes first, a body cell comes before a total, and one leaving
//     no new equation with a single hidden cell comes before one that does. The complement
//     may be a total. In a table with both totals, a hidden cell whose row and column are
//     joined by no other chain of hidden cells (a bridge between two groups of them) can still
//     be solved from the equations, so the smallest cell that closes such a chain is hidden
//     as well.
//   - Links: a number hidden in one table is hidden wherever else it is shown.
//   - Shares: a share is hidden when any count it is computed from is hidden.
func SuppressLinked(tables []CountTable, links [][]LinkedCell, minCell int) []Suppression {
	out := make([]Suppression, len(tables))
	for i, t := range tables {
		s := Suppression{Cells: make([][]CellSuppression, len(t.Counts)), RateHidden: make([]bool, len(t.Rates))}
		for r, row := range t.Counts {
			s.Cells[r] = make([]CellSuppression, len(row))
			if minCell <= 0 {
				continue
			}
			for c := range row {
				if p := t.people(r, c); p > 0 && p < minCell {
					s.Cells[r][c] = SmallCell
				}
			}
		}
		out[i] = s
	}
	// One cell at a time, links first, so that a number hidden in one table is hidden in the
	// others before their own complements are chosen; a bridge is only looked for once every
	// equation is settled.
	for minCell > 0 {
		changed := false
		for _, link := range links {
			if applyLink(out, link) {
				changed = true
			}
		}
		if changed {
			continue
		}
		for i, t := range tables {
			if complement(t, out[i]) {
				changed = true
				break
			}
		}
		if changed {
			continue
		}
		for i, t := range tables {
			if t.RowTotals && t.ColTotals && breakBridge(t, out[i]) {
				changed = true
				break
			}
		}
		if !changed {
			break
		}
	}
	for i, t := range tables {
		for k, rate := range t.Rates {
			for _, c := range append(append([]CountCell{}, rate.Num...), rate.Den...) {
				if out[i].Hidden(c.Row, c.Col) {
					out[i].RateHidden[k] = true
				}
			}
		}
	}
	return out
}

func (t CountTable) people(r, c int) int {
	if t.People != nil {
		return t.People[r][c]
	}
	return t.Counts[r][c]
}

// lines lists the table's equations: each is its cells, the total last.
func (t CountTable) lines() [][]CountCell {
	var lines [][]CountCell
	if t.RowTotals {
		for r, row := range t.Counts {
			var line []CountCell
			for c := range row {
				line = append(line, CountCell{r, c})
			}
			if len(line) > 1 {
				lines = append(lines, line)
			}
		}
	}
	if t.ColTotals && len(t.Counts) > 1 {
		for c := range t.Counts[0] {
			var line []CountCell
			for r := range t.Counts {
				line = append(line, CountCell{r, c})
			}
			lines = append(lines, line)
		}
	}
	return lines
}

// complement hides one more cell of a table that has an equation with exactly one hidden
// cell, and reports whether it did. Of the visible cells in such equations it prefers, in
// order: a non-zero one; one that settles two such equations at once (the crossing of a row
// and a column that each need a complement); a body cell to a total (the totals are what
// readers use most); one whose other equation already has hidden cells, so that no new
// equation needs a complement; then the smallest (see smaller).
func complement(t CountTable, s Suppression) bool {
	lines := t.lines()
	hidden := make([]int, len(lines))
	in := map[CountCell][]int{}
	for i, line := range lines {
		for _, c := range line {
			in[c] = append(in[c], i)
			if s.Hidden(c.Row, c.Col) {
				hidden[i]++
			}
		}
	}
	type candidate struct {
		cell           CountCell
		settles, opens int
	}
	var best *candidate
	for i, line := range lines {
		if hidden[i] != 1 {
			continue
		}
		for _, c := range line {
			if s.Hidden(c.Row, c.Col) {
				continue
			}
			cand := candidate{cell: c}
			for _, l := range in[c] {
				switch hidden[l] {
				case 0:
					cand.opens++
				case 1:
					cand.settles++
				}
			}
			if best == nil || t.better(cand.cell, cand.settles, cand.opens, best.cell, best.settles, best.opens) {
				best = &cand
			}
		}
	}
	if best == nil {
		return false
	}
	s.Cells[best.cell.Row][best.cell.Col] = Complementary
	return true
}

// better orders candidates for complementary suppression.
func (t CountTable) better(a CountCell, aSettles, aOpens int, b CountCell, bSettles, bOpens int) bool {
	va, vb := t.Counts[a.Row][a.Col], t.Counts[b.Row][b.Col]
	if (va == 0) != (vb == 0) {
		return vb == 0
	}
	if aSettles != bSettles {
		return aSettles > bSettles
	}
	if ta, tb := t.isTotal(a), t.isTotal(b); ta != tb {
		return tb
	}
	if aOpens != bOpens {
		return aOpens < bOpens
	}
	return t.smaller(a, b)
}

// smaller orders candidates for complementary suppression: non-zero before zero, then the
// smaller count, then a body cell before a total, then the earlier cell.
func (t CountTable) smaller(a, b CountCell) bool {
	va, vb := t.Counts[a.Row][a.Col], t.Counts[b.Row][b.Col]
	if (va == 0) != (vb == 0) {
		return vb == 0
	}
	if va != vb {
		return va < vb
	}
	if ta, tb := t.isTotal(a), t.isTotal(b); ta != tb {
		return tb
	}
	if a.Row != b.Row {
		return a.Row < b.Row
	}
	return a.Col < b.Col
}

func (t CountTable) isTotal(c CountCell) bool {
	return t.RowTotals && c.Col == len(t.Counts[c.Row])-1 || t.ColTotals && c.Row == len(t.Counts)-1
}

// breakBridge finds one hidden cell that no cycle of hidden cells passes through (in the graph
// whose nodes are the rows and columns and whose edges are the hidden cells) and hides the
// smallest visible cell that puts it on one. It reports whether it hid anything.
func breakBridge(t CountTable, s Suppression) bool {
	rows := len(t.Counts)
	if rows == 0 {
		return false
	}
	cols := len(t.Counts[0])
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			if !s.Hidden(r, c) {
				continue
			}
			// Nodes 0..rows-1 are rows, rows..rows+cols-1 columns. Without the edge (r, c), can
			// row r still reach column c?
			rowSide := reachable(s, rows, cols, r, CountCell{r, c})
			if rowSide[rows+c] {
				continue
			}
			// The edge is a bridge: a visible cell joining a row on column c's side to a column
			// on row r's side closes a cycle through it.
			colSide := reachable(s, rows, cols, rows+c, CountCell{r, c})
			best, found := CountCell{}, false
			for rr := 0; rr < rows; rr++ {
				if !colSide[rr] {
					continue
				}
				for cc := 0; cc < cols; cc++ {
					if !rowSide[rows+cc] || s.Hidden(rr, cc) {
						continue
					}
					if cand := (CountCell{rr, cc}); !found || t.smaller(cand, best) {
						best, found = cand, true
					}
				}
			}
			if found {
				s.Cells[best.Row][best.Col] = Complementary
				return true
			}
		}
	}
	return false
}

// reachable returns the rows and columns reachable from node start (a row, or rows+column)
// along hidden cells, skipping one.
func reachable(s Suppression, rows, cols, start int, skip CountCell) []bool {
	seen := make([]bool, rows+cols)
	seen[start] = true
	queue := []int{start}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n < rows {
			for c := 0; c < cols; c++ {
				if s.Hidden(n, c) && (CountCell{n, c}) != skip && !seen[rows+c] {
					seen[rows+c] = true
					queue = append(queue, rows+c)
				}
			}
			continue
		}
		c := n - rows
		for r := 0; r < rows; r++ {
			if s.Hidden(r, c) && (CountCell{r, c}) != skip && !seen[r] {
				seen[r] = true
				queue = append(queue, r)
			}
		}
	}
	return seen
}

// applyLink hides every cell of a link when any of them is hidden.
func applyLink(out []Suppression, link []LinkedCell) bool {
	any := false
	for _, c := range link {
		if out[c.Table].Hidden(c.Row, c.Col) {
			any = true
			break
		}
	}
	if !any {
		return false
	}
	changed := false
	for _, c := range link {
		if !out[c.Table].Hidden(c.Row, c.Col) {
			out[c.Table].Cells[c.Row][c.Col] = Complementary
			changed = true
		}
	}
	return changed
}
