package stream

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// DefaultMaxBytes is the input limit when --max-input-bytes is not given.
const DefaultMaxBytes int64 = 256 << 20

// Sentinel errors. Errors about a document are *Error values that wrap one
// of these (or yamlnode.ErrDuplicateKey), so errors.Is matches them.
var (
	// ErrTooLarge: Read got more bytes than its limit.
	ErrTooLarge = errors.New("input too large")
	// ErrNotRegular: ReadFile was given a FIFO, device, socket or directory.
	ErrNotRegular = errors.New("not a regular file")
	// ErrSeparatorContent: a "---" or "..." line at column 0 carries content;
	// YAML readers disagree on where such a document starts, so it is refused.
	ErrSeparatorContent = errors.New("content on a document marker line")
	// ErrInvalidYAML: yaml.v3 cannot parse a document.
	ErrInvalidYAML = errors.New("invalid YAML")
	// ErrHiddenDocument: yaml.v3 finds a second document in one Body, behind a
	// line break this package does not split at (U+0085, U+2028, U+2029).
	ErrHiddenDocument = errors.New("second YAML document without a \"---\" line of its own")
	// ErrReplace: Replace could not encode a node, or its output does not
	// read back as the same tree and the same single document.
	ErrReplace = errors.New("cannot re-encode document")
)

// maxSplitErrors bounds how many bad marker lines Split reports, so that a
// hostile input cannot make the error message as large as itself.
const maxSplitErrors = 10

var bom = []byte("\xef\xbb\xbf")

// Error is a failure located in the stream.
type Error struct {
	Doc    int    // 0-based index of the document
	Line   int    // 1-based line in the whole stream; 0 when unknown
	Source string // Helm's "# Source:" path of the document, if it has one
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("document ")
	b.WriteString(strconv.Itoa(e.Doc))
	if e.Source != "" {
		b.WriteString(" (" + e.Source + ")")
	}
	if e.Line > 0 {
		b.WriteString(", line " + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Stream is a split multi-document YAML stream.
type Stream struct {
	BOM bool // input began with a UTF-8 BOM; kept on output
	// Break is the stream's first line break: "\n", "\r\n" or a lone "\r"
	// ("" when it has none). Re-encoded documents use it too, so that an
	// edit never mixes line endings.
	Break string
	Docs  []*Document

	data []byte // the input after the BOM; Head and Body slice it
	cur  cursor // Parse's shared decoder (cursor.go)

	flushed int  // Docs before this one were written by Flush
	bomOut  bool // Flush wrote the BOM
	textOut bool // Flush wrote more than white space
}

// Split cuts data into documents (see the package comment for the rules).
// It copies nothing: Head and Body of each document are sub-slices of data,
// which must not change while the Stream is in use.
func Split(data []byte) (*Stream, error) {
	s := &Stream{}
	if bytes.HasPrefix(data, bom) {
		s.BOM = true
		data = data[len(bom):]
	}
	s.data = data
	sp := splitter{s: s, data: data, state: atStart, dirAt: -1, bodyLine: 1, headLine: 1}
	// Most "---" lines open a document: room for them all saves growing a
	// slice of 20,000 Documents step by step.
	sp.docs = make([]Document, 0, bytes.Count(data, []byte("\n---"))+1)
	nl, cr, line, sawBreak := -1, -1, 1, false
	for pos := 0; pos < len(data); line++ {
		// Cache the next LF and CR so that a file of lone CRs (or of no
		// CRs) costs one scan, not one per line.
		if nl < pos {
			nl = indexFrom(data, pos, '\n')
		}
		if cr < pos {
			cr = indexFrom(data, pos, '\r')
		}
		end := min(nl, cr)
		next := end
		if end < len(data) {
			next++
			if data[end] == '\r' && next < len(data) && data[next] == '\n' {
				next++
			}
			if !sawBreak {
				sawBreak, s.Break = true, string(data[end:next])
			}
		}
		if !sp.line(pos, end, next, line) {
			break
		}
		pos = next
	}
	sp.close(len(data))
	if len(sp.errs) > 0 {
		return nil, errors.Join(sp.errs...)
	}
	s.Docs = make([]*Document, len(sp.docs))
	for i := range sp.docs {
		s.Docs[i] = &sp.docs[i]
	}
	return s, nil
}

func indexFrom(b []byte, from int, c byte) int {
	if i := bytes.IndexByte(b[from:], c); i >= 0 {
		return from + i
	}
	return len(b)
}

// Splitter states: where the current line is relative to document content.
const (
	inDoc    = iota // inside a document's content
	atStart         // stream start: only blank and comment lines so far
	afterEnd        // after a "..." line: only blank, comment and "..." lines since
)

type splitter struct {
	s     *Stream
	data  []byte
	docs  []Document
	errs  []error
	state int

	// The current document: offsets of its Head (== body when it has none:
	// the text before the first "---", or a bare document after "...") and
	// of its Body; whether its Head holds directives; whether a "..." line
	// ended it.
	start, body, bodyLine, headLine int
	directives, ended, hasHead      bool

	afterEndAt, afterEndLine int // first line after the last "..." line
	dirAt, dirLine           int // first directive line waiting for "---"; dirAt -1 when none
}

// line handles data[pos:end], whose line break ends at next. It returns
// false to stop splitting.
func (sp *splitter) line(pos, end, next, line int) bool {
	b := sp.data[pos:end]
	if sp.state == inDoc && (len(b) < 3 || (b[0] != '-' && b[0] != '.')) {
		return true // the common case: content; only markers matter here
	}
	switch classify(b) {
	case kStart:
		headAt, headLine := pos, line
		if sp.dirAt >= 0 {
			headAt, headLine = sp.dirAt, sp.dirLine
		}
		closed := len(sp.docs)
		sp.close(headAt)
		if sp.dirAt >= 0 && len(sp.docs) > closed { // whatever replaces it must end with "..."
			sp.docs[closed].needEnd = true
		}
		sp.start, sp.body, sp.bodyLine, sp.headLine = headAt, next, line+1, headLine
		sp.directives, sp.ended, sp.hasHead = sp.dirAt >= 0, false, true
		sp.state, sp.dirAt = inDoc, -1
	case kEnd:
		sp.ended = true
		sp.state, sp.dirAt = afterEnd, -1
		sp.afterEndAt, sp.afterEndLine = next, line+1
	case kBadStart, kBadEnd:
		marker := string(b[:3])
		sp.errs = append(sp.errs, &Error{
			Doc: len(sp.docs), Line: line, Source: sourceOf(sp.data[sp.body:pos]),
			Err: fmt.Errorf("%w: %q is followed by content; move the content to the next line", ErrSeparatorContent, marker),
		})
		sp.state = inDoc
		return len(sp.errs) < maxSplitErrors
	case kDirective:
		if sp.state != inDoc && sp.dirAt < 0 {
			sp.dirAt, sp.dirLine = pos, line
		}
	case kBlank, kComment:
	default: // content
		if sp.state == afterEnd { // YAML's bare document after "..."
			sp.close(sp.afterEndAt)
			sp.start, sp.body, sp.bodyLine, sp.headLine = sp.afterEndAt, sp.afterEndAt, sp.afterEndLine, sp.afterEndLine
			sp.directives, sp.ended, sp.hasHead = false, false, false
		}
		sp.state, sp.dirAt = inDoc, -1
	}
	return true
}

// close ends the current document at offset end and records it. The text
// before the first "---" is a document only when there is some.
func (sp *splitter) close(end int) {
	if !sp.hasHead && end == sp.start {
		return
	}
	d := Document{
		Index: len(sp.docs), Line: sp.bodyLine,
		Body: sp.data[sp.body:end:end],
		s:    sp.s, start: sp.start, body: sp.body, end: end, needEnd: sp.ended,
		src: sp.data[sp.body:end:end], srcLine: sp.bodyLine,
	}
	if sp.hasHead {
		d.Head = sp.data[sp.start:sp.body:sp.body]
	}
	if sp.directives { // %TAG handles are needed to read the Body
		d.src, d.srcLine = sp.data[sp.start:end:end], sp.headLine
	}
	sp.docs = append(sp.docs, d)
}

type lineKind int

const (
	kContent   lineKind = iota
	kBlank              // spaces and tabs only
	kComment            // a comment, maybe indented
	kDirective          // %YAML, %TAG or another directive
	kStart              // "---", maybe with a comment
	kEnd                // "...", maybe with a comment
	kBadStart           // "---" and content
	kBadEnd             // "..." and content
)

// classify tells what a line (without its line break) is to the splitter.
// A marker is three dashes or dots at column 0 followed by a blank or the
// end of the line, exactly as yaml.v3 reads one.
func classify(b []byte) lineKind {
	if len(b) >= 3 {
		if m := b[0]; (m == '-' || m == '.') && b[1] == m && b[2] == m && (len(b) == 3 || b[3] == ' ' || b[3] == '\t') {
			rest := bytes.TrimLeft(b[3:], " \t")
			ok := len(rest) == 0 || rest[0] == '#'
			switch {
			case m == '-' && ok:
				return kStart
			case m == '-':
				return kBadStart
			case ok:
				return kEnd
			default:
				return kBadEnd
			}
		}
	}
	if len(b) > 0 && b[0] == '%' {
		return kDirective
	}
	rest := bytes.TrimLeft(b, " \t")
	switch {
	case len(rest) == 0:
		return kBlank
	case rest[0] == '#':
		return kComment
	}
	return kContent
}

// nextLine returns the first line of b without its line break (LF, CRLF or
// CR) and the rest after the break.
func nextLine(b []byte) (line, rest []byte) {
	i := bytes.IndexAny(b, "\r\n")
	if i < 0 {
		return b, nil
	}
	j := i + 1
	if b[i] == '\r' && j < len(b) && b[j] == '\n' {
		j++
	}
	return b[:i], b[j:]
}

// sourceOf returns the path of a Helm 3 "# Source: path" comment among the
// comment lines at the top of b, else "".
func sourceOf(b []byte) string {
	for len(b) > 0 {
		var line []byte
		line, b = nextLine(b)
		switch classify(line) {
		case kBlank:
		case kComment:
			c := bytes.TrimSpace(bytes.TrimLeft(line, " \t")[1:])
			if p, ok := bytes.CutPrefix(c, []byte("Source:")); ok {
				return string(bytes.TrimSpace(p))
			}
		default:
			return ""
		}
	}
	return ""
}
