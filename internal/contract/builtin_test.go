package contract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func str(s string) *string { return &s }

// bpSandboxB4Want is DESIGN.md §7's B4 era, written out by hand from its
// tables.
var bpSandboxB4Want = map[string]struct {
	match      Match
	containers []string
	rename     []Rename
	forbid     []string
	require    []string
	optional   []string
	env        []Env
}{
	"mcp": {
		match:      Match{Kinds: []string{"Deployment"}, Labels: map[string]string{"app.kubernetes.io/name": "openova-sandbox-mcp"}},
		containers: []string{"mcp"},
		rename:     []Rename{{From: "ORG_ID", To: "SANDBOX_ORG_ID"}, {From: "SOVEREIGN_FQDN", To: "SANDBOX_SOVEREIGN_FQDN"}},
		forbid:     []string{"ORG_ID", "SOVEREIGN_FQDN"},
		optional:   []string{"SANDBOX_KUBECONFIG"},
		env: []Env{
			{Name: "SANDBOX_ID", FieldRef: "metadata.labels['openova.io/sandbox']"},
			{Name: "SANDBOX_NAMESPACE", FieldRef: "metadata.namespace"},
			{Name: "SANDBOX_TENANT_ID", Value: str("$(SANDBOX_ORG_ID)")},
			{Name: "SANDBOX_GITEA_BASE_URL", Value: str("http://gitea-http.gitea.svc.cluster.local:3000"), FromValues: &ValuesRef{Path: "mcp.giteaBaseURL"}},
			{Name: "SANDBOX_GITEA_TOKEN", SecretKeyRef: &SecretKeyRef{Name: "catalyst-gitea-token", Key: "token"},
				FromValues: &ValuesRef{Name: "mcp.giteaTokenSecret.name", Key: "mcp.giteaTokenSecret.key"}},
			{Name: "SANDBOX_DOMAIN_API_URL", Value: str("http://domain.org-services.svc.cluster.local:8086"), FromValues: &ValuesRef{Path: "mcp.domainAPIURL"}},
			{Name: "SANDBOX_MARKETPLACE_API_URL", Value: str("http://marketplace-api.marketplace.svc.cluster.local:8082"), FromValues: &ValuesRef{Path: "mcp.marketplaceAPIURL"}},
			{Name: "SANDBOX_STORAGE_S3_ENDPOINT", Value: str("http://seaweedfs.storage.svc.cluster.local:8333"), FromValues: &ValuesRef{Path: "mcp.storage.s3Endpoint"}},
			{Name: "SANDBOX_STORAGE_S3_REGION", Value: str("us-east-1"), FromValues: &ValuesRef{Path: "mcp.storage.s3Region"}},
			{Name: "SANDBOX_STORAGE_S3_USE_TLS", Value: str("false"), FromValues: &ValuesRef{Path: "mcp.storage.s3UseTLS"}},
			{Name: "SANDBOX_STORAGE_S3_ACCESS_KEY", SecretKeyRef: &SecretKeyRef{Name: "", Key: "AWS_ACCESS_KEY_ID"},
				FromValues: &ValuesRef{Name: "mcp.storage.credsSecret.name", Key: "mcp.storage.credsSecret.accessKeyKey"}},
			{Name: "SANDBOX_STORAGE_S3_SECRET_KEY", SecretKeyRef: &SecretKeyRef{Name: "", Key: "AWS_SECRET_ACCESS_KEY"},
				FromValues: &ValuesRef{Name: "mcp.storage.credsSecret.name", Key: "mcp.storage.credsSecret.secretKeyKey"}},
			{Name: "KEYCLOAK_ADMIN_URL", Value: str("http://keycloak.keycloak.svc.cluster.local:8080"), FromValues: &ValuesRef{Path: "mcp.keycloak.adminURL"}},
			{Name: "KEYCLOAK_PARENT_REALM", Value: str("master"), FromValues: &ValuesRef{Path: "mcp.keycloak.parentRealm"}},
			{Name: "KEYCLOAK_ADMIN_TOKEN", SecretKeyRef: &SecretKeyRef{Name: "", Key: "token"},
				FromValues: &ValuesRef{Name: "mcp.keycloak.adminTokenSecret.name", Key: "mcp.keycloak.adminTokenSecret.key"}},
		},
	},
	"controller": {
		match: Match{Kinds: []string{"Deployment"}, Labels: map[string]string{
			"app.kubernetes.io/name":         "sandbox-controller",
			"catalyst.openova.io/controller": "sandbox",
		}},
		containers: []string{"controller"},
		env: []Env{
			{Name: "SANDBOX_MCP_IMAGE", FromValues: &ValuesRef{Path: "runtime.mcpImage"}},
			{Name: "SANDBOX_MCP_GITEA_BASE_URL", Value: str("http://gitea-http.gitea.svc.cluster.local:3000"), FromValues: &ValuesRef{Path: "mcp.giteaBaseURL"}},
			{Name: "SANDBOX_MCP_GITEA_TOKEN_SECRET_NAME", Value: str("catalyst-gitea-token"), FromValues: &ValuesRef{Path: "mcp.giteaTokenSecret.name"}},
			{Name: "SANDBOX_MCP_GITEA_TOKEN_SECRET_KEY", Value: str("token"), FromValues: &ValuesRef{Path: "mcp.giteaTokenSecret.key"}},
			{Name: "SANDBOX_MCP_DOMAIN_API_URL", Value: str("http://domain.org-services.svc.cluster.local:8086"), FromValues: &ValuesRef{Path: "mcp.domainAPIURL"}},
			{Name: "SANDBOX_MCP_MARKETPLACE_API_URL", Value: str("http://marketplace-api.marketplace.svc.cluster.local:8082"), FromValues: &ValuesRef{Path: "mcp.marketplaceAPIURL"}},
			{Name: "SANDBOX_MCP_STORAGE_S3_ENDPOINT", Value: str("http://seaweedfs.storage.svc.cluster.local:8333"), FromValues: &ValuesRef{Path: "mcp.storage.s3Endpoint"}},
			{Name: "SANDBOX_MCP_STORAGE_S3_REGION", Value: str("us-east-1"), FromValues: &ValuesRef{Path: "mcp.storage.s3Region"}},
			{Name: "SANDBOX_MCP_STORAGE_S3_USE_TLS", Value: str("false"), FromValues: &ValuesRef{Path: "mcp.storage.s3UseTLS"}},
			{Name: "SANDBOX_MCP_STORAGE_S3_CREDS_SECRET_NAME", Value: str(""), FromValues: &ValuesRef{Path: "mcp.storage.credsSecret.name"}},
			{Name: "SANDBOX_MCP_STORAGE_S3_ACCESS_KEY_KEY", Value: str("AWS_ACCESS_KEY_ID"), FromValues: &ValuesRef{Path: "mcp.storage.credsSecret.accessKeyKey"}},
			{Name: "SANDBOX_MCP_STORAGE_S3_SECRET_KEY_KEY", Value: str("AWS_SECRET_ACCESS_KEY"), FromValues: &ValuesRef{Path: "mcp.storage.credsSecret.secretKeyKey"}},
			{Name: "SANDBOX_MCP_KEYCLOAK_ADMIN_URL", Value: str("http://keycloak.keycloak.svc.cluster.local:8080"), FromValues: &ValuesRef{Path: "mcp.keycloak.adminURL"}},
			{Name: "SANDBOX_MCP_KEYCLOAK_PARENT_REALM", Value: str("master"), FromValues: &ValuesRef{Path: "mcp.keycloak.parentRealm"}},
			{Name: "SANDBOX_MCP_KEYCLOAK_ADMIN_TOKEN_SECRET_NAME", Value: str(""), FromValues: &ValuesRef{Path: "mcp.keycloak.adminTokenSecret.name"}},
			{Name: "SANDBOX_MCP_KEYCLOAK_ADMIN_TOKEN_SECRET_KEY", Value: str("token"), FromValues: &ValuesRef{Path: "mcp.keycloak.adminTokenSecret.key"}},
		},
	},
	"pty-server": {
		match:      Match{Kinds: []string{"StatefulSet"}, Names: []string{"pty-server"}},
		containers: []string{"pty-server"},
		require:    []string{"ORG_ID", "SOVEREIGN_FQDN"},
	},
}

func TestBuiltinBPSandboxB4(t *testing.T) {
	c, err := Builtin("bp-sandbox-b4")
	require.NoError(t, err)
	assert.Equal(t, "bp-sandbox-b4", c.Name)
	assert.Equal(t, "builtin:bp-sandbox-b4", c.Source)
	assert.Equal(t, ">=0.3.0 <0.3.4", c.ChartVersions)
	assert.Empty(t, c.Dir)

	var names []string
	for _, w := range c.Workloads {
		names = append(names, w.Name)
	}
	require.Equal(t, []string{"mcp", "controller", "pty-server"}, names)

	for _, w := range c.Workloads {
		t.Run(w.Name, func(t *testing.T) {
			want := bpSandboxB4Want[w.Name]
			assert.Equal(t, want.match, w.Match)
			assert.Equal(t, want.containers, w.Containers)
			assert.Equal(t, want.forbid, w.Forbid)
			assert.Equal(t, want.require, w.Require)
			assert.False(t, w.Required, "chart renders may leave a workload out (enabled: false)")
			assert.Nil(t, w.Consumer)

			var renames []Rename
			for _, r := range w.Rename {
				assert.Positive(t, r.Line, "rename %s", r.From)
				renames = append(renames, Rename{From: r.From, To: r.To})
			}
			assert.Equal(t, want.rename, renames)

			var optional []string
			for _, o := range w.Optional {
				assert.NotEmpty(t, o.Reason, "optional %s", o.Name)
				optional = append(optional, o.Name)
			}
			assert.Equal(t, want.optional, optional)

			var env []Env
			for _, e := range w.Env {
				assert.Positive(t, e.Line, "env %s", e.Name)
				e.Line = 0
				env = append(env, e)
			}
			assert.Equal(t, want.env, env) // order matters: $(VAR) references
		})
	}
}

func TestBuiltinsLoad(t *testing.T) {
	names := BuiltinNames()
	assert.Equal(t, []string{"bp-sandbox", "bp-sandbox-b4"}, names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			c, err := Builtin(name) // the shape and the rules the schema cannot express
			require.NoError(t, err)
			assert.Equal(t, name, c.Name, "metadata.name of builtin/%s.yaml", name)
		})
	}
}

func TestBuiltinSourceIsTheEmbeddedFile(t *testing.T) {
	got, err := BuiltinSource("bp-sandbox")
	require.NoError(t, err)
	want, err := os.ReadFile(filepath.Join("builtin", "bp-sandbox.yaml"))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

func TestBuiltinUnknown(t *testing.T) {
	for name, ref := range map[string]string{
		"unknown":   "bp-sandbx",
		"empty":     "",
		"traversal": "../builtin/bp-sandbox",
		"extension": "bp-sandbox.yaml",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Builtin(ref)
			require.ErrorIs(t, err, ErrUnknownBuiltin)
			assert.Contains(t, err.Error(), "(known: bp-sandbox, bp-sandbox-b4)")
		})
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.yaml")
	require.NoError(t, os.WriteFile(file, []byte(minimal), 0o600))
	t.Chdir(dir)
	require.NoError(t, os.WriteFile("bare", []byte(minimal), 0o600))

	tests := map[string]struct {
		ref        string
		wantSource string
		wantErr    error
	}{
		"built-in name":             {ref: "bp-sandbox", wantSource: "builtin:bp-sandbox"},
		"built-in prefix":           {ref: "builtin:bp-sandbox", wantSource: "builtin:bp-sandbox"},
		"file path":                 {ref: file, wantSource: file},
		"bare name of a file":       {ref: "bare", wantSource: "bare"},
		"unknown bare name":         {ref: "bp-sandbx", wantErr: ErrUnknownBuiltin},
		"unknown built-in prefixed": {ref: "builtin:nope", wantErr: ErrUnknownBuiltin},
		"missing file":              {ref: "./nope.yaml", wantErr: os.ErrNotExist},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := Resolve(tc.ref)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantSource, c.Source)
		})
	}
}

// TestBuiltinBPSandboxToday holds bp-sandbox to DESIGN.md §7's today: no
// MCP Deployment, the MCP server's SANDBOX_* names on the pty-server next
// to the bare names, and the controller's own env.
func TestBuiltinBPSandboxToday(t *testing.T) {
	c, err := Builtin(DefaultName)
	require.NoError(t, err)
	assert.Equal(t, "bp-sandbox", c.Name)
	assert.Equal(t, ">=0.3.4", c.ChartVersions)
	byName := map[string]Workload{}
	for _, w := range c.Workloads {
		byName[w.Name] = w
		assert.False(t, w.Required, "%s: each stream (chart, controller) holds only its own workloads", w.Name)
		assert.Empty(t, w.Rename, "%s: today nothing is renamed", w.Name)
	}
	require.Len(t, byName, 3)

	envNames := func(w Workload) []string {
		var out []string
		for _, e := range w.Env {
			out = append(out, e.Name)
		}
		return out
	}
	optional := func(w Workload) []string {
		var out []string
		for _, o := range w.Optional {
			assert.NotEmpty(t, o.Reason, "optional %s", o.Name)
			out = append(out, o.Name)
		}
		return out
	}

	ctl := byName["controller"]
	var mcp []string
	for _, n := range envNames(ctl) {
		if strings.HasPrefix(n, "SANDBOX_MCP_") {
			mcp = append(mcp, n)
		}
	}
	assert.Len(t, mcp, 15, "the SANDBOX_MCP_* settings but the image")
	assert.Len(t, ctl.Env, 33)
	assert.Equal(t, []string{"SANDBOX_MCP_IMAGE", "NATS_URL", "SANDBOX_NAMESPACE"}, optional(ctl))

	pty := byName["pty-server"]
	assert.Equal(t, Match{Kinds: []string{"StatefulSet"}, Names: []string{"pty-server"}}, pty.Match)
	assert.Subset(t, pty.Require, []string{"ORG_ID", "SOVEREIGN_FQDN", "PTY_SERVER_ADDR", "SANDBOX_OWNER_UID",
		"SANDBOX_OWNER_EMAIL", "NEWAPI_URL", "OPENAI_BASE_URL", "LLM_GATEWAY_URL"})
	// What the MCP server reads (internal/tools/env.go), set by the
	// controller since B2, and what it reads with nothing to set it.
	assert.Subset(t, envNames(pty), []string{"SANDBOX_ORG_ID", "SANDBOX_SOVEREIGN_FQDN", "SANDBOX_ID",
		"SANDBOX_NAMESPACE", "SANDBOX_TENANT_ID", "SANDBOX_GITEA_BASE_URL", "SANDBOX_GITEA_TOKEN",
		"SANDBOX_DOMAIN_API_URL", "SANDBOX_MARKETPLACE_API_URL", "SANDBOX_STORAGE_S3_ENDPOINT",
		"SANDBOX_STORAGE_S3_REGION", "SANDBOX_STORAGE_S3_USE_TLS", "SANDBOX_STORAGE_S3_ACCESS_KEY",
		"SANDBOX_STORAGE_S3_SECRET_KEY", "KEYCLOAK_ADMIN_URL", "KEYCLOAK_PARENT_REALM", "KEYCLOAK_ADMIN_TOKEN",
		"SANDBOX_TOKEN", "SANDBOX_JWT_SECRET", "SANDBOX_REPOS", "SOVEREIGN_ENABLE_HOT_STANDBY",
		"SOVEREIGN_PRIMARY_REGION", "SOVEREIGN_REPLICA_REGION", "SANDBOX_TENANT_API_URL"})
	for _, e := range pty.Env {
		if e.Name == "SANDBOX_TOKEN" || e.Name == "SANDBOX_JWT_SECRET" {
			assert.True(t, e.IsSecret(), "%s is wired from a Secret", e.Name)
		}
		if e.Name == "SANDBOX_ORG_ID" {
			assert.Equal(t, "$(ORG_ID)", *e.Value, "injected from the bare name, so the two agree")
		}
	}
	assert.Equal(t, []string{"SANDBOX_KUBECONFIG", "SANDBOX_REPO_ROOT", "SANDBOX_RING_BUFFER_BYTES", "SANDBOX_DEFAULT_AGENT"}, optional(pty))

	legacy := byName["mcp-deployment"]
	assert.Equal(t, []string{"ORG_ID", "SOVEREIGN_FQDN"}, legacy.Forbid)
	assert.Empty(t, legacy.Env)
}
