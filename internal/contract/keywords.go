package contract

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
)

// The building blocks of the shape check (shape.go): one per kind of JSON
// Schema keyword the contract schema uses. They read the node tree as
// yamlnode.ToJSON turns it into JSON, since that JSON is what the published
// schema describes. agree_test.go holds them to the schema.

// value is one value of the contract file.
type value struct {
	n   *yaml.Node // aliases resolved
	at  *yaml.Node // where problems point: the key of a mapping entry, else the node as written
	ptr string     // JSON pointer; "" for the document
}

// shape collects the problems of one walk over a contract.
type shape struct{ ps *problems }

func (s shape) add(v value, format string, args ...any) {
	ptr := v.ptr
	if ptr == "" {
		ptr = "/"
	}
	s.ps.add(v.at.Line, v.at.Column, ptr, format, args...)
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func (v value) child(name string, at, n *yaml.Node) value {
	return value{n: resolve(n), at: at, ptr: v.ptr + yamlnode.JoinPointer(name)}
}

// jsonType is the JSON type yamlnode.ToJSON gives a resolved node, named as
// YAML users know them. A scalar's tag decides: a timestamp, binary or
// custom-tagged scalar is a string, as ToJSON writes its text.
func jsonType(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	switch n.ShortTag() {
	case "!!null":
		return "null"
	case "!!bool":
		return "boolean"
	case "!!int", "!!float":
		return "number"
	}
	return "string"
}

// is checks the JSON type. A number or boolean where a string belongs is
// almost always YAML reading an unquoted value, hence the hint.
func (s shape) is(v value, want string) bool {
	got := jsonType(v.n)
	if got == want {
		return true
	}
	if want == "string" && (got == "number" || got == "boolean") {
		s.add(v, "got %s, want string: quote the value", got)
		return false
	}
	s.add(v, "got %s, want %s", got, want)
	return false
}

// entry is one key of a mapping.
type entry struct {
	key *yaml.Node // where the key is written, perhaps in a mapping merged with "<<"
	val *yaml.Node // as written, perhaps an alias
}

// entryMap is a mapping's entries by name.
type entryMap map[string]entry

// entries returns the keys of a mapping node as yamlnode.ToJSON reads them:
// the text of the key node (an alias key reads as its anchor's name), the
// last of two equal keys, and keys merged with "<<" only where the mapping
// has none of its own, the first merge winning.
func entries(n *yaml.Node) entryMap {
	m := make(entryMap, len(n.Content)/2)
	var merges []*yaml.Node
	for k, v := range yamlnode.Fields(n) {
		if k.Kind == yaml.ScalarNode && k.Value == "<<" {
			merges = append(merges, v)
			continue
		}
		m[k.Value] = entry{key: k, val: v}
	}
	for _, v := range merges {
		for _, src := range mergeSources(resolve(v)) {
			for name, e := range entries(src) {
				if _, set := m[name]; !set {
					m[name] = e
				}
			}
		}
	}
	return m
}

// mergeSources returns the mappings a "<<" value merges: itself, or the
// mappings of a list. ToJSON ignores anything else, and so does the schema.
func mergeSources(v *yaml.Node) []*yaml.Node {
	switch v.Kind {
	case yaml.MappingNode:
		return []*yaml.Node{v}
	case yaml.SequenceNode:
		var out []*yaml.Node
		for _, e := range v.Content {
			if e = resolve(e); e.Kind == yaml.MappingNode {
				out = append(out, e)
			}
		}
		return out
	}
	return nil
}

// object describes a mapping with additionalProperties: false.
type object struct {
	fields   []string // sorted: the list an unknown key's message shows
	required []string // in the schema's order
}

// fields are the known fields of a mapping by name.
type fields map[string]value

func (f fields) has(name string) bool {
	_, ok := f[name]
	return ok
}

// object checks type, unknown keys and required keys (type, required and
// additionalProperties: false), and returns the fields it allows.
func (s shape) object(v value, o object) (fields, bool) {
	if !s.is(v, "mapping") {
		return nil, false
	}
	known := make(fields, len(o.fields))
	for name, e := range entries(v.n) {
		f := v.child(name, e.key, e.val)
		if !slices.Contains(o.fields, name) {
			s.add(f, "unknown field %q (allowed: %s)", name, strings.Join(o.fields, ", "))
			continue
		}
		known[name] = f
	}
	var missing []string
	for _, name := range o.required {
		if !known.has(name) {
			missing = append(missing, fmt.Sprintf("%q", name))
		}
	}
	switch len(missing) {
	case 0:
	case 1:
		s.add(v, "missing field %s", missing[0])
	default:
		s.add(v, "missing fields %s", strings.Join(missing, ", "))
	}
	return known, true
}

// list checks type and minItems: 1, and with unique set uniqueItems, and
// returns the items. Only strings are compared: every list that must be
// unique holds strings, so an item of another type already has a problem
// at its own pointer.
func (s shape) list(v value, unique bool) []value {
	if !s.is(v, "list") {
		return nil
	}
	if len(v.n.Content) == 0 {
		s.add(v, "must not be empty; remove the key or add an entry")
		return nil
	}
	items := make([]value, len(v.n.Content))
	first := map[string]int{}
	for i, n := range v.n.Content {
		items[i] = value{n: resolve(n), at: n, ptr: fmt.Sprintf("%s/%d", v.ptr, i)}
		if !unique || jsonType(items[i].n) != "string" {
			continue
		}
		name := items[i].n.Value
		if j, dup := first[name]; dup {
			s.add(items[i], "%q is listed twice (items %d and %d); keep one", name, j, i)
			continue
		}
		first[name] = i
	}
	return items
}

// text describes a string: pattern, minLength and maxLength (in characters,
// as JSON Schema counts them).
type text struct {
	valid func(string) bool // the pattern (patterns.go); nil: none
	hint  string            // after the quoted value when the pattern fails
	max   int               // 0: no maxLength
	what  string            // what the maximum is for: "a DNS label"
	min   int               // 0: no minLength
	empty string            // when shorter than min
}

// str checks type and the text rules. Only a value that fails its pattern
// is quoted: patterns are for names and paths, never for env values.
func (s shape) str(v value, t text) {
	if !s.is(v, "string") {
		return
	}
	str := v.n.Value
	n := utf8.RuneCountInString(str)
	if n < t.min {
		s.add(v, "%s", t.empty)
	}
	if t.max > 0 && n > t.max {
		s.add(v, "is %d characters long; %s has at most %d", n, t.what, t.max)
	}
	if t.valid != nil && !t.valid(str) {
		s.add(v, "%q %s", str, t.hint)
	}
}
