package kustomize

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sync"

	"sigs.k8s.io/kustomize/api/krusty"
	kustypes "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/kustomize/kyaml/resid"
)

// Patch is one entry of a kustomize post-renderer's patches, as Flux
// stores it: the patch text and its target.
type Patch struct {
	Target Target
	Patch  string
}

// Target selects the object a patch edits, as kustomize's selector does.
// Kind and Name are always set; Namespace, Group and Version only when
// Kind and Name alone would select more than one object of the stream.
type Target struct {
	Group, Version, Kind, Name, Namespace string
}

func (t Target) String() string {
	s := t.Kind + "/" + t.Name
	if t.Namespace != "" {
		s = t.Kind + "/" + t.Namespace + "/" + t.Name
	}
	return s
}

// Selector is the target as kustomize's selector reads it, field by field
// in the order Flux's documentation writes them, without the empty ones.
// Selector fields are anchored regular expressions, so a name with a dot is
// escaped lest it select "sandboxXconfig" as well as "sandbox.config".
func (t Target) Selector() [][2]string {
	var out [][2]string
	for _, f := range [][2]string{{"group", t.Group}, {"version", t.Version}, {"kind", t.Kind}, {"name", t.Name}, {"namespace", t.Namespace}} {
		if f[1] != "" {
			out = append(out, [2]string{f[0], regexp.QuoteMeta(f[1])})
		}
	}
	return out
}

// kustomizeMu serialises krusty runs, as helm-controller does: kustomize
// has had concurrent map access in its builtins
// (kubernetes-sigs/kustomize#3659).
var kustomizeMu sync.Mutex

// Kustomize applies patches to manifests the way helm-controller's kustomize
// post-renderer does (fluxcd/helm-controller internal/postrender
// kustomize.go): an in-memory kustomization whose only resource is the Helm
// output, built by krusty with load restrictions off, plugins disabled
// except the builtins, and no reordering. It returns kustomize's output.
func Kustomize(manifests []byte, patches []Patch) ([]byte, error) {
	fs := filesys.MakeFsInMemory()
	const input = "helm-output.yaml"
	if err := fs.WriteFile(input, manifests); err != nil {
		return nil, err
	}
	cfg := kustypes.Kustomization{
		TypeMeta:  kustypes.TypeMeta{APIVersion: kustypes.KustomizationVersion, Kind: kustypes.KustomizationKind},
		Resources: []string{input},
	}
	for _, p := range patches {
		cfg.Patches = append(cfg.Patches, kustypes.Patch{Patch: p.Patch, Target: p.Target.selector()})
	}
	k, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	if err := fs.WriteFile("kustomization.yaml", k); err != nil {
		return nil, err
	}
	kustomizeMu.Lock()
	defer kustomizeMu.Unlock()
	m, err := krusty.MakeKustomizer(&krusty.Options{
		LoadRestrictions: kustypes.LoadRestrictionsNone,
		PluginConfig:     kustypes.DisabledPluginConfig(),
	}).Run(fs, ".")
	if err != nil {
		return nil, fmt.Errorf("kustomize: %w", err)
	}
	return m.AsYaml()
}

// selector is the target as Flux hands it to kustomize.
func (t Target) selector() *kustypes.Selector {
	s := &kustypes.Selector{ResId: resid.ResId{}}
	for _, f := range t.Selector() { // the escaped form the block carries
		v := f[1]
		switch f[0] {
		case "group":
			s.Gvk.Group = v
		case "version":
			s.Gvk.Version = v
		case "kind":
			s.Gvk.Kind = v
		case "name":
			s.Name = v
		case "namespace":
			s.Namespace = v
		}
	}
	return s
}
