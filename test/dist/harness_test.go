package dist_test

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/openova/envcontract/test/internal/harness"
)

// version is the version every test releases.
const version = "1.2.3"

// keyID is the identity of the throwaway signing key.
const keyID = "envcontract release test <release-test@example.invalid>"

// tools are the binaries the tests run.
type tools struct {
	repo, helm3, helm4, registry string
}

func requireTools(t *testing.T) tools {
	t.Helper()
	harness.RequireE2E(t, "ENVCONTRACT_HELM3, ENVCONTRACT_HELM4 and ENVCONTRACT_REGISTRY, or run make e2e")
	for _, cmd := range []string{"make", "go"} {
		_, err := exec.LookPath(cmd)
		require.NoErrorf(t, err, "the tests run make dist: %s must be on PATH", cmd)
	}
	return tools{
		repo:     harness.RepoRoot(t),
		helm3:    harness.ToolPath(t, "ENVCONTRACT_HELM3", ""),
		helm4:    harness.ToolPath(t, "ENVCONTRACT_HELM4", ""),
		registry: harness.ToolPath(t, "ENVCONTRACT_REGISTRY", ""),
	}
}

// release is one `make dist` run with a throwaway key: the archives and the
// keyrings to verify them with.
type release struct {
	dir     string // DIST
	pubring string // the public key of the signer
	other   string // a public key that signed nothing
	took    time.Duration
}

func (r release) archive(name string) string {
	return filepath.Join(r.dir, fmt.Sprintf("%s-%s.tgz", name, version))
}

var (
	releaseOnce sync.Once
	theRelease  release
	releaseErr  error
	scratch     string // removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if scratch != "" {
		os.RemoveAll(scratch)
	}
	os.Exit(code)
}

// signedRelease runs make dist once for the whole package, for the host
// platform only, signed with a key made here.
func signedRelease(t *testing.T, tl tools) release {
	t.Helper()
	releaseOnce.Do(func() {
		scratch, releaseErr = os.MkdirTemp("", "envcontract-dist-")
		if releaseErr != nil {
			return
		}
		theRelease, releaseErr = makeRelease(tl, scratch)
	})
	require.NoError(t, releaseErr)
	return theRelease
}

func makeRelease(tl tools, root string) (release, error) {
	r := release{dir: filepath.Join(root, "dist"), pubring: filepath.Join(root, "pubring.gpg"),
		other: filepath.Join(root, "other.gpg")}
	secring := filepath.Join(root, "secring.gpg")
	if err := writeKey(keyID, secring, r.pubring); err != nil {
		return r, err
	}
	if err := writeKey("someone else <else@example.invalid>", filepath.Join(root, "other-sec.gpg"), r.other); err != nil {
		return r, err
	}
	start := time.Now()
	out, err := makeCmd(tl.repo, "dist", "VERSION="+version, "PLATFORMS="+hostPlatform(),
		"DIST="+r.dir, "DIST_BUILD="+filepath.Join(root, "build"),
		"SIGN_KEY=release-test@example.invalid", "KEYRING="+secring)
	r.took = time.Since(start)
	if err != nil {
		return r, fmt.Errorf("make dist: %w\n%s", err, out)
	}
	return r, nil
}

// writeKey makes an OpenPGP key with go-crypto, the library Helm verifies
// with, and writes its secret and public keyrings.
func writeKey(id, secring, pubring string) error {
	name, email, _ := strings.Cut(strings.TrimSuffix(id, ">"), " <")
	e, err := openpgp.NewEntity(name, "", email, nil)
	if err != nil {
		return err
	}
	var sec, pub bytes.Buffer
	if err := e.SerializePrivate(&sec, nil); err != nil {
		return err
	}
	if err := e.Serialize(&pub); err != nil {
		return err
	}
	if err := os.WriteFile(secring, sec.Bytes(), 0o600); err != nil {
		return err
	}
	return os.WriteFile(pubring, pub.Bytes(), 0o644)
}

func hostPlatform() string { return runtime.GOOS + "/" + runtime.GOARCH }

// makeCmd runs make in the repository, outside any make that runs the
// tests (their jobserver flags are dropped).
func makeCmd(repo string, args ...string) (string, error) {
	cmd := exec.Command("make", append([]string{"--no-print-directory", "-C", repo}, args...)...)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name != "MAKEFLAGS" && name != "MFLAGS" && name != "MAKELEVEL" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// noGoPath is PATH without any directory that holds a `go`, so that Helm,
// its plugins and their hooks cannot build anything; dir comes first.
func noGoPath(t *testing.T, dir string) string {
	t.Helper()
	keep := []string{dir}
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		if fi, err := os.Stat(filepath.Join(d, "go")); err == nil && !fi.IsDir() {
			continue
		}
		keep = append(keep, d)
	}
	for _, d := range keep {
		_, err := os.Stat(filepath.Join(d, "go"))
		require.Truef(t, os.IsNotExist(err), "go in %s", d)
	}
	return strings.Join(keep, string(os.PathListSeparator))
}

// helmHome is one Helm binary with temporary homes and a PATH without go.
type helmHome struct {
	helm, cache string
	env         []string
}

func newHelmHome(t *testing.T, helm string) *helmHome {
	t.Helper()
	root := t.TempDir()
	h := &helmHome{helm: helm, cache: filepath.Join(root, "cache")}
	h.env = append(harness.CleanEnv("PATH"),
		"PATH="+noGoPath(t, filepath.Dir(helm)), // Helm 3's plugin post-renderer runs this helm
		"HELM_DATA_HOME="+filepath.Join(root, "data"),
		"HELM_CONFIG_HOME="+filepath.Join(root, "config"),
		"HELM_CACHE_HOME="+h.cache,
	)
	return h
}

func (h *helmHome) run(t *testing.T, args ...string) harness.Result {
	t.Helper()
	return harness.Run(t, t.TempDir(), h.env, nil, h.helm, args...)
}

func (h *helmHome) mustRun(t *testing.T, args ...string) string {
	t.Helper()
	res := h.run(t, args...)
	require.Zerof(t, res.Code, "helm %s:\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), res.Stdout, res.Stderr)
	return res.Stdout
}

// fixtureContract is the built-in contract of the fixture chart's era (an
// MCP Deployment per Sandbox); the default, bp-sandbox, is today's.
const fixtureContract = "bp-sandbox-b4"

// renderArgs is helm template of the drifted fixture chart with values.
func renderArgs(tl tools, renderer ...string) []string {
	chart := filepath.Join(tl.repo, "fixtures", "charts", "bp-sandbox-drifted")
	values := filepath.Join(tl.repo, "fixtures", "values", "enabled.yaml")
	args := []string{"template", "sandbox", chart, "--namespace", "sandbox-system", "-f", values}
	args = append(args, renderer...)
	return append(args, "--post-renderer-args", "-f", "--post-renderer-args", values,
		"--post-renderer-args", "-c", "--post-renderer-args", fixtureContract)
}

// template runs renderArgs and returns the manifests; on Helm 4 a failure
// shows the plugin's log, since Helm drops its stderr.
func (h *helmHome) template(t *testing.T, tl tools, renderer ...string) string {
	t.Helper()
	res := h.run(t, renderArgs(tl, renderer...)...)
	if res.Code != 0 {
		log, _ := os.ReadFile(filepath.Join(h.cache, "envcontract", "render.log"))
		require.Failf(t, "helm template failed", "stderr:\n%s\nrender.log:\n%s", res.Stderr, log)
	}
	return res.Stdout
}

// assertContract checks that the bp-sandbox-b4 contract was applied: the MCP
// Deployment carries the namespaced names and not the bare ones, the
// controller the SANDBOX_MCP_* entries, the pty-server its bare names.
func assertContract(t *testing.T, stream string) {
	t.Helper()
	env := map[string][]string{}
	for _, part := range strings.Split(stream, "\n---\n") {
		var obj struct {
			Kind     string
			Metadata struct{ Name string }
			Spec     struct {
				Template struct {
					Spec struct {
						Containers []struct {
							Name string
							Env  []struct{ Name string }
						}
					}
				}
			}
		}
		if err := yaml.Unmarshal([]byte(part), &obj); err != nil || obj.Kind == "" {
			continue
		}
		for _, c := range obj.Spec.Template.Spec.Containers {
			for _, e := range c.Env {
				key := obj.Kind + "/" + obj.Metadata.Name + "/" + c.Name
				env[key] = append(env[key], e.Name)
			}
		}
	}
	mcp := env["Deployment/openova-sandbox-mcp/mcp"]
	require.NotEmptyf(t, mcp, "no MCP Deployment in:\n%s", stream)
	for _, want := range []string{"SANDBOX_ORG_ID", "SANDBOX_SOVEREIGN_FQDN", "SANDBOX_GITEA_TOKEN", "KEYCLOAK_PARENT_REALM"} {
		assert.Contains(t, mcp, want)
	}
	assert.NotContains(t, mcp, "ORG_ID")
	assert.NotContains(t, mcp, "SOVEREIGN_FQDN")
	assert.Contains(t, env["Deployment/sandbox-controller/controller"], "SANDBOX_MCP_IMAGE")
	assert.Contains(t, env["StatefulSet/pty-server/pty-server"], "ORG_ID")
}

// startRegistry runs CNCF distribution's registry on a free port of
// 127.0.0.1, storing into a temporary directory, until the test ends.
func startRegistry(t *testing.T, bin string) string {
	t.Helper()
	addr := freeAddr(t)
	dir := t.TempDir()
	config := filepath.Join(dir, "config.yml")
	require.NoError(t, os.WriteFile(config, []byte(fmt.Sprintf(`version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: %s
http:
  addr: %s
`, filepath.Join(dir, "data"), addr)), 0o644))
	cmd := exec.Command(bin, "serve", config)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/v2/")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return addr
			}
		}
		require.Truef(t, time.Now().Before(deadline), "registry did not answer on %s:\n%s", addr, logs.String())
		time.Sleep(100 * time.Millisecond)
	}
}

// freeAddr is a 127.0.0.1 address with a port nothing listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}
