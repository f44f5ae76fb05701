package stream

import (
	"fmt"
	"io/fs"
	"os"
)

// ReadFile reads the regular file at path, with Read's limit (max <= 0 is
// DefaultMaxBytes). Anything else at path is refused before it is opened,
// as Regular says: opening a FIFO blocks until something writes to it, and
// a device such as /dev/zero never ends.
func ReadFile(path string, max int64) ([]byte, error) {
	if err := Regular(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := Read(f, max)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}

// Regular returns an error naming path and what it is when path is not a
// regular file (after symlinks): a directory, FIFO, device or socket.
func Regular(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("%s: %w (%s); give a regular file", path, ErrNotRegular, FileKind(fi.Mode()))
}

// FileKind names the type of a file mode, for messages.
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO, which would block until something writes to it"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m.IsRegular():
		return "a regular file"
	default:
		return "not a regular file"
	}
}
