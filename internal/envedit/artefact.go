package envedit

import (
	"fmt"
	"strings"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// artefacts are the texts Go prints where a template put a value that is not
// a string into one: a chart value of the wrong shape, rendered anyway.
var artefacts = []struct{ text, what string }{
	{"map[", "a map printed as text (map[…])"},
	{"%!", "a printf formatting error (%!…)"},
	{"<no value>", "a missing value printed by the template (<no value>)"},
	{"[]interface {}", "a list's Go type printed as text ([]interface {})"},
}

// artefactFields are the env fields whose text Kubernetes passes on as is:
// the value, and the names of what valueFrom reads.
var artefactFields = [][]string{
	{"value"},
	{"valueFrom", "secretKeyRef", "name"},
	{"valueFrom", "secretKeyRef", "key"},
	{"valueFrom", "configMapKeyRef", "name"},
	{"valueFrom", "configMapKeyRef", "key"},
}

// Artefacts reports every env value, and every secretKeyRef or
// configMapKeyRef name or key, of any container of a workload object that
// holds a Go formatting artefact: a chart value shaped otherwise than the
// template expects (a map where a string belongs, say) renders as
// "map[key:… name:…]", which Kubernetes accepts and the program then reads.
// The findings are errors without a workload (no contract rule is
// involved) and never show the value, which may be secret. Objects that
// are not workloads, or not shaped like one, yield nothing: the contract's
// rules report shapes where they matter.
func Artefacts(rn *yaml.RNode, o Object) []finding.Finding {
	spec := PodSpec(rn, o.Kind)
	if spec == nil || spec.Kind != yaml.MappingNode {
		return nil
	}
	var out []finding.Finding
	for _, field := range []string{"initContainers", "containers"} {
		list := yamlnode.Get(spec, field)
		if list == nil || list.Kind != yaml.SequenceNode {
			continue
		}
		for _, c := range list.Content {
			if c.Kind != yaml.MappingNode {
				continue
			}
			env := yamlnode.Get(c, "env")
			if env == nil || env.Kind != yaml.SequenceNode {
				continue
			}
			for _, e := range env.Content {
				if e.Kind == yaml.MappingNode {
					out = entryArtefacts(out, e, o, scalarAt(c, "name"))
				}
			}
		}
	}
	return out
}

// holds reports whether s holds the artefact text as Go prints it: "map["
// starting a word (not "roadmap[1]"), "%!" before a verb or "(".
func holds(s, text string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], text)
		if i < 0 {
			return false
		}
		i += from
		from = i + 1
		switch text {
		case "map[":
			if i > 0 && isWordByte(s[i-1]) {
				continue
			}
		case "%!":
			if end := i + len(text); end >= len(s) || !(isLetter(s[end]) || s[end] == '(') {
				continue
			}
		}
		return true
	}
}

func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

func isWordByte(b byte) bool { return isLetter(b) || b >= '0' && b <= '9' || b == '_' }

// entryArtefacts appends the findings of one env entry.
func entryArtefacts(out []finding.Finding, e *yaml.Node, o Object, container string) []finding.Finding {
	for _, path := range artefactFields {
		v := yamlnode.Lookup(e, path...)
		if v == nil || v.Kind != yaml.ScalarNode {
			continue
		}
		for _, a := range artefacts {
			if !holds(v.Value, a.text) {
				continue
			}
			name := scalarAt(e, "name")
			out = append(out, finding.Finding{
				Code: finding.FormatArtefact, Severity: finding.SeverityError,
				Container: container, Env: name,
				Pos: finding.Pos{Object: o.String(), Line: v.Line},
				Message: fmt.Sprintf("env %s: %s holds %s (value not shown): the chart printed a value of another shape than the template expects; fix the chart value's shape, or the template (toYaml, .name)",
					name, strings.Join(path, "."), a.what),
			})
			break // one finding per field
		}
	}
	return out
}
