package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envcontract runs the binary under test in the repository with stdin.
func envcontract(t *testing.T, tl tools, stdin []byte, args ...string) result {
	t.Helper()
	if len(args) > 0 && (args[0] == "render" || args[0] == "check") {
		args = append([]string{args[0]}, withFixtureContract(args[1:])...)
	}
	return run(t, tl.repo, baseEnv(), stdin, tl.bin, args...)
}

// checkFile runs `envcontract check` on content written to a file.
func checkFile(t *testing.T, tl tools, content string) result {
	t.Helper()
	f := t.TempDir() + "/manifests.yaml"
	require.NoError(t, os.WriteFile(f, []byte(content), 0o600))
	return envcontract(t, tl, nil, "check", f)
}

// TestFixedChartIsWhatRenderWrites proves the fixtures agree with the tool:
// render on the drifted chart gives the env the fixed chart ships, and render
// on the fixed chart changes no byte.
func TestFixedChartIsWhatRenderWrites(t *testing.T) {
	tl := requireTools(t)
	h := newHelmHome(t, tl, tl.helm3)
	enabled, overlay := tl.fixture("values", "enabled.yaml"), tl.fixture("values", "overlay.yaml")
	for name, files := range map[string][]string{
		"enabled":         {enabled},
		"enabled+overlay": {enabled, overlay},
	} {
		t.Run(name, func(t *testing.T) {
			values := valuesFlags(files...)
			drifted := h.mustTemplate(t, tl.fixture("charts", "bp-sandbox-drifted"), values...)
			fixed := h.mustTemplate(t, tl.fixture("charts", "bp-sandbox"), values...)

			rendered := envcontract(t, tl, []byte(drifted), append([]string{"render"}, values...)...)
			require.Zerof(t, rendered.exitCode, "render on the drifted chart:\n%s", rendered.stderr)
			got, want := byKey(t, parseDocs(t, rendered.stdout)), byKey(t, parseDocs(t, fixed))
			assert.Equal(t, containerEnv(t, want, mcpKey, "mcp"), containerEnv(t, got, mcpKey, "mcp"))
			assert.Equal(t, containerEnv(t, want, controllerKey, "controller"),
				containerEnv(t, got, controllerKey, "controller"))

			again := envcontract(t, tl, []byte(fixed), append([]string{"render"}, values...)...)
			require.Zerof(t, again.exitCode, "render on the fixed chart:\n%s", again.stderr)
			assert.Equal(t, fixed, again.stdout, "render on the fixed chart must be a byte-identical no-op")
		})
	}
}

func TestCheckFixtureCharts(t *testing.T) {
	tl := requireTools(t)
	h := newHelmHome(t, tl, tl.helm3)
	values := valuesFlags(tl.fixture("values", "enabled.yaml"))
	tests := map[string]struct {
		chart    string
		wantExit int
	}{
		"drifted chart breaks the contract": {chart: "bp-sandbox-drifted", wantExit: 1},
		"fixed chart keeps it":              {chart: "bp-sandbox", wantExit: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out := h.mustTemplate(t, tl.fixture("charts", tc.chart), values...)
			res := checkFile(t, tl, out)
			assert.Equalf(t, tc.wantExit, res.exitCode, "check exit code\nstdout:\n%s\nstderr:\n%s", res.stdout, res.stderr)
			if tc.wantExit == 1 {
				assert.Contains(t, res.stdout+res.stderr, "SANDBOX_ORG_ID", "the finding names the env var")
			}
		})
	}
}

func TestRenderControllerStreams(t *testing.T) {
	tl := requireTools(t)
	read := func(name string) []byte {
		b, err := os.ReadFile(tl.fixture("streams", name))
		require.NoError(t, err)
		return b
	}
	drifted, fixed := read("mcp-drifted.yaml"), read("mcp-fixed.yaml")

	t.Run("fixed stream is a no-op", func(t *testing.T) {
		res := envcontract(t, tl, fixed, "render")
		require.Zerof(t, res.exitCode, "render:\n%s", res.stderr)
		assert.Equal(t, string(fixed), res.stdout)
	})
	t.Run("drifted stream gets the fixed env", func(t *testing.T) {
		res := envcontract(t, tl, drifted, "render")
		require.Zerof(t, res.exitCode, "render:\n%s", res.stderr)
		got, want := byKey(t, parseDocs(t, res.stdout)), byKey(t, parseDocs(t, string(fixed)))
		assert.Equal(t, containerEnv(t, want, mcpKey, "mcp"), containerEnv(t, got, mcpKey, "mcp"))
		gotDocs, inDocs := parseDocs(t, res.stdout), parseDocs(t, string(drifted))
		require.Len(t, gotDocs, len(inDocs))
		for i := range inDocs {
			if inDocs[i].key != mcpKey {
				assert.Equalf(t, inDocs[i].raw, gotDocs[i].raw, "%s must pass unchanged", inDocs[i].key)
			}
		}
	})
	t.Run("check tells the drifted stream from the fixed one", func(t *testing.T) {
		assert.Equal(t, 1, checkFile(t, tl, string(drifted)).exitCode)
		res := checkFile(t, tl, string(fixed))
		assert.Equalf(t, 0, res.exitCode, "check on the fixed stream:\n%s%s", res.stdout, res.stderr)
	})
}

func TestRenderEmptyInput(t *testing.T) {
	tl := requireTools(t)
	for name, in := range map[string]string{
		"empty":        "",
		"comment only": "# Source: bp-sandbox/templates/nothing.yaml\n",
		"separators":   "---\n---\n",
	} {
		t.Run(name, func(t *testing.T) {
			res := envcontract(t, tl, []byte(in), "render")
			require.Zerof(t, res.exitCode, "render:\n%s", res.stderr)
			// Helm 4 rejects an empty post-render output: say something.
			require.NotEmpty(t, strings.TrimSpace(res.stdout))
			for _, line := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
				if line != "---" {
					assert.Truef(t, strings.HasPrefix(line, "#"), "want only comments, got line %q", line)
				}
			}
		})
	}
}

// TestPostRendererHandsOverChartsWithDependencies: only Helm's chartutil
// merges the values of a chart with subcharts right, so envcontract-render
// hands such a run to envcontract render, and says so when it cannot.
func TestPostRendererHandsOverChartsWithDependencies(t *testing.T) {
	tl := requireTools(t)
	stream, err := os.ReadFile(tl.fixture("streams", "mcp-drifted.yaml"))
	require.NoError(t, err)
	chart := filepath.Join(tl.repo, "internal", "values", "testdata", "chart") // has the subchart sub
	args := withFixtureContract([]string{"--chart", chart, "-f", tl.fixture("values", "enabled.yaml")})

	want := envcontract(t, tl, stream, append([]string{"render"}, args...)...)
	require.Zerof(t, want.exitCode, "envcontract render:\n%s", want.stderr)
	require.Contains(t, want.stdout, "value: http://gitea-http.gitea.svc.cluster.local:3000", "the chart's default reaches the env")
	got := run(t, tl.repo, baseEnv(), stream, tl.render, args...)
	require.Zerof(t, got.exitCode, "envcontract-render:\n%s", got.stderr)
	assert.Equal(t, want.stdout, got.stdout)

	// A copy alone, with no envcontract beside it or on PATH.
	alone := filepath.Join(t.TempDir(), "envcontract-render")
	data, err := os.ReadFile(tl.render)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(alone, data, 0o755))
	res := run(t, tl.repo, append(baseEnv(), "PATH=/usr/bin:/bin"), stream, alone, args...)
	assert.Equal(t, 2, res.exitCode)
	assert.Empty(t, res.stdout)
	assert.Contains(t, res.stderr, "the chart has dependencies")
}
