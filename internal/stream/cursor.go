package stream

import (
	"bytes"
	"errors"
	"io"
	"sync"

	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// A yaml.v3 decoder costs about 7 KB of buffers, parser and token queue
// before it reads a byte; one decoder per document pays that 20,000 times on
// a big stream (135 MB of garbage, a tenth of the CPU). So Parse, when the
// documents are asked for in stream order, reads them through one decoder
// over a synthetic stream of "---\n" + Body for every document that is
// plain enough to read the same way there as on its own (see plain), and
// decodes any other document with a decoder of its own.
//
// The shared decoder is only a faster way to the same tree, never a judge.
// A document is handed out only when three things hold: the decoder also
// read the start of the next document (or the end) without error, because
// yaml.v3 reports trailing content after a root node ("[a]\nb") only when it
// looks for the next document; every alias points into the document itself
// (one yaml.v3 parser keeps anchors across documents); and CheckKeys passes.
// Anything else, and every error, sends the document to a decoder of its
// own, whose result and error text are the only ones Parse returns. After an
// error the shared decoder is not used again. FuzzCursor compares both ways
// on every input.
//
// One yaml.v3 parser keeps every comment it scanned (and every anchor) for
// its life, 4 MB for the "# Source:" lines of 20,000 documents; so a new
// shared decoder starts after every window documents.
const window = 512

// cursor is the shared decoder of a Stream.
type cursor struct {
	mu      sync.Mutex
	docs    []*Document // the Stream's documents as split
	next    int         // where the next window starts in docs
	src     *synth      // the current window
	dec     *yaml.Decoder
	got     int        // yaml.v3 documents decoded in this window
	pending *yaml.Node // decoded, not yet handed out; nil when none
	own     owner      // where pending comes from
	served  int        // documents handed out
	started bool
	done    bool // no more documents, or the decoder failed
}

// synth serves the synthetic stream of one window and records which
// Document each of its yaml.v3 documents comes from. It copies no Body:
// yaml.v3 reads 512 bytes at a time, straight out of the input.
type synth struct {
	docs   []*Document
	next   int     // next index into docs to consider
	left   int     // plain documents this window may still serve
	owners []owner // the i-th yaml.v3 document of the synthetic stream
	line   int     // lines served so far
	sep    []byte  // the rest of the "---" line being served
	body   []byte  // the rest of the Body being served
}

type owner struct {
	pos int // index in docs
	off int // synthetic line of the "---" before its Body: node line - off = line in Body
}

var separator = []byte("---\n")

func (s *synth) Read(p []byte) (int, error) {
	for len(s.sep) == 0 && len(s.body) == 0 {
		pos := s.nextPlain()
		if pos < 0 {
			return 0, io.EOF
		}
		s.line++ // the "---" line
		s.owners = append(s.owners, owner{pos: pos, off: s.line})
		s.sep, s.body = separator, s.docs[pos].src
		s.line += lineBreaks(s.body)
	}
	n := copy(p, s.sep)
	s.sep = s.sep[n:]
	m := copy(p[n:], s.body)
	s.body = s.body[m:]
	return n + m, nil
}

func (s *synth) nextPlain() int {
	for s.left > 0 && s.next < len(s.docs) {
		pos := s.next
		s.next++
		if s.docs[pos].plain() {
			s.left--
			return pos
		}
	}
	return -1
}

// plain reports whether yaml.v3 reads the original Body after a "---"
// line of a longer stream exactly as it reads the Body alone. It must have
// a node; no directives, no "..." marker; a line break at its end (or a
// kept block scalar there would gain one); no "%" at the start of a line,
// which yaml.v3 would take for a directive of the next document; no line
// break or BOM that only yaml.v3 sees; and no CR at all, because yaml.v3
// places comments around CRs differently in the middle of a stream. The
// comments before its first node must not be split by a blank line: at
// the start of a stream (the Body alone) yaml.v3 gives the part above the
// last blank line to the document node, after a "---" all of it to the
// first node. Nor may comments follow its last node: yaml.v3 gives them
// to the document node or to the node before, depending on whether a
// "---" or the end of the stream comes next.
func (d *Document) plain() bool {
	b := d.src
	if len(b) == 0 || len(b) != d.end-d.body || d.needEnd || b[len(b)-1] != '\n' {
		return false
	}
	if bytes.IndexByte(b, '\r') >= 0 || hasUnicodeBreak(b) || bytes.Contains(b, bom) {
		return false
	}
	for i := bytes.IndexByte(b, '%'); i >= 0; {
		if i == 0 || b[i-1] == '\n' {
			return false
		}
		j := bytes.IndexByte(b[i+1:], '%')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return leadOK(b) && tailOK(b)
}

// leadOK: the lines before the first node are not comments and blank
// lines mixed, and there is a node.
func leadOK(b []byte) bool {
	comments, blanks := false, false
	for len(b) > 0 {
		var line []byte
		line, b = nextLine(b)
		switch classify(line) {
		case kBlank:
			blanks = true
		case kComment:
			comments = true
		default:
			return !(comments && blanks)
		}
	}
	return false // blank or comments only: no node
}

// tailOK: no comment line follows the last line of content. b ends with
// a line break.
func tailOK(b []byte) bool {
	for end := len(b) - 1; end > 0; {
		start := bytes.LastIndexByte(b[:end], '\n') + 1
		switch classify(b[start:end]) {
		case kComment:
			return false
		case kBlank:
			end = start - 1
		default:
			return true
		}
	}
	return true
}

// lineBreaks counts the line breaks of a plain Body: its LFs.
func lineBreaks(b []byte) int { return bytes.Count(b, []byte{'\n'}) }

// take returns d's node from the shared decoder, or false when Parse must
// decode d on its own.
func (c *cursor) take(s *Stream, d *Document) (*yaml.Node, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.started {
		c.started, c.docs = true, s.Docs
		c.advance()
	}
	if d.Index < 0 || d.Index >= len(c.docs) || c.docs[d.Index] != d {
		return nil, false // not a Document of the stream as it was split
	}
	for c.pending != nil {
		switch own := c.own; {
		case own.pos > d.Index: // d was passed, or is not plain
			return nil, false
		case own.pos < d.Index: // the caller skipped a document
			c.advance()
		default:
			n := c.pending
			if !c.advance() { // what follows d does not read: d may be at fault
				return nil, false
			}
			if !settle(n, own.off) {
				return nil, false
			}
			c.served++
			return n, true
		}
	}
	return nil, false
}

// advance decodes the next document into pending, starting a new window
// when one ends. It returns false when the decoder failed (then it is not
// used again); the end of the stream is no failure.
func (c *cursor) advance() bool {
	c.pending = nil
	for !c.done {
		if c.dec == nil {
			if c.next >= len(c.docs) {
				c.done = true
				break
			}
			c.src = &synth{docs: c.docs, next: c.next, left: window}
			c.dec, c.got = yaml.NewDecoder(c.src), 0
		}
		var doc yaml.Node
		err := c.dec.Decode(&doc)
		if err == nil {
			c.own = c.src.owners[c.got]
			c.got++
			c.pending = &doc
			return true
		}
		if !errors.Is(err, io.EOF) {
			c.done = true
			return false
		}
		c.next, c.dec = c.src.next, nil // the window ended; the next starts where it stopped
	}
	return true
}

// settle turns the lines of a document read from the synthetic stream into
// lines of its Body, gives the document node the position yaml.v3 gives an
// implicit document (that of its content), and checks what the shared
// decoder may see differently: aliases must point into the document, and
// CheckKeys must pass (its error is Parse's to report).
func settle(doc *yaml.Node, off int) bool {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return false
	}
	var anchors map[*yaml.Node]bool
	if !relocate(doc, off, &anchors) {
		return false
	}
	doc.Line, doc.Column = doc.Content[0].Line, doc.Content[0].Column
	return yamlnode.CheckKeys(doc) == nil
}

func relocate(n *yaml.Node, off int, anchors *map[*yaml.Node]bool) bool {
	if n.Line > 0 {
		n.Line -= off
	}
	if n.Anchor != "" && n.Kind != yaml.AliasNode {
		if *anchors == nil {
			*anchors = map[*yaml.Node]bool{}
		}
		(*anchors)[n] = true
	}
	if n.Kind == yaml.AliasNode && !(*anchors)[n.Alias] {
		return false
	}
	for _, c := range n.Content {
		if !relocate(c, off, anchors) {
			return false
		}
	}
	return true
}
