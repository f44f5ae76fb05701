package fluxpatch

import (
	"fmt"
	"strings"

	sigsyaml "sigs.k8s.io/yaml"

	"github.com/openova/envcontract/internal/helmrelease"
)

// Block is the document `flux` prints for r: comments that say where the
// patches come from and how they behave, then postRenderers.
func (r *Result) Block() ([]byte, error) {
	h := []string{
		fmt.Sprintf("%s from chart %s with contract %s.", helmrelease.Marker, r.Chart, strings.Join(r.Contracts, ", ")),
		"Regenerate it with `envcontract flux CHART --helmrelease FILE --write`; do not edit it.",
		"Each patch is a JSON6902 patch whose test operations pin what it edits (container and",
		"env names, and the length of each env list it changes), so a changed chart fails the",
		"release instead of being patched wrongly. Keep this post-renderer first in the list:",
		"its patches expect Helm's own output.",
	}
	switch {
	case r.Baked:
		h = append(h,
			"spec.values holds Flux placeholders, but the chart transforms them, so these patches",
			"hold the values of the substitution given with --kustomization, --var or --vars-file:",
			"regenerate them when those variables change.")
	case r.Placeholders:
		h = append(h,
			"Flux placeholders (${VAR}) from spec.values stay placeholders here: Flux substitutes",
			"them when it applies the HelmRelease, as it substitutes spec.values.")
	}
	for _, p := range r.Patches {
		if p.Hook {
			h = append(h, "Patches of Helm hooks apply only with postRenderStrategy combined (the default) or separate.")
			break
		}
	}
	if len(r.Patches) == 0 {
		h = append(h, "The chart's output already meets the contract: there is nothing to patch.")
	}
	return Block(r.Patches, h)
}

// yamlDoc writes v as YAML the way Flux's tooling does (through JSON).
func yamlDoc(v any) ([]byte, error) {
	return sigsyaml.Marshal(v)
}
