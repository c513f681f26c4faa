package pipeline_test

import (
	"context"
	"path/filepath"
	"testing"

	"cohesion/pipeline"
	"cohesion/pipeline/demo"
)

// BenchmarkLoadProgram loads a generated program of 200 cohorts (about 1,300 Zoom files) into a
// fresh database per iteration; files/s and rows/s are reported.
func BenchmarkLoadProgram(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "program")
	if _, err := demo.Generate(dir, demo.Config{Seed: 1, Cohorts: 200}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var files, rows int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db, err := pipeline.Open(ctx, filepath.Join(b.TempDir(), "bench.duckdb"), pipeline.OpenOptions{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := db.Load(ctx, []string{dir}, pipeline.LoadOptions{DefaultTZ: "America/New_York", Key: "k"})
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
		files, rows = 0, 0
		for _, r := range res {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			files++
			rows += r.Rows
		}
	}
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
