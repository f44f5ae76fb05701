// Package layout holds the module to the rules of ARCHITECTURE.md that the
// compiler does not: which package may import which SDK.
package layout

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/openova/envcontract/"

// TestEachSDKBehindOnePackage keeps Helm's SDK (beyond the chart types,
// loader and strvals the light post-renderer uses) in internal/helmsdk and
// kustomize's api in internal/kustomize, and the API server's packages (the
// admission policy engine) in tests only.
func TestEachSDKBehindOnePackage(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the imports with")
	}
	out, err := exec.Command(goBin, "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"...").CombinedOutput()
	require.NoError(t, err, string(out))
	imports := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imps, _ := strings.Cut(line, " ")
		imports[pkg] = strings.Fields(imps)
	}
	require.Contains(t, imports, module+"internal/helmsdk", "the listing works")

	tests := map[string]struct {
		prefix  string
		allowed map[string]bool // imports under prefix anyone may use
		owner   string          // "" for no package: tests only
	}{
		"Helm's SDK": {prefix: "helm.sh/helm/v3/", owner: "internal/helmsdk", allowed: map[string]bool{
			"helm.sh/helm/v3/pkg/chart": true, "helm.sh/helm/v3/pkg/chart/loader": true, "helm.sh/helm/v3/pkg/strvals": true,
		}},
		"kustomize's api": {prefix: "sigs.k8s.io/kustomize/api/", owner: "internal/kustomize"},
		"the API server":  {prefix: "k8s.io/apiserver/"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var importers []string
			for pkg, imps := range imports {
				for _, imp := range imps {
					if strings.HasPrefix(imp, tc.prefix) && !tc.allowed[imp] {
						importers = append(importers, strings.TrimPrefix(pkg, module))
						break
					}
				}
			}
			var want []string
			if tc.owner != "" {
				want = []string{tc.owner}
			}
			assert.Equal(t, want, importers)
		})
	}
}
