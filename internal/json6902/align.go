package json6902

import (
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
)

// pair matches entry i of the old list with entry j of the new one; i is
// -1 for an added entry, j -1 for a removed one.
type pair struct{ i, j int }

// impossible is the cost of a match that must not be made.
const impossible = 1 << 30

// align matches the entries of two lists of named mappings with the fewest
// operations. Removing or adding an entry costs one; keeping one costs the
// operations that turn it into the other. Two entries may only be matched
// when they share a name, or when they differ in nothing but the name and
// secretKeyRef.optional: a rename, perhaps of a secret that render also
// made optional. Ties go to keeping the entry, so a rename reads as one
// "replace" of the name rather than a removal and an addition.
func align(b, a []*yaml.Node) ([]pair, error) {
	n, m := len(b), len(a)
	cost := make([][]int, n)
	for i := range b {
		cost[i] = make([]int, m)
		for j := range a {
			c, err := matchCost(b[i], a[j])
			if err != nil {
				return nil, err
			}
			cost[i][j] = c
		}
	}
	// best[i][j]: cheapest way to turn b[i:] into a[j:].
	best := make([][]int, n+1)
	for i := range best {
		best[i] = make([]int, m+1)
	}
	for i := n; i >= 0; i-- {
		for j := m; j >= 0; j-- {
			switch {
			case i == n:
				best[i][j] = m - j
			case j == m:
				best[i][j] = n - i
			default:
				v := min(best[i+1][j], best[i][j+1]) + 1
				if cost[i][j] < impossible {
					v = min(v, cost[i][j]+best[i+1][j+1])
				}
				best[i][j] = v
			}
		}
	}
	var out []pair
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && cost[i][j] < impossible && best[i][j] == cost[i][j]+best[i+1][j+1]:
			out = append(out, pair{i, j})
			i, j = i+1, j+1
		case i < n && best[i][j] == best[i+1][j]+1:
			out = append(out, pair{i, -1})
			i++
		default:
			out = append(out, pair{-1, j})
			j++
		}
	}
	return out, nil
}

// matchCost is the number of operations that turn entry b into entry a, or
// impossible.
func matchCost(b, a *yaml.Node) (int, error) {
	if yamlnode.Value(yamlnode.Get(b, "name")) != yamlnode.Value(yamlnode.Get(a, "name")) {
		same, err := SameNode(strip(b), strip(a))
		if err != nil || !same {
			return impossible, err
		}
	}
	d := &differ{}
	if err := d.diff("", b, a, false); err != nil {
		return 0, err
	}
	return len(d.ops), nil
}

// strip returns a copy of an env entry without its name and without
// valueFrom.secretKeyRef.optional.
func strip(e *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: e.Kind, Tag: e.Tag}
	for k, v := range yamlnode.Fields(e) {
		switch k.Value {
		case "name":
			continue
		case "valueFrom":
			if ref := yamlnode.Get(v, "secretKeyRef"); ref != nil {
				v = yamlnode.Without(v, "secretKeyRef", yamlnode.Without(ref, "optional", nil))
			}
		}
		out.Content = append(out.Content, k, v)
	}
	return out
}
