package e2e_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/test/internal/harness"
)

// tools are the binaries the end-to-end tests run.
type tools struct {
	repo   string // repository root
	bin    string // envcontract
	render string // envcontract-render, the post-renderer binary beside it
	helm3  string
	helm4  string
}

// requireTools skips the test unless ENVCONTRACT_E2E=1; when it is set, a
// missing tool fails the test.
func requireTools(t *testing.T) tools {
	t.Helper()
	harness.RequireE2E(t, "ENVCONTRACT_BIN, ENVCONTRACT_HELM3 and ENVCONTRACT_HELM4, or run make e2e")
	repo := harness.RepoRoot(t)
	bin := harness.ToolPath(t, "ENVCONTRACT_BIN", filepath.Join(repo, "bin", "envcontract"))
	render := filepath.Join(filepath.Dir(bin), "envcontract-render")
	_, err := os.Stat(render)
	require.NoError(t, err, "envcontract-render must sit beside %s: run make build", bin)
	return tools{
		repo:   repo,
		bin:    bin,
		render: render,
		helm3:  harness.ToolPath(t, "ENVCONTRACT_HELM3", ""),
		helm4:  harness.ToolPath(t, "ENVCONTRACT_HELM4", ""),
	}
}

// fixture returns the absolute path of a file under fixtures/.
func (tl tools) fixture(parts ...string) string {
	return filepath.Join(append([]string{tl.repo, "fixtures"}, parts...)...)
}

// result is what one command did.
type result struct {
	stdout, stderr string
	exitCode       int
}

// run runs name with args in dir with env, stdin as input; a non-zero exit
// is reported in the result, any other failure to run fails the test.
func run(t *testing.T, dir string, env []string, stdin []byte, name string, args ...string) result {
	t.Helper()
	r := harness.Run(t, dir, env, stdin, name, args...)
	return result{stdout: r.Stdout, stderr: r.Stderr, exitCode: r.Code}
}

// baseEnv is the test process's environment without anything that would
// point Helm or envcontract at the user's own homes, plugins or log file.
func baseEnv(drop ...string) []string { return harness.CleanEnv(drop...) }

// helmHome is one Helm binary with its own temporary data, config and cache
// homes, so plugins installed here are seen by nothing else.
type helmHome struct {
	helm  string
	dir   string // working directory of every command: the repository
	cache string // HELM_CACHE_HOME
	data  string // HELM_DATA_HOME
	env   []string
}

func newHelmHome(t *testing.T, tl tools, helm string) *helmHome {
	t.Helper()
	root := t.TempDir()
	h := &helmHome{
		helm:  helm,
		dir:   tl.repo,
		cache: filepath.Join(root, "cache"),
		data:  filepath.Join(root, "data"),
	}
	// Helm 3's plugin form runs `helm` from PATH: it must be this helm.
	path := filepath.Dir(helm) + string(os.PathListSeparator) + os.Getenv("PATH")
	h.env = append(baseEnv(),
		"PATH="+path,
		"HELM_DATA_HOME="+h.data,
		"HELM_CONFIG_HOME="+filepath.Join(root, "config"),
		"HELM_CACHE_HOME="+h.cache,
	)
	return h
}

// run runs this helm with args.
func (h *helmHome) run(t *testing.T, args ...string) result {
	t.Helper()
	return run(t, h.dir, h.env, nil, h.helm, args...)
}

// install runs `helm plugin install dir` and fails the test if it fails.
func (h *helmHome) install(t *testing.T, dir string) {
	t.Helper()
	res := h.run(t, "plugin", "install", dir)
	require.Zerof(t, res.exitCode, "helm plugin install %s:\nstdout:\n%s\nstderr:\n%s", dir, res.stdout, res.stderr)
}

// template runs `helm template sandbox CHART --namespace sandbox-system` with
// extra arguments and returns the result.
func (h *helmHome) template(t *testing.T, chart string, extra ...string) result {
	t.Helper()
	args := append([]string{"template", "sandbox", chart, "--namespace", "sandbox-system"}, extra...)
	return h.run(t, args...)
}

// mustTemplate is template for runs that must succeed.
func (h *helmHome) mustTemplate(t *testing.T, chart string, extra ...string) string {
	t.Helper()
	res := h.template(t, chart, extra...)
	require.Zerof(t, res.exitCode, "helm template %s %v failed:\n%s", chart, extra, res.stderr)
	return res.stdout
}

// renderLog is the default log file of the Helm 4 plugin in this home.
func (h *helmHome) renderLog() string {
	return filepath.Join(h.cache, "envcontract", "render.log")
}

// valuesFlags turns values files into `-f FILE` pairs, for helm or for
// envcontract render.
func valuesFlags(files ...string) []string {
	var args []string
	for _, f := range files {
		args = append(args, "-f", f)
	}
	return args
}

// postRendererArgs spreads args over repeated --post-renderer-args flags.
func postRendererArgs(args ...string) []string {
	var out []string
	for _, a := range args {
		out = append(out, "--post-renderer-args", a)
	}
	return out
}

// fixtureContract is the built-in contract of the fixture charts and
// streams: they have the shape of the B4 era (an MCP Deployment per
// Sandbox), which bp-sandbox-b4 describes; the default, bp-sandbox, is
// today's (chart 0.3.4 and later).
const fixtureContract = "bp-sandbox-b4"

// withFixtureContract puts -c fixtureContract before args, unless they
// name a contract of their own.
func withFixtureContract(args []string) []string {
	for _, a := range args {
		if a == "-c" || a == "--contract" {
			return args
		}
	}
	return append([]string{"-c", fixtureContract}, args...)
}
