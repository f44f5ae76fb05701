package values

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
)

// FuzzValues reads arbitrary bytes as a -f values file, the way validate and
// render do, and checks in every run:
//
//   - yamlnode.ToJSON either fails with a located or budget error or gives
//     values that encoding/json can write, within its node budget;
//   - a file the loader refuses gets an error that names it and quotes no
//     value of it (values may be secrets);
//   - a file it accepts gives a position in that file, on one of its lines,
//     for every value;
//   - the values are normal: written as JSON and read again they are the
//     same values.
func FuzzValues(f *testing.F) {
	for _, seed := range valuesSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		node, nerr := yamlnode.Decode(data)
		// contract.Parse, ToJSON's caller, refuses alias cycles first: ToJSON
		// follows one until its budget runs out, seconds per input.
		if nerr == nil && node != nil && !aliasCycle(node, map[*kyaml.Node]bool{}) {
			checkToJSON(t, node)
		}

		l, err := load(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "<stdin>: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			if v := quotedValue(node, err.Error()); v != "" {
				t.Fatalf("error quotes the value %q: %v", v, err)
			}
			return
		}
		if nerr != nil {
			t.Fatalf("loaded values the node reader refuses: %v", nerr)
		}
		lines := lineCount(data)
		eachLeaf(l.Values, "", func(ptr string) {
			if ptr == "" {
				return // an empty file: no values, so no position to give
			}
			o, ok := l.Origin(ptr)
			if !ok || o.File != "<stdin>" || o.Line < 1 || o.Line > lines {
				t.Fatalf("%s: origin %+v (known %v), want a line of <stdin> in 1..%d", ptr, o, ok, lines)
			}
		})

		js, err := json.Marshal(l.Values)
		if err != nil {
			t.Fatalf("values have no JSON form: %v", err)
		}
		again, err := load(js)
		if err != nil {
			t.Fatalf("values written as JSON do not load: %v\n%s", err, js)
		}
		if !reflect.DeepEqual(l.Values, again.Values) {
			t.Fatalf("values change when read again:\n%#v\n%#v", l.Values, again.Values)
		}
	})
}

func load(data []byte) (*Loaded, error) {
	return LoadWithOrigins(Options{ValueFiles: []string{"-"}, Stdin: bytes.NewReader(data)})
}

func checkToJSON(t *testing.T, node *kyaml.Node) {
	t.Helper()
	v, err := yamlnode.ToJSON(node)
	if err != nil {
		if !errors.Is(err, yamlnode.ErrAliasBudget) && !errors.Is(err, yamlnode.ErrNotJSON) && !strings.HasPrefix(err.Error(), "line ") {
			t.Fatalf("ToJSON error without a line: %v", err)
		}
		return
	}
	if n := countNodes(v); n > yamlnode.MaxExpandedNodes {
		t.Fatalf("ToJSON made %d nodes, over its budget of %d", n, yamlnode.MaxExpandedNodes)
	}
	if _, err := json.Marshal(v); err != nil {
		t.Fatalf("ToJSON gave values encoding/json cannot write: %v", err)
	}
}

func aliasCycle(n *kyaml.Node, open map[*kyaml.Node]bool) bool {
	if n.Kind == kyaml.AliasNode {
		return open[n.Alias]
	}
	open[n] = true
	defer delete(open, n)
	for _, c := range n.Content {
		if aliasCycle(c, open) {
			return true
		}
	}
	return false
}

func countNodes(v any) int {
	n := 1
	switch x := v.(type) {
	case map[string]any:
		for _, c := range x {
			n += countNodes(c)
		}
	case []any:
		for _, c := range x {
			n += countNodes(c)
		}
	}
	return n
}

func eachLeaf(v any, ptr string, fn func(string)) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			fn(ptr)
		}
		for k, c := range x {
			eachLeaf(c, ptr+yamlnode.JoinPointer(k), fn)
		}
	case []any:
		if len(x) == 0 {
			fn(ptr)
		}
		for i, c := range x {
			eachLeaf(c, ptr+yamlnode.JoinPointer(strconv.Itoa(i)), fn)
		}
	default:
		fn(ptr)
	}
}

// lineCount counts lines as yaml.v3 does: LF, CR, CRLF, NEL, LS and PS
// break lines; a position may sit on the line after a final break.
func lineCount(data []byte) int {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return 1 + strings.Count(s, "\n") + strings.Count(s, "\r") +
		strings.Count(s, "\u0085") + strings.Count(s, "\u2028") + strings.Count(s, "\u2029")
}

// secretLike is what a fuzzed value must look like before its presence in an
// error counts as a leak: long, and mixing letters and digits, so that the
// words of the messages themselves never match.
var secretLike = regexp.MustCompile(`^[A-Za-z0-9]{8,}$`)

// quotedValue returns a value scalar of node (not a key, anchor or tag)
// that msg contains, or "".
func quotedValue(node *kyaml.Node, msg string) string {
	if node == nil {
		return ""
	}
	keys := map[string]bool{}
	var values []string
	var walk func(n *kyaml.Node, isKey bool)
	walk = func(n *kyaml.Node, isKey bool) {
		keys[n.Anchor] = true
		keys[n.Tag] = true
		if n.Kind == kyaml.ScalarNode || n.Kind == kyaml.AliasNode {
			if isKey || n.Kind == kyaml.AliasNode {
				keys[n.Value] = true
			} else {
				values = append(values, n.Value)
			}
		}
		for i, c := range n.Content {
			walk(c, n.Kind == kyaml.MappingNode && i%2 == 0)
		}
	}
	walk(node, false)
	for _, v := range values {
		if !keys[v] && secretLike.MatchString(v) && strings.ContainsAny(v, "0123456789") &&
			strings.ContainsFunc(v, func(r rune) bool { return r >= 'A' && r <= 'z' }) && strings.Contains(msg, v) {
			return v
		}
	}
	return ""
}

// valuesSeeds are the values files of the fixtures and of the validate
// tests, plus YAML shapes the loader treats specially.
func valuesSeeds(f *testing.F) [][]byte {
	f.Helper()
	var seeds [][]byte
	for _, glob := range []string{
		"../../fixtures/values/*.yaml",
		"../../fixtures/charts/*/values.yaml",
		"../../cmd/envcontract/testdata/validate/each/*.yaml",
		"testdata/*.yaml",
		"../valueschema/testdata/*.yaml",
	} {
		files, err := filepath.Glob(glob)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			seeds = append(seeds, b)
		}
	}
	if len(seeds) == 0 {
		f.Fatal("no values files found")
	}
	for _, s := range []string{
		"base: &b {x: 1, y: [1, 2]}\nuse:\n  <<: *b\n  y: 3\nmany:\n  <<: [*b, {z: 4}]\n",
		"a: !!int 12ab34cd\n",
		"on: yes\nno: off\n1: 2\n~: null\n",
		"a: 1e400\nb: .nan\nc: 0x1F\nd: 0o17\ne: 2001-12-14\n",
		"? [a, b]\n: c\n",
		"mcp:\n  giteaTokenSecret: {name: t0ken5ecret, key: !!bool t0ken5ecret}\n",
		"\ufeffa: 1\r\nb:\r\n  - x\r\n",
		"- a\n- b\n",
	} {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}
