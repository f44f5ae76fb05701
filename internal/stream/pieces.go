package stream

import (
	"bytes"
	"fmt"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// pieceItems is the length above which Replace encodes a block sequence in
// pieces of that many items (see encodePieces): a few hundred kilobytes of
// emitter events per piece, and no change at all for ordinary documents.
const pieceItems = 256

// encodePieces returns the bytes encode(n, compact, size) returns, holding less
// memory when n has long block sequences.
//
// yaml.v3's emitter keeps every event of a document until the document ends
// (about 280 bytes an event, five or six for an env entry): encoding a
// Deployment with 50,000 env entries whole holds about 480 MB. So each block
// sequence of more than per items gives its place to a one-item sequence of
// a placeholder scalar, that skeleton is encoded whole, and the items are
// encoded per at a time, each piece as a sequence at the root of a document
// of its own (and in pieces again when it holds long sequences), indented by
// the column of the placeholder's "- " and put where the placeholder's line
// was.
//
// That writes yaml.v3's own bytes because its emitter writes a block
// sequence item the same way at any indentation: every indentation inside an
// item is the column of its "- " plus an amount that depends on the item
// alone (indents are multiples of 2, and so is that column), no line is
// wrapped (the width is unlimited), and what comes before and after the
// sequence does not depend on its items. It holds where the sequence and its
// ancestors are in block style, where nothing in the items carries a
// comment (comments move with the blank lines and foot indents around
// them), and where no scalar in them ends with a line break (a block scalar
// that keeps its final line breaks makes the emitter end its document with
// "...") or holds a line break other than LF (a piece is indented by LF
// lines). Every other sequence is encoded with its document, and anything
// unexpected in the skeleton or a piece falls back to encode.
// TestPiecesAreWhole and FuzzPieces hold both ways byte-for-byte equal over
// the identity suite's documents and random trees.
//
// Replace's check that the output reads back as n is done in parts, so that
// no second tree of the whole document is built: each piece reads back
// alone, as indented, as its items (splice checks that), and the skeleton,
// finished as Replace finishes the output, as n with the marks. A piece or
// skeleton that does not read back sends the document to encode and the
// whole check, whose answer is Replace's.
func encodePieces(n *yaml.Node, compact bool, per, size int) (*encoded, error) {
	var seqs []*yaml.Node
	collectLong(n, per, &seqs)
	if len(seqs) > 0 {
		if e, ok := splice(n, seqs, compact, per, size); ok {
			return e, nil
		}
	}
	out, err := encode(n, compact, size)
	return &encoded{out: out}, err
}

// encoded is what encodePieces wrote.
type encoded struct {
	out []byte
	// skel is out with a mark in place of the items of each sequence
	// written in pieces; nil when none was.
	skel  []byte
	seqs  []*yaml.Node
	marks [][]*yaml.Node // the one-item Content of each of seqs in skel
}

// marked runs f while the sequences written in pieces hold their marks, as
// in skel.
func (e *encoded) marked(f func() error) error {
	items := make([][]*yaml.Node, len(e.seqs))
	for i, s := range e.seqs {
		items[i], s.Content = s.Content, e.marks[i]
	}
	defer func() {
		for i, s := range e.seqs {
			s.Content = items[i]
		}
	}()
	return f()
}

// splice encodes n with seqs in pieces. Each piece is checked as it is
// written: its lines, as indented, must read back alone as its items. ok is
// false where the skeleton or a piece is not what encodePieces expects.
func splice(n *yaml.Node, seqs []*yaml.Node, compact bool, per, size int) (e *encoded, ok bool) {
	e = &encoded{seqs: seqs, marks: make([][]*yaml.Node, len(seqs))}
	names := make([]string, len(seqs))
	for i := range seqs {
		names[i] = fmt.Sprintf("envcontract_piece_%d_", i)
		e.marks[i] = []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: names[i]}}
	}
	err := e.marked(func() (err error) {
		e.skel, err = encode(n, compact, 0)
		return err
	})
	if err != nil {
		return nil, false
	}
	var buf bytes.Buffer
	buf.Grow(max(size, len(e.skel)))
	rest := e.skel
	for i, name := range names {
		start, end, col, found := markLine(e.skel, rest, name)
		if !found {
			return nil, false
		}
		buf.Write(rest[:start])
		items := seqs[i].Content
		for j := 0; j < len(items); j += per {
			seq := &yaml.Node{Kind: yaml.SequenceNode, Content: items[j:min(j+per, len(items))]}
			p, err := encodePieces(seq, compact, per, 0)
			if err != nil || !bytes.HasPrefix(p.out, []byte("- ")) || !bytes.HasSuffix(p.out, []byte("\n")) || bytes.HasSuffix(p.out, []byte("\n...\n")) {
				return nil, false
			}
			at := buf.Len()
			indentLines(&buf, p.out, col)
			if got, _, err := decode(buf.Bytes()[at:], 1); err != nil || !equalNode(seq, content(got)) {
				return nil, false
			}
		}
		rest = rest[end:]
	}
	buf.Write(rest)
	e.out = buf.Bytes()
	return e, true
}

// markLine finds the line "<col spaces>- mark\n" in rest, a tail of skel,
// and says where it starts and ends in rest. The mark must occur once in
// skel, and col must be even.
func markLine(skel, rest []byte, mark string) (start, end, col int, ok bool) {
	m := []byte(mark)
	at := bytes.Index(rest, m)
	if at < 0 || bytes.Count(skel, m) != 1 {
		return 0, 0, 0, false
	}
	start = bytes.LastIndexByte(rest[:at], '\n') + 1
	prefix := rest[start:at]
	col = len(prefix) - 2
	end = at + len(m)
	if col < 0 || col%2 != 0 || len(bytes.TrimLeft(prefix[:col], " ")) != 0 || string(prefix[col:]) != "- " ||
		end >= len(rest) || rest[end] != '\n' {
		return 0, 0, 0, false
	}
	return start, end + 1, col, true
}

// indentLines writes each line of piece to buf, the ones that are not empty
// after col spaces: what the emitter's indentation adds to lines written
// col columns further right.
func indentLines(buf *bytes.Buffer, piece []byte, col int) {
	for len(piece) > 0 {
		line, rest, _ := bytes.Cut(piece, []byte("\n"))
		if len(line) > 0 {
			for range col {
				buf.WriteByte(' ')
			}
		}
		buf.Write(line)
		buf.WriteByte('\n')
		piece = rest
	}
}

// collectLong appends to seqs, in document order, the block sequences of n
// with more than per items that encodePieces may write in pieces; it does
// not look inside them (their pieces are looked at when encoded), nor
// inside flow collections.
func collectLong(n *yaml.Node, per int, seqs *[]*yaml.Node) {
	if n == nil || n.Style&yaml.FlowStyle != 0 {
		return
	}
	if n.Kind == yaml.SequenceNode && len(n.Content) > per && n.FootComment == "" && piecewise(n.Content) {
		*seqs = append(*seqs, n)
		return
	}
	for _, c := range n.Content {
		collectLong(c, per, seqs)
	}
}

// piecewise reports whether nodes and everything in them are free of
// comments, and of scalars that end with a line break or hold one other
// than LF.
func piecewise(nodes []*yaml.Node) bool {
	for _, c := range nodes {
		if c.HeadComment != "" || c.LineComment != "" || c.FootComment != "" {
			return false
		}
		if c.Kind == yaml.ScalarNode {
			v := c.Value
			if strings.HasSuffix(v, "\n") || strings.ContainsAny(v, "\r\u0085\u2028\u2029") {
				return false
			}
		}
		if !piecewise(c.Content) {
			return false
		}
	}
	return true
}
