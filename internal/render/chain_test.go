package render

import (
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/finding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func renamer(src string, line int, containers []string, renames ...contract.Rename) *contract.Contract {
	return &contract.Contract{Name: src, Source: src, Workloads: []contract.Workload{{
		Name: "w-" + src, Line: line, Containers: containers,
		Match:  contract.Match{Kinds: []string{"Deployment"}},
		Rename: renames,
	}}}
}

// Renames of two contracts that chain or cycle on one container are refused
// at the object, naming both contracts, before render writes anything:
// applied one after the other they swap values or pass one on silently.
func TestRenameChainAcrossContracts(t *testing.T) {
	in := strings.Replace(mcpDeployment, "            - name: SOVEREIGN_FQDN\n              value: \"example.org\"\n",
		"            - name: SANDBOX_ORG_ID\n              value: \"other\"\n", 1)
	cases := map[string]struct {
		a, b *contract.Contract
		want []string
	}{
		"cycle": {
			renamer("a.yaml", 3, nil, contract.Rename{From: "ORG_ID", To: "SANDBOX_ORG_ID", Line: 7}),
			renamer("b.yaml", 4, []string{"mcp"}, contract.Rename{From: "SANDBOX_ORG_ID", To: "ORG_ID", Line: 9}),
			[]string{"rename cycle", "ORG_ID→SANDBOX_ORG_ID (a.yaml:7, workload w-a.yaml)", "SANDBOX_ORG_ID→ORG_ID (b.yaml:9, workload w-b.yaml)", "container mcp"},
		},
		"chain": {
			renamer("a.yaml", 3, []string{"mcp"}, contract.Rename{From: "ORG_ID", To: "TENANT", Line: 7}),
			renamer("b.yaml", 4, []string{"mcp"}, contract.Rename{From: "TENANT", To: "SANDBOX_ORG_ID", Line: 9}),
			[]string{"rename chain", "ORG_ID→TENANT (a.yaml:7, workload w-a.yaml)", "TENANT→SANDBOX_ORG_ID (b.yaml:9, workload w-b.yaml)", "keep the rename in one contract"},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			for _, check := range []bool{false, true} {
				res, err := Run(Options{Contracts: []*contract.Contract{c.a, c.b}, Check: check}, Input{Data: []byte(in)})
				if check {
					require.NoError(t, err)
				} else {
					require.ErrorIs(t, err, ErrViolations)
				}
				var chains []finding.Finding
				for _, f := range res.Findings {
					if f.Code == finding.RenameChain {
						chains = append(chains, f)
					}
				}
				require.Len(t, chains, 1, "%v", res.Findings)
				f := chains[0]
				assert.Equal(t, finding.SeverityError, f.Severity)
				assert.Equal(t, 3, f.Pos.Line, "at the object")
				for _, w := range c.want {
					assert.Contains(t, f.Message, w)
				}
				for _, f := range res.Findings {
					assert.NotEqual(t, finding.Renamed, f.Code, "nothing is renamed on a refused object")
					assert.NotEqual(t, finding.NotRenamed, f.Code, "nothing is renamed on a refused object")
				}
			}
		})
	}
}

// Renames that do not meet, or meet on different containers, are applied.
func TestRenamesThatDoNotChain(t *testing.T) {
	a := renamer("a.yaml", 3, []string{"mcp"}, contract.Rename{From: "ORG_ID", To: "SANDBOX_ORG_ID", Line: 7})
	b := renamer("b.yaml", 4, []string{"sidecar"}, contract.Rename{From: "SANDBOX_ORG_ID", To: "ORG_ID", Line: 9})
	c := renamer("c.yaml", 4, nil, contract.Rename{From: "SOVEREIGN_FQDN", To: "FQDN", Line: 9})
	in := mcpDeployment + "        - name: sidecar\n          env:\n            - name: KEEPME\n              value: \"1\"\n"
	out, res := renderString(t, Options{Contracts: []*contract.Contract{a, b, c}}, in)
	assert.Contains(t, out, "- name: SANDBOX_ORG_ID")
	assert.Contains(t, out, "- name: FQDN")
	for _, f := range res.Findings {
		assert.NotEqual(t, finding.RenameChain, f.Code, f.String())
	}
}
