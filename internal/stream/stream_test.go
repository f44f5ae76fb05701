package stream

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helmStream has what Helm 3 and hand-written charts put in a stream and
// what kyaml's ByteReader/ByteWriter would change: the leading "---",
// "# Source:" comments, a comment-only document, compact and indented
// sequences, folded and literal scalars, "annotations: {}", trailing
// whitespace, and no final line break.
const helmStream = `---
# Source: chart/templates/empty.yaml
# rendered to nothing
---
# Source: chart/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm   
  annotations: {}
data:
  folded: >
    one long line
    folded here

    second paragraph
  literal: |-
    keep
      these lines
---
# Source: chart/templates/deploy.yaml
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
      - name: mcp
        args:
          - --flag
          - "quoted"   # comment
        env: [{name: A, value: "1"}]
... # end of deployment
# after the end marker
---	# tab before the comment
key: value
list:
- a
-   b
tail: no final newline`

func TestSplitJoinIsByteIdentical(t *testing.T) {
	tests := map[string]string{
		"helm stream":       helmStream,
		"crlf":              strings.ReplaceAll(helmStream, "\n", "\r\n"),
		"lone cr":           strings.ReplaceAll(helmStream, "\n", "\r"),
		"bom":               "\ufeff" + helmStream,
		"final newline":     helmStream + "\n",
		"empty":             "",
		"only separators":   "---\n---\n",
		"no separator":      "a: 1\n",
		"blank prefix":      "\n\n---\na: 1\n",
		"directives":        "%YAML 1.1\n---\na: 1\n...\n%TAG !e! tag:e.com,2000:\n--- # c\nb: !e!x 2\n",
		"bare after end":    "a: 1\n...\n# c\nb: 2\n",
		"mixed line breaks": "a: 1\r\n---\nb: 2\r---\r\nc: 3",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := Split([]byte(in))
			require.NoError(t, err)
			var joined []byte
			if s.BOM {
				joined = append(joined, bom...)
			}
			for _, d := range s.Docs {
				joined = append(joined, d.Head...)
				joined = append(joined, d.Body...)
			}
			assert.Equal(t, in, string(joined), "Head+Body")
			assert.Equal(t, in, string(s.Bytes()), "Bytes")
			var buf bytes.Buffer
			n, err := s.WriteTo(&buf)
			require.NoError(t, err)
			assert.Equal(t, int64(len(in)), n)
			assert.Equal(t, in, buf.String(), "WriteTo")
		})
	}
}

// doc is what a test expects of one document.
type doc struct {
	Head, Body string
	Line       int
}

func docsOf(s *Stream) []doc {
	out := make([]doc, 0, len(s.Docs))
	for i, d := range s.Docs {
		if d.Index != i {
			panic("index out of order")
		}
		out = append(out, doc{string(d.Head), string(d.Body), d.Line})
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := map[string]struct {
		in   string
		want []doc
	}{
		"helm 3 output": {
			in:   "---\n# Source: c/a.yaml\na: 1\n---\n# Source: c/b.yaml\n",
			want: []doc{{"---\n", "# Source: c/a.yaml\na: 1\n", 2}, {"---\n", "# Source: c/b.yaml\n", 5}},
		},
		"no leading separator": {
			in:   "a: 1\n---\nb: 2\n",
			want: []doc{{"", "a: 1\n", 1}, {"---\n", "b: 2\n", 3}},
		},
		"comment before the first separator is a document": {
			in:   "# header\n---\na: 1\n",
			want: []doc{{"", "# header\n", 1}, {"---\n", "a: 1\n", 3}},
		},
		"separator with blanks and comment": {
			in:   "--- # first\na: 1\n---\t \nb: 2\n---  #x\n",
			want: []doc{{"--- # first\n", "a: 1\n", 2}, {"---\t \n", "b: 2\n", 4}, {"---  #x\n", "", 6}},
		},
		"indented --- in a block scalar is content": {
			in:   "a: |\n  ---\n  x\n---\nb: 1\n",
			want: []doc{{"", "a: |\n  ---\n  x\n", 1}, {"---\n", "b: 1\n", 5}},
		},
		"--- at column 0 ends a block scalar, as in YAML": {
			in:   "a: |\n  x\n---\n  y\n",
			want: []doc{{"", "a: |\n  x\n", 1}, {"---\n", "  y\n", 4}},
		},
		"not separators: ----, ---x, --, -- -": {
			in:   "----\n---x\n--\n-- -\n- a\n",
			want: []doc{{"", "----\n---x\n--\n-- -\n- a\n", 1}},
		},
		"end marker keeps what follows up to the next separator": {
			in:   "a: 1\n... # end\n# trailing\n\n...\n---\nb: 2\n",
			want: []doc{{"", "a: 1\n... # end\n# trailing\n\n...\n", 1}, {"---\n", "b: 2\n", 7}},
		},
		"content after end marker starts a bare document with its comments": {
			in:   "a: 1\n...\n# Source: x\nb: 2\n---\nc: 3\n",
			want: []doc{{"", "a: 1\n...\n", 1}, {"", "# Source: x\nb: 2\n", 3}, {"---\n", "c: 3\n", 6}},
		},
		"...x is not an end marker": {
			in:   "a: |\n...x\n",
			want: []doc{{"", "a: |\n...x\n", 1}},
		},
		"directives belong to the next document": {
			in: "# c\n%YAML 1.1\n%TAG !e! tag:e.com,2000:\n---\na: 1\n",
			want: []doc{
				{"", "# c\n", 1},
				{"%YAML 1.1\n%TAG !e! tag:e.com,2000:\n---\n", "a: 1\n", 5},
			},
		},
		"directives after an end marker": {
			in:   "a: 1\n...\n%TAG !e! tag:e.com,2000:\n# between\n---\nb: 2\n",
			want: []doc{{"", "a: 1\n...\n", 1}, {"%TAG !e! tag:e.com,2000:\n# between\n---\n", "b: 2\n", 6}},
		},
		"% inside a document is content": {
			in:   "a: 1\n%YAML 1.1\n---\nb: 2\n",
			want: []doc{{"", "a: 1\n%YAML 1.1\n", 1}, {"---\n", "b: 2\n", 4}},
		},
		"crlf": {
			in:   "---\r\na: 1\r\n---\r\nb: 2\r\n",
			want: []doc{{"---\r\n", "a: 1\r\n", 2}, {"---\r\n", "b: 2\r\n", 4}},
		},
		"lone cr is a line break": {
			in:   "a: 1\r---\rb: 2\r",
			want: []doc{{"", "a: 1\r", 1}, {"---\r", "b: 2\r", 3}},
		},
		"separator at the end without line break": {
			in:   "a: 1\n---",
			want: []doc{{"", "a: 1\n", 1}, {"---", "", 3}},
		},
		"no final line break": {
			in:   "---\na: 1\n---\nb: 2",
			want: []doc{{"---\n", "a: 1\n", 2}, {"---\n", "b: 2", 4}},
		},
		"empty documents": {
			in:   "---\n---\n",
			want: []doc{{"---\n", "", 2}, {"---\n", "", 3}},
		},
		"empty input": {in: "", want: []doc{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := Split([]byte(tc.in))
			require.NoError(t, err)
			assert.Equal(t, tc.want, docsOf(s))
		})
	}
}

func TestSplitHeadIsNilWithoutSeparator(t *testing.T) {
	s, err := Split([]byte("a: 1\n...\nb: 2\n"))
	require.NoError(t, err)
	require.Len(t, s.Docs, 2)
	assert.Nil(t, s.Docs[0].Head)
	assert.Nil(t, s.Docs[1].Head)
}

func TestSplitBOMAndLineBreak(t *testing.T) {
	tests := map[string]struct {
		in  string
		bom bool
		brk string
	}{
		"plain":             {"a: 1\n", false, "\n"},
		"bom":               {"\ufeff---\na: 1\n", true, "\n"},
		"crlf":              {"a: 1\r\nb: 2\n", false, "\r\n"},
		"first break rules": {"a: 1\nb: 2\r\n", false, "\n"},
		"lone cr":           {"a: 1\rb: 2\r", false, "\r"},
		"bom and crlf":      {"\ufeffa: 1\r\n", true, "\r\n"},
		"no break":          {"a: 1", false, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := Split([]byte(tc.in))
			require.NoError(t, err)
			assert.Equal(t, tc.bom, s.BOM, "BOM")
			assert.Equal(t, tc.brk, s.Break, "line break")
			require.NotEmpty(t, s.Docs)
			assert.NotContains(t, string(s.Docs[0].Head)+string(s.Docs[0].Body), "\ufeff")
		})
	}
}

func TestSplitRejectsContentOnMarkerLines(t *testing.T) {
	tests := map[string]struct {
		in   string
		want string
	}{
		"mapping":      {"a: 1\n--- b: 2\n", `document 0, line 2: content on a document marker line: "---" is followed by content`},
		"block scalar": {"--- |\n  text\n", `document 0, line 1: content on a document marker line: "---" is followed by content`},
		"tag":          {"---\na: 1\n--- !!map\nb: 2\n", `document 0, line 3:`},
		"flow":         {"---\t[]\n", `line 1:`},
		"end marker":   {"---\n# Source: c/t.yaml\na: 1\n... b\n", `document 0 (c/t.yaml), line 4: content on a document marker line: "..." is followed by content`},
		"crlf":         {"a: 1\r\n--- x\r\n", `document 0, line 2:`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := Split([]byte(tc.in))
			require.ErrorIs(t, err, ErrSeparatorContent)
			assert.Nil(t, s)
			assert.Contains(t, err.Error(), tc.want)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Positive(t, e.Line)
		})
	}
}

func TestSplitReportsEveryBadMarkerUpToALimit(t *testing.T) {
	_, err := Split([]byte("--- a\n---\nb: 1\n--- c\n"))
	require.ErrorIs(t, err, ErrSeparatorContent)
	assert.Contains(t, err.Error(), "document 0, line 1:")
	assert.Contains(t, err.Error(), "document 1, line 4:")

	_, err = Split([]byte(strings.Repeat("--- x\n", 100)))
	require.Error(t, err)
	assert.Equal(t, maxSplitErrors, strings.Count(err.Error(), "\n")+1)
}

func TestSplitErrorHidesLineContent(t *testing.T) {
	_, err := Split([]byte("--- password: hunter2\n"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
}

func TestSplitDoesNotCopy(t *testing.T) {
	in := []byte("---\na: 1\n---\nb: 2\n")
	s, err := Split(in)
	require.NoError(t, err)
	require.Len(t, s.Docs, 2)
	assert.Same(t, &in[4], &s.Docs[0].Body[0])
	assert.Same(t, &in[9], &s.Docs[1].Head[0])
	// A caller's append must not overwrite the next document.
	_ = append(s.Docs[0].Body, "x: 9\n"...)
	assert.Equal(t, "---\nb: 2\n", string(in[9:]))
}
