package fluxpatch

import (
	"encoding/json"
	"fmt"
	"sync"

	"sigs.k8s.io/kustomize/api/krusty"
	kustypes "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/kustomize/kyaml/resid"
)

// KustomizePatch is one entry of a kustomize post-renderer's patches, as
// Flux stores it: the patch text and its target.
type KustomizePatch struct {
	Target Target
	Patch  string
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
func Kustomize(manifests []byte, patches []KustomizePatch) ([]byte, error) {
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
	node := t.node() // the escaped form the block carries
	s := &kustypes.Selector{ResId: resid.ResId{}}
	for i := 0; i+1 < len(node.Content); i += 2 {
		v := node.Content[i+1].Value
		switch node.Content[i].Value {
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
