// export.go is `cohesion export`: every mart, pseudonymised, as Parquet with a manifest, for
// researchers who analyse the data elsewhere.
package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"cohesion/pipeline"
	"cohesion/pipeline/export"
	"cohesion/queries"
)

func runExport(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlags("export", "export [--db FILE] --out DIR [--free-text]", `  cohesion export --out export/            # DIR/attendance/program=intro/data_0.parquet, ..., DIR/manifest.json
  cohesion export --db clinic.duckdb --out /data/cohesion-2026q3
`, out)
	dbPath := dbFlag(fs)
	dir := fs.StringP("out", "o", "", "directory to write: new, empty, or a previous export (whose listed files are replaced)")
	freeText := fs.Bool("free-text", false, "keep free-text columns (topic, comment, answer, text); names and emails are left out regardless")
	fs.Usage = withNote(fs.Usage, out, `
Each mart is written as Parquet, partitioned by program (DIR/MART/program=P/data_0.parquet) when it
has a program column, else as DIR/MART.parquet; rows are sorted by every column, so exporting the
same database twice gives the same bytes. Never exported: pii_people, raw_* tables, staging and
intermediate models, columns whose name holds name or email (pseudonym columns such as
named_participant_id are kept), and (without --free-text) topic, comment, answer or text. The
export stops if any value, or the manifest, holds a roster name or email.
DIR/manifest.json records the tool and DuckDB versions, each loaded file's checksum, format and
rows (never its name), the run settings, each model's SQL checksum, each file's rows and checksum, and the export's time.
`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("export takes no arguments, got %q", fs.Args())
	}
	if *dir == "" {
		return usagef("--out DIR is required")
	}
	models, _, err := pipeline.ReadModels(queries.Models)
	if err != nil {
		return err
	}
	db, err := openMarts(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := export.Export(ctx, db.SQL, models, export.Options{
		Dir: *dir, FreeText: *freeText, ToolVersion: version, Now: time.Now(),
	})
	if err != nil {
		return err
	}
	for _, t := range m.Tables {
		fmt.Fprintf(out, "  %-24s %8d rows  %3d files", t.Name, t.Rows, len(t.Files))
		if len(t.Dropped) > 0 {
			fmt.Fprintf(out, "  (left out:")
			for _, d := range t.Dropped {
				fmt.Fprintf(out, " %s", d.Name)
			}
			fmt.Fprintf(out, ")")
		}
		fmt.Fprintln(out)
	}
	fmt.Fprintf(out, "exported %d marts to %s (%s)\n", len(m.Tables), *dir, export.ManifestFile)
	return nil
}

// withNote appends a paragraph to a flag set's usage text.
func withNote(usage func(), out io.Writer, note string) func() {
	return func() {
		usage()
		fmt.Fprint(out, note)
	}
}
