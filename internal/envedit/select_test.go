package envedit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Documents from stream.Parse never hold a key twice. A node built another
// way (yaml.Parse keeps duplicates) is read the way the API server reads
// it: the last of two equal keys wins. envedit used to take the first.
func TestReadObjectDuplicateKeyLastWins(t *testing.T) {
	rn, err := yaml.Parse("kind: Deployment\nmetadata:\n  name: first\n  name: last\n  labels: {app: a, app: b}\n")
	require.NoError(t, err)
	o := ReadObject(rn)
	assert.Equal(t, "last", o.Name)
	assert.Equal(t, map[string]string{"app": "b"}, o.Labels)
}
