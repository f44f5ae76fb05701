package consumer

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helmCmd is Helm v4's main package in the module cache, where `make tools`
// puts it; "" when it is not there.
func helmCmd(tb testing.TB) string {
	tb.Helper()
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		gopath := strings.Split(build.Default.GOPATH, string(filepath.ListSeparator))[0]
		cache = filepath.Join(gopath, "pkg", "mod")
	}
	dir := filepath.Join(cache, "helm.sh", "helm", "v4@v4.3.1", "cmd", "helm")
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}

// TestExtractHelm reads a real program of about 400 files: Helm's main
// package reads nothing itself, its pkg/cli reads HELM_* through wrappers
// (envOr, envIntOr) and pkg/helmpath through a method with two env
// parameters.
func TestExtractHelm(t *testing.T) {
	dir := helmCmd(t)
	if dir == "" {
		t.Skip("helm.sh/helm/v4@v4.3.1 is not in the module cache (make tools puts it there)")
	}
	got, err := Extract(dir)
	require.NoError(t, err)
	byName := map[string]Read{}
	for _, r := range got.Reads {
		byName[r.Name] = r
	}
	assert.Equal(t, "direct", byName["HELM_NAMESPACE"].Via)
	assert.Equal(t, "envIntOr", byName["HELM_MAX_HISTORY"].Via)
	require.NotNil(t, byName["HELM_MAX_HISTORY"].Default)
	assert.Equal(t, "10", *byName["HELM_MAX_HISTORY"].Default)
	assert.Equal(t, "lazypath.path", byName["XDG_CACHE_HOME"].Via)
	assert.Equal(t, "lazypath.path", byName["HELM_CACHE_HOME"].Via)
	assert.True(t, strings.HasPrefix(byName["HELM_NAMESPACE"].Locations[0].File, "../../pkg/"))
}

// BenchmarkExtract times extract from a cold start (a new loader, every
// file parsed and checked) on the programs issue 14 names: Helm v4's
// cmd/helm (target 3 s) and the MCP server's main package (target 1 s).
func BenchmarkExtract(b *testing.B) {
	programs := []struct{ name, dir string }{
		{"mcp-server", "../../fixtures/sandbox-mcp/cmd/openova-sandbox-mcp"},
		{"controller", "../../fixtures/sandbox-controller/cmd/sandbox-controller"},
		{"helm-v4", helmCmd(b)},
	}
	for _, p := range programs {
		b.Run(p.name, func(b *testing.B) {
			if p.dir == "" {
				b.Skip("not in the module cache")
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Extract(p.dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
