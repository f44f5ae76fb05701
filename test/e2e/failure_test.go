package e2e_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secretValue is what the secret-literal case sets a secret env to; it must
// reach no output and no log.
const secretValue = "canary-4b1d-not-a-real-token"

// failure is one way to make the post-renderer fail; reason is the text
// that must reach the user (Helm 3: its error; Helm 4: the log file).
type failure struct {
	helmArgs   []string // also handed to the post-renderer
	renderArgs []string // only for the post-renderer
	reason     string
}

func failures(t *testing.T, tl tools) map[string]failure {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	secret := write("secret-contract.yaml", `apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata:
  name: hostcluster-is-secret
spec:
  workloads:
    - name: controller
      match:
        kinds: [Deployment]
        labels: {app.kubernetes.io/name: sandbox-controller}
      containers: [controller]
      env:
        - name: HOST_CLUSTER
          secretKeyRef: {name: host, key: cluster}
`)
	cycle := write("cycle-contract.yaml", `apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata:
  name: cycle
spec:
  workloads:
    - name: controller
      match: {kinds: [Deployment]}
      rename:
        - {from: A, to: B}
        - {from: B, to: A}
`)
	enabled := valuesFlags(tl.fixture("values", "enabled.yaml"))
	return map[string]failure{
		"chart value missing": {
			helmArgs: valuesFlags(tl.fixture("values", "missing-mcp-image.yaml")),
			reason:   "env SANDBOX_MCP_IMAGE has no default and no chart value",
		},
		"duplicate env from values": {
			helmArgs: append(enabled, "--set", "extraEnv.HOST_CLUSTER=again"),
			reason:   "env HOST_CLUSTER is set twice",
		},
		"secret as a literal": {
			helmArgs:   append(enabled, "--set", "env.hostCluster="+secretValue),
			renderArgs: []string{"-c", secret},
			reason:     "env HOST_CLUSTER is a secret and carries a literal value (not shown)",
		},
		"a map printed into a value": { // values of another shape: Helm prints map[key:… name:…]
			helmArgs: valuesFlags(tl.fixture("values", "enabled.yaml"), write("map-values.yaml", "env:\n  hostCluster: {name: hub, key: cluster}\n")),
			reason:   "env HOST_CLUSTER: value holds a map printed as text",
		},
		"contract that cannot hold": {
			helmArgs:   enabled,
			renderArgs: []string{"-c", cycle},
			reason:     "rename cycle: A→B here and B→A",
		},
		"input over the limit": {
			helmArgs:   enabled,
			renderArgs: []string{"--max-input-bytes", "1024"},
			reason:     "input too large: more than 1024 bytes",
		},
	}
}

// TestFailingPostRendererFailsHelm: whatever makes envcontract fail, `helm
// template` and `helm install --dry-run=client` fail with it, print no part
// of the release, and the reason reaches the user: in Helm 3's error, and
// in the log file on Helm 4, which drops a post-renderer's stderr.
//
// Helm 3.22's install --dry-run=client still asks a cluster for its
// version, API groups and release history (checked: without one it fails
// with "Kubernetes cluster unreachable" before it renders), so it runs
// against fakeCluster; Helm 4.3's needs no cluster. The fake records every
// request: none may write.
func TestFailingPostRendererFailsHelm(t *testing.T) {
	tl := requireTools(t)
	chart := tl.fixture("charts", "bp-sandbox-drifted")
	cluster := newFakeCluster(t)
	commands := map[string][]string{
		"template":          {"template", "sandbox", chart},
		"install --dry-run": {"install", "sandbox", chart, "--dry-run=client"},
	}
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			h := e.setup(t, tl)
			h.env = append(h.env, "KUBECONFIG="+cluster.kubeconfig)
			for name, f := range failures(t, tl) {
				for cmdName, cmd := range commands {
					t.Run(name+"/"+cmdName, func(t *testing.T) {
						require.NoError(t, os.RemoveAll(h.renderLog()))
						args := append(append(append([]string{}, cmd...), "--namespace", "sandbox-system"), f.helmArgs...)
						args = append(args, e.renderer(tl, append(append([]string{}, f.helmArgs...), f.renderArgs...)...)...)
						res := h.run(t, args...)

						require.NotZerof(t, res.exitCode, "helm %s must fail\nstdout:\n%s", cmdName, res.stdout)
						assert.NotContains(t, res.stdout, "kind:", "no part of the release on stdout")
						assert.NotContains(t, res.stdout, "MANIFEST:", "no part of the release on stdout")
						log, _ := os.ReadFile(h.renderLog())
						if e.logsFailures {
							assert.Contains(t, string(log), f.reason, "Helm 4 drops stderr: the reason is in the log file")
							assert.Contains(t, res.stderr, "envcontract-render", "Helm names the plugin that failed")
						} else {
							assert.Contains(t, res.stderr, f.reason, "Helm 3 shows the post-renderer's stderr")
						}
						for out, text := range map[string]string{"stdout": res.stdout, "stderr": res.stderr, "log": string(log)} {
							assert.NotContainsf(t, text, secretValue, "%s shows a secret value", out)
						}
					})
				}
			}
		})
	}
	assert.Empty(t, cluster.writes(), "a failed install writes nothing to the cluster")
	assert.True(t, cluster.asked("/version"), "Helm 3's install --dry-run=client asked the (fake) cluster")
}

// fakeCluster is just enough of a Kubernetes API server for Helm's install
// --dry-run=client: version, discovery, and an empty release history.
type fakeCluster struct {
	kubeconfig string
	mu         sync.Mutex
	paths      map[string]bool // every path asked for
	written    []string        // every request that is not a GET
}

func newFakeCluster(t *testing.T) *fakeCluster {
	t.Helper()
	c := &fakeCluster{paths: map[string]bool{}}
	resources := func(gv string, kinds ...string) string {
		var rs []string
		for _, k := range kinds {
			plural := strings.ToLower(k) + "s"
			rs = append(rs, fmt.Sprintf(`{"name":%q,"singularName":%q,"namespaced":true,"kind":%q,"verbs":["create","delete","get","list","patch","update","watch"]}`,
				plural, strings.ToLower(k), k))
		}
		return fmt.Sprintf(`{"kind":"APIResourceList","apiVersion":"v1","groupVersion":%q,"resources":[%s]}`, gv, strings.Join(rs, ","))
	}
	group := func(name string) string {
		return fmt.Sprintf(`{"name":%q,"versions":[{"groupVersion":"%s/v1","version":"v1"}],"preferredVersion":{"groupVersion":"%s/v1","version":"v1"}}`, name, name, name)
	}
	routes := map[string]string{
		"/version":       `{"major":"1","minor":"31","gitVersion":"v1.31.0","platform":"linux/amd64"}`,
		"/api":           `{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}`,
		"/apis":          `{"kind":"APIGroupList","apiVersion":"v1","groups":[` + group("apps") + "," + group("batch") + `]}`,
		"/api/v1":        resources("v1", "ConfigMap", "Secret", "Service", "ServiceAccount", "Pod"),
		"/apis/apps/v1":  resources("apps/v1", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"),
		"/apis/batch/v1": resources("batch/v1", "Job", "CronJob"),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.paths[r.URL.Path] = true
		if r.Method != http.MethodGet {
			c.written = append(c.written, r.Method+" "+r.URL.Path)
		}
		c.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if body, ok := routes[r.URL.Path]; ok {
			fmt.Fprint(w, body)
			return
		}
		if strings.HasSuffix(r.URL.Path, "/secrets") { // Helm's release history: none yet
			fmt.Fprint(w, `{"kind":"SecretList","apiVersion":"v1","metadata":{},"items":[]}`)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"%s not found"}`, r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	c.kubeconfig = filepath.Join(t.TempDir(), "kubeconfig")
	require.NoError(t, os.WriteFile(c.kubeconfig, []byte(fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster: {server: %q}
contexts:
- name: fake
  context: {cluster: fake, user: fake, namespace: sandbox-system}
current-context: fake
users:
- name: fake
  user: {token: fake}
`, srv.URL)), 0o600))
	return c
}

func (c *fakeCluster) asked(path string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.paths[path]
}

func (c *fakeCluster) writes() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.written...)
}
