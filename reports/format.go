// How the report pages write numbers, shares and lists in words.

package reports

import (
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// percent formats a share between 0 and 1 as a whole percentage.
func percent(share float64) string {
	return fmt.Sprintf("%.0f%%", math.Round(share*100))
}

// formatDecimal formats x with the given number of decimal places, never as -0.
func formatDecimal(x float64, places int) string {
	p := math.Pow(10, float64(places))
	v := math.Round(x*p) / p
	if v == 0 {
		v = 0 // turns -0 into 0
	}
	return strconv.FormatFloat(v, 'f', places, 64)
}

// oneDecimal formats a score with one decimal place: 4.0, 3.8.
func oneDecimal(x float64) string { return formatDecimal(x, 1) }

// compactScore formats a total to one decimal place at most: 14, 22.5.
func compactScore(x float64) string {
	v := math.Round(x*10) / 10
	if v == 0 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// optionalDecimal formats a nullable value, a dash when it is null.
func optionalDecimal(x *float64, places int) string {
	if x == nil {
		return "—"
	}
	return formatDecimal(*x, places)
}

// optionalPercent formats a nullable share between 0 and 1, a dash when it is null.
func optionalPercent(x *float64) string {
	if x == nil {
		return "—"
	}
	return percent(*x)
}

// optionalScore formats a nullable total as compactScore does, a dash when it is null.
func optionalScore(x *float64) string {
	if x == nil {
		return "—"
	}
	return compactScore(*x)
}

// signedScore formats a nullable change with its sign: +8, -6, 0.
func signedScore(x *float64) string {
	if x == nil {
		return "—"
	}
	s := compactScore(*x)
	if s != "0" && !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// yesNo puts a nullable flag in words.
func yesNo(b *bool) string {
	switch {
	case b == nil:
		return "—"
	case *b:
		return "yes"
	}
	return "no"
}

func nullableFloat(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// listItem is one item of a list written out in a sentence, with the separator before it:
// nothing, ", " or " and ". The template escapes the text, so the list is joined there.
type listItem struct {
	Sep  string
	Text string
}

func listItems(texts []string) []listItem {
	items := make([]listItem, len(texts))
	for i, t := range texts {
		items[i].Text = t
		switch {
		case i == 0:
		case i == len(texts)-1:
			items[i].Sep = " and "
		default:
			items[i].Sep = ", "
		}
	}
	return items
}

// sessionGrid lays series out by session, for a table with a row per session and a column per
// series: the sessions any series has, in order, and for each session each series' entry for
// it (nil where it has none), pointing into the series' own slices.
func sessionGrid[S, T any](series []S, entries func(S) []T, session func(T) int) ([]int, [][]*T) {
	var sessions []int
	for _, s := range series {
		for _, e := range entries(s) {
			if n := session(e); !slices.Contains(sessions, n) {
				sessions = append(sessions, n)
			}
		}
	}
	slices.Sort(sessions)
	grid := make([][]*T, len(sessions))
	for i, n := range sessions {
		grid[i] = make([]*T, len(series))
		for j, s := range series {
			es := entries(s)
			for k := range es {
				if session(es[k]) == n {
					grid[i][j] = &es[k]
				}
			}
		}
	}
	return sessions, grid
}
