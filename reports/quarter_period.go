// Calendar quarters as the quarter report names them: 2026Q3, its bounds and the one before.

package reports

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Quarter is a calendar quarter, such as 2026Q3.
type Quarter struct {
	Year int
	// Q is the quarter of the year, 1 to 4.
	Q int
}

var quarterSyntax = regexp.MustCompile(`^([0-9]{4})[Qq]([1-4])$`)

// ParseQuarter reads a quarter written as YYYYQn, such as 2026Q3.
func ParseQuarter(s string) (Quarter, error) {
	m := quarterSyntax.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Quarter{}, fmt.Errorf("quarter %q: want YYYYQn, such as 2026Q3 (n from 1 to 4)", s)
	}
	year, _ := strconv.Atoi(m[1])
	q, _ := strconv.Atoi(m[2])
	return Quarter{Year: year, Q: q}, nil
}

// String writes the quarter as YYYYQn.
func (q Quarter) String() string {
	return fmt.Sprintf("%04dQ%d", q.Year, q.Q)
}

// Previous returns the quarter before q.
func (q Quarter) Previous() Quarter {
	if q.Q == 1 {
		return Quarter{Year: q.Year - 1, Q: 4}
	}
	return Quarter{Year: q.Year, Q: q.Q - 1}
}

// Bounds returns the quarter's first day and the first day after it, as wall times (UTC stands
// for "no zone": each cohort is placed by its own local dates).
func (q Quarter) Bounds() (start, end time.Time) {
	start = time.Date(q.Year, time.Month(3*(q.Q-1)+1), 1, 0, 0, 0, 0, time.UTC)
	return start, start.AddDate(0, 3, 0)
}
