package fluxsubst

import (
	"bytes"
	"fmt"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/stream"
)

// Sources are the places substitution variables come from. Precedence,
// lowest first: VarsFiles in order (they stand in for substituteFrom, which
// Flux also reads before substitute), the Kustomization's
// spec.postBuild.substitute, then Vars from the command line.
type Sources struct {
	Kustomization string   // a file holding a Flux Kustomization; optional
	VarsFiles     []string // see ReadVarsFile
	Vars          []string // NAME=VALUE
	Strict        bool
}

// Options reads every source. Without a Kustomization, substitution runs
// when any variable is given, as if a Kustomization set exactly those;
// with one, its spec.postBuild decides, as in kustomize-controller.
func (s Sources) Options() (Options, []finding.Finding, error) {
	o := Options{Strict: s.Strict, Vars: Vars{}}
	var probs []finding.Finding
	for _, f := range s.VarsFiles {
		v, ps, err := OpenVarsFile(f)
		if err != nil {
			return o, nil, err
		}
		probs = append(probs, ps...)
		o.Vars = o.Vars.Merge(v)
	}
	cli := Vars{}
	for i, kv := range s.Vars {
		name, v, err := ParseVar(i+1, kv)
		if err != nil {
			return o, nil, err
		}
		cli[name] = v
	}
	o.PostBuild = len(o.Vars)+len(cli) > 0
	if s.Kustomization != "" {
		data, err := stream.ReadFile(s.Kustomization, stream.DefaultMaxBytes)
		if err != nil {
			return o, nil, fmt.Errorf("reading the Kustomization: %w", err)
		}
		k, ps, err := ReadKustomization(s.Kustomization, bytes.NewReader(data))
		if err != nil {
			return o, nil, err
		}
		probs = append(probs, ps...)
		o.PostBuild = k.PostBuild
		o.SubstituteFrom = k.SubstituteFrom
		o.Vars = o.Vars.Merge(k.Substitute)
		if !k.PostBuild && len(o.Vars)+len(cli) > 0 {
			probs = append(probs, warning(finding.Pos{File: s.Kustomization, Pointer: "/spec"}, "the Kustomization has no spec.postBuild, so Flux substitutes nothing: the variables given are not used"))
		}
	}
	o.Vars = o.Vars.Merge(cli)
	finding.Sort(probs)
	return o, probs, nil
}
