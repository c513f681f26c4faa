//go:build unix

package pipeline

import (
	"errors"
	"syscall"
)

// readFileOrHead reads the whole file when whole(size) agrees, else its first headSize bytes;
// it says which it did. Plain system calls, not os.File: a load opens thousands of small
// files, and os.File's set-up (poller, finaliser, an extra stat) costs as much as the read.
func readFileOrHead(path string, whole func(size int64) bool) ([]byte, bool, error) {
	var fd int
	var err error
	for {
		if fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0); !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return nil, false, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, false, err
	}
	all := st.Mode&syscall.S_IFMT == syscall.S_IFREG && whole(st.Size)
	size := int64(headSize)
	if all {
		size = st.Size
	}
	buf := make([]byte, size+1) // one byte more: a file that grew since the stat is read again
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case err != nil:
			return nil, false, err
		case m == 0:
			return buf[:n], all, nil
		}
		n += m
	}
	return buf[:min(n, int(size))], false, nil
}
