package drift

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/render"
)

const mcpDeployment = `---
# Source: bp-sandbox/templates/mcp.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: openova-sandbox-mcp
  labels:
    app.kubernetes.io/name: openova-sandbox-mcp
spec:
  template:
    spec:
      containers:
        - name: mcp
          image: mcp:1
          env:
            - name: ORG_ID
              value: "acme"
            - name: SOVEREIGN_FQDN
              value: "example.org"
`

func TestCheckComparesWithTheConsumer(t *testing.T) {
	c, err := contract.Load("../../fixtures/contracts/mcp-consumer.yaml")
	require.NoError(t, err)
	cs := []*contract.Contract{c}
	res, err := render.Run(render.Options{Contracts: cs, Check: true}, render.Input{File: "mcp.yaml", Data: []byte(mcpDeployment)})
	require.NoError(t, err)
	fs, err := Check(cs, res.Seen)
	require.NoError(t, err)
	got := map[finding.Code][]string{}
	for _, f := range fs {
		if f.Code == finding.ReadNotSet || f.Code == finding.SetNotRead {
			got[f.Code] = append(got[f.Code], f.Env)
			assert.Equal(t, finding.Pos{File: "mcp.yaml", Line: 13, Object: "Deployment/openova-sandbox-mcp"}, f.Pos, "the container")
		}
	}
	assert.Equal(t, map[finding.Code][]string{
		// read by the program, set by nothing, and not wired by the contract
		// (SANDBOX_KUBECONFIG is optional with a reason)
		finding.ReadNotSet: {"SANDBOX_REPO_ROOT", "SANDBOX_TENANT_API_URL"},
		// the drifted bare names: set, and read by nobody
		finding.SetNotRead: {"ORG_ID", "SOVEREIGN_FQDN"},
	}, got)
}

func TestCheckWithoutConsumersReadsNothing(t *testing.T) {
	c, err := contract.Builtin("bp-sandbox")
	require.NoError(t, err)
	fs, err := Check([]*contract.Contract{c}, []render.Seen{{}})
	require.NoError(t, err)
	assert.Empty(t, fs)
}
