package drift

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/render"
)

// drifted is the MCP Deployment as the B4-era controller rendered it.
const drifted = "../../fixtures/streams/mcp-drifted.yaml"

func TestCheckComparesWithTheConsumer(t *testing.T) {
	c, err := contract.Load("../../fixtures/contracts/mcp-consumer.yaml")
	require.NoError(t, err)
	cs := []*contract.Contract{c}
	data, err := os.ReadFile(drifted)
	require.NoError(t, err)
	res, err := render.Run(render.Options{Contracts: cs, Check: true}, render.Input{File: "mcp.yaml", Data: data})
	require.NoError(t, err)
	fs, err := Check(cs, res.Seen)
	require.NoError(t, err)
	got := map[finding.Code][]string{}
	for _, f := range fs {
		if f.Code == finding.ReadNotSet || f.Code == finding.SetNotRead {
			got[f.Code] = append(got[f.Code], f.Env)
			assert.Equal(t, finding.Pos{File: "mcp.yaml", Line: 32, Doc: 1, Object: "Deployment/sandbox-abc/openova-sandbox-mcp"}, f.Pos, "the container")
		}
	}
	assert.Equal(t, map[finding.Code][]string{
		// read by the program, set by nothing, and not wired by the contract
		// (SANDBOX_KUBECONFIG is optional with a reason)
		finding.ReadNotSet: {"SANDBOX_REPO_ROOT", "SANDBOX_TENANT_API_URL"},
		// the drifted bare names: set, and read by nobody
		finding.SetNotRead: {"MCP_LISTEN_ADDR", "ORG_ID", "SOVEREIGN_FQDN"},
	}, got)
}

func TestCheckWithoutConsumersReadsNothing(t *testing.T) {
	c, err := contract.Builtin("bp-sandbox-b4")
	require.NoError(t, err)
	fs, err := Check([]*contract.Contract{c}, []render.Seen{{}})
	require.NoError(t, err)
	assert.Empty(t, fs)
}
