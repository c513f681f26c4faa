// Package demo writes a deterministic, realistic program folder (schedule, roster, Zoom
// participant reports, check-ins) together with the attendance and retention truth planted in
// it, so end-to-end tests can check that loading and the models recover that truth exactly.
package demo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config describes the program to generate. Apart from Seed, every zero field takes its default,
// so Config{} is six cohorts from 2026-01-06 18:00 in America/New_York, the latest still running.
type Config struct {
	// Seed selects the program; the same Config always gives byte-identical files.
	Seed int64
	// Cohorts is the number of cohorts (default 6). Every third cohort is "advanced"
	// (8 weekly sessions), the others "intro" (4 weekly sessions); sessions last 90 minutes.
	Cohorts int
	// Start is the first cohort's first session, read as wall time (date, hour, minute) in
	// Timezone whatever Start's own location is; default 2026-01-06 18:00.
	Start time.Time
	// Timezone is the IANA zone of the schedule and of the times in the Zoom reports;
	// default "America/New_York".
	Timezone string
	// Running is how many of the latest cohorts are still running: their last one or two
	// planned sessions have no attendance file. Zero means the default (1 when Cohorts >= 3,
	// else 0); a negative value means none.
	Running int
}

// Truth is what Generate planted: the attendance and retention the models must recover and the
// display names they must report as unmatched.
type Truth struct {
	Attendance []AttendanceTruth `json:"attendance"` // one per enrolled member per held session
	Retention  []RetentionTruth  `json:"retention"`  // one per enrolled member per cohort
	Unmatched  []UnmatchedTruth  `json:"unmatched"`  // Zoom names neither members nor the facilitator
	Ties       []TieTruth        `json:"ties"`       // who named whom in a check-in's contacts
	Outcomes   []OutcomeTruth    `json:"outcomes"`   // ORS and CORE-10 totals, first and last session attended
	Files      int               `json:"files"`      // files written, truth.json included
}

// TieTruth is one check-in contact: the member (Email) named another member (NamedEmail).
type TieTruth struct {
	Cohort     string `json:"cohort"`
	Session    int    `json:"session"`
	Email      string `json:"email"`
	NamedEmail string `json:"named_email"`
}

// OutcomeTruth is a member's total on an outcome measure at the first and the last session they
// attended (CORE-10 items 2 and 3 reverse keyed).
type OutcomeTruth struct {
	Cohort     string `json:"cohort"`
	Email      string `json:"email"`
	Instrument string `json:"instrument"`
	Baseline   int    `json:"baseline"`
	Final      int    `json:"final"`
}

// AttendanceTruth is one enrolled member's attendance at one held session. Minutes are whole
// minutes of the scheduled window; Status is "present", "late", "left_early" or "absent".
type AttendanceTruth struct {
	Cohort           string `json:"cohort"`
	Session          int    `json:"session"`
	Email            string `json:"email"`
	Name             string `json:"name"`
	Status           string `json:"status"`
	MinutesPresent   int    `json:"minutes_present"`
	LateMinutes      int    `json:"late_minutes"`
	LeftEarlyMinutes int    `json:"left_early_minutes"`
}

// RetentionTruth is one enrolled member's course through one cohort under the no-return rule.
// Outcome is "completed", "dropped_out", "never_started" or "ongoing"; LastAttended and
// DropoutAfter are 0 when there is none.
type RetentionTruth struct {
	Cohort           string `json:"cohort"`
	Program          string `json:"program"`
	Email            string `json:"email"`
	Name             string `json:"name"`
	SessionsPlanned  int    `json:"sessions_planned"`
	SessionsAttended int    `json:"sessions_attended"`
	LastAttended     int    `json:"last_attended"`
	Outcome          string `json:"outcome"`
	DropoutAfter     int    `json:"dropout_after"`
}

// UnmatchedTruth is a display name (and email, often empty) in a Zoom report that belongs to
// neither an enrolled member nor the facilitator, exactly as written in the file.
type UnmatchedTruth struct {
	Cohort  string `json:"cohort"`
	Session int    `json:"session"`
	Name    string `json:"name"`
	Email   string `json:"email"`
}

const (
	sessionMinutes = 90
	sessionSeconds = sessionMinutes * 60
	defaultCohorts = 6
	defaultZone    = "America/New_York"
)

// resolve fills in defaults and checks the Config.
func (c Config) resolve() (Config, *time.Location, error) {
	if c.Cohorts < 0 {
		return c, nil, fmt.Errorf("demo: Cohorts %d is negative", c.Cohorts)
	}
	if c.Cohorts == 0 {
		c.Cohorts = defaultCohorts
	}
	if c.Timezone == "" {
		c.Timezone = defaultZone
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return c, nil, fmt.Errorf("demo: timezone %q: %w", c.Timezone, err)
	}
	if c.Start.IsZero() {
		c.Start = time.Date(2026, 1, 6, 18, 0, 0, 0, loc)
	} else {
		y, m, d := c.Start.Date()
		c.Start = time.Date(y, m, d, c.Start.Hour(), c.Start.Minute(), 0, 0, loc)
	}
	switch {
	case c.Running < 0:
		c.Running = 0
	case c.Running == 0 && c.Cohorts >= 3:
		c.Running = 1
	case c.Running > c.Cohorts:
		return c, nil, fmt.Errorf("demo: Running %d exceeds Cohorts %d", c.Running, c.Cohorts)
	}
	return c, loc, nil
}

// Generate writes the program folder into dir (created if needed) and returns the planted
// truth, which it also writes as dir/truth.json. It writes schedule.csv, roster.csv, one Zoom
// participants report per held session under zoom/, and one long-form check-in file per cohort
// under checkins/.
func Generate(dir string, cfg Config) (*Truth, error) {
	cfg, loc, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	for _, sub := range []string{"zoom", "checkins"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
	}
	g := &generator{
		truth: Truth{ // empty lists, not null, in truth.json
			Attendance: []AttendanceTruth{},
			Retention:  []RetentionTruth{},
			Unmatched:  []UnmatchedTruth{},
			Ties:       []TieTruth{},
			Outcomes:   []OutcomeTruth{},
		},
		cfg:      cfg,
		loc:      loc,
		dir:      dir,
		rng:      rand.New(rand.NewPCG(uint64(cfg.Seed), 0x636f686573696f6e)),
		extra:    rand.New(rand.NewPCG(uint64(cfg.Seed), 0x636865636b696e73)),
		emails:   map[string]bool{},
		meetings: map[string]bool{},
	}
	if g.schedule, err = createFile(filepath.Join(dir, "schedule.csv")); err != nil {
		return nil, err
	}
	defer g.schedule.abandon()
	if g.roster, err = createFile(filepath.Join(dir, "roster.csv")); err != nil {
		return nil, err
	}
	defer g.roster.abandon()
	writeLine(g.schedule.w, false, "\n", "cohort", "program", "session", "starts_at", "minutes",
		"meeting_id", "timezone", "facilitator")
	writeLine(g.roster.w, false, "\n", "cohort", "name", "email", "aliases", "from_session")

	var prev *cohort
	for i := range cfg.Cohorts {
		c := g.newCohort(i, prev)
		if i == 0 {
			g.firstCohort = c.label
		}
		if err := g.runCohort(c); err != nil {
			return nil, err
		}
		prev = c
	}
	if err := g.schedule.close(); err != nil {
		return nil, err
	}
	if err := g.roster.close(); err != nil {
		return nil, err
	}
	g.files += 2
	g.truth.Files = g.files + 1 // truth.json itself
	if err := writeTruth(filepath.Join(dir, "truth.json"), &g.truth); err != nil {
		return nil, err
	}
	return &g.truth, nil
}

// generator carries the state of one Generate call.
type generator struct {
	cfg         Config
	loc         *time.Location
	dir         string
	rng         *rand.Rand
	extra       *rand.Rand      // check-ins and ratings: drawn apart, so they change no attendance
	emails      map[string]bool // every email handed out, so each person has their own
	meetings    map[string]bool // every meeting ID handed out
	pool        []continuer     // intro completers who may start an advanced cohort
	schedule    *outFile
	roster      *outFile
	buf         bytes.Buffer // reused for the small per-session files
	files       int
	zoomSeq     int    // Zoom files written, for choosing which omit the meeting block
	firstCohort string // its check-ins are a Google Forms export
	truth       Truth
}

// continuer is a person who completed an intro cohort that ended at ended.
type continuer struct {
	p     *person
	ended time.Time
}

// between returns a uniformly drawn integer in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// outFile is a buffered file being written.
type outFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
}

func createFile(path string) (*outFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return &outFile{path: path, f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

func (o *outFile) close() error {
	if o.f == nil {
		return nil
	}
	err := o.w.Flush()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	o.f = nil
	if err != nil {
		return fmt.Errorf("demo: writing %s: %w", o.path, err)
	}
	return nil
}

// abandon closes the file if an error stopped Generate before close.
func (o *outFile) abandon() {
	if o.f != nil {
		o.f.Close()
		o.f = nil
	}
}

// writeFile writes content to dir/rel and counts it.
func (g *generator) writeFile(rel string, content []byte) error {
	if err := os.WriteFile(filepath.Join(g.dir, rel), content, 0o644); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	g.files++
	return nil
}

// writeTruth writes the truth as indented JSON, laid out as json.Encoder with a two-space
// indent would, but a row at a time: encoding the whole of a large program at once costs more
// than writing its twelve thousand files.
func writeTruth(path string, t *Truth) error {
	o, err := createFile(path)
	if err != nil {
		return err
	}
	defer o.abandon()
	o.w.WriteString("{\n")
	if err := writeRows(o.w, "attendance", t.Attendance); err != nil {
		return err
	}
	if err := writeRows(o.w, "retention", t.Retention); err != nil {
		return err
	}
	if err := writeRows(o.w, "unmatched", t.Unmatched); err != nil {
		return err
	}
	if err := writeRows(o.w, "ties", t.Ties); err != nil {
		return err
	}
	if err := writeRows(o.w, "outcomes", t.Outcomes); err != nil {
		return err
	}
	o.w.WriteString(`  "files": ` + itoa(t.Files) + "\n}\n")
	return o.close()
}

// writeRows writes `"name": [rows...],` at the second level of indentation.
func writeRows[T any](w *bufio.Writer, name string, rows []T) error {
	w.WriteString(`  "` + name + `": [`)
	var indented bytes.Buffer
	for i, row := range rows {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString("\n    ")
		raw, err := json.Marshal(row)
		if err != nil {
			return fmt.Errorf("demo: encoding truth: %w", err)
		}
		indented.Reset()
		json.Indent(&indented, raw, "    ", "  ")
		w.Write(indented.Bytes())
	}
	if len(rows) > 0 {
		w.WriteString("\n  ")
	}
	w.WriteString("],\n")
	return nil
}

// writeLine writes one CSV record, quoting fields as encoding/csv does. Zoom ends every line,
// the empty one excepted, with a comma; trailing adds it.
func writeLine(w interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
}, trailing bool, eol string, fields ...string) {
	for i, f := range fields {
		if i > 0 {
			w.WriteByte(',')
		}
		if needsQuotes(f) {
			w.WriteByte('"')
			w.WriteString(strings.ReplaceAll(f, `"`, `""`))
			w.WriteByte('"')
		} else {
			w.WriteString(f)
		}
	}
	if trailing {
		w.WriteByte(',')
	}
	w.WriteString(eol)
}

func needsQuotes(f string) bool {
	return f != "" && (strings.ContainsAny(f, ",\"\r\n") || f[0] == ' ' || f[0] == '\t')
}

func itoa(n int) string { return strconv.Itoa(n) }
