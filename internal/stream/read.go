package stream

import (
	"fmt"
	"io"
	"math"
	"os"
)

// Read reads all of r. More than max bytes fail with ErrTooLarge; max <= 0
// means DefaultMaxBytes.
//
// A regular file is read into one buffer of its size. Anything else (Helm
// hands a post-renderer a pipe) is read in chunks that double up to
// maxChunk and are joined once at the end: io.ReadAll's growth would copy a
// 14 MB stream about five times over and leave that much garbage behind.
func Read(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxBytes
	}
	limit := max
	if limit < math.MaxInt64 {
		limit++ // one byte more than allowed tells "too large" from "exactly max"
	}
	data, err := readAll(io.LimitReader(r, limit), sizeHint(r, limit))
	if err != nil {
		return nil, fmt.Errorf("read input: %w", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes; raise the limit with --max-input-bytes", ErrTooLarge, max)
	}
	return data, nil
}

// Chunk sizes of readAll.
const (
	minChunk = 64 << 10
	maxChunk = 8 << 20
)

// sizeHint returns the size of a regular file (capped at limit), else 0.
func sizeHint(r io.Reader, limit int64) int64 {
	st, ok := r.(interface{ Stat() (os.FileInfo, error) })
	if !ok {
		return 0
	}
	fi, err := st.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() <= 0 {
		return 0
	}
	return min(fi.Size(), limit)
}

// readAll reads r to the end. With a size hint it reads into one buffer
// one byte larger than the hint, so that a file that did not grow is read
// without a copy and EOF shows in the same buffer.
func readAll(r io.Reader, hint int64) ([]byte, error) {
	size := int64(minChunk)
	if hint > 0 {
		size = hint + 1
	}
	var chunks [][]byte
	total := 0
	for {
		buf := make([]byte, size)
		n, err := io.ReadFull(r, buf)
		total += n
		chunks = append(chunks, buf[:n])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
		size = min(max(2*size, minChunk), maxChunk)
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out, nil
}
