package helmrun

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeHelm writes an executable shell script that stands in for helm where
// a real one cannot do what the test needs (print any version, exit with any
// code). It prints $FAKE_VERSION for `version`, $FAKE_PLUGINS for `plugin
// list`, and otherwise echoes its arguments and stdin and exits $FAKE_EXIT.
func fakeHelm(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "helm")
	script := `#!/bin/sh
case "$1" in
version) printf '%s' "$FAKE_VERSION"; exit 0 ;;
plugin) printf 'NAME\tVERSION\tDESCRIPTION\n%s' "$FAKE_PLUGINS"; exit 0 ;;
esac
echo "args: $*"
cat
echo "to stderr" >&2
exit "${FAKE_EXIT:-0}"
`
	require.NoError(t, os.WriteFile(path, []byte(script), 0o755))
	return path
}

func fakeEnv(kv ...string) []string {
	return append([]string{"PATH=" + os.Getenv("PATH")}, kv...)
}

func TestFind(t *testing.T) {
	fake := fakeHelm(t)
	tests := map[string]struct {
		env     map[string]string
		path    string // PATH of the test
		want    string
		wantErr string
	}{
		"HELM_BIN wins":           {env: map[string]string{"HELM_BIN": fake}, path: "/nonexistent", want: fake},
		"helm on PATH":            {path: filepath.Dir(fake), want: fake},
		"HELM_BIN missing":        {env: map[string]string{"HELM_BIN": "/nonexistent/helm"}, wantErr: "HELM_BIN=/nonexistent/helm"},
		"no helm anywhere":        {path: t.TempDir(), wantErr: "no helm on PATH"},
		"HELM_BIN a name on PATH": {env: map[string]string{"HELM_BIN": "helm"}, path: filepath.Dir(fake), want: fake},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Setenv("PATH", tc.path)
			got, err := Find(func(k string) string { return tc.env[k] })
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestDetect(t *testing.T) {
	fake := fakeHelm(t)
	tests := map[string]struct {
		version string
		major   int
		wantErr string
	}{
		"helm 3 short":    {version: "v3.22", major: 3},
		"helm 4 full":     {version: "v4.3.1+g1234567\n", major: 4},
		"helm 2 refused":  {version: "v2.17.0", wantErr: "envcontract drives Helm 3 and Helm 4"},
		"helm 5 refused":  {version: "v5.0", wantErr: "envcontract drives Helm 3 and Helm 4"},
		"garbage refused": {version: "<no value>", wantErr: `printed version "<no value>"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Setenv("FAKE_VERSION", tc.version)
			h, err := Detect(context.Background(), fake)
			if tc.wantErr != "" {
				require.ErrorIs(t, err, ErrVersion)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.major, h.Major)
			assert.Equal(t, strings.TrimSpace(tc.version), h.Version)
		})
	}
}

func TestDetectRealHelm(t *testing.T) {
	for env, helm := range realHelms(t) {
		t.Run(env, func(t *testing.T) {
			h, err := Detect(context.Background(), helm)
			require.NoError(t, err)
			want := map[string]int{"ENVCONTRACT_HELM3": 3, "ENVCONTRACT_HELM4": 4}[env]
			assert.Equal(t, want, h.Major, "version %q", h.Version)
		})
	}
}

func TestPlugins(t *testing.T) {
	h := &Helm{Path: fakeHelm(t), Env: fakeEnv("FAKE_PLUGINS=envcontract\t0.1.0\tKeep the env\nenvcontract-render\t0.1.0\tpostrenderer/v1\n")}
	names, err := h.Plugins(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"envcontract", "envcontract-render"}, names)

	h.Env = fakeEnv()
	names, err = h.Plugins(context.Background())
	require.NoError(t, err)
	assert.Empty(t, names, "the header alone is no plugin")
}

func TestPostRendererFlags(t *testing.T) {
	args := []string{"--chart", "./c", "-f", "v.yaml"}
	tests := map[int][]string{
		3: {"--post-renderer", "/bin/envcontract", "--post-renderer-args=render", "--post-renderer-args=--chart",
			"--post-renderer-args=./c", "--post-renderer-args=-f", "--post-renderer-args=v.yaml"},
		// Helm 4 loads the plugin again for each argument after --post-renderer.
		4: {"--post-renderer-args=--chart", "--post-renderer-args=./c", "--post-renderer-args=-f",
			"--post-renderer-args=v.yaml", "--post-renderer", "envcontract-render"},
	}
	for major, want := range tests {
		h := &Helm{Major: major}
		assert.Equalf(t, want, h.PostRendererFlags([]string{"/bin/envcontract", "render"}, args), "Helm %d", major)
	}
	h := &Helm{Major: 3}
	assert.Equal(t, []string{"--post-renderer", "/bin/envcontract-render", "--post-renderer-args=-f", "--post-renderer-args=v.yaml"},
		h.PostRendererFlags([]string{"/bin/envcontract-render"}, []string{"-f", "v.yaml"}), "the post-renderer binary needs no command")
}

func TestRun(t *testing.T) {
	tests := map[string]struct {
		exit string
		want int
	}{
		"success":             {exit: "0", want: 0},
		"helm's code kept":    {exit: "3", want: 3},
		"helm's failure kept": {exit: "1", want: 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := &Helm{Path: fakeHelm(t), Env: fakeEnv("FAKE_EXIT=" + tc.exit)}
			var out, errOut bytes.Buffer
			code, err := h.Run(context.Background(), []string{"template", "s", "./c"}, strings.NewReader("in\n"), &out, &errOut)
			require.NoError(t, err)
			assert.Equal(t, tc.want, code)
			assert.Equal(t, "args: template s ./c\nin\n", out.String(), "stdout and stdin go through")
			assert.Equal(t, "to stderr\n", errOut.String())
		})
	}
}

func TestRunCannotStart(t *testing.T) {
	h := &Helm{Path: filepath.Join(t.TempDir(), "helm")}
	_, err := h.Run(context.Background(), nil, nil, &bytes.Buffer{}, &bytes.Buffer{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "running ")
}
