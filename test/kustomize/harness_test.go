package kustomize_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/test/internal/harness"
)

type tools struct {
	repo, bin, helm3, helm4, kustomize string
}

// requireTools skips unless ENVCONTRACT_E2E=1; then a missing tool fails.
func requireTools(t *testing.T) tools {
	t.Helper()
	harness.RequireE2E(t, "ENVCONTRACT_BIN, ENVCONTRACT_HELM3, ENVCONTRACT_HELM4 and ENVCONTRACT_KUSTOMIZE")
	repo := harness.RepoRoot(t)
	return tools{
		repo:      repo,
		bin:       harness.ToolPath(t, "ENVCONTRACT_BIN", filepath.Join(repo, "bin", "envcontract")),
		helm3:     harness.ToolPath(t, "ENVCONTRACT_HELM3", ""),
		helm4:     harness.ToolPath(t, "ENVCONTRACT_HELM4", ""),
		kustomize: harness.ToolPath(t, "ENVCONTRACT_KUSTOMIZE", ""),
	}
}

func (tl tools) fixture(parts ...string) string {
	return filepath.Join(append([]string{tl.repo, "fixtures"}, parts...)...)
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs name in dir; a non-zero exit is in the result, a failure to run
// fails the test. Helm and kustomize get fresh homes under the test's
// temporary directory, so nothing of the user's is read.
func run(t *testing.T, dir string, stdin []byte, name string, args ...string) result {
	t.Helper()
	home := t.TempDir()
	env := append(harness.CleanEnv("HOME"), "HOME="+home, "HELM_DATA_HOME="+filepath.Join(home, "data"),
		"HELM_CONFIG_HOME="+filepath.Join(home, "config"), "HELM_CACHE_HOME="+filepath.Join(home, "cache"))
	r := harness.Run(t, dir, env, stdin, name, args...)
	return result{stdout: r.Stdout, stderr: r.Stderr, code: r.Code}
}

// mustRun is run for commands that must succeed.
func mustRun(t *testing.T, dir string, stdin []byte, name string, args ...string) string {
	t.Helper()
	res := run(t, dir, stdin, name, args...)
	require.Zerof(t, res.code, "%s %s failed:\n%s", filepath.Base(name), strings.Join(args, " "), res.stderr)
	return res.stdout
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

// objects reads a manifest stream into its objects keyed Kind/name.
func objects(t *testing.T, stream string) map[string]*yaml.RNode {
	t.Helper()
	nodes, err := kio.FromBytes([]byte(stream))
	require.NoError(t, err)
	out := map[string]*yaml.RNode{}
	for _, n := range nodes {
		out[n.GetKind()+"/"+n.GetName()] = n
	}
	return out
}

// envJSON is the env of the first container of a workload, as JSON.
func envJSON(t *testing.T, obj *yaml.RNode) string {
	t.Helper()
	require.NotNil(t, obj)
	env, err := obj.Pipe(yaml.Lookup("spec", "template", "spec", "containers", "0", "env"))
	require.NoError(t, err)
	require.NotNil(t, env)
	b, err := env.MarshalJSON()
	require.NoError(t, err)
	return string(b)
}

func objectJSON(t *testing.T, obj *yaml.RNode) string {
	t.Helper()
	require.NotNil(t, obj)
	b, err := obj.MarshalJSON()
	require.NoError(t, err)
	return string(b)
}
