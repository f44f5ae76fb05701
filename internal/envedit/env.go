package envedit

import (
	"fmt"
	"strings"

	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// envOf returns a container's env list, nil when it has none, or a
// *shapeError at the node that is not a list of named entries.
func envOf(c *yaml.Node) (*yaml.Node, error) {
	if k := yamlnode.MergeKey(c); k != nil {
		return nil, mergeError(k, "a container")
	}
	env := yamlnode.Get(c, "env")
	if env == nil || isNull(env) {
		return nil, nil
	}
	if env.Kind == yaml.AliasNode {
		return nil, aliasError(env, "env")
	}
	if env.Kind != yaml.SequenceNode {
		return nil, shapeErrorf(env, "env is a %s, not a list; write it as a list of {name, value} or {name, valueFrom} entries", yamlnode.KindName(env))
	}
	for _, e := range env.Content {
		if e.Kind == yaml.AliasNode {
			return nil, aliasError(e, "an env entry")
		}
		if k := yamlnode.FindMergeKey(e); k != nil { // the entry, its valueFrom, its secretKeyRef
			return nil, mergeError(k, "an env entry")
		}
		if e.Kind != yaml.MappingNode {
			return nil, shapeErrorf(e, "an env entry is a %s, not a mapping with a name; write it as {name: NAME, value: VALUE}", yamlnode.KindName(e))
		}
		if n := yamlnode.Get(e, "name"); n == nil || n.Kind != yaml.ScalarNode || n.Value == "" || isNull(n) {
			return nil, shapeErrorf(e, "an env entry has no name; give every entry a name")
		}
	}
	return env, nil
}

// shapeError is a field that is not shaped the way Kubernetes reads it. It
// keeps the node so that the finding is placed at it: its line is a line of
// the document, which the caller maps to the stream, so the message itself
// carries none.
type shapeError struct {
	at  *yaml.Node
	msg string
}

func shapeErrorf(at *yaml.Node, format string, args ...any) *shapeError {
	return &shapeError{at: at, msg: fmt.Sprintf(format, args...)}
}

func (e *shapeError) Error() string { return fmt.Sprintf("line %d: %s", e.at.Line, e.msg) }

// aliasError refuses an alias where the rules must read or edit: aliases
// from untrusted input are never expanded (a few lines can expand to
// gigabytes), and an edit through one would change every place it is used.
func aliasError(at *yaml.Node, what string) *shapeError {
	return shapeErrorf(at, "%s is the alias *%s, which envcontract never expands; write it out here", what, at.Value)
}

// mergeError refuses a YAML merge key (<<) where the rules read or edit.
//
// Refusing is the one choice that loses nothing. Editing around a merge is
// what loses data: an env list render writes next to `<<: {env: …}` is an
// explicit key, which wins over the merged one, so Kubernetes drops every
// merged entry (the renamed one and any other); a name, valueFrom or
// secretKeyRef read through a merge would be edited in the anchor, which
// changes every mapping that merges it. Resolving merges as Kubernetes does
// (explicit keys win, earlier merged mappings over later ones) would have
// to expand aliases, which envcontract never does on untrusted input, and
// rewrite the chart's structure in the output. The error is at the line of
// the << key and says what to write instead.
func mergeError(key *yaml.Node, what string) *shapeError {
	return shapeErrorf(key, "%s has a YAML merge key (<<), which envcontract does not resolve: an edit next to it or through it would drop or change what it merges (Kubernetes lets an explicit env replace a merged one); write the env entries out instead of merging them", what)
}

// entryNamed returns the env entry called name, or nil.
func entryNamed(env *yaml.Node, name string) *yaml.Node {
	if env == nil {
		return nil
	}
	for _, e := range env.Content {
		if scalarAt(e, "name") == name {
			return e
		}
	}
	return nil
}

// nameNode returns the scalar holding an entry's name.
func nameNode(entry *yaml.Node) *yaml.Node { return yamlnode.Get(entry, "name") }

// secretKeyRefOf returns valueFrom.secretKeyRef of an entry, or nil.
func secretKeyRefOf(entry *yaml.Node) *yaml.Node {
	return yamlnode.Lookup(entry, "valueFrom", "secretKeyRef")
}

// references returns the $(VAR) names a Kubernetes env value refers to.
// "$$(VAR)" is an escaped literal and refers to nothing.
func references(value string) []string {
	var refs []string
	for i := 0; i < len(value); i++ {
		if value[i] != '$' || i+1 >= len(value) {
			continue
		}
		if value[i+1] == '$' {
			i++ // "$$" is a literal "$"
			continue
		}
		if value[i+1] != '(' {
			continue
		}
		end := strings.IndexByte(value[i+2:], ')')
		if end < 0 {
			break
		}
		refs = append(refs, value[i+2:i+2+end])
		i += 2 + end
	}
	return refs
}

// replaceReference rewrites $(from) to $(to) in a Kubernetes env value,
// leaving escaped "$$(from)" alone.
func replaceReference(value, from, to string) string {
	if !strings.Contains(value, "$("+from+")") {
		return value
	}
	var b strings.Builder
	for i := 0; i < len(value); i++ {
		if value[i] == '$' && i+1 < len(value) && value[i+1] == '$' {
			b.WriteString("$$")
			i++
			continue
		}
		if strings.HasPrefix(value[i:], "$("+from+")") {
			b.WriteString("$(" + to + ")")
			i += len(from) + 2
			continue
		}
		b.WriteByte(value[i])
	}
	return b.String()
}
