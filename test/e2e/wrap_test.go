package e2e_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wrapHome is a Helm home with the CLI plugin installed (`helm envcontract
// …`) and, on Helm 4, the envcontract-render post-renderer unless
// withRender is false.
func wrapHome(t *testing.T, tl tools, helm string, withRender bool) *helmHome {
	t.Helper()
	h := newHelmHome(t, tl, helm)
	h.install(t, tl.repo)
	if helm == tl.helm4 && withRender {
		h.install(t, filepath.Join(tl.repo, "plugins", "envcontract-render"))
	}
	return h
}

func bothHelms(tl tools) map[string]string {
	return map[string]string{"helm3": tl.helm3, "helm4": tl.helm4}
}

// tempFile writes content to a file called name in a new temporary
// directory and returns its path.
func tempFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	writeFile(t, path, content, 0o644)
	return path
}

// TestWrapTemplate: `helm envcontract template` validates, then renders the
// drifted chart through the post-renderer of that Helm with the overlay
// reaching both Helm and the post-renderer.
func TestWrapTemplate(t *testing.T) {
	tl := requireTools(t)
	chart := tl.fixture("charts", "bp-sandbox-drifted")
	values := valuesFlags(tl.fixture("values", "enabled.yaml"), tl.fixture("values", "overlay.yaml"))
	for name, helm := range bothHelms(tl) {
		t.Run(name, func(t *testing.T) {
			h := wrapHome(t, tl, helm, true)
			args := append([]string{"envcontract", "template", "sandbox", chart, "--namespace", "sandbox-system",
				"--envcontract-contract", fixtureContract}, values...)
			res := h.run(t, args...)
			require.Zerof(t, res.exitCode, "helm %s:\nstderr:\n%s", strings.Join(args, " "), res.stderr)

			docs := byKey(t, parseDocs(t, res.stdout))
			assertMCPEnv(t, docs, withOverlay())
			assertControllerEnv(t, docs, withOverlay())
			assertPtyServerEnv(t, docs, withOverlay())
			assert.Equal(t, "https://git.acme.openova.example",
				literal(t, containerEnv(t, docs, mcpKey, "mcp"), "SANDBOX_GITEA_BASE_URL"), "the overlay's Gitea")
			// As a plugin, Helm takes --namespace off the arguments and hands
			// it over as HELM_NAMESPACE: the inner helm must still see it.
			assert.Equal(t, "sandbox-system", docs[mcpKey].node.GetNamespace())
		})
	}
}

// TestWrapInstallDryRun runs the wrapper's install on Helm 4, whose client
// dry run needs no cluster (Helm 3's does).
func TestWrapInstallDryRun(t *testing.T) {
	tl := requireTools(t)
	h := wrapHome(t, tl, tl.helm4, true)
	res := h.run(t, append([]string{"envcontract", "install", "sandbox", tl.fixture("charts", "bp-sandbox-drifted"),
		"--namespace", "sandbox-system", "--dry-run=client", "--envcontract-contract", fixtureContract},
		valuesFlags(tl.fixture("values", "enabled.yaml"), tl.fixture("values", "overlay.yaml"))...)...)
	require.Zerof(t, res.exitCode, "helm envcontract install --dry-run=client:\n%s", res.stderr)
	_, manifest, ok := strings.Cut(res.stdout, "\nMANIFEST:\n")
	require.Truef(t, ok, "no MANIFEST section in:\n%s", res.stdout)
	docs := byKey(t, parseDocs(t, manifest))
	assertMCPEnv(t, docs, withOverlay())
	assertControllerEnv(t, docs, withOverlay())
}

// TestWrapStopsOnSchemaViolation: an overlay that breaks the values schema
// stops the wrapper before Helm renders anything.
func TestWrapStopsOnSchemaViolation(t *testing.T) {
	tl := requireTools(t)
	chart := tl.fixture("charts", "bp-sandbox-drifted")
	overlays := map[string]struct {
		content string
		want    string // the finding after the overlay's path
	}{
		"enabled is a string": {
			content: "enabled: \"yes\"\n",
			want:    ":1:10: /enabled: got string, want boolean",
		},
		"empty channel list": {
			content: "env:\n  newapiDefaultChannels: \"\"\n",
			want:    ":2:26: /env/newapiDefaultChannels: '' does not match pattern",
		},
	}
	for name, helm := range bothHelms(tl) {
		t.Run(name, func(t *testing.T) {
			h := wrapHome(t, tl, helm, true)
			for oname, tc := range overlays {
				t.Run(oname, func(t *testing.T) {
					bad := tempFile(t, "overlay.yaml", tc.content)
					res := h.run(t, "envcontract", "template", "sandbox", chart,
						"-f", tl.fixture("values", "enabled.yaml"), "-f", bad)
					assert.Equal(t, 1, res.exitCode, "stderr:\n%s", res.stderr)
					assert.Empty(t, res.stdout, "nothing may be rendered")
					assert.Contains(t, res.stderr, bad+tc.want)
					assert.Contains(t, res.stderr, "helm template was not run")
				})
			}
		})
	}
}

// needsValueContract cannot be met with the fixture values: render fails.
const needsValueContract = `apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata:
  name: needs-value
spec:
  workloads:
    - name: mcp
      match:
        kinds: [Deployment]
        names: [openova-sandbox-mcp]
      containers: [mcp]
      env:
        - name: NEEDS_A_VALUE
          fromValues: mcp.notSet
`

// TestWrapRenderFailure: values that pass the schema but a contract that
// render cannot meet. The reason reaches stderr on both Helms: Helm 3 shows
// the post-renderer's stderr, and for Helm 4, which drops it, the wrapper
// prints what the plugin logged.
func TestWrapRenderFailure(t *testing.T) {
	tl := requireTools(t)
	contract := tempFile(t, "contract.yaml", needsValueContract)
	for name, helm := range bothHelms(tl) {
		t.Run(name, func(t *testing.T) {
			h := wrapHome(t, tl, helm, true)
			res := h.run(t, "envcontract", "template", "sandbox", tl.fixture("charts", "bp-sandbox-drifted"),
				"-f", tl.fixture("values", "enabled.yaml"), "--envcontract-contract", contract)
			assert.NotZero(t, res.exitCode)
			assert.Zero(t, objectCount(t, res.stdout), "nothing half-written on stdout:\n%s", res.stdout)
			assert.Contains(t, res.stderr, "env NEEDS_A_VALUE has no default and no chart value; set mcp.notSet")
		})
	}
}

// TestWrapHelm4NeedsRenderPlugin: without envcontract-render, Helm 4 cannot
// post-render; the wrapper says how to install it and renders nothing.
func TestWrapHelm4NeedsRenderPlugin(t *testing.T) {
	tl := requireTools(t)
	h := wrapHome(t, tl, tl.helm4, false)
	res := h.run(t, "envcontract", "template", "sandbox", tl.fixture("charts", "bp-sandbox-drifted"),
		"-f", tl.fixture("values", "enabled.yaml"))
	assert.Equal(t, 2, res.exitCode, "stderr:\n%s", res.stderr)
	assert.Empty(t, res.stdout)
	assert.Contains(t, res.stderr, "helm plugin install "+filepath.Join(tl.repo, "plugins", "envcontract-render"))
}
