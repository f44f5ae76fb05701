package helmsdk

import (
	"bytes"
	"fmt"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	rel3 "helm.sh/helm/v3/pkg/release"
)

// Template renders a chart in-process as `helm template` does, and returns
// what helm-controller hands its post-renderers with Flux's default
// postRenderStrategy (combined): the manifests, then the hooks, each
// "---\n# Source: PATH\n…". CRDs are left out; helm-controller applies them
// apart from the post-renderers. vals are the user-supplied values; Helm
// coalesces them with the chart's own, so a null still deletes a default.
func Template(chartPath string, vals map[string]any, release, namespace string) ([]byte, *chart.Chart, error) {
	chrt, err := loader.Load(chartPath)
	if err != nil {
		return nil, nil, fmt.Errorf("loading chart %q: %w", chartPath, err)
	}
	cfg := &action.Configuration{Log: func(string, ...any) {}}
	inst := action.NewInstall(cfg)
	inst.DryRun = true
	inst.DryRunOption = "client"
	inst.ClientOnly = true
	inst.Replace = true // no release store to check the name against
	inst.ReleaseName = release
	inst.Namespace = namespace
	var rel *rel3.Release
	// What Helm logs while it coalesces is dropped here: validate reports
	// the same warnings, located, from Coalesce.
	_, err = captureLog(func() error {
		var err error
		rel, err = inst.Run(chrt, CopyValues(vals))
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("rendering chart %q: %w", chartPath, err)
	}
	var buf bytes.Buffer
	buf.WriteString(rel.Manifest)
	for _, h := range rel.Hooks {
		fmt.Fprintf(&buf, "---\n# Source: %s\n%s\n", h.Path, h.Manifest)
	}
	return buf.Bytes(), chrt, nil
}

// CopyValues copies the maps of vals, which Helm may change while it
// processes dependencies.
func CopyValues(vals map[string]any) map[string]any {
	out := make(map[string]any, len(vals))
	for k, v := range vals {
		if m, ok := v.(map[string]any); ok {
			v = CopyValues(m)
		}
		out[k] = v
	}
	return out
}
