// Command mutate checks that the tests bite: it plants each one-line bug of a list in a scratch
// copy of the repository, one at a time, runs the tests that could see it, and prints which
// bugs the tests killed and which survived.
//
//	go run ./cmd/mutate [-list FILE] [-match REGEXP] [-run REGEXP] [-timeout D] [-check] [PACKAGES]
//
// The copy holds the files git tracks plus the untracked ones it does not ignore (so new tests
// count before they are committed) and reports/assets. For each mutation the tests run are the
// packages, among PACKAGES (default ./...), whose test binaries build the mutated file's
// package; the unmutated copy must pass them first. A mutation whose old text is not found
// exactly once did not apply. The exit code is 0 when every mutation applied and was killed, 1
// when one survived or did not apply, 2 on a usage error or a failing baseline.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// mutation is one planted bug: in file, the text old (found exactly once) becomes new.
type mutation struct {
	name, file, old, new string
	line                 int // where its entry starts in the list
}

// result is what the tests made of one mutation.
type result struct {
	m        mutation
	verdict  string // "killed", "survived" or "did not apply"
	detail   string // the failing tests, or why it did not apply
	duration time.Duration
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	list := fs.String("list", "cmd/mutate/mutations.txt", "the mutation list, from the repository root")
	match := fs.String("match", "", "plant only the mutations whose name matches this regular expression")
	runTests := fs.String("run", "", "passed to go test -run: only the tests matching it")
	tags := fs.String("tags", "duckdb_arrow", "build tags for go list and go test")
	timeout := fs.Duration("timeout", 10*time.Minute, "go test -timeout for each run")
	check := fs.Bool("check", false, "only check that every mutation applies; run no tests")
	keep := fs.Bool("keep", false, "keep the scratch copy and print where it is")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/mutate [flags] [PACKAGES]")
		fmt.Fprintln(stderr, "Plants each mutation of the list in a scratch copy, runs the tests that build the mutated")
		fmt.Fprintln(stderr, "package (among PACKAGES, default ./...), and prints which mutations survived.")
		fmt.Fprintln(stderr, "  go run ./cmd/mutate ./pipeline/... ./cmd/... ./reports/...")
		fmt.Fprintln(stderr, "  go run ./cmd/mutate -match '^km-' -run 'Retention|Kaplan' ./pipeline")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	packages := fs.Args()
	if len(packages) == 0 {
		packages = []string{"./..."}
	}
	var only *regexp.Regexp
	if *match != "" {
		var err error
		if only, err = regexp.Compile(*match); err != nil {
			fmt.Fprintf(stderr, "mutate: -match: %v\n", err)
			return 2
		}
	}
	root, err := gitOutput(ctx, "", "rev-parse", "--show-toplevel")
	if err != nil {
		fmt.Fprintf(stderr, "mutate: %v\n", err)
		return 2
	}
	root = strings.TrimSpace(root)
	listPath := *list
	if !filepath.IsAbs(listPath) {
		listPath = filepath.Join(root, listPath)
	}
	mutations, err := readList(listPath)
	if err != nil {
		fmt.Fprintf(stderr, "mutate: %v\n", err)
		return 2
	}
	if only != nil {
		mutations = slices.DeleteFunc(mutations, func(m mutation) bool { return !only.MatchString(m.name) })
	}
	if len(mutations) == 0 {
		fmt.Fprintln(stderr, "mutate: no mutation to plant")
		return 2
	}

	scratch, err := os.MkdirTemp("", "cohesion-mutate-")
	if err != nil {
		fmt.Fprintf(stderr, "mutate: %v\n", err)
		return 2
	}
	if *keep {
		fmt.Fprintf(stdout, "scratch copy: %s\n", scratch)
	} else {
		defer os.RemoveAll(scratch)
	}
	if err := copyRepo(ctx, root, scratch); err != nil {
		fmt.Fprintf(stderr, "mutate: copying the repository: %v\n", err)
		return 2
	}

	// Which mutations apply, and which test packages each one needs.
	var results []*result
	for _, m := range mutations {
		r := &result{m: m}
		results = append(results, r)
		data, err := os.ReadFile(filepath.Join(scratch, m.file))
		switch n := bytes.Count(data, []byte(m.old)); {
		case err != nil:
			r.verdict, r.detail = "did not apply", err.Error()
		case n != 1:
			r.verdict, r.detail = "did not apply", fmt.Sprintf("old text found %d times in %s", n, m.file)
		}
	}
	if *check {
		return report(stdout, results, true)
	}
	deps, err := testDeps(ctx, scratch, *tags, packages)
	if err != nil {
		fmt.Fprintf(stderr, "mutate: %v\n", err)
		return 2
	}
	need := map[*result][]string{}
	var baseline []string
	for _, r := range results {
		if r.verdict == "" {
			need[r] = deps.testsOf(r.m.file)
			baseline = append(baseline, need[r]...)
		}
	}
	slices.Sort(baseline)
	baseline = slices.Compact(baseline)

	t := tester{dir: scratch, tags: *tags, run: *runTests, timeout: *timeout}
	if len(baseline) > 0 {
		fmt.Fprintf(stdout, "baseline: %s\n", strings.Join(baseline, " "))
		start := time.Now()
		if failed, out, err := t.test(ctx, baseline); err != nil || len(failed) > 0 {
			fmt.Fprintf(stderr, "mutate: the unmutated copy fails its tests (%s); fix that first:\n%s\n", describe(failed, err), out)
			return 2
		}
		fmt.Fprintf(stdout, "baseline passes (%s)\n", time.Since(start).Round(time.Second))
	}
	for _, r := range results {
		if r.verdict != "" {
			printResult(stdout, r)
			continue
		}
		if len(need[r]) == 0 {
			r.verdict, r.detail = "survived", "no test package builds "+r.m.file
			printResult(stdout, r)
			continue
		}
		start := time.Now()
		failed, _, err := t.mutated(ctx, r.m, need[r])
		r.duration = time.Since(start)
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "mutate: interrupted")
			return 2
		}
		if err != nil || len(failed) > 0 {
			r.verdict, r.detail = "killed", describe(failed, err)
		} else {
			r.verdict = "survived"
		}
		printResult(stdout, r)
	}
	return report(stdout, results, false)
}

// readList parses the mutation list: entries of "name:", "file:", "old:" and "new:" lines,
// separated by blank lines; lines starting with # are comments. The text after "old: " and
// "new: " is taken as it is, to the end of the line.
func readList(path string) ([]mutation, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []mutation
	var cur mutation
	seen := map[string]bool{}
	var keys map[string]bool
	finish := func() error {
		if keys == nil {
			return nil
		}
		for _, k := range []string{"name", "file", "old", "new"} {
			if !keys[k] {
				return fmt.Errorf("%s:%d: entry lacks %q", path, cur.line, k+":")
			}
		}
		if seen[cur.name] {
			return fmt.Errorf("%s:%d: a second mutation named %q", path, cur.line, cur.name)
		}
		if cur.old == cur.new {
			return fmt.Errorf("%s:%d: %s changes nothing", path, cur.line, cur.name)
		}
		seen[cur.name] = true
		out = append(out, cur)
		cur, keys = mutation{}, nil
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, "#") {
			continue
		}
		if strings.TrimSpace(line) == "" {
			if err := finish(); err != nil {
				return nil, err
			}
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want \"key: value\", got %q", path, n, line)
		}
		value = strings.TrimPrefix(value, " ")
		if keys == nil {
			keys, cur.line = map[string]bool{}, n
		}
		if keys[key] {
			return nil, fmt.Errorf("%s:%d: a second %q in one entry", path, n, key+":")
		}
		keys[key] = true
		switch key {
		case "name":
			cur.name = strings.TrimSpace(value)
		case "file":
			cur.file = filepath.FromSlash(strings.TrimSpace(value))
		case "old":
			cur.old = value
		case "new":
			cur.new = value
		default:
			return nil, fmt.Errorf("%s:%d: unknown key %q (want name, file, old or new)", path, n, key)
		}
		if value == "" && key != "new" {
			return nil, fmt.Errorf("%s:%d: empty %q", path, n, key+":")
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return out, nil
}

// copyRepo copies the files git tracks (as they are in the work tree), the untracked files git
// does not ignore, and reports/assets from root into dir.
func copyRepo(ctx context.Context, root, dir string) error {
	var files []string
	for _, args := range [][]string{{"ls-files", "-z"}, {"ls-files", "-z", "--others", "--exclude-standard"}} {
		out, err := gitOutput(ctx, root, args...)
		if err != nil {
			return err
		}
		for _, f := range strings.Split(out, "\x00") {
			if f != "" {
				files = append(files, filepath.FromSlash(f))
			}
		}
	}
	assets := filepath.Join(root, "reports", "assets")
	err := filepath.WalkDir(assets, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, path)
		files = append(files, rel)
		return err
	})
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	slices.Sort(files)
	for _, f := range slices.Compact(files) {
		info, err := os.Lstat(filepath.Join(root, f))
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the work tree, not yet in the index
		}
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

// deps knows the packages of a module and what each test binary builds.
type deps struct {
	dir      string
	pkgOfDir map[string]string   // a package's directory, relative to the module root
	builds   map[string][]string // a package with tests: the packages its test binary builds
	order    []string            // the packages with tests, in go list's order
}

// testDeps lists the packages matching patterns and, for each that has tests, the packages its
// test binary builds.
func testDeps(ctx context.Context, dir, tags string, patterns []string) (*deps, error) {
	args := append([]string{"list", "-tags=" + tags, "-test", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .Deps \" \"}}"}, patterns...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v\n%s", err, stderr.String())
	}
	d := &deps{dir: dir, pkgOfDir: map[string]string{}, builds: map[string][]string{}}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.SplitN(line, "\t", 3)
		if len(fields) < 3 {
			continue
		}
		path, pkgDir := fields[0], fields[1]
		if pkg, ok := strings.CutSuffix(path, ".test"); ok && !strings.Contains(path, " ") {
			var built []string
			for _, dep := range strings.Fields(fields[2]) {
				if strings.HasPrefix(dep, "[") {
					continue // the rest of "pkg [pkg.test]"
				}
				built = append(built, dep)
			}
			d.builds[pkg] = built
			d.order = append(d.order, pkg)
			continue
		}
		if !strings.Contains(path, " ") && pkgDir != "" {
			if rel, err := filepath.Rel(dir, pkgDir); err == nil {
				d.pkgOfDir[rel] = path
			}
		}
	}
	return d, nil
}

// testsOf returns the test packages whose binaries build the package that file belongs to: the
// package of its directory or the nearest one above it (embedded files such as queries/*.sql).
// A file in no package (testdata) may be read by any test: all of them.
func (d *deps) testsOf(file string) []string {
	pkg := ""
	for dir := filepath.Dir(file); ; dir = filepath.Dir(dir) {
		if p, ok := d.pkgOfDir[dir]; ok {
			pkg = p
			break
		}
		if dir == "." || dir == string(filepath.Separator) {
			break
		}
	}
	var out []string
	for _, test := range d.order {
		if pkg == "" || test == pkg || slices.Contains(d.builds[test], pkg) {
			out = append(out, test)
		}
	}
	return out
}

// tester runs go test in the scratch copy.
type tester struct {
	dir, tags, run string
	timeout        time.Duration
}

// mutated plants m, runs the packages' tests and puts the file back as it was.
func (t tester) mutated(ctx context.Context, m mutation, packages []string) (failed []string, out string, err error) {
	path := filepath.Join(t.dir, m.file)
	orig, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	if err := os.WriteFile(path, bytes.Replace(orig, []byte(m.old), []byte(m.new), 1), 0o644); err != nil {
		return nil, "", err
	}
	defer os.WriteFile(path, orig, 0o644)
	return t.test(ctx, packages)
}

var (
	failLine    = regexp.MustCompile(`^--- FAIL: (\S+)`)
	pkgLine     = regexp.MustCompile(`^(ok|FAIL)[ \t]+(\S+)(.*)$`)
	timedOut    = regexp.MustCompile(`^panic: test timed out`)
	notBuilding = regexp.MustCompile(`\[(build|setup) failed\]`)
)

// test runs go test over packages and returns what failed: each failing top-level test with
// its package, or a package that failed without one (it does not build, timed out or crashed).
func (t tester) test(ctx context.Context, packages []string) (failed []string, out string, err error) {
	args := []string{"test", "-tags=" + t.tags, "-count=1", "-timeout", t.timeout.String()}
	if t.run != "" {
		args = append(args, "-run", t.run)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, packages...)...)
	cmd.Dir = t.dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	runErr := cmd.Run()
	out = b.String()
	// go test prints each package's output whole, ending in its "ok" or "FAIL" line.
	var tests []string
	timeout := false
	for _, line := range strings.Split(out, "\n") {
		if m := failLine.FindStringSubmatch(line); m != nil {
			tests = append(tests, m[1])
			continue
		}
		timeout = timeout || timedOut.MatchString(line)
		m := pkgLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if m[1] == "FAIL" {
			switch pkg := m[2]; {
			case notBuilding.MatchString(m[3]):
				failed = append(failed, pkg+" does not build")
			case len(tests) > 0:
				for _, test := range tests {
					failed = append(failed, test+" ("+pkg+")")
				}
			case timeout:
				failed = append(failed, pkg+" timed out")
			default:
				failed = append(failed, pkg+" failed")
			}
		}
		tests, timeout = nil, false
	}
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		return failed, out, runErr
	}
	if runErr != nil && len(failed) == 0 {
		failed = append(failed, fmt.Sprintf("go test exit %d", exit.ExitCode()))
	}
	return slices.Compact(failed), out, nil
}

func describe(failed []string, err error) string {
	if err != nil {
		return err.Error()
	}
	const most = 4
	if len(failed) > most {
		return strings.Join(failed[:most], ", ") + fmt.Sprintf(" and %d more", len(failed)-most)
	}
	return strings.Join(failed, ", ")
}

func printResult(w io.Writer, r *result) {
	took := ""
	if r.duration > 0 {
		took = fmt.Sprintf(" (%s)", r.duration.Round(time.Second))
	}
	verdict := r.verdict
	if verdict == "survived" {
		verdict = "SURVIVED"
	}
	fmt.Fprintf(w, "%-13s  %-40s  %s%s\n", verdict, r.m.name, r.detail, took)
}

// report prints the totals and returns the exit code: 1 if any mutation survived or did not
// apply.
func report(w io.Writer, results []*result, checkOnly bool) int {
	var applied, killed int
	var survived, notApplied []string
	for _, r := range results {
		switch r.verdict {
		case "did not apply":
			notApplied = append(notApplied, r.m.name)
			if checkOnly {
				printResult(w, r)
			}
		case "killed":
			applied++
			killed++
		case "survived":
			applied++
			survived = append(survived, r.m.name)
		default:
			applied++
		}
	}
	if checkOnly {
		fmt.Fprintf(w, "%d of %d mutations apply\n", len(results)-len(notApplied), len(results))
	} else {
		rate := 0.0
		if applied > 0 {
			rate = 100 * float64(killed) / float64(applied)
		}
		fmt.Fprintf(w, "killed %d of %d mutations that applied (%.0f%%)\n", killed, applied, rate)
		if len(survived) > 0 {
			fmt.Fprintf(w, "survived: %s\n", strings.Join(survived, ", "))
		}
	}
	if len(notApplied) > 0 {
		fmt.Fprintf(w, "did not apply: %s\n", strings.Join(notApplied, ", "))
	}
	if len(survived) > 0 || len(notApplied) > 0 {
		return 1
	}
	return 0
}

func gitOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}
