// Package harness is what the test packages under test/ share: locating the
// binaries under test and the real tools make test built, and running
// a command with a bound on its time and an environment that cannot reach
// the user's own Helm or kustomize homes.
package harness

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
)

// CommandTimeout bounds one run: a post-renderer or function that waits for
// input forever must fail the test, not hang it.
const CommandTimeout = 2 * time.Minute

// RequireE2E skips the test unless ENVCONTRACT_E2E=1; hint names the
// variables the package needs.
func RequireE2E(t *testing.T, hint string) {
	t.Helper()
	if os.Getenv("ENVCONTRACT_E2E") != "1" {
		t.Skip("end-to-end test: set ENVCONTRACT_E2E=1 with " + hint + " (make test does)")
	}
}

// RepoRoot is the repository root, two levels above a test/<pkg> directory.
func RepoRoot(t *testing.T) string {
	t.Helper()
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return repo
}

// ToolPath returns the absolute path the variable env names (or fallback),
// failing the test when it is unset or missing: with ENVCONTRACT_E2E=1 a
// missing tool is an error, not a skip.
func ToolPath(t *testing.T, env, fallback string) string {
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

// CleanEnv is the test process's environment without the variables that
// would point Helm, kustomize or envcontract at the user's own homes,
// plugins or log file; drop names more variables to leave out.
func CleanEnv(drop ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "HELM_") || strings.HasPrefix(name, "XDG_") || strings.HasPrefix(name, "KUSTOMIZE_") ||
			name == "ENVCONTRACT_LOG_FILE" || name == "KUBECONFIG" || contains(drop, name) {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// Result is what one command did.
type Result struct {
	Stdout, Stderr string
	Code           int
}

// Run runs name with args in dir with env and stdin. A non-zero exit is in
// the Result; a failure to run, or a run past CommandTimeout, fails the test.
func Run(t *testing.T, dir string, env []string, stdin []byte, name string, args ...string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), CommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := Result{Stdout: stdout.String(), Stderr: stderr.String()}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr) && ctx.Err() == nil:
		res.Code = exitErr.ExitCode()
	default:
		require.NoErrorf(t, err, "run %s %s\nstderr:\n%s", name, strings.Join(args, " "), res.Stderr)
	}
	return res
}
