//go:build unix

package reliability_test

import (
	"os"
	"runtime"
	"syscall"
)

// maxRSS is the peak resident set size of an exited process, in bytes.
//
// On Linux it is at least the peak of this test process: Go starts a child
// with vfork, and exec folds the peak of the memory it leaves (this
// process's) into the child's. So the tests keep their own memory small:
// big inputs and outputs go through files, never through test memory.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss) // bytes there, kilobytes elsewhere
	}
	return int64(ru.Maxrss) * 1024
}
