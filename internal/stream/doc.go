// Package stream splits a multi-document YAML stream into documents that keep
// their exact bytes, and joins them back.
//
// envcontract is a Helm post-renderer: every document that no contract rule
// touches must leave byte-for-byte as it came. kyaml's kio.ByteReader →
// ByteWriter round trip cannot do that: it drops the leading "---" and
// comment-only documents, re-indents sequences, re-flows folded scalars and
// deletes empty "annotations: {}". A single yaml.v3 Encoder over a whole stream
// also grows without bound (1.4 GB at 5,000 documents). So this package splits
// the stream itself, hands out one document at a time, and re-encodes only the
// documents a caller replaced, each with an encoder of its own.
//
// # Reading
//
// Read reads the input with a size limit (--max-input-bytes): a regular file
// into one buffer of its size, a pipe in doubling chunks joined once. Split
// cuts the bytes into Documents in one pass, without copying: Head and Body
// are sub-slices of the input. Joining every Head and Body (after the BOM)
// reproduces the input exactly; WriteTo and Bytes do that, writing runs of
// untouched documents as single slices (and growing a bytes.Buffer to Len
// first).
//
// Document boundaries follow YAML: a line that starts at column 0 with "---"
// followed by nothing, or by blanks and an optional "# comment", opens a
// document; it becomes the Head of that document. "---" followed by content
// ("--- |", "--- !!map", "--- a: b") is refused with ErrSeparatorContent
// rather than split by one reader and parsed differently by another; so is
// "..." followed by content. A "---" that is indented (in a block scalar, say)
// is not a separator; YAML forbids one at column 0 inside any content, so
// column 0 is the whole rule. Line breaks are LF, CRLF and a lone CR, as in
// YAML 1.2.
//
// A "..." line at column 0 ends a document and stays in its Body, with the
// comment and blank lines after it. The first other line after "..." starts
// a new document without a Head (YAML's bare document), which takes the
// comments between the marker and it. %YAML and %TAG directive lines at the
// start of the stream or after "..." belong to the document the next "---"
// opens: they start its Head, and Parse reads them with the Body. Text
// before the first "---" is document 0, with a nil Head, when there is any.
//
// # Parsing and replacing
//
// Document.Parse decodes a Body into a yaml.Node, rejects duplicate mapping
// keys (yamlnode.CheckKeys), never expands aliases, and reports errors as
// *Error with the document index and a line of the whole stream. yaml.v3 also
// breaks lines at U+0085, U+2028 and U+2029, which this package does not; a
// document that yaml.v3 would find hidden behind one of those is refused with
// ErrHiddenDocument instead of being read in part. yaml.v3 accepts only
// "%YAML 1.1"; a "%YAML 1.2" directive fails with ErrInvalidYAML.
//
// Parse reads each document as if it were alone, but not with a decoder of
// its own when it can help it: a yaml.v3 decoder costs about 7 KB before it
// reads a byte, a fifth of the decode time of a big Helm stream. Documents
// asked for in stream order are read through one shared decoder over a
// synthetic stream of "---" and their Bodies, windows of 512 at a time,
// when nothing in them reads differently there (cursor.go says what); the
// shared decoder never decides an error or a document it has doubts about:
// those are decoded alone, and that result is the one returned. FuzzCursor
// holds both ways equal, comments and positions included. Parse is safe for
// concurrent use and returns a new tree on every call.
//
// Document.Replace re-encodes a node with a new yaml.v3 encoder (indent 2,
// compact "- " sequences when the original wrote them so), keeps the Head,
// Helm's "# Source:" line and a "..." end marker (and writes one when the
// next Head holds directives, as YAML needs), uses CRLF when the stream
// does, and checks that the result parses back to an equal tree. What yaml.v3
// changes in a re-encoded document, checked against v3.0.5: comments may move
// (a comment after "..." becomes a foot comment before it; a comment on the
// "..." line is dropped), quoting and flow styles are kept, long strings are
// not wrapped (the encoder's line width is unlimited), literal scalars keep
// their lines unless a line ends in blanks (then yaml.v3 writes the string
// double-quoted, as libyaml does), and folded (">") scalars come out with
// each paragraph on one line, maybe with a blank line after the block:
// yaml.v3 keeps the folded value, not where the soft breaks were, so that
// re-flow is unavoidable. yaml.v3 v3.0.5 writes a
// kept folded block (">+") with trailing blank lines before another key with
// one blank line too many; Replace refuses that with ErrReplace.
//
// A block sequence of more than 256 items (a long env list) is written in
// pieces of 256 items spliced into the rest of the document: the bytes
// yaml.v3 writes for the whole document, without its emitter holding every
// event of it (pieces.go says when and why). Such a document is checked
// piece by piece, without a second tree of it.
package stream
