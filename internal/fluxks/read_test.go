package fluxks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const ks = `# applies the sandboxes of organisation acme
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: acme-sandboxes
  namespace: flux-system
spec:
  interval: 5m
  path: ./sandbox
  prune: true
  sourceRef: {kind: GitRepository, name: catalyst-tenant}
  patches:
    - target: {kind: Deployment}
      patch: "[]"
`

func TestRead(t *testing.T) {
	k, err := Read("ks.yaml", []byte(ks))
	require.NoError(t, err)
	assert.Equal(t, &Kustomization{File: "ks.yaml", Line: 2, Name: "acme-sandboxes", Namespace: "flux-system",
		Path: "./sandbox", Patches: 1}, k)

	k, err = Read("ks.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n"+ks))
	require.NoError(t, err)
	assert.Equal(t, 6, k.Line, "the line in the file")
}

func TestReadRefuses(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"kustomize's own kustomization.yaml": {
			in: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n", want: "found none"},
		"two":       {in: ks + "---\n" + ks, want: "found 2 (lines 2, 17)"},
		"no name":   {in: "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec: {}\n", want: "ks.yaml:1: "},
		"bad YAML":  {in: "kind: [\n", want: "ks.yaml"},
		"empty":     {in: "", want: "found none"},
		"a mapping": {in: "a: 1\n", want: "found none"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Read("ks.yaml", []byte(tc.in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			if name != "bad YAML" {
				assert.ErrorIs(t, err, ErrNoKustomization)
			}
		})
	}
}
