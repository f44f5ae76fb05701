package json6902

import (
	"fmt"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
)

// maxAlign bounds the alignment table of two lists (entries × entries);
// longer lists are replaced whole, behind a test of the whole list.
const maxAlign = 1 << 20

// Diff returns the JSON6902 operations that turn before into after, with
// test operations that make the patch fail on any other input:
//
//   - A scalar, or a list without names, that changed is tested for its old
//     value and replaced; a removed key is tested and removed; an added key
//     is tested absent ("value: null" passes only on a missing or null key)
//     and added. So "add" never silently overwrites a field the chart
//     started to set.
//   - A list of named entries (containers, env) with the same names in the
//     same order is edited entry by entry, each entry behind a test of its
//     name: a container is only ever edited at the index where its name
//     was, and never created.
//   - A list of named entries whose names or length changed (an env list
//     with renames and injected entries) is pinned first: the name at every
//     index is tested, and its length too (see pin). Then it is edited in
//     place: a rename replaces only the name, so order, value and valueFrom
//     are kept, and entries are removed and added at the positions the
//     result has them, which keeps $(VAR) references after their
//     definitions. Pinning by name and length keeps an injected name from
//     being added twice when a later chart sets it itself.
//
// Guards test names, never the values of entries they leave alone: a value
// may come from a Flux placeholder that the chart transforms (the first
// label of "${SOVEREIGN_FQDN}"), and a test of it would compare Flux's
// substitution of the placeholder with Helm's transform of the substituted
// value, which differ.
//
// before and after are the same object as Helm rendered it and as render
// fixed it.
func Diff(before, after *yaml.Node) ([]Op, error) {
	d := &differ{}
	if err := d.diff("", before, after, true); err != nil {
		return nil, err
	}
	return d.ops, nil
}

type differ struct{ ops []Op }

func (d *differ) add(op, path string, value *yaml.Node) error {
	var v *yaml.Node
	if value != nil {
		var err error
		if v, err = jsonNode(value); err != nil {
			return err
		}
	}
	d.ops = append(d.ops, Op{Op: op, Path: path, Value: v})
	return nil
}

// diff appends the operations for one node. guarded is false inside a list
// that a whole-list test already pins down.
func (d *differ) diff(path string, b, a *yaml.Node, guarded bool) error {
	same, err := SameNode(b, a)
	if err != nil || same {
		return err
	}
	switch {
	case b.Kind == yaml.MappingNode && a.Kind == yaml.MappingNode:
		return d.mapping(path, b, a, guarded)
	case b.Kind == yaml.SequenceNode && a.Kind == yaml.SequenceNode:
		return d.sequence(path, b, a, guarded)
	}
	if guarded {
		if err := d.add("test", path, b); err != nil {
			return err
		}
	}
	return d.add("replace", path, a)
}

func (d *differ) mapping(path string, b, a *yaml.Node, guarded bool) error {
	for bk, bv := range yamlnode.Fields(b) {
		p := path + "/" + yamlnode.EscapeToken(bk.Value)
		if av := yamlnode.Get(a, bk.Value); av != nil {
			if err := d.diff(p, bv, av, guarded); err != nil {
				return err
			}
			continue
		}
		if guarded {
			if err := d.add("test", p, bv); err != nil {
				return err
			}
		}
		if err := d.add("remove", p, nil); err != nil {
			return err
		}
	}
	for ak, av := range yamlnode.Fields(a) {
		if yamlnode.Get(b, ak.Value) != nil {
			continue
		}
		p := path + "/" + yamlnode.EscapeToken(ak.Value)
		if guarded {
			if err := d.add("test", p, nil); err != nil {
				return err
			}
		}
		if err := d.add("add", p, av); err != nil {
			return err
		}
	}
	return nil
}

func (d *differ) sequence(path string, b, a *yaml.Node, guarded bool) error {
	bn, bok := names(b)
	an, aok := names(a)
	switch {
	case bok && aok && strings.Join(bn, "\x00") == strings.Join(an, "\x00") && len(bn) == len(an):
		for i := range b.Content {
			if err := d.entry(path+"/"+strconv.Itoa(i), b.Content[i], a.Content[i], guarded); err != nil {
				return err
			}
		}
		return nil
	case bok && aok && len(b.Content)*len(a.Content) <= maxAlign:
		if guarded {
			d.pin(path, bn)
		}
		return d.edit(path, b.Content, a.Content)
	}
	if guarded {
		if err := d.add("test", path, b); err != nil {
			return err
		}
	}
	return d.add("replace", path, a)
}

// entry diffs one named entry, behind a test of its name when guarded.
func (d *differ) entry(path string, b, a *yaml.Node, guarded bool) error {
	sub := &differ{}
	if err := sub.diff(path, b, a, guarded); err != nil || len(sub.ops) == 0 {
		return err
	}
	if guarded {
		if err := d.add("test", path+"/name", yamlnode.Get(b, "name")); err != nil {
			return err
		}
	}
	d.ops = append(d.ops, sub.ops...)
	return nil
}

// edit turns list b into list a by editing matched entries in place, then
// removing entries from the end backwards, then adding entries in the order
// of a, so each index is right when its operation runs.
func (d *differ) edit(path string, b, a []*yaml.Node) error {
	pairs, err := align(b, a)
	if err != nil {
		return err
	}
	var removed, added []int
	for _, p := range pairs {
		switch {
		case p.j < 0:
			removed = append(removed, p.i)
		case p.i < 0:
			added = append(added, p.j)
		default:
			if err := d.renamed(path+"/"+strconv.Itoa(p.i), b[p.i], a[p.j]); err != nil {
				return err
			}
		}
	}
	for k := len(removed) - 1; k >= 0; k-- {
		if err := d.add("remove", path+"/"+strconv.Itoa(removed[k]), nil); err != nil {
			return err
		}
	}
	n := len(b) - len(removed)
	for _, j := range added {
		at := strconv.Itoa(j)
		if j == n {
			at = "-"
		}
		if err := d.add("add", path+"/"+at, a[j]); err != nil {
			return err
		}
		n++
	}
	return nil
}

// endMarker is the name of the entry pin adds and removes again.
const endMarker = "envcontract: end of list"

// pin tests the name at every index of a list and then its length. JSON
// patch has no test that an index is absent (a test of a missing index
// fails), so the length is tested with a marker entry: added at the end it
// must land at index len(names), and it is removed at once.
func (d *differ) pin(path string, names []string) {
	start := len(d.ops)
	for i, n := range names {
		d.ops = append(d.ops, Op{Op: "test", Path: path + "/" + strconv.Itoa(i) + "/name", Value: str(n)})
	}
	end := path + "/" + strconv.Itoa(len(names))
	d.ops = append(d.ops,
		Op{Op: "add", Path: path + "/-", Value: yamlnode.Map("name", str(endMarker))},
		Op{Op: "test", Path: end + "/name", Value: str(endMarker)},
		Op{Op: "remove", Path: end},
	)
	count := fmt.Sprintf("these %d entries", len(names))
	if len(names) == 1 {
		count = "this one entry"
	}
	d.ops[start].Comment = fmt.Sprintf("The list must hold exactly %s: each name is tested, then a\nmarker added at the end must land at index %d; it is removed again.",
		count, len(names))
}

// renamed diffs an entry of a pinned list: its name was tested by pin, so a
// new name simply replaces it; the rest is guarded as usual.
func (d *differ) renamed(path string, b, a *yaml.Node) error {
	if b.Kind != yaml.MappingNode || a.Kind != yaml.MappingNode {
		return d.diff(path, b, a, true)
	}
	if bn, an := yamlnode.Get(b, "name"), yamlnode.Get(a, "name"); yamlnode.Value(bn) != yamlnode.Value(an) {
		if err := d.add("replace", path+"/name", an); err != nil {
			return err
		}
	}
	return d.mapping(path, yamlnode.Without(b, "name", nil), yamlnode.Without(a, "name", nil), true)
}

// names returns the name of every entry of a list of named mappings, and
// false when the list is not one (an entry without a string name, or a
// name twice).
func names(seq *yaml.Node) ([]string, bool) {
	out := make([]string, 0, len(seq.Content))
	seen := map[string]bool{}
	for _, e := range seq.Content {
		n := yamlnode.Get(e, "name")
		if e.Kind != yaml.MappingNode || n == nil || n.Kind != yaml.ScalarNode || n.Tag != yaml.NodeTagString || seen[n.Value] {
			return nil, false
		}
		seen[n.Value] = true
		out = append(out, n.Value)
	}
	return out, true
}
