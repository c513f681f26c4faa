package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"cohesion/pipeline/demo"
)

// BenchmarkParseZoom parses the Zoom exports of a 200-cohort demo program (1,300 files) as load
// does, without the database: the allocations per file are the parse's own.
func BenchmarkParseZoom(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "program")
	if _, err := demo.Generate(dir, demo.Config{Seed: 1, Cohorts: 200}); err != nil {
		b.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "zoom", "*.csv"))
	files := make([][]byte, len(paths))
	size := 0
	for i, p := range paths {
		var err error
		if files[i], err = os.ReadFile(p); err != nil {
			b.Fatal(err)
		}
		size += len(files[i])
	}
	db := &DB{}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i, data := range files {
			if _, err := db.parse(paths[i], data, LoadOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
