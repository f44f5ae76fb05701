package envcontracttest_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/pkg/envcontract"
	"github.com/openova/envcontract/pkg/envcontracttest"
)

// fakeT records what Satisfies reports instead of failing the test.
type fakeT struct {
	testing.TB
	errors, fatals, logs []string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, a ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, a...))
}
func (f *fakeT) Fatalf(format string, a ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, a...))
}
func (f *fakeT) Logf(format string, a ...any) { f.logs = append(f.logs, fmt.Sprintf(format, a...)) }

const contractText = `apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata: {name: api}
spec:
  workloads:
    - name: api
      match: {kinds: [Deployment], names: [api]}
      require: [APP_PORT, APP_MODE]
    - name: worker
      match: {kinds: [Deployment], names: [worker]}
      require: [APP_PORT]
`

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: server
          env:
            - {name: APP_PORT, value: "80"}
`

func TestSatisfies(t *testing.T) {
	c, err := envcontract.ParseContract([]byte(contractText), "contract.yaml")
	require.NoError(t, err)

	ft := &fakeT{TB: t}
	assert.False(t, envcontracttest.Satisfies(ft, []byte(deployment), c))
	require.Len(t, ft.errors, 1)
	assert.Equal(t, "the manifests break the env contract (1 error):\n"+
		"  document 0, line 8: error [api] Deployment/api container server: env APP_MODE is required and not set; the chart must set it", ft.errors[0])
	assert.Equal(t, []string{"envcontract: contract.yaml:9: warning [worker]: workload worker matched no object in the stream"}, ft.logs)
	assert.Empty(t, ft.fatals)

	ft = &fakeT{TB: t}
	fixed := deployment + "            - {name: APP_MODE, value: prod}\n"
	assert.True(t, envcontracttest.Satisfies(ft, []byte(fixed), c))
	assert.Empty(t, ft.errors)

	ft = &fakeT{TB: t}
	assert.False(t, envcontracttest.Satisfies(ft, []byte("a: [\n"), c))
	assert.Len(t, ft.fatals, 1)
	ft = &fakeT{TB: t}
	envcontracttest.MustLoad(ft, "./no-such-contract.yaml")
	assert.Len(t, ft.fatals, 1)

	ft = &fakeT{TB: t}
	assert.False(t, envcontracttest.SatisfiesFiles(ft, map[string][]byte{"sandbox/api.yaml": []byte(deployment)}, c))
	require.Len(t, ft.errors, 1)
	assert.Contains(t, ft.errors[0], "  sandbox/api.yaml:8: error [api]")
	ft = &fakeT{TB: t}
	assert.True(t, envcontracttest.SatisfiesFiles(ft, map[string][]byte{"sandbox/api.yaml": []byte(fixed)}, c))
}
