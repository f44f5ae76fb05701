package helmrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// RenderPlugin is the Helm 4 post-renderer plugin of envcontract
// (plugins/envcontract-render): it runs `envcontract render ARGS...`.
const RenderPlugin = "envcontract-render"

// ErrVersion: the helm binary is not Helm 3 or Helm 4.
var ErrVersion = errors.New("unsupported helm version")

// Helm is one helm binary.
type Helm struct {
	Path    string // as found: absolute, or relative to the working directory
	Version string // as `helm version --template {{.Version}}` prints it: v3.22, v4.3.1
	Major   int    // 3 or 4
	// Env is the environment of every run; nil means this process's.
	Env []string
}

// Find returns the helm to run: $HELM_BIN when set (Helm sets it for a
// plugin to the helm that runs the plugin), else helm on PATH.
func Find(getenv func(string) string) (string, error) {
	bin := getenv("HELM_BIN")
	if bin == "" {
		p, err := exec.LookPath("helm")
		if err != nil {
			return "", fmt.Errorf("no helm on PATH: install Helm 3 or 4, or set HELM_BIN to its path: %w", err)
		}
		return p, nil
	}
	p, err := exec.LookPath(bin)
	if err != nil {
		return "", fmt.Errorf("HELM_BIN=%s is not an executable: %w", bin, err)
	}
	return p, nil
}

// versionRE reads the major version out of Helm's version string.
var versionRE = regexp.MustCompile(`^v?(\d+)\.\d+`)

// Detect asks the helm at path for its version. Helm 3 and 4 both answer
// `helm version --template {{.Version}}` (with "v3.22", "v4.3", …).
func Detect(ctx context.Context, path string) (*Helm, error) {
	h := &Helm{Path: path}
	out, err := h.output(ctx, "version", "--template", "{{.Version}}")
	if err != nil {
		return nil, err
	}
	h.Version = strings.TrimSpace(out)
	m := versionRE.FindStringSubmatch(h.Version)
	if m == nil {
		return nil, fmt.Errorf("%w: %s printed version %q, want vMAJOR.MINOR", ErrVersion, path, h.Version)
	}
	h.Major, _ = strconv.Atoi(m[1])
	if h.Major != 3 && h.Major != 4 {
		return nil, fmt.Errorf("%w: %s is Helm %s; envcontract drives Helm 3 and Helm 4", ErrVersion, path, h.Version)
	}
	return h, nil
}

// Plugins lists the names of the installed plugins (`helm plugin list`).
func (h *Helm) Plugins(ctx context.Context) ([]string, error) {
	out, err := h.output(ctx, "plugin", "list")
	if err != nil {
		return nil, err
	}
	var names []string
	for i, line := range strings.Split(out, "\n") {
		fields := strings.Fields(line)
		if i == 0 || len(fields) == 0 { // the header: NAME VERSION …
			continue
		}
		names = append(names, fields[0])
	}
	return names, nil
}

// PostRendererFlags are the helm flags that post-render with the render
// command and ARGS: on Helm 3 the command itself (an executable and the
// arguments it starts with, such as envcontract-render, or envcontract
// and render), on Helm 4 the RenderPlugin, which finds the binary itself.
// Each argument is one --post-renderer-args=ARG, so an argument that
// starts with "-" is never read as a flag of Helm's.
//
// On Helm 4 the arguments come before --post-renderer: Helm 4 loads the
// plugin again for every --post-renderer-args that follows --post-renderer
// (it scans the plugin directory and reads every plugin.yaml each time),
// about 0.5 ms an argument with two plugins installed (BENCHMARKS.md,
// issue 16). Before it, they are collected and the plugin is loaded once.
func (h *Helm) PostRendererFlags(command []string, args []string) []string {
	var flags []string
	if h.Major == 3 {
		flags = []string{"--post-renderer", command[0]}
		args = append(slices.Clone(command[1:]), args...)
	}
	for _, a := range args {
		flags = append(flags, "--post-renderer-args="+a)
	}
	if h.Major != 3 {
		flags = append(flags, "--post-renderer", RenderPlugin)
	}
	return flags
}

// Run runs helm with args, its standard streams connected to the given ones,
// and returns its exit code. An interrupt or termination signal that reaches
// this process while Helm runs is passed on to Helm, which then decides how
// to stop (an install rolls back, for one). err is set only when Helm could
// not be started.
func (h *Helm) Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	cmd := exec.CommandContext(ctx, h.Path, args...)
	cmd.Env = h.Env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("running %s: %w", h.Path, err)
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case s := <-sigs:
				_ = cmd.Process.Signal(s)
			case <-done:
				return
			}
		}
	}()
	err := cmd.Wait()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exit):
		if code := exit.ExitCode(); code > 0 {
			return code, nil
		}
		return 1, nil // killed by a signal
	default:
		return 0, fmt.Errorf("running %s: %w", h.Path, err)
	}
}

// output runs helm with args and returns its standard output; a failure
// carries its standard error.
func (h *Helm) output(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, h.Path, args...)
	cmd.Env = h.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %w: %s", h.Path, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}
