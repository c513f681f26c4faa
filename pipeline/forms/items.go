// This file turns headers and answer labels into instrument items and
// numbers without a codebook, for the exports whose authors put item codes
// in the question text. The models do the same in SQL at run time
// (queries/int_survey_columns.sql, int_answers.sql); these Go functions are
// the reference they are held to (pipeline's TestSQLMappingMatchesGo).

package forms

import (
	"regexp"
	"strconv"
	"strings"
)

// instrument is a built-in instrument: its name, item prefix and item count.
type instrument struct {
	name, prefix string
	items        int
}

// itemCode matches an item code at the start of a text: the instrument's
// code in any of the spellings forms use, a separator, the item number, and
// then no further letter or digit. A code that ends in a digit (PHQ-9) needs
// a separator before the item number, so "PHQ94" is not read as item 4.
var itemCode = regexp.MustCompile(`(?i)^(?:(gcq(?:[-_ ]?s)?|ors|g?srs)[-_ .#:]*|(core[-_ ]?10|phq[-_ ]?9|gad[-_ ]?7)[-_ .#:]+)0*([0-9]{1,2})(?:[^0-9a-z]|$)`)

// instrumentOf names the instrument of a matched code.
func instrumentOf(code string) (instrument, bool) {
	c := strings.ToLower(code)
	c = strings.NewReplacer("-", "", "_", "", " ", "").Replace(c)
	switch c {
	case "gcq", "gcqs":
		return instrument{"gcqs", "gcq", 12}, true
	case "ors":
		return instrument{"ors", "ors", 4}, true
	case "srs", "gsrs":
		return instrument{"gsrs", "gsrs", 4}, true
	case "core10":
		return instrument{"core10", "core10", 10}, true
	case "phq9":
		return instrument{"phq9", "phq9", 9}, true
	case "gad7":
		return instrument{"gad7", "gad7", 7}, true
	}
	return instrument{}, false
}

// MapHeader maps a header to a built-in instrument item when it carries an
// item code, without a codebook: "GCQ_3", "GCQ-S 3" and "gcq 3" give
// ("gcqs", "gcq_3"); "ORS 2" gives ("ors", "ors_2"); "CORE10_7" and
// "CORE-10 7" give ("core10", "core10_7"); "PHQ9_4" and "PHQ-9 4" give
// ("phq9", "phq9_4"); "GAD7_2" gives ("gad7", "gad7_2"); "GSRS 1" and "SRS 1"
// give ("gsrs", "gsrs_1"). The code may start the header ("GCQ_3 I felt
// ...") or start a bracketed or parenthesised part of it ("Group Climate
// [GCQ_1 The members liked ...]", "[ORS 2] Interpersonally"). An item number
// beyond the instrument's items gives ok=false, as does a header without a
// code.
func MapHeader(header string) (instrument, item string, ok bool) {
	try := func(s string) (string, string, bool) {
		m := itemCode.FindStringSubmatch(strings.TrimSpace(s))
		if m == nil {
			return "", "", false
		}
		code := m[1]
		if code == "" {
			code = m[2]
		}
		in, ok := instrumentOf(code)
		n, err := strconv.Atoi(m[3])
		if !ok || err != nil || n < 1 || n > in.items {
			return "", "", false
		}
		return in.name, in.prefix + "_" + strconv.Itoa(n), true
	}
	if a, b, ok := try(header); ok {
		return a, b, true
	}
	for i := 0; i < len(header); i++ {
		if header[i] == '[' || header[i] == '(' {
			if a, b, ok := try(header[i+1:]); ok {
				return a, b, true
			}
		}
	}
	return "", "", false
}

// NumericValue returns the number an answer label carries: the whole label
// ("7"), a leading number set off by a dash, colon, equals sign, dot or
// space ("3 - Somewhat", "0 - Not at all", "4: Often"), or a trailing number
// in parentheses ("Moderately (3)"). Failing that it looks the label up in
// values (label -> number text, as in a codebook), exactly and then ignoring
// case and surrounding spaces. ok=false if neither gives a number.
func NumericValue(label string, values map[string]string) (string, bool) {
	s := strings.TrimSpace(label)
	if n, ok := numberPrefix(s); ok {
		if rest := s[len(n):]; rest == "" || setOff(rest) {
			return n, true
		}
	}
	if strings.HasSuffix(s, ")") {
		if open := strings.LastIndexByte(s, '('); open > 0 {
			if n := strings.TrimSpace(s[open+1 : len(s)-1]); n != "" {
				if m, ok := numberPrefix(n); ok && m == n {
					return n, true
				}
			}
		}
	}
	if v, ok := values[label]; ok {
		return v, true
	}
	f := fold(label)
	for k, v := range values {
		if fold(k) == f {
			return v, true
		}
	}
	return "", false
}

// numberPrefix returns the number that starts s: an optional minus, digits,
// and an optional fraction.
func numberPrefix(s string) (string, bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	d := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == d {
		return "", false
	}
	if i+1 < len(s) && s[i] == '.' && s[i+1] >= '0' && s[i+1] <= '9' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	return s[:i], true
}

// setOff reports whether the text after a leading number separates it from
// a label ("3 - Somewhat", "3. Somewhat", "3=Somewhat", "7 (Very)") rather
// than continuing it ("2-3 times", "2 - 3 times", "3/10", "10%").
func setOff(rest string) bool {
	t := strings.TrimLeft(rest, " \t")
	spaced := len(t) < len(rest)
	for _, sep := range []string{"-", "–", "—", ":", "=", ".", ")"} {
		if strings.HasPrefix(t, sep) {
			t = strings.TrimLeft(t[len(sep):], " \t")
			return t == "" || t[0] < '0' || t[0] > '9'
		}
	}
	return spaced && (t == "" || t[0] < '0' || t[0] > '9')
}

// GCQItems are the 12 GCQ-S statements (MacKenzie, 1983) as survey forms show them beside their
// item codes, item 1 first.
var GCQItems = [12]string{
	"The members liked and cared about each other.",
	"The members tried to understand why they do the things they do, tried to reason it out.",
	"The members avoided looking at important issues going on between themselves.",
	"The members felt what was happening was important and there was a sense of participation.",
	"The members depended on the group leader(s) for direction.",
	"There was friction and anger between the members.",
	"The members were distant and withdrawn from each other.",
	"The members challenged and confronted each other in their efforts to sort things out.",
	"The members appeared to do things the way they thought would be acceptable to the group.",
	"The members distrusted and rejected each other.",
	"The members revealed sensitive personal information or feelings.",
	"The members appeared tense and anxious.",
}
