package draft_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/consumer"
	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/draft"
	"github.com/openova/envcontract/internal/finding"
)

func ptr(s string) *string { return &s }

// TestDraftLoads holds awkward input to the contract format: every draft
// loads back, and each name lands where the package doc says.
func TestDraftLoads(t *testing.T) {
	long := strings.Repeat("a long default with spaces ", 8) + "\nand a line break, 'quotes' and \"more\""
	d := draft.Draft{Name: "awkward", From: []string{"a.yaml"}, Workloads: []draft.Workload{
		{
			Target: draft.Target{Kind: "StatefulSet", Name: "pty.server", Container: "pty"},
			Set:    []string{"true", "APP_PORT", "APP_HOST", "UNREAD"},
			Programs: []draft.Program{{Dir: "../pty server", Reads: &consumer.Result{
				Reads: []consumer.Read{
					{Name: "5", Locations: at(1)},
					{Name: "APP_", Prefix: true, Locations: at(2)},
					{Name: "APP_PORT", Locations: at(3)},
					{Name: "GITEA_TOKEN", Locations: at(4), Default: ptr("s3cr3t-canary")},
					{Name: "LONG", Locations: at(5), Default: ptr(long)},
					{Name: "LONG_LINE", Locations: at(5), Default: ptr(strings.Repeat("word: ", 30))},
					{Name: "a-b", Locations: at(6)},
					{Name: "true", Locations: at(7)},
					{Name: "x\ny", Locations: at(8)},
				},
				Dynamic: at(9),
			}}},
		},
		{ // same object name, another container
			Target:   draft.Target{Kind: "StatefulSet", Name: "pty.server", Container: "side"},
			Set:      []string{"A"},
			Programs: []draft.Program{{Dir: "./side", Reads: &consumer.Result{Reads: []consumer.Read{{Name: "A", Locations: at(1)}}}}},
		},
	}}
	out := d.Bytes()
	c, err := contract.Parse(out, "draft")
	require.NoError(t, err, string(out))
	require.Len(t, c.Workloads, 2)

	w := c.Workloads[0]
	assert.Equal(t, "pty-server", w.Name)
	assert.Equal(t, []string{"pty.server"}, w.Match.Names)
	assert.Equal(t, []string{"APP_HOST", "APP_PORT", "true"}, w.Require, "set names read by name or prefix")
	require.Len(t, w.Optional, 3)
	assert.Contains(t, w.Optional[2].Reason, strings.Repeat("word: ", 30))
	assert.Equal(t, "GITEA_TOKEN", w.Optional[0].Name)
	assert.Contains(t, w.Optional[1].Reason, "and a line break", "the default survives as the reason")
	assert.Nil(t, w.Consumer, "an unset name no contract can hold keeps the consumer a comment")
	assert.NotContains(t, string(out), "s3cr3t-canary", "a default of a secret-looking name is not shown")
	for _, want := range []string{"#   - UNREAD", "starts with APP_", `"5"`, `"a-b"`, `"x\ny"`, "not known statically at main.go:9:9"} {
		assert.Contains(t, string(out), want)
	}

	side := c.Workloads[1]
	assert.Equal(t, "pty-server-side", side.Name)
	require.NotNil(t, side.Consumer, "nothing left to settle: check compares the program")
	assert.Equal(t, []string{"./side"}, side.Consumer.GoSource)
}

func TestParseConsumer(t *testing.T) {
	tgt, dir, err := draft.ParseConsumer("Deployment/api/server=./cmd/a=b")
	require.NoError(t, err)
	assert.Equal(t, draft.Target{Kind: "Deployment", Name: "api", Container: "server"}, tgt)
	assert.Equal(t, "./cmd/a=b", dir)

	for _, bad := range []string{"Deployment/api", "Deployment=./x", "Deployment//c=./x", "a/b/c/d=./x", "Deployment/api="} {
		_, _, err := draft.ParseConsumer(bad)
		assert.ErrorIs(t, err, draft.ErrTarget, bad)
	}
	_, _, err = draft.ParseConsumer("Service/api=./x")
	assert.ErrorContains(t, err, `kind "Service" is not one a contract selects`)
}

func TestSummary(t *testing.T) {
	d := draft.Draft{Workloads: []draft.Workload{{
		Target:   draft.Target{Kind: "Pod", Name: "p", Container: "c"},
		Set:      []string{"A", "B"},
		Programs: []draft.Program{{Reads: &consumer.Result{Reads: []consumer.Read{{Name: "A"}, {Name: "C"}}, Dynamic: []finding.Pos{}}}},
	}}}
	assert.Equal(t, []string{"workload p (Pod/p/c): 1 required, 0 optional, 1 TODO (read, set nowhere), 1 set and never read"}, d.Summary())
}

// TestSeveralPrograms: programs of one container are merged; a name is read
// with a default only when every program that reads it has one.
func TestSeveralPrograms(t *testing.T) {
	d := draft.Draft{Name: "pty", Workloads: []draft.Workload{{
		Target: draft.Target{Kind: "StatefulSet", Name: "pty-server", Container: "pty-server"},
		Set:    []string{"ORG_ID", "SANDBOX_ORG_ID", "ONLY_SET"},
		Programs: []draft.Program{
			{Dir: "./pty-server", Reads: &consumer.Result{Reads: []consumer.Read{
				{Name: "ORG_ID", Locations: at(1)},
				{Name: "PTY_ADDR", Locations: at(2), Default: ptr(":7681")},
				{Name: "SHARED", Locations: at(3), Default: ptr("a")},
			}}},
			{Dir: "./mcp-server", Reads: &consumer.Result{Reads: []consumer.Read{
				{Name: "SANDBOX_ORG_ID", Locations: at(4)},
				{Name: "SHARED", Locations: at(5)},
			}, Dynamic: at(6)}},
		},
	}}}
	out := string(d.Bytes())
	c, err := contract.Parse(d.Bytes(), "draft")
	require.NoError(t, err, out)
	w := c.Workloads[0]
	assert.Equal(t, []string{"ORG_ID", "SANDBOX_ORG_ID"}, w.Require)
	require.Len(t, w.Optional, 1)
	assert.Equal(t, "PTY_ADDR", w.Optional[0].Name)
	assert.Contains(t, out, "#   - SHARED # read at pty-server/main.go:3:9 and 1 more\n", "the MCP server reads it without a default")
	assert.Contains(t, out, "not known statically at mcp-server/main.go:6:9")
	assert.Contains(t, out, "      # consumer: # goSource is relative to this file\n      #   goSource:\n      #     - ./pty-server\n      #     - ./mcp-server\n")

	d.Workloads[0].Set = append(d.Workloads[0].Set, "SHARED")
	c, err = contract.Parse(d.Bytes(), "draft")
	require.NoError(t, err, string(d.Bytes()))
	require.NotNil(t, c.Workloads[0].Consumer)
	assert.Equal(t, []string{"./pty-server", "./mcp-server"}, c.Workloads[0].Consumer.GoSource)
}
