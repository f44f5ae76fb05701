package kustomize_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// commandTimeout bounds one tool run, so that a function waiting for input
// fails the test instead of hanging it.
const commandTimeout = 2 * time.Minute

type tools struct {
	repo, bin, helm3, helm4, kustomize string
}

// requireTools skips unless ENVCONTRACT_E2E=1; then a missing tool fails.
func requireTools(t *testing.T) tools {
	t.Helper()
	if os.Getenv("ENVCONTRACT_E2E") != "1" {
		t.Skip("end-to-end test: set ENVCONTRACT_E2E=1 with ENVCONTRACT_BIN, ENVCONTRACT_HELM3, ENVCONTRACT_HELM4 " +
			"and ENVCONTRACT_KUSTOMIZE (make test does)")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return tools{
		repo:      repo,
		bin:       toolPath(t, "ENVCONTRACT_BIN", filepath.Join(repo, "bin", "envcontract")),
		helm3:     toolPath(t, "ENVCONTRACT_HELM3", ""),
		helm4:     toolPath(t, "ENVCONTRACT_HELM4", ""),
		kustomize: toolPath(t, "ENVCONTRACT_KUSTOMIZE", ""),
	}
}

func toolPath(t *testing.T, env, fallback string) string {
	t.Helper()
	p := os.Getenv(env)
	if p == "" {
		p = fallback
	}
	require.NotEmptyf(t, p, "ENVCONTRACT_E2E=1 needs %s (make test sets it)", env)
	abs, err := filepath.Abs(p)
	require.NoError(t, err)
	info, err := os.Stat(abs)
	require.NoErrorf(t, err, "%s=%s: the tool is missing; run make tools build", env, p)
	require.Falsef(t, info.IsDir(), "%s=%s is a directory, want an executable", env, p)
	return abs
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
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	home := t.TempDir()
	cmd.Env = append(cleanEnv(), "HOME="+home, "HELM_DATA_HOME="+filepath.Join(home, "data"),
		"HELM_CONFIG_HOME="+filepath.Join(home, "config"), "HELM_CACHE_HOME="+filepath.Join(home, "cache"))
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := result{stdout: stdout.String(), stderr: stderr.String()}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr) && ctx.Err() == nil:
		res.code = exitErr.ExitCode()
	default:
		require.NoErrorf(t, err, "run %s %s\nstderr:\n%s", name, strings.Join(args, " "), res.stderr)
	}
	return res
}

// mustRun is run for commands that must succeed.
func mustRun(t *testing.T, dir string, stdin []byte, name string, args ...string) string {
	t.Helper()
	res := run(t, dir, stdin, name, args...)
	require.Zerof(t, res.code, "%s %s failed:\n%s", filepath.Base(name), strings.Join(args, " "), res.stderr)
	return res.stdout
}

func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "HELM_") || strings.HasPrefix(name, "XDG_") || strings.HasPrefix(name, "KUSTOMIZE_") ||
			name == "HOME" || name == "KUBECONFIG" || name == "ENVCONTRACT_LOG_FILE" {
			continue
		}
		env = append(env, kv)
	}
	return env
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
