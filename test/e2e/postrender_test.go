package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// engine is one way to run envcontract as a post-renderer of `helm template`.
type engine struct {
	name string
	// setup makes a Helm home with what this engine needs installed.
	setup func(t *testing.T, tl tools) *helmHome
	// renderer is the helm flags that post-render with `envcontract render ARGS`.
	renderer func(tl tools, args ...string) []string
	// baseline is helm's output for the same chart and values when no
	// envcontract runs: what untouched documents must look like.
	baseline func(t *testing.T, h *helmHome, chart string, helmArgs ...string) string
	// logsFailures: the failure reason reaches the log file, because this Helm
	// drops the post-renderer's stderr.
	logsFailures bool
}

func engines() []engine {
	plain := func(t *testing.T, h *helmHome, chart string, helmArgs ...string) string {
		t.Helper()
		return h.mustTemplate(t, chart, helmArgs...)
	}
	return []engine{
		{
			name: "helm3 plugin form",
			setup: func(t *testing.T, tl tools) *helmHome {
				h := newHelmHome(t, tl, tl.helm3)
				h.install(t, tl.repo)
				return h
			},
			renderer: func(_ tools, args ...string) []string {
				return append([]string{"--post-renderer", "helm"},
					postRendererArgs(append([]string{"envcontract", "render"}, withFixtureContract(args)...)...)...)
			},
			baseline: plain,
		},
		{
			name:  "helm3 binary path",
			setup: func(t *testing.T, tl tools) *helmHome { return newHelmHome(t, tl, tl.helm3) },
			renderer: func(tl tools, args ...string) []string {
				return append([]string{"--post-renderer", tl.bin},
					postRendererArgs(append([]string{"render"}, withFixtureContract(args)...)...)...)
			},
			baseline: plain,
		},
		{
			name: "helm4 plugin",
			setup: func(t *testing.T, tl tools) *helmHome {
				h := newHelmHome(t, tl, tl.helm4)
				h.install(t, filepath.Join(tl.repo, "plugins", "envcontract-render"))
				h.install(t, filepath.Join(tl.repo, "test", "e2e", "testdata", "identity-plugin"))
				return h
			},
			renderer: func(_ tools, args ...string) []string {
				return append([]string{"--post-renderer", "envcontract-render"}, postRendererArgs(withFixtureContract(args)...)...)
			},
			// Helm 4 re-encodes whatever goes through a post-renderer.
			baseline: func(t *testing.T, h *helmHome, chart string, helmArgs ...string) string {
				t.Helper()
				return h.mustTemplate(t, chart, append(helmArgs, "--post-renderer", "identity")...)
			},
			logsFailures: true,
		},
	}
}

func TestPostRenderDriftedChart(t *testing.T) {
	tl := requireTools(t)
	chart := tl.fixture("charts", "bp-sandbox-drifted")
	values := valuesFlags(tl.fixture("values", "enabled.yaml"))
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			h := e.setup(t, tl)
			before := e.baseline(t, h, chart, values...)
			out := h.mustTemplate(t, chart, append(values, e.renderer(tl, values...)...)...)

			docs := byKey(t, parseDocs(t, out))
			assertMCPEnv(t, docs, enabledValues)
			assertControllerEnv(t, docs, enabledValues)
			assertPtyServerEnv(t, docs, enabledValues)
			beforeDocs := byKey(t, parseDocs(t, before))
			assertOthersUnchanged(t, beforeDocs, docs)
			assert.Contains(t, docs, hookKey, "the hook Job must still be rendered")

			// Helm 3 reads `# Source:`, Helm 4 its filename annotation: both
			// must survive on the documents envcontract changed.
			for _, k := range []string{mcpKey, controllerKey} {
				assert.Equalf(t, sourceLine(beforeDocs[k].raw), sourceLine(docs[k].raw), "%s source", k)
			}
			assert.NotContains(t, out, "postrenderer.helm.sh/postrender-filename",
				"Helm strips the filename annotation only from documents that kept it")
		})
	}
}

func TestPostRenderValuesReachBothWorkloads(t *testing.T) {
	tl := requireTools(t)
	chart := tl.fixture("charts", "bp-sandbox-drifted")
	enabled, overlay := tl.fixture("values", "enabled.yaml"), tl.fixture("values", "overlay.yaml")
	tests := map[string]struct {
		helmValues, renderValues []string
		want                     wantValues
	}{
		"overlay passed to helm and to the post-renderer": {
			helmValues:   []string{enabled, overlay},
			renderValues: []string{enabled, overlay},
			want:         withOverlay(),
		},
		// The post-renderer sees only the values handed to it: contract
		// defaults apply, which is why the README passes the same -f twice.
		"overlay passed to helm only": {
			helmValues:   []string{enabled, overlay},
			renderValues: []string{enabled},
			want:         enabledValues,
		},
	}
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			h := e.setup(t, tl)
			for name, tc := range tests {
				t.Run(name, func(t *testing.T) {
					args := append(valuesFlags(tc.helmValues...), e.renderer(tl, valuesFlags(tc.renderValues...)...)...)
					docs := byKey(t, parseDocs(t, h.mustTemplate(t, chart, args...)))
					assertMCPEnv(t, docs, tc.want)
					assertControllerEnv(t, docs, tc.want)
				})
			}
		})
	}
}

func TestPostRenderDisabledChart(t *testing.T) {
	tl := requireTools(t)
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			h := e.setup(t, tl)
			// Default values: enabled is false and the chart renders nothing,
			// which Helm 4 would reject if the post-renderer printed nothing.
			res := h.template(t, tl.fixture("charts", "bp-sandbox-drifted"), e.renderer(tl)...)
			require.Zerof(t, res.exitCode, "helm template of the disabled chart failed:\n%s", res.stderr)
			assert.Zero(t, objectCount(t, res.stdout), "a disabled chart renders no object")
		})
	}
}

func TestPostRenderFailure(t *testing.T) {
	tl := requireTools(t)
	chart := tl.fixture("charts", "bp-sandbox-drifted")
	values := valuesFlags(tl.fixture("values", "missing-mcp-image.yaml"))
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			h := e.setup(t, tl)
			res := h.template(t, chart, append(values, e.renderer(tl, values...)...)...)

			require.NotZero(t, res.exitCode, "helm template must fail when runtime.mcpImage is missing")
			assert.Zero(t, objectCount(t, res.stdout), "nothing half-written on stdout:\n%s", res.stdout)
			if e.logsFailures {
				log, err := os.ReadFile(h.renderLog())
				require.NoError(t, err, "the Helm 4 plugin must log the failure reason")
				assert.Contains(t, string(log), "SANDBOX_MCP_IMAGE")
				assert.Contains(t, res.stderr, "envcontract-render", "Helm names the failed plugin")
			} else {
				assert.Contains(t, res.stderr, "SANDBOX_MCP_IMAGE", "Helm 3 shows the post-renderer's stderr")
			}
		})
	}
}

func TestPostRenderFixedChartIsNoOp(t *testing.T) {
	tl := requireTools(t)
	chart := tl.fixture("charts", "bp-sandbox")
	enabled, overlay := tl.fixture("values", "enabled.yaml"), tl.fixture("values", "overlay.yaml")
	valueSets := map[string][]string{
		"enabled":         {enabled},
		"enabled+overlay": {enabled, overlay},
	}
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			h := e.setup(t, tl)
			for name, files := range valueSets {
				t.Run(name, func(t *testing.T) {
					values := valuesFlags(files...)
					want := e.baseline(t, h, chart, values...)
					got := h.mustTemplate(t, chart, append(values, e.renderer(tl, values...)...)...)
					assert.Equal(t, want, got, "the fixed chart must come out byte for byte as it went in")
				})
			}
		})
	}
}

func TestCLIPluginLoads(t *testing.T) {
	tl := requireTools(t)
	for name, helm := range map[string]string{"helm3": tl.helm3, "helm4": tl.helm4} {
		t.Run(name, func(t *testing.T) {
			h := newHelmHome(t, tl, helm)
			h.install(t, tl.repo)
			if helm == tl.helm4 {
				// Both plugins side by side: distinct names, no clash.
				h.install(t, filepath.Join(tl.repo, "plugins", "envcontract-render"))
			}
			res := h.run(t, "envcontract", "version")
			require.Zerof(t, res.exitCode, "helm envcontract version:\n%s", res.stderr)
			assert.True(t, strings.HasPrefix(res.stdout, "envcontract "), "got %q", res.stdout)

			list := h.run(t, "plugin", "list")
			require.Zero(t, list.exitCode, list.stderr)
			assert.Regexp(t, `(?m)^envcontract\s`, list.stdout)
			if helm == tl.helm4 {
				assert.Regexp(t, `(?m)^envcontract-render\s+\S+\s+postrenderer/v1\s`, list.stdout)
			}
		})
	}
}

// sourceLine is the `# Source:` comment of a document, "" when it has none.
func sourceLine(raw string) string {
	for _, line := range strings.Split(raw, "\n") {
		if strings.HasPrefix(line, "# Source: ") {
			return line
		}
	}
	return ""
}
