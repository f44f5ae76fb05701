package fluxsubst

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/fluxcd/pkg/envsubst"
	"github.com/fluxcd/pkg/envsubst/parse"
	"sigs.k8s.io/kustomize/kyaml/yaml"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/yamlnode"
)

// DisableKey is the label or annotation that opts a resource out of
// substitution when its value is DisabledValue.
const (
	DisableKey    = "kustomize.toolkit.fluxcd.io/substitute"
	DisabledValue = "disabled"
)

// Options drive Substitute.
type Options struct {
	Vars Vars
	// Strict fails on a variable that is unset and has no default, as Flux
	// does by default since 2.9 (feature gate StrictPostBuildSubstitutions).
	Strict bool
	// PostBuild says whether the Kustomization has spec.postBuild; without
	// it kustomize-controller substitutes nothing.
	PostBuild bool
	// SubstituteFrom lists sources that could not be read ("ConfigMap/x"),
	// named in the hint of an unset variable.
	SubstituteFrom []string
}

// Result is a resource after substitution.
type Result struct {
	// Node is the document as written, for positions.
	Node *yaml.Node
	// Object is the resource as kustomize-controller applies it; nil when
	// substitution fails (Flux then applies nothing).
	Object map[string]any
	// Disabled: the resource opted out with DisableKey.
	Disabled bool
	// Substituted: the engine ran (not disabled, postBuild set, at least
	// one variable).
	Substituted bool
	Problems    []finding.Finding
}

// Values returns the map at path in Object (such as "spec", "values"), an
// empty map when it is absent, and false when it is not a map.
func (r *Result) Values(path ...string) (map[string]any, bool) {
	var cur any = r.Object
	for _, p := range path {
		if cur == nil {
			break
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur = m[p]
	}
	if cur == nil {
		return map[string]any{}, true
	}
	m, ok := cur.(map[string]any)
	return m, ok
}

// Substitute reads the first document of kind in data and substitutes it
// as kustomize-controller would. An error means the input is unusable;
// what Flux would refuse is in Result.Problems.
func Substitute(file string, r io.Reader, kind string, o Options) (*Result, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	docs, err := findDocuments(data, func(root *yaml.Node) bool { return scalarAt(root, "kind") == kind }, 2)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: no %s in the file", file, kind)
	}
	if len(docs) > 1 {
		// Checking only the first would pass the second unseen; flux (and
		// helmrelease.Read) refuse such a file too.
		return nil, fmt.Errorf("%s: line %d: a second %s (the first is at line %d); only one is checked per file, "+
			"so put each in a file of its own", file, docs[1].Content[0].Line, kind, docs[0].Content[0].Line)
	}
	doc := docs[0]
	res := &Result{Node: doc}
	if res.Problems = duplicateKeys(file, doc); len(res.Problems) > 0 {
		return res, nil // yaml.v3, and so kustomize, cannot read it into a map
	}
	root := doc.Content[0]
	meta := yamlnode.Get(root, "metadata")
	res.Disabled = scalarAt(meta, "labels", DisableKey) == DisabledValue ||
		scalarAt(meta, "annotations", DisableKey) == DisabledValue

	rn := yaml.NewRNode(root)
	asJSON, err := rn.MarshalJSON() // what kustomize's Resource.AsYAML starts from
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	run := !res.Disabled && o.PostBuild && len(o.Vars) > 0
	if !run {
		if !res.Disabled {
			res.Problems = append(res.Problems, notSubstituted(file, doc)...)
		}
		return res, json.Unmarshal(asJSON, &res.Object)
	}
	res.Substituted = true

	// Flux refuses every variable set if one name is invalid.
	bad := badNames(o.Vars)
	res.Problems = append(res.Problems, bad...)
	res.Problems = append(res.Problems, scan(file, doc, o)...)
	if len(bad) > 0 {
		return res, nil
	}
	obj, err := varSubstitution(asJSON, o.Vars, o.Strict)
	if err != nil {
		if !hasError(res.Problems) { // the per-string scan missed what the engine saw
			res.Problems = append(res.Problems, problem(finding.Pos{File: file}, err.Error()))
		}
		return res, nil
	}
	res.Object = obj
	return res, nil
}

// varSubstitution is kustomize-controller's: the resource as YAML (from
// JSON, so quoting is gone), envsubst over the text, then back to JSON
// with sigs.k8s.io/yaml, which re-types each scalar as YAML 1.1.
func varSubstitution(asJSON []byte, vars Vars, strict bool) (map[string]any, error) {
	text, err := sigsyaml.JSONToYAML(asJSON)
	if err != nil {
		return nil, fmt.Errorf("serialising the resource: %w", err)
	}
	out, err := envsubst.Eval(string(text), func(s string) (string, bool) {
		v, ok := vars[s]
		if strict {
			return v.Value, ok
		}
		return v.Value, true
	})
	if err != nil {
		return nil, fmt.Errorf("flux substitution fails: %w", err)
	}
	j, err := sigsyaml.YAMLToJSON([]byte(out))
	if err != nil {
		return nil, fmt.Errorf("flux fails: after substitution the resource is not YAML (the line is one of the text kustomize serialises, not of the file; look at the warnings): %w", yamlnode.RedactError(err))
	}
	var obj map[string]any
	if err := json.Unmarshal(j, &obj); err != nil {
		return nil, fmt.Errorf("substituted resource is not an object: %w", err)
	}
	return obj, nil
}

func badNames(vars Vars) []finding.Finding {
	var out []finding.Finding
	for name, v := range vars {
		if !varName.MatchString(name) {
			out = append(out, problem(v.Origin, fmt.Sprintf(
				"variable name %q is refused by Flux (must match %s), which then substitutes nothing", name, varName)))
		}
	}
	finding.Sort(out)
	return out
}

func hasError(ps []finding.Finding) bool {
	for _, p := range ps {
		if p.Severity == finding.SeverityError {
			return true
		}
	}
	return false
}

// scan parses every string of the document with Flux's parser and reports
// parse errors and unset variables at their own line.
func scan(file string, doc *yaml.Node, o Options) []finding.Finding {
	var out []finding.Finding
	eachScalar(doc, func(n *yaml.Node, ptr string) {
		if !strings.Contains(n.Value, "$") {
			return
		}
		pos := finding.Pos{File: file, Line: n.Line, Col: n.Column, Pointer: ptr}
		tree, err := parse.Parse(n.Value)
		if err != nil {
			out = append(out, problem(pos, parseMessage(err)))
			return
		}
		for _, f := range funcs(tree.Root) {
			if _, set := o.Vars[f.Param]; set || isDefaultOp(f.Name) {
				continue
			}
			if o.Strict {
				out = append(out, problem(pos, fmt.Sprintf(
					"variable %s is not set and has no default: strict substitution fails (set it%s, or write ${%s:=default})",
					f.Param, where(o), f.Param)))
			} else {
				out = append(out, warning(pos, fmt.Sprintf(
					"variable %s is not set: it becomes an empty string, and a value that is only ${%s} becomes null, which deletes the chart default",
					f.Param, f.Param)))
			}
		}
	})
	return out
}

func where(o Options) string {
	s := " in spec.postBuild.substitute or with --var"
	if len(o.SubstituteFrom) > 0 {
		s += "; it may come from " + strings.Join(o.SubstituteFrom, ", ") + ", which cannot be read offline: pass it with --vars-file"
	}
	return s
}

func parseMessage(err error) string {
	hint := ""
	switch {
	case errors.Is(err, parse.ErrMissingClosingBrace):
		hint = ": Flux supports ${VAR}, ${VAR:-default} and ${VAR:=default}; ${VAR-default} is a parse error"
	case errors.Is(err, parse.ErrParseVariableName):
		hint = ": a variable name is letters, digits and _, without spaces"
	}
	return "cannot parse the substitution: " + err.Error() + hint + "; write $${...} for a literal ${...}"
}

// notSubstituted warns about ${...} that Flux will leave as written.
func notSubstituted(file string, doc *yaml.Node) []finding.Finding {
	var out []finding.Finding
	eachScalar(doc, func(n *yaml.Node, ptr string) {
		if t, err := parse.Parse(n.Value); err == nil && len(funcs(t.Root)) > 0 {
			out = append(out, warning(finding.Pos{File: file, Line: n.Line, Col: n.Column, Pointer: ptr}, "left as written: Flux substitutes only when the Kustomization has spec.postBuild and at least one variable is set"))
		}
	})
	return out
}

// isDefaultOp mirrors fluxcd/pkg/envsubst: these operators handle an unset
// variable themselves, so strict mode does not fail on them.
func isDefaultOp(name string) bool {
	switch name {
	case "-", "+", "=", "?", ":-", ":+", ":=", ":?":
		return true
	}
	return false
}

func funcs(n parse.Node) []*parse.FuncNode {
	switch n := n.(type) {
	case *parse.FuncNode:
		out := []*parse.FuncNode{n}
		for _, a := range n.Args {
			out = append(out, funcs(a)...)
		}
		return out
	case *parse.ListNode:
		var out []*parse.FuncNode
		for _, c := range n.Nodes {
			out = append(out, funcs(c)...)
		}
		return out
	}
	return nil
}

// eachScalar calls fn for every scalar, keys included (Flux substitutes the
// whole text), with the JSON pointer of the value it belongs to.
func eachScalar(n *yaml.Node, fn func(n *yaml.Node, ptr string)) {
	yamlnode.Walk(n, func(n *yaml.Node, ptr string) bool {
		if n.Kind == yaml.ScalarNode {
			fn(n, ptr)
		}
		return true
	})
}
