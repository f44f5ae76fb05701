//go:build unix

package values_test

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/values"
)

// A values file, --set-file file or chart that is not a regular file is
// refused before it is opened: a FIFO blocks, /dev/zero never ends.
func TestLoadRefusesNonRegularFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	cases := map[string]struct {
		o    values.Options
		want string
	}{
		"-f FIFO":         {values.Options{ValueFiles: []string{fifo}}, fifo + ": not a regular file (a FIFO"},
		"-f /dev/zero":    {values.Options{ValueFiles: []string{"/dev/zero"}}, "/dev/zero: not a regular file (a character device)"},
		"--set-file FIFO": {values.Options{FileValues: []string{"k=" + fifo}}, `--set-file item 1 (key "k"): reading values: ` + fifo + ": not a regular file"},
		"--set-file zero": {values.Options{FileValues: []string{"k=/dev/zero"}}, "/dev/zero: not a regular file"},
		"--chart FIFO":    {values.Options{Chart: fifo}, "chart " + fifo + ": not a regular file (a FIFO"},
		"-f a directory":  {values.Options{ValueFiles: []string{t.TempDir()}}, "not a regular file (a directory)"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { _, err := values.Load(tc.o); done <- err }()
			select {
			case err := <-done:
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
			case <-time.After(5 * time.Second):
				t.Fatal("blocked on a non-regular file")
			}
		})
	}
}
