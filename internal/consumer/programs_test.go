package consumer

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// describe renders each read as "NAME[*] file:line:col… via=… [required]
// [default=…]" (a * marks a prefix), so a table can state it exactly.
func describe(r *Result) []string {
	var out []string
	for _, rd := range r.Reads {
		var locs []string
		for _, l := range rd.Locations {
			locs = append(locs, fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Col))
		}
		s := rd.Name
		if rd.Prefix {
			s += "*"
		}
		s += " " + strings.Join(locs, ",") + " via=" + rd.Via
		if rd.Required {
			s += " required"
		}
		if rd.Default != nil {
			s += fmt.Sprintf(" default=%q", *rd.Default)
		}
		out = append(out, s)
	}
	return out
}

func TestExtractWrappers(t *testing.T) {
	// Not read: settings/gen.go (//go:build ignore) and mode_windows.go.
	got, err := Options{GOOS: "linux", GOARCH: "amd64"}.Extract("testdata/wrappers")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"APP_MODE main.go:17:3 via=App",                    // os.Getenv("APP_" + key), in another package
		"APP_SECRET main.go:18:3 via=MustApp required",     // through App, then panics
		"DATABASE_URL main.go:19:3 via=Need required",      // LookupEnv, then log.Fatalf
		`PORT main.go:22:3 via=intOr default="8080"`,       // a constant name, an int fallback
		"PRIMARY_URL main.go:20:3 via=(*Reader).Either",    // a method with two env parameters
		`REGION main.go:21:3 via=Reader.Or default="eu-1"`, // a value receiver
		"SECONDARY_URL main.go:20:3 via=(*Reader).Either",  // its second parameter
		`WORKERS main.go:23:3 via=intOr default="4"`,       // a constant fallback
	}, describe(got))
	// The wrappers' own os.Getenv calls are no dynamic reads; a wrapper
	// called with a name that is not a constant is one, at the call.
	assert.Equal(t, []string{"? main.go:24:3"}, flatten(&Result{Dynamic: got.Dynamic}))
}

func TestExtractWrappersBuildConstraints(t *testing.T) {
	got, err := Options{GOOS: "windows", GOARCH: "amd64"}.Extract("testdata/wrappers")
	require.NoError(t, err)
	assert.Contains(t, describe(got), "APP_WINDOWS_MODE mode_windows.go:6:19 via=App", "the windows build reads its file")
	assert.NotContains(t, got.Names(), "GEN_ONLY", "a //go:build ignore file of an imported package is not read")
}

func TestExtractLibraries(t *testing.T) {
	// None of the libraries is in a module cache: read by import path and
	// the program's own struct types.
	got, err := Extract("testdata/libraries")
	require.NoError(t, err)
	const (
		caarlos = "github.com/caarlos0/env/v11"
		kelsey  = "github.com/kelseyhightower/envconfig"
		seth    = "github.com/sethvargo/go-envconfig"
		viper   = "github.com/spf13/viper"
	)
	assert.Equal(t, []string{
		`APP_DB_URL caarlos.go:17:2 via=` + caarlos + ` default="postgres://localhost/app"`, // envPrefix, nested
		"APP_NAME caarlos.go:9:2 via=" + caarlos + " required",                              // notEmpty
		`APP_PORT caarlos.go:7:2 via=` + caarlos + ` default="8080"`,                        // Options{Prefix}
		"APP_TOKEN caarlos.go:8:2 via=" + caarlos + " required",
		"CACHE_URL viper.go:11:6 via=" + viper, // a *viper.Viper of unknown type
		"DATABASE_URL viper.go:9:6 via=" + viper,
		"FEATURE_* main.go:16:18 via=os.Environ", // a scan, tested with strings.CutPrefix
		"MYAPP_API_KEY kelsey.go:9:2 via=" + kelsey + " required",
		"MYAPP_DEBUG kelsey.go:7:2 via=" + kelsey,
		`MYAPP_MAX_RETRY_COUNT kelsey.go:8:2 via=` + kelsey + ` default="3"`, // split_words
		"MYAPP_SERVER_HOST kelsey.go:10:24 via=" + kelsey,                    // nested: the field's key
		"MYAPP_ZONE kelsey.go:17:23 via=" + kelsey,                           // embedded: the same prefix
		"STORE_ADDR sethvargo.go:19:2 via=" + seth,                           // prefix= on a pointer
		"SVC_* viper.go:7:2 via=" + viper,                                    // SetEnvPrefix + AutomaticEnv
		`SVC_HOSTS sethvargo.go:13:2 via=` + seth + ` default="a,b"`,         // a default keeps its commas
		`SVC_PORT sethvargo.go:11:2 via=` + seth + ` default="9090"`,
		"SVC_SECRET sethvargo.go:12:2 via=" + seth + " required",
		"SVC_TIMEOUT viper.go:8:6 via=" + viper, // BindEnv(key): prefix_KEY
	}, describe(got))
	assert.Equal(t, []string{"? main.go:23:21"}, flatten(&Result{Dynamic: got.Dynamic}), "os.Environ without a prefix test")
}

func TestCompareWithPrefixes(t *testing.T) {
	got, err := Extract("testdata/libraries")
	require.NoError(t, err)
	readNotSet, setNotRead := Compare(got, []string{"FEATURE_X", "SVC_ANYTHING", "OTHER"}, nil)
	assert.Equal(t, []string{"OTHER"}, setNotRead, "a set name matching a prefix read is read")
	for _, r := range readNotSet {
		assert.False(t, r.Prefix, "a prefix is never owed: %s", r.Name)
	}
}

// mcpNames are the 27 names today's sandbox MCP server reads.
var mcpNames = []string{
	"KEYCLOAK_ADMIN_TOKEN", "KEYCLOAK_ADMIN_URL", "KEYCLOAK_PARENT_REALM",
	"SANDBOX_DOMAIN_API_URL", "SANDBOX_GITEA_BASE_URL", "SANDBOX_GITEA_TOKEN", "SANDBOX_ID",
	"SANDBOX_JWT_SECRET", "SANDBOX_KUBECONFIG", "SANDBOX_MARKETPLACE_API_URL", "SANDBOX_NAMESPACE",
	"SANDBOX_ORG_ID", "SANDBOX_OWNER_UID", "SANDBOX_REPOS", "SANDBOX_REPO_ROOT", "SANDBOX_SOVEREIGN_FQDN",
	"SANDBOX_STORAGE_S3_ACCESS_KEY", "SANDBOX_STORAGE_S3_ENDPOINT", "SANDBOX_STORAGE_S3_REGION",
	"SANDBOX_STORAGE_S3_SECRET_KEY", "SANDBOX_STORAGE_S3_USE_TLS", "SANDBOX_TENANT_API_URL",
	"SANDBOX_TENANT_ID", "SANDBOX_TOKEN",
	"SOVEREIGN_ENABLE_HOT_STANDBY", "SOVEREIGN_PRIMARY_REGION", "SOVEREIGN_REPLICA_REGION",
}

func TestExtractMCPServerMainPackage(t *testing.T) {
	// The main package reads nothing itself: the names are in the
	// internal/tools package it imports.
	got, err := Extract("../../fixtures/sandbox-mcp/cmd/openova-sandbox-mcp")
	require.NoError(t, err)
	require.Len(t, mcpNames, 27)
	assert.Equal(t, mcpNames, got.Names())
	assert.Empty(t, got.Dynamic)
	for _, r := range got.Reads {
		assert.Equal(t, "direct", r.Via, r.Name)
		assert.True(t, strings.HasPrefix(r.Locations[0].File, "../../internal/tools/"), r.Locations[0].File)
	}
}

func TestExtractControllerWrappers(t *testing.T) {
	got, err := Extract("../../fixtures/sandbox-controller/cmd/sandbox-controller")
	require.NoError(t, err)
	assert.Empty(t, got.Dynamic, "the wrappers' own reads are not dynamic")
	byVia := map[string][]string{}
	defaults := map[string]string{}
	for _, r := range got.Reads {
		byVia[r.Via] = append(byVia[r.Via], r.Name)
		assert.Equal(t, r.Via == "mustEnv", r.Required, "%s via %s", r.Name, r.Via)
		if r.Default != nil {
			defaults[r.Name] = *r.Default
		}
	}
	assert.Equal(t, []string{"NATS_URL", "NEWAPI_ADMIN_SECRET", "NEWAPI_BASE_URL"}, byVia["direct"])
	assert.Equal(t, []string{"CATALYST_GITEA_TOKEN", "CATALYST_GITEA_URL", "CATALYST_HOST_CLUSTER",
		"CATALYST_SOVEREIGN_FQDN", "SANDBOX_MCP_IMAGE", "SANDBOX_NEWAPI_URL", "SANDBOX_PTY_SERVER_IMAGE"}, byVia["mustEnv"])
	assert.Equal(t, []string{"SANDBOX_IDLE_TIMEOUT_MINUTES", "SANDBOX_RING_BUFFER_BYTES"}, byVia["envOrInt"])
	assert.Len(t, byVia["envOr"], 24)
	assert.Equal(t, 33, len(byVia["mustEnv"])+len(byVia["envOr"])+len(byVia["envOrInt"]), "the wrapper reads")
	for name, want := range map[string]string{
		"CATALYST_GITEA_BRANCH":                       "main",
		"SANDBOX_IDLE_TIMEOUT_MINUTES":                "30",
		"SANDBOX_RING_BUFFER_BYTES":                   "0",
		"NEWAPI_DEFAULT_CHANNELS":                     "",
		"SANDBOX_MCP_STORAGE_S3_ACCESS_KEY_KEY":       "AWS_ACCESS_KEY_ID",
		"SANDBOX_MCP_MARKETPLACE_API_URL":             "http://marketplace-api.marketplace.svc.cluster.local:8082",
		"SANDBOX_MCP_KEYCLOAK_ADMIN_TOKEN_SECRET_KEY": "token",
	} {
		assert.Equal(t, want, defaults[name], name)
	}
	_, known := defaults["SANDBOX_MCP_GITEA_BASE_URL"]
	assert.False(t, known, "a fallback that is not a constant is no known default")
	assert.Len(t, defaults, 25, "23 envOr with a constant fallback and 2 envOrInt")
	assert.True(t, slices.IsSorted(got.Names()))
}
