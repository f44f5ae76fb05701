package reliability_test

import (
	"github.com/openova/envcontract/test/internal/harness"

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

// bin is the envcontract binary under test and renderBin the post-renderer
// binary envcontract-render beside it, both set by TestMain.
var bin, renderBin string

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
	var cleanup func()
	var err error
	bin, renderBin, cleanup, err = harness.Binaries(repo)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer cleanup()
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
	bin     string   // the binary; "" is envcontract (bin)
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
	exe := inv.bin
	if exe == "" {
		exe = bin
	}
	cmd := exec.CommandContext(ctx, exe, inv.args...)
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

// binary is one way to run a command line of envcontract.
type binary struct {
	name string // the subtest name; "" when there is only one way
	bin  string
	args []string
}

// binaries are the ways to run args: `envcontract render ARGS` is also
// `envcontract-render ARGS`, the post-renderer binary, which must behave
// the same; any other command only as given.
func binaries(args []string) []binary {
	if len(args) == 0 || args[0] != "render" {
		return []binary{{bin: bin, args: args}}
	}
	return []binary{
		{name: "envcontract render", bin: bin, args: args},
		{name: "envcontract-render", bin: renderBin, args: args[1:]},
	}
}

// each runs f once for every binary of args, as a subtest when there are two.
func each(t *testing.T, args []string, f func(t *testing.T, b binary)) {
	t.Helper()
	bs := binaries(args)
	if len(bs) == 1 {
		f(t, bs[0])
		return
	}
	for _, b := range bs {
		t.Run(b.name, func(t *testing.T) { f(t, b) })
	}
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
