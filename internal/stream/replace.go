package stream

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Replace sets the document's output to n, encoded by a yaml.v3 encoder of
// its own: indent 2, "- " sequence items at the indentation of their key
// when the original Body wrote them so, else indented by 2. The Head is kept
// as it was. The output keeps Helm's "# Source:" line (added back when n
// lost it), ends with "..." when Body had that marker (or the next Head
// holds directives, which need one before them), always ends with a
// line break, and uses the stream's line break (CRLF or a lone CR when the
// stream's first one is). Comments in n are written
// where yaml.v3 puts them. The result must parse back to a tree equal to n
// (tags, values, anchors; not styles or comments) and must stay a single
// document, else Replace fails with ErrReplace and changes nothing.
func (d *Document) Replace(n *yaml.Node) error {
	if n == nil {
		return d.replaceError(errors.New("nil node; pass the node that Parse returned"))
	}
	compact := d.compactSeq(n)
	e, err := encodePieces(n, compact, pieceItems, d.sizeHint())
	if err != nil {
		return d.replaceError(err)
	}
	out := d.finish(e.out)
	if e.skel != nil {
		// The pieces were checked as they were written (see encodePieces).
		if _, err = d.oneDocument(out); err == nil {
			err = e.marked(func() error { return d.verify(n, d.finish(e.skel)) })
		}
		if err != nil { // the whole check decides
			if e.out, err = encode(n, compact, d.sizeHint()); err != nil {
				return d.replaceError(err)
			}
			out, e.skel = d.finish(e.out), nil
		}
	}
	if e.skel == nil {
		if err := d.verify(n, out); err != nil {
			return d.replaceError(err)
		}
	}
	d.out, d.changed = out, true
	return nil
}

// finish turns what the encoder wrote into the document's output: no
// leading line break, Helm's "# Source:" line, a line break after a Head
// that lacks one, the "..." marker when needed, and the stream's line break.
func (d *Document) finish(out []byte) []byte {
	// A leading line break would merge with a Head that ends in a lone CR.
	out = bytes.TrimLeft(out, "\n")
	if d.Head == nil && blank(out) {
		// yaml.v3 writes some nulls as nothing; without a "---" a document
		// of nothing would merge into the one before it.
		out = append(out, "null\n"...)
	}
	if src := d.Source(); src != "" && sourceOf(out) == "" {
		out = append([]byte("# Source: "+src+"\n"), out...)
	}
	if h := d.Head; len(h) > 0 && h[len(h)-1] != '\n' && h[len(h)-1] != '\r' {
		out = append([]byte("\n"), out...) // a "---" at the very end of the input
	}
	if d.needEnd && !bytes.HasSuffix(out, []byte("\n...\n")) {
		out = append(out, "...\n"...)
	}
	if d.s != nil && d.s.Break != "" && d.s.Break != "\n" {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte(d.s.Break))
	}
	return out
}

func (d *Document) replaceError(err error) error {
	return &Error{Doc: d.Index, Line: d.Line, Source: d.Source(), Err: fmt.Errorf("%w: %w", ErrReplace, err)}
}

// sizeHint is the buffer the output of a big document starts with: its
// Body and a little, so that the buffer is not copied through every
// doubling on the way (a 200 MiB scalar). A small document's buffer grows
// as it goes: its output is kept, and so is the buffer's spare room.
func (d *Document) sizeHint() int {
	if len(d.Body) < 1<<20 {
		return 0
	}
	return len(d.Body) + len(d.Body)/16
}

// encode writes n with a new encoder, so that no state carries over from
// one document to the next, into a buffer of size bytes to start with. yaml.v3 panics on some malformed nodes (a
// nil Alias, say); that becomes an error here, as a post-renderer must not
// crash on a bug of its caller.
func encode(n *yaml.Node, compact bool, size int) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("yaml.v3 encoder: %v", r)
		}
	}()
	buf := bytes.NewBuffer(make([]byte, 0, size))
	enc := yaml.NewEncoder(buf)
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
	written, err := d.oneDocument(out)
	if err != nil {
		return err
	}
	var got *yaml.Node
	if !written.IsEmpty() { // as Parse will read it
		if got, _, err = decode(written.src, 1); err != nil {
			return fmt.Errorf("output does not parse: %w", err)
		}
	}
	if !equalNode(content(n), content(got)) {
		return errors.New(`the output reads back as a different tree (a yaml.v3 limit: a ">+" block before another key, say); write that part of the chart another way, or report it`)
	}
	return nil
}

// oneDocument checks that out, written after Head, is one document for
// Split, and returns it. A Head without directives is a "---" line, which
// opens a document whatever follows, so out is split alone, not copied: it
// must then be one document without a Head, or nothing.
func (d *Document) oneDocument(out []byte) (*Document, error) {
	src, head := out, false
	if len(d.src) > len(d.Body) { // directives in Head: Parse reads them with Body
		src, head = append(append(make([]byte, 0, len(d.Head)+len(out)), d.Head...), out...), true
	}
	s, err := Split(src)
	if err != nil {
		return nil, err
	}
	if len(s.Docs) == 0 && d.Head != nil {
		return &Document{}, nil
	}
	if len(s.Docs) != 1 || (s.Docs[0].Head != nil) != head {
		return nil, errors.New("the output is not one document")
	}
	return s.Docs[0], nil
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
		for k, v := range yamlnode.Fields(n) {
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
