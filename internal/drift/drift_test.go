package drift

import (
	"os"
	"path/filepath"
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

func TestCheckTwoProgramsInOneContainer(t *testing.T) {
	// Today's pty-server container runs the pty-server and, as its child,
	// the MCP server: a name set is judged against both, a name read
	// against the container, program by program.
	c, err := contract.Load("../../fixtures/contracts/pty-server-two-programs.yaml")
	require.NoError(t, err)
	cs := []*contract.Contract{c}
	data, err := os.ReadFile("../../fixtures/streams/pty-server-today.yaml")
	require.NoError(t, err)
	res, err := render.Run(render.Options{Contracts: cs, Check: true}, render.Input{File: "pty.yaml", Data: data})
	require.NoError(t, err)
	fs, err := Check(cs, res.Seen)
	require.NoError(t, err)
	mcp := filepath.Join("..", "..", "fixtures", "sandbox-mcp", "cmd", "openova-sandbox-mcp")
	var got []string
	for _, f := range fs {
		got = append(got, string(f.Code)+" "+f.Env)
		assert.Equal(t, finding.SeverityError, f.Severity, f.Message)
		assert.Contains(t, f.Message, "read by the program in "+mcp+" (", "the finding names the program")
	}
	assert.Equal(t, []string{
		string(finding.ReadNotSet) + " SANDBOX_KUBECONFIG",
		string(finding.ReadNotSet) + " SANDBOX_REPO_ROOT",
		string(finding.ReadNotSet) + " SANDBOX_TENANT_API_URL",
	}, got, "the three real errors, and no name the pty-server reads reported as set and never read")

	// With the MCP server alone, the eleven names only the pty-server reads
	// would be set and never read.
	c.Workloads[0].Consumer.GoSource = c.Workloads[0].Consumer.GoSource[1:]
	fs, err = Check(cs, res.Seen)
	require.NoError(t, err)
	warnings := 0
	for _, f := range fs {
		if f.Code == finding.SetNotRead {
			warnings++
		}
	}
	assert.Equal(t, 11, warnings)
}
