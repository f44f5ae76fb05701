package contract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func str(s string) *string { return &s }

// bpSandboxWant is DESIGN.md §7, written out by hand from its tables.
var bpSandboxWant = map[string]struct {
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

func TestBuiltinBPSandbox(t *testing.T) {
	c, err := Builtin("bp-sandbox")
	require.NoError(t, err)
	assert.Equal(t, "bp-sandbox", c.Name)
	assert.Equal(t, "builtin:bp-sandbox", c.Source)
	assert.Empty(t, c.Dir)

	var names []string
	for _, w := range c.Workloads {
		names = append(names, w.Name)
	}
	require.Equal(t, []string{"mcp", "controller", "pty-server"}, names)

	for _, w := range c.Workloads {
		t.Run(w.Name, func(t *testing.T) {
			want := bpSandboxWant[w.Name]
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
	assert.Equal(t, []string{"bp-sandbox"}, names)
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
			assert.Contains(t, err.Error(), "(known: bp-sandbox)")
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
