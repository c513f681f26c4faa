// named.go reads the named queries shipped in queries/named: each file's comment header gives
// its one-line description and its parameters, so --list and the usage checks need no other list.
package export

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// NamedQuery is a saved, parameterised query over the marts, run by `cohesion query NAME`.
type NamedQuery struct {
	Name        string
	Description string
	Params      []Param
	SQL         string // the whole file, header included
}

// Param is one parameter of a named query, bound as $Name.
type Param struct {
	Name        string
	Description string
}

// Param returns the parameter called name, and whether the query has it.
func (q NamedQuery) Param(name string) (Param, bool) {
	for _, p := range q.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// ParamNames returns the names of q's parameters, in the order the header gives them.
func (q NamedQuery) ParamNames() []string {
	names := make([]string, len(q.Params))
	for i, p := range q.Params {
		names[i] = p.Name
	}
	return names
}

var (
	headerLine = regexp.MustCompile(`^--\s*([a-z][a-z0-9_]*)\s*:\s*(\S.*)$`)
	paramLine  = regexp.MustCompile(`^--\s*param\s+([a-z][a-z0-9_]*)\s*:\s*(\S.*)$`)
)

// ReadNamed parses every *.sql file at the top of fsys as a named query, sorted by name.
// A file must open with "-- NAME: description" (NAME its file name) and may declare
// parameters on the comment lines that follow, one "-- param NAME: description" each.
func ReadNamed(fsys fs.FS) ([]NamedQuery, error) {
	files, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var named []NamedQuery
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		q, err := parseNamed(strings.TrimSuffix(path.Base(f), ".sql"), string(b))
		if err != nil {
			return nil, fmt.Errorf("named query %s: %w", f, err)
		}
		named = append(named, q)
	}
	sort.Slice(named, func(i, j int) bool { return named[i].Name < named[j].Name })
	return named, nil
}

func parseNamed(name, text string) (NamedQuery, error) {
	q := NamedQuery{Name: name, SQL: text}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	m := headerLine.FindStringSubmatch(strings.TrimSpace(lines[0]))
	if m == nil || m[1] == "param" {
		return q, fmt.Errorf(`line 1: want a header "-- %s: what it returns"`, name)
	}
	if m[1] != name {
		return q, fmt.Errorf("line 1: header names %q, the file is %q", m[1], name)
	}
	q.Description = strings.TrimSpace(m[2])
	for i, line := range lines[1:] {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "--") {
			break
		}
		if p := paramLine.FindStringSubmatch(line); p != nil {
			if _, dup := q.Param(p[1]); dup {
				return q, fmt.Errorf("line %d: parameter %s declared twice", i+2, p[1])
			}
			q.Params = append(q.Params, Param{Name: p[1], Description: strings.TrimSpace(p[2])})
		}
	}
	return q, nil
}
