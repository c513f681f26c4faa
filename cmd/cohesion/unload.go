// unload.go is `cohesion unload`: take loaded files back, all of them or none.
package main

import (
	"context"
	"fmt"
	"io"

	"cohesion/pipeline"
	"cohesion/pipeline/export"
)

func runUnload(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlags("unload", "unload [--db FILE] FILE|SHA256...", `  cohesion unload downloads/week3-participants.csv   # the file as it was loaded
  cohesion unload 3f5a9c1e                            # a sha256 (or its first 8+ digits) from load_log
Each file's rows and its load_log entry go in one transaction; 'cohesion run' then rebuilds
the marts without it, and the same file can be loaded again later. A schedule, roster or
codebook that an unloaded version had replaced is in force again.
`, out)
	dbPath := dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("which files? give their paths or sha256 digests")
	}
	db, err := pipeline.Open(ctx, pipeline.ResolvePath(*dbPath), pipeline.OpenOptions{MustExist: true})
	if err != nil {
		return err
	}
	defer db.Close()
	done, err := db.Unload(ctx, fs.Args())
	if err != nil {
		return err
	}
	for _, u := range done {
		fmt.Fprintf(out, "unloaded %s (%s, %d %s, sha256 %s)\n", u.File, u.Format, u.Rows, export.Plural(u.Rows, "row", "rows"), u.SHA256[:12])
		for _, r := range u.Restored {
			fmt.Fprintf(out, "  %s is in force again\n", r)
		}
	}
	fmt.Fprintf(out, "%d %s taken back; run 'cohesion run' to rebuild the marts without %s\n",
		len(done), export.Plural(len(done), "file", "files"), export.Plural(len(done), "it", "them"))
	return nil
}
