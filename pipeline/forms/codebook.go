// This file reads codebook.csv, the facilitator's map from survey column
// headers to instrument items and from answer labels to numbers.

package forms

import (
	"fmt"
	"strconv"
	"strings"

	"cohesion/pipeline/exportfile"
)

// CodebookEntry maps one survey column header to an instrument item, with
// optional answer labels.
type CodebookEntry struct {
	Line       int               // 1-based line of the entry in codebook.csv
	Column     string            // the survey column header, exact text as written
	Instrument string            // lower-cased, e.g. "gcqs"
	Item       string            // lower-cased, e.g. "gcq_3"
	Values     map[string]string // answer label -> number text; nil when the entry has none
}

// ParseCodebook parses codebook.csv: a header naming the columns column,
// instrument, item and optionally values (any order, any case), then one
// entry per line. values maps labels to numbers as "Not at all=0;A little
// bit=1;Somewhat=2"; a label is everything before the last "=". Errors are
// *ParseError: a column mapped twice, an empty required field, or a values
// field that is not label=number pairs.
func ParseCodebook(data []byte) ([]CodebookEntry, error) {
	recs, err := readRecords(data)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, &ParseError{Line: exportfile.LastLine(data), Err: fmt.Errorf(`%w: the file ends before a "column,instrument,item,values" row`, ErrNoHeader)}
	}
	head := recs[0]
	col := map[string]int{"column": -1, "instrument": -1, "item": -1, "values": -1}
	for i, h := range head.fields {
		if j, ok := col[fold(h)]; ok {
			if j >= 0 {
				return nil, exportfile.ErrorAt(head.line, i, fmt.Errorf("%w: %q appears twice in the header", ErrNoHeader, fold(h)))
			}
			col[fold(h)] = i
		}
	}
	for _, name := range []string{"column", "instrument", "item"} {
		if col[name] < 0 {
			return nil, &ParseError{Line: head.line, Err: fmt.Errorf("%w %q (header has %s)", ErrMissingColumn, name, exportfile.Excerpt(strings.Join(head.fields, ",")))}
		}
	}

	entries := make([]CodebookEntry, 0, len(recs)-1)
	seen := make(map[string]int, len(recs)-1)
	for _, rec := range recs[1:] {
		get := func(name string) (string, int) {
			i := col[name]
			if i < 0 || i >= len(rec.fields) {
				return "", max(i, 0)
			}
			return rec.fields[i], i
		}
		e := CodebookEntry{Line: rec.line}
		var i int
		e.Column, i = get("column")
		if strings.TrimSpace(e.Column) == "" {
			return nil, exportfile.ErrorAt(rec.line, i, fmt.Errorf("%w: column is empty", ErrEmptyField))
		}
		// Headers that differ only in surrounding spaces would make a
		// lookup depend on which one an export happens to use.
		key := strings.TrimSpace(e.Column)
		if prev, dup := seen[key]; dup {
			return nil, exportfile.ErrorAt(rec.line, i, fmt.Errorf("%w: %q (also line %d)", ErrDuplicateColumn, exportfile.Excerpt(key), prev))
		}
		seen[key] = rec.line
		for _, f := range []struct {
			name string
			dst  *string
		}{{"instrument", &e.Instrument}, {"item", &e.Item}} {
			v, i := get(f.name)
			if *f.dst = fold(v); *f.dst == "" {
				return nil, exportfile.ErrorAt(rec.line, i, fmt.Errorf("%w: %s is empty", ErrEmptyField, f.name))
			}
		}
		if v, i := get("values"); strings.TrimSpace(v) != "" {
			if e.Values, err = parseValues(v); err != nil {
				return nil, exportfile.ErrorAt(rec.line, i, err)
			}
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// parseValues reads "Not at all=0;A little bit=1;..." into label -> number.
// Labels are trimmed; two labels that differ only in case are one label.
func parseValues(s string) (map[string]string, error) {
	values := map[string]string{}
	folded := map[string]string{}
	for _, pair := range strings.Split(s, ";") {
		if strings.TrimSpace(pair) == "" {
			continue // "a=1;b=2;" ends with an empty pair
		}
		eq := strings.LastIndexByte(pair, '=')
		if eq < 0 {
			return nil, fmt.Errorf(`%w: %q is not label=number`, ErrBadValues, exportfile.Excerpt(strings.TrimSpace(pair)))
		}
		label, num := strings.TrimSpace(pair[:eq]), strings.TrimSpace(pair[eq+1:])
		if label == "" {
			return nil, fmt.Errorf(`%w: %q has no label before "="`, ErrBadValues, exportfile.Excerpt(strings.TrimSpace(pair)))
		}
		if !isNumber(num) {
			return nil, fmt.Errorf(`%w: %q is not a number in %q`, ErrBadValues, exportfile.Excerpt(num), exportfile.Excerpt(strings.TrimSpace(pair)))
		}
		if prev, dup := folded[fold(label)]; dup {
			return nil, fmt.Errorf(`%w: label %q appears twice (also %q)`, ErrBadValues, exportfile.Excerpt(label), exportfile.Excerpt(prev))
		}
		folded[fold(label)] = label
		values[label] = num
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("%w: %q has no label=number pair", ErrBadValues, exportfile.Excerpt(s))
	}
	return values, nil
}

// isNumber accepts the plain numbers a score can be: "3", "-1", "2.5".
func isNumber(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	t := strings.TrimPrefix(s, "-")
	if t == "" || t[0] == '.' || t[len(t)-1] == '.' {
		return false
	}
	_, err := strconv.ParseFloat(t, 64)
	return err == nil && strings.Trim(t, "0123456789.") == ""
}
