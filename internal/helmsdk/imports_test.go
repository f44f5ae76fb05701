package helmsdk

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOnlyPackageImportingHelmSDK keeps Helm's SDK, beyond the chart types,
// loader and strvals the light post-renderer uses, in this one package of
// the module.
func TestOnlyPackageImportingHelmSDK(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the imports with")
	}
	out, err := exec.Command(goBin, "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`,
		"github.com/openova/envcontract/...").CombinedOutput()
	require.NoError(t, err, string(out))
	light := map[string]bool{
		"helm.sh/helm/v3/pkg/chart":        true,
		"helm.sh/helm/v3/pkg/chart/loader": true,
		"helm.sh/helm/v3/pkg/strvals":      true,
	}
	var importers []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		for _, imp := range strings.Fields(imports) {
			if strings.HasPrefix(imp, "helm.sh/helm/v3/") && !light[imp] {
				importers = append(importers, pkg)
				break
			}
		}
	}
	assert.Equal(t, []string{"github.com/openova/envcontract/internal/helmsdk"}, importers)
}
