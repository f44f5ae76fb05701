package main

import (
	"github.com/openova/envcontract/internal/exitcode"

	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	wrapChart   = "../../fixtures/charts/bp-sandbox-drifted"
	wrapEnabled = "../../fixtures/values/enabled.yaml"
	wrapOverlay = "../../fixtures/values/overlay.yaml"
	wdata       = "testdata/wrap/"
)

// noHelm points HELM_BIN at nothing: a test that passes with it proves the
// wrapper stopped before looking for Helm.
func noHelm(t *testing.T) {
	t.Helper()
	t.Setenv("HELM_BIN", filepath.Join(t.TempDir(), "no-helm"))
}

func TestWrapStopsBeforeHelmOnSchemaViolation(t *testing.T) {
	tests := map[string]struct {
		args []string
		want string // the finding, with the file and line the bad value came from
	}{
		"enabled is a string": {
			args: []string{"-f", wdata + "bad-enabled.yaml"},
			want: wdata + "bad-enabled.yaml:2:10: /enabled: got string, want boolean",
		},
		"empty channel list": {
			args: []string{"-f", wdata + "empty-channels.yaml"},
			want: wdata + "empty-channels.yaml:3:26: /env/newapiDefaultChannels: '' does not match pattern",
		},
		"from --set, in the = form": {
			args: []string{"--set=enabled=yes"},
			want: "--set: /enabled: got string, want boolean",
		},
	}
	for _, command := range []string{"template", "install", "upgrade"} {
		for name, tc := range tests {
			t.Run(command+"/"+name, func(t *testing.T) {
				noHelm(t)
				args := append([]string{command, "sandbox", wrapChart, "-n", "sandbox-system", "-f", wrapEnabled}, tc.args...)
				stdout, stderr, code := execute(t, "", args...)
				assert.Equal(t, exitcode.Findings, code, stderr)
				assert.Empty(t, stdout, "nothing may reach stdout when validation fails")
				assert.Contains(t, stderr, tc.want)
				assert.Contains(t, stderr, "helm "+command+" was not run")
			})
		}
	}
}

func TestWrapUsageErrors(t *testing.T) {
	tests := map[string]struct {
		args []string
		want string
	}{
		"post-renderer given": {
			args: []string{"template", "s", wrapChart, "--post-renderer", "kustomize"},
			want: "wires --post-renderer itself",
		},
		"post-renderer-args given": {
			args: []string{"template", "s", wrapChart, "--post-renderer-args=x"},
			want: "wires --post-renderer itself",
		},
		"values from stdin": {
			args: []string{"install", "s", wrapChart, "--values", "a.yaml,-"},
			want: "-f -: the post-renderer reads the manifests on its standard input",
		},
		"chart from a repository": {
			args: []string{"install", "s", "openova/bp-sandbox", "--repo", "https://charts.example"},
			want: `chart "openova/bp-sandbox" is not a local directory or archive`,
		},
		"no chart": {
			args: []string{"template", "-f", wrapEnabled},
			want: "helm template takes [NAME] CHART",
		},
		"upgrade needs a release": {
			args: []string{"upgrade", wrapChart},
			want: "helm upgrade takes RELEASE CHART",
		},
		"flag of unknown arity": {
			args: []string{"template", "s", wrapChart, "--brand-new", "x"},
			want: "write --brand-new=VALUE",
		},
		"contract flag without a value": {
			args: []string{"template", "s", wrapChart, "--envcontract-contract"},
			want: "--envcontract-contract needs a value",
		},
		"unknown contract": {
			args: []string{"template", "s", wrapChart, "-f", wrapEnabled, "--envcontract-contract", "no-such-contract"},
			want: "no-such-contract",
		},
		"no helm": {
			args: []string{"template", "s", wrapChart, "-f", wrapEnabled},
			want: "HELM_BIN=",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			noHelm(t)
			stdout, stderr, code := execute(t, "", tc.args...)
			assert.Equal(t, exitcode.Usage, code, stderr)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

func TestWrapHelp(t *testing.T) {
	noHelm(t)
	stdout, _, code := execute(t, "", "upgrade", "--help")
	assert.Equal(t, exitcode.OK, code)
	assert.Contains(t, stdout, "upgrade RELEASE CHART [helm flags]")
	assert.Contains(t, stdout, "--envcontract-contract FILE|NAME")
}

// fake is a fake helm (testdata/wrap/fake-helm.sh) as HELM_BIN. The real
// Helm runs in test/e2e; the fake shows what it cannot: the exact command
// line handed to Helm, any exit status passed through, and the Helm 4 log
// relayed.
type fake struct{ args string }

func newFake(t *testing.T, version, plugins string) fake {
	t.Helper()
	dir := t.TempDir()
	script, err := os.ReadFile(wdata + "fake-helm.sh")
	require.NoError(t, err)
	bin := filepath.Join(dir, "helm")
	require.NoError(t, os.WriteFile(bin, script, 0o755))
	f := fake{args: filepath.Join(dir, "args")}
	t.Setenv("HELM_BIN", bin)
	t.Setenv("FAKE_VERSION", version)
	t.Setenv("FAKE_PLUGINS", plugins)
	t.Setenv("FAKE_ARGS", f.args)
	t.Setenv("FAKE_EXIT", "0")
	t.Setenv("FAKE_LOG", "")
	t.Setenv("ENVCONTRACT_LOG_FILE", "")
	return f
}

// argv is what the fake helm was run with; nil when it was not run.
func (f fake) argv(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(f.args)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

func TestWrapHandsHelmTheSameValues(t *testing.T) {
	self, err := os.Executable()
	require.NoError(t, err)
	userArgs := []string{"sandbox", wrapChart, "-n", "sandbox-system", "-f", wrapEnabled, "--values=" + wrapOverlay,
		"--set", "mcp.keycloak.parentRealm=acme", "--set-string", "mcp.storage.s3Region=eu-1", "--envcontract-contract", "bp-sandbox"}
	// What render gets, and what Helm gets after the post-renderer flags:
	// the user's arguments without --envcontract-contract.
	renderArgs := []string{"--chart", wrapChart, "-c", "bp-sandbox", "-f", wrapEnabled, "-f", wrapOverlay,
		"--set", "mcp.keycloak.parentRealm=acme", "--set-string", "mcp.storage.s3Region=eu-1"}
	helmArgs := []string{"sandbox", wrapChart, "-n", "sandbox-system", "-f", wrapEnabled, "--values=" + wrapOverlay,
		"--set", "mcp.keycloak.parentRealm=acme", "--set-string", "mcp.storage.s3Region=eu-1"}
	tests := map[string]struct {
		version, plugins string
		renderer         []string
		after            []string // after the arguments
	}{
		"helm 3 runs this binary": {
			version:  "v3.22",
			renderer: []string{"--post-renderer", self, "--post-renderer-args=render"},
		},
		"helm 4 runs the plugin": {
			// The arguments first: Helm 4 loads the plugin again for each one after it.
			version: "v4.3",
			plugins: "envcontract-render\t0.1.0\tpostrenderer/v1\n",
			after:   []string{"--post-renderer", "envcontract-render"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, tc.version, tc.plugins)
			stdout, stderr, code := execute(t, "", append([]string{"upgrade"}, userArgs...)...)
			require.Equal(t, exitcode.OK, code, stderr)
			assert.Equal(t, "rendered\n", stdout, "Helm's stdout goes through")
			assert.Equal(t, "from helm\n", stderr, "Helm's stderr goes through, and nothing else")

			want := append([]string{"upgrade"}, tc.renderer...)
			for _, a := range renderArgs {
				want = append(want, "--post-renderer-args="+a)
			}
			want = append(want, tc.after...)
			assert.Equal(t, append(want, helmArgs...), f.argv(t))
		})
	}
}

func TestWrapPassesHelmFailureThrough(t *testing.T) {
	tests := map[string]struct {
		version, plugins string
		exit             string
		log              string
		want             int
		wantErr          string
	}{
		"helm 3 exit status": {version: "v3.22", exit: "3", want: 3, wantErr: "from helm\n"},
		"helm 4 exit status and the post-renderer's reason": {
			version: "v4.3", plugins: "envcontract-render\t0.1.0\n", exit: "1", log: "NEEDS_A_VALUE has no default", want: 1,
			wantErr: "from helm\nenvcontract: the post-renderer envcontract-render failed:\nNEEDS_A_VALUE has no default\n",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			newFake(t, tc.version, tc.plugins)
			t.Setenv("FAKE_EXIT", tc.exit)
			t.Setenv("FAKE_LOG", tc.log)
			stdout, stderr, code := execute(t, "", "template", "s", wrapChart, "-f", wrapEnabled)
			assert.Equal(t, tc.want, code)
			assert.Equal(t, "rendered\n", stdout)
			assert.True(t, strings.HasPrefix(stderr, tc.wantErr), "stderr:\n%s", stderr)
		})
	}
}

func TestWrapHelm4NeedsTheRenderPlugin(t *testing.T) {
	f := newFake(t, "v4.3", "envcontract\t0.1.0\tKeep the env\n")
	stdout, stderr, code := execute(t, "", "template", "s", wrapChart, "-f", wrapEnabled)
	assert.Equal(t, exitcode.Usage, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "post-renderer plugin envcontract-render is not installed")
	assert.Contains(t, stderr, "helm plugin install ")
	assert.Nil(t, f.argv(t), "helm template must not run without the plugin")
}

func TestWrapHandsEverySetFlagOn(t *testing.T) {
	f := newFake(t, "v3.22", "")
	json, literal := `mcp={"giteaBaseURL":"https://x"}`, "mcp.giteaBaseURL=https://gitea.example.org/a,b"
	_, stderr, code := execute(t, "", "template", "s", wrapChart, "-f", wrapEnabled, "--set-json", json, "--set-literal", literal)
	require.Equal(t, exitcode.OK, code, stderr)
	argv := f.argv(t)
	for _, want := range []string{json, literal, "--post-renderer-args=--set-json", "--post-renderer-args=" + json,
		"--post-renderer-args=--set-literal", "--post-renderer-args=" + literal} {
		assert.Contains(t, argv, want, "to Helm unchanged, and to the post-renderer")
	}
}

func TestWrapValidatesSetJSON(t *testing.T) {
	f := newFake(t, "v3.22", "")
	stdout, stderr, code := execute(t, "", "template", "s", wrapChart, "-f", wrapEnabled, "--set-json", `enabled=1`)
	assert.Equal(t, exitcode.Findings, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "--set-json: /enabled: got number, want boolean")
	assert.Nil(t, f.argv(t), "helm must not run when the values break the schema")
}
