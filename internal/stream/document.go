package stream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Document is one document of a Stream. Head and Body are the input bytes
// and are never modified; Replace records new bytes beside them.
type Document struct {
	Index int    // 0-based position in the stream
	Line  int    // 1-based line in the whole stream of the first line of Body
	Head  []byte // %YAML/%TAG lines, if any, and the "---" line that opened the document, with its line break; nil when none
	Body  []byte // everything up to the next Head, exactly as it came: comments, a "..." end marker, missing final line break

	s                *Stream
	start, body, end int    // offsets of Head, Body and the end in s.data
	needEnd          bool   // Body has a "..." end marker, or the next Head has directives, which YAML allows only after one
	src              []byte // what Parse reads: Body, or Head and Body when Head has directives
	srcLine          int    // stream line of src's first line
	out              []byte // replacement for Body once Replace was called
	changed          bool
}

// Parse decodes the original Body (never a replacement). It returns nil for
// a document without a node: one that IsEmpty, or that yaml.v3 finds blank.
// It rejects duplicate mapping keys and never expands aliases. Errors are
// *Error with stream lines; node lines count from the first line of Body (or
// of Head when it holds directives): StreamLine converts them. Documents
// parsed in stream order share a decoder (see the package comment); the
// result is the same either way.
func (d *Document) Parse() (*yaml.Node, error) {
	if d.IsEmpty() {
		return nil, nil
	}
	if d.s != nil {
		if n, ok := d.s.cur.take(d.s, d); ok {
			return n, nil
		}
	}
	return d.parseAlone()
}

// parseAlone decodes the document with a yaml.v3 decoder of its own: the
// reference the shared decoder of cursor.go must agree with.
func (d *Document) parseAlone() (*yaml.Node, error) {
	n, line, err := decode(d.src, d.srcLine)
	if err != nil {
		if line <= 0 {
			line = d.Line
		}
		return nil, &Error{Doc: d.Index, Line: line, Source: d.Source(), Err: err}
	}
	return n, nil
}

// decode parses the single document in src, whose first line is stream
// line first. On failure it returns the stream line (0 when yaml.v3 gives
// none) and an error whose text carries stream lines. yamlnode.Decode is not
// used because it reads only the first document and would let a hidden
// second one go unnoticed.
func decode(src []byte, first int) (*yaml.Node, int, error) {
	off := first - 1
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, nil
		}
		line, msg := cutLine(strings.TrimPrefix(err.Error(), "yaml: "), off)
		if line == 0 && strings.Contains(msg, "control characters are not allowed") {
			// yaml.v3's reader says so without a line: find the character.
			if l := unprintableLine(src); l > 0 {
				line = l + off
			}
		}
		return nil, line, &located{msg: ErrInvalidYAML.Error() + ": " + msg, err: ErrInvalidYAML}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			line, msg := cutLine(strings.TrimPrefix(err.Error(), "yaml: "), off)
			return nil, line, &located{msg: ErrInvalidYAML.Error() + " after the document: " + msg, err: ErrInvalidYAML}
		}
		return nil, extra.Line + off, fmt.Errorf(`%w: yaml.v3 starts a document here, after a line break this splitter does not count (U+0085, U+2028 or U+2029); put "---" on a line of its own before it`, ErrHiddenDocument)
	}
	if err := yamlnode.CheckKeys(&doc); err != nil {
		line, msg := cutLine(err.Error(), off)
		// CheckKeys says "(first at line N)" with N counted from src too.
		if i := strings.LastIndex(msg, "(first at line "); i >= 0 {
			i += len("(first at line ")
			j := i
			for j < len(msg) && msg[j] >= '0' && msg[j] <= '9' {
				j++
			}
			if n, err := strconv.Atoi(msg[i:j]); err == nil {
				msg = msg[:i] + strconv.Itoa(n+off) + msg[j:]
			}
		}
		return nil, line, &located{msg: msg, err: err}
	}
	return &doc, 0, nil
}

// unprintableLine returns the 1-based line of src that holds the first
// character YAML does not allow (YAML 1.2 §5.1, as yaml.v3's reader checks
// it), or 0. Lines break at LF, CRLF and a lone CR.
func unprintableLine(src []byte) int {
	line := 1
	for i, r := range string(src) {
		switch {
		case r == '\n':
			line++
		case r == '\r':
			if i+1 >= len(src) || src[i+1] != '\n' {
				line++
			}
		case r == '\t', r >= 0x20 && r <= 0x7e, r == 0x85, r >= 0xa0 && r <= 0xd7ff,
			r >= 0xe000 && r <= 0xfffd && r != 0xfeff, r >= 0x10000 && r <= 0x10ffff:
		default:
			return line
		}
	}
	return 0
}

// cutLine splits "line N: rest" into N+off and rest; other messages come
// back whole with line 0.
func cutLine(msg string, off int) (int, string) {
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, msg
	}
	num, rest, ok := strings.Cut(rest, ": ")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return 0, msg
	}
	return n + off, rest
}

// located is an error whose text was rewritten to stream lines; it still
// matches its cause with errors.Is.
type located struct {
	msg string
	err error
}

func (e *located) Error() string { return e.msg }
func (e *located) Unwrap() error { return e.err }

// StreamLine converts the Line of a node returned by Parse to a line of the
// whole stream. Nodes a caller created have line 0, which stays 0.
func (d *Document) StreamLine(nodeLine int) int {
	if nodeLine <= 0 {
		return 0
	}
	return nodeLine + d.srcLine - 1
}

// Changed reports whether Replace was called.
func (d *Document) Changed() bool { return d.changed }

// IsEmpty reports whether Body holds only blank lines, comments and "..."
// markers: a document with no node, such as a Helm template that rendered
// to nothing but its "# Source:" line. A Body with a line break that only
// yaml.v3 counts (U+0085, U+2028, U+2029) is never called empty, as a
// "comment" line could hide a node from this check but not from yaml.v3;
// Parse decodes such a Body and may still find nothing.
func (d *Document) IsEmpty() bool { return blank(d.Body) }

func blank(b []byte) bool {
	if hasUnicodeBreak(b) {
		return false
	}
	for len(b) > 0 {
		var line []byte
		line, b = nextLine(b)
		switch classify(line) {
		case kBlank, kComment, kEnd:
		default:
			return false
		}
	}
	return true
}

func hasUnicodeBreak(b []byte) bool {
	return bytes.Contains(b, []byte("\u0085")) || bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029"))
}

// Source returns the path of Helm 3's "# Source: path" comment when one is
// among the comment lines at the top of Body, else "". Helm 4 writes no such
// comment (it annotates postrenderer.helm.sh/postrender-filename instead).
func (d *Document) Source() string { return sourceOf(d.Body) }
