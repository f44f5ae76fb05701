package kustomize

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOnlyPackageImportingKustomizeAPI keeps krusty in this one package of
// the module.
func TestOnlyPackageImportingKustomizeAPI(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the imports with")
	}
	out, err := exec.Command(goBin, "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`,
		"github.com/openova/envcontract/...").CombinedOutput()
	require.NoError(t, err, string(out))
	var importers []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		for _, imp := range strings.Fields(imports) {
			if strings.HasPrefix(imp, "sigs.k8s.io/kustomize/api/") {
				importers = append(importers, pkg)
				break
			}
		}
	}
	assert.Equal(t, []string{"github.com/openova/envcontract/internal/kustomize"}, importers)
}
