package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// schema is a values JSON Schema read as YAML nodes, so that every keyword
// keeps its line and column. Only what says where a value may be and what
// shape it has is read: properties, patternProperties, additionalProperties,
// items, type, and the keywords that combine schemas ($ref, allOf, anyOf,
// oneOf, if/then/else).
type schema struct {
	file string
	root *yaml.Node
	pats map[string]*regexp.Regexp // compiled patternProperties keys
}

func readSchema(file string, data []byte) (*schema, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		line := 1
		if se, ok := err.(*json.SyntaxError); ok {
			line += bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		}
		return nil, fmt.Errorf("reading the schema %s:%d: not JSON: %w", file, line, err)
	}
	doc, err := yamlnode.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("reading the schema %s: %w", file, err)
	}
	if doc == nil || len(doc.Content) == 0 {
		return nil, fmt.Errorf("reading the schema %s: it is empty", file)
	}
	return &schema{file: file, root: doc.Content[0], pats: map[string]*regexp.Regexp{}}, nil
}

// maxExpand bounds how many schemas one expansion visits, against $ref
// cycles and combinatorial allOf/anyOf nests.
const maxExpand = 256

// expand returns n and every schema that applies to the same instance
// through $ref, allOf, anyOf, oneOf, then and else: where a property may be
// declared. Non-mapping schemas (true, false) are left out.
func (s *schema) expand(ns ...*yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	seen := map[*yaml.Node]bool{}
	var add func(n *yaml.Node)
	add = func(n *yaml.Node) {
		if n == nil || n.Kind != yaml.MappingNode || seen[n] || len(out) >= maxExpand {
			return
		}
		seen[n] = true
		out = append(out, n)
		if ref := yamlnode.Get(n, "$ref"); ref != nil && ref.Kind == yaml.ScalarNode {
			add(s.ref(ref.Value))
		}
		for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
			if l := yamlnode.Get(n, kw); l != nil && l.Kind == yaml.SequenceNode {
				for _, c := range l.Content {
					add(c)
				}
			}
		}
		add(yamlnode.Get(n, "then"))
		add(yamlnode.Get(n, "else"))
	}
	for _, n := range ns {
		add(n)
	}
	return out
}

// ref resolves a local reference ("#/$defs/x"); others resolve to nothing,
// which reads as "anything".
func (s *schema) ref(ref string) *yaml.Node {
	ptr, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil
	}
	n := s.root
	for _, tok := range yamlnode.SplitPointer(ptr) {
		if n = yamlnode.Get(n, tok); n == nil {
			return nil
		}
	}
	return n
}

// types returns the JSON types an instance of n may have, nil when the
// schema does not say (anything goes). "null" is left out: Helm's null
// deletes a key, so it says nothing about how a template uses the value.
func (s *schema) types(n *yaml.Node) []string {
	return s.typesOf(n, map[*yaml.Node]bool{})
}

func (s *schema) typesOf(n *yaml.Node, seen map[*yaml.Node]bool) []string {
	if n == nil || n.Kind != yaml.MappingNode || seen[n] {
		return nil
	}
	seen[n] = true
	defer delete(seen, n)
	var t []string
	if tn := yamlnode.Get(n, "type"); tn != nil {
		switch tn.Kind {
		case yaml.ScalarNode:
			t = []string{tn.Value}
		case yaml.SequenceNode:
			for _, c := range tn.Content {
				t = append(t, c.Value)
			}
		}
		t = slices.DeleteFunc(t, func(x string) bool { return !jsonTypes[x] })
		if len(t) == 0 {
			return nil // only null, or no type JSON Schema knows: say nothing
		}
	}
	if ref := yamlnode.Get(n, "$ref"); ref != nil && ref.Kind == yaml.ScalarNode {
		t = intersect(t, s.typesOf(s.ref(ref.Value), seen))
	}
	if l := yamlnode.Get(n, "allOf"); l != nil && l.Kind == yaml.SequenceNode {
		for _, c := range l.Content {
			t = intersect(t, s.typesOf(c, seen))
		}
	}
	for _, kw := range []string{"anyOf", "oneOf"} {
		l := yamlnode.Get(n, kw)
		if l == nil || l.Kind != yaml.SequenceNode {
			continue
		}
		var union []string
		for _, c := range l.Content {
			ct := s.typesOf(c, seen)
			if ct == nil {
				union = nil
				break
			}
			for _, x := range ct {
				if !slices.Contains(union, x) {
					union = append(union, x)
				}
			}
		}
		t = intersect(t, union)
	}
	return t
}

// jsonTypes are the types a "type" keyword names, but null.
var jsonTypes = map[string]bool{"object": true, "array": true, "string": true, "number": true, "integer": true, "boolean": true}

// intersect narrows a by b, where nil means "any type"; an integer is a
// number.
func intersect(a, b []string) []string {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	var out []string
	for _, x := range a {
		for _, y := range b {
			switch {
			case x == y:
				out = append(out, x)
			case x == "integer" && y == "number", x == "number" && y == "integer":
				out = append(out, "integer")
			}
		}
	}
	if out == nil {
		return a // contradictory: keep the outer word, never "nothing fits"
	}
	return out
}

// status says how a schema answers for a key.
type status int

const (
	declared   status = iota // properties or patternProperties name it, or additionalProperties describes it
	freeForm                 // no properties are declared: any key, of any shape
	undeclOpen               // other keys are declared; additional ones are allowed but undescribed
	undeclShut               // other keys are declared; additionalProperties: false refuses it
)

// child returns the schemas of key under the instance ns describe, and how
// the key stands. key "*" is any element: of a list (items) or of a map
// (additionalProperties, and every declared property).
func (s *schema) child(ns []*yaml.Node, key string) ([]*yaml.Node, status) {
	all := s.expand(ns...)
	var subs []*yaml.Node
	describes, shut := false, false
	var extra []*yaml.Node
	for _, n := range all {
		props := yamlnode.Get(n, "properties")
		if props != nil && props.Kind == yaml.MappingNode && len(props.Content) > 0 {
			describes = true
			for k, v := range yamlnode.Fields(props) {
				if key == "*" || k.Value == key {
					subs = append(subs, v)
				}
			}
		}
		if pp := yamlnode.Get(n, "patternProperties"); pp != nil && pp.Kind == yaml.MappingNode && len(pp.Content) > 0 {
			describes = true
			for k, v := range yamlnode.Fields(pp) {
				if key == "*" || s.match(k.Value, key) {
					subs = append(subs, v)
				}
			}
		}
		for _, kw := range []string{"additionalProperties", "unevaluatedProperties"} {
			ap := yamlnode.Get(n, kw)
			switch {
			case ap == nil:
			case ap.Kind == yaml.MappingNode:
				extra = append(extra, ap)
			case ap.Kind == yaml.ScalarNode && ap.Value == "false":
				shut = true
			}
		}
		if key == "*" || isIndex(key) {
			for _, kw := range []string{"items", "additionalItems"} {
				if it := yamlnode.Get(n, kw); it != nil && it.Kind == yaml.MappingNode {
					subs = append(subs, it)
				}
			}
			if pi := yamlnode.Get(n, "prefixItems"); pi != nil && pi.Kind == yaml.SequenceNode {
				subs = append(subs, pi.Content...)
			}
		}
	}
	switch {
	case len(subs) > 0 || len(extra) > 0:
		return append(subs, extra...), declared
	case key == "*":
		return nil, freeForm
	case shut:
		return nil, undeclShut
	case describes:
		return nil, undeclOpen
	default:
		return nil, freeForm
	}
}

// match reports whether a patternProperties pattern matches key; a pattern
// Go cannot compile matches every key, so that it never makes a false
// "undeclared".
func (s *schema) match(pattern, key string) bool {
	re, ok := s.pats[pattern]
	if !ok {
		re, _ = regexp.Compile(pattern)
		s.pats[pattern] = re
	}
	return re == nil || re.MatchString(key)
}

func isIndex(key string) bool {
	if key == "" {
		return false
	}
	for _, r := range key {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// prop is one property the schema declares: its values path ("*" for any
// element) and the key that declares it.
type prop struct {
	path []string
	at   *yaml.Node
}

// maxDepth bounds the declared paths, against recursive schemas; maxProps
// their number, against schemas whose $refs multiply them.
const (
	maxDepth = 24
	maxProps = 100000
)

// props lists every property the schema declares, in document order,
// each path once.
func (s *schema) props() []prop {
	var out []prop
	seen := map[string]bool{}
	var walk func(ns []*yaml.Node, path []string, stack map[*yaml.Node]bool)
	walk = func(ns []*yaml.Node, path []string, stack map[*yaml.Node]bool) {
		if len(path) >= maxDepth || len(out) >= maxProps {
			return
		}
		all := s.expand(ns...)
		type next struct {
			key  string
			at   *yaml.Node
			subs []*yaml.Node
		}
		var kids []next
		index := map[string]int{}
		addKid := func(key string, at, sub *yaml.Node) {
			if i, ok := index[key]; ok {
				kids[i].subs = append(kids[i].subs, sub)
				return
			}
			index[key] = len(kids)
			kids = append(kids, next{key: key, at: at, subs: []*yaml.Node{sub}})
		}
		for _, n := range all {
			if stack[n] {
				continue
			}
			if props := yamlnode.Get(n, "properties"); props != nil && props.Kind == yaml.MappingNode {
				for k, v := range yamlnode.Fields(props) {
					addKid(k.Value, k, v)
				}
			}
			for _, kw := range []string{"additionalProperties", "items"} {
				if v := yamlnode.Get(n, kw); v != nil && v.Kind == yaml.MappingNode {
					addKid("*", nil, v)
				}
			}
		}
		for _, n := range all {
			stack[n] = true
		}
		for _, k := range kids {
			p := append(slices.Clip(path), k.key)
			key := strings.Join(p, "\x00")
			if k.at != nil && !seen[key] {
				seen[key] = true
				out = append(out, prop{path: p, at: k.at})
			}
			walk(k.subs, p, stack)
		}
		for _, n := range all {
			delete(stack, n)
		}
	}
	walk([]*yaml.Node{s.root}, nil, map[*yaml.Node]bool{})
	return out
}
