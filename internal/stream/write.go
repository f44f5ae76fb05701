package stream

import (
	"bytes"
	"io"
)

// WriteTo writes the stream: the BOM, then every document's Head and Body,
// or its replacement. Runs of untouched documents that are still adjacent
// in the input go out as one slice, so a stream with nothing replaced is a
// single Write of the input.
//
// A writer with a Grow method (bytes.Buffer) is grown to the output size
// first, so that a 14 MB stream is not copied through every doubling.
func (s *Stream) WriteTo(w io.Writer) (int64, error) {
	if g, ok := w.(interface{ Grow(int) }); ok {
		g.Grow(s.Len())
	}
	out := writer{w: w}
	if s.BOM && !s.bomOut {
		out.write(bom)
	}
	s.writeDocs(&out, s.Docs[s.flushed:])
	return out.n, out.err
}

// writeDocs writes docs: each one's Head and Body, or its replacement, with
// runs of untouched documents still adjacent in the input as one slice.
func (s *Stream) writeDocs(out *writer, docs []*Document) {
	run, runEnd := -1, -1
	for _, d := range docs {
		if s.pristine(d) {
			if run >= 0 && d.start == runEnd {
				runEnd = d.end
				continue
			}
			if run >= 0 {
				out.write(s.data[run:runEnd])
			}
			run, runEnd = d.start, d.end
			continue
		}
		if run >= 0 {
			out.write(s.data[run:runEnd])
			run = -1
		}
		out.write(d.Head)
		if d.changed {
			out.write(d.out)
		} else {
			out.write(d.Body)
		}
	}
	if run >= 0 {
		out.write(s.data[run:runEnd])
	}
}

// Flush writes to w the documents before Docs[i] that no Flush wrote yet,
// as WriteTo would write them, and lets go of their replacements: a stream
// of many edited documents need not hold every output until it is written
// whole (the post-renderer spools them to a file; BENCHMARKS.md, issue 17).
// From then on WriteTo, Bytes and Len cover only the documents not yet
// flushed, and Blank still the whole stream. A flushed document must not
// be replaced again.
func (s *Stream) Flush(w io.Writer, i int) (int64, error) {
	if i <= s.flushed {
		return 0, nil
	}
	out := writer{w: w}
	if s.BOM && !s.bomOut {
		out.write(bom)
		s.bomOut = true
	}
	docs := s.Docs[s.flushed:i]
	s.writeDocs(&out, docs)
	for _, d := range docs {
		body := d.Body
		if d.changed {
			body, d.out = d.out, nil
		}
		s.textOut = s.textOut || len(bytes.TrimSpace(d.Head)) > 0 || len(bytes.TrimSpace(body)) > 0
	}
	s.flushed = i
	return out.n, out.err
}

// Bytes returns what WriteTo writes.
func (s *Stream) Bytes() []byte {
	var buf bytes.Buffer
	_, _ = s.WriteTo(&buf) // a bytes.Buffer does not fail
	return buf.Bytes()
}

// Blank reports whether what WriteTo writes is only white space (a BOM is
// not), without writing it: a post-renderer must not hand Helm an empty
// stream, and can check that before it writes straight to its output
// instead of through a buffer as large as the stream.
func (s *Stream) Blank() bool {
	if s.BOM || s.textOut {
		return false
	}
	for _, d := range s.Docs[s.flushed:] {
		body := d.Body
		if d.changed {
			body = d.out
		}
		if len(bytes.TrimSpace(d.Head)) > 0 || len(bytes.TrimSpace(body)) > 0 {
			return false
		}
	}
	return true
}

// Len returns the number of bytes WriteTo writes.
func (s *Stream) Len() int {
	n := 0
	if s.BOM && !s.bomOut {
		n += len(bom)
	}
	for _, d := range s.Docs[s.flushed:] {
		n += len(d.Head)
		if d.changed {
			n += len(d.out)
		} else {
			n += len(d.Body)
		}
	}
	return n
}

// pristine reports whether d still is the bytes Split gave it: not
// replaced, and its Head and Body fields still the original slices.
func (s *Stream) pristine(d *Document) bool {
	return d.s == s && !d.changed &&
		s.same(d.Head, d.start, d.body) && s.same(d.Body, d.body, d.end)
}

func (s *Stream) same(b []byte, from, to int) bool {
	return len(b) == to-from && (len(b) == 0 || &b[0] == &s.data[from])
}

// writer keeps the first error and the count, so WriteTo can write blindly.
type writer struct {
	w   io.Writer
	n   int64
	err error
}

func (w *writer) write(b []byte) {
	if w.err != nil || len(b) == 0 {
		return
	}
	n, err := w.w.Write(b)
	w.n += int64(n)
	w.err = err
}
