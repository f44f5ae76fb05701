// Package identity_test holds render's output still: every manifest
// stream fixture goes through `envcontract render` and through
// envcontract-render, and each binary's exit code and standard output must
// equal the golden file written by the code as it was before a refactor.
//
// The binaries are the interface under test, so that the test survives any
// rearrangement of cmd/ and internal/: ENVCONTRACT_BIN (and
// envcontract-render beside it), as make test sets it, else both built here
// from the repository.
//
// The goldens are written with
//
//	go test ./test/identity/ -update
//
// and must only ever be rewritten on purpose, never to make a refactor pass.
// Standard error is not compared: messages may be reworded; what Helm
// receives (stdout and the exit code) may not change.
package identity_test

import (
	"github.com/openova/envcontract/test/internal/harness"

	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the binaries under test")

var (
	repo = func() string {
		abs, err := filepath.Abs(filepath.Join("..", ".."))
		if err != nil {
			panic(err)
		}
		return abs
	}()
	fullBin, renderBin string
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	var cleanup func()
	var err error
	fullBin, renderBin, cleanup, err = harness.Binaries(repo)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer cleanup()
	return m.Run()
}

// identityCase is one render: a stream on stdin and the flags after `render`.
// Paths are relative to the repository root, where the binaries run.
type identityCase struct {
	name  string // the golden file's name, without .golden
	stdin string
	args  []string
}

// b4 is the built-in contract of the fixture charts, which have the shape
// of the B4 era (chart 0.3.0-0.3.3, an MCP Deployment per Sandbox); the
// default, bp-sandbox, is today's (0.3.4 and later).
const b4 = "bp-sandbox-b4"

// argSets are the flags every well-formed stream is rendered with.
var argSets = []struct {
	name string
	args []string
}{
	{"defaults", nil},
	{"b4", []string{"-c", b4}},
	{"enabled", []string{"-c", b4, "-f", "fixtures/values/enabled.yaml"}},
	{"enabled+overlay", []string{"-c", b4, "-f", "fixtures/values/enabled.yaml", "-f", "fixtures/values/overlay.yaml"}},
	{"missing-mcp-image", []string{"-c", b4, "-f", "fixtures/values/missing-mcp-image.yaml"}},
	{"chart+enabled", []string{"-c", b4, "--chart", "fixtures/charts/bp-sandbox", "-f", "fixtures/values/enabled.yaml"}},
	{"mcp-consumer", []string{"-c", "fixtures/contracts/mcp-consumer.yaml", "-f", "fixtures/values/enabled.yaml"}},
	{"both-contracts", []string{"-c", b4, "-c", "fixtures/contracts/mcp-consumer.yaml",
		"-f", "fixtures/values/enabled.yaml", "-f", "fixtures/values/overlay.yaml"}},
}

func glob(t *testing.T, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repo, pattern))
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, f := range files {
		r, err := filepath.Rel(repo, f)
		if err != nil {
			t.Fatal(err)
		}
		rel = append(rel, filepath.ToSlash(r))
	}
	sort.Strings(rel)
	return rel
}

// cases are every stream fixture with every flag set, and every file of
// fixtures/bad with the contract and values beside it.
func cases(t *testing.T) []identityCase {
	t.Helper()
	var streams []string
	streams = append(streams, glob(t, "fixtures/streams/*.yaml")...)
	// What helm template (Helm 3) and Helm 4 hand a post-renderer for the
	// fixture charts; testdata/streams/README says how they were captured.
	streams = append(streams, glob(t, "test/identity/testdata/streams/*.yaml")...)
	streams = append(streams, glob(t, "fixtures/flux/*.yaml")...)

	var out []identityCase
	for _, s := range streams {
		base := strings.TrimSuffix(filepath.Base(s), ".yaml")
		if strings.HasPrefix(s, "fixtures/bad/") {
			base = "bad-" + base
		}
		if strings.HasPrefix(s, "fixtures/flux/") {
			base = "flux-" + base
		}
		for _, a := range argSets {
			out = append(out, identityCase{name: base + "__" + a.name, stdin: s, args: a.args})
		}
	}

	for _, dir := range glob(t, "fixtures/bad/*") {
		if fi, err := os.Stat(filepath.Join(repo, dir)); err != nil || !fi.IsDir() {
			continue
		}
		args := []string{"-c", b4} // the bad inputs have the B4 era's shape
		if _, err := os.Stat(filepath.Join(repo, dir, "contract.yaml")); err == nil {
			args = []string{"-c", dir + "/contract.yaml"}
		}
		if _, err := os.Stat(filepath.Join(repo, dir, "values.yaml")); err == nil {
			args = append(args, "-f", dir+"/values.yaml")
		}
		for _, f := range glob(t, dir+"/*.yaml") {
			switch filepath.Base(f) {
			case "contract.yaml", "values.yaml":
				continue
			}
			name := "bad-" + filepath.Base(dir) + "-" + strings.TrimSuffix(filepath.Base(f), ".yaml")
			out = append(out, identityCase{name: name, stdin: f, args: args})
		}
	}
	return out
}

// golden is what a case's golden file holds: the exit code, then stdout.
func golden(exit int, stdout []byte) []byte {
	return append([]byte(fmt.Sprintf("exit: %d\n--- stdout\n", exit)), stdout...)
}

func render(t *testing.T, bin string, c identityCase) []byte {
	t.Helper()
	in, err := os.ReadFile(filepath.Join(repo, c.stdin))
	if err != nil {
		t.Fatal(err)
	}
	args := c.args
	if bin == fullBin {
		args = append([]string{"render"}, args...)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = repo
	cmd.Env = append(cleanEnv(), "ENVCONTRACT_LOG_FILE="+filepath.Join(t.TempDir(), "render.log"))
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	exit := 0
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		exit = exitErr.ExitCode()
	default:
		t.Fatalf("run %s: %v", bin, err)
	}
	return golden(exit, stdout.Bytes())
}

func TestRenderIdentity(t *testing.T) {
	all := cases(t)
	if len(all) < 100 {
		t.Fatalf("only %d cases: are the fixtures where this test expects them?", len(all))
	}
	goldenDir := filepath.Join("testdata", "golden")
	if *update {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for _, c := range all {
		if seen[c.name] {
			t.Fatalf("two cases named %s", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(goldenDir, c.name+".golden")
			full := render(t, fullBin, c)
			short := render(t, renderBin, c)
			if *update {
				if !bytes.Equal(full, short) {
					t.Fatalf("envcontract render and envcontract-render disagree on %s %v: fix that before writing a golden", c.stdin, c.args)
				}
				if err := os.WriteFile(path, full, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (a new fixture needs its golden: go test ./test/identity/ -update)", err)
			}
			for bin, got := range map[string][]byte{"envcontract render": full, "envcontract-render": short} {
				if !bytes.Equal(want, got) {
					t.Errorf("%s < %s %s: output differs from %s\n%s", bin, c.stdin, strings.Join(c.args, " "), path, diff(want, got))
				}
			}
		})
	}
	if !*update {
		// A golden without a case means a fixture disappeared.
		files, _ := filepath.Glob(filepath.Join(goldenDir, "*.golden"))
		for _, f := range files {
			if !seen[strings.TrimSuffix(filepath.Base(f), ".golden")] {
				t.Errorf("%s has no case: a fixture went missing (or delete the golden on purpose)", f)
			}
		}
	}
}

// diff names the first line where want and got part.
func diff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, wl, gl)
		}
	}
	return "(same lines; a trailing byte differs)"
}

// cleanEnv is the environment without what would point envcontract or Helm
// at the user's own files.
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
