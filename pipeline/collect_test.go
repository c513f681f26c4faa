package pipeline

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestUnreadableFolderCostsOnlyItself: a subfolder that cannot be listed (as a folder without
// read permission fails, which a test run as root cannot make) is reported, and the files
// beside it are still collected.
func TestUnreadableFolderCostsOnlyItself(t *testing.T) {
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	os.MkdirAll(locked, 0o755)
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(locked, "b.csv"), []byte("x"), 0o644)
	failing := func(root string, fn fs.WalkDirFunc) error {
		return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if path == locked && err == nil {
				// as filepath.WalkDir does when reading a folder fails: the folder, then its error
				if r := fn(path, d, nil); r != nil {
					return r
				}
				return fn(path, d, &fs.PathError{Op: "open", Path: path, Err: fs.ErrPermission})
			}
			return fn(path, d, err)
		})
	}
	files, _, _, unreadable, err := collectFilesWith([]string{dir}, failing)
	if err != nil {
		t.Fatalf("the whole listing failed: %v", err)
	}
	if len(files) != 1 || files[0] != filepath.Join(dir, "a.csv") {
		t.Errorf("files %q, want only a.csv", files)
	}
	if e := unreadable[locked]; !errors.Is(e, fs.ErrPermission) || len(unreadable) != 1 {
		t.Errorf("unreadable %v, want the locked folder with its permission error", unreadable)
	}
}
