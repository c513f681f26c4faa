// check.go is what `cohesion check` asks: what load would make of each file, with no database
// and no schedule: its format, the rows it would load, the rows it would not count, the meeting's
// start and end as read, or the error with its line and column.
package pipeline

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Checked is what load would make of one file.
type Checked struct {
	File       string
	Format     string // as load_log.format names it; "" when unreadable
	Rows       int
	NotCounted int       // rows read but not counted (waiting room)
	Start, End time.Time // the meeting's start and end as read (attendance exports); zero if none
	Meetings   int       // an attendance export's meetings: 1, or several in a Zoom meeting list
	// DatesEitherWay: an attendance export whose dates were read month-first only by default and
	// are real dates day-first too; which reading counts is the schedule's, at run.
	DatesEitherWay bool
	Err            error  // a *ParseError when the file is broken
	Skipped        string // found in a folder and no export cohesion reads
}

// Check reads every file under paths as load would, writing nothing anywhere.
func Check(paths []string, opt LoadOptions) ([]Checked, error) {
	files, walked, others, unreadable, err := collectFiles(paths)
	if err != nil {
		return nil, err
	}
	var out []Checked
	for _, path := range slices.Sorted(maps.Keys(unreadable)) {
		out = append(out, Checked{File: ShownPath(path), Err: fmt.Errorf("cannot read it: %w", readError(unreadable[path]))})
	}
	scratch := &DB{} // parsing needs no database; pseudonyms are not shown
	for _, f := range files {
		c := Checked{File: ShownPath(f)}
		data, err := readForParse(f)
		if err != nil {
			c.Err = err
			out = append(out, c)
			continue
		}
		p, err := scratch.parse(f, data, opt)
		switch {
		case err != nil && walked[f] && errors.Is(err, ErrNotExport):
			c.Skipped = "not an export cohesion reads (" + err.Error() + ")"
		case err != nil:
			c.Err = err
		default:
			c.Format, c.Rows, c.NotCounted = p.format, p.rows, p.rejected
			if p.attendance && len(p.tables) > 0 {
				// A meeting list's span: its earliest start to its latest end.
				c.Meetings = len(p.tables[0].rows)
				for _, m := range p.tables[0].rows {
					if t, ok := m[5].(time.Time); ok && (c.Start.IsZero() || t.Before(c.Start)) {
						c.Start = t
					}
					if t, ok := m[6].(time.Time); ok && t.After(c.End) {
						c.End = t
					}
				}
				c.DatesEitherWay, _ = p.tables[0].rows[0][7].(bool)
			}
		}
		out = append(out, c)
	}
	for _, o := range others {
		out = append(out, Checked{File: ShownPath(o), Skipped: "not a file type cohesion reads"})
	}
	return out, nil
}
