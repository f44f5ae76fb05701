//go:build unix

package postrender

import (
	"bytes"
	"errors"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A FIFO as the log file would block the post-renderer until something
// reads it: Log skips it with a warning instead.
func TestLogSkipsAFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "render.log")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	var errOut bytes.Buffer
	done := make(chan struct{})
	go func() { Log(fifo, errors.New("failed"), &errOut); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Log blocked on a FIFO")
	}
	assert.Contains(t, errOut.String(), "cannot write the log file: "+fifo+" is a FIFO")
}
