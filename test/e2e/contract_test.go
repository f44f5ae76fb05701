package e2e_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Document keys of the bp-sandbox fixture charts.
const (
	mcpKey        = "Deployment/openova-sandbox-mcp"
	controllerKey = "Deployment/sandbox-controller"
	ptyKey        = "StatefulSet/pty-server"
	hookKey       = "Job/sandbox-db-migrate"
)

// wantValues are the values a test renders with, as they must show up in the
// env the bp-sandbox contract writes.
type wantValues struct {
	orgID, fqdn     string
	mcpImage        string
	giteaBaseURL    string
	giteaSecretName string
	giteaSecretKey  string
}

// enabledValues is what fixtures/values/enabled.yaml sets, with the
// contract defaults for everything it leaves out.
var enabledValues = wantValues{
	orgID:           "acme",
	fqdn:            "acme.openova.example",
	mcpImage:        "ghcr.io/openova/sandbox-mcp:0.9.1",
	giteaBaseURL:    "http://gitea-http.gitea.svc.cluster.local:3000",
	giteaSecretName: "catalyst-gitea-token",
	giteaSecretKey:  "token",
}

// withOverlay is enabledValues plus fixtures/values/overlay.yaml.
func withOverlay() wantValues {
	w := enabledValues
	w.giteaBaseURL = "https://git.acme.openova.example"
	w.giteaSecretName = "acme-gitea-token"
	w.giteaSecretKey = "api-token"
	return w
}

// mcpEnvNames is the MCP container's env after the contract: the renamed
// entries where the bare ones were, the chart's own entry, then the injected
// ones in contract order. No storage or Keycloak token: their Secret names
// are empty by default, and an empty name is never injected.
var mcpEnvNames = []string{
	"SANDBOX_ORG_ID", "SANDBOX_SOVEREIGN_FQDN", "MCP_LISTEN_ADDR",
	"SANDBOX_ID", "SANDBOX_NAMESPACE", "SANDBOX_TENANT_ID",
	"SANDBOX_GITEA_BASE_URL", "SANDBOX_GITEA_TOKEN",
	"SANDBOX_DOMAIN_API_URL", "SANDBOX_MARKETPLACE_API_URL",
	"SANDBOX_STORAGE_S3_ENDPOINT", "SANDBOX_STORAGE_S3_REGION", "SANDBOX_STORAGE_S3_USE_TLS",
	"KEYCLOAK_ADMIN_URL", "KEYCLOAK_PARENT_REALM",
}

// controllerChartEnv is the controller's env as the drifted chart writes it.
var controllerChartEnv = []string{
	"HOST_CLUSTER", "SOVEREIGN_FQDN", "GITEA_URL", "GITEA_BRANCH", "TENANT_REPO_NAME",
	"NEWAPI_BASE_URL", "NEWAPI_DEFAULT_CHANNELS", "NEWAPI_URL", "SANDBOX_PTY_SERVER_IMAGE",
	"SANDBOX_BYOS_SECRET_PREFIX", "SANDBOX_IDLE_TIMEOUT_MINUTES", "SANDBOX_RING_BUFFER_BYTES",
	"POD_NAMESPACE", "GITEA_TOKEN", "NEWAPI_ADMIN_TOKEN", "SANDBOX_LLM_GATEWAY_TOKEN_SECRET",
}

// controllerMCPEnv is the 16 SANDBOX_MCP_* entries in contract order.
var controllerMCPEnv = []string{
	"SANDBOX_MCP_IMAGE", "SANDBOX_MCP_GITEA_BASE_URL",
	"SANDBOX_MCP_GITEA_TOKEN_SECRET_NAME", "SANDBOX_MCP_GITEA_TOKEN_SECRET_KEY",
	"SANDBOX_MCP_DOMAIN_API_URL", "SANDBOX_MCP_MARKETPLACE_API_URL",
	"SANDBOX_MCP_STORAGE_S3_ENDPOINT", "SANDBOX_MCP_STORAGE_S3_REGION", "SANDBOX_MCP_STORAGE_S3_USE_TLS",
	"SANDBOX_MCP_STORAGE_S3_CREDS_SECRET_NAME", "SANDBOX_MCP_STORAGE_S3_ACCESS_KEY_KEY",
	"SANDBOX_MCP_STORAGE_S3_SECRET_KEY_KEY", "SANDBOX_MCP_KEYCLOAK_ADMIN_URL",
	"SANDBOX_MCP_KEYCLOAK_PARENT_REALM", "SANDBOX_MCP_KEYCLOAK_ADMIN_TOKEN_SECRET_NAME",
	"SANDBOX_MCP_KEYCLOAK_ADMIN_TOKEN_SECRET_KEY",
}

// assertMCPEnv checks the MCP Deployment carries the canonical env of the
// bp-sandbox contract with the values of w, and no bare name.
func assertMCPEnv(t *testing.T, docs map[string]doc, w wantValues) {
	t.Helper()
	env := containerEnv(t, docs, mcpKey, "mcp")
	names := envNames(env)
	assert.NotContains(t, names, "ORG_ID", "bare ORG_ID left on the MCP Deployment")
	assert.NotContains(t, names, "SOVEREIGN_FQDN", "bare SOVEREIGN_FQDN left on the MCP Deployment")
	require.Equal(t, mcpEnvNames, names, "MCP env names and order")

	assert.Equal(t, w.orgID, literal(t, env, "SANDBOX_ORG_ID"), "renamed entry keeps its value")
	assert.Equal(t, w.fqdn, literal(t, env, "SANDBOX_SOVEREIGN_FQDN"), "renamed entry keeps its value")
	assert.Equal(t, ":8090", literal(t, env, "MCP_LISTEN_ADDR"))
	assert.Equal(t, "metadata.labels['openova.io/sandbox']", fieldPath(t, env, "SANDBOX_ID"))
	assert.Equal(t, "metadata.namespace", fieldPath(t, env, "SANDBOX_NAMESPACE"))
	assert.Equal(t, "$(SANDBOX_ORG_ID)", literal(t, env, "SANDBOX_TENANT_ID"))
	assert.Equal(t, w.giteaBaseURL, literal(t, env, "SANDBOX_GITEA_BASE_URL"))
	assert.Equal(t, "http://domain.org-services.svc.cluster.local:8086", literal(t, env, "SANDBOX_DOMAIN_API_URL"))
	assert.Equal(t, "http://marketplace-api.marketplace.svc.cluster.local:8082", literal(t, env, "SANDBOX_MARKETPLACE_API_URL"))
	assert.Equal(t, "http://seaweedfs.storage.svc.cluster.local:8333", literal(t, env, "SANDBOX_STORAGE_S3_ENDPOINT"))
	assert.Equal(t, "us-east-1", literal(t, env, "SANDBOX_STORAGE_S3_REGION"))
	assert.Equal(t, "false", literal(t, env, "SANDBOX_STORAGE_S3_USE_TLS"))
	assert.Equal(t, "http://keycloak.keycloak.svc.cluster.local:8080", literal(t, env, "KEYCLOAK_ADMIN_URL"))
	assert.Equal(t, "master", literal(t, env, "KEYCLOAK_PARENT_REALM"))

	ref := secretRef(t, env, "SANDBOX_GITEA_TOKEN")
	assert.Equal(t, w.giteaSecretName, ref.Name)
	assert.Equal(t, w.giteaSecretKey, ref.Key)
	if assert.NotNil(t, ref.Optional, "secretKeyRef without optional") {
		assert.True(t, *ref.Optional, "secretKeyRef must be optional: true")
	}
}

// assertControllerEnv checks the controller keeps the chart's env and carries
// the 16 SANDBOX_MCP_* entries after it, with the values of w.
func assertControllerEnv(t *testing.T, docs map[string]doc, w wantValues) {
	t.Helper()
	env := containerEnv(t, docs, controllerKey, "controller")
	want := append(append([]string{}, controllerChartEnv...), controllerMCPEnv...)
	require.Equal(t, want, envNames(env), "controller env names and order")

	wantLiterals := map[string]string{
		"SANDBOX_MCP_IMAGE":                            w.mcpImage,
		"SANDBOX_MCP_GITEA_BASE_URL":                   w.giteaBaseURL,
		"SANDBOX_MCP_GITEA_TOKEN_SECRET_NAME":          w.giteaSecretName,
		"SANDBOX_MCP_GITEA_TOKEN_SECRET_KEY":           w.giteaSecretKey,
		"SANDBOX_MCP_DOMAIN_API_URL":                   "http://domain.org-services.svc.cluster.local:8086",
		"SANDBOX_MCP_MARKETPLACE_API_URL":              "http://marketplace-api.marketplace.svc.cluster.local:8082",
		"SANDBOX_MCP_STORAGE_S3_ENDPOINT":              "http://seaweedfs.storage.svc.cluster.local:8333",
		"SANDBOX_MCP_STORAGE_S3_REGION":                "us-east-1",
		"SANDBOX_MCP_STORAGE_S3_USE_TLS":               "false",
		"SANDBOX_MCP_STORAGE_S3_CREDS_SECRET_NAME":     "",
		"SANDBOX_MCP_STORAGE_S3_ACCESS_KEY_KEY":        "AWS_ACCESS_KEY_ID",
		"SANDBOX_MCP_STORAGE_S3_SECRET_KEY_KEY":        "AWS_SECRET_ACCESS_KEY",
		"SANDBOX_MCP_KEYCLOAK_ADMIN_URL":               "http://keycloak.keycloak.svc.cluster.local:8080",
		"SANDBOX_MCP_KEYCLOAK_PARENT_REALM":            "master",
		"SANDBOX_MCP_KEYCLOAK_ADMIN_TOKEN_SECRET_NAME": "",
		"SANDBOX_MCP_KEYCLOAK_ADMIN_TOKEN_SECRET_KEY":  "token",
	}
	for name, value := range wantLiterals {
		assert.Equalf(t, value, literal(t, env, name), "controller %s", name)
	}
}

// assertPtyServerEnv checks the pty-server kept its bare names: a rename of
// the MCP workload must never reach it.
func assertPtyServerEnv(t *testing.T, docs map[string]doc, w wantValues) {
	t.Helper()
	env := containerEnv(t, docs, ptyKey, "pty-server")
	require.Equal(t, []string{"ORG_ID", "SOVEREIGN_FQDN", "RING_BUFFER_BYTES"}, envNames(env))
	assert.Equal(t, w.orgID, literal(t, env, "ORG_ID"))
	assert.Equal(t, w.fqdn, literal(t, env, "SOVEREIGN_FQDN"))
}

// assertOthersUnchanged checks that every document but the MCP and the
// controller Deployments is byte for byte in after what it is in before,
// and that no document was added or dropped.
func assertOthersUnchanged(t *testing.T, before, after map[string]doc) {
	t.Helper()
	require.ElementsMatch(t, keys(before), keys(after), "the post-renderer added or dropped documents")
	for k, b := range before {
		if k == mcpKey || k == controllerKey {
			continue
		}
		assert.Equalf(t, b.raw, after[k].raw, "%s changed, want it byte for byte as it was", k)
	}
}

func keys(m map[string]doc) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
