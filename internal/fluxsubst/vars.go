package fluxsubst

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/yamlnode"
)

// problem is a finding that makes Flux fail; warning one where Flux
// does what is easy to miss. Messages name variables, never their values.
func problem(pos finding.Pos, msg string) finding.Finding {
	return finding.Finding{Code: finding.Substitution, Severity: finding.SeverityError, Pos: pos, Message: msg}
}

func warning(pos finding.Pos, msg string) finding.Finding {
	return finding.Finding{Code: finding.Substitution, Severity: finding.SeverityWarning, Pos: pos, Message: msg}
}

// Var is one substitution variable and where it was defined.
type Var struct {
	Value  string
	Origin finding.Pos
}

// Vars maps variable names to their definitions.
type Vars map[string]Var

// Merge returns a copy of v with the entries of later sets overriding.
func (v Vars) Merge(later ...Vars) Vars {
	out := Vars{}
	for k, x := range v {
		out[k] = x
	}
	for _, l := range later {
		for k, x := range l {
			out[k] = x
		}
	}
	return out
}

// varName is the rule Flux applies to every variable name before it
// substitutes anything (kustomize_varsub.go varsubRegex).
var varName = regexp.MustCompile(`^[_[:alpha:]][_[:alpha:][:digit:]]*$`)

// ErrBadVar is returned for a --var without "=".
var ErrBadVar = errors.New("expected NAME=VALUE")

// ParseVar reads one NAME=VALUE from the command line, item n of --var.
// As Flux does with every variable, newlines are removed from the value.
// Without "=" the item may be a bare secret, so the error names only the
// item number.
func ParseVar(n int, s string) (string, Var, error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok {
		return "", Var{}, fmt.Errorf("--var item %d: %w (value not shown)", n, ErrBadVar)
	}
	return name, Var{Value: flatten(value), Origin: finding.Pos{File: "--var"}}, nil
}

// flatten removes newlines, as kustomize-controller does with every value.
func flatten(s string) string { return strings.ReplaceAll(s, "\n", "") }

// ReadVarsFile reads variables from a file: a flat YAML mapping of names to
// scalars, or a ConfigMap (data) or Secret (data, base64, and stringData)
// manifest, which is what spec.postBuild.substituteFrom would read in a
// cluster. Duplicate names are problems; the last one wins, as in Kubernetes.
func ReadVarsFile(path string, r io.Reader) (Vars, []finding.Finding, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	doc, err := decodeFirst(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if doc == nil {
		return Vars{}, nil, nil
	}
	probs := duplicateKeys(path, doc)
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("%s: variables must be a YAML mapping of NAME: value, a ConfigMap or a Secret", path)
	}
	kind := scalarAt(root, "kind")
	vars := Vars{}
	switch kind {
	case "ConfigMap", "Secret":
		if m := mappingAt(root, "data"); m != nil {
			ps, err := readMap(path, m, "/data", kind == "Secret", vars)
			if err != nil {
				return nil, nil, err
			}
			probs = append(probs, ps...)
		}
		if m := mappingAt(root, "stringData"); kind == "Secret" && m != nil {
			ps, err := readMap(path, m, "/stringData", false, vars)
			if err != nil {
				return nil, nil, err
			}
			probs = append(probs, ps...)
		}
	default:
		ps, err := readMap(path, root, "", false, vars)
		if err != nil {
			return nil, nil, err
		}
		probs = append(probs, ps...)
	}
	return vars, probs, nil
}

// OpenVarsFile is ReadVarsFile on a path: a regular file, read with the
// input limit (stream.ReadFile).
func OpenVarsFile(path string) (Vars, []finding.Finding, error) {
	data, err := stream.ReadFile(path, stream.DefaultMaxBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("reading variables: %w", err)
	}
	return ReadVarsFile(path, bytes.NewReader(data))
}

// readMap adds the scalar entries of m to vars, taking a number or boolean
// as its text (a variables file never reaches the API server); a list or
// mapping is a problem.
func readMap(file string, m *yaml.Node, ptr string, b64 bool, vars Vars) ([]finding.Finding, error) {
	var probs []finding.Finding
	for k, v := range yamlnode.Fields(m) {
		pos := finding.Pos{File: file, Line: k.Line, Col: k.Column, Pointer: ptr + "/" + yamlnode.EscapeToken(k.Value)}
		if v.Kind != yaml.ScalarNode {
			probs = append(probs, problem(pos, fmt.Sprintf("variable %s must be a string, not a %s", k.Value, yamlnode.KindName(v))))
			continue
		}
		val := v.Value
		if b64 {
			dec, err := base64.StdEncoding.DecodeString(val)
			if err != nil {
				probs = append(probs, problem(pos, fmt.Sprintf("data of %s is not base64: use stringData for plain text", k.Value)))
				continue
			}
			val = string(dec)
		}
		vars[k.Value] = Var{Value: flatten(val), Origin: pos}
	}
	return probs, nil
}

// decodeFirst parses the first document of data into a node, keeping
// duplicate keys so that they can be reported (not just refused).
func decodeFirst(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return &doc, nil
}

func mappingAt(m *yaml.Node, keys ...string) *yaml.Node {
	m = yamlnode.Lookup(m, keys...)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	return m
}

func scalarAt(m *yaml.Node, keys ...string) string {
	m = yamlnode.Lookup(m, keys...)
	if m == nil || m.Kind != yaml.ScalarNode {
		return ""
	}
	return m.Value
}

// duplicateKeys reports every key that appears twice in one mapping.
// Kubernetes keeps the last, kyaml the first: either way one is ignored.
func duplicateKeys(file string, n *yaml.Node) []finding.Finding {
	var out []finding.Finding
	firstLine := map[*yaml.Node]int{} // a repeated key: the line of its first
	yamlnode.Walk(n, func(c *yaml.Node, ptr string) bool {
		if c.Kind == yaml.MappingNode {
			first := map[string]int{}
			for k := range yamlnode.Fields(c) {
				if l, dup := first[k.Value]; dup && k.Kind == yaml.ScalarNode && k.Value != "<<" {
					firstLine[k] = l
				} else if !dup {
					first[k.Value] = k.Line
				}
			}
		}
		// Walk visits a mapping's keys in order, each before its value,
		// so the problems come in document order.
		if l, dup := firstLine[c]; dup {
			out = append(out, finding.Finding{Code: finding.DuplicateKey, Severity: finding.SeverityError,
				Pos:     finding.Pos{File: file, Line: c.Line, Col: c.Column, Pointer: ptr},
				Message: fmt.Sprintf("duplicate key %q (first at line %d): readers disagree on which one counts (the API server keeps the last); keep one", c.Value, l),
			})
		}
		return true
	})
	return out
}
