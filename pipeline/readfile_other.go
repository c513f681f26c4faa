//go:build !unix

package pipeline

import (
	"io"
	"os"
)

// readFileOrHead reads the whole file when whole(size) agrees, else its first headSize bytes;
// it says which it did.
func readFileOrHead(path string, whole func(size int64) bool) ([]byte, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	all := info.Mode().IsRegular() && whole(info.Size())
	size := int64(headSize)
	if all {
		size = info.Size()
	}
	buf := make([]byte, size+1) // one byte more: a file that grew since the stat is read again
	n, err := io.ReadFull(f, buf)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return buf[:n], all, nil
	case err != nil:
		return nil, false, err
	}
	return buf[:size], false, nil
}
