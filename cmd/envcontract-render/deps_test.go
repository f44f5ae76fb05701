package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLinksOnlyWhatRenderingNeeds keeps out of the post-renderer what made
// it slow to start (BENCHMARKS.md) and what only the full envcontract
// binary needs: Go source analysis (internal/consumer), krusty
// (internal/kustomize), Helm's SDK beyond its chart types
// (internal/helmsdk) and Kubernetes' admission policy types and engine
// (internal/policy's tests). An entry names a package and everything below
// it.
func TestLinksOnlyWhatRenderingNeeds(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the dependencies with")
	}
	out, err := exec.Command(goBin, "list", "-deps", ".").CombinedOutput()
	require.NoError(t, err, string(out))
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "sigs.k8s.io/kustomize/kyaml/yaml", "the listing works")
	require.Contains(t, deps, "helm.sh/helm/v3/pkg/chart/loader", "the listing works")
	for _, heavy := range []string{
		"github.com/santhosh-tekuri/jsonschema/v6", // compiles every draft's metaschema at init
		"k8s.io/client-go/kubernetes/scheme",       // through chartutil
		"github.com/spf13/cobra",
		"go/types",                  // internal/consumer's analysis of Go packages
		"golang.org/x/tools",        // go/packages, should that analysis grow into it
		"sigs.k8s.io/kustomize/api", // krusty: internal/kustomize
		"helm.sh/helm/v3/pkg/action",
		"helm.sh/helm/v3/pkg/engine",
		"helm.sh/helm/v3/pkg/kube",
		"helm.sh/helm/v3/pkg/chartutil",   // links client-go
		"oras.land/oras-go/v2",            // tools/release: make publish-oci
		"github.com/ProtonMail/go-crypto", // tools/release: make dist's signatures
		"helm.sh/helm/v4",                 // tools/release, a module of its own: Helm's provenance
		"k8s.io/apiserver",                // the admission policy engine: internal/policy's tests only
		"k8s.io/api/admissionregistration",
	} {
		t.Run(heavy, func(t *testing.T) {
			for _, d := range deps {
				assert.False(t, d == heavy || strings.HasPrefix(d, heavy+"/"), "links %s", d)
			}
		})
	}
}
