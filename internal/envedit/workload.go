package envedit

import (
	"errors"
	"fmt"
	"strings"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Workload applies one contract workload to an object. Like kyaml's
// matchers it returns nil for an object the workload does not select, so the
// caller can tell "not mine" from "mine, and here is the result".
type Workload struct {
	Rules  contract.Workload
	Values Values
	Rec    *Recorder
}

var _ yaml.Filter = Workload{}

func (w Workload) Filter(obj *yaml.RNode) (*yaml.RNode, error) {
	o := ReadObject(obj)
	if !Matches(w.Rules.Match, o) {
		return nil, nil
	}
	s := scope{rec: w.Rec, workload: w.Rules.Name, object: o.String()}
	spec := PodSpec(obj, o.Kind)
	if spec == nil {
		if k, at := mergeOnPath(obj, o.Kind); k != nil {
			s.badShape(mergeError(k, at), obj.YNode())
			return obj, nil
		}
		s.record(finding.BadObject, finding.SeverityError, "", obj.YNode(),
			fmt.Sprintf("%s has no pod template (%s), so the contract cannot check its env; fix the chart, or narrow the workload's match",
				o.Kind, strings.Join(podSpecPaths[o.Kind], ".")))
		return obj, nil
	}
	cs, err := containers(spec, w.Rules.Containers)
	if err != nil {
		s.badShape(err, spec)
		return obj, nil
	}
	for _, name := range w.Rules.Containers {
		if !hasContainer(cs, name) {
			c := s
			c.container = name
			c.record(finding.Missing, finding.SeverityError, "", spec,
				fmt.Sprintf("container %s is not in the pod template; fix the contract's containers or the chart", name))
		}
	}
	wanted, err := w.resolveAll()
	if err != nil {
		s.record(finding.NoValue, finding.SeverityError, "", obj.YNode(), err.Error())
		return obj, nil
	}
	for _, c := range cs {
		cs := s
		cs.container = c.name
		w.container(cs, yaml.NewRNode(c.node), wanted)
	}
	return obj, nil
}

// container runs the rules over one container, in the order of DESIGN §3:
// renames first, so that secrets, injections and checks see the new names.
func (w Workload) container(s scope, c *yaml.RNode, wanted []resolution) {
	if _, err := envOf(c.YNode()); err != nil {
		s.badShape(err, c.YNode())
		return
	}
	s.rec.Seen = append(s.rec.Seen, Seen{Workload: s.workload, Object: s.object, Container: s.container,
		Env: envNames(c.YNode()), Line: c.YNode().Line})
	before := len(s.rec.Findings)
	_, _ = UniqueNames{s}.Filter(c)
	if len(s.rec.Findings) > before {
		return // with a duplicate name no edit can know which entry the chart meant
	}
	var filters []yaml.Filter
	for _, r := range w.Rules.Rename {
		filters = append(filters, Rename{scope: s, From: r.From, To: r.To})
	}
	filters = append(filters, SecretRefs{scope: s, Names: secretNames(w.Rules)})
	for i, e := range w.Rules.Env {
		filters = append(filters, Ensure{scope: s, Name: e.Name, Entry: wanted[i].entry})
	}
	filters = append(filters,
		Require{scope: s, Names: w.Rules.Require},
		Forbid{scope: s, Names: w.Rules.Forbid},
	)
	_ = c.PipeE(filters...) // the env shape was checked above; filters record, they do not fail
	env, _ := envOf(c.YNode())
	w.references(s, env)
	for i, e := range w.Rules.Env {
		if entryNamed(env, e.Name) != nil {
			continue
		}
		switch {
		case wanted[i].notConfigured:
			s.record(finding.NotConfigured, finding.SeverityInfo, e.Name, c.YNode(),
				fmt.Sprintf("env %s not injected: its secret name is empty%s", e.Name, setHint(e.FromValues, true)))
		case wanted[i].missing:
			s.record(finding.NoValue, finding.SeverityError, e.Name, c.YNode(),
				fmt.Sprintf("env %s has no default and no chart value%s", e.Name, setHint(e.FromValues, false)))
		}
	}
}

// references reports $(VAR) references in the entries the contract names
// that no earlier entry defines: Kubernetes leaves those as literal text.
func (w Workload) references(s scope, env *yaml.Node) {
	if env == nil {
		return
	}
	named := map[string]bool{}
	for _, e := range w.Rules.Env {
		named[e.Name] = true
	}
	defined := map[string]bool{}
	for _, e := range env.Content {
		name := nameNode(e)
		if v := yamlnode.Get(e, "value"); named[name.Value] && v != nil && v.Kind == yaml.ScalarNode {
			for _, ref := range references(v.Value) {
				if !defined[ref] {
					s.record(finding.Unresolved, finding.SeverityWarning, name.Value, name,
						fmt.Sprintf("env %s refers to $(%s), which no earlier entry defines; Kubernetes will pass the text as is", name.Value, ref))
				}
			}
		}
		defined[name.Value] = true
	}
}

// resolveAll settles every env entry of the workload against the values.
func (w Workload) resolveAll() ([]resolution, error) {
	out := make([]resolution, len(w.Rules.Env))
	for i, e := range w.Rules.Env {
		r, err := resolve(e, w.Values)
		if err != nil {
			return nil, fmt.Errorf("env %s: %w", e.Name, err)
		}
		out[i] = r
	}
	return out, nil
}

func secretNames(w contract.Workload) []string {
	var names []string
	for _, e := range w.Env {
		if e.IsSecret() {
			names = append(names, e.Name)
		}
	}
	return names
}

// envNames lists the names of a container's env, which was checked to be a
// list of named entries.
func envNames(c *yaml.Node) []string {
	env, _ := envOf(c)
	if env == nil {
		return nil
	}
	names := make([]string, 0, len(env.Content))
	for _, e := range env.Content {
		names = append(names, nameNode(e).Value)
	}
	return names
}

func hasContainer(cs []container, name string) bool {
	for _, c := range cs {
		if c.name == name {
			return true
		}
	}
	return false
}

// setHint tells the user which chart value wires an entry.
func setHint(ref *contract.ValuesRef, secret bool) string {
	switch {
	case ref == nil:
		return ""
	case secret && ref.Name != "":
		return "; set " + ref.Name + " to wire it"
	case !secret && ref.Path != "":
		return "; set " + ref.Path + " (-f or --set " + ref.Path + "=…)"
	default:
		return ""
	}
}

// badShape records a field that is not shaped as Kubernetes reads it, at
// the field itself when err says which (else at fallback).
func (s scope) badShape(err error, fallback *yaml.Node) {
	var se *shapeError
	if errors.As(err, &se) {
		s.record(finding.BadObject, finding.SeverityError, "", se.at, se.msg)
		return
	}
	s.record(finding.BadObject, finding.SeverityError, "", fallback, err.Error())
}
