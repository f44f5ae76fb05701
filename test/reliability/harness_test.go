package reliability_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// bin is the envcontract binary under test, set by TestMain.
var bin string

// repo is the repository root.
var repo = func() string {
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return abs
}()

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	if p := os.Getenv("ENVCONTRACT_BIN"); p != "" {
		abs, err := filepath.Abs(p)
		if err == nil {
			_, err = os.Stat(abs)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "ENVCONTRACT_BIN=%s: %v; run make build\n", p, err)
			return 1
		}
		bin = abs
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "envcontract-reliability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin = filepath.Join(dir, "envcontract")
	build := exec.Command("go", "build", "-o", bin, "./cmd/envcontract")
	build.Dir = repo
	build.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build ./cmd/envcontract: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// result is what one run of the binary did.
type result struct {
	stdout, stderr []byte
	exit           int
	elapsed        time.Duration
	maxRSS         int64 // peak resident set size in bytes; 0 where the OS does not say
}

// invocation is one run of the binary.
type invocation struct {
	dir     string   // working directory
	env     []string // extra NAME=VALUE on top of cleanEnv
	stdin   io.Reader
	stdout  *os.File // where standard output goes; nil keeps it in result.stdout
	timeout time.Duration
	args    []string
}

// run runs the binary and reports what it did; a run that outlives its
// timeout fails the test, as does a failure to start it.
func run(t *testing.T, inv invocation) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), inv.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, inv.args...)
	cmd.Dir = inv.dir
	cmd.Env = append(cleanEnv(), inv.env...)
	cmd.Stdin = inv.stdin
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if inv.stdout != nil {
		cmd.Stdout = inv.stdout
	}
	start := time.Now()
	err := cmd.Run()
	res := result{stdout: stdout.Bytes(), stderr: stderr.Bytes(), elapsed: time.Since(start)}
	require.NoErrorf(t, ctx.Err(), "envcontract %s ran longer than %s", strings.Join(inv.args, " "), inv.timeout)
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		res.exit = exitErr.ExitCode()
	default:
		require.NoErrorf(t, err, "run envcontract %s", strings.Join(inv.args, " "))
	}
	if cmd.ProcessState != nil {
		res.maxRSS = maxRSS(cmd.ProcessState)
	}
	return res
}

// cleanEnv is the test's environment without what would point envcontract
// or Helm at the user's own files, so no run writes outside the test.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "HELM_") || strings.HasPrefix(name, "XDG_") ||
			strings.HasPrefix(name, "ENVCONTRACT_") || name == "KUBECONFIG" {
			continue
		}
		env = append(env, kv)
	}
	return env
}
