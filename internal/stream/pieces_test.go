package stream

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// samePieces asserts that encodePieces writes n as encode does, with
// pieces of one, two and three items, and leaves n as it was.
func samePieces(t *testing.T, n *yaml.Node, name string) {
	t.Helper()
	for _, compact := range []bool{false, true} {
		whole, err := encode(n, compact, 0)
		if err != nil {
			continue // then Replace fails either way
		}
		for per := 1; per <= 3; per++ {
			got, err := encodePieces(n, compact, per, 0)
			require.NoError(t, err, name)
			require.Equalf(t, string(whole), string(got.out), "%s: pieces of %d, compact %v", name, per, compact)
		}
		again, err := encode(n, compact, 0)
		require.NoError(t, err)
		require.Equal(t, string(whole), string(again), "%s: the tree changed", name)
	}
}

// TestPiecesAreWhole encodes every document of the identity suite's
// streams and of the fixtures both ways.
func TestPiecesAreWhole(t *testing.T) {
	var files []string
	for _, glob := range []string{"../../test/identity/testdata/streams/*.yaml", "../../fixtures/*/*.yaml", "../../fixtures/*/*/*.yaml", "../../fixtures/*/*/*/*.yaml"} {
		m, err := filepath.Glob(glob)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	docs := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		s, err := Split(data)
		if err != nil {
			continue
		}
		for _, d := range s.Docs {
			n, err := d.Parse()
			if err != nil || n == nil {
				continue
			}
			samePieces(t, n, f)
			docs++
		}
	}
	assert.Greater(t, docs, 100)
}

// TestPiecesLongEnvList is the case pieces are for: the output is encode's,
// and a sequence in pieces keeps its comments, anchor and tag.
func TestPiecesLongEnvList(t *testing.T) {
	var b strings.Builder
	b.WriteString("spec:\n  containers:\n  - name: app # the app\n    env: &e\n")
	for i := range 1000 {
		b.WriteString("    - name: V" + strings.Repeat("x", i%7) + "\n      value: \"" + strings.Repeat("1", i%5) + "\"\n")
	}
	b.WriteString("    # after env\n    image: x\n  sidecars: *e\nlist: !!seq\n- a\n- |-\n  b\n  c\n- {d: e}\n- [f]\n- - g\n  - h\n")
	n := parseOne(t, b.String())
	samePieces(t, n, "env list")
	e, err := encodePieces(n, true, 2, 0)
	require.NoError(t, err)
	assert.NotNil(t, e.skel, "written in pieces")
	var seqs []*yaml.Node
	collectLong(n, 2, &seqs)
	assert.Len(t, seqs, 2, "the env list and the tagged list, not the nested short ones")
}

// TestPiecesFallBack covers what is encoded whole: comments and kept line
// breaks in items, flow sequences, and a placeholder the document already
// holds.
func TestPiecesFallBack(t *testing.T) {
	for name, src := range map[string]string{
		"comment":      "a:\n- x\n# about y\n- y\n- z\n",
		"kept break":   "a:\n- x\n- |+\n  y\n\n- z\n",
		"last kept":    "a:\n- x\n- y\n- |+\n  z\n\n",
		"CR":           "a:\n- x\n- \"y\\rz\"\n- z\n",
		"flow":         "a: [x, y, z, w]\n",
		"in flow":      "a: {b: [x, y, z]}\n",
		"seq in seq":   "- - x\n  - y\n  - z\n",
		"mark present": "a:\n- x\n- y\n- z\nb: envcontract_piece_0_\n",
		"foot":         "a:\n- x\n- y\n- z\n# foot of a\nb: 1\n",
		"alias across": "a:\n- &x v\n- y\n- *x\n",
	} {
		samePieces(t, parseOne(t, src), name)
	}
}

func parseOne(t *testing.T, src string) *yaml.Node {
	t.Helper()
	n, _, err := decode([]byte(src), 1)
	require.NoError(t, err)
	return n
}

// FuzzPieces builds random trees, comments, styles, tags, anchors and
// awkward scalars included, and holds encodePieces to encode.
func FuzzPieces(f *testing.F) {
	for _, seed := range []string{"", "\x02\x05\x00\x00\x00\x00\x00", "\x01\x03\x02\x04\x00\x10\x00\x20\x00\x30", "\x02\x07\x01\x02\x00\x03\x08\x02\x03\x00\x09\x00\x0a"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &treeGen{b: data}
		n := g.node(0)
		samePieces(t, &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{n}}, "random tree")
	})
}

// treeGen makes a yaml.Node tree from fuzz bytes.
type treeGen struct {
	b       []byte
	anchors []string
}

func (g *treeGen) next() int {
	if len(g.b) == 0 {
		return 0
	}
	c := g.b[0]
	g.b = g.b[1:]
	return int(c)
}

var genScalars = []string{"a", "", "1", "true", "null", "x y", "a\nb", "a\n", "a\n\n", "\n", " lead", "trail ",
	"-", "#x", "a: b", "'q'", `"`, "é", "\xff", "a\r\nb", "...", "---", strings.Repeat("long ", 40), "a\tb",
	"x\u2028y", "~", "0777", "a\n  b\n", "- x", "? y", "[z]", "&a", "*b", "!t", "%", "@", "|", ">"}

func (g *treeGen) node(depth int) *yaml.Node {
	c := g.next()
	n := &yaml.Node{}
	switch {
	case depth > 4 || c%5 == 0:
		n.Kind, n.Tag = yaml.ScalarNode, "!!str"
		n.Value = genScalars[g.next()%len(genScalars)]
		n.Style = []yaml.Style{0, 0, yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle, yaml.LiteralStyle, yaml.FoldedStyle, yaml.TaggedStyle}[g.next()%7]
		if c%3 == 1 && n.Value == "1" {
			n.Tag = "!!int"
		}
	case c%5 == 1 || c%5 == 2:
		n.Kind = yaml.MappingNode
		for i := range g.next() % 6 {
			k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "k" + string(rune('a'+i))}
			if g.next()%9 == 1 {
				k.HeadComment = "# head"
			}
			n.Content = append(n.Content, k, g.node(depth+1))
		}
	case c%5 == 3:
		n.Kind = yaml.SequenceNode
		for range g.next() % 8 {
			n.Content = append(n.Content, g.node(depth+1))
		}
	default:
		if len(g.anchors) > 0 {
			n.Kind, n.Value = yaml.AliasNode, g.anchors[g.next()%len(g.anchors)]
			return n
		}
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!str", "plain"
	}
	if n.Kind != yaml.ScalarNode {
		switch g.next() % 8 {
		case 1:
			n.Style = yaml.FlowStyle
		case 2:
			n.Tag = "!custom"
		}
	}
	switch d := g.next(); d % 8 { // most nodes plain: comments keep a sequence whole
	case 1:
		n.HeadComment = "# head"
	case 2:
		n.LineComment = "# line"
	case 3:
		n.FootComment = "# foot"
	case 4:
		if n.Kind != yaml.AliasNode {
			n.Anchor = "a" + string(rune('0'+len(g.anchors)%10))
			g.anchors = append(g.anchors, n.Anchor)
		}
	}
	return n
}

// TestTreeGenMakesPieces checks that random trees take the path that
// matters: a sequence in pieces.
func TestTreeGenMakesPieces(t *testing.T) {
	data := []byte{3, 7}
	for range 7 {
		data = append(data, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	}
	n := (&treeGen{b: data}).node(0)
	var seqs []*yaml.Node
	collectLong(n, 1, &seqs)
	out, err := encode(n, false, 0)
	require.NoError(t, err)
	assert.NotEmpty(t, seqs, "%s", out)
}
