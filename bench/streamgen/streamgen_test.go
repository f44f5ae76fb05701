package streamgen

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

func TestMix(t *testing.T) {
	tests := map[string]struct {
		docs                   int
		mcp, deployment, other int
	}{
		"one of each hundred is MCP": {docs: 2000, mcp: 20, deployment: 660, other: 1320},
		"a third are Deployments":    {docs: 20000, mcp: 200, deployment: 6600, other: 13200},
		"tiny":                       {docs: 3, mcp: 0, deployment: 1, other: 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.mcp, Count(tc.docs, MCP))
			assert.Equal(t, tc.deployment, Count(tc.docs, Deployment))
			assert.Equal(t, tc.other, Count(tc.docs, ConfigMap))
		})
	}
}

// Every document is valid YAML of the kind KindOf says, starts as Helm 3
// writes it, and the MCP Deployments sit each in a namespace of its own
// with the bare names the bp-sandbox contract renames.
func TestWriteMatchesKindOf(t *testing.T) {
	const n = 300
	data := Bytes(n)
	assert.Equal(t, data, Bytes(n), "the same count gives the same bytes")
	docs := strings.Split(string(data), "---\n")[1:]
	require.Len(t, docs, n)
	namespaces := map[string]bool{}
	for i, doc := range docs {
		require.Truef(t, strings.HasPrefix(doc, "# Source: "), "document %d starts with %q", i, doc[:20])
		rn, err := yaml.Parse(doc)
		require.NoErrorf(t, err, "document %d", i)
		want := map[Kind]string{MCP: "Deployment", Deployment: "Deployment", ConfigMap: "ConfigMap"}[KindOf(i)]
		assert.Equalf(t, want, rn.GetKind(), "document %d", i)
		labels := rn.GetLabels()
		switch KindOf(i) {
		case MCP:
			assert.Equal(t, "openova-sandbox-mcp", labels["app.kubernetes.io/name"])
			assert.False(t, namespaces[rn.GetNamespace()], "namespace %s used twice", rn.GetNamespace())
			namespaces[rn.GetNamespace()] = true
			assert.Contains(t, doc, "- name: ORG_ID\n")
			assert.Contains(t, doc, "- name: SOVEREIGN_FQDN\n")
		case Deployment:
			assert.NotEqual(t, "openova-sandbox-mcp", labels["app.kubernetes.io/name"])
			env, err := rn.Pipe(yaml.Lookup("spec", "template", "spec", "containers", "0", "env"))
			require.NoError(t, err)
			require.NotNilf(t, env, "document %d has no env", i)
			assert.Len(t, env.YNode().Content, 20)
		}
	}
	assert.Len(t, namespaces, Count(n, MCP))
}

func TestSize(t *testing.T) {
	// The issue speaks of about 13 MB for 20,000 documents.
	var b bytes.Buffer
	require.NoError(t, Write(&b, 20000))
	assert.InDelta(t, 13.5e6, b.Len(), 1e6)
}
