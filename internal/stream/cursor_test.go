package stream

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/openova/envcontract/bench/streamgen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// cursorCases are streams whose documents the shared decoder of cursor.go
// could read differently from a decoder of their own: comments at the
// edges, kept block scalars, flow and quoted roots with trailing content,
// aliases across documents, directives, markers, odd line breaks.
var cursorCases = map[string]string{
	"helm":                     helmStream,
	"helm crlf":                strings.ReplaceAll(helmStream, "\n", "\r\n"),
	"lone cr":                  "a: 1\r---\rb: 2\r# c\r---\rc: [1,\r  2]\r",
	"comments at every edge":   "# head\n\n# head 2\na: 1 # line\n# foot\n\n# after\n---\n\n# h\nb:\n  - x # l\n  # foot of x\n# foot of b\n---\n# only head\nc: d\n",
	"comment before document":  "# top\n---\n# h\na: 1\n",
	"kept block at end":        "a: |+\n  x\n\n\n---\nb: >+\n  y\n\n---\nc: |-\n  z\n\n",
	"block at end, no newline": "a: |+\n  x\n---\nb: |+\n  y",
	"folded and literal":       "a: >\n  one\n  two\n\n  three\nb: |\n  ---x\n  ...y\n---\nc: d\n",
	"trailing after flow":      "a: 1\n---\n[a]\nb\n---\nc: 2\n",
	"trailing after map":       "{a: 1}\nb: 2\n---\nc: 3\n",
	"trailing after quoted":    "\"q\"\nb: 2\n---\nc: 3\n",
	"trailing comment flow":    "[a] # c\n# d\n---\n{b: c}\n",
	"alias across documents":   "a: &x 1\n---\nb: *x\n---\nc: &x 2\nd: *x\n",
	"alias redefined later":    "a: &x 1\n---\nb: *x\nc: &x 2\n---\ne: 1\n",
	"alias within":             "a: &x {k: v}\nb: *x\nc: &x [1]\nd: *x\n---\n<<: &m {a: 1}\nb: *m\n",
	"recursive alias":          "a: &x [*x]\n---\nb: 1\n",
	"duplicate key":            "a: 1\n---\nb: 1\nb: 2\n---\nc: 1\n",
	"directives":               "a: 1\n...\n%YAML 1.1\n---\nb: 2\n---\nc: 3\n",
	"directive after end":      "a: 1\n...\n%YAML 1.1\n",
	"end marker and comments":  "a: 1\n...\n# after\n---\nb: 2\n...\n",
	"bare document after end":  "a: 1\n...\nb: 2\n---\nc: 3\n",
	"percent in values":        "a: 100%\nb: \"%x\"\n---\nc: 1\n",
	"percent at line start":    "a: |\n  x\n%x\n---\nb: 1\n",
	"unicode break":            "a: 1\u2028---\u2028b: 2\n---\nc: 3\n",
	"bom in a body":            "a: 1\n---\n\ufeffb: 2\n---\nc: 3\n",
	"unterminated quote":       "a: \"x\n---\nb: 1\n",
	"unclosed flow":            "a: [1, 2\n---\nb: 1\n",
	"bad indentation":          "a:\n  b: 1\n c: 2\n---\nd: 1\n",
	"tab indentation":          "a:\n\tb: 1\n---\nc: 1\n",
	"invalid utf-8":            "a: 1\n---\nb: \xff\n---\nc: 1\n",
	"utf-16 bom":               "a: 1\n---\n\xff\xfeb\x00:\x00\n\x00---\nc: 1\n",
	"control character":        "a: 1\n---\nb: \x01\n---\nc: 1\n",
	"scalar roots":             "plain\n  text\n---\n'single\n\n  quoted'\n---\n\"dq \\\n  x\"\n---\n~\n---\n!!binary aGk=\n",
	"tags and anchors on root": "&r !!map\na: 1\n---\n!t\n- 1\n---\n&s x\n",
	"sequence roots":           "- a\n- b: c\n  d: e\n---\n  - indented\n  - root\n",
	"empty documents between":  "---\n# Source: a.yaml\n---\n\n---\na: 1\n---\n...\n---\nb: 2\n",
	"no final line break":      "a: 1\n---\nb: 2",
	"document marker at end":   "a: 1\n---",
	"deep nesting":             "a:\n  b:\n    c:\n      - d:\n          e: [f, {g: h}]\n",
	"comment-only tail":        "a: 1\n---\nb: 2\n---\n# only a comment\n",
}

func TestCursorAgreesWithDecodingAlone(t *testing.T) {
	for name, in := range cursorCases {
		t.Run(name, func(t *testing.T) { checkCursor(t, []byte(in)) })
	}
}

func FuzzCursor(f *testing.F) {
	for _, in := range cursorCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkCursor(t, data) })
}

// checkCursor parses every document of data in order (through the shared
// decoder), then every other document of a fresh split in reverse (never
// through it), and compares both with decoding each document alone: same
// tree, comments and positions included, or the same error text.
func checkCursor(t *testing.T, data []byte) {
	t.Helper()
	inOrder, err := Split(data)
	if err != nil {
		return // Split's own errors are FuzzSplit's business
	}
	reversed, err := Split(data)
	require.NoError(t, err)
	for i := len(reversed.Docs) - 1; i >= 0; i -= 2 {
		requireSameParse(t, reversed.Docs[i])
	}
	for _, d := range inOrder.Docs {
		requireSameParse(t, d)
	}
}

func requireSameParse(t *testing.T, d *Document) {
	t.Helper()
	got, gotErr := d.Parse()
	var want *yaml.Node
	var wantErr error
	if !d.IsEmpty() {
		want, wantErr = d.parseAlone()
	}
	if wantErr != nil || gotErr != nil {
		require.Errorf(t, gotErr, "document %d: decoding it alone fails with %v", d.Index, wantErr)
		require.Errorf(t, wantErr, "document %d: Parse fails with %v, decoding it alone does not", d.Index, gotErr)
		require.Equalf(t, wantErr.Error(), gotErr.Error(), "document %d", d.Index)
		return
	}
	require.Equalf(t, dumpNode(want), dumpNode(got), "document %d: %q", d.Index, d.Body)
}

// dumpNode writes every field of a tree; an alias by the path of its target.
func dumpNode(n *yaml.Node) string {
	if n == nil {
		return "<nil>"
	}
	paths := map[*yaml.Node]string{}
	var b strings.Builder
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		paths[n] = path
		target := ""
		if n.Alias != nil {
			target = paths[n.Alias]
			if target == "" {
				target = "outside"
			}
		}
		fmt.Fprintf(&b, "%s kind=%d style=%d tag=%q value=%q anchor=%q alias=%s at=%d:%d head=%q line=%q foot=%q\n",
			path, n.Kind, n.Style, n.Tag, n.Value, n.Anchor, target, n.Line, n.Column, n.HeadComment, n.LineComment, n.FootComment)
		for i, c := range n.Content {
			walk(c, fmt.Sprintf("%s/%d", path, i))
		}
	}
	walk(n, "")
	return b.String()
}

// The shared decoder must really serve a plain stream, across windows:
// every document but the comment-only one comes from it.
func TestCursorServesAPlainStream(t *testing.T) {
	n := 2*window + 100
	data := append(streamgen.Bytes(n), "---\n# Source: empty.yaml\n"...)
	s, err := Split(data)
	require.NoError(t, err)
	var mcp *yaml.Node
	for _, d := range s.Docs {
		node, err := d.Parse()
		require.NoError(t, err)
		if d.Index < n {
			require.NotNil(t, node)
		}
		if d.Index == 50 {
			mcp = node
		}
	}
	assert.Equal(t, n, s.cur.served, "documents the shared decoder handed out")
	assert.True(t, s.cur.done)

	// Node lines count from the first line of Body, as documented, and
	// StreamLine finds them in the stream.
	require.Equal(t, streamgen.MCP, streamgen.KindOf(50))
	kind := mcp.Content[0].Content[2]
	require.Equal(t, "kind", kind.Value)
	assert.Equal(t, 3, kind.Line, "# Source:, apiVersion, kind")
	lines := strings.Split(string(data), "\n")
	at := s.Docs[50].StreamLine(kind.Line)
	assert.Equal(t, "kind: Deployment", lines[at-1])
	assert.Equal(t, "---", lines[at-4])
}

func TestCursorFallsBack(t *testing.T) {
	tests := map[string]struct {
		in      string
		doc     int
		errText string // empty: the document parses
	}{
		"trailing content after a flow root": {
			in: "a: 1\n---\n[a]\nb\n---\nc: 2\n", doc: 1,
			errText: "document 1, line 3: invalid YAML after the document: did not find expected <document start>",
		},
		"alias into an earlier document": {
			in: "a: &x 1\n---\nb: *x\n", doc: 1,
			errText: "document 1, line 3: invalid YAML: unknown anchor 'x' referenced",
		},
		"the document after an error": {in: "a: \"x\n---\nb: 1\n", doc: 1},
		"trailing content in a later window": {
			in: string(streamgen.Bytes(window+10)) + "---\n{a: 1}\nb: 2\n---\nc: 3\n", doc: window + 10,
			errText: fmt.Sprintf("document %d, line %d: invalid YAML after the document: did not find expected <document start>",
				window+10, strings.Count(string(streamgen.Bytes(window+10)), "\n")+2),
		},
		"duplicate key": {
			in: "a: 1\n---\nb: 1\nb: 2\n", doc: 1,
			errText: `document 1, line 4: duplicate mapping key "b" (first at line 3); keep one of them`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := Split([]byte(tc.in))
			require.NoError(t, err)
			var got error
			for _, d := range s.Docs[:tc.doc+1] {
				_, got = d.Parse()
			}
			if tc.errText == "" {
				require.NoError(t, got)
				return
			}
			require.EqualError(t, got, tc.errText)
		})
	}
}

// Parse may be called from several goroutines; each call returns a tree of
// its own.
func TestCursorConcurrentParse(t *testing.T) {
	s, err := Split(streamgen.Bytes(200))
	require.NoError(t, err)
	want := make([]string, len(s.Docs))
	for i, d := range s.Docs {
		n, err := d.parseAlone()
		require.NoError(t, err)
		want[i] = dumpNode(n)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(s.Docs))
	for range 4 {
		wg.Go(func() {
			for i, d := range s.Docs {
				n, err := d.Parse()
				if err != nil || dumpNode(n) != want[i] {
					errs <- fmt.Sprintf("document %d: %v", i, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// Every combination of comments and blank lines before and after a few
// kinds of root node, with the document first, in the middle and last.
func TestCursorCommentLayouts(t *testing.T) {
	leads := []string{"", "# c\n", "# c1\n# c2\n", "\n", "\n\n# c\n", "# c\n\n", "  # c\n", "# c\n\n# d\n"}
	roots := []string{
		"a: 1\n", "a:\n  b: 1\n", "- 1\n- 2\n", "[1, 2]\n", "{a: 1}\n", "x\n", "\"q\"\n", "00\n",
		"a: |\n  x\n", "a: >+\n  x\n\n", "a:\n- 1\n- 2\n", "a: 1 # lc\nb: 2\n",
		"a:\n  # mid\n  b: 1\n  # foot b\nc: 2\n", "a: &x 1\nb: *x\n", "a:\n  - b: 1\n    # in item\n  - c\n",
		"a: [1, # in flow\n  2]\n", "a: 1\n\n\nb: 2\n",
	}
	tails := []string{"", "\n", "# t\n", "\n# t\n", "  # t\n", "# t\n\n", "    # deep\n"}
	for _, lead := range leads {
		for _, root := range roots {
			for _, tail := range tails {
				doc := lead + root + tail
				for _, in := range []string{doc + "---\np: 1\n", "p: 1\n---\n" + doc + "---\nq: 2\n", "p: 1\n---\n" + doc} {
					if t.Failed() {
						return
					}
					checkCursor(t, []byte(in))
				}
			}
		}
	}
}

// Odd documents around the window boundaries of a long stream; the shared
// decoder must still serve the plain ones after them.
func TestCursorWindows(t *testing.T) {
	odd := []string{
		cursorCases["comments at every edge"], cursorCases["directives"], cursorCases["kept block at end"],
		cursorCases["alias within"], cursorCases["empty documents between"], cursorCases["scalar roots"],
		cursorCases["end marker and comments"], cursorCases["percent in values"],
	}
	plain, err := Split(streamgen.Bytes(3*window + 5))
	require.NoError(t, err)
	var b strings.Builder
	for i, d := range plain.Docs {
		if i%window == window-1 || i%window == 0 || i%window == 1 {
			b.WriteString("---\n" + odd[i%len(odd)])
			continue
		}
		b.Write(d.Head)
		b.Write(d.Body)
	}
	checkCursor(t, []byte(b.String()))

	s, err := Split([]byte(b.String()))
	require.NoError(t, err)
	for _, d := range s.Docs {
		_, err := d.Parse()
		require.NoError(t, err)
	}
	assert.Greater(t, s.cur.served, 3*window-10, "the plain documents of every window")
}
