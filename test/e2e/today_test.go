package e2e_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTodaysChart: a chart of today's layout (0.3.4 and later, the
// controller only) rendered by real Helm passes the default contract,
// bp-sandbox: the post-renderer changes nothing and check finds no error,
// with every optional template switched on too.
func TestTodaysChart(t *testing.T) {
	tl := requireTools(t)
	chart := tl.fixture("charts", "bp-sandbox-today")
	for _, set := range []string{"", "serviceMonitor.enabled=true,grafanaDashboard.enabled=true,sso.enabled=true,extraEnv.LOG_LEVEL=debug"} {
		helmArgs := valuesFlags(tl.fixture("values", "enabled.yaml"))
		if set != "" {
			helmArgs = append(helmArgs, "--set", set)
		}
		for name, helm := range bothHelms(tl) {
			t.Run(name+"/"+set, func(t *testing.T) {
				h := newHelmHome(t, tl, helm)
				baseline, renderer := []string{}, []string{"--post-renderer", tl.bin, "--post-renderer-args", "render"}
				if name == "helm4" { // Helm 4 runs post-renderers as plugins only, and re-encodes around any
					h.install(t, filepath.Join(tl.repo, "plugins", "envcontract-render"))
					h.install(t, filepath.Join(tl.repo, "test", "e2e", "testdata", "identity-plugin"))
					baseline, renderer = []string{"--post-renderer", "identity"}, []string{"--post-renderer", "envcontract-render"}
				}
				want := h.mustTemplate(t, chart, append(helmArgs, baseline...)...)
				got := h.mustTemplate(t, chart, append(helmArgs, renderer...)...)
				assert.Equal(t, want, got, "render changes nothing on today's chart")

				res := run(t, t.TempDir(), baseEnv(), []byte(got), tl.bin, "check", "--chart", chart, "-o", "json", "-")
				require.Zerof(t, res.exitCode, "check:\n%s\n%s", res.stdout, res.stderr)
				assert.Contains(t, res.stdout, `"error": 0`)
				assert.NotContains(t, res.stdout, "workload controller matched no object", "the chart's controller is the contract's")
				assert.NotContains(t, res.stdout, "chart-version", "the chart's version is the contract's")
			})
		}
	}
}
