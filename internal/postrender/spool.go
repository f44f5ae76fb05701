package postrender

import (
	"io"
	"os"
)

// spoolChunk is how much output a spool gathers in memory before it writes
// it to its file.
const spoolChunk = 256 << 10

// spool holds the finished output of a big render until every check is
// done, mostly in a temporary file instead of memory: the outputs of 20,000
// edited Deployments are 35 MB (BENCHMARKS.md, "Memory on big inputs").
// Nothing reaches standard output before the whole output is known good.
//
// The file is in os.TempDir ($TMPDIR) and is removed as soon as it is
// created, so that no path, not even a signal that kills the process,
// leaves it behind: only the open descriptor reaches it. Where an open file
// cannot be removed (Windows may refuse), or the file cannot be created,
// the output stays in memory, as without a spool; where a write to it fails
// (a full TMPDIR), what follows does.
type spool struct {
	f     *os.File // nil when there is no file
	fileN int64    // bytes written to f
	full  bool     // a write to f failed: the rest goes to mem
	mem   []byte   // what follows the file's bytes
}

// newSpool returns a spool, with a file when one can be made.
func newSpool() *spool {
	sp := &spool{}
	f, err := os.CreateTemp("", "envcontract-render-*")
	if err != nil {
		return sp
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		os.Remove(f.Name())
		return sp
	}
	sp.f = f
	return sp
}

// Write keeps p; it never fails.
func (sp *spool) Write(p []byte) (int, error) {
	if sp.f == nil || sp.full || len(sp.mem)+len(p) < spoolChunk {
		sp.mem = append(sp.mem, p...)
		return len(p), nil
	}
	if n, ok := sp.toFile(sp.mem); !ok {
		sp.mem = append(sp.mem[:copy(sp.mem, sp.mem[n:])], p...)
		return len(p), nil
	}
	sp.mem = sp.mem[:0]
	if n, ok := sp.toFile(p); !ok { // a big p went there without a copy
		sp.mem = append(sp.mem, p[n:]...)
	}
	return len(p), nil
}

// toFile writes b to the file and says how much of it went there, and
// whether all did; after the first failure everything goes to mem.
func (sp *spool) toFile(b []byte) (int, bool) {
	n, err := sp.f.Write(b)
	sp.fileN += int64(n)
	sp.full = err != nil
	return n, err == nil
}

// WriteTo writes everything the spool was given, in order.
func (sp *spool) WriteTo(w io.Writer) (int64, error) {
	var n int64
	if sp.fileN > 0 {
		m, err := io.Copy(w, io.NewSectionReader(sp.f, 0, sp.fileN))
		n += m
		if err != nil {
			return n, err
		}
	}
	m, err := w.Write(sp.mem)
	return n + int64(m), err
}

// Close lets the file go; the system frees its blocks.
func (sp *spool) Close() error {
	if sp.f == nil {
		return nil
	}
	return sp.f.Close()
}
