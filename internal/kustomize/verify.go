package kustomize

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/json6902"
	"github.com/openova/envcontract/internal/yamlnode"
)

// ErrMismatch: kustomize with the patches does not give render's output.
var ErrMismatch = errors.New("the patches applied by kustomize do not give what render gives")

// MismatchError lists where kustomize's result differs from render's, one
// "apiVersion/kind/namespace/name: /pointer: …" line each. It matches
// ErrMismatch with errors.Is.
type MismatchError struct {
	Diffs []string
}

func (e *MismatchError) Error() string {
	return ErrMismatch.Error() + ":\n  " + strings.Join(e.Diffs, "\n  ")
}

func (e *MismatchError) Unwrap() error { return ErrMismatch }

// maxReported bounds the differences one mismatch error lists.
const maxReported = 10

// Verified says what Verify compared.
type Verified struct {
	Objects int // objects compared
	Patches int // patches kustomize applied
}

// Verify applies the patches to the Helm output manifests with kustomize,
// as helm-controller does (see Kustomize), and compares the result with
// want, render's output, object by object. Render's output goes through the
// same kustomize build without patches first, so that what kustomize does
// to every object it reads (it sorts keys and drops "annotations: {}") does
// not count as a difference: only the patches' effect is compared.
func Verify(manifests []byte, patches []Patch, want []byte) (Verified, error) {
	v := Verified{Patches: len(patches)}
	got, err := Kustomize(manifests, patches)
	if err != nil { // a failed test operation: the patches do not fit this output
		return v, fmt.Errorf("%w: applying them fails: %w", ErrMismatch, err)
	}
	norm, err := Kustomize(want, nil)
	if err != nil {
		return v, fmt.Errorf("reading render's output with kustomize: %w", err)
	}
	gotObjs, err := byID(got)
	if err != nil {
		return v, err
	}
	wantObjs, err := byID(norm)
	if err != nil {
		return v, err
	}
	var diffs []string
	for _, id := range sortedKeys(wantObjs) {
		g, ok := gotObjs[id]
		if !ok {
			diffs = append(diffs, id+": missing from kustomize's output")
			continue
		}
		for _, d := range differences("", g, wantObjs[id], !strings.Contains(id, "/Secret/")) {
			diffs = append(diffs, id+": "+d)
		}
	}
	for _, id := range sortedKeys(gotObjs) {
		if _, ok := wantObjs[id]; !ok {
			diffs = append(diffs, id+": not in render's output")
		}
	}
	v.Objects = len(wantObjs)
	if len(diffs) == 0 {
		return v, nil
	}
	if len(diffs) > maxReported {
		diffs = append(diffs[:maxReported], fmt.Sprintf("and %d more", len(diffs)-maxReported))
	}
	return v, &MismatchError{Diffs: diffs}
}

// byID reads kustomize's output into JSON values keyed by
// apiVersion/kind/namespace/name.
func byID(data []byte) (map[string]any, error) {
	nodes, err := kio.FromBytes(data)
	if err != nil {
		return nil, fmt.Errorf("reading kustomize's output: %w", err)
	}
	out := map[string]any{}
	for _, n := range nodes {
		meta, err := n.GetMeta()
		if err != nil {
			return nil, err
		}
		v, err := json6902.JSONValue(n.YNode())
		if err != nil {
			return nil, err
		}
		out[strings.Join([]string{meta.APIVersion, meta.Kind, meta.Namespace, meta.Name}, "/")] = v
	}
	return out, nil
}

// differences lists the JSON pointers where got and want differ, with both
// values for scalars when show is set. It is not set for Secrets, whose
// values must never reach a message; render refuses secret literals in env,
// so other objects carry no secret material.
func differences(path string, got, want any, show bool) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			break
		}
		var out []string
		for _, k := range sortedKeys(w) {
			if gv, ok := g[k]; ok {
				out = append(out, differences(path+"/"+yamlnode.EscapeToken(k), gv, w[k], show)...)
			} else {
				out = append(out, path+"/"+yamlnode.EscapeToken(k)+": missing")
			}
		}
		for _, k := range sortedKeys(g) {
			if _, ok := w[k]; !ok {
				out = append(out, path+"/"+yamlnode.EscapeToken(k)+": not expected")
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			break
		}
		var out []string
		for i := range w {
			out = append(out, differences(fmt.Sprintf("%s/%d", path, i), g[i], w[i], show)...)
		}
		return out
	}
	if json6902.EqualJSON(got, want) {
		return nil
	}
	if path == "" {
		path = "/"
	}
	if !show {
		return []string{path + ": differs"}
	}
	return []string{fmt.Sprintf("%s: got %s, want %s", path, short(got), short(want))}
}

func short(v any) string {
	s, err := yaml.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	t := strings.Join(strings.Fields(string(s)), " ")
	if len(t) > 80 {
		t = t[:77] + "..."
	}
	return t
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
