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
	ended            bool   // Body has a "..." end marker
	src              []byte // what Parse reads: Body, or Head and Body when Head has directives
	srcLine          int    // stream line of src's first line
	out              []byte // replacement for Body once Replace was called
	changed          bool
}

// Parse decodes the original Body (never a replacement). It returns nil for
// a document without a node: one that IsEmpty, or that yaml.v3 finds blank. It rejects
// duplicate mapping keys and never expands aliases. Errors are *Error with
// stream lines; node lines count from the first line of Body (or of Head when
// it holds directives): StreamLine converts them.
func (d *Document) Parse() (*yaml.Node, error) {
	if d.IsEmpty() {
		return nil, nil
	}
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
func (d *Document) IsEmpty() bool {
	if hasUnicodeBreak(d.Body) {
		return false
	}
	for b := d.Body; len(b) > 0; {
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

// Replace sets the document's output to n, encoded by a yaml.v3 encoder of
// its own: indent 2, "- " sequence items at the indentation of their key
// when the original Body wrote them so, else indented by 2. The Head is kept
// as it was. The output keeps Helm's "# Source:" line (added back when n
// lost it), ends with "..." when Body had that marker, always ends with a
// line break, and uses CRLF when the stream does. Comments in n are written
// where yaml.v3 puts them. The result must parse back to a tree equal to n
// (tags, values, anchors; not styles or comments) and must stay a single
// document, else Replace fails with ErrReplace and changes nothing.
func (d *Document) Replace(n *yaml.Node) error {
	if n == nil {
		return d.replaceError(errors.New("nil node; pass the node that Parse returned"))
	}
	out, err := encode(n, d.compactSeq(n))
	if err != nil {
		return d.replaceError(err)
	}
	if src := d.Source(); src != "" && sourceOf(out) == "" {
		out = append([]byte("# Source: "+src+"\n"), out...)
	}
	if d.ended && !bytes.HasSuffix(out, []byte("\n...\n")) {
		out = append(out, "...\n"...)
	}
	if d.s != nil && d.s.CRLF {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	if err := d.verify(n, out); err != nil {
		return d.replaceError(err)
	}
	d.out, d.changed = out, true
	return nil
}

func (d *Document) replaceError(err error) error {
	return &Error{Doc: d.Index, Line: d.Line, Source: d.Source(), Err: fmt.Errorf("%w: %w", ErrReplace, err)}
}

// encode writes n with a new encoder, so that no state carries over from
// one document to the next. yaml.v3 panics on some malformed nodes (a
// nil Alias, say); that becomes an error here, as a post-renderer must not
// crash on a bug of its caller.
func encode(n *yaml.Node, compact bool) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("yaml.v3 encoder: %v", r)
		}
	}()
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if compact {
		enc.CompactSeqIndent()
	} else {
		enc.DefaultSeqIndent()
	}
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// verify checks that out, written after Head, is one document for Split and
// reads back as n.
func (d *Document) verify(n *yaml.Node, out []byte) error {
	src := out
	if len(d.src) > len(d.Body) { // Head holds directives that out may need
		src = append(append(make([]byte, 0, len(d.Head)+len(out)), d.Head...), out...)
	}
	s, err := Split(src)
	if err != nil {
		return err
	}
	if len(s.Docs) != 1 || len(s.Docs[0].Head) != len(src)-len(out) {
		return errors.New("yaml.v3 wrote more than one document")
	}
	var got *yaml.Node
	if written := s.Docs[0]; !written.IsEmpty() { // as Parse will read it
		if got, _, err = decode(written.src, 1); err != nil {
			return fmt.Errorf("output does not parse: %w", err)
		}
	}
	if !equalNode(content(n), content(got)) {
		return errors.New(`the output reads back as a different tree (a yaml.v3 limit: a ">+" block before another key, say); write that part of the chart another way, or report it`)
	}
	return nil
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Anchor == "" && n.ShortTag() == "!!null"
}

func content(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return n.Content[0]
	}
	return n
}

// equalNode compares what a YAML reader sees: kinds, resolved tags, scalar
// values, anchors and alias names. Styles, comments and positions may differ,
// and null is null however it is written, even as no document at all
// (yaml.v3 writes a null document as an empty line, which Parse reads as nil).
func equalNode(a, b *yaml.Node) bool {
	if isNull(a) && isNull(b) {
		return true
	}
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || a.Anchor != b.Anchor || len(a.Content) != len(b.Content) {
		return false
	}
	switch a.Kind {
	case yaml.ScalarNode:
		if a.Value != b.Value || a.ShortTag() != b.ShortTag() {
			return false
		}
	case yaml.AliasNode:
		return a.Value == b.Value
	case yaml.MappingNode, yaml.SequenceNode:
		if a.ShortTag() != b.ShortTag() {
			return false
		}
	}
	for i := range a.Content {
		if !equalNode(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

// compactSeq tells whether the original Body wrote block sequences at the
// indentation of their key ("key:\n- item"). It asks the positions that n
// still carries from Parse; a tree built without them falls back to parsing
// Body again.
func (d *Document) compactSeq(n *yaml.Node) bool {
	if compact, found := seqStyle(n); found {
		return compact
	}
	orig, err := d.Parse()
	if err != nil || orig == nil {
		return false
	}
	compact, _ := seqStyle(orig)
	return compact
}

// seqStyle finds, in document order, the first block sequence that is the
// value of a mapping key and on a later line, both with positions, and
// compares their columns.
func seqStyle(n *yaml.Node) (compact, found bool) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 && k.Line > 0 && v.Line > k.Line {
				return v.Column == k.Column, true
			}
			if compact, found := seqStyle(v); found {
				return compact, true
			}
		}
		return false, false
	}
	for _, c := range n.Content {
		if compact, found := seqStyle(c); found {
			return compact, true
		}
	}
	return false, false
}
